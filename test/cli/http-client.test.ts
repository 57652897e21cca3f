import { createServer as createHttpServer } from 'node:http';
import { createServer as createTcpServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RigClient, RigClientError } from '../../src/client/index.ts';
import { freePort } from '../helpers/ports.ts';
import { startRig, type TestRig } from '../helpers/rig.ts';

let t: TestRig;
let client: RigClient;

beforeAll(async () => {
  t = await startRig();
  client = new RigClient({ server: `${t.url}/` });
  for (const id of [5, 4, 3, 2, 1])
    await client.createDevice({ kind: 'node', id, tags: id % 2 ? ['odd'] : [] });
  await client.createDevice({ kind: 'phone', id: 2 });
  await client.createDevice({ kind: 'pdu', id: 'jaguar' });
});
afterAll(async () => t?.destroy());

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => error as RigClientError,
  );

/** A real TCP server on loopback; `onSocket` decides what it does with each connection. */
async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}

describe('RigClient', () => {
  it('pages through every matching device in listing order', async () => {
    const all = await client.allDevices({}, 2);
    expect(all.map((d) => `${d.kind}/${d.id}`)).toEqual([
      'node/1',
      'node/2',
      'node/3',
      'node/4',
      'node/5',
      'pdu/jaguar',
      'phone/2',
    ]);
    expect((await client.allDevices({ kind: ['node'], tag: ['odd'] }, 2)).map((d) => d.id)).toEqual([
      1, 3, 5,
    ]);
  });

  it('finds the devices of every kind that use an id, type-exactly', async () => {
    expect((await client.findDevices(2)).map((d) => d.kind)).toEqual(['node', 'phone']);
    expect((await client.findDevices('jaguar')).map((d) => d.kind)).toEqual(['pdu']);
    expect(await client.findDevices(99)).toEqual([]);
  });

  it('updates, deletes and reads live status', async () => {
    expect((await client.updateDevice('node', 5, { name: 'fit05' })).revision).toBe(2);
    expect(await client.findStatus('node', 5)).toBeUndefined();
    const { changed } = await client.postStatus({ kind: 'node', records: [{ id: 5, cmc_on_off: 'on' }] });
    expect(changed).toEqual([{ id: 5, cmc_on_off: 'on' }]);
    expect(await client.getStatus('node', 5)).toEqual({ id: 5, cmc_on_off: 'on' });
    expect((await client.listStatus('node')).node).toEqual([{ id: 5, cmc_on_off: 'on' }]);
    await client.deleteDevice('node', 5);
    expect((await failure(client.getDevice('node', 5))).status).toBe(404);
  });

  it('imports YAML text and exports YAML or JSON', async () => {
    const result = await client.importInventory('devices:\n  - kind: switch\n    id: sw1\n', 'merge');
    expect(result).toEqual({ created: 1, updated: 0, unchanged: 0, deleted: 0 });
    expect(await client.exportInventory()).toContain('id: sw1');
    const file = await client.exportInventory('json');
    expect(file.devices.find((d) => d.kind === 'switch')).toMatchObject({ id: 'sw1', name: 'sw1' });
  });

  it("carries the server's error envelope and status on a rejected request", async () => {
    const missing = await failure(client.getDevice('pdu', 'lynx'));
    expect(missing).toBeInstanceOf(RigClientError);
    expect(missing).toMatchObject({ kind: 'rejected', status: 404, code: 'RIG_ERR_NOT_FOUND' });
    const invalid = await failure(client.importInventory('devices:\n  - kind: toaster\n    id: 1\n'));
    expect(invalid).toMatchObject({ kind: 'rejected', status: 400, code: 'RIG_ERR_VALIDATION' });
    expect(invalid.message).toContain('devices[0].kind');
    expect(invalid.details).toMatchObject({ issues: [{ path: 'devices[0].kind', line: 2 }] });
  });

  it('reports a refused connection as unreachable, naming the URL', async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const error = await failure(new RigClient({ server: url }).listDevices());
    expect(error).toMatchObject({ kind: 'unreachable', code: 'UNREACHABLE', url });
    expect(error.message).toBe(`cannot reach Rig at ${url}: connection refused (ECONNREFUSED)`);
  });

  it('reports a server that never answers as unreachable after the timeout', async () => {
    const sockets: Socket[] = [];
    const silent = createTcpServer((socket) => sockets.push(socket));
    const url = await listen(silent);
    try {
      const error = await failure(new RigClient({ server: url, timeoutMs: 300 }).listDevices());
      expect(error).toMatchObject({ kind: 'unreachable' });
      expect(error.message).toBe(`cannot reach Rig at ${url}: no answer within 300 ms`);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('describes an error answer that is not Rig’s envelope by its status', async () => {
    const proxy = createHttpServer((_request, response) => response.writeHead(502).end('bad gateway'));
    const url = await listen(proxy);
    try {
      const error = await failure(new RigClient({ server: url }).listDevices());
      expect(error).toMatchObject({ kind: 'failed', status: 502, code: 'HTTP_502' });
      expect(error.message).toBe('GET /api/v1/devices answered 502 Bad Gateway: bad gateway');
    } finally {
      await new Promise((resolve) => proxy.close(resolve));
    }
  });

  it('refuses a server URL that is not http(s)', () => {
    expect(() => new RigClient({ server: 'ws://127.0.0.1:1' })).toThrow(/not an http:\/\/ or https:\/\/ URL/);
  });
});
