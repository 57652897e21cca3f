import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../helpers/http.ts';
import { startRig, type TestRig } from '../helpers/rig.ts';
import { SidecarPeer } from '../sidecar/peer.ts';
import { handshake } from './matrix.ts';
import { bearer, cookiesOf, passwordOf } from './world.ts';

/** Connects from another loopback address than 127.0.0.1, the only trusted one here. */
const UNTRUSTED = { localAddress: '127.0.0.2' };

/**
 * Revoked, disabled or ended credentials stop working on the very next request: the
 * credentials' cache (which spares a query per request) must never outlive a revocation.
 */
describe('revocation takes effect at once', () => {
  let t: TestRig;
  const peers: SidecarPeer[] = [];
  const admin = () => bearer(t.adminToken);
  const get = (headers: Record<string, string>) => api(t.url, 'GET', '/api/v1/auth/me', undefined, headers);

  const addUser = async (name: string, role = 'user') => {
    const created = await api(
      t.url,
      'POST',
      '/api/v1/users',
      { name, role, password: passwordOf(name) },
      admin(),
    );
    expect(created.status, created.text).toBe(201);
  };
  const tokenOf = async (name: string) => {
    const answer = await api(t.url, 'POST', '/api/v1/auth/token', {
      name,
      password: passwordOf(name),
      token: { name: 'rev', scopes: ['read', 'write', 'admin'] },
    });
    expect(answer.status, answer.text).toBe(201);
    return {
      headers: bearer(answer.body.token),
      token: answer.body.token as string,
      id: answer.body.info.id,
    };
  };
  const sessionOf = async (name: string, password = passwordOf(name)) => {
    const login = await api(t.url, 'POST', '/api/v1/auth/login', { name, password });
    expect(login.status, login.text).toBe(200);
    return { cookie: cookiesOf(login.headers), 'x-rig-csrf': login.body.csrf as string };
  };
  /** Used twice first, so that it sits in the credentials' cache when it is revoked. */
  const warm = async (headers: Record<string, string>) => {
    for (let i = 0; i < 2; i++) expect((await get(headers)).status).toBe(200);
  };
  const sidecar = async (path: string) => {
    const peer = await SidecarPeer.connect(t.sidecarUrl!, path, UNTRUSTED);
    peers.push(peer);
    return peer;
  };
  /**
   * A status write over the sidecar, and whether it was applied: the echo of a request sent
   * after it proves it was handled (a connection's frames are handled in order).
   */
  const writes = async (peer: SidecarPeer, id: number, value: string): Promise<boolean> => {
    peer.send({ category: 'nodes', action: 'info', message: [{ id, available: value }] });
    const sentinel = { category: 'phones', action: 'request', message: `after-${id}-${value}` };
    peer.send(sentinel);
    while (JSON.stringify(await peer.read('the sentinel echo')) !== JSON.stringify(sentinel));
    return t.rig.status.service.get('node', id)?.available === value;
  };

  beforeAll(async () => {
    t = await startRig({
      auth: true,
      sidecar: true,
      config: { sidecar: { trustedNetworks: ['127.0.0.1/32'] } },
    });
    for (const name of ['alice', 'bob', 'carol']) await addUser(name);
    for (const name of ['mon1', 'mon2', 'mon3']) await addUser(name, 'operator');
  });
  afterEach(async () => {
    for (const peer of peers.splice(0)) await peer.close();
  });
  afterAll(async () => t?.destroy());

  it('refuses a token revoked through the API on the next request, the events handshake included', async () => {
    const alice = await tokenOf('alice');
    await warm(alice.headers);
    expect((await handshake(`${t.url}/api/v1/events`, alice.headers)).status).toBe(101);
    const revoked = await api(t.url, 'DELETE', `/api/v1/tokens/${alice.id}`, undefined, alice.headers);
    expect(revoked.status).toBe(200);
    expect((await get(alice.headers)).status).toBe(401);
    expect((await api(t.url, 'POST', '/api/v1/tokens', { name: 'x' }, alice.headers)).status).toBe(401);
    expect((await handshake(`${t.url}/api/v1/events`, alice.headers)).status).toBe(401);
  });

  it('refuses a token on the next request after `rig logout` (POST /auth/logout with it)', async () => {
    const alice = await tokenOf('alice');
    const other = await tokenOf('alice');
    await warm(alice.headers);
    expect((await api(t.url, 'POST', '/api/v1/auth/logout', undefined, alice.headers)).status).toBe(204);
    expect((await get(alice.headers)).status).toBe(401);
    expect((await handshake(`${t.url}/api/v1/events`, alice.headers)).status).toBe(401);
    // Only that token: the user's others still work.
    expect((await get(other.headers)).status).toBe(200);
  });

  it('stops the sidecar writes of a connection opened with ?token= once the token is revoked', async () => {
    const mon = await tokenOf('mon1');
    const peer = await sidecar(`/?token=${mon.token}`);
    expect(await writes(peer, 1, 'ok')).toBe(true);
    expect((await api(t.url, 'POST', '/api/v1/auth/logout', undefined, mon.headers)).status).toBe(204);
    expect(await writes(peer, 1, 'ko')).toBe(false);
    // A new connection with it is refused at the handshake.
    const refused = await handshake(`${t.sidecarUrl}?token=${mon.token}`, {});
    expect(refused.status).toBe(401);
  });

  it("ends a disabled user's tokens, sessions and sidecar writes at once", async () => {
    const token = await tokenOf('mon2');
    const session = await sessionOf('mon2');
    await warm(token.headers);
    await warm(session);
    const peer = await sidecar(`/?token=${token.token}`);
    expect(await writes(peer, 2, 'ok')).toBe(true);
    const disabled = await api(t.url, 'PATCH', '/api/v1/users/mon2', { disabled: true }, admin());
    expect(disabled.status).toBe(200);
    expect((await get(token.headers)).status).toBe(401);
    expect((await get(session)).status).toBe(401);
    expect(await writes(peer, 2, 'ko')).toBe(false);
    const login = await api(t.url, 'POST', '/api/v1/auth/login', {
      name: 'mon2',
      password: passwordOf('mon2'),
    });
    expect(login.status).toBe(401);
  });

  it('takes away the rights of a demoted operator at once, its open sidecar connection included', async () => {
    const token = await tokenOf('mon3');
    await warm(token.headers);
    const device = { kind: 'node', id: 77 };
    expect((await api(t.url, 'POST', '/api/v1/devices', device, token.headers)).status).toBe(201);
    const peer = await sidecar(`/?token=${token.token}`);
    expect(await writes(peer, 3, 'ok')).toBe(true);
    expect((await api(t.url, 'PATCH', '/api/v1/users/mon3', { role: 'user' }, admin())).status).toBe(200);
    const again = await api(t.url, 'POST', '/api/v1/devices', { kind: 'node', id: 78 }, token.headers);
    // Its token still names the user, who now has a user's rights only.
    expect(again.status).toBe(403);
    expect(await writes(peer, 3, 'ko')).toBe(false);
  });

  it('ends the other sessions of a user who changes the password, and keeps the one that changed it', async () => {
    const here = await sessionOf('bob');
    const elsewhere = await sessionOf('bob');
    await warm(here);
    await warm(elsewhere);
    const change = { current: passwordOf('bob'), password: 'bob-new-password-1' };
    expect((await api(t.url, 'POST', '/api/v1/auth/password', change, here)).status).toBe(204);
    expect((await get(elsewhere)).status).toBe(401);
    expect((await get(here)).status).toBe(200);
    const old = await api(t.url, 'POST', '/api/v1/auth/login', { name: 'bob', password: passwordOf('bob') });
    expect(old.status).toBe(401);
    expect((await get(await sessionOf('bob', 'bob-new-password-1'))).status).toBe(200);
  });

  it("ends every session of a user whose password an admin resets, and a deleted user's tokens", async () => {
    const session = await sessionOf('carol');
    const token = await tokenOf('carol');
    await warm(session);
    await warm(token.headers);
    const reset = await api(
      t.url,
      'PATCH',
      '/api/v1/users/carol',
      { password: 'carol-reset-password' },
      admin(),
    );
    expect(reset.status).toBe(200);
    expect((await get(session)).status).toBe(401);
    expect((await api(t.url, 'DELETE', '/api/v1/users/carol', undefined, admin())).status).toBe(204);
    expect((await get(token.headers)).status).toBe(401);
  });
});
