import { afterEach, describe, expect, it } from 'vitest';
import { EventsClient, type EventsItem, RigClientError } from '../../src/client/index.ts';
import { api } from '../helpers/http.ts';
import { freePort } from '../helpers/ports.ts';
import { startRig, type TestRig } from '../helpers/rig.ts';

type Hello = Extract<EventsItem, { kind: 'hello' }>;
type Event = Extract<EventsItem, { kind: 'event' }>;

const cleanup: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function until(test: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; !test(); ) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Records what a client hands out, with helpers to read it. */
function recorder() {
  const items: EventsItem[] = [];
  return {
    items,
    onItem: (item: EventsItem) => items.push(item),
    hellos: () => items.filter((i): i is Hello => i.kind === 'hello'),
    snapshots: () => items.filter((i) => i.kind === 'snapshot'),
    events: () => items.filter((i): i is Event => i.kind === 'event'),
    /** The `counter` of each status change received, in order. */
    counters: () =>
      items
        .filter((i): i is Event => i.kind === 'event' && i.type === 'statusChanged')
        .map((e) => (e.data as { records: Array<{ counter: number }> }).records[0]?.counter),
  };
}

const postCounter = async (t: TestRig, counter: number) =>
  expect(
    (await api(t.url, 'POST', '/api/v1/status', { kind: 'node', records: [{ id: 1, counter }] })).status,
  ).toBe(200);

async function rig(options: Parameters<typeof startRig>[0] = {}): Promise<TestRig> {
  const t = await startRig(options);
  cleanup.push(() => t.destroy());
  return t;
}

describe('EventsClient', () => {
  it('resumes after the server closes its socket (4008): no event missed or repeated', async () => {
    const t = await rig();
    await api(t.url, 'POST', '/api/v1/devices', { kind: 'node', id: 1 });
    const r = recorder();
    let gap: Promise<void> | undefined;
    let gapPosted = false;
    let postedBeforeResume: boolean | undefined;
    const client = new EventsClient({
      server: t.url,
      reconnectDelay: () => 500,
      onItem: (item) => {
        if (item.kind === 'hello' && r.hellos().length === 1) postedBeforeResume = gapPosted;
        r.onItem(item);
      },
      // Changes made while the client is away must come with the resume.
      onDisconnect: () => {
        gap = (async () => {
          for (const counter of [2, 3, 4]) await postCounter(t, counter);
          gapPosted = true;
        })();
      },
    });
    cleanup.push(() => client.close());
    await client.connect();
    await until(() => r.snapshots().length === 3, 'the devices, status and leases snapshots');
    await postCounter(t, 1);
    await until(() => r.counters().length === 1, 'the first change');

    for (const socket of t.rig.http.websocketServer.clients) socket.close(4008, 'slow consumer');
    await until(() => r.hellos().length === 2, 'the second hello');
    await gap;
    await until(() => r.counters().length === 4, 'the changes made during the gap');
    await postCounter(t, 5);
    await until(() => r.counters().length === 5, 'the change after the resume');

    expect(postedBeforeResume).toBe(true);
    expect(r.hellos()[1]).toMatchObject({ resumed: true, epoch: r.hellos()[0]?.epoch });
    expect(r.snapshots()).toHaveLength(3);
    expect(r.counters()).toEqual([1, 2, 3, 4, 5]);
    const seqs = r.events().map((e) => e.seq);
    const first = (r.snapshots()[0] as { seq: number }).seq + 1;
    expect(seqs).toEqual(seqs.map((_, i) => first + i));
    expect(client.lastSeq).toBe(seqs.at(-1));
  });

  it('takes fresh snapshots from a restarted server (another epoch) and follows it', async () => {
    const port = await freePort();
    const first = await rig({ config: { port } });
    await postCounter(first, 1);
    const r = recorder();
    const client = new EventsClient({ server: first.url, reconnectDelay: () => 100, onItem: r.onItem });
    cleanup.push(() => client.close());
    await client.connect();
    await until(() => r.snapshots().length === 3, 'the first snapshots');
    await first.stop();
    const second = await rig({ config: { port }, data: first.data });
    await until(() => r.snapshots().length === 6, 'snapshots from the restarted server');
    await postCounter(second, 2);
    await until(() => r.counters().length === 1, 'a change on the restarted server');

    const [before, after] = r.hellos();
    expect(after).toMatchObject({ resumed: false, epoch: second.rig.events.hub.epoch });
    expect(after?.epoch).not.toBe(before?.epoch);
    const fresh = r.snapshots().slice(3) as Array<{ topic: string }>;
    expect(fresh.map((s) => s.topic).sort()).toEqual(['devices', 'leases', 'status']);
    expect(JSON.stringify(fresh)).toContain('"counter":1');
    expect(r.counters()).toEqual([2]);
    expect(client.epoch).toBe(second.rig.events.hub.epoch);
  });

  it('hands out the same items through the async iterator, which ends at close()', async () => {
    const t = await rig();
    const client = new EventsClient({ server: t.url, topics: ['status'] });
    cleanup.push(() => client.close());
    const seen: EventsItem[] = [];
    const consumed = (async () => {
      for await (const item of client.items()) {
        seen.push(item);
        if (item.kind === 'event') await client.close();
      }
    })();
    await client.connect();
    await postCounter(t, 7);
    await consumed;
    expect(seen.map((i) => i.kind)).toEqual(['hello', 'snapshot', 'event']);
    expect(seen[1]).toMatchObject({ topic: 'status' });
  });

  it('rejects connect() with an unreachable error naming the URL when nothing listens', async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const client = new EventsClient({ server: url });
    const error = await client.connect().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RigClientError);
    expect(error).toMatchObject({ kind: 'unreachable', code: 'UNREACHABLE' });
    expect((error as Error).message).toBe(`cannot reach Rig at ${url}: connection refused (ECONNREFUSED)`);
  });
});
