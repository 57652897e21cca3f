import WebSocket from 'ws';
import { serveRequests } from '../lib/child.ts';
import { sleep, wallMs } from '../lib/clock.ts';
import { Histogram } from '../lib/histogram.ts';
import { NODE_COUNT, type ObserverReply, type ObserverRequest, type ObserverStats } from './workload.ts';

/**
 * A group of observers (its own process): websockets that read every frame, like R2lab's
 * website. Each record's latency is its receipt time minus the pusher's stamp; each
 * observer checks that every id's sequence numbers only grow, and at the end of a step
 * that it holds the last record pushed for every id.
 */
interface Observer {
  socket: WebSocket;
  lastSeqById: number[];
  maxSeq: number;
  seeded: number;
}

const observers: Observer[] = [];
let step = newStep(Number.POSITIVE_INFINITY);

function newStep(firstSeq: number) {
  return {
    firstSeq,
    records: 0,
    frames: 0,
    outOfOrder: 0,
    firstReceipt: 0,
    lastReceipt: 0,
    histogram: new Histogram(),
  };
}

function receive(observer: Observer, data: WebSocket.RawData): void {
  const now = wallMs();
  const frame = JSON.parse(data.toString()) as { category?: string; action?: string; message?: unknown };
  if (frame.category !== 'nodes' || frame.action !== 'info' || !Array.isArray(frame.message)) return;
  const s = step;
  s.frames++;
  for (const record of frame.message as Array<{ id: number; bench_seq: number; bench_t: number }>) {
    const { id, bench_seq: seq } = record;
    if (seq === 0) {
      observer.seeded++;
      continue;
    }
    if (seq <= (observer.lastSeqById[id] ?? 0)) s.outOfOrder++;
    observer.lastSeqById[id] = seq;
    if (seq > observer.maxSeq) observer.maxSeq = seq;
    if (seq < s.firstSeq) continue;
    s.records++;
    s.histogram.record(now - record.bench_t);
    if (!s.firstReceipt) s.firstReceipt = now;
    s.lastReceipt = now;
  }
}

async function connect(url: string, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const socket = new WebSocket(url, { perMessageDeflate: false });
    const observer: Observer = {
      socket,
      lastSeqById: new Array(NODE_COUNT + 1).fill(0),
      maxSeq: 0,
      seeded: 0,
    };
    socket.on('message', (data) => receive(observer, data));
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    observers.push(observer);
  }
}

async function until(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) return false;
    await sleep(5);
  }
  return true;
}

async function awaitStep(lastSeq: number, lastSeqById: number[], timeoutMs: number): Promise<ObserverStats> {
  await until(() => observers.every((o) => o.maxSeq >= lastSeq), timeoutMs);
  const s = step;
  return {
    observers: observers.length,
    reached: observers.filter((o) => o.maxSeq >= lastSeq).length,
    records: s.records,
    frames: s.frames,
    outOfOrder: s.outOfOrder,
    lost: observers.filter((o) => lastSeqById.some((seq, id) => id > 0 && o.lastSeqById[id] !== seq)).length,
    firstReceipt: s.firstReceipt,
    lastReceipt: s.lastReceipt,
    histogram: s.histogram.toJSON(),
  };
}

serveRequests<ObserverRequest, ObserverReply>(async (request) => {
  switch (request.type) {
    case 'connect':
      await connect(request.url, request.count);
      return { ok: true };
    case 'seeded':
      return { ok: await until(() => observers.every((o) => o.seeded >= NODE_COUNT), 10_000) };
    case 'begin':
      step = newStep(request.firstSeq);
      return { ok: true };
    case 'await':
      return { stats: await awaitStep(request.lastSeq, request.lastSeqById, request.timeoutMs) };
    case 'close':
      for (const o of observers) o.socket.close();
      return { ok: true };
  }
});
