import fc from 'fast-check';
import { stringify as toYaml } from 'yaml';
import { deviceKinds } from '../../src/lib/device-ref.ts';
import { text } from './arbitraries.ts';

/** Random request bodies for the fuzz tests of this folder: shaped, broken, deep, huge. */

/** Mostly `valid`, sometimes `other`: every field of a shaped body is often right. */
const mostly = <T, U>(valid: fc.Arbitrary<T>, other: fc.Arbitrary<U>) =>
  fc.oneof({ weight: 6, arbitrary: valid }, { weight: 1, arbitrary: other });

const deviceName = fc.stringMatching(/^[a-z][a-z0-9-]{0,10}$/);

/**
 * Bodies shaped like devices: each field is usually valid, and the free-text ones (name,
 * model, attributes, driver config) often hold nasty text that the schema lets through, so
 * that it reaches the store.
 */
export const deviceLike = fc.record(
  {
    kind: mostly(fc.constantFrom(...deviceKinds), text),
    id: mostly(fc.oneof(fc.nat({ max: 20 }), deviceName), fc.oneof(fc.maxSafeInteger(), fc.double(), text)),
    name: fc.oneof(text, deviceName),
    model: fc.oneof(text, fc.constant(null)),
    tags: fc.array(mostly(fc.stringMatching(/^[a-z][a-z0-9.:]{0,8}$/), text), { maxLength: 4 }),
    attributes: fc.dictionary(text, fc.jsonValue({ maxDepth: 3 }), { maxKeys: 4 }),
    addresses: fc.record(
      {
        mac: mostly(fc.constantFrom('02:00:00:00:00:01', '02-00-00-00-00-0A', null), text),
        ip: mostly(fc.oneof(fc.ipV4(), fc.ipV6(), fc.constant(null)), text),
        hostname: mostly(fc.domain(), text),
      },
      { requiredKeys: [] },
    ),
    drivers: fc.record(
      {
        power: mostly(
          fc.constantFrom(null, { driver: 'sim', config: {} }),
          fc.record({
            driver: fc.oneof(text, fc.constant('sim')),
            config: fc.dictionary(text, fc.jsonValue()),
          }),
        ),
      },
      { requiredKeys: [] },
    ),
  },
  { requiredKeys: ['kind', 'id'] },
);

/** Bodies shaped like status updates: any JSON field, type-exact ids of every sort. */
export const statusLike = fc.record({
  kind: mostly(fc.constantFrom(...deviceKinds), text),
  records: fc.array(
    fc
      .tuple(
        mostly(
          fc.oneof(fc.nat({ max: 20 }), deviceName),
          fc.oneof(fc.integer(), fc.double(), text, fc.constant(null)),
        ),
        fc.dictionary(text, fc.jsonValue({ maxDepth: 3 }), { maxKeys: 4 }),
      )
      .map(([id, rest]) => ({ ...rest, id })),
    { maxLength: 4 },
  ),
});

/** Serialises anything, even values JSON cannot hold (bigint, symbols, cycles). */
const serialise = (value: unknown): string => {
  try {
    return JSON.stringify(value, (_key, v) => (typeof v === 'bigint' ? `${v}` : v)) ?? fc.stringify(value);
  } catch {
    return fc.stringify(value);
  }
};

/** Deep nesting, alone or where the schemas accept any JSON (attributes, status fields). */
const nested = fc
  .tuple(
    fc.integer({ min: 10, max: 20_000 }),
    fc.constantFrom(['[', ']'], ['{"a":', '}'], ['[{"a":', '}]']),
    fc.constantFrom(
      ['', ''],
      ['{"kind":"node","id":7,"attributes":{"a":', '}}'],
      ['{"kind":"node","records":[{"id":7,"a":', '}]}'],
      ['{"devices":[{"kind":"node","id":7,"attributes":{"a":', '}}]}'],
    ),
  )
  .map(
    ([depth, [open, close], [before, after]]) =>
      `${before}${open.repeat(depth)}1${close.repeat(depth)}${after}`,
  );

/** A JSON array of exactly `size` bytes (size ≥ 2). */
export const jsonArrayOfSize = (size: number): string => {
  const items = Math.floor((size - 1) / 2);
  return `[${'0,'.repeat(items - 1)}0]`.padEnd(size, ' ');
};

const trickyYaml = fc.constantFrom(
  'a: &a [1, 2]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: [*d, *d, *d, *d, *d, *d, *d, *d, *d]',
  'devices: !!js/function "function(){}"',
  '__proto__: {polluted: true}\ndevices: []',
  'devices:\n  - <<: {__proto__: {polluted: true}}\n    kind: node\n    id: 1',
  'version: 1\ndevices:\n\t- kind: node',
  'devices: [{kind: node, id: 99999999999999999999999}]',
  '? [a, b]\n: c',
  '%YAML 9.9\n---\na: 1',
  '---\n...\n---\n',
);

/** Request bodies: nothing, JSON, serialised anything, text, bytes, deep nesting, YAML, shaped. */
export const body = (limit: number): fc.Arbitrary<string | Buffer | undefined> =>
  fc.oneof(
    fc.constant(undefined),
    fc.jsonValue().map((v) => JSON.stringify(v)),
    fc.anything().map(serialise),
    fc.string({ unit: 'binary' }),
    fc.uint8Array({ maxLength: 256 }).map((bytes) => Buffer.from(bytes)),
    { weight: 3, arbitrary: nested },
    fc.integer({ min: limit - 16, max: limit + 16 }).map(jsonArrayOfSize),
    trickyYaml,
    { weight: 4, arbitrary: fc.oneof(deviceLike, statusLike).map((v) => JSON.stringify(v)) },
    fc
      .oneof(deviceLike, fc.record({ devices: fc.array(deviceLike, { maxLength: 3 }) }))
      .map((v) => toYaml(v)),
    fc
      .record({
        devices: fc.array(deviceLike, { maxLength: 3 }),
        version: fc.oneof(fc.constant(1), fc.jsonValue()),
      })
      .map((v) => JSON.stringify(v)),
  );
