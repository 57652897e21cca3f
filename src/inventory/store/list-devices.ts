import { type Kysely, sql } from 'kysely';
import { idKey, type StatusId } from '../../lib/device-ref.ts';
import type { Tables } from '../../store/tables.ts';
import type { Device, DeviceListQuery } from '../schema.ts';
import { rowToDevice } from './rows.ts';

export interface DeviceFilter {
  kind?: readonly string[] | undefined;
  id?: readonly StatusId[] | undefined;
  tag?: readonly string[] | undefined;
  model?: string | undefined;
  q?: string | undefined;
}

/** Escapes LIKE wildcards; `\` is declared as the escape character in the query. */
const likePattern = (text: string) => `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

function filtered(db: Kysely<Tables>, filter: DeviceFilter) {
  let query = db.selectFrom('devices');
  if (filter.kind?.length) query = query.where('kind', 'in', [...filter.kind]);
  if (filter.id?.length) query = query.where('id', 'in', filter.id.map(idKey));
  if (filter.model !== undefined) query = query.where('model', '=', filter.model);
  for (const tag of new Set(filter.tag ?? [])) {
    query = query.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('device_tags as t')
          .select('t.tag')
          .whereRef('t.kind', '=', 'devices.kind')
          .whereRef('t.id', '=', 'devices.id')
          .where('t.tag', '=', tag),
      ),
    );
  }
  if (filter.q) {
    const pattern = likePattern(filter.q);
    // Both dialects accept LIKE … ESCAPE; lower() on both sides keeps it case-insensitive.
    // The id is searched without the quotes of its JSON text (names cannot hold quotes).
    query = query.where(
      sql<boolean>`(lower(name) like ${pattern} escape '\\' or lower(replace(id, '"', '')) like ${pattern} escape '\\' or lower(hostname) like ${pattern} escape '\\')`,
    );
  }
  return query;
}

export async function listDevices(
  db: Kysely<Tables>,
  query: Pick<DeviceListQuery, 'limit' | 'offset'> & DeviceFilter,
): Promise<{ items: Device[]; total: number }> {
  const base = filtered(db, query);
  const rows = await base
    .selectAll()
    .orderBy('kind')
    .orderBy('sort_key')
    .limit(query.limit)
    .offset(query.offset)
    .execute();
  const count = await base
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirstOrThrow();
  return { items: rows.map(rowToDevice), total: Number(count.n) };
}

/** Every matching device, read a page at a time. */
export async function allDevices(db: Kysely<Tables>, filter: DeviceFilter = {}): Promise<Device[]> {
  const devices: Device[] = [];
  const limit = 1000;
  for (let offset = 0; ; offset += limit) {
    const { items } = await listDevices(db, { ...filter, limit, offset });
    devices.push(...items);
    if (items.length < limit) return devices;
  }
}
