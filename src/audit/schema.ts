import { z } from 'zod';

/**
 * The contract of the audit log: who did what to which target, when, with what result.
 * An entry never holds a secret: its details are built from a whitelist (details.ts).
 */

export const auditResults = ['ok', 'denied', 'invalid', 'error'] as const;
export const AuditResult = z
  .enum(auditResults)
  .describe('ok: 2xx/3xx; denied: 401, 403, 429; invalid: other 4xx; error: 5xx');
export type AuditResult = z.infer<typeof AuditResult>;

/** The result class of an HTTP status. */
export function resultOfStatus(status: number): AuditResult {
  if (status < 400) return 'ok';
  if (status === 401 || status === 403 || status === 429) return 'denied';
  if (status < 500) return 'invalid';
  return 'error';
}

export const AuditActor = z.strictObject({
  id: z.number().int().nullable().describe('User id (null: anonymous, system)'),
  name: z.string().describe('User name, `anonymous` or `system`'),
  via: z.string().describe('session, token, password (a login), anonymous, sidecar or system'),
  token_id: z.number().int().nullable().describe('The API token used, if any'),
});
export type AuditActor = z.infer<typeof AuditActor>;

export const AuditTarget = z.strictObject({
  kind: z.string().describe('device kind (node, pdu, …), user, slice, lease, token, …'),
  id: z.string().nullable(),
});
export type AuditTarget = z.infer<typeof AuditTarget>;

export const AuditEntry = z
  .strictObject({
    id: z.number().int(),
    at: z.string().describe('ISO-8601 UTC time'),
    actor: AuditActor,
    action: z.string().describe('e.g. devices.create, leases.update, status.write, auth.login, lease.ended'),
    target: AuditTarget.nullable(),
    result: AuditResult,
    status: z.number().int().nullable().describe('HTTP status (null for events without a request)'),
    address: z.string().nullable().describe('Client address'),
    details: z.record(z.string(), z.unknown()).describe('A summary without secrets: ids, field names, times'),
  })
  .meta({ id: 'AuditEntry' });
export type AuditEntry = z.infer<typeof AuditEntry>;

/** What a feature hands to the audit log; `at` defaults to now. */
export interface AuditRecord {
  at?: string;
  actor: AuditActor;
  action: string;
  target?: AuditTarget | null;
  result: AuditResult;
  status?: number | null;
  address?: string | null;
  details?: Record<string, unknown>;
}

/** Where features record what happened (the audit feature's service implements it). */
export interface AuditSink {
  record(entry: AuditRecord): void;
}

const isoTime = z.iso.datetime({ offset: true }).describe('ISO-8601 time, e.g. 2026-11-22T14:00:00Z');

export const AuditQuery = z.strictObject({
  actor: z.string().min(1).max(64).optional().describe('Only this actor (user name, anonymous, system)'),
  action: z
    .string()
    .max(64)
    .regex(/^[A-Za-z0-9_.-]+\*?$/, 'an action such as leases.create, or a prefix ending in * (leases.*)')
    .optional()
    .describe('Only this action, or those starting with a prefix ending in `*`'),
  target: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .describe('Only this target: `KIND` or `KIND/ID` (node/12, lease/5, user/alice)'),
  result: AuditResult.optional(),
  since: isoTime.optional().describe('Only entries at or after this time'),
  until: isoTime.optional().describe('Only entries before this time'),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  cursor: z
    .string()
    .regex(/^[1-9]\d{0,15}$/, 'the next_cursor of a previous page')
    .optional()
    .describe('The `next_cursor` of the previous page'),
});
export type AuditQuery = z.infer<typeof AuditQuery>;

export const AuditPage = z
  .strictObject({
    entries: z.array(AuditEntry).describe('Newest first'),
    next_cursor: z.string().nullable().describe('Pass as `cursor` for older entries; null at the end'),
  })
  .meta({ id: 'AuditPage' });
export type AuditPage = z.infer<typeof AuditPage>;
