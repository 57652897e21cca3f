import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logging/logger.ts';

describe('the log file', () => {
  let dir: string;
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  it('rotates by size and keeps only the configured number of files', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'rig-log-'));
    const { logger, close } = await createLogger({
      level: 'info',
      dir,
      fileMaxBytes: 2048,
      fileCount: 3,
      stderr: false,
    });
    // ~100 KB of lines: dozens of rotations at 2 KiB.
    for (let i = 0; i < 600; i++) {
      logger.info({ i, padding: 'x'.repeat(120) }, 'line');
      // Rotation happens on the stream's writes: let them run.
      if (i % 50 === 0) await new Promise((r) => setTimeout(r, 5));
    }
    await close();
    const files = (await readdir(path.join(dir, 'logs'))).filter((f) => f.endsWith('.log')).sort();
    expect(files.length).toBe(3);
    const numbers = files.map((f) => Number(/rig\.(\d+)\.log$/.exec(f)?.[1]));
    // The oldest files are gone: numbering went far past the three kept.
    expect(Math.min(...numbers)).toBeGreaterThan(3);
    const newest = `rig.${Math.max(...numbers)}.log`;
    const lines = (await readFile(path.join(dir, 'logs', newest), 'utf8')).trim().split('\n');
    const last = JSON.parse(lines[lines.length - 1] as string);
    expect(last).toMatchObject({ i: 599, msg: 'line', level: 30 });
  });

  it('never writes secrets', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'rig-log-'));
    const { logger, close } = await createLogger({ level: 'info', dir, stderr: false });
    logger.info(
      { password: 'hunter2', user: { token: 'tok-123' }, req: { headers: { authorization: 'Bearer abc' } } },
      'login',
    );
    await close();
    const text = await readFile(path.join(dir, 'logs', 'rig.1.log'), 'utf8');
    expect(text).toContain('login');
    for (const secret of ['hunter2', 'tok-123', 'Bearer abc']) expect(text).not.toContain(secret);
  });
});
