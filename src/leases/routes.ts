import { z } from 'zod';
import { principalOf } from '../http/authenticate.ts';
import { ErrorEnvelope } from '../http/errors.ts';
import { errorResponses, type RigApp } from '../http/server.ts';
import { parseIdSegment } from '../lib/device-ref.ts';
import type { LeaseLimits } from './rules.ts';
import { Lease, LeaseCreate, LeaseCurrentQuery, LeaseListQuery, LeasePath, LeaseUpdate } from './schema.ts';
import type { LeaseService } from './service.ts';

const tags = ['leases'];
const refusals = {
  403: ErrorEnvelope.describe('Not a member of the slice, or over a user limit'),
  409: ErrorEnvelope.describe('Overlaps another lease (named in the message and details), or ended'),
};
const rules =
  'Times are aligned to `leases.grainSeconds` (else 400 naming the nearest aligned times), t_from < t_until, ' +
  'not entirely in the past, not beyond `leases.maxAdvanceDays`. Users book for their own slices only; ' +
  'operators and admins for any. Users are limited to `leases.maxDurationHours` per lease and ' +
  '`leases.maxFutureBookings` leases not yet ended (403 with `details.limit`). Any overlap on a shared node ' +
  '(a whole-testbed lease shares every node) is a 409 naming the conflicting lease.';

const LeaseRules = z
  .strictObject({
    grain_seconds: z.number().int().describe('Leases start and end on multiples of this'),
    max_duration_hours: z.number().describe('Longest lease a user may book (operators, admins: no limit)'),
    max_future_bookings: z.number().int().describe('Leases not yet ended a user may hold'),
    max_advance_days: z.number().describe('How far ahead a lease may start'),
    power_off_at_end: z.boolean().describe('The nodes of a lease are powered off when it ends'),
  })
  .meta({ id: 'LeaseRules' });

export function registerLeaseRoutes(app: RigApp, leases: LeaseService, limits: LeaseLimits): void {
  app.get(
    '/api/v1/leases/rules',
    {
      config: { access: 'read' },
      schema: { tags, summary: 'The booking rules: grain and user limits', response: { 200: LeaseRules } },
    },
    async () => ({
      grain_seconds: limits.grainSeconds,
      max_duration_hours: limits.maxDurationHours,
      max_future_bookings: limits.maxFutureBookings,
      max_advance_days: limits.maxAdvanceDays,
      power_off_at_end: limits.powerOffAtEnd,
    }),
  );

  app.get(
    '/api/v1/leases',
    {
      config: { access: 'read' },
      schema: {
        tags,
        summary: 'List leases, ordered by start (default: those ending after local midnight today)',
        querystring: LeaseListQuery,
        response: { 200: z.array(Lease), 400: ErrorEnvelope },
      },
    },
    async (request) => leases.list(request.query),
  );

  app.get(
    '/api/v1/leases/current',
    {
      config: { access: 'read' },
      schema: {
        tags,
        summary: 'The lease holding a node now, or null',
        querystring: LeaseCurrentQuery,
        response: { 200: Lease.nullable(), 400: ErrorEnvelope },
      },
    },
    async (request) => leases.current(parseIdSegment(request.query.node)),
  );

  app.get(
    '/api/v1/leases/:id',
    {
      config: { access: 'read' },
      schema: {
        tags,
        summary: 'Get a lease',
        params: LeasePath,
        response: { 200: Lease, ...errorResponses },
      },
    },
    async (request) => leases.get(Number(request.params.id)),
  );

  app.post(
    '/api/v1/leases',
    {
      config: { access: 'lease:book' },
      schema: {
        tags,
        summary: 'Book nodes, or the whole testbed ("all"), for a slice',
        description: rules,
        body: LeaseCreate,
        response: { 201: Lease, ...errorResponses, ...refusals },
      },
    },
    async (request, reply) => reply.code(201).send(await leases.book(principalOf(request), request.body)),
  );

  app.patch(
    '/api/v1/leases/:id',
    {
      config: { access: 'lease:book' },
      schema: {
        tags,
        summary: 'Extend or shorten a lease (t_until), or move the start of one not yet started',
        description: `${rules} A lease that has ended cannot change (409).`,
        params: LeasePath,
        body: LeaseUpdate,
        response: { 200: Lease, ...errorResponses, ...refusals },
      },
    },
    async (request) => leases.update(principalOf(request), Number(request.params.id), request.body),
  );

  app.delete(
    '/api/v1/leases/:id',
    {
      config: { access: 'lease:book' },
      schema: {
        tags,
        summary: 'Cancel a lease',
        description:
          'A lease not yet started is deleted (204). A running lease ends now and is returned (200): its nodes ' +
          'are free at once (R2lab keeps the last grain boundary). An ended lease cannot be cancelled (409).',
        params: LeasePath,
        response: { 200: Lease, 204: z.null(), ...errorResponses, ...refusals },
      },
    },
    async (request, reply) => {
      const lease = await leases.cancel(principalOf(request), Number(request.params.id));
      return lease ? reply.code(200).send(lease) : reply.code(204).send(null);
    },
  );
}
