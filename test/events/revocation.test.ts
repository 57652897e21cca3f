import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { api } from '../helpers/http.ts';
import { startRig, type TestRig } from '../helpers/rig.ts';

/** An open events connection and the code it is closed with, if it is. */
async function follow(url: string, headers: Record<string, string>) {
  const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/api/v1/events?topics=status`, { headers });
  const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    socket.once('message', () => resolve());
    socket.once('error', reject);
  });
  return { socket, closed };
}

const stillOpen = async (socket: WebSocket) => {
  await new Promise((r) => setTimeout(r, 200));
  return socket.readyState === WebSocket.OPEN;
};

describe('revoked credentials on open /api/v1/events connections', () => {
  let t: TestRig;
  const admin = () => ({ authorization: `Bearer ${t.adminToken}` });

  beforeAll(async () => {
    t = await startRig({ auth: true });
    await api(t.url, 'POST', '/api/v1/users', { name: 'eve', password: 'eve-password-1' }, admin());
  });
  afterAll(async () => t?.destroy());

  const tokenOfEve = async () => {
    const answer = await api(t.url, 'POST', '/api/v1/auth/token', {
      name: 'eve',
      password: 'eve-password-1',
      token: { name: 'watch' },
    });
    return { bearer: { authorization: `Bearer ${answer.body.token}` }, id: answer.body.info.id as number };
  };

  it('closes the connection of a revoked token at once (4401), and not the others', async () => {
    const revoked = await tokenOfEve();
    const kept = await tokenOfEve();
    const a = await follow(t.url, revoked.bearer);
    const b = await follow(t.url, kept.bearer);
    expect(
      (await api(t.url, 'DELETE', `/api/v1/tokens/${revoked.id}`, undefined, revoked.bearer)).status,
    ).toBe(200);
    expect(await a.closed).toBe(4401);
    expect(await stillOpen(b.socket)).toBe(true);
    b.socket.close();
  });

  it('closes a session connection on logout, and every connection of a disabled user', async () => {
    const login = await api(t.url, 'POST', '/api/v1/auth/login', { name: 'eve', password: 'eve-password-1' });
    const cookie = login.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const bySession = await follow(t.url, { cookie });
    const token = await tokenOfEve();
    const byToken = await follow(t.url, token.bearer);
    await api(t.url, 'POST', '/api/v1/auth/logout', {}, { cookie, 'x-rig-csrf': login.body.csrf });
    expect(await bySession.closed).toBe(4401);
    expect(await stillOpen(byToken.socket)).toBe(true);
    expect((await api(t.url, 'PATCH', '/api/v1/users/eve', { disabled: true }, admin())).status).toBe(200);
    expect(await byToken.closed).toBe(4401);
    await api(t.url, 'PATCH', '/api/v1/users/eve', { disabled: false }, admin());
  });
});
