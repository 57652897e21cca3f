import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_KEYS_PER_USER } from '../../src/accounts/ssh-keys/service.ts';
import { api } from '../helpers/http.ts';
import { postgresReachable } from '../helpers/postgres.ts';
import { type Dialect, startRig, type TestRig } from '../helpers/rig.ts';
import { type GeneratedKey, KeyGen, wire } from './keygen.ts';

type Headers = Record<string, string>;

const runPg = (await postgresReachable()) || process.env.CI === 'true';

describe.each<Dialect>(['sqlite', 'postgres'])('SSH keys over the API on %s', (dialect) => {
  const skip = dialect === 'postgres' && !runPg;
  let t: TestRig;
  const keygen = new KeyGen();
  let admin: Headers;
  let alice: Headers;
  let bob: Headers;
  let aliceKey: GeneratedKey;
  let rsaKey: GeneratedKey;

  async function userToken(name: string): Promise<Headers> {
    const password = `${name}-password-1`;
    expect((await api(t.url, 'POST', '/api/v1/users', { name, password }, admin)).status).toBe(201);
    const login = await api(t.url, 'POST', '/api/v1/auth/token', { name, password, token: { name: 'cli' } });
    return { authorization: `Bearer ${login.body.token}` };
  }

  beforeAll(async () => {
    if (skip) return;
    t = await startRig({ auth: true, dialect });
    admin = { authorization: `Bearer ${t.adminToken}` };
    alice = await userToken('alice');
    bob = await userToken('bob');
    aliceKey = await keygen.generate('ed25519', undefined, 'alice@laptop');
    rsaKey = await keygen.generate('rsa', 2048, 'bob@desk');
  });
  afterAll(async () => {
    await t?.destroy();
    await keygen.dispose();
  });

  it.skipIf(skip)('answers 401 without credentials', async () => {
    expect((await api(t.url, 'GET', '/api/v1/keys')).status).toBe(401);
    expect((await api(t.url, 'POST', '/api/v1/keys', { key: aliceKey.publicLine })).status).toBe(401);
  });

  it.skipIf(skip)('adds, lists and removes my own keys, and announces each change', async () => {
    const announced: number[] = [];
    t.rig.bus.on('sshKeysChanged', announced, ({ userId }) => announced.push(userId));
    const added = await api(t.url, 'POST', '/api/v1/keys', { key: aliceKey.publicLine }, alice);
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({
      user: 'alice',
      algorithm: 'ssh-ed25519',
      bits: 256,
      fingerprint: aliceKey.fingerprint,
      comment: 'alice@laptop',
    });
    const listed = await api(t.url, 'GET', '/api/v1/keys', undefined, alice);
    expect(listed.body.map((k: { fingerprint: string }) => k.fingerprint)).toEqual([aliceKey.fingerprint]);
    expect((await api(t.url, 'GET', '/api/v1/keys', undefined, bob)).body).toEqual([]);

    const rsa = await api(t.url, 'POST', '/api/v1/keys', { key: rsaKey.publicLine, comment: 'desk' }, bob);
    expect(rsa.body).toMatchObject({ algorithm: 'ssh-rsa', bits: 2048, comment: 'desk' });
    expect((await api(t.url, 'DELETE', `/api/v1/keys/${rsa.body.id}`, undefined, bob)).status).toBe(204);
    expect((await api(t.url, 'GET', '/api/v1/keys', undefined, bob)).body).toEqual([]);

    const userId = (await t.rig.accounts.service.users.get('alice')).id;
    const bobId = (await t.rig.accounts.service.users.get('bob')).id;
    expect(announced).toEqual([userId, bobId, bobId]);
    t.rig.bus.removeListeners(announced);
  });

  it.skipIf(skip)('refuses a duplicate fingerprint with 409, mine or another account’s', async () => {
    const again = await api(t.url, 'POST', '/api/v1/keys', { key: aliceKey.publicLine }, alice);
    expect(again.status).toBe(409);
    expect(again.body.error.message).toMatch(/already added/);
    const stolen = await api(t.url, 'POST', '/api/v1/keys', { key: aliceKey.publicLine }, bob);
    expect(stolen.status).toBe(409);
    expect(stolen.body.error.message).toMatch(/another account/);
  });

  it.skipIf(skip)('answers 400 with the reason for a bad key', async () => {
    const priv = await api(t.url, 'POST', '/api/v1/keys', { key: aliceKey.privateText }, alice);
    expect(priv.status).toBe(400);
    expect(priv.body.error).toMatchObject({ code: 'RIG_ERR_VALIDATION', details: { reason: 'private_key' } });
    expect(priv.body.error.message).toMatch(/PRIVATE key/);
    const small = await keygen.generate('rsa', 1024);
    const weak = await api(t.url, 'POST', '/api/v1/keys', { key: small.publicLine }, alice);
    expect(weak.status).toBe(400);
    expect(weak.body.error.details.reason).toBe('rsa_too_small');
    const long = await api(
      t.url,
      'POST',
      '/api/v1/keys',
      { key: `ssh-ed25519 ${'A'.repeat(10_000)}` },
      alice,
    );
    expect(long.status).toBe(400);
    expect(long.body.error.message).toMatch(/too long/);
    const comment = await api(
      t.url,
      'POST',
      '/api/v1/keys',
      { key: small.publicLine.replace('ssh-rsa', 'ssh-ed25519'), comment: 'x' },
      alice,
    );
    expect(comment.body.error.details.reason).toBe('type_mismatch');
  });

  it.skipIf(skip)("does not let a user remove or list another user's keys; admins may", async () => {
    const [key] = (await api(t.url, 'GET', '/api/v1/keys', undefined, alice)).body;
    const foreign = await api(t.url, 'DELETE', `/api/v1/keys/${key.id}`, undefined, bob);
    expect(foreign.status).toBe(404);
    expect((await api(t.url, 'GET', '/api/v1/users/alice/keys', undefined, bob)).status).toBe(403);
    const asAdmin = await api(t.url, 'GET', '/api/v1/users/alice/keys', undefined, admin);
    expect(asAdmin.body.map((k: { id: number }) => k.id)).toEqual([key.id]);
    expect((await api(t.url, 'GET', '/api/v1/users/nobody/keys', undefined, admin)).status).toBe(404);
    expect((await api(t.url, 'DELETE', `/api/v1/keys/${key.id}`, undefined, admin)).status).toBe(204);
    expect((await api(t.url, 'GET', '/api/v1/keys', undefined, alice)).body).toEqual([]);
    expect((await api(t.url, 'DELETE', `/api/v1/keys/${key.id}`, undefined, admin)).status).toBe(404);
  });

  it.skipIf(skip)(`keeps at most ${MAX_KEYS_PER_USER} keys per user`, async () => {
    const carol = await userToken('carol');
    const randomKey = () => `ssh-ed25519 ${wire('ssh-ed25519', randomBytes(32)).toString('base64')}`;
    for (let i = 0; i < MAX_KEYS_PER_USER; i++)
      expect((await api(t.url, 'POST', '/api/v1/keys', { key: randomKey() }, carol)).status).toBe(201);
    const over = await api(t.url, 'POST', '/api/v1/keys', { key: randomKey() }, carol);
    expect(over.status).toBe(409);
    expect(over.body.error.message).toMatch(/at most/);
  });

  it.skipIf(skip)("deletes a user's keys with the user", async () => {
    const dave = await userToken('dave');
    const key = await keygen.generate('ecdsa', 256);
    expect((await api(t.url, 'POST', '/api/v1/keys', { key: key.publicLine }, dave)).status).toBe(201);
    expect((await api(t.url, 'DELETE', '/api/v1/users/dave', undefined, admin)).status).toBe(204);
    // The key is free again: nobody holds it any more.
    expect((await api(t.url, 'POST', '/api/v1/keys', { key: key.publicLine }, bob)).status).toBe(201);
  });
});
