import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CliProcess, ensureBuilt } from '../cli/cli-process.ts';
import { api } from '../helpers/http.ts';
import { freePort } from '../helpers/ports.ts';
import { SidecarPeer } from '../sidecar/peer.ts';
import { handshake } from './matrix.ts';
import { rawRequest } from './raw-http.ts';
import { bearer, cookiesOf, ed25519Line } from './world.ts';

const secret = (label: string) => `${label}-${randomBytes(12).toString('hex')}`;

/** The forms a secret could take in a log line: as text, as base64, as the bytes of a Buffer. */
const formsOf = (value: string) => [
  value,
  Buffer.from(value).toString('base64'),
  Buffer.from(value).toJSON().data.slice(0, 24).join(','),
];

/** Which secrets a text holds, each with the line it was found on (to find the leak). */
function leaks(text: string, secrets: Map<string, string>): string[] {
  const found: string[] = [];
  for (const [what, value] of secrets) {
    const form = formsOf(value).find((f) => text.includes(f));
    if (!form) continue;
    const at = text.indexOf(form);
    const line = text.slice(text.lastIndexOf('\n', at) + 1, text.indexOf('\n', at) >>> 0);
    found.push(`${what}: ${line.slice(0, 300)}`);
  }
  return found;
}

/**
 * A real `rig serve` at log level trace, driven through every flow that handles a secret;
 * then no password, token, cookie, CSRF value or key blob may be found in its log files,
 * its stderr or the audit log table. The bootstrap token goes to stdout only.
 */
