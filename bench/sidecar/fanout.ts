import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Child } from '../lib/child.ts';
import { cpuSeconds, sleep } from '../lib/clock.ts';
import { freePort } from '../lib/ports.ts';
import { spawnRig } from '../lib/rig-process.ts';
import { describeStep, type StepResult, sumCpu, summarise } from './summary.ts';
import type {
  ObserverReply,
  ObserverRequest,
  ObserverStats,
  PusherReply,
  PusherRequest,
} from './workload.ts';

/**
 * (a) Status fan-out on the sidecar face: one pusher, `observers` websocket observers, each
 * in processes of their own, against Rig or the bare baseline. A step pushes at a fixed
 * rate for a while, then waits until every observer has the step's last push; its
 * delivered records/s counts records received from the first push to the last receipt.
 */
export type Target = 'rig' | 'bare';

export interface FanoutOptions {
  observers: number;
  observerProcesses: number;
  stepMs: number;
  fixedRate: number;
  fixedMs: number;
  rates: number[];
  /** Extra node arguments for Rig (e.g. --cpu-prof). */
  rigNodeArgs?: string[];
  log?: (line: string) => void;
}

export interface FanoutResult {
  target: Target;
  fixed: StepResult;
  ramp: StepResult[];
  saturation: StepResult;
}

const here = path.dirname(fileURLToPath(import.meta.url));

async function startServer(target: Target, options: FanoutOptions) {
  if (target === 'rig') {
    const rig = await spawnRig({ nodeArgs: options.rigNodeArgs ?? [] });
    return { url: rig.sidecarUrl, pid: rig.child.pid as number, stop: rig.stop };
  }
  const port = await freePort();
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(here, '../baselines/bare-sidecar.ts'), String(port)],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('listening')) resolve();
    });
    child.once('exit', () => reject(new Error('bare sidecar exited before listening')));
  });
  return {
    url: `ws://127.0.0.1:${port}/`,
    pid: child.pid as number,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

function check<T extends { error?: string }>(reply: T): T {
  if (reply.error) throw new Error(reply.error);
  return reply;
}

export async function runFanout(target: Target, options: FanoutOptions): Promise<FanoutResult> {
  const log = options.log ?? (() => {});
  const server = await startServer(target, options);
  const groups: Array<Child<ObserverRequest, ObserverReply>> = [];
  let pusher: Child<PusherRequest, PusherReply | { ok: true; error?: string }> | undefined;
  try {
    const perGroup = Math.ceil(options.observers / options.observerProcesses);
    for (let left = options.observers; left > 0; left -= perGroup) {
      const group = Child.start<ObserverRequest, ObserverReply>(path.join(here, 'observers.ts'));
      groups.push(group);
      check(await group.request({ type: 'connect', url: server.url, count: Math.min(perGroup, left) }));
    }
    pusher = Child.start(path.join(here, 'pusher.ts'), [server.url]);
    check(await pusher.request({ type: 'seed' }));
    for (const group of groups) {
      if (!check(await group.request({ type: 'seeded' })).ok) throw new Error('observers were not seeded');
    }
    let nextSeq = 1;
    const step = async (rate: number, durationMs: number): Promise<StepResult> => {
      await Promise.all(groups.map((g) => g.request({ type: 'begin', firstSeq: nextSeq })));
      const clientPids = [pusher, ...groups].map((c) => c?.process.pid as number);
      const clientCpu = () => sumCpu(clientPids);
      const cpuBefore = [cpuSeconds(server.pid), clientCpu()] as const;
      const push = check((await pusher?.request({ type: 'run', rate, durationMs })) as PusherReply);
      const replies = await Promise.all(
        groups.map((g) =>
          g.request({
            type: 'await',
            lastSeq: push.lastSeq,
            lastSeqById: push.lastSeqById,
            timeoutMs: 30_000,
          }),
        ),
      );
      const cpuAfter = [cpuSeconds(server.pid), clientCpu()] as const;
      nextSeq = push.lastSeq + 1;
      const result = summarise(
        rate,
        push,
        replies.map((r) => check(r).stats as ObserverStats),
        cpuBefore,
        cpuAfter,
      );
      log(describeStep(target, result));
      await sleep(300);
      return result;
    };
    await step(options.fixedRate, 1000); // warm-up
    const fixed = await step(options.fixedRate, options.fixedMs);
    const ramp: StepResult[] = [];
    let saturatedSteps = 0;
    for (const rate of options.rates) {
      const result = await step(rate, options.stepMs);
      ramp.push(result);
      saturatedSteps = result.keptUp < 0.9 || result.pushRate < 0.9 * rate ? saturatedSteps + 1 : 0;
      if (saturatedSteps >= 2) break;
    }
    const saturation = [fixed, ...ramp].reduce((best, r) =>
      r.deliveredPerSec > best.deliveredPerSec ? r : best,
    );
    return { target, fixed, ramp, saturation };
  } finally {
    await pusher?.stop();
    for (const group of groups) await group.stop();
    await server.stop();
  }
}
