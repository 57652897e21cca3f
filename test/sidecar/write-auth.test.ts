import { connect as tcpConnect } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { AuditEntry } from '../../src/audit/index.ts';
import { api } from '../helpers/http.ts';
import { startRig, type TestRig } from '../helpers/rig.ts';
import { expectNothingBroadcast, requestDump, SidecarPeer, waitUntil } from './peer.ts';

/** Connects from another loopback address than 127.0.0.1, the only trusted one here. */
const UNTRUSTED = { localAddress: '127.0.0.2' };
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** What the sidecar answers to a handshake it refuses. */
function refusedHandshake(
  url: string,
  options: WebSocket.ClientOptions,
): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, options);
    socket.once('open', () => {
      socket.close();
      reject(new Error('handshake accepted'));
    });
    socket.once('unexpected-response', (_request, response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => {
        text += chunk.toString();
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) }));
    });
    socket.once('error', () => {});
  });
}

describe('sidecar: writes need a token or a trusted address', () => {
  let t: TestRig;
  let observer: SidecarPeer;
  const peers: SidecarPeer[] = [];
  const connect = async (path = '/', options: WebSocket.ClientOptions = UNTRUSTED) => {
    const peer = await SidecarPeer.connect(t.sidecarUrl!, path, options);
    peers.push(peer);
    return peer;
  };
  const tokenOf = async (name: string, role: 'user' | 'operator', scopes = ['read', 'write']) => {
    const password = `${name}-password-1`;
    await api(t.url, 'POST', '/api/v1/users', { name, password, role }, bearer(t.adminToken));
    const login = await api(t.url, 'POST', '/api/v1/auth/token', {
      name,
      password,
      token: { name: 'sc', scopes },
    });
    expect(login.status, login.text).toBe(201);
    return login.body as { token: string; info: { id: number } };
  };
  let writer: { token: string; info: { id: number } };

  beforeAll(async () => {
    t = await startRig({
      auth: true,
      sidecar: true,
      config: { sidecar: { trustedNetworks: ['127.0.0.1/32'] } },
    });
    observer = await SidecarPeer.connect(t.sidecarUrl!);
    writer = await tokenOf('monitor', 'operator');
  });
  afterEach(async () => {
    for (const peer of peers.splice(0)) await peer.close();
    expect(observer.unread).toBe(0);
  });
  afterAll(async () => {
    await observer?.close();
    await t?.destroy();
  });

  it('ignores info and delete from an untrusted address without a token, which still reads', async () => {
    observer.send({ category: 'nodes', action: 'info', message: [{ id: 1, available: 'ok' }] });
    await observer.readRecords('nodes', 1);
    const stranger = await connect();
    stranger.send({ category: 'nodes', action: 'info', message: [{ id: 1, available: 'ko' }] });
    stranger.send({ category: 'nodes', action: 'delete', message: [{ id: 1 }] });
    stranger.send({ category: 'leases', action: 'info', message: [{ id: 9 }] });
    await expectNothingBroadcast(stranger, [observer, stranger]);
    expect(await requestDump(stranger, 'nodes', [stranger, observer])).toEqual([{ id: 1, available: 'ok' }]);
    const stats = t.rig.sidecar!.server.clientStats().find((c) => c.address === '127.0.0.2');
    expect(stats).toMatchObject({ trusted: false, deniedWrites: 3 });
  });

  it('lets a connection write with a token of a status writer, given on the URL or in a header', async () => {
    const byQuery = await connect(`/?token=${writer.token}`);
    byQuery.send({ category: 'nodes', action: 'info', message: [{ id: 2, os_release: 'q' }] });
    expect(await observer.readRecords('nodes', 1)).toEqual([{ id: 2, os_release: 'q' }]);
    const byHeader = await connect('/', { ...UNTRUSTED, headers: bearer(writer.token) });
    byHeader.send({ category: 'nodes', action: 'info', message: [{ id: 2, os_release: 'h' }] });
    expect(await observer.readRecords('nodes', 1)).toEqual([{ id: 2, os_release: 'h' }]);
  });

  it('keeps the order of the frames of a connection while its token is checked', async () => {
    const peer = await connect(`/?token=${writer.token}`);
    peer.send({ category: 'nodes', action: 'info', message: [{ id: 2, os_release: 'o' }] });
    const request = { category: 'nodes', action: 'request', message: 'PLEASE' };
    peer.send(request);
    // The write, then the dump that holds it, then the echo: the request did not overtake it.
    expect(await peer.readRecords('nodes', 1)).toEqual([{ id: 2, os_release: 'o' }]);
    const dump = await peer.read('the dump');
    expect(dump.incremental).toBeUndefined();
    expect((dump.message as unknown[]).find((r) => (r as { id: number }).id === 2)).toEqual({
      id: 2,
      os_release: 'o',
    });
    expect(await peer.read('the echo')).toEqual(request);
    await observer.readRecords('nodes', 1);
    await observer.read('the dump');
    await observer.read('the echo');
  });

  it('stops the writes of a revoked token at once', async () => {
    const own = await tokenOf('monitor2', 'operator');
    const peer = await connect(`/?token=${own.token}`);
    peer.send({ category: 'nodes', action: 'info', message: [{ id: 3, available: 'ok' }] });
    expect(await observer.readRecords('nodes', 1)).toEqual([{ id: 3, available: 'ok' }]);
    await peer.readRecords('nodes', 1);
    const revoked = await api(
      t.url,
      'DELETE',
      `/api/v1/tokens/${own.info.id}`,
      undefined,
      bearer(t.adminToken),
    );
    expect(revoked.status).toBe(200);
    peer.send({ category: 'nodes', action: 'info', message: [{ id: 3, available: 'ko' }] });
    await expectNothingBroadcast(peer, [observer, peer]);
    expect(t.rig.status.service.get('node', 3)).toEqual({ id: 3, available: 'ok' });
  });

  it('ignores the writes of a token that may not write status', async () => {
    const reader = await tokenOf('reader', 'operator', ['read']);
    const user = await tokenOf('plainuser', 'user');
    for (const token of [reader.token, user.token]) {
      const peer = await connect(`/?token=${token}`);
      peer.send({ category: 'nodes', action: 'info', message: [{ id: 4, available: 'ko' }] });
      await expectNothingBroadcast(peer, [observer, peer]);
    }
    expect(t.rig.status.service.get('node', 4)).toBeUndefined();
  });

  it('refuses a handshake whose token is unknown, revoked or malformed, with 401', async () => {
    for (const [path, headers] of [
      ['/?token=rig_not-a-token', {}],
      ['/', { authorization: 'Bearer rig_nope' }],
      ['/', { authorization: 'Basic abc' }],
    ] as const) {
      const refused = await refusedHandshake(new URL(path, t.sidecarUrl).toString(), {
        ...UNTRUSTED,
        headers,
      });
      expect(refused.status, `${path} ${JSON.stringify(headers)}`).toBe(401);
      expect(refused.body).toMatchObject({ error: { code: 'RIG_ERR_UNAUTHENTICATED' } });
    }
  });

  it('answers a handshake whose URL cannot be parsed with 400, not a server error', async () => {
    const port = Number(new URL(t.sidecarUrl!).port);
    const answer = await new Promise<string>((resolve) => {
      const socket = tcpConnect({ port, host: '127.0.0.1', ...UNTRUSTED }, () =>
        socket.write(
          'GET http://[ HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
            'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
        ),
      );
      let text = '';
      socket.setEncoding('utf8').on('data', (chunk: string) => {
        text += chunk;
      });
      socket.on('close', () => resolve(text));
      socket.on('error', () => {});
    });
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(answer).toContain('"code":"RIG_ERR_BAD_REQUEST"');
  });

  it('audits the writes of a connection as one status.write per burst, and the refused ones as denied', async () => {
    const peer = await connect(`/?token=${writer.token}`);
    for (const id of [5, 6, 7])
      peer.send({ category: 'nodes', action: 'info', message: [{ id, usrp: 'b210' }] });
    await observer.readRecords('nodes', 3);
    const stranger = await connect();
    stranger.send({ category: 'pdus', action: 'info', message: [{ id: 'jaguar', on_off: 'off' }] });
    stranger.send({ category: 'pdus', action: 'delete', message: [{ id: 'jaguar' }] });
    await expectNothingBroadcast(stranger, [observer, stranger]);
    // A connection's bursts are recorded when it closes (else after a quiet moment).
    await peer.close();
    await stranger.close();
    let entries: AuditEntry[] = [];
    await waitUntil(async () => {
      const answer = await api(
        t.url,
        'GET',
        '/api/v1/audit?action=status.write',
        undefined,
        bearer(t.adminToken),
      );
      entries = answer.body.entries;
      return entries.some((e) => e.result === 'denied') && entries.some((e) => e.actor.name === 'monitor');
    }, 'the sidecar writes in the audit log');
    const written = entries.filter((e) => e.actor.name === 'monitor' && e.details.frames === 3);
    expect(written).toHaveLength(1);
    expect(written[0]).toMatchObject({
      actor: { via: 'sidecar', token_id: writer.info.id },
      target: { kind: 'node', id: null },
      result: 'ok',
      address: '127.0.0.2',
      details: { writes: { nodes: { ids: ['5', '6', '7'], fields: ['usrp'] } } },
    });
    const denied = entries.find((e) => e.result === 'denied' && e.target?.kind === 'pdu');
    expect(denied).toMatchObject({
      actor: { name: 'anonymous', via: 'sidecar' },
      target: { kind: 'pdu', id: 'jaguar' },
      details: { frames: 2, writes: { pdus: { ids: ['jaguar'], fields: ['on_off'], deleted: ['jaguar'] } } },
    });
    expect(JSON.stringify(entries)).not.toContain(writer.token);
  });
});

describe('sidecar writes with authentication off', () => {
  let t: TestRig;
  beforeAll(async () => {
    t = await startRig({ sidecar: true, config: { sidecar: { trustedNetworks: ['127.0.0.1/32'] } } });
  });
  afterAll(async () => t?.destroy());

  it('lets every connection write, as before', async () => {
    const observer = await SidecarPeer.connect(t.sidecarUrl!);
    const stranger = await SidecarPeer.connect(t.sidecarUrl!, '/', UNTRUSTED);
    stranger.send({ category: 'nodes', action: 'info', message: [{ id: 8, available: 'ok' }] });
    expect(await observer.readRecords('nodes', 1)).toEqual([{ id: 8, available: 'ok' }]);
    await stranger.close();
    await observer.close();
  });
});
