import type { ChildProcess } from 'node:child_process';
import { fork } from 'node:child_process';

/**
 * A benchmark helper process (pusher, observers, load generator, bare server) run under
 * tsx, talking to the orchestrator over IPC: one request, one reply, in order.
 */
export class Child<Request, Reply> {
  private readonly replies: Array<(reply: Reply) => void> = [];
  private readonly exited: Promise<void>;

  private constructor(readonly process: ChildProcess) {
    process.on('message', (reply) => this.replies.shift()?.(reply as Reply));
    this.exited = new Promise((resolve) => process.once('exit', () => resolve()));
    process.once('exit', (code, signal) => {
      if (this.replies.length) {
        const failure = new Error(`helper exited (${code ?? signal}) with requests pending`);
        for (const waiter of this.replies.splice(0)) waiter({ error: failure.message } as Reply);
      }
    });
  }

  static start<Request, Reply>(module: string, args: string[] = []): Child<Request, Reply> {
    const child = fork(module, args, {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    return new Child<Request, Reply>(child);
  }

  request(message: Request): Promise<Reply> {
    return new Promise((resolve) => {
      this.replies.push(resolve);
      this.process.send(message as object);
    });
  }

  async stop(): Promise<void> {
    if (this.process.exitCode === null && this.process.signalCode === null) this.process.kill('SIGTERM');
    await this.exited;
  }
}

/** In a helper: answers each request from the orchestrator with `handle`'s result. */
export function serveRequests<Request, Reply>(handle: (request: Request) => Promise<Reply> | Reply): void {
  let chain = Promise.resolve();
  process.on('message', (message) => {
    chain = chain.then(async () => {
      let reply: unknown;
      try {
        reply = await handle(message as Request);
      } catch (error) {
        reply = { error: error instanceof Error ? error.message : String(error) };
      }
      process.send?.(reply as object);
    });
  });
  process.on('disconnect', () => process.exit(0));
}
