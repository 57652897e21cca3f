import type { ConfigInput } from '../../src/config/schema.ts';
import type { LiveEvent, ServerMessage } from '../../src/events/index.ts';
import { api } from '../helpers/http.ts';
import { startRig, type TestRig } from '../helpers/rig.ts';
import { WsProbe } from '../helpers/ws.ts';

export type Frame = ServerMessage;
export type Events = ConfigInput['events'];

/** A real Rig with the events face configured as a test needs (heartbeats rare by default). */
export function eventsRig(events: Events = {}): Promise<TestRig> {
  return startRig({ config: { events: { heartbeatSeconds: 60, ...events } } });
}

export function eventsUrl(t: TestRig, query = ''): string {
  return `${t.url.replace(/^http/, 'ws')}/api/v1/events${query}`;
}

/** Connects and waits for the hello frame (and, for a fresh start, every snapshot). */
export async function connect(t: TestRig, query = ''): Promise<WsProbe> {
  const probe = await WsProbe.connect(eventsUrl(t, query));
  const hello = await probe.next<Extract<Frame, { type: 'hello' }>>((f) => f.type === 'hello', 5000, 'hello');
  for (const topic of hello.resumed ? [] : hello.topics)
    await probe.next((f) => f.type === 'snapshot' && f.topic === topic, 5000, `snapshot of ${topic}`);
  return probe;
}

/** Every frame of a probe, typed. */
export const framesOf = (probe: WsProbe): Frame[] => probe.frames as Frame[];

export const helloOf = (probe: WsProbe): Extract<Frame, { type: 'hello' }> => {
  const hello = framesOf(probe).find((f) => f.type === 'hello');
  if (hello?.type !== 'hello') throw new Error('no hello frame');
  return hello;
};

/** Every event a probe received, in order, from every events frame. */
export const eventsOf = (probe: WsProbe, topic?: string): LiveEvent[] =>
  framesOf(probe)
    .flatMap((f) => (f.type === 'events' ? f.events : []))
    .filter((e) => topic === undefined || e.topic === topic);

export const seqsOf = (events: readonly LiveEvent[]): number[] => events.map((e) => e.seq);

/** The highest position a probe was brought to (the `since` it would resume with). */
export function positionOf(probe: WsProbe): number {
  let position = 0;
  for (const f of framesOf(probe)) {
    if (f.type === 'hello' || f.type === 'snapshot' || f.type === 'events' || f.type === 'heartbeat')
      position = Math.max(position, f.seq);
  }
  return position;
}

/** Waits until the probe has been brought to position `seq` (or later). */
export async function untilSeq(probe: WsProbe, seq: number, timeoutMs = 10_000): Promise<void> {
  if (positionOf(probe) >= seq) return;
  await probe.next((f) => typeof f.seq === 'number' && f.seq >= seq, timeoutMs, `position ${seq}`);
}

/** The numbers from `first` to `last`, both included. */
export const range = (first: number, last: number): number[] =>
  Array.from({ length: Math.max(0, last - first + 1) }, (_, i) => first + i);

/** Resolves with the close code the probe's socket ends with. */
export function closeCode(probe: WsProbe): Promise<number> {
  return new Promise((resolve) => {
    if (probe.socket.readyState === probe.socket.CLOSED) resolve(-1);
    probe.socket.once('close', (code) => resolve(code));
  });
}

export async function waitUntil(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** The calls of the API that make events, each checked for success. */
export function writer(t: TestRig) {
  const ok = async (method: string, path: string, body?: unknown) => {
    const res = await api(t.url, method, path, body);
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${res.text}`);
    return res.body;
  };
  return {
    createDevice: (id: number | string, kind = 'node') => ok('POST', '/api/v1/devices', { kind, id }),
    renameDevice: (id: number, name: string) => ok('PATCH', `/api/v1/devices/node/${id}`, { name }),
    deleteDevice: (id: number) => ok('DELETE', `/api/v1/devices/node/${id}`),
    setStatus: (records: Array<Record<string, unknown>>) =>
      ok('POST', '/api/v1/status', { kind: 'node', records }),
    power: (id: number, on: boolean) =>
      ok('POST', '/api/v1/status', { kind: 'node', records: [{ id, cmc_on_off: on ? 'on' : 'off' }] }),
  };
}
