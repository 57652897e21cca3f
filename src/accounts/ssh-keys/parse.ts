import { createHash, createPublicKey } from 'node:crypto';
import { RigError } from '../../lib/errors.ts';
import { bitLength, WireReader } from './wire.ts';

/**
 * OpenSSH public key lines (`<type> <base64> [comment]`, the format of `id_*.pub` and
 * authorized_keys), validated strictly: these keys end up in authorized_keys files.
 */

export const keyTypes = [
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'ssh-rsa',
] as const;
export type KeyType = (typeof keyTypes)[number];

/** Longest accepted text: a 16384-bit RSA key is about 2,800 characters. */
export const MAX_KEY_TEXT = 8192;
export const MAX_COMMENT = 256;
const MIN_RSA_BITS = 2048;
const MAX_RSA_BITS = 16384;

/** Why a key was refused; `details.reason` of the 400 answer. */
export type KeyProblem =
  | 'empty'
  | 'too_long'
  | 'private_key'
  | 'rfc4716'
  | 'multiple_lines'
  | 'options'
  | 'unknown_type'
  | 'dsa'
  | 'certificate'
  | 'unsupported_type'
  | 'missing_data'
  | 'bad_base64'
  | 'truncated'
  | 'trailing_data'
  | 'type_mismatch'
  | 'curve_mismatch'
  | 'bad_point'
  | 'bad_key'
  | 'rsa_too_small'
  | 'rsa_too_large'
  | 'bad_comment';

export interface PublicKey {
  type: KeyType;
  /** The base64 of the key blob, as in the line. */
  data: string;
  comment: string;
  bits: number;
  /** As `ssh-keygen -l` prints it: `SHA256:` and the unpadded base64 of the blob's SHA-256. */
  fingerprint: string;
}

const reject = (reason: KeyProblem, message: string): never => {
  throw new RigError('RIG_ERR_VALIDATION', message, { reason });
};

const privateKeyMarker = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----|^PuTTY-User-Key-File-/m;
/** Any key type name OpenSSH knows, to recognise a key behind authorized_keys options. */
const anyTypeName =
  /^(ssh-(ed25519|ed448|rsa|dss)|ecdsa-sha2-nistp\d+|sk-[\w.-]+@openssh\.com|[\w.-]+-cert-v01@openssh\.com)$/;
const controlCharacters = /[\p{Cc}\u2028\u2029]/u;

/** Parses and validates one public key line; throws a 400 `RigError` naming the problem. */
export function parsePublicKey(input: string): PublicKey {
  if (input.length > MAX_KEY_TEXT)
    reject('too_long', `the key text is too long (${input.length} characters; at most ${MAX_KEY_TEXT})`);
  const text = input.trim();
  if (!text) reject('empty', 'the key is empty: paste the content of your .pub file');
  if (privateKeyMarker.test(text))
    reject(
      'private_key',
      'this is a PRIVATE key: never share it. Paste the PUBLIC key, the .pub file (e.g. ~/.ssh/id_ed25519.pub)',
    );
  if (text.startsWith('---- BEGIN SSH2 PUBLIC KEY'))
    reject(
      'rfc4716',
      'this is an RFC 4716 (SSH2) key: convert it with `ssh-keygen -i -f FILE` and paste that',
    );
  if (/[\r\n]/.test(text)) reject('multiple_lines', 'one key at a time: the text holds several lines');

  const [, type = '', data, rest = ''] = /^(\S+)(?:\s+(\S+))?(?:\s+([\s\S]*))?$/.exec(text) ?? [];
  checkType(type, text);
  if (data === undefined) reject('missing_data', `the ${type} key has no key data after its type`);
  const blob = decodeBase64(data as string);
  const bits = checkBlob(type as KeyType, blob);
  return {
    type: type as KeyType,
    data: data as string,
    comment: checkComment(rest.replace(/\t/g, ' ').trim()),
    bits,
    fingerprint: fingerprintOf(blob),
  };
}

/** A comment of a key: printable, one line, at most MAX_COMMENT characters. */
export function checkComment(comment: string): string {
  if (controlCharacters.test(comment))
    reject('bad_comment', 'the comment may not hold control characters or line breaks');
  if ([...comment].length > MAX_COMMENT)
    reject('bad_comment', `the comment is over ${MAX_COMMENT} characters`);
  return comment;
}

