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
const BENCH_CONFIG = 'monitor:\n  enabled: false\nlog:\n  level: warn\n';

export interface RigProcess {
  child: ChildProcess;
  url: string;
  sidecarUrl: string;
  data: string;
  stop(): Promise<void>;
}

export interface SpawnRigOptions {
  /** Extra arguments for node (e.g. --cpu-prof). */
  nodeArgs?: string[];
}

/** Starts `rig serve` (the built dist/) as its own process on a fresh data dir; waits for /readyz. */
export async function spawnRig(options: SpawnRigOptions = {}): Promise<RigProcess> {
  const data = await mkdtemp(path.join(tmpdir(), 'rig-bench-'));
  const config = path.join(data, 'rig.yaml');
  await writeFile(config, BENCH_CONFIG);
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
    ],
    { stdio: ['ignore', 'ignore', 'inherit'], cwd: data },
  );
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    await rm(data, { recursive: true, force: true });
  };
  try {
    await waitReady(url, 30_000, () => child.exitCode !== null);
  } catch (error) {
    await stop();
    throw error;
  }
  return { child, url, sidecarUrl: `ws://127.0.0.1:${sidecarPort}/`, data, stop };
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
