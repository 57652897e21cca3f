import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { api } from '../helpers/http.ts';
import type { TestRig } from '../helpers/rig.ts';
import { connect, eventsRig, eventsUrl, helloOf } from './helpers.ts';

/** What the server answers to a websocket handshake it refuses. */
function refusedHandshake(url: string): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    socket.once('open', () => {
      socket.close();
      reject(new Error(`handshake accepted: ${url}`));
    });
    socket.once('unexpected-response', (_request, response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => {
        text += chunk.toString();
      });
      response.on('end', () => {
        resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) });
        socket.terminate();
      });
    });
    socket.once('error', () => {});
  });
}

describe('events: connect parameters', () => {
  let t: TestRig;

  beforeAll(async () => {
    t = await eventsRig();
  });
  afterAll(async () => t?.destroy());

  const invalid: Array<[string, string]> = [
    ['?since=abc', 'since'],
    ['?since=-1&epoch=e', 'since'],
    ['?since=1.5&epoch=e', 'since'],
    ['?since=&epoch=e', 'since'],
    ['?since=1e3&epoch=e', 'since'],
    ['?since=1&since=2&epoch=e', 'since'],
    ['?since=99999999999999999999&epoch=e', 'since'],
    ['?since=4', 'epoch'],
    [`?since=4&epoch=${'e'.repeat(65)}`, 'epoch'],
    [`?topics=${'a,'.repeat(600)}`, 'topics'],
    ['?nope=1', '(root)'],
  ];

  it.each(invalid)('refuses the handshake %s with 400 and the error envelope', async (query, field) => {
    const { status, body } = await refusedHandshake(eventsUrl(t, query));
    expect(status).toBe(400);
    expect(body).toMatchObject({ error: { code: 'RIG_ERR_VALIDATION' } });
    const issues = (body as { error: { details: { issues: Array<{ path: string }> } } }).error.details.issues;
    expect(issues.map((i) => i.path)).toContain(field);
  });

  it.each(invalid)('answers a plain GET %s with 400 too', async (query) => {
    const res = await api(t.url, 'GET', `/api/v1/events${query}`);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('RIG_ERR_VALIDATION');
  });

  it('answers a plain GET without an upgrade with 426 and the error envelope', async () => {
    const res = await api(t.url, 'GET', '/api/v1/events?topics=status');
    expect(res.status).toBe(426);
    expect(res.headers.get('upgrade')).toBe('websocket');
    expect(res.body.error.code).toBe('RIG_ERR_BAD_REQUEST');
  });

  it('accepts topics with spaces and empty items, and an empty list as every topic', async () => {
    const spaced = await connect(t, '?topics=%20status%20,,');
    expect(helloOf(spaced).topics).toEqual(['status']);
    const empty = await connect(t, '?topics=');
    expect(helloOf(empty).topics).toEqual(['devices', 'status', 'leases']);
    await Promise.all([spaced.close(), empty.close()]);
  });
});
