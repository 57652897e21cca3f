import { z } from 'zod';
import { can } from '../../http/access.ts';
import { principalOf } from '../../http/authenticate.ts';
import { ErrorEnvelope } from '../../http/errors.ts';
import { errorResponses, type RigApp } from '../../http/server.ts';
import { RigError } from '../../lib/errors.ts';
import { UserName } from '../schema.ts';
import { SshKey, SshKeyCreate } from './schema.ts';
import type { SshKeys } from './service.ts';

const tags = ['keys'];
const KeyPath = z.strictObject({
  id: z.coerce
    .number()
    .int()
    .min(1)
    .max(2 ** 31),
});

export function registerSshKeyRoutes(app: RigApp, keys: SshKeys): void {
  app.get(
    '/api/v1/keys',
    {
      config: { access: 'self' },
      schema: { tags, summary: 'My SSH public keys', response: { 200: z.array(SshKey) } },
    },
    async (request) => {
      const { userId } = principalOf(request);
      return userId === null ? [] : keys.list(userId);
    },
  );

  app.post(
    '/api/v1/keys',
    {
      config: { access: 'self' },
      schema: {
        tags,
        summary: 'Add an SSH public key (ed25519, ecdsa, rsa ≥ 2048 bits); 400 says what is wrong',
        body: SshKeyCreate,
        response: { 201: SshKey, 400: ErrorEnvelope, 403: ErrorEnvelope, 409: ErrorEnvelope },
      },
    },
    async (request, reply) => {
      const { userId } = principalOf(request);
      if (userId === null) throw new RigError('RIG_ERR_FORBIDDEN', 'SSH keys belong to users; log in');
      return reply.code(201).send(await keys.add(userId, request.body));
    },
  );

  app.delete(
    '/api/v1/keys/:id',
    {
      config: { access: 'self' },
      schema: {
        tags,
        summary: 'Remove an SSH key (mine; any, for an admin)',
        params: KeyPath,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      // Admins may remove anyone's key (null: any owner); others only their own.
      const admin = can(principal, 'users:manage');
      if (!admin && principal.userId === null)
        throw new RigError('RIG_ERR_FORBIDDEN', 'SSH keys belong to users; log in');
      await keys.remove(admin ? null : principal.userId, request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/v1/users/:name/keys',
    {
      config: { access: 'users:manage' },
      schema: {
        tags,
        summary: "A user's SSH public keys",
        params: z.strictObject({ name: UserName }),
        response: { 200: z.array(SshKey), ...errorResponses },
      },
    },
    async (request) => keys.listOf(request.params.name),
  );
}
