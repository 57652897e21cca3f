import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiResponse, api } from '../helpers/http.ts';
import { startRig, type TestRig } from '../helpers/rig.ts';
import { contractBreach } from './envelope.ts';
import { type RawResponse, rawRequest } from './raw-http.ts';

const BODY_LIMIT = 64 * 1024;
const json = { 'content-type': 'application/json' };
const yaml = { 'content-type': 'application/yaml' };

/** Asserts the envelope and returns its error, for the case's own checks. */
function envelopeOf(response: ApiResponse | RawResponse, method = 'GET') {
  const contentType = response.headers instanceof Headers ? response.headers.get('content-type') : undefined;
  const rawType = response.headers instanceof Headers ? undefined : response.headers['content-type'];
  const answer = {
    method,
    status: response.status,
    contentType: contentType ?? rawType,
    text: response.text,
  };
  expect(contractBreach(answer)).toBeUndefined();
  return (JSON.parse(response.text) as { error: { code: string; message: string; details?: unknown } }).error;
}

describe('bad input on the HTTP API', () => {
  let t: TestRig;
  const call = (method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
    api(t.url, method, path, body, headers);

  beforeAll(async () => {
    t = await startRig({ config: { http: { bodyLimitBytes: BODY_LIMIT } } });
  });
  afterAll(async () => t?.destroy());

  it('answers JSON with a syntax error with 400, saying where', async () => {
    const res = await call('POST', '/api/v1/devices', '{"kind":"node",', json);
    expect(res.status).toBe(400);
    const error = envelopeOf(res);
    expect(error.code).toBe('RIG_ERR_BAD_REQUEST');
    expect(error.message).toMatch(/^invalid JSON body: .*JSON/);
  });

  it('answers a body over the limit with 413', async () => {
    const res = await call('POST', '/api/v1/status', `[${'0,'.repeat(BODY_LIMIT / 2)}0]`, json);
    expect(res.status).toBe(413);
    expect(envelopeOf(res).code).toBe('RIG_ERR_PAYLOAD_TOO_LARGE');
  });

  it('answers a media type it does not read with 415', async () => {
    const res = await call('POST', '/api/v1/devices', '<device kind="node"/>', {
      'content-type': 'application/xml',
    });
    expect(res.status).toBe(415);
    expect(envelopeOf(res).code).toBe('RIG_ERR_UNSUPPORTED_MEDIA_TYPE');
  });

  it('answers an unknown route with 404', async () => {
    const res = await call('GET', '/api/v1/toasters');
    expect(res.status).toBe(404);
    expect(envelopeOf(res).code).toBe('RIG_ERR_NOT_FOUND');
  });

  it('answers a method the route does not have with the envelope', async () => {
    const res = await call('PUT', '/api/v1/devices', { kind: 'node', id: 1 });
    expect([404, 405]).toContain(res.status);
    envelopeOf(res, 'PUT');
  });

  it('answers a bad percent-encoding in the path with 400', async () => {
    const res = await rawRequest(t.url, { method: 'GET', target: '/api/v1/devices/node/%E0%A4%A' });
    expect(res.status).toBe(400);
    expect(envelopeOf(res).code).toBe('RIG_ERR_BAD_REQUEST');
  });

  it("answers an over-long path parameter with 400 in the envelope, not fastify's body", async () => {
    const res = await call('GET', `/api/v1/devices/node/${'a'.repeat(300)}`);
    expect(res.status).toBe(400);
    expect(envelopeOf(res).code).toBe('RIG_ERR_BAD_REQUEST');
  });

  it('answers a duplicate device with 409 naming it', async () => {
    expect((await call('POST', '/api/v1/devices', { kind: 'pdu', id: 'twin-7' })).status).toBe(201);
    const res = await call('POST', '/api/v1/devices', { kind: 'pdu', id: 'twin-7' });
    expect(res.status).toBe(409);
    const error = envelopeOf(res);
    expect(error.code).toBe('RIG_ERR_DUPLICATE');
    expect(error.message).toContain('twin-7');
    expect(error.details).toEqual({ kind: 'pdu', id: 'twin-7' });
  });

  it('refuses prototype keys in JSON, YAML and queries, and Object.prototype stays clean', async () => {
    const attempts = [
      call('POST', '/api/v1/devices', '{"kind":"node","id":70,"__proto__":{"polluted":1}}', json),
      call(
        'POST',
        '/api/v1/devices',
        '{"kind":"node","id":71,"attributes":{"__proto__":{"polluted":1}}}',
        json,
      ),
      call(
        'POST',
        '/api/v1/devices',
        '{"kind":"node","id":72,"constructor":{"prototype":{"polluted":1}}}',
        json,
      ),
      call(
        'POST',
        '/api/v1/status',
        '{"kind":"node","records":[{"id":73,"__proto__":{"polluted":1}}]}',
        json,
      ),
      call('POST', '/api/v1/inventory/import', '__proto__: {polluted: 1}\ndevices: []', yaml),
      call(
        'POST',
        '/api/v1/inventory/import',
        'devices:\n  - {kind: node, id: 74, __proto__: {polluted: 1}}',
        yaml,
      ),
      call('GET', '/api/v1/devices?__proto__[polluted]=1&constructor[prototype][polluted]=1'),
    ];
    for (const res of await Promise.all(attempts)) {
      expect(res.status).toBe(400);
      envelopeOf(res);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((await call('GET', '/api/v1/devices?id=70&id=71&id=72&id=74')).body.total).toBe(0);
    expect((await call('GET', '/api/v1/status/node/73')).status).toBe(404);
  });

  it('answers bodies nested too deep with 400, as JSON and as YAML', async () => {
    const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
    const asJson = await call(
      'POST',
      '/api/v1/status',
      `{"kind":"node","records":[{"id":1,"a":${deep}}]}`,
      json,
    );
    expect(asJson.status).toBe(400);
    expect(envelopeOf(asJson).message).toContain('nested deeper');
    const shallowEnoughForYaml = `${'['.repeat(200)}${']'.repeat(200)}`;
    const asYaml = await call(
      'POST',
      '/api/v1/inventory/import',
      `devices: [{kind: node, id: 1, attributes: {a: ${shallowEnoughForYaml}}}]`,
      yaml,
    );
    expect(asYaml.status).toBe(400);
    expect(envelopeOf(asYaml).message).toContain('nested deeper');
  });

  it('answers a request line or header that HTTP cannot parse with the envelope', async () => {
    const unknownMethod = await rawRequest(t.url, { method: 'BREW', target: '/healthz' });
    expect(unknownMethod.status).toBe(400);
    envelopeOf(unknownMethod);
    const hugeHeader = await rawRequest(t.url, {
      method: 'GET',
      target: '/healthz',
      headers: { 'x-a': 'a'.repeat(20_000) },
    });
    expect(hugeHeader.status).toBe(431);
    envelopeOf(hugeHeader);
    const connect = await rawRequest(t.url, { method: 'CONNECT', target: 'example.org:443' });
    expect(connect.status).toBe(405);
    expect(envelopeOf(connect).code).toBe('RIG_ERR_METHOD_NOT_ALLOWED');
  });

  it('answers a malformed websocket handshake with the envelope', async () => {
    const res = await rawRequest(t.url, {
      method: 'GET',
      target: '/api/v1/events',
      headers: { connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13' },
    });
    expect(res.status).toBe(400);
    expect(envelopeOf(res).message).toContain('Sec-WebSocket-Key');
  });

  it('answers an upgrade request with a bad URL and closes its connection', async () => {
    const res = await rawRequest(t.url, {
      method: 'GET',
      target: '/api/v1/devices/node/%E0%A4%A',
      headers: {
        connection: 'Upgrade',
        upgrade: 'websocket',
        'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
        'sec-websocket-version': '13',
      },
    });
    expect(res.status).toBe(400);
    envelopeOf(res);
    // The client has its answer; a socket the server left open would keep stop() waiting
    // (forceCloseConnections only knows HTTP connections), and the test would time out.
    await t.stop();
  });
});
