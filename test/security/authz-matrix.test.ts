import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listRoutes, type RouteEntry } from '../../src/http/server.ts';
import { api } from '../helpers/http.ts';
import { startRig, type TestRig } from '../helpers/rig.ts';
import { expectations } from './expectations.ts';
import { dashboardUrls, routeKey, routesUnderTest, runMatrix } from './matrix.ts';
import { seedWorld, type World } from './world.ts';

/**
 * Every route × caller × ownership variant against the policy written in expectations.ts:
 * 401 without valid credentials, 403 without rights (404 for others' credentials), and
 * the handler's own success otherwise. The routes come from the server's route table, so
 * a route added later cannot escape: it fails here until it is given its rule.
 */
describe('authorization matrix', () => {
  let t: TestRig;
  let w: World;
  let routes: RouteEntry[];

  beforeAll(async () => {
    t = await startRig({ auth: true });
    w = await seedWorld(t);
    routes = routesUnderTest(listRoutes(t.rig.http), await dashboardUrls());
  });
  afterAll(async () => t?.destroy());

  it('has an expectation for every route of the route table, and none for routes that do not exist', () => {
    const listed = new Set(routes.map(routeKey));
    const missing = [...listed].filter((key) => !expectations[key]);
    const stale = Object.keys(expectations).filter((key) => !listed.has(key));
    expect(missing, 'routes without an expectation: add them to test/security/expectations.ts').toEqual([]);
    expect(stale, 'expectations of routes that no longer exist').toEqual([]);
    expect(routes.length).toBeGreaterThan(50);
  });

  it('answers every caller of every route as the policy says', { timeout: 120_000 }, async () => {
    const result = await runMatrix(w, routes, expectations);
    expect(result.failures, result.failures.join('\n')).toEqual([]);
    // The matrix proves something only if each guarded route lets someone in and keeps someone out.
    for (const [key, tally] of result.outcomes) {
      expect(tally.allowed, `${key}: nobody was let in`).toBeGreaterThan(0);
      if (!expectations[key]?.public) expect(tally.refused, `${key}: nobody was refused`).toBeGreaterThan(0);
    }
    expect(result.calls).toBeGreaterThan(routes.length * w.callers.length);
  });

  it('answers the HEAD twin of each GET route as the GET, to callers of every kind', {
    timeout: 60_000,
  }, async () => {
    const gets = new Map(routes.filter((r) => r.method === 'GET' && !r.websocket).map((r) => [r.url, r]));
    const heads = listRoutes(t.rig.http).filter((r) => r.method === 'HEAD' && gets.has(r.url));
    expect(heads.length).toBeGreaterThan(20);
    const failures: string[] = [];
    for (const head of heads) {
      const kase = expectations[`GET ${head.url}`]?.cases[0];
      if (!kase) continue;
      for (const caller of w.callers) {
        const { path } = await kase.call(w, caller);
        const [viaGet, viaHead] = [
          await api(t.url, 'GET', path, undefined, caller.headers),
          await api(t.url, 'HEAD', path, undefined, caller.headers),
        ];
        if (viaGet.status !== viaHead.status)
          failures.push(`HEAD ${path} as ${caller.label}: ${viaHead.status}, GET: ${viaGet.status}`);
      }
    }
    expect(failures).toEqual([]);
  });
});
