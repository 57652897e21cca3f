import { z } from 'zod';
import type { Principal } from '../http/access.ts';
import { principalOf } from '../http/authenticate.ts';
import { ErrorEnvelope } from '../http/errors.ts';
import { errorResponses, type RigApp } from '../http/server.ts';
import { DeviceKind, parseIdSegment, type StatusId } from '../lib/device-ref.ts';
import { notFound } from '../lib/errors.ts';
import { StatusSnapshot, StatusUpdate, StatusUpdateResult } from './schema.ts';
import type { StatusService } from './service.ts';

const tags = ['status'];
const AnyRecord = z.record(z.string(), z.unknown());
const StatusPath = z.strictObject({ kind: DeviceKind, id: z.string().min(1).max(256) });

/**
 * Checks that a caller may write the live status of these devices: operators may write
 * any; users only the nodes their slices currently lease. Throws RIG_ERR_FORBIDDEN.
 */
export type StatusWriteCheck = (
  principal: Principal,
  kind: DeviceKind,
  ids: readonly StatusId[],
) => Promise<void>;

export function registerStatusRoutes(app: RigApp, status: StatusService, checkWrite: StatusWriteCheck): void {
  app.post(
    '/api/v1/status',
    {
      config: { access: 'node:act' },
      schema: {
        tags,
        summary: 'Merge partial status records (the path monitors use)',
        description:
          'Each record is merged into the stored one by type-exact id; only records that changed are broadcast, ' +
          'each as the whole merged record.',
        body: StatusUpdate,
        response: { 200: StatusUpdateResult, 400: ErrorEnvelope },
      },
    },
    async (request) => {
      const { kind, records } = request.body;
      await checkWrite(
        principalOf(request),
        kind,
        records.map((r) => r.id),
      );
      return { changed: status.update(kind, records, 'api') };
    },
  );

  app.get(
    '/api/v1/status',
    {
      config: { access: 'read' },
      schema: {
        tags,
        summary: 'Live status of every device, by kind',
        querystring: z.strictObject({ kind: DeviceKind.optional() }),
        response: { 200: StatusSnapshot },
      },
    },
    async (request) => {
      const snapshot = status.snapshot();
      const kind = request.query.kind;
      return kind ? { [kind]: snapshot[kind] } : snapshot;
    },
  );

  app.get(
    '/api/v1/status/:kind/:id',
    {
      config: { access: 'read' },
      schema: {
        tags,
        summary: 'Live status of one device',
        params: StatusPath,
        response: { 200: AnyRecord, ...errorResponses },
      },
    },
    async (request) => {
      const { kind } = request.params;
      const id = parseIdSegment(request.params.id);
      const record = status.get(kind, id);
      if (!record) throw notFound(`status of ${kind} ${JSON.stringify(id)}`, { kind, id });
      return record;
    },
  );

  app.delete(
    '/api/v1/status/:kind/:id',
    {
      config: { access: 'status:write' },
      schema: {
        tags,
        summary: 'Forget the live status of one device',
        params: StatusPath,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      const { kind } = request.params;
      const id = parseIdSegment(request.params.id);
      if (!status.remove(kind, [id], 'api').length) throw notFound(`status of ${kind} ${JSON.stringify(id)}`);
      return reply.code(204).send(null);
    },
  );
}
