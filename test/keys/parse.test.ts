import { readFile } from 'node:fs/promises';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KeyProblem, keyTypes, parsePublicKey } from '../../src/accounts/ssh-keys/parse.ts';
import { RigError } from '../../src/lib/errors.ts';
import { blobOf, type GeneratedKey, KeyGen, wire } from './keygen.ts';

const keygen = new KeyGen();
let ed25519: GeneratedKey;
let p256: GeneratedKey;
let rsa1024: GeneratedKey;
let rsa2048: GeneratedKey;

beforeAll(async () => {
  [ed25519, p256, rsa1024, rsa2048] = await Promise.all([
    keygen.generate('ed25519', undefined, 'alice@laptop'),
    keygen.generate('ecdsa', 256),
    keygen.generate('rsa', 1024),
    keygen.generate('rsa', 2048),
  ]);
});
afterAll(() => keygen.dispose());

const line = (type: string, blob: Buffer, comment = '') => `${type} ${blob.toString('base64')} ${comment}`;

/** The reason a key line is refused, and its message. */
function refusal(text: string): { reason: KeyProblem; message: string } {
  try {
    parsePublicKey(text);
  } catch (error) {
    expect(error).toBeInstanceOf(RigError);
    const rig = error as RigError;
    expect(rig.status).toBe(400);
    return { reason: (rig.details as { reason: KeyProblem }).reason, message: rig.message };
  }
  throw new Error(`accepted: ${text.slice(0, 80)}`);
}

describe('OpenSSH public key lines', () => {
  it('gives the fingerprint and size ssh-keygen gives, for every supported type', async () => {
    const keys = [
      ed25519,
      p256,
      await keygen.generate('ecdsa', 384),
      await keygen.generate('ecdsa', 521),
      rsa2048,
      await keygen.generate('rsa', 3072),
    ];
    for (const key of keys) {
      const parsed = parsePublicKey(key.publicLine);
      expect(parsed.fingerprint).toBe(key.fingerprint);
      expect(parsed.bits).toBe(key.bits);
      expect(`${parsed.type} ${parsed.data}`).toBe(key.publicLine.trim().split(' ').slice(0, 2).join(' '));
    }
  });

  it('keeps the comment, and accepts tabs, CRLF and no comment at all', () => {
    const [type, data] = ed25519.publicLine.trim().split(' ') as [string, string];
    expect(parsePublicKey(ed25519.publicLine).comment).toBe('alice@laptop');
    expect(parsePublicKey(`  ${type}\t${data}\tJosé's  laptop \r\n`).comment).toBe("José's  laptop");
    expect(parsePublicKey(`${type} ${data}`).comment).toBe('');
  });

  it('refuses each kind of bad input with its own reason', async () => {
    const edBlob = blobOf(ed25519.publicLine);
    const [, curve, point] = splitWire(blobOf(p256.publicLine));
    const rfc4716 = await keygen.ssh('-e', '-f', ed25519.publicFile);
    await keygen.ssh('-q', '-s', ed25519.publicFile.replace(/\.pub$/, ''), '-I', 'id', p256.publicFile);
    const certificate = await readFile(p256.publicFile.replace(/\.pub$/, '-cert.pub'), 'utf8');
    const e = Buffer.from([0x01, 0x00, 0x01]);
    const modulus = (bytes: number, last: number) =>
      Buffer.concat([Buffer.from([0x7f]), Buffer.alloc(bytes - 2, 0xa5), Buffer.from([last])]);
    const offPoint = Buffer.from(point as Buffer);
    offPoint.writeUInt8((offPoint.at(-1) as number) ^ 0x01, offPoint.length - 1);

    const cases: Array<[string, string, KeyProblem]> = [
      ['empty', '  \n', 'empty'],
      ['over-long', `ssh-ed25519 ${'A'.repeat(9000)}`, 'too_long'],
      ['a private key', ed25519.privateText, 'private_key'],
      [
        'a PEM private key',
        '-----BEGIN EC PRIVATE KEY-----\nMHcCAQEE\n-----END EC PRIVATE KEY-----',
        'private_key',
      ],
      ['an RFC 4716 key', rfc4716, 'rfc4716'],
      ['two keys', `${ed25519.publicLine}${p256.publicLine}`, 'multiple_lines'],
      ['a from= option', `from="10.0.0.0/8" ${ed25519.publicLine}`, 'options'],
      ['a command= option with spaces', `command="echo hi",no-pty ${ed25519.publicLine}`, 'options'],
      ['a bare option', `no-pty ${ed25519.publicLine}`, 'options'],
      ['not a key', 'hello world', 'unknown_type'],
      ['base64 without a type', edBlob.toString('base64'), 'unknown_type'],
      ['a DSA key', line('ssh-dss', wire('ssh-dss', 'p', 'q', 'g', 'y')), 'dsa'],
      ['a certificate', certificate, 'certificate'],
      ['a security-key type', line('sk-ssh-ed25519@openssh.com', edBlob), 'unsupported_type'],
      ['a type without data', 'ssh-ed25519', 'missing_data'],
      ['junk in base64', 'ssh-ed25519 AAAA*AAA', 'bad_base64'],
      ['base64 cut short', `ssh-ed25519 ${edBlob.toString('base64').slice(0, -2)}`, 'bad_base64'],
      ['a truncated blob', line('ssh-ed25519', edBlob.subarray(0, -3)), 'truncated'],
      ['a blob ending in its type', line('ssh-rsa', wire('ssh-rsa')), 'truncated'],
      ['trailing bytes', line('ssh-ed25519', Buffer.concat([edBlob, Buffer.from([0])])), 'trailing_data'],
      ['an ed25519 blob called rsa', line('ssh-rsa', edBlob), 'type_mismatch'],
      ['a p256 blob called p384', line('ecdsa-sha2-nistp384', blobOf(p256.publicLine)), 'type_mismatch'],
      [
        'a p256 blob naming another curve',
        line('ecdsa-sha2-nistp256', wire('ecdsa-sha2-nistp256', 'nistp384', point as Buffer)),
        'curve_mismatch',
      ],
      [
        'a point off the curve',
        line('ecdsa-sha2-nistp256', wire('ecdsa-sha2-nistp256', curve as Buffer, offPoint)),
        'bad_point',
      ],
      [
        'a compressed point',
        line('ecdsa-sha2-nistp256', wire('ecdsa-sha2-nistp256', curve as Buffer, Buffer.alloc(33, 2))),
        'bad_point',
      ],
      ['a 31-byte ed25519 key', line('ssh-ed25519', wire('ssh-ed25519', Buffer.alloc(31, 1))), 'bad_key'],
      ['an even RSA modulus', line('ssh-rsa', wire('ssh-rsa', e, modulus(300, 0x02))), 'bad_key'],
      [
        'an even RSA exponent',
        line('ssh-rsa', wire('ssh-rsa', Buffer.from([4]), modulus(300, 1))),
        'bad_key',
      ],
      ['a negative mpint', line('ssh-rsa', wire('ssh-rsa', Buffer.from([0x81]), modulus(300, 1))), 'bad_key'],
      [
        'a zero-padded mpint',
        line('ssh-rsa', wire('ssh-rsa', Buffer.from([0, 1, 0, 1]), modulus(300, 1))),
        'bad_key',
      ],
      ['a 1024-bit RSA key', rsa1024.publicLine, 'rsa_too_small'],
      ['a 16400-bit RSA key', line('ssh-rsa', wire('ssh-rsa', e, modulus(2050, 1))), 'rsa_too_large'],
      ['a control character in the comment', `${ed25519.publicLine.trim()} \u001b[31mred`, 'bad_comment'],
      ['an over-long comment', `${ed25519.publicLine.trim()} ${'c'.repeat(300)}`, 'bad_comment'],
    ];
    const reasons = cases.map(([name, text]) => [name, refusal(text).reason]);
    expect(reasons).toEqual(cases.map(([name, , reason]) => [name, reason]));
  });

  it('says clearly what is wrong', () => {
    expect(refusal(ed25519.privateText).message).toMatch(/PRIVATE key.*never share.*\.pub/);
    expect(refusal(`from="x" ${ed25519.publicLine}`).message).toMatch(/options.*paste the key alone/);
    expect(refusal(rsa1024.publicLine).message).toMatch(/at least 2048 bits; this one has 1024/);
    expect(refusal(line('ssh-rsa', blobOf(ed25519.publicLine))).message).toBe(
      'the line says ssh-rsa but the key data is of type ssh-ed25519',
    );
  });
});