describe('secrets never reach the logs', () => {
  let data: string;
  let server: CliProcess;
  let url: string;
  let sidecarUrl: string;
  /** Every secret value the flows used, by what it is. */
  const secrets = new Map<string, string>();
  let bootstrapToken: string;

  beforeAll(async () => {
    await ensureBuilt();
    data = await mkdtemp(path.join(tmpdir(), 'rig-secrets-'));
    const sidecarPort = await freePort();
    server = new CliProcess([
      'serve',
      '--data',
      data,
      '--port',
      '0',
      '--sidecar-port',
      String(sidecarPort),
      '--log-level',
      'trace',
    ]);
    await server.waitFor((p) => /Dashboard: (\S+)\//.test(p.stdout), 'the server to start', 30_000);
    url = /Dashboard: (\S+)\//.exec(server.stdout)?.[1] as string;
    sidecarUrl = `ws://127.0.0.1:${sidecarPort}/`;
    bootstrapToken = /RIG_BOOTSTRAP_TOKEN=(\S+)/.exec(server.stdout)?.[1] as string;
    expect(bootstrapToken).toMatch(/^rig_/);
    await exercise();
    server.signal('SIGTERM');
    expect((await server.exited).code).toBe(0);
  }, 120_000);
  afterAll(async () => {
    await server?.kill();
    if (data) await rm(data, { recursive: true, force: true });
  });

  /** Every flow that carries a secret, each checked to have worked (else it proves nothing). */
  async function exercise(): Promise<void> {
    const keep = (what: string, value: string) => {
      expect(value.length, what).toBeGreaterThan(12);
      secrets.set(what, value);
      return value;
    };
    keep('bootstrap token', bootstrapToken);
    const password = keep('admin password', secret('pw'));
    const boot = { token: bootstrapToken, name: 'boss', password };
    expect((await api(url, 'POST', '/api/v1/auth/bootstrap', boot)).status).toBe(201);
    const wrongBoot = { ...boot, token: keep('guessed bootstrap token', `rig_${secret('boot')}`) };
    expect((await api(url, 'POST', '/api/v1/auth/bootstrap', wrongBoot)).status).toBe(403);

    // Logins, right and wrong; a password typed as a user name is not covered (audit keeps names).
    const wrong = { name: 'boss', password: keep('wrong password', secret('wrong')) };
    expect((await api(url, 'POST', '/api/v1/auth/login', wrong)).status).toBe(401);
    const unknown = { name: 'nobody', password: keep('password of nobody', secret('nobody')) };
    expect((await api(url, 'POST', '/api/v1/auth/login', unknown)).status).toBe(401);
    const login = await api(url, 'POST', '/api/v1/auth/login', { name: 'boss', password });
    expect(login.status).toBe(200);
    const cookie = cookiesOf(login.headers);
    for (const pair of cookie.split('; ')) keep(`cookie ${pair.split('=')[0]}`, pair.split('=')[1] as string);
    const session = { cookie, 'x-rig-csrf': keep('csrf', login.body.csrf) };

    // Tokens: rig login, created from the dashboard, used, refused.
    const tokenLogin = await api(url, 'POST', '/api/v1/auth/token', {
      name: 'boss',
      password,
      token: { name: 'cli', scopes: ['read', 'write', 'admin'] },
    });
    expect(tokenLogin.status).toBe(201);
    const cli = bearer(keep('token of rig login', tokenLogin.body.token));
    const fromDashboard = await api(
      url,
      'POST',
      '/api/v1/tokens',
      { name: 'web', scopes: ['read', 'write'] },
      session,
    );
    expect(fromDashboard.status).toBe(201);
    const web = bearer(keep('token made in a session', fromDashboard.body.token));
    expect((await api(url, 'GET', '/api/v1/devices', undefined, cli)).status).toBe(200);
    expect((await api(url, 'GET', '/api/v1/devices', undefined, session)).status).toBe(200);
    const forged = bearer(keep('forged token', `rig_${secret('forged')}`));
    expect((await api(url, 'GET', '/api/v1/devices', undefined, forged)).status).toBe(401);
    // A token where it does not belong, echoed by nothing but the request line.
    const inQuery = await api(url, 'GET', `/api/v1/devices?token=${tokenLogin.body.token}`, undefined, cli);
    expect(inQuery.status).toBe(400);
    // Revoking by the token's value instead of its id: the token lands in the path.
    const inPath = await api(url, 'DELETE', `/api/v1/tokens/${tokenLogin.body.token}`, undefined, cli);
    expect(inPath.status).toBe(400);

    // Users: a generated password, a given one, an admin's reset, a change of one's own.
    const generated = await api(url, 'POST', '/api/v1/users', { name: 'opal', role: 'operator' }, cli);
    expect(generated.status).toBe(201);
    const opalPassword = keep('generated password', generated.body.password);
    const ursula = { name: 'ursula', password: keep('given password', secret('ursula')) };
    expect((await api(url, 'POST', '/api/v1/users', ursula, cli)).status).toBe(201);
    const reset = { password: keep('reset password', secret('reset')) };
    expect((await api(url, 'PATCH', '/api/v1/users/ursula', reset, cli)).status).toBe(200);
    const change = { current: password, password: keep('new admin password', secret('new')) };
    expect((await api(url, 'POST', '/api/v1/auth/password', change, session)).status).toBe(204);

    // SSH keys: a valid one (its blob), and a bad one whose text the error might echo.
    const key = ed25519Line('boss@laptop');
    keep('ssh key blob', key.split(' ')[1] as string);
    expect((await api(url, 'POST', '/api/v1/keys', { key }, cli)).status).toBe(201);
    const badKey = { key: `ssh-ed25519 ${keep('bad key text', secret('AAAAC3Nz'))}` };
    expect((await api(url, 'POST', '/api/v1/keys', badKey, cli)).status).toBe(400);

    // Malformed input that carries a secret.
    const cut = `{"name":"boss","password":"${keep('password in broken JSON', secret('json'))}"`;
    const broken = await api(url, 'POST', '/api/v1/auth/login', cut, { 'content-type': 'application/json' });
    expect(broken.status).toBe(400);
    const malformed = await rawRequest(
      url,
      `GET /api/v1/devices HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${tokenLogin.body.token}\r\n` +
        `Cookie: ${cookie}\r\nBad header line\r\n\r\n`,
    );
    expect(malformed).toMatch(/^HTTP\/1\.1 400 /);

    // Websockets: the events face by header and by cookie; the sidecar with ?token= and a header.
    expect((await handshake(`${url}/api/v1/events`, cli)).status).toBe(101);
    expect((await handshake(`${url}/api/v1/events`, { cookie })).status).toBe(101);
    expect((await handshake(`${url}/api/v1/events?token=${tokenLogin.body.token}`, {})).status).toBe(401);
    const opal = await api(url, 'POST', '/api/v1/auth/token', {
      name: 'opal',
      password: opalPassword,
      token: { name: 'monitor' },
    });
    const monitorToken = keep('sidecar token', opal.body.token);
    const byQuery = await SidecarPeer.connect(sidecarUrl, `/?token=${monitorToken}`, {
      localAddress: '127.0.0.2',
    });
    byQuery.send({ category: 'nodes', action: 'info', message: [{ id: 1, available: 'ok' }] });
    expect(await byQuery.readRecords('nodes', 1)).toEqual([{ id: 1, available: 'ok' }]);
    await byQuery.close();
    const byHeader = await SidecarPeer.connect(sidecarUrl, '/', {
      localAddress: '127.0.0.2',
      headers: bearer(monitorToken),
    });
    await byHeader.close();
    const badSidecar = `?token=${keep('refused sidecar token', `rig_${secret('sc')}`)}`;
    expect((await handshake(`${sidecarUrl}${badSidecar}`, {})).status).toBe(401);

    expect((await api(url, 'POST', '/api/v1/auth/logout', undefined, web)).status).toBe(204);
    expect((await api(url, 'POST', '/api/v1/auth/logout', undefined, session)).status).toBe(204);
  }

  const logText = async () => {
    const dir = path.join(data, 'logs');
    const files = await readdir(dir);
    expect(files).toContain('rig.log');
    return (await Promise.all(files.map((f) => readFile(path.join(dir, f), 'utf8')))).join('\n');
  };

  it('logs the requests at trace level (so that the search below means something)', async () => {
    const text = await logText();
    for (const line of [
      '"url":"/api/v1/auth/login"',
      '"url":"/api/v1/auth/token"',
      'handshake refused',
      'client error',
    ])
      expect(text).toContain(line);
  });

  it('holds no secret in the log files or on stderr', async () => {
    expect(leaks(`${await logText()}\n${server.stderr}`, secrets)).toEqual([]);
  });

  it('prints the bootstrap token on the console only', async () => {
    expect(server.stdout).toContain(`RIG_BOOTSTRAP_TOKEN=${bootstrapToken}`);
    expect(await logText()).not.toContain(bootstrapToken);
  });

  it('holds no secret in the audit log table', async () => {
    const db = new Database(path.join(data, 'rig.db'), { readonly: true });
    try {
      const rows = db.prepare('select * from audit_log').all();
      const text = JSON.stringify(rows);
      expect(text).toContain('auth.login');
      expect(leaks(text, secrets)).toEqual([]);
    } finally {
      db.close();
    }
  });
});
