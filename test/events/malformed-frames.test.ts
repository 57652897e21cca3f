import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestRig } from '../helpers/rig.ts';
import type { WsProbe } from '../helpers/ws.ts';
import { closeCode, connect, eventsOf, eventsRig, range, seqsOf, untilSeq, writer } from './helpers.ts';

/** The websocket payload limit of Rig's HTTP server (src/http/server.ts). */
const maxPayload = 1 << 20;

const malformed: Array<[string, string | Buffer]> = [
  ['not JSON', 'hello there'],
  ['truncated JSON', '{"type":"subscribe","topics":["status"'],
  ['empty text', ''],
  ['a JSON string', '"subscribe"'],
  ['a JSON array', '[{"type":"ping"}]'],
  ['null', 'null'],
  ['no type', '{"topics":["status"]}'],
  ['an unknown type', '{"type":"unsubscribe"}'],
  ['topics not a list', '{"type":"subscribe","topics":"status"}'],
  ['a topic not a string', '{"type":"subscribe","topics":[1]}'],
  ['an unknown field', '{"type":"ping","since":3}'],
  ['too many topics', JSON.stringify({ type: 'subscribe', topics: range(1, 33).map(String) })],
  ['a binary frame, even of valid JSON', Buffer.from('{"type":"ping"}')],
  ['huge non-JSON, just under the limit', 'x'.repeat(maxPayload - 16)],
  [
    'a huge list of long topics, just under the limit',
    JSON.stringify({ type: 'subscribe', topics: Array(12_000).fill('t'.repeat(80)) }),
  ],
];

/** Text as a text frame, a buffer as a binary frame. */
const sendRaw = (probe: WsProbe, frame: string | Buffer) =>
  probe.socket.send(frame, { binary: typeof frame !== 'string' });

describe('events: malformed client frames', () => {
  let t: TestRig;
  let sender: WsProbe;
  let bystander: WsProbe;

  beforeEach(async () => {
    t = await eventsRig();
    sender = await connect(t, '?topics=status');
    bystander = await connect(t);
  });
  afterEach(async () => {
    await Promise.all([sender?.close(), bystander?.close()]);
    await t?.destroy();
  });

  it.each(malformed)('answers %s with an error frame and stays usable', async (_what, frame) => {
    expect(frame.length).toBeLessThan(maxPayload);
    sendRaw(sender, frame);
    const error = await sender.next((f) => f.type === 'error', 5000, 'an error frame');
    expect(error).toMatchObject({ type: 'error', error: { code: expect.stringMatching(/^RIG_ERR_/) } });
    const text = JSON.stringify(error);
    expect(text.length).toBeLessThan(4096); // the answer does not echo a huge frame back
    // Still subscribed as before, and still answering.
    sender.send({ type: 'ping' });
    await sender.next((f) => f.type === 'pong', 5000, 'pong');
    await writer(t).power(1, true);
    await Promise.all([untilSeq(sender, 1), untilSeq(bystander, 1)]);
    expect(seqsOf(eventsOf(sender))).toEqual([1]);
    expect(seqsOf(eventsOf(bystander))).toEqual([1]);
  });

  it('keeps serving everyone while one client sends a stream of garbage', async () => {
    const w = writer(t);
    for (let i = 1; i <= 20; i++) {
      sender.send(`garbage ${i}`);
      sendRaw(sender, Buffer.from([0, 1, 2, i]));
      await w.power(1, i % 2 === 0);
    }
    await Promise.all([untilSeq(sender, 20), untilSeq(bystander, 20)]);
    expect(seqsOf(eventsOf(sender))).toEqual(range(1, 20));
    expect(seqsOf(eventsOf(bystander))).toEqual(range(1, 20));
    expect(sender.frames.filter((f) => (f as { type?: string }).type === 'error')).toHaveLength(40);
  });

  it('closes with 1009 only a client whose frame passes the payload limit; the others go on', async () => {
    const closed = closeCode(sender);
    sender.send('x'.repeat(maxPayload + 1));
    expect(await closed).toBe(1009);
    await writer(t).power(1, true);
    await untilSeq(bystander, 1);
    expect(seqsOf(eventsOf(bystander))).toEqual([1]);
  });
});
