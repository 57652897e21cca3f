import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { median, sleep } from './lib/clock.ts';
import { freePort } from './lib/ports.ts';
import { rigCli } from './lib/rig-process.ts';

/**
 * (c) Cold start: from spawning `rig serve` on a fresh data dir (so migrations run) to its
 * first 200 from /readyz, against spawning a bare `node -e` HTTP server to its first answer.
 */
export interface ColdStartResult {
  runs: number;
  rigMs: number[];
  bareMs: number[];
  rigMedianMs: number;
  bareMedianMs: number;
}

const BARE_SERVER =
  "require('node:http').createServer((q, s) => s.end('ok')).listen(Number(process.argv[1]), '127.0.0.1')";

/** One GET; resolves with the status, or undefined when nothing answers yet. */
function probe(url: string): Promise<number | undefined> {
  return new Promise((resolve) => {
    const req = request(url, { agent: false }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode));
    });
    req.on('error', () => resolve(undefined));
    req.end();
  });
}

async function timeToFirst200(child: ChildProcess, url: string, started: number): Promise<number> {
  const deadline = started + 30_000;
  while (performance.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`process exited with ${child.exitCode} before answering`);
    if ((await probe(url)) === 200) return performance.now() - started;
    await sleep(2);
  }
  throw new Error(`no 200 from ${url} within 30 s`);
}

async function once(kind: 'rig' | 'bare'): Promise<number> {
  const port = await freePort();
  const data = await mkdtemp(path.join(tmpdir(), 'rig-bench-cold-'));
  const config = path.join(data, 'rig.yaml');
  await writeFile(config, 'monitor:\n  enabled: false\nlog:\n  level: error\n');
  const args =
    kind === 'rig'
      ? [rigCli, 'serve', '--config', config, '--data', data, '--port', String(port), '--sidecar-port', '0']
      : ['-e', BARE_SERVER, String(port)];
  const started = performance.now();
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'inherit'], cwd: data });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    return await timeToFirst200(
      child,
      `http://127.0.0.1:${port}${kind === 'rig' ? '/readyz' : '/'}`,
      started,
    );
  } finally {
    child.kill('SIGTERM');
    await exited;
    await rm(data, { recursive: true, force: true });
  }
}

export async function runColdStart(runs: number): Promise<ColdStartResult> {
  const rigMs: number[] = [];
  const bareMs: number[] = [];
  // Interleaved, so that a burst of load from elsewhere hits both alike.
  for (let i = 0; i < runs; i++) {
    bareMs.push(await once('bare'));
    rigMs.push(await once('rig'));
  }
  return { runs, rigMs, bareMs, rigMedianMs: median(rigMs), bareMedianMs: median(bareMs) };
}
