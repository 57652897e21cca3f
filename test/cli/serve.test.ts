import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CliProcess, ensureBuilt, runCli } from './cli-process.ts';

let dir: string;
const running = new Set<CliProcess>();

/** `rig serve` on a free port, in a fresh data directory, without the sidecar face. */
async function serve(...args: string[]): Promise<{ cli: CliProcess; url: string; data: string }> {
  const data = await mkdtemp(path.join(dir, 'data-'));
  const cli = new CliProcess(['serve', '--port', '0', '--sidecar-port', '0', '--data', data, ...args]);
  running.add(cli);
  await cli.waitFor((c) => /Dashboard: +http:\/\/\S+\//.test(c.stdout), 'the dashboard URL', 30_000);
  const url = /Dashboard: +(http:\/\/\S+?)\/\n/.exec(cli.stdout)?.[1] ?? '';
  return { cli, url, data };
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'rig-cli-serve-'));
  await ensureBuilt();
});
afterEach(async () => {
  for (const cli of running) await cli.kill();
  running.clear();
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('rig serve', () => {
  it('prints the dashboard URL, where the server answers, and exits 0 on SIGTERM', async () => {
    const { cli, url } = await serve();
    expect(cli.stdout).toContain('Rig is running.');
    expect(cli.stdout).toContain(`API:       ${url}/api/docs`);
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    cli.signal('SIGTERM');
    expect(await cli.exited).toEqual({ code: 0, signal: null });
  });

  it('exits 0 on SIGINT', async () => {
    const { cli } = await serve();
    cli.signal('SIGINT');
    expect(await cli.exited).toEqual({ code: 0, signal: null });
  });

  it('writes pino JSON lines to DATA/logs/rig.log', async () => {
    const { cli, data } = await serve('--log-level', 'info');
    cli.signal('SIGTERM');
    expect((await cli.exited).code).toBe(0);
    const lines = (await readFile(path.join(data, 'logs', 'rig.log'), 'utf8')).trimEnd().split('\n');
    const entries = lines.map((line) => JSON.parse(line));
    expect(entries.map((e) => e.msg)).toEqual(expect.arrayContaining(['rig ready', 'stopping', 'stopped']));
    for (const entry of entries)
      expect(entry).toMatchObject({ level: expect.any(Number), time: expect.any(String) });
  });

  it('exits 2 for an invalid config file, naming each bad key and its line', async () => {
    const file = path.join(dir, 'rig.yaml');
    await writeFile(file, ['host: 127.0.0.1', 'port: "abc"', 'colour: blue', ''].join('\n'));
    const { code, stdout, stderr } = await runCli([
      'serve',
      '--config',
      file,
      '--data',
      path.join(dir, 'unused'),
    ]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(`rig: invalid configuration (${file}):`);
    expect(stderr).toMatch(/^ {2}port: .*\(line 2\)$/m);
    expect(stderr).toMatch(/^ {2}colour: .*\(line 3\)$/m);
  });

  it('exits 2 for a port flag that is not a number', async () => {
    const { code, stderr } = await runCli(['serve', '--port', 'eighty', '--data', path.join(dir, 'unused')]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^ {2}port: /m);
  });
});
