import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LoginThrottle, throttledAddress } from '../../src/accounts/login-throttle.ts';
import { api } from '../helpers/http.ts';
import { startRig, type TestRig } from '../helpers/rig.ts';
import { type AddressedAnswer, postFrom } from './from-address.ts';
import { bearer, passwordOf } from './world.ts';

const ATTEMPTS = 3;
const WINDOW_SECONDS = 2;

/**
 * Failed logins are limited per user name and per client address (429 with Retry-After),
 * on every route that checks a password; the window expires; a success forgives the name.
 * Clients are told apart by their source address on loopback (127.0.0.x).
 */
describe('login rate limiting', () => {
  let t: TestRig;
  let host = 1;
  /** A client of its own address. */
  const client = () => `127.0.0.${++host}`;
  const login = (from: string, name: string, password: string) =>
    postFrom(from, t.url, '/api/v1/auth/login', { name, password });
  const tokenLogin = (from: string, name: string, password: string) =>
    postFrom(from, t.url, '/api/v1/auth/token', { name, password, token: { name: 'cli' } });
  const expectLimited = (answer: AddressedAnswer) => {
    expect(answer.status).toBe(429);
    expect(answer.body.error.code).toBe('RIG_ERR_RATE_LIMITED');
    const retry = Number(answer.headers['retry-after']);
    expect(retry).toBeGreaterThanOrEqual(1);
    expect(retry).toBeLessThanOrEqual(WINDOW_SECONDS);
  };

  beforeAll(async () => {
    t = await startRig({
      auth: true,
      config: { auth: { loginAttempts: ATTEMPTS, loginWindowSeconds: WINDOW_SECONDS } },
    });
    for (const name of ['dave', 'erin', 'frank', 'gina', 'hugo', 'ivan']) {
      const body = { name, password: passwordOf(name) };
      expect((await api(t.url, 'POST', '/api/v1/users', body, bearer(t.adminToken))).status).toBe(201);
    }
  });
  afterAll(async () => t?.destroy());

  it('limits a user name guessed from many addresses, and not the other names', async () => {
    for (let i = 0; i < ATTEMPTS; i++)
      expect((await login(client(), 'dave', 'wrong-guess')).status).toBe(401);
    const from = client();
    // Even the right password: the name is locked for the window.
    expectLimited(await login(from, 'dave', passwordOf('dave')));
    expect((await login(from, 'erin', passwordOf('erin'))).status).toBe(200);
  });

  it('limits an address that tries many names, and not the other addresses', async () => {
    const from = client();
    for (const name of ['nobody1', 'nobody2', 'nobody3'])
      expect((await login(from, name, 'wrong-guess')).status).toBe(401);
    expectLimited(await login(from, 'erin', passwordOf('erin')));
    expect((await login(client(), 'erin', passwordOf('erin'))).status).toBe(200);
  });

  it('lets the name in again once the window has passed', async () => {
    for (let i = 0; i < ATTEMPTS; i++) await login(client(), 'frank', 'wrong-guess');
    const limited = await login(client(), 'frank', passwordOf('frank'));
    expectLimited(limited);
    // Limited calls do not count as failures: polling does not extend the lock.
    const deadline = Date.now() + (WINDOW_SECONDS + 3) * 1000;
    let answer = limited;
    while (answer.status === 429 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      answer = await login(client(), 'frank', passwordOf('frank'));
    }
    expect(answer.status).toBe(200);
  });

  it("forgives a name's failures when it logs in", async () => {
    for (let i = 0; i < ATTEMPTS - 1; i++) await login(client(), 'gina', 'wrong-guess');
    expect((await login(client(), 'gina', passwordOf('gina'))).status).toBe(200);
    for (let i = 0; i < ATTEMPTS - 1; i++) await login(client(), 'gina', 'wrong-guess');
    // 2 × (ATTEMPTS − 1) failures in the window, but not ATTEMPTS since the success.
    expect((await login(client(), 'gina', passwordOf('gina'))).status).toBe(200);
  });

  it('limits the token login route (rig login) with the same counters', async () => {
    for (let i = 0; i < ATTEMPTS; i++)
      expect((await tokenLogin(client(), 'hugo', 'wrong-guess')).status).toBe(401);
    expectLimited(await tokenLogin(client(), 'hugo', passwordOf('hugo')));
    expectLimited(await login(client(), 'hugo', passwordOf('hugo')));
  });

  it('limits guesses of the current password through a stolen session', async () => {
    const session = await login(client(), 'ivan', passwordOf('ivan'));
    expect(session.status).toBe(200);
    const headers = {
      cookie: [session.headers['set-cookie'] ?? []]
        .flat()
        .map((c) => c.split(';')[0])
        .join('; '),
      'x-rig-csrf': session.body.csrf as string,
    };
    const from = client();
    const guess = (current: string) =>
      postFrom(from, t.url, '/api/v1/auth/password', { current, password: 'taken-over-password' }, headers);
    for (let i = 0; i < ATTEMPTS; i++) expect((await guess(`guess-${i}`)).status).toBe(401);
    expectLimited(await guess(passwordOf('ivan')));
  });
});

describe('the memory of failed logins', () => {
  it('stays bounded while ever new names are guessed from ever new addresses', () => {
    let now = 0;
    const throttle = new LoginThrottle(5, 60_000, { now: () => now });
    let most = 0;
    // Ten guesses a second for about an hour, each a new name from a new address.
    for (let i = 0; i < 40_000; i++) {
      throttle.failed(`guess-${i}`, `10.${i >> 16}.${(i >> 8) & 255}.${i & 255}`);
      most = Math.max(most, throttle.tracked);
      now += 100;
    }
    // Without forgetting, 80 000 names and addresses.
    expect(most).toBeLessThanOrEqual(10_002);
    // Forgetting the old keeps the recent: a name guessed five times now is still limited.
    for (let i = 0; i < 5; i++) throttle.failed('victim', `10.200.0.${i}`);
    expect(() => throttle.check('victim', '10.201.0.1')).toThrow(/too many failed logins/);
  });
});

describe('the address a failed login counts against', () => {
  it('is the /64 of an IPv6 client, which can take a new address for every guess', () => {
    const prefix = '2001:db8:1:2::/64';
    for (const address of [
      '2001:db8:1:2::1',
      '2001:DB8:1:2:ffff:ffff:ffff:ffff',
      '2001:0db8:0001:0002:a::b',
      '2001:db8:1:2::1%eth0',
    ])
      expect(throttledAddress(address), address).toBe(prefix);
    expect(throttledAddress('2001:db8:1:3::1')).toBe('2001:db8:1:3::/64');
    expect(throttledAddress('::1')).toBe('0:0:0:0::/64');
    expect(throttledAddress('fe80::1:2:3:4')).toBe('fe80:0:0:0::/64');
  });

  it('is the IPv4 address of an IPv4 client, mapped or not', () => {
    expect(throttledAddress('::ffff:10.0.0.1')).toBe('10.0.0.1');
    expect(throttledAddress('10.0.0.1')).toBe('10.0.0.1');
    expect(throttledAddress('10.0.0.2')).toBe('10.0.0.2');
  });

  it('limits guesses spread over one /64 as those of one address', () => {
    const throttle = new LoginThrottle(3, 60_000, { now: () => 0 });
    for (let i = 1; i <= 3; i++) throttle.failed(`name-${i}`, `2001:db8:1:2::${i}`);
    expect(() => throttle.check('someone', '2001:db8:1:2::99')).toThrow(/too many failed logins/);
    expect(() => throttle.check('someone', '2001:db8:1:3::1')).not.toThrow();
  });
});
