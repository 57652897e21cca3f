import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../helpers/http.ts';
import { freePort } from '../helpers/ports.ts';
import { startRig, type TestRig } from '../helpers/rig.ts';
import { ensureBuilt, runCli } from './cli-process.ts';

let t: TestRig;

beforeAll(async () => {
  const [started] = await Promise.all([startRig(), ensureBuilt()]);
  t = started;
  await api(t.url, 'POST', '/api/v1/devices', { kind: 'node', id: 1, name: 'fit01' });
});
afterAll(async () => t?.destroy());

describe('choosing the server', () => {
  it('talks to the server named by RIG_URL', async () => {
    const { code, stdout } = await runCli(['devices', '--json'], { env: { RIG_URL: t.url } });
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject([{ kind: 'node', id: 1, name: 'fit01' }]);
  });

  it('lets --server win over RIG_URL, before or after the command', async () => {
    const elsewhere = `http://127.0.0.1:${await freePort()}`;
    const before = await runCli(['--server', t.url, 'devices'], { env: { RIG_URL: elsewhere } });
    expect(before.code).toBe(0);
    expect(before.stdout).toContain('fit01');
    const after = await runCli(['devices', '-s', t.url], { env: { RIG_URL: elsewhere } });
    expect(after.code).toBe(0);
  });

  it('exits 4 with a message naming the URL when nothing answers there', async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const { code, stdout, stderr } = await runCli(['devices', '--server', url]);
    expect(code).toBe(4);
    expect(stdout).toBe('');
    expect(stderr).toBe(`rig: cannot reach Rig at ${url}: connection refused (ECONNREFUSED)\n`);
    const watch = await runCli(['status', 'watch'], { env: { RIG_URL: url } });
    expect(watch.code).toBe(4);
    expect(watch.stderr).toContain(`cannot reach Rig at ${url}`);
  });

  it('exits 2 for a server that is not an http URL, naming where it came from', async () => {
    const flag = await runCli(['devices', '--server', 'ftp://example.org']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/^rig: invalid --server: "ftp:\/\/example.org" is not an http/);
    const env = await runCli(['devices'], { env: { RIG_URL: 'not a url' } });
    expect(env.code).toBe(2);
    expect(env.stderr).toMatch(/^rig: invalid RIG_URL: "not a url" is not a URL/);
  });
});

describe('usage errors', () => {
  it('exits 2 for an unknown command, saying so', async () => {
    const { code, stderr } = await runCli(['frobnicate']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^rig: unknown command 'frobnicate'/);
  });

  it('exits 2 for an unknown option or a missing argument', async () => {
    const option = await runCli(['devices', '--colour']);
    expect(option.code).toBe(2);
    expect(option.stderr).toMatch(/^rig: unknown option '--colour'/);
    const argument = await runCli(['device', 'show']);
    expect(argument.code).toBe(2);
    expect(argument.stderr).toMatch(/^rig: missing required argument 'ref'/);
  });

  it('exits 0 for --help, which lists the commands, the environment and the exit codes', async () => {
    const { code, stdout } = await runCli(['--help']);
    expect(code).toBe(0);
    for (const word of ['serve', 'devices', 'device', 'status', 'inventory', 'RIG_URL', 'Exit codes']) {
      expect(stdout).toContain(word);
    }
  });
});
