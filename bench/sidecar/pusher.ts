import WebSocket from 'ws';
import { serveRequests } from '../lib/child.ts';
import { wallMs } from '../lib/clock.ts';
import { NODE_COUNT, nodeOfPush, type PusherReply, type PusherRequest, seedRecord } from './workload.ts';

/**
 * The pusher (its own process): one websocket to the server under test, sending one
 * partial node record per frame at a paced rate. Pacing runs on a 1 ms timer; when the
 * socket's own unsent bytes pass a bound, it holds back (the achieved rate is reported).
 */
const url = process.argv[2] as string;
const MAX_UNSENT_BYTES = 1 << 20;

const socket = new WebSocket(url, { perMessageDeflate: false });
const opened = new Promise<void>((resolve, reject) => {
  socket.once('open', () => resolve());
  socket.once('error', reject);
});
let seq = 0;
const lastSeqById = new Array<number>(NODE_COUNT + 1).fill(0);

function push(): void {
  seq++;
  const id = nodeOfPush(seq);
  lastSeqById[id] = seq;
  socket.send(
    `{"category":"nodes","action":"info","message":[{"id":${id},"bench_seq":${seq},"bench_t":${wallMs()}}]}`,
  );
}

function run(rate: number, durationMs: number): Promise<PusherReply> {
  const firstSeq = seq + 1;
  const startedAt = wallMs();
  const started = performance.now();
  const maxBurst = Math.max(1, Math.ceil(rate / 100));
  let owed = 0;
  let accounted = started;
  return new Promise((resolve) => {
    const tick = () => {
      const now = performance.now();
      const done = now - started >= durationMs;
      owed += ((Math.min(now, started + durationMs) - accounted) * rate) / 1000;
      accounted = Math.min(now, started + durationMs);
      // Bounded catch-up: a stall is not repaid by a burst larger than 10 ms of pushes.
      owed = Math.min(owed, maxBurst);
      if (socket.bufferedAmount <= MAX_UNSENT_BYTES) {
        while (owed >= 1) {
          push();
          owed--;
        }
      }
      if (!done) {
        setTimeout(tick, 1);
        return;
      }
      resolve({
        firstSeq,
        lastSeq: seq,
        pushes: seq - firstSeq + 1,
        startedAt,
        endedAt: wallMs(),
        lastSeqById: [...lastSeqById],
      });
    };
    tick();
  });
}

serveRequests<PusherRequest, PusherReply | { ok: true }>(async (request) => {
  await opened;
  if (request.type === 'seed') {
    const records = Array.from({ length: NODE_COUNT }, (_, i) => seedRecord(i + 1));
    socket.send(JSON.stringify({ category: 'nodes', action: 'info', message: records }));
    return { ok: true };
  }
  if (request.type === 'run') return run(request.rate, request.durationMs);
  socket.close();
  return { ok: true };
});
