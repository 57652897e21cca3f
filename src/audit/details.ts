import { redactTokens } from '../lib/redact.ts';

/**
 * The `details` of an audit entry: a summary of a request built from a whitelist, so that
 * no password, token, cookie, key or CSRF value can reach the log whatever a route accepts.
 * Values are kept only for the keys below, and only when they are scalars or lists of
 * scalars; every other key is recorded by its name alone (in `fields`).
 */
export const keptKeys: ReadonlySet<string> = new Set([
  'kind',
  'id',
  'ids',
  'name',
  'role',
  'disabled',
  'slice',
  'user',
  'nodes',
  'whole',
  't_from',
  't_until',
  'scopes',
  'days',
  'mode',
  'format',
  'after',
  'before',
]);

const MAX_STRING = 128;
const MAX_ITEMS = 50;
const MAX_FIELDS = 40;
const MAX_FIELD_NAME = 64;

type Scalar = string | number | boolean | null;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function scalar(value: unknown): Scalar | undefined {
  if (typeof value === 'string') {
    // A token where an id or a name was expected (revoking a token by its value) is not kept.
    const kept = redactTokens(value);
    return kept.length > MAX_STRING ? `${kept.slice(0, MAX_STRING)}…` : kept;
  }
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return value;
  return undefined;
}

/** Keeps `value` under `key` if it is a scalar or a list of scalars (cut, with its count). */
function keep(into: Record<string, unknown>, key: string, value: unknown): void {
  if (Array.isArray(value)) {
    const items = value.slice(0, MAX_ITEMS).map(scalar);
    if (items.some((item) => item === undefined)) return;
    into[key] = items;
    if (value.length > MAX_ITEMS) into[`${key}_count`] = value.length;
    return;
  }
  const kept = scalar(value);
  if (kept !== undefined) into[key] = kept;
}

function fieldNames(keys: Iterable<string>): string[] {
  const names: string[] = [];
  for (const key of keys) {
    if (names.length === MAX_FIELDS) break;
    names.push(key.slice(0, MAX_FIELD_NAME));
  }
  return names;
}

/** Status writes (`records: [{id, …}]`): the ids and the names of the fields written. */
function recordsSummary(records: unknown[], into: Record<string, unknown>): void {
  const fields = new Set<string>();
  const ids: unknown[] = [];
  for (const record of records) {
    if (!isObject(record)) continue;
    ids.push(record.id);
    for (const key of Object.keys(record)) if (key !== 'id') fields.add(key);
  }
  keep(into, 'ids', ids);
  into.record_fields = fieldNames(fields);
}

/** A summary of a request's path parameters, query and body that never holds a secret. */
export function summarise(params: unknown, query: unknown, body: unknown): Record<string, unknown> {
  const details: Record<string, unknown> = {};
  for (const source of [params, query]) {
    if (!isObject(source)) continue;
    for (const [key, value] of Object.entries(source)) if (keptKeys.has(key)) keep(details, key, value);
  }
  if (typeof body === 'string') {
    details.body_bytes = Buffer.byteLength(body);
  } else if (isObject(body)) {
    details.fields = fieldNames(Object.keys(body));
    for (const [key, value] of Object.entries(body)) if (keptKeys.has(key)) keep(details, key, value);
    if (Array.isArray(body.records)) recordsSummary(body.records, details);
  }
  return details;
}
