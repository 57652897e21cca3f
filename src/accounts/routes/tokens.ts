import { z } from 'zod';
import { can } from '../../http/access.ts';
import { principalOf } from '../../http/authenticate.ts';
import { ErrorEnvelope } from '../../http/errors.ts';
import { errorResponses, type RigApp } from '../../http/server.ts';
import { RigError } from '../../lib/errors.ts';
import { TokenCreate, TokenCreated, TokenInfo } from '../schema.ts';
import type { AccountsService } from '../service.ts';

const tags = ['tokens'];

export function registerTokenRoutes(app: RigApp, accounts: AccountsService): void {
  app.get(
    '/api/v1/tokens',
    {
      config: { access: 'self' },
      schema: {
        tags,
        summary: 'My API tokens (never the tokens themselves)',
        response: { 200: z.array(TokenInfo) },
      },
    },
    async (request) => {
      const { userId } = principalOf(request);
      return userId === null ? [] : accounts.credentials.listTokens(userId);
    },
  );

  app.post(
    '/api/v1/tokens',
    {
      config: { access: 'self' },
      schema: {
        tags,
        summary: 'Create an API token: shown once, stored hashed, scoped, expiring',
        body: TokenCreate,
        response: { 201: TokenCreated, 400: ErrorEnvelope, 403: ErrorEnvelope },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      if (principal.userId === null)
        throw new RigError('RIG_ERR_FORBIDDEN', 'tokens belong to users; log in');
      // A token cannot widen its creator's reach: its scopes must be ones the caller holds.
      const wider = (request.body.scopes ?? []).filter((s) => !principal.scopes.includes(s));
      if (wider.length)
        throw new RigError('RIG_ERR_FORBIDDEN', `scopes beyond your own: ${wider.join(', ')}`);
      const user = await accounts.users.get(principal.name);
      return reply.code(201).send(await accounts.credentials.createToken(user, request.body));
    },
  );

  app.delete(
    '/api/v1/tokens/:id',
    {
      config: { access: 'self' },
      schema: {
        tags,
        summary: 'Revoke a token (mine; any, for an admin); effective at once',
        params: z.strictObject({
          id: z.coerce
            .number()
            .int()
            .min(1)
            .max(2 ** 31),
        }),
        response: { 200: TokenInfo, ...errorResponses, 409: ErrorEnvelope },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      // Admins may revoke anyone's token (null: any owner); others only their own.
      const owner = can(principal, 'users:manage') ? null : principal.userId;
      return accounts.credentials.revokeToken(owner, request.params.id);
    },
  );
}
