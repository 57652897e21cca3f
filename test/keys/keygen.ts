import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A key pair made by the real ssh-keygen, and what `ssh-keygen -l` says of it. */
export interface GeneratedKey {
  /** The .pub line, newline included. */
  publicLine: string;
  privateText: string;
  /** The .pub file, for more ssh-keygen calls. */
  publicFile: string;
  bits: number;
  fingerprint: string;
}

/** `ssh-keygen -t TYPE [-b BITS] -N '' -f …` in a temporary directory, one per call site. */
export class KeyGen {
  private dir: Promise<string> | undefined;
  private count = 0;

  async generate(
    type: 'ed25519' | 'ecdsa' | 'rsa',
    bits?: number,
    comment = 'test key',
  ): Promise<GeneratedKey> {
    // One directory, even for concurrent calls.
    this.dir ??= mkdtemp(path.join(tmpdir(), 'rig-keys-'));
    const file = path.join(await this.dir, `key${this.count++}`);
    const size = bits === undefined ? [] : ['-b', String(bits)];
    await run('ssh-keygen', ['-q', '-t', type, ...size, '-N', '', '-C', comment, '-f', file]);
    const listed = (await run('ssh-keygen', ['-l', '-E', 'sha256', '-f', `${file}.pub`])).stdout;
    const [bitsText, fingerprint] = listed.trim().split(/\s+/);
    return {
      publicLine: await readFile(`${file}.pub`, 'utf8'),
      privateText: await readFile(file, 'utf8'),
      publicFile: `${file}.pub`,
      bits: Number(bitsText),
      fingerprint: fingerprint as string,
    };
  }

  /** `ssh-keygen` with other arguments (certificates, RFC 4716 export). */
  async ssh(...args: string[]): Promise<string> {
    return (await run('ssh-keygen', args)).stdout;
  }

  async dispose(): Promise<void> {
    if (this.dir) await rm(await this.dir, { recursive: true, force: true });
  }
}

/** The SSH wire encoding of strings and byte blocks: a 4-byte length, then the bytes. */
export function wire(...parts: Array<string | Buffer>): Buffer {
  return Buffer.concat(
    parts.flatMap((part) => {
      const bytes = typeof part === 'string' ? Buffer.from(part, 'latin1') : part;
      const length = Buffer.alloc(4);
      length.writeUInt32BE(bytes.length);
      return [length, bytes];
    }),
  );
}

/** The blob of a public key line. */
export const blobOf = (line: string): Buffer => Buffer.from(line.trim().split(/\s+/)[1] as string, 'base64');
