import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../helpers/http.ts';
import { startRig, type TestRig } from '../helpers/rig.ts';
import { ensureDashboardBuilt } from './build.ts';

describe('dashboard serving', () => {
  let rig: TestRig;

  beforeAll(async () => {
    await ensureDashboardBuilt();
    rig = await startRig();
  });

  afterAll(async () => {
    await rig?.destroy();
  });

  it('serves index.html at / revalidated on every load, and its hashed assets cached for good', async () => {
    const page = await api(rig.url, 'GET', '/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(page.headers.get('cache-control')).toBe('no-cache');
    expect(page.text).toContain('<div id="root">');

    const assets = [...page.text.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1] as string);
    expect(assets.some((a) => a.endsWith('.js'))).toBe(true);
    expect(assets.some((a) => a.endsWith('.css'))).toBe(true);
    for (const asset of assets) {
      const response = await api(rig.url, 'GET', asset);
      expect(response.status, asset).toBe(200);
      expect(response.headers.get('cache-control'), asset).toBe('public, max-age=31536000, immutable');
    }
  });
});
