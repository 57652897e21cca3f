import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
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
    const files = (await readdir(path.join(dir, 'logs'))).sort();
    // The active file and two rotated ones, named as logrotate does; older ones are gone.
    expect(files).toEqual(['rig.log', 'rig.log.1', 'rig.log.2']);
    for (const file of files) {
      const size = (await stat(path.join(dir, 'logs', file))).size;
      expect(size).toBeLessThanOrEqual(2048 + 200);
    }
    // Oldest to newest, the kept files hold the last lines in order, up to the very last.
    const kept: number[] = [];
    for (const file of ['rig.log.2', 'rig.log.1', 'rig.log']) {
      const text = await readFile(path.join(dir, 'logs', file), 'utf8');
      for (const line of text.split('\n').filter(Boolean)) kept.push(JSON.parse(line).i);
    }
    expect(kept[kept.length - 1]).toBe(599);
    expect(kept).toEqual(kept.map((_, n) => (kept[0] as number) + n));
    expect(kept[0]).toBeGreaterThan(0);
  });

  it('never writes secrets', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'rig-log-'));
    const { logger, close } = await createLogger({ level: 'info', dir, stderr: false });
    logger.info(
      { password: 'hunter2', user: { token: 'tok-123' }, req: { headers: { authorization: 'Bearer abc' } } },
      'login',
    );
    await close();
    const text = await readFile(path.join(dir, 'logs', 'rig.log'), 'utf8');
    expect(text).toContain('login');
    for (const secret of ['hunter2', 'tok-123', 'Bearer abc']) expect(text).not.toContain(secret);
  });
});
