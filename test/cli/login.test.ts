import { readFile, stat } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../helpers/http.ts';
import { startRig, type TestRig } from '../helpers/rig.ts';
import { addUser, bearer, configHome, passwordOf, tokenOf } from './accounts-fixture.ts';
import { CliProcess, ensureBuilt, runCli } from './cli-process.ts';

let t: TestRig;
let home: Awaited<ReturnType<typeof configHome>>;

/** `rig` against the test server, with its own credentials file. */
const rig = (args: string[], options: { env?: Record<string, string>; input?: string } = {}) =>
  runCli([...args, '--server', t.url], { ...options, env: { XDG_CONFIG_HOME: home.dir, ...options.env } });

const savedLogins = async () => JSON.parse(await readFile(home.file, 'utf8')).servers;

beforeAll(async () => {
  const [started] = await Promise.all([startRig({ auth: true }), ensureBuilt()]);
  t = started;
  home = await configHome();
  await addUser(t, 'alice');
  await addUser(t, 'bob');
  expect(
    (
      await api(
        t.url,
        'POST',
        '/api/v1/devices',
        { kind: 'node', id: 1, name: 'fit01' },
        bearer(t.adminToken),
      )
    ).status,
  ).toBe(201);
});
afterAll(async () => {
  await t?.destroy();
  await home?.remove();
});

describe('rig login and logout', () => {
  it('saves the token in a 0600 credentials file that later commands use', async () => {
    const login = await rig(['login', '--user', 'alice', '--password-stdin'], {
      input: `${passwordOf('alice')}\n`,
    });
    expect(login.stderr).toBe('');
    expect(login.code).toBe(0);
    expect(login.stdout.startsWith(`logged in to ${t.url} as alice until `)).toBe(true);
    expect((await stat(home.file)).mode & 0o777).toBe(0o600);
    expect((await stat(`${home.dir}/rig`)).mode & 0o777).toBe(0o700);
    const saved = (await savedLogins())[t.url];
    expect(saved).toMatchObject({ user: 'alice', token: expect.stringMatching(/^rig_/) });
    // The token on the file is a real one, with every scope the role allows.
    const me = await api(t.url, 'GET', '/api/v1/auth/me', undefined, bearer(saved.token));
    expect(me.body).toMatchObject({
      user: { name: 'alice' },
      via: 'token',
      scopes: ['read', 'write', 'admin'],
    });

    const whoami = await rig(['whoami']);
    expect(whoami.code).toBe(0);
    expect(whoami.stdout).toMatch(/^user:\s+alice$/m);
    expect((await rig(['devices', '--json'])).stdout).toContain('fit01');
  });

  it('keeps one token per server URL, and revokes the one a new login replaces', async () => {
    const other = t.url.replace('127.0.0.1', 'localhost');
    const before = (await savedLogins())[t.url].token;
    const login = await runCli(['login', '-u', 'bob', '--password-stdin', '--server', other], {
      input: passwordOf('bob'),
      env: { XDG_CONFIG_HOME: home.dir },
    });
    expect(login.code, login.stderr).toBe(0);
    const servers = await savedLogins();
    expect(Object.keys(servers).sort()).toEqual([other, t.url].sort());
    expect(servers[other].user).toBe('bob');
    expect(servers[t.url].token).toBe(before);
    const again = await rig(['login', '-u', 'alice', '--password-stdin'], { input: passwordOf('alice') });
    expect(again.code).toBe(0);
    expect((await savedLogins())[t.url].token).not.toBe(before);
    expect((await api(t.url, 'GET', '/api/v1/auth/me', undefined, bearer(before))).status).toBe(401);
  });

  it('revokes the token on logout, forgets it, and then says to log in', async () => {
    const token = (await savedLogins())[t.url].token;
    const logout = await rig(['logout']);
    expect(logout.code).toBe(0);
    expect(logout.stdout).toBe(`logged out of ${t.url}\n`);
    expect((await api(t.url, 'GET', '/api/v1/auth/me', undefined, bearer(token))).status).toBe(401);
    expect((await savedLogins())[t.url]).toBeUndefined();
    const devices = await rig(['devices']);
    expect(devices.code).toBe(3);
    expect(devices.stderr).toBe(`rig: not logged in to ${t.url}: run rig login\n`);
  });

  it('refuses a wrong password with exit 3, and a password not piped in from a script with exit 2', async () => {
    const wrong = await rig(['login', '-u', 'alice', '--password-stdin'], { input: 'not-the-password' });
    expect(wrong.code).toBe(3);
    expect(wrong.stderr).toBe('rig: wrong user name or password\n');
    const notTty = await rig(['login', '-u', 'alice']);
    expect(notTty.code).toBe(2);
    expect(notTty.stderr).toMatch(/--password-stdin/);
  });
});

describe('tokens from the environment and the command line', () => {
  it('uses RIG_TOKEN, and --token over it', async () => {
    const [alice, bob] = [await tokenOf(t, 'alice'), await tokenOf(t, 'bob')];
    const env = await rig(['whoami', '--json'], { env: { RIG_TOKEN: alice } });
    expect(env.code).toBe(0);
    expect(JSON.parse(env.stdout).user.name).toBe('alice');
    const flag = await rig(['whoami', '--json', '--token', bob], { env: { RIG_TOKEN: alice } });
    expect(JSON.parse(flag.stdout).user.name).toBe('bob');
  });

  it('says a revoked token was refused, naming where it came from', async () => {
    const token = await tokenOf(t, 'alice');
    expect((await rig(['logout'], { env: { RIG_TOKEN: token } })).code).toBe(0);
    const refused = await rig(['devices'], { env: { RIG_TOKEN: token } });
    expect(refused.code).toBe(3);
    expect(refused.stderr).toBe(
      `rig: the token of RIG_TOKEN was refused by ${t.url} (invalid, expired or revoked)\n`,
    );
  });

  it('says a saved token expired or was revoked', async () => {
    const login = await rig(['login', '-u', 'bob', '--password-stdin'], { input: passwordOf('bob') });
    expect(login.code).toBe(0);
    const saved = (await savedLogins())[t.url];
    expect(
      (await api(t.url, 'DELETE', `/api/v1/tokens/${saved.token_id}`, undefined, bearer(t.adminToken)))
        .status,
    ).toBe(200);
    const refused = await rig(['whoami']);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toBe(`rig: token expired or revoked for ${t.url}: run rig login\n`);
  });

  it('authenticates the events websocket of status watch', async () => {
    const denied = await rig(['status', 'watch']);
    expect(denied.code).toBe(3);
    expect(denied.stderr).toContain('run rig login');
    const watch = new CliProcess(['status', 'watch', '--server', t.url], {
      env: { RIG_TOKEN: await tokenOf(t, 'alice'), XDG_CONFIG_HOME: home.dir },
    });
    try {
      await api(
        t.url,
        'POST',
        '/api/v1/status',
        { kind: 'node', records: [{ id: 1, cmc_on_off: 'on' }] },
        bearer(t.adminToken),
      );
      await watch.waitFor((p) => p.stdout.includes('cmc_on_off=on'), 'the status of node 1');
    } finally {
      await watch.kill();
    }
  });
});