export function fingerprintOf(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

function checkType(type: string, text: string): void {
  if ((keyTypes as readonly string[]).includes(type)) return;
  if (type === 'ssh-dss') reject('dsa', 'DSA keys are not accepted (insecure; OpenSSH disabled them)');
  if (type.endsWith('-cert-v01@openssh.com'))
    reject('certificate', 'SSH certificates are not accepted: paste the plain public key');
  if (anyTypeName.test(type))
    reject('unsupported_type', `${type} keys are not supported: use ed25519, ecdsa or rsa (≥ 2048 bits)`);
  const later = text.split(/\s+/).slice(1);
  if (type.includes('=') || later.some((token) => anyTypeName.test(token)))
    reject(
      'options',
      'authorized_keys options before the key (from=…, command=…) are not accepted: paste the key alone, starting with its type',
    );
  reject(
    'unknown_type',
    'not an OpenSSH public key: it must start with its type (ssh-ed25519, ecdsa-sha2-…, ssh-rsa)',
  );
}

function decodeBase64(data: string): Buffer {
  const blob = Buffer.from(data, 'base64');
  // Buffer.from skips junk silently; only canonical base64 that round-trips is accepted.
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(data) || data.length % 4 !== 0 || blob.toString('base64') !== data)
    reject('bad_base64', 'the key data is not valid base64 (was it cut or changed while copying?)');
  return blob;
}

const curveSizes: Record<string, { bytes: number; bits: number; jwk: string }> = {
  nistp256: { bytes: 32, bits: 256, jwk: 'P-256' },
  nistp384: { bytes: 48, bits: 384, jwk: 'P-384' },
  nistp521: { bytes: 66, bits: 521, jwk: 'P-521' },
};

const truncated = (): never => reject('truncated', 'the key data is truncated');

/** Checks the blob's structure against the type; returns the key's size in bits. */
function checkBlob(type: KeyType, blob: Buffer): number {
  const reader = new WireReader(blob);
  const inner = reader.text() ?? truncated();
  if (inner !== type) reject('type_mismatch', `the line says ${type} but the key data is of type ${inner}`);
  const end = () => {
    if (!reader.done) reject('trailing_data', 'the key data has trailing bytes after the key');
  };
  if (type === 'ssh-ed25519') {
    const key = reader.bytes() ?? truncated();
    end();
    if (key.length !== 32) reject('bad_key', `an ed25519 key is 32 bytes; this one has ${key.length}`);
    return 256;
  }
  if (type === 'ssh-rsa') return checkRsa(reader, end);
  const curve = reader.text() ?? truncated();
  const point = reader.bytes() ?? truncated();
  end();
  const expected = type.slice('ecdsa-sha2-'.length);
  if (curve !== expected) reject('curve_mismatch', `the line says ${type} but the key's curve is ${curve}`);
  return checkPoint(point, curveSizes[expected] as { bytes: number; bits: number; jwk: string });
}

function checkPoint(point: Buffer, curve: { bytes: number; bits: number; jwk: string }): number {
  if (point.length !== 1 + 2 * curve.bytes || point[0] !== 0x04)
    reject('bad_point', `the key is not an uncompressed ${curve.jwk} point`);
  const coordinate = (start: number) => point.subarray(start, start + curve.bytes).toString('base64url');
  try {
    createPublicKey({
      key: { kty: 'EC', crv: curve.jwk, x: coordinate(1), y: coordinate(1 + curve.bytes) },
      format: 'jwk',
    });
  } catch {
    reject('bad_point', `the key's point is not on the ${curve.jwk} curve`);
  }
  return curve.bits;
}

function checkRsa(reader: WireReader, end: () => void): number {
  const e = reader.unsignedMpint() ?? truncated();
  const n = reader.unsignedMpint() ?? truncated();
  end();
  if (typeof e === 'string' || typeof n === 'string')
    return reject('bad_key', `the RSA key holds a malformed integer (${typeof e === 'string' ? e : n})`);
  const odd = (value: Buffer) => value.length > 0 && ((value[value.length - 1] as number) & 1) === 1;
  if (!odd(e) || bitLength(e) < 2) reject('bad_key', 'the RSA public exponent is invalid');
  if (!odd(n)) reject('bad_key', 'the RSA modulus is invalid');
  const bits = bitLength(n);
  if (bits < MIN_RSA_BITS)
    reject(
      'rsa_too_small',
      `RSA keys need at least ${MIN_RSA_BITS} bits; this one has ${bits} (or use ed25519)`,
    );
  if (bits > MAX_RSA_BITS)
    reject('rsa_too_large', `RSA keys may have at most ${MAX_RSA_BITS} bits; this one has ${bits}`);
  return bits;
}
