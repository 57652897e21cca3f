import { z } from 'zod';

/**
 * The shared vocabulary of device references. A device is addressed by its kind and its id;
 * ids are type-exact as in R2lab: nodes and phones use integers, PDUs use names, and the
 * integer 1 is a different id from the string "1".
 */
export const deviceKinds = ['node', 'phone', 'pdu', 'switch', 'instrument'] as const;
export const DeviceKind = z.enum(deviceKinds).describe('Kind of device');
export type DeviceKind = z.infer<typeof DeviceKind>;

/** R2lab's sidecar calls the kinds by their plural ("categories"). */
export const categoryOfKind = {
  node: 'nodes',
  phone: 'phones',
  pdu: 'pdus',
  switch: 'switches',
  instrument: 'instruments',
} as const satisfies Record<DeviceKind, string>;
export type Category = (typeof categoryOfKind)[DeviceKind];

export const kindOfCategory = Object.fromEntries(
  Object.entries(categoryOfKind).map(([kind, category]) => [category, kind]),
) as Record<Category, DeviceKind>;

/** Names may not be all digits, so that a path segment `12` always means the integer 12. */
export const DEVICE_NAME_PATTERN = /^(?!\d+$)[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;

export const DeviceId = z
  .union([
    z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    z.string().regex(DEVICE_NAME_PATTERN, 'a name: letters, digits, . _ : -, not all digits, at most 64'),
  ])
  .describe('Device id: an integer (nodes, phones) or a name (PDUs, switches, instruments)');
export type DeviceId = z.infer<typeof DeviceId>;

/** The live-status face accepts any JSON number or string as an id (R2lab compatibility). */
export type StatusId = number | string;

export function isStatusId(value: unknown): value is StatusId {
  return (typeof value === 'number' && Number.isFinite(value)) || typeof value === 'string';
}

/** Map key of an id: its JSON text, so 1 and "1" stay distinct. */
export const idKey = (id: StatusId): string => JSON.stringify(id);

export function idFromKey(key: string): StatusId {
  return JSON.parse(key) as StatusId;
}

/**
 * A path segment of digits is an integer id (up to MAX_SAFE_INTEGER); anything else is a
 * name. A string that looks like a number (a live-status id pushed as "12") is written
 * quoted: `/status/node/"12"` (URL-encoded `%2212%22`).
 */
export function parseIdSegment(segment: string): StatusId {
  if (segment.length >= 2 && segment.startsWith('"') && segment.endsWith('"')) {
    try {
      const value: unknown = JSON.parse(segment);
      if (typeof value === 'string') return value;
    } catch {
      // not a JSON string: taken as a name below
    }
  }
  return /^\d{1,16}$/.test(segment) && Number.isSafeInteger(Number(segment)) ? Number(segment) : segment;
}

/**
 * Order used for listings: integers numerically first, then names by their bytes. Keys use
 * only digits and lowercase hex, so every database collation (PostgreSQL's en_US ignores
 * punctuation and case at first) sorts them the same as SQLite's byte order.
 */
export function idSortKey(id: StatusId): string {
  if (typeof id === 'number') {
    const shifted = Math.round(id) + 1e15; // keeps negatives ordered, all within 16 digits
    return `0${String(Math.max(0, shifted)).padStart(17, '0')}`;
  }
  const bytes = new TextEncoder().encode(id);
  return `1${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}
