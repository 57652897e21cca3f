import { cpuSeconds } from '../lib/clock.ts';
import { Histogram } from '../lib/histogram.ts';
import type { ObserverStats, PusherReply } from './workload.ts';

/** What one step of the fan-out benchmark measured, merged over the observer processes. */
export interface StepResult {
  rate: number;
  pushRate: number;
  pushes: number;
  deliveredPerSec: number;
  /** Delivered ÷ (achieved push rate × observers): 1 when the server keeps up. */
  keptUp: number;
  records: number;
  expected: number;
  recordsPerFrame: number;
  outOfOrder: number;
  lost: number;
  reached: number;
  observers: number;
  p50: number;
  p99: number;
  max: number;
  serverCpu: number | undefined;
  /** CPU of the observer processes and the pusher (cores), to see who saturated. */
  clientCpu: number | undefined;
}

export function sumCpu(pids: number[]): number | undefined {
  let total = 0;
  for (const pid of pids) {
    const seconds = cpuSeconds(pid);
    if (seconds === undefined) return undefined;
    total += seconds;
  }
  return total;
}

export function summarise(
  rate: number,
  push: PusherReply,
  stats: ObserverStats[],
  cpuBefore: readonly [number | undefined, number | undefined],
  cpuAfter: readonly [number | undefined, number | undefined],
): StepResult {
  const histogram = new Histogram();
  let records = 0;
  let frames = 0;
  let lastReceipt = 0;
  const sum = (key: 'outOfOrder' | 'lost' | 'reached' | 'observers') => stats.reduce((n, s) => n + s[key], 0);
  for (const s of stats) {
    histogram.merge(s.histogram);
    records += s.records;
    frames += s.frames;
    lastReceipt = Math.max(lastReceipt, s.lastReceipt);
  }
  const observers = sum('observers');
  const pushSeconds = (push.endedAt - push.startedAt) / 1000;
  const deliverySeconds = (lastReceipt - push.startedAt) / 1000;
  const pushRate = push.pushes / pushSeconds;
  const deliveredPerSec = records / deliverySeconds;
  const cores = (i: 0 | 1) => {
    const [before, after] = [cpuBefore[i], cpuAfter[i]];
    return before === undefined || after === undefined ? undefined : (after - before) / deliverySeconds;
  };
  return {
    rate,
    pushRate,
    pushes: push.pushes,
    deliveredPerSec,
    keptUp: deliveredPerSec / (pushRate * observers),
    records,
    expected: push.pushes * observers,
    recordsPerFrame: records / Math.max(1, frames),
    outOfOrder: sum('outOfOrder'),
    lost: sum('lost'),
    reached: sum('reached'),
    observers,
    p50: histogram.percentile(0.5),
    p99: histogram.percentile(0.99),
    max: histogram.max,
    serverCpu: cores(0),
    clientCpu: cores(1),
  };
}

export function describeStep(target: string, r: StepResult): string {
  const pct = (v: number | undefined) => (v === undefined ? '?' : `${(100 * v).toFixed(0)}%`);
  const cpu = `, cpu: server ${pct(r.serverCpu)}, clients ${pct(r.clientCpu)}`;
  return (
    `  ${target.padEnd(4)} ${String(r.rate).padStart(5)}/s: pushed ${r.pushRate.toFixed(0)}/s, ` +
    `delivered ${(r.deliveredPerSec / 1000).toFixed(1)}k rec/s (kept up ${(100 * r.keptUp).toFixed(0)}%, ` +
    `${r.recordsPerFrame.toFixed(1)} rec/frame), p50 ${r.p50.toFixed(1)} ms p99 ${r.p99.toFixed(1)} ms ` +
    `max ${r.max.toFixed(0)} ms; missed ${r.expected - r.records}, out of order ${r.outOfOrder}, ` +
    `lost ${r.lost}, reached ${r.reached}/${r.observers}${cpu}`
  );
}
