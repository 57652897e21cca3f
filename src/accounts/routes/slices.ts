import { z } from 'zod';
import { ErrorEnvelope } from '../../http/errors.ts';
import { errorResponses, type RigApp } from '../../http/server.ts';
import { Slice, SliceCreate, SliceName, SliceUpdate, UserName } from '../schema.ts';
import type { AccountsService } from '../service.ts';

const tags = ['slices'];
const SlicePath = z.strictObject({ name: SliceName });
const MemberPath = z.strictObject({ name: SliceName, user: UserName });

export function registerSliceRoutes(app: RigApp, accounts: AccountsService): void {
  app.get(
    '/api/v1/slices',
    {
      config: { access: 'read' },
      schema: { tags, summary: 'List slices and their members', response: { 200: z.array(Slice) } },
    },
    async () => accounts.slices.list(),
  );

  app.post(
    '/api/v1/slices',
    {
      config: { access: 'slices:manage' },
      schema: {
        tags,
        summary: 'Create a slice',
        body: SliceCreate,
        response: { 201: Slice, 400: ErrorEnvelope, 409: ErrorEnvelope },
      },
    },
    async (request, reply) => reply.code(201).send(await accounts.slices.create(request.body)),
  );

  app.get(
    '/api/v1/slices/:name',
    {
      config: { access: 'read' },
      schema: {
        tags,
        summary: 'Get a slice',
        params: SlicePath,
        response: { 200: Slice, ...errorResponses },
      },
    },
    async (request) => accounts.slices.get(request.params.name),
  );

  app.patch(
    '/api/v1/slices/:name',
    {
      config: { access: 'slices:manage' },
      schema: {
        tags,
        summary: 'Change a slice',
        params: SlicePath,
        body: SliceUpdate,
        response: { 200: Slice, ...errorResponses },
      },
    },
    async (request) => accounts.slices.update(request.params.name, request.body),
  );

  app.delete(
    '/api/v1/slices/:name',
    {
      config: { access: 'slices:manage' },
      schema: {
        tags,
        summary: 'Delete a slice that holds no lease',
        params: SlicePath,
        response: { 204: z.null(), ...errorResponses, 409: ErrorEnvelope },
      },
    },
    async (request, reply) => {
      await accounts.slices.remove(request.params.name);
      return reply.code(204).send(null);
    },
  );

  app.put(
    '/api/v1/slices/:name/members/:user',
    {
      config: { access: 'slices:manage' },
      schema: {
        tags,
        summary: 'Add a member to a slice',
        params: MemberPath,
        response: { 200: Slice, ...errorResponses },
      },
    },
    async (request) => accounts.slices.addMember(request.params.name, request.params.user),
  );

  app.delete(
    '/api/v1/slices/:name/members/:user',
    {
      config: { access: 'slices:manage' },
      schema: {
        tags,
        summary: 'Remove a member from a slice',
        params: MemberPath,
        response: { 200: Slice, ...errorResponses },
      },
    },
    async (request) => accounts.slices.removeMember(request.params.name, request.params.user),
  );
}
