import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startRig, type TestRig } from '../helpers/rig.ts';
import { WsProbe } from '../helpers/ws.ts';
import { SidecarPeer } from '../sidecar/peer.ts';
import { PythonClient, pythonWebsocketsProblem } from '../sidecar/python-client.ts';
import { type SelfSigned, selfSigned } from './certificate.ts';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One request with Node's own https (or http) client, trusting only `ca`. */
function call(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string; ca?: Buffer } = {},
): Promise<Answer> {
  const send = url.startsWith('https:') ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(
      url,
      { method: options.method ?? 'GET', headers: options.headers, ca: options.ca },
      (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (chunk: string) => {
          body += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('TLS: HTTPS and WSS on the API and on the sidecar face', () => {
  let cert: SelfSigned;
  let t: TestRig;
  const json = { 'content-type': 'application/json' };

  beforeAll(async () => {
    cert = await selfSigned();
    t = await startRig({
      auth: true,
      sidecar: true,
      config: { tls: { cert: cert.certFile, key: cert.keyFile } },
    });
  });
  afterAll(async () => {
    await t?.destroy();
    await cert?.remove();
  });

  it('serves the API over HTTPS with the configured certificate', async () => {
    expect(t.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect((await call(`${t.url}/healthz`, { ca: cert.ca })).status).toBe(200);
    const devices = await call(`${t.url}/api/v1/devices`, {
      ca: cert.ca,
      headers: { authorization: `Bearer ${t.adminToken}` },
    });
    expect(devices.status).toBe(200);
    expect(JSON.parse(devices.body)).toMatchObject({ items: [] });
    // A client that does not trust this certificate refuses the server.
    await expect(call(`${t.url}/healthz`)).rejects.toThrow(/self[- ]signed/i);
  });

  it('marks the session cookies Secure', async () => {
    const user = JSON.stringify({ name: 'alice', password: 'alice-password-1' });
    const created = await call(`${t.url}/api/v1/users`, {
      method: 'POST',
      ca: cert.ca,
      headers: { ...json, authorization: `Bearer ${t.adminToken}` },
      body: user,
    });
    expect(created.status).toBe(201);
    const login = await call(`${t.url}/api/v1/auth/login`, {
      method: 'POST',
      ca: cert.ca,
      headers: json,
      body: user,
    });
    expect(login.status).toBe(200);
    const cookies = [login.headers['set-cookie'] ?? []].flat();
    expect(cookies.map((c) => c.split('=')[0]).sort()).toEqual(['rig_csrf', 'rig_session']);
    for (const cookie of cookies) expect(cookie).toMatch(/;\s*Secure/i);
  });

  it('serves /api/v1/events over WSS', async () => {
    const url = `${t.url.replace(/^https/, 'wss')}/api/v1/events`;
    const probe = await WsProbe.connect(url, {
      ca: cert.ca,
      headers: { authorization: `Bearer ${t.adminToken}` },
    });
    expect(await probe.next((f) => f.type === 'hello', 5000, 'hello')).toMatchObject({ type: 'hello' });
    await probe.close();
  });

  it('serves the sidecar over WSS, to verifying clients and to unverified ones as rhubarbe uses', async () => {
    expect(t.sidecarUrl).toMatch(/^wss:\/\/127\.0\.0\.1:\d+\/$/);
    const observer = await SidecarPeer.connect(t.sidecarUrl!, '/', { ca: cert.ca });
    const monitor = await SidecarPeer.connect(t.sidecarUrl!, '/', { rejectUnauthorized: false });
    monitor.send({ category: 'nodes', action: 'info', message: [{ id: 1, cmc_on_off: 'on' }] });
    expect(await observer.readRecords('nodes', 1)).toEqual([{ id: 1, cmc_on_off: 'on' }]);
    await monitor.close();
    await observer.close();
  });

  it.skipIf(pythonWebsocketsProblem() !== undefined)(
    "lets R2lab's Python client read the sidecar over WSS with an unverified context",
    async () => {
      t.rig.status.service.update('node', [{ id: 21, available: 'ok' }], 'test');
      const client = new PythonClient(['status', t.sidecarUrl!, 'nodes']);
      try {
        const result = await client.read();
        expect(result.status).toContainEqual([21, { id: 21, available: 'ok' }]);
        await client.finish();
      } finally {
        client.kill();
      }
    },
  );

  it('answers plain HTTP on the TLS ports with a 400 that says to use TLS, and keeps serving', async () => {
    const apiPort = new URL(t.url).port;
    const plain = await call(`http://127.0.0.1:${apiPort}/healthz`);
    expect(plain.status).toBe(400);
    expect(JSON.parse(plain.body)).toMatchObject({
      error: { code: 'RIG_ERR_BAD_REQUEST', message: expect.stringContaining('https://') },
    });
    const sidecarPort = new URL(t.sidecarUrl!).port;
    const refused = await new Promise<Answer>((resolve, reject) => {
      const socket = new WebSocket(`ws://127.0.0.1:${sidecarPort}/`);
      socket.once('open', () => reject(new Error('plain websocket accepted on the WSS port')));
      socket.once('unexpected-response', (_request, response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => {
          body += chunk.toString();
        });
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body }),
        );
      });
      socket.once('error', () => {});
    });
    expect(refused.status).toBe(400);
    expect(JSON.parse(refused.body).error.message).toContain('wss://');
    expect((await call(`${t.url}/healthz`, { ca: cert.ca })).status).toBe(200);
    const observer = await SidecarPeer.connect(t.sidecarUrl!, '/', { ca: cert.ca });
    await observer.close();
  });
});
