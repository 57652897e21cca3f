import { type ChildProcessWithoutNullStreams, spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Debian's python, which has python3-websockets (the pyenv python first on PATH does not). */
const PYTHON = '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('./python/r2lab_clients.py', import.meta.url));

/**
 * Whether the Python clients can run: they need Debian's python3-websockets. Without it
 * they are skipped, except under CI=true where that fails the run.
 */
export function pythonWebsocketsProblem(): string | undefined {
  const probe = spawnSync(PYTHON, ['-c', 'import websockets; print(websockets.__version__)'], {
    encoding: 'utf8',
  });
  if (probe.status === 0) return undefined;
  const problem = `${PYTHON} cannot import websockets (apt-get install python3-websockets): ${probe.stderr || probe.error}`;
  if (process.env.CI === 'true') throw new Error(`${problem} and CI=true`);
  return problem;
}

/** One run of r2lab_clients.py; its stdout is one JSON value per line. */
export class PythonClient {
  private readonly lines: string[] = [];
  private wake: (() => void) | undefined;
  private stderr = '';
  /** Set once it exited and its output was all read. */
  private closed = false;
  readonly exited: Promise<number | null>;
  private readonly child: ChildProcessWithoutNullStreams;

  constructor(args: string[]) {
    this.child = spawn(PYTHON, [SCRIPT, ...args]);
    let rest = '';
    this.child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      const parts = (rest + chunk).split('\n');
      rest = parts.pop() ?? '';
      this.lines.push(...parts);
      this.wake?.();
    });
    this.child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      this.stderr += chunk;
    });
    this.exited = new Promise((resolve) =>
      this.child.on('close', (code) => {
        this.closed = true;
        resolve(code);
        this.wake?.();
      }),
    );
  }

  /** The next JSON line it printed; fails with its stderr if it exits first. */
  async read(timeoutMs = 10_000): Promise<Record<string, unknown>> {
    const deadline = Date.now() + timeoutMs;
    while (!this.lines.length) {
      if (this.closed) throw new Error(`python exited ${this.child.exitCode}: ${this.stderr}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`python printed nothing in ${timeoutMs} ms: ${this.stderr}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 100));
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
    }
    return JSON.parse(this.lines.shift()!) as Record<string, unknown>;
  }

  write(line: string): void {
    this.child.stdin.write(`${line}\n`);
  }

  /** Closes its stdin and waits for a clean exit. */
  async finish(): Promise<void> {
    this.child.stdin.end();
    const code = await this.exited;
    if (code !== 0) throw new Error(`python exited ${code}: ${this.stderr}`);
  }

  kill(): void {
    if (this.child.exitCode === null) this.child.kill();
  }
}
