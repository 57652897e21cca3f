import { spawn } from 'node:child_process';
import {
  lstat,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  readlink,
  rm,
  stat,
  symlink,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inside, removeInside, sweepTemps, tempPattern, writeInside } from '../../src/keyexport/files.ts';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

describe('the export directory', () => {
  let base: string;
  let root: string;
  let outside: string;

  beforeEach(async () => {
    base = await mkdtemp(path.join(tmpdir(), 'rig-export-files-'));
    root = path.join(base, 'export');
    outside = path.join(base, 'outside');
    await mkdir(root);
    await mkdir(outside);
  });
  afterEach(() => rm(base, { recursive: true, force: true }));

  it('refuses paths that leave it', async () => {
    for (const rel of ['../x', '..', '', '.', '/etc/passwd', 'a/../../x', `..${path.sep}outside${path.sep}f`])
      expect(() => inside(root, rel), rel).toThrow(/not inside/);
    expect(inside(root, 'a/../b.authorized_keys')).toBe(path.join(root, 'b.authorized_keys'));
    await expect(writeInside(root, '../outside/escaped', 'x\n')).rejects.toThrow(/not inside/);
    expect(await readdir(outside)).toEqual([]);
  });

  it('never follows a symlink, to a directory or to a file', async () => {
    await symlink(outside, path.join(root, 'alpha'));
    await expect(writeInside(root, 'alpha/.ssh/authorized_keys', 'x\n')).rejects.toThrow(/symlink/);
    const victim = path.join(outside, 'victim');
    await writeFile(victim, 'precious\n');
    await symlink(victim, path.join(root, 'beta.authorized_keys'));
    await expect(writeInside(root, 'beta.authorized_keys', 'x\n')).rejects.toThrow(/symlink/);
    await expect(removeInside(root, 'beta.authorized_keys')).rejects.toThrow(/symlink/);
    expect(await readdir(outside)).toEqual(['victim']);
    expect(await readFile(victim, 'utf8')).toBe('precious\n');
    expect(await readlink(path.join(root, 'beta.authorized_keys'))).toBe(victim);
  });

  it('writes files 0600 in directories it makes 0700', async () => {
    await writeInside(root, 'alpha/.ssh/authorized_keys', 'key\n');
    expect((await stat(path.join(root, 'alpha', '.ssh', 'authorized_keys'))).mode & 0o777).toBe(0o600);
    expect((await stat(path.join(root, 'alpha', '.ssh'))).mode & 0o777).toBe(0o700);
    expect((await stat(path.join(root, 'alpha'))).mode & 0o777).toBe(0o700);
    expect(await readdir(path.join(root, 'alpha', '.ssh'))).toEqual(['authorized_keys']);
  });

  it('never shows a reader a partial file during many rewrites', async () => {
    const file = path.join(root, 'alpha.authorized_keys');
    // Different sizes, so a torn read cannot pass for a whole one.
    const versions = [`# small\n${'s'.repeat(1000)}\n`, `# large\n${'L'.repeat(1 << 20)}\n`];
    await writeInside(root, 'alpha.authorized_keys', versions[0] as string);
    const stop = new Int32Array(new SharedArrayBuffer(4));
    const reader = new Worker(
      `const { workerData, parentPort } = require('node:worker_threads');
       const fs = require('node:fs');
       const valid = workerData.versions.map((v) => Buffer.from(v));
       const seen = new Set();
       let reads = 0, torn = 0;
       parentPort.postMessage('reading');
       while (Atomics.load(workerData.stop, 0) === 0) {
         let data;
         try { data = fs.readFileSync(workerData.file); } catch (e) { torn++; continue; }
         reads++;
         const which = valid.findIndex((v) => v.equals(data));
         if (which < 0) torn++; else seen.add(which);
       }
       parentPort.postMessage({ reads, torn, seen: [...seen] });`,
      { eval: true, workerData: { file, versions, stop } },
    );
    const messages: unknown[] = [];
    const done = new Promise((resolve, reject) => {
      reader.on('message', (m) => {
        messages.push(m);
        if (typeof m === 'object') resolve(m);
      });
      reader.on('error', reject);
    });
    await new Promise<void>((resolve) => reader.once('message', () => resolve()));
    for (let i = 1; i <= 200; i++)
      await writeInside(root, 'alpha.authorized_keys', versions[i % 2] as string);
    Atomics.store(stop, 0, 1);
    const result = (await done) as { reads: number; torn: number; seen: number[] };
    await reader.terminate();
    expect(result.torn).toBe(0);
    // The reads overlapped the rewrites: both versions were seen.
    expect(result.seen.sort()).toEqual([0, 1]);
    expect((await readdir(root)).filter((n) => tempPattern.test(n))).toEqual([]);
  });

  it('leaves the old file whole when the writer is killed in the middle of a write', async () => {
    const rel = 'alpha.authorized_keys';
    const file = path.join(root, rel);
    const versions = ['A', 'B'].map((c) => `# version ${c}\n${c.repeat(8 << 20)}\n`);
    let killedMidWrite = 0;
    for (let trial = 0; trial < 5 && killedMidWrite === 0; trial++) {
      const writer = spawn(
        process.execPath,
        ['--import', 'tsx', 'test/keyexport/crash-writer.ts', root, rel],
        {
          cwd: repoRoot,
          stdio: ['ignore', 'pipe', 'inherit'],
        },
      );
      const exited = new Promise((resolve) => writer.on('exit', resolve));
      const started = new Promise<void>((resolve) => writer.stdout.once('data', () => resolve()));
      await Promise.race([
        started,
        exited.then((code) => Promise.reject(new Error(`the writer exited (${code}) before writing`))),
      ]);
      // Kill it while a temporary file exists: a write is under way.
      for (const deadline = Date.now() + 10_000; Date.now() < deadline; ) {
        if ((await readdir(root)).some((n) => tempPattern.test(n))) break;
      }
      writer.kill('SIGKILL');
      await exited;
      const content = await readFile(file, 'utf8');
      expect(versions.includes(content), `trial ${trial}: a whole version`).toBe(true);
      expect((await lstat(file)).mode & 0o777).toBe(0o600);
      if ((await readdir(root)).some((n) => tempPattern.test(n))) killedMidWrite++;
      await sweepTemps(root, '');
      expect(await readdir(root)).toEqual([rel]);
    }
    expect(killedMidWrite).toBeGreaterThan(0);
  });
});
