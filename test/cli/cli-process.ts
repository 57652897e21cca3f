import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Runs the real, built `rig` (dist/cli/main.js) as a child process. The build is made
 * once, when src/ is newer than the last one, under a lock shared by the test workers.
 */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const cliPath = path.join(repoRoot, 'dist', 'cli', 'main.js');
const stampPath = path.join(repoRoot, 'dist', '.cli-tests-built');
const lockPath = path.join(repoRoot, 'dist', '.cli-tests-build.lock');

async function newestSource(dir: string): Promise<number> {
  let newest = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, await newestSource(full));
    else newest = Math.max(newest, (await stat(full)).mtimeMs);
  }
  return newest;
}

async function stale(): Promise<boolean> {
  const stamp = await stat(stampPath).catch(() => undefined);
  return !stamp || (await newestSource(path.join(repoRoot, 'src'))) > stamp.mtimeMs;
}

async function lock(): Promise<void> {
  await mkdir(path.dirname(lockPath), { recursive: true });
  for (const deadline = Date.now() + 180_000; ; ) {
    try {
      await mkdir(lockPath);
      return;
    } catch {
      const held = await stat(lockPath).catch(() => undefined);
      // A lock left by a killed run is taken over after a while.
      if (held && Date.now() - held.mtimeMs > 120_000) await rm(lockPath, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`timed out waiting for the build lock ${lockPath}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

let built: Promise<void> | undefined;

/** Bundles src/ into dist/ (scripts/build-server.mjs, as `npm run build`) if anything changed since. */
export function ensureBuilt(): Promise<void> {
  built ??= (async () => {
    if (!(await stale())) return;
    await lock();
    try {
      if (!(await stale())) return;
      const started = Date.now();
      const script = path.join(repoRoot, 'scripts', 'build-server.mjs');
      await new Promise<void>((resolve, reject) =>
        execFile(process.execPath, [script], { cwd: repoRoot }, (error, stdout, stderr) =>
          error ? reject(new Error(`the build failed:\n${stdout}${stderr}`)) : resolve(),
        ),
      );
      await writeFile(stampPath, String(started));
    } finally {
      await rm(lockPath, { recursive: true, force: true });
    }
  })();
  return built;
}

export interface CliOptions {
  /**
   * Added to the environment, whose RIG_* variables are removed first; XDG_CONFIG_HOME
   * points to an empty place unless given (the credentials of `rig login`).
   */
  env?: Record<string, string>;
  /** Written to standard input, which is then closed. */
  input?: string;
  cwd?: string;
}

/** Where `rig login` would save tokens unless a test says otherwise: never the real ~/.config. */
const noConfigHome = path.join(tmpdir(), 'rig-cli-tests-without-config');

function environment(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('RIG_')));
  return { ...env, XDG_CONFIG_HOME: noConfigHome, ...extra };
}

export interface CliExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A running `rig`, whose output is collected and can be waited for. */
export class CliProcess {
  stdout = '';
  stderr = '';
  readonly exited: Promise<CliExit>;
  private readonly child: ChildProcess;
  private listeners = new Set<() => void>();

  constructor(args: string[], options: CliOptions = {}) {
    this.child = spawn(process.execPath, [cliPath, ...args], {
      cwd: options.cwd ?? repoRoot,
      env: environment(options.env),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.child.stdout?.setEncoding('utf8').on('data', (text: string) => this.received('stdout', text));
    this.child.stderr?.setEncoding('utf8').on('data', (text: string) => this.received('stderr', text));
    this.child.stdin?.end(options.input ?? '');
    this.exited = new Promise((resolve) =>
      this.child.once('close', (code, signal) => {
        this.notify();
        resolve({ code, signal });
      }),
    );
  }

  private received(stream: 'stdout' | 'stderr', text: string): void {
    this[stream] += text;
    this.notify();
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }

  /** Complete lines of standard output so far. */
  get lines(): string[] {
    return this.stdout.split('\n').slice(0, -1);
  }

  /** Waits until `test` holds for the output, failing with both streams if it does not in time. */
  waitFor(test: (p: CliProcess) => boolean, what: string, timeoutMs = 15_000): Promise<void> {
    if (test(this)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!test(this)) return;
        clearTimeout(timer);
        this.listeners.delete(check);
        resolve();
      };
      const timer = setTimeout(() => {
        this.listeners.delete(check);
        reject(new Error(`timed out waiting for ${what}\nstdout: ${this.stdout}\nstderr: ${this.stderr}`));
      }, timeoutMs);
      this.listeners.add(check);
    });
  }

  signal(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  /** Ends the process for good (test cleanup). */
  async kill(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
    await this.exited;
  }
}

export interface CliResult extends CliExit {
  stdout: string;
  stderr: string;
}

/** Runs `rig args…` to its end. */
export async function runCli(
  args: string[],
  options: CliOptions = {},
  timeoutMs = 20_000,
): Promise<CliResult> {
  const cli = new CliProcess(args, options);
  const timer = setTimeout(() => void cli.kill(), timeoutMs);
  const exit = await cli.exited;
  clearTimeout(timer);
  return { ...exit, stdout: cli.stdout, stderr: cli.stderr };
}
