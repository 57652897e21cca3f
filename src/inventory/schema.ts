import { z } from 'zod';
import { DeviceId, DeviceKind, parseIdSegment } from '../lib/device-ref.ts';

/** The contract of the inventory: devices as the API, the CLI and the YAML file see them. */

const jsonValue: z.ZodType<unknown> = z.json();

export const DriverBinding = z
  .strictObject({
    driver: z.string().min(1).max(64).describe('Driver name, e.g. `sim`'),
    config: z
      .record(z.string(), jsonValue)
      .default({})
      .describe("Driver settings, checked by the driver's schema"),
  })
  .describe('A driver bound to a device');
export type DriverBinding = z.infer<typeof DriverBinding>;

const mac = z
  .string()
  .regex(/^[0-9a-fA-F]{2}([:-][0-9a-fA-F]{2}){5}$/, 'a MAC address like 02:00:00:00:00:01')
  .transform((v) => v.toLowerCase().replaceAll('-', ':'));

export const Addresses = z
  .strictObject({
    mac: mac.nullable().optional(),
    ip: z.union([z.ipv4(), z.ipv6()]).nullable().optional(),
    hostname: z
      .string()
      .regex(
        /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,62})(\.[A-Za-z0-9]([A-Za-z0-9-]{0,62}))*$/,
        'a host name',
      )
      .nullable()
      .optional(),
  })
  .describe('Management addresses');

/**
 * Free text kept in a column. PostgreSQL refuses NUL characters (a 500), and an unpaired
 * surrogate has no UTF-8 form (both stores would keep U+FFFD instead of what was sent).
 */
const storedText = () =>
  z
    .string()
    .refine(
      (v) => !v.includes('\u0000') && !/\p{Cs}/u.test(v),
      'text without NUL characters or unpaired surrogates',
    );

const tag = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:/=-]{0,63}$/, 'a tag: letters, digits and ._:/=-');

export const Device = z
  .strictObject({
    kind: DeviceKind,
    id: DeviceId,
    name: z.string().min(1).max(256),
    model: z.string().max(256).nullable(),
    tags: z.array(tag).max(64),
    attributes: z.record(z.string(), jsonValue),
    addresses: z.strictObject({
      mac: z.string().nullable(),
      ip: z.string().nullable(),
      hostname: z.string().nullable(),
    }),
    drivers: z.strictObject({ power: DriverBinding.nullable(), probe: DriverBinding.nullable() }),
    revision: z.number().int().describe('Incremented by every change'),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .meta({ id: 'Device' });
export type Device = z.infer<typeof Device>;

const editable = {
  name: storedText().min(1).max(256),
  model: storedText().max(256).nullable(),
  tags: z
    .array(tag)
    .max(64)
    .transform((tags) => [...new Set(tags)]),
  attributes: z.record(z.string(), jsonValue),
  addresses: Addresses,
  drivers: z.strictObject({
    power: DriverBinding.nullable().optional(),
    probe: DriverBinding.nullable().optional(),
  }),
};

/** A new device: kind and id are required; a missing name defaults to the id. */
export const DeviceCreate = z
  .strictObject({
    kind: DeviceKind,
    id: DeviceId,
    name: editable.name.optional(),
    model: editable.model.optional(),
    tags: editable.tags.optional(),
    attributes: editable.attributes.optional(),
    addresses: editable.addresses.optional(),
    drivers: editable.drivers.optional(),
  })
  .meta({ id: 'DeviceCreate' });
export type DeviceCreate = z.infer<typeof DeviceCreate>;

/** A change: given fields replace the stored ones (addresses and drivers key by key). */
export const DeviceUpdate = z
  .strictObject({
    name: editable.name.optional(),
    model: editable.model.optional(),
    tags: editable.tags.optional(),
    attributes: editable.attributes.optional(),
    addresses: editable.addresses.optional(),
    drivers: editable.drivers.optional(),
  })
  .meta({ id: 'DeviceUpdate' });
export type DeviceUpdate = z.infer<typeof DeviceUpdate>;

const oneOrMany = <T extends z.ZodType>(item: T) =>
  z.preprocess((v) => (v === undefined || Array.isArray(v) ? v : [v]), z.array(item).optional());

/** In a query string, an id of digits is the integer id (as in paths). */
const idParam = z.preprocess((v) => (typeof v === 'string' ? parseIdSegment(v) : v), DeviceId);

export const DeviceListQuery = z.strictObject({
  kind: oneOrMany(DeviceKind).describe('Only these kinds (repeat the parameter for several)'),
  id: oneOrMany(idParam).describe('Only these ids, of any kind (`12` is the integer 12)'),
  tag: oneOrMany(tag).describe('Only devices that carry every given tag'),
  model: storedText().max(256).optional(),
  q: storedText().max(256).optional().describe('Text searched in the name, id and host name'),
  limit: z.coerce.number().int().min(1).max(10_000).default(1000),
  offset: z.coerce.number().int().min(0).max(1_000_000_000).default(0),
});
export type DeviceListQuery = z.infer<typeof DeviceListQuery>;

export const DevicePage = z
  .strictObject({
    items: z.array(Device),
    total: z.number().int(),
    limit: z.number().int(),
    offset: z.number().int(),
  })
  .meta({ id: 'DevicePage' });
export type DevicePage = z.infer<typeof DevicePage>;

/** The YAML inventory file (`rig inventory import|export`). */
export const InventoryFile = z
  .strictObject({
    version: z.literal(1).default(1).describe('Format version of the file'),
    devices: z.array(DeviceCreate).default([]),
  })
  .meta({ id: 'InventoryFile' });
export type InventoryFile = z.infer<typeof InventoryFile>;

export const ImportMode = z
  .enum(['merge', 'create', 'replace'])
  .describe(
    'merge: create or update; create: fail on an existing id; replace: also delete devices not in the file',
  );
export type ImportMode = z.infer<typeof ImportMode>;

export const ImportResult = z
  .strictObject({
    created: z.number().int(),
    updated: z.number().int(),
    unchanged: z.number().int(),
    deleted: z.number().int(),
  })
  .meta({ id: 'ImportResult' });
export type ImportResult = z.infer<typeof ImportResult>;
