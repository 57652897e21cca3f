import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../helpers/http.ts';
import { startRig, type TestRig } from '../helpers/rig.ts';
import { addUser, bearer, tokenOf } from './accounts-fixture.ts';
import { ensureBuilt, runCli } from './cli-process.ts';

let t: TestRig;
let alice: string;

const asAdmin = (...args: string[]) =>
  runCli([...args, '--server', t.url], { env: { RIG_TOKEN: t.adminToken } });
const asAlice = (...args: string[]) => runCli([...args, '--server', t.url], { env: { RIG_TOKEN: alice } });

/** Logs in through the API: the proof that a password works. */
const login = (url: string, name: string, password: string) =>
  api(url, 'POST', '/api/v1/auth/token', { name, password, token: { name: 'check' } });

beforeAll(async () => {
  const [started] = await Promise.all([startRig({ auth: true }), ensureBuilt()]);
  t = started;
  await addUser(t, 'alice');
  alice = await tokenOf(t, 'alice');
});
afterAll(async () => t?.destroy());

describe('rig user', () => {
  it('creates a user with a generated password shown once, which then logs in', async () => {
    const created = await asAdmin(
      'user',
      'create',
      'dave',
      '--role',
      'operator',
      '--email',
      'dave@lab.example',
    );
    expect(created.code, created.stderr).toBe(0);
    const password = /^password: (\S+)$/m.exec(created.stdout)?.[1] as string;
    expect(created.stdout.split('\n')[0]).toBe('created user dave (operator)');
    expect((await login(t.url, 'dave', password)).status).toBe(201);
    const list = await asAdmin('user', 'list');
    const row = list.stdout.split('\n').find((l) => l.startsWith('dave '));
    expect(row?.split(/\s{2,}/).slice(0, 5)).toEqual(['dave', 'operator', 'active', '-', 'dave@lab.example']);
  });

  it('creates a user with a password from standard input', async () => {
    const created = await runCli(['user', 'create', 'erin', '--password-stdin', '--server', t.url], {
      env: { RIG_TOKEN: t.adminToken },
      input: 'erin-chosen-password\n',
    });
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toBe('created user erin (user)\n');
    expect((await login(t.url, 'erin', 'erin-chosen-password')).status).toBe(201);
  });

  it('changes role, disables and enables, resets the password', async () => {
    const role = await asAdmin('user', 'set', 'erin', '--role', 'operator', '--json');
    expect(JSON.parse(role.stdout).user).toMatchObject({ name: 'erin', role: 'operator' });
    expect((await asAdmin('user', 'set', 'erin', '--disable')).stdout).toBe(
      'updated user erin (operator, disabled)\n',
    );
    expect((await login(t.url, 'erin', 'erin-chosen-password')).status).toBe(401);
    expect((await asAdmin('user', 'set', 'erin', '--enable')).code).toBe(0);
    const reset = await asAdmin('user', 'set', 'erin', '--reset-password');
    const password = /^password: (\S+)$/m.exec(reset.stdout)?.[1] as string;
    expect((await login(t.url, 'erin', 'erin-chosen-password')).status).toBe(401);
    expect((await login(t.url, 'erin', password)).status).toBe(201);
    const nothing = await asAdmin('user', 'set', 'erin');
    expect(nothing.code).toBe(2);
    const both = await asAdmin('user', 'set', 'erin', '--disable', '--enable');
    expect(both.code).toBe(2);
  });

  it('deletes a user, and exits 3 for one that does not exist', async () => {
    expect((await asAdmin('user', 'rm', 'dave')).stdout).toBe('deleted user dave\n');
    const again = await asAdmin('user', 'rm', 'dave');
    expect(again.code).toBe(3);
    expect(again.stderr).toBe('rig: user dave not found\n');
  });

  it('refuses a user that is not an admin with exit 3 (403)', async () => {
    for (const args of [
      ['user', 'list'],
      ['user', 'create', 'mallory'],
      ['slice', 'create', 'mine'],
    ]) {
      const refused = await asAlice(...args);
      expect(refused.code, args.join(' ')).toBe(3);
      expect(refused.stderr).toMatch(/^rig: alice \(user\) may not do this\n$/);
    }
  });
});

