import { z } from 'zod';
import { ErrorEnvelope } from '../../http/errors.ts';
import { errorResponses, type RigApp } from '../../http/server.ts';
import { User, UserCreate, UserCreated, UserName, UserUpdate } from '../schema.ts';
import type { AccountsService } from '../service.ts';

const tags = ['users'];
const NamePath = z.strictObject({ name: UserName });

export function registerUserRoutes(app: RigApp, accounts: AccountsService): void {
  app.get(
    '/api/v1/users',
    {
      config: { access: 'users:manage' },
      schema: { tags, summary: 'List users', response: { 200: z.array(User) } },
    },
    async () => accounts.users.list(),
  );

  app.post(
    '/api/v1/users',
    {
      config: { access: 'users:manage' },
      schema: {
        tags,
        summary: 'Create a user (without a password: one is generated and shown once)',
        body: UserCreate,
        response: { 201: UserCreated, 400: ErrorEnvelope, 409: ErrorEnvelope },
      },
    },
    async (request, reply) => reply.code(201).send(await accounts.users.create(request.body)),
  );

  app.get(
    '/api/v1/users/:name',
    {
      config: { access: 'users:manage' },
      schema: { tags, summary: 'Get a user', params: NamePath, response: { 200: User, ...errorResponses } },
    },
    async (request) => accounts.users.get(request.params.name),
  );

  app.patch(
    '/api/v1/users/:name',
    {
      config: { access: 'users:manage' },
      schema: {
        tags,
        summary: 'Change a user: role, disabled, password reset, names',
        params: NamePath,
        body: UserUpdate,
        response: { 200: User, ...errorResponses, 409: ErrorEnvelope },
      },
    },
    async (request) => accounts.users.update(request.params.name, request.body),
  );

  app.delete(
    '/api/v1/users/:name',
    {
      config: { access: 'users:manage' },
      schema: {
        tags,
        summary: 'Delete a user (its tokens, sessions, keys and memberships go with it)',
        params: NamePath,
        response: { 204: z.null(), ...errorResponses, 409: ErrorEnvelope },
      },
    },
    async (request, reply) => {
      await accounts.users.remove(request.params.name);
      return reply.code(204).send(null);
    },
  );
}
