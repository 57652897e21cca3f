import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sleep } from './clock.ts';
import { freePort } from './ports.ts';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const rigCli = path.join(repoRoot, 'dist/cli/main.js');

/** Monitors and the demo off, quiet logs: only the load of the benchmark runs. */
const BENCH_CONFIG = 'monitor:\n  enabled: false\nlog:\n  level: error\n';

export interface RigProcess {
  child: ChildProcess;
  url: string;
  sidecarUrl: string;
  data: string;
  /** An API token of the admin `bench` (scopes read, write, admin). */
  token: string;
  /** `{ authorization: 'Bearer …' }` for fetch. */
  auth: Record<string, string>;
  stop(): Promise<void>;
}

export interface SpawnRigOptions {
  /** Extra arguments for node (e.g. --cpu-prof). */
  nodeArgs?: string[];
  /** A database URL (default: SQLite in the data dir). */
  db?: string;
  /** More YAML configuration, appended to the benchmark's. */
  config?: string;
}

const BENCH_ADMIN = { name: 'bench', password: 'bench-password-1' };

/** Resolves with the bootstrap token a fresh Rig prints on its stdout (authentication is on). */
function bootstrapTokenOf(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const stdout = child.stdout;
    if (!stdout) return reject(new Error('no stdout to read the bootstrap token from'));
    stdout.setEncoding('utf8');
    stdout.on('data', (chunk: string) => {
      // Kept reading to the end, so the pipe never fills; only the start is kept.
      if (text.length < 65_536) text += chunk;
      const match = /RIG_BOOTSTRAP_TOKEN=(\S+)/.exec(text);
      if (match?.[1]) resolve(match[1]);
    });
    child.once('exit', () => reject(new Error('rig exited without printing a bootstrap token')));
  });
}

/** Creates the admin `bench` with the bootstrap token, and returns an API token of it. */
async function adminToken(url: string, bootstrap: string): Promise<string> {
  const post = async (path: string, body: unknown) => {
    const response = await fetch(`${url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`POST ${path}: ${response.status} ${text}`);
    return JSON.parse(text) as { token?: string };
  };
  await post('/api/v1/auth/bootstrap', { token: bootstrap, ...BENCH_ADMIN });
  const { token } = await post('/api/v1/auth/token', {
    ...BENCH_ADMIN,
    token: { name: 'bench', scopes: ['read', 'write', 'admin'] },
  });
  if (!token) throw new Error('no token in the answer of POST /api/v1/auth/token');
  return token;
}

/**
 * Starts `rig serve` (the built dist/) as its own process on a fresh data dir; waits for
 * /readyz, then creates an admin with the bootstrap token and returns its API token.
 */
export async function spawnRig(options: SpawnRigOptions = {}): Promise<RigProcess> {
  const data = await mkdtemp(path.join(tmpdir(), 'rig-bench-'));
  const config = path.join(data, 'rig.yaml');
  await writeFile(config, `${BENCH_CONFIG}${options.config ?? ''}`);
  const [port, sidecarPort] = [await freePort(), await freePort()];
  const child = spawn(
    process.execPath,
    [
      ...(options.nodeArgs ?? []),
      rigCli,
      'serve',
      '--config',
      config,
      '--data',
      data,
      '--port',
      String(port),
      '--sidecar-port',
      String(sidecarPort),
      ...(options.db ? ['--db', options.db] : []),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'], cwd: data },
  );
  const bootstrap = bootstrapTokenOf(child);
  bootstrap.catch(() => {});
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    await rm(data, { recursive: true, force: true });
  };
  let token: string;
  try {
    await waitReady(url, 30_000, () => child.exitCode !== null);
    token = await adminToken(url, await bootstrap);
  } catch (error) {
    await stop();
    throw error;
  }
  const auth = { authorization: `Bearer ${token}` };
  return { child, url, sidecarUrl: `ws://127.0.0.1:${sidecarPort}/`, data, token, auth, stop };
}

/** Polls GET /readyz until it answers 200. */
export async function waitReady(url: string, timeoutMs: number, gaveUp: () => boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (gaveUp()) throw new Error('rig exited before it was ready');
    try {
      const response = await fetch(`${url}/readyz`);
      await response.arrayBuffer();
      if (response.status === 200) return;
    } catch {
      // Not listening yet.
    }
    await sleep(20);
  }
  throw new Error(`rig not ready within ${timeoutMs} ms`);
}