describe('rig slice', () => {
  it('creates a slice with members, adds and removes members, lists and deletes it', async () => {
    const created = await asAdmin(
      'slice',
      'create',
      'inria-lab',
      '-d',
      'radio tests',
      '-m',
      'alice',
      '-m',
      'erin',
    );
    expect(created.stdout).toBe('created slice inria-lab with alice, erin\n');
    expect((await asAdmin('slice', 'rm-member', 'inria-lab', 'erin')).stdout).toBe(
      'erin left inria-lab (members: alice)\n',
    );
    expect((await asAdmin('slice', 'add-member', 'inria-lab', 'root')).code).toBe(0);
    const list = await asAlice('slice', 'list');
    expect(
      list.stdout
        .split('\n')
        .find((l) => l.startsWith('inria-lab '))
        ?.split(/\s{2,}/),
    ).toEqual(['inria-lab', 'alice,root', 'radio tests']);
    const me = JSON.parse((await asAlice('whoami', '--json')).stdout);
    expect(me.slices).toEqual(['inria-lab']);
    expect((await asAdmin('slice', 'rm', 'inria-lab')).stdout).toBe('deleted slice inria-lab\n');
    expect(JSON.parse((await asAdmin('slice', 'list', '--json')).stdout)).toEqual([]);
  });
});

describe('rig admin create', () => {
  let data: string;
  beforeAll(async () => {
    data = await mkdtemp(path.join(tmpdir(), 'rig-cli-admin-'));
  });
  afterAll(async () => rm(data, { recursive: true, force: true }));

  it('creates an admin in a fresh data dir without a server, whose login the server then accepts', async () => {
    const created = await runCli(['admin', 'create', 'boss', '--data', data]);
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    expect(created.stdout.split('\n')[0]).toBe(`created admin boss in sqlite:${path.join(data, 'rig.db')}`);
    const password = /^password: (\S+)$/m.exec(created.stdout)?.[1] as string;
    expect(password).toHaveLength(18);

    const chosen = await runCli(['admin', 'create', 'deputy', '--password-stdin'], {
      env: { RIG_DATA: data },
      input: 'deputy-password-1\n',
    });
    expect(chosen.code, chosen.stderr).toBe(0);

    const again = await runCli(['admin', 'create', 'boss', '--data', data]);
    expect(again.code).toBe(3);
    expect(again.stderr).toBe(`rig: user boss already exists in sqlite:${path.join(data, 'rig.db')}\n`);
    const badName = await runCli(['admin', 'create', 'Boss!', '--data', data]);
    expect(badName.code).toBe(2);
    const short = await runCli(['admin', 'create', 'tiny', '--data', data, '--password-stdin'], {
      input: 'short',
    });
    expect(short.code).toBe(2);
    expect(short.stderr).toBe('rig: password: at least 10 characters\n');

    const server = await startRig({ auth: true, data });
    try {
      const token = await login(server.url, 'boss', password);
      expect(token.status).toBe(201);
      const me = await api(server.url, 'GET', '/api/v1/auth/me', undefined, bearer(token.body.token));
      expect(me.body).toMatchObject({ user: { name: 'boss' }, role: 'admin' });
      expect((await login(server.url, 'deputy', 'deputy-password-1')).status).toBe(201);
      expect(server.consoleLines.join('\n')).not.toContain('RIG_BOOTSTRAP_TOKEN');
    } finally {
      await server.stop();
    }
  });

  it('exits 2 on an invalid configuration, naming the flag it came from', async () => {
    const bad = await runCli(['admin', 'create', 'boss', '--db', 'mysql://nope']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe(
      'rig: invalid configuration:\n  db: a database URL: sqlite:PATH, a file path, or postgres://… (from flag --db)\n',
    );
  });
});
