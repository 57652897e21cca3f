import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../helpers/http.ts';
import { startRig, type TestRig } from '../helpers/rig.ts';
import { addUser, bearer, tokenOf } from './accounts-fixture.ts';
import { ensureBuilt, runCli } from './cli-process.ts';

const run = promisify(execFile);

let t: TestRig;
let dir: string;
let alice: string;

const rig = (args: string[], options: { token?: string; input?: string } = {}) =>
  runCli([...args, '--server', t.url], {
    env: { RIG_TOKEN: options.token ?? alice },
    ...(options.input === undefined ? {} : { input: options.input }),
  });

/** A real key pair made by ssh-keygen, and the fingerprint ssh-keygen gives it. */
async function keyPair(name: string, type: string, comment: string) {
  const file = path.join(dir, name);
  await run('ssh-keygen', ['-q', '-t', type, '-N', '', '-C', comment, '-f', file]);
  const { stdout } = await run('ssh-keygen', ['-l', '-f', `${file}.pub`]);
  return { file, pub: `${file}.pub`, fingerprint: stdout.split(' ')[1] as string };
}

beforeAll(async () => {
  const [started] = await Promise.all([startRig({ auth: true }), ensureBuilt()]);
  t = started;
  dir = await mkdtemp(path.join(tmpdir(), 'rig-cli-keys-'));
  await addUser(t, 'alice');
  alice = await tokenOf(t, 'alice');
});
afterAll(async () => {
  await t?.destroy();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('rig keys', () => {
  it('adds a key made by ssh-keygen, lists it with the same fingerprint, and removes it by fingerprint', async () => {
    const key = await keyPair('id_ed25519', 'ed25519', 'alice@laptop');
    const added = await rig(['keys', 'add', key.pub]);
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    // Fingerprints hold + and /: compared as text, not as a pattern.
    expect(added.stdout).toMatch(/^added key \d+: /);
    expect(added.stdout.replace(/^added key \d+: /, '')).toBe(
      `ssh-ed25519 256 ${key.fingerprint} alice@laptop\n`,
    );

    const list = await rig(['keys', 'list']);
    const lines = list.stdout.trimEnd().split('\n');
    expect(lines[0]?.split(/\s{2,}/)).toEqual(['ID', 'TYPE', 'BITS', 'FINGERPRINT', 'COMMENT', 'ADDED']);
    expect(lines[1]?.split(/\s{2,}/).slice(1, 5)).toEqual([
      'ssh-ed25519',
      '256',
      key.fingerprint,
      'alice@laptop',
    ]);
    const viaApi = await api(t.url, 'GET', '/api/v1/keys', undefined, bearer(alice));
    expect(viaApi.body.map((k: { fingerprint: string }) => k.fingerprint)).toEqual([key.fingerprint]);

    const removed = await rig(['keys', 'rm', key.fingerprint]);
    expect(removed.code).toBe(0);
    expect(removed.stdout).toMatch(/^removed key \d+: ssh-ed25519/);
    expect((await api(t.url, 'GET', '/api/v1/keys', undefined, bearer(alice))).body).toEqual([]);
  });

  it('adds every key of a file read from standard input, with a chosen comment, and removes by id', async () => {
    const [rsa, ecdsa] = [await keyPair('id_rsa', 'rsa', 'a'), await keyPair('id_ecdsa', 'ecdsa', 'b')];
    const text = `# my keys\n${await readFile(rsa.pub, 'utf8')}\n${await readFile(ecdsa.pub, 'utf8')}`;
    const added = await rig(['keys', 'add', '-', '--comment', 'lab', '--json'], { input: text });
    expect(added.code, added.stderr).toBe(0);
    const keys = JSON.parse(added.stdout);
    expect(keys.map((k: { fingerprint: string; comment: string }) => [k.fingerprint, k.comment])).toEqual([
      [rsa.fingerprint, 'lab'],
      [ecdsa.fingerprint, 'lab'],
    ]);
    const removed = await rig(['keys', 'rm', String(keys[0].id)]);
    expect(removed.code).toBe(0);
    const left = JSON.parse((await rig(['keys', 'list', '--json'])).stdout);
    expect(left.map((k: { fingerprint: string }) => k.fingerprint)).toEqual([ecdsa.fingerprint]);
  });

  it('refuses a private key before sending it, and reports a key the server refuses with exit 3', async () => {
    const key = await keyPair('id_private', 'ed25519', 'oops');
    const before = (await api(t.url, 'GET', '/api/v1/keys', undefined, bearer(alice))).body.length;
    const privateKey = await rig(['keys', 'add', key.file]);
    expect(privateKey.code).toBe(2);
    expect(privateKey.stderr).toBe(
      `rig: ${key.file} is a private key: give the public key (the .pub file)\n`,
    );
    expect((await api(t.url, 'GET', '/api/v1/keys', undefined, bearer(alice))).body).toHaveLength(before);
    const bad = await rig(['keys', 'add', '-'], { input: 'ssh-ed25519 not-base64!\n' });
    expect(bad.code).toBe(3);
    expect(bad.stderr).toBe('rig: the key data is not valid base64 (was it cut or changed while copying?)\n');
    const missing = await rig(['keys', 'rm', 'SHA256:nothing']);
    expect(missing.code).toBe(3);
  });
});

describe('rig token', () => {
  it('prints a new token alone on standard output, with the warning on standard error', async () => {
    const created = await rig(['token', 'create', 'ci', '--scopes', 'read', '--days', '2']);
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/^rig_[\w-]+\n$/);
    expect(created.stderr).toMatch(/shown only this once/);
    const token = created.stdout.trim();
    const me = await api(t.url, 'GET', '/api/v1/auth/me', undefined, bearer(token));
    expect(me.body).toMatchObject({ user: { name: 'alice' }, scopes: ['read'] });
    // A read-only token cannot write.
    const write = await rig(['token', 'create', 'more'], { token });
    expect(write.code).toBe(3);
  });

  it('lists tokens without their secrets and revokes one at once', async () => {
    const token = (await rig(['token', 'create', 'short-lived'])).stdout.trim();
    const list = await rig(['token', 'list', '--json']);
    const info = JSON.parse(list.stdout).find((i: { name: string }) => i.name === 'short-lived');
    expect(list.stdout).not.toContain(token);
    expect(token.startsWith(info.prefix)).toBe(true);
    const table = await rig(['token', 'list']);
    expect(table.stdout.split('\n').find((l) => l.startsWith(`${info.id} `))).toMatch(
      / short-lived .* active$/,
    );

    const revoked = await rig(['token', 'revoke', String(info.id)]);
    expect(revoked.code).toBe(0);
    expect(revoked.stdout).toBe(`revoked token ${info.id} (short-lived)\n`);
    expect((await api(t.url, 'GET', '/api/v1/auth/me', undefined, bearer(token))).status).toBe(401);
    const again = await rig(['token', 'list']);
    expect(again.stdout.split('\n').find((l) => l.startsWith(`${info.id} `))).toMatch(/ revoked$/);
    const bad = await rig(['token', 'revoke', 'x']);
    expect(bad.code).toBe(2);
  });
});