describe('random key lines', () => {
  it('are refused with a 400, never with anything else', () => {
    const name = fc.constantFrom(...keyTypes, 'nistp256', 'nistp384', 'ssh-dss', '');
    const part = fc.oneof(
      name,
      fc.uint8Array({ maxLength: 70 }).map((bytes) => Buffer.from(bytes)),
      fc.constantFrom(Buffer.from([0x04, ...Array(64).fill(1)]), Buffer.from([0x80]), Buffer.alloc(32)),
    );
    const blob = fc
      .tuple(name, fc.array(part, { maxLength: 4 }), fc.uint8Array({ maxLength: 6 }), fc.nat(8))
      .map(([type, parts, tail, cut]) => {
        const whole = Buffer.concat([wire(type, ...parts), Buffer.from(tail)]);
        return whole.subarray(0, Math.max(0, whole.length - cut));
      });
    const keyLine = fc
      .tuple(fc.constantFrom(...keyTypes), blob, fc.string({ maxLength: 20 }))
      .map(([type, bytes, comment]) => `${type} ${bytes.toString('base64')} ${comment}`);
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 300 }), keyLine), (text) => {
        try {
          parsePublicKey(text);
        } catch (error) {
          expect(error).toBeInstanceOf(RigError);
          expect((error as RigError).status).toBe(400);
        }
      }),
      { seed: 20_260_403, numRuns: 3000 },
    );
  });
});

/** The wire strings of a blob. */
function splitWire(blob: Buffer): Buffer[] {
  const parts: Buffer[] = [];
  for (let offset = 0; offset < blob.length; ) {
    const length = blob.readUInt32BE(offset);
    parts.push(blob.subarray(offset + 4, offset + 4 + length));
    offset += 4 + length;
  }
  return parts;
}
