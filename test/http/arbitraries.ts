import fc from 'fast-check';
import { deviceKinds } from '../../src/lib/device-ref.ts';

/** Random pieces of bad (and almost good) HTTP requests, for the fuzz tests of this folder. */

/** Percent-encodes every byte but the unreserved ones; lone surrogates become U+FFFD. */
export const percentEncode = (text: string | Uint8Array): string =>
  [...Buffer.from(text)]
    .map((byte) =>
      /[A-Za-z0-9\-._~]/.test(String.fromCharCode(byte))
        ? String.fromCharCode(byte)
        : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`,
    )
    .join('');

/** Strings that tend to break stores and parsers. */
const nastyText = fc.constantFrom(
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udfffy',
  '\u202eevil',
  '𝕏😀',
  'é',
  '\r\n',
  "'; drop table devices; --",
  '%',
  '_',
  '\\',
  '__proto__',
  'constructor',
  'x'.repeat(257),
  'é'.repeat(300),
);

/** Any text: random unicode (lone surrogates included), or one of the nasty ones. */
export const text = fc.oneof(nastyText, fc.string({ unit: 'binary', maxLength: 40 }), fc.string());

const hugeNumber = fc.oneof(
  fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }).map(String),
  fc.constantFrom(
    'NaN',
    'Infinity',
    '-Infinity',
    '-0',
    '-1',
    '1e400',
    '1e3',
    '0x1f',
    '1.5',
    '007',
    '9007199254740991',
    '9007199254740992',
    '99999999999999999999999',
  ),
);

const brokenPercent = fc.constantFrom(
  '%',
  '%%',
  '%E0%A4%A',
  '%zz',
  '%0',
  '%C0%AE',
  '%FF',
  '%ED%A0%80',
  '%00',
  '%2F',
  '%2e%2e',
  '%25',
  '%u0041',
);

/** A path segment in its wire form (for paths and query values alike). */
export const segment = fc.oneof(
  fc.constantFrom(
    ...deviceKinds,
    '1',
    '0',
    '42',
    'jaguar',
    'NODE',
    '..',
    '.',
    '',
    '__proto__',
    'constructor',
  ),
  hugeNumber,
  brokenPercent,
  text.map(percentEncode),
  fc.uint8Array({ maxLength: 24 }).map(percentEncode),
  fc.integer({ min: 200, max: 3000 }).map((n) => 'a'.repeat(n)),
  fc.integer({ min: 50, max: 600 }).map((n) => '%C3%A9'.repeat(n)),
);

/** A query string: known and unknown keys, repeated keys, bracket arrays, odd values. */
export const queryString = (names: readonly string[]) => {
  const key = fc.oneof(
    ...(names.length ? [fc.constantFrom(...names)] : []),
    fc.constantFrom('__proto__', 'constructor[prototype][polluted]', 'a[]', 'kind[]', 'limit[0]', ''),
    text.map(percentEncode),
  );
  const pair = fc.oneof(
    fc.tuple(key, segment).map(([k, v]) => `${k}=${v}`),
    key,
    brokenPercent,
  );
  return fc.array(pair, { maxLength: 6 }).map((pairs) => pairs.join('&'));
};

export const contentType = fc.oneof(
  { weight: 3, arbitrary: fc.constant('application/json') },
  fc.constantFrom(
    undefined,
    'application/json',
    'application/json; charset=utf-8',
    'application/json; charset=latin1',
    'APPLICATION/JSON',
    'application/json;',
    'application/yaml',
    'text/yaml',
    'text/plain',
    'text/plain; charset=utf-16',
    'multipart/form-data; boundary=x',
    'application/x-www-form-urlencoded',
    'application/octet-stream',
    '',
    'garbage',
    ';;;',
    '*/*',
  ),
  fc.string({ unit: 'grapheme-ascii', maxLength: 40 }),
);

/** Headers that make servers and static-file plugins take other paths: ranges, conditions, negotiation. */
export const otherHeaders = fc.dictionary(
  fc.constantFrom(
    'range',
    'if-none-match',
    'if-match',
    'if-modified-since',
    'if-unmodified-since',
    'accept',
    'accept-encoding',
    'content-encoding',
    'origin',
    'authorization',
    'expect',
  ),
  fc.oneof(
    fc.constantFrom(
      'bytes=999999-',
      'bytes=5-2',
      'bytes=0-1,3-4',
      '*',
      '"x"',
      'gzip',
      'br;q=x',
      'Thu, 01 Jan 1970 00:00:00 GMT',
    ),
    fc.string({ unit: 'grapheme-ascii', maxLength: 30 }),
  ),
  { maxKeys: 3 },
);

/** Methods HTTP knows (light-my-request refuses others). */
export const methods = fc.constantFrom(
  'GET',
  'HEAD',
  'POST',
  'PUT',
  'PATCH',
  'DELETE',
  'OPTIONS',
  'TRACE',
  'PROPFIND',
  'SEARCH',
  'LOCK',
  'QUERY',
);

/** Anything in the method's place on the wire: known, unknown, lower case, not a token. */
export const rawMethods = fc.oneof(
  methods,
  fc.constantFrom('get', 'BREW', 'G\u00e9T', 'GET\tX', '', '\u0000', 'M-SEARCH', 'PRI'),
  fc.stringMatching(/^[A-Z]{1,12}$/),
);
