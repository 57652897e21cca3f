import { redactTokens } from '../lib/redact.ts';
import { routeSegments } from './naming.ts';
import type { AuditTarget } from './schema.ts';

/** What a request tells about its target, once it has been answered. */
export interface TargetFacts {
  url: string;
  params: unknown;
  body: unknown;
  /** The id the answer gave a created object (a lease, a token), when there is one. */
  createdId: string | undefined;
}

/** The kind of object a top-level resource holds; device routes name their kind themselves. */
const kindOfResource: Record<string, string> = {
  auth: 'user',
  users: 'user',
  slices: 'slice',
  tokens: 'token',
  leases: 'lease',
  keys: 'key',
};
/** Resources whose objects are devices: the target is the device (`node/12`). */
const deviceResources = new Set(['devices', 'status']);
/** Resources whose objects are known by name (`users/:name`), even in the body of a create. */
const namedResources = new Set(['auth', 'users', 'slices']);
/** Resources that act on many objects at once: no single target. */
const noTarget = new Set(['inventory']);

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const idText = (value: unknown): string | undefined =>
  typeof value === 'string' || typeof value === 'number'
    ? redactTokens(String(value)).slice(0, 128)
    : undefined;

/**
 * The object a request acts on: the device of device routes (`node/12`), otherwise the
 * resource's object named by the first path parameter, the body's id or name, or the id the
 * answer gave it (`lease/5`, `user/alice`, `token/3`).
 */
export function targetOf({ url, params, body, createdId }: TargetFacts): AuditTarget | null {
  const segments = routeSegments(url);
  const resource = segments[0];
  if (resource === undefined || noTarget.has(resource)) return null;
  const path = isObject(params) ? params : {};
  const data = isObject(body) ? body : {};
  if (deviceResources.has(resource)) {
    const kind = idText(path.kind) ?? idText(data.kind);
    if (!kind) return null;
    const records = Array.isArray(data.records) ? data.records : undefined;
    const only = records?.length === 1 && isObject(records[0]) ? idText(records[0].id) : undefined;
    return { kind, id: idText(path.id) ?? idText(data.id) ?? only ?? createdId ?? null };
  }
  const kind = kindOfResource[resource] ?? resource.replace(/s$/, '');
  const parameter = segments.find((s) => s.startsWith(':'));
  const fromPath = parameter ? idText(path[parameter.slice(1)]) : undefined;
  const name = namedResources.has(resource) ? idText(data.name) : undefined;
  return { kind, id: fromPath ?? name ?? createdId ?? idText(data.id) ?? idText(data.name) ?? null };
}
