import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdir, rmdir, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

const root = fileURLToPath(new URL('../../', import.meta.url));
const web = path.join(root, 'web');
const builtIndex = path.join(web, 'dist', 'index.html');

function newestSource(): number {
  let newest = 0;
  const visit = (entry: string) => {
    const info = statSync(entry);
    if (info.isDirectory()) for (const name of readdirSync(entry)) visit(path.join(entry, name));
    else newest = Math.max(newest, info.mtimeMs);
  };
  for (const entry of ['src', 'index.html', 'vite.config.ts']) visit(path.join(web, entry));
  return newest;
}

const fresh = () => existsSync(builtIndex) && statSync(builtIndex).mtimeMs >= newestSource();

/** One build at a time across test workers: a lock directory, taken over when abandoned. */
async function withLock(action: () => Promise<void>): Promise<void> {
  const lock = path.join(
    tmpdir(),
    `rig-web-build-${createHash('sha1').update(root).digest('hex').slice(0, 12)}`,
  );
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      await mkdir(lock);
      break;
    } catch {
      const age = Date.now() - (await stat(lock).catch(() => ({ mtimeMs: Date.now() }))).mtimeMs;
      if (age > 120_000) await rmdir(lock).catch(() => {});
      if (Date.now() > deadline) throw new Error(`timed out waiting for the dashboard build lock ${lock}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  try {
    await action();
  } finally {
    await rmdir(lock).catch(() => {});
  }
}

/**
 * Makes sure web/dist holds a build of the current web/src (`npm test` builds first; a
 * targeted `npx vitest run test/dashboard` may not have), so the browser tests never run
 * against an old dashboard.
 */
export async function ensureDashboardBuilt(): Promise<void> {
  if (fresh()) return;
  await withLock(async () => {
    if (fresh()) return;
    // In a child process: Vitest sets NODE_ENV=test, which would make Vite bundle React's
    // development build (double effects, warnings) instead of what `npm run build` ships.
    const vite = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
    const config = path.join(web, 'vite.config.ts');
    try {
      await run(process.execPath, [vite, 'build', '--config', config, '--logLevel', 'warn'], {
        cwd: root,
        env: { ...process.env, NODE_ENV: 'production' },
      });
    } catch (error) {
      const output = (error as { stderr?: string }).stderr || String(error);
      throw new Error(
        `could not build the dashboard; run \`npm run build\` and read its errors:\n${output}`,
        {
          cause: error,
        },
      );
    }
  });
}
