import { get } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptsGzip, DevicePageCache } from '../../src/inventory/page-cache.ts';
import { api } from '../helpers/http.ts';
import { startRig, type TestRig } from '../helpers/rig.ts';

describe('cached device listings', () => {
  let t: TestRig;
  const names = async (query = '') => {
    const res = await api(t.url, 'GET', `/api/v1/devices${query}`);
    expect(res.status, res.text).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    return (res.body.items as Array<{ name: string }>).map((d) => d.name);
  };

  beforeAll(async () => {
    t = await startRig();
  });
  afterAll(async () => t?.destroy());

  it('shows every create, change, import and delete in the very next listing', async () => {
    expect(await names()).toEqual([]);
    await api(t.url, 'POST', '/api/v1/devices', { kind: 'node', id: 1, name: 'fit01' });
    expect(await names()).toEqual(['fit01']);
    expect(await names('?kind=node')).toEqual(['fit01']);
    await api(t.url, 'PATCH', '/api/v1/devices/node/1', { name: 'renamed' });
    expect(await names()).toEqual(['renamed']);
    expect(await names('?kind=node')).toEqual(['renamed']);
    await api(t.url, 'POST', '/api/v1/inventory/import?mode=replace', {
      devices: [{ kind: 'node', id: 2, name: 'fit02' }],
    });
    expect(await names()).toEqual(['fit02']);
    await api(t.url, 'DELETE', '/api/v1/devices/node/2');
    expect(await names()).toEqual([]);
    expect(await names('?kind=node')).toEqual([]);
  });

  it('sends the listing gzipped to clients that accept it, and plain to the others', async () => {
    const devices = Array.from({ length: 30 }, (_, i) => ({ kind: 'node', id: i + 1, name: `n${i + 1}` }));
    await api(t.url, 'POST', '/api/v1/inventory/import', { devices });
    const raw = (headers: Record<string, string>) =>
      new Promise<{ encoding: string | undefined; vary: string | undefined; body: Buffer }>(
        (resolve, reject) => {
          get(`${t.url}/api/v1/devices`, { headers }, (response) => {
            const chunks: Buffer[] = [];
            response.on('data', (chunk: Buffer) => chunks.push(chunk));
            response.on('end', () =>
              resolve({
                encoding: response.headers['content-encoding'],
                vary: response.headers.vary,
                body: Buffer.concat(chunks),
              }),
            );
          }).on('error', reject);
        },
      );
    const plain = await raw({});
    expect(plain.encoding).toBeUndefined();
    expect(JSON.parse(plain.body.toString()).total).toBe(30);
    const zipped = await raw({ 'accept-encoding': 'gzip, deflate' });
    expect(zipped.encoding).toBe('gzip');
    expect(zipped.vary).toBe('accept-encoding');
    expect(gunzipSync(zipped.body).equals(plain.body)).toBe(true);
    expect((await raw({ 'accept-encoding': 'gzip;q=0, identity' })).encoding).toBeUndefined();
  });
});

describe('acceptsGzip', () => {
  it('reads gzip and * with their quality, ignoring case and spaces', () => {
    expect(acceptsGzip('gzip, deflate, br')).toBe(true);
    expect(acceptsGzip('GZIP;q=0.5')).toBe(true);
    expect(acceptsGzip('*')).toBe(true);
    expect(acceptsGzip('deflate, br')).toBe(false);
    expect(acceptsGzip('gzip;q=0')).toBe(false);
    expect(acceptsGzip('')).toBe(false);
    expect(acceptsGzip(undefined)).toBe(false);
  });
});

describe('DevicePageCache', () => {
  it('does not keep a page whose read overlapped a change', async () => {
    const cache = new DevicePageCache();
    let finish: (value: unknown) => void = () => {};
    const slow = cache.get('q', () => new Promise((resolve) => (finish = resolve)));
    cache.invalidate();
    finish({ state: 'before the change' });
    expect((await slow).body.toString()).toBe('{"state":"before the change"}');
    const next = await cache.get('q', async () => ({ state: 'after the change' }));
    expect(next.body.toString()).toBe('{"state":"after the change"}');
  });

  it('answers a repeated query from memory until a change', async () => {
    const cache = new DevicePageCache();
    let reads = 0;
    const read = async () => ({ reads: ++reads });
    await cache.get('q', read);
    expect((await cache.get('q', read)).body.toString()).toBe('{"reads":1}');
    cache.invalidate();
    expect((await cache.get('q', read)).body.toString()).toBe('{"reads":2}');
  });

  it('keeps at most its bound of pages, dropping the oldest', async () => {
    const cache = new DevicePageCache(2);
    let reads = 0;
    const read = async () => ++reads;
    await cache.get('a', read);
    await cache.get('b', read);
    await cache.get('c', read);
    expect((await cache.get('c', read)).body.toString()).toBe('3');
    expect((await cache.get('a', read)).body.toString()).toBe('4');
  });
});
