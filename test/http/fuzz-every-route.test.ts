import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../helpers/http.ts';
import { startRig, type TestRig } from '../helpers/rig.ts';
import { contentType, methods, otherHeaders, queryString, segment } from './arbitraries.ts';
import { body } from './bodies.ts';
import { contractBreach } from './envelope.ts';
import { fillPath, type RouteTarget, routeTargets } from './route-targets.ts';

// A small body limit, so that bodies around it are cheap to generate.
const BODY_LIMIT = 64 * 1024;
const SEED = 20_260_401;

/**
 * Random methods, parameters, queries, content types and bodies on every route the server
 * has, through fastify's own request injection (every header as given, content-length
 * included). Raw bytes on the wire are the business of fuzz-raw-http.test.ts.
 */
describe('every route, given random requests', () => {
  let t: TestRig;
  let targets: RouteTarget[];

  beforeAll(async () => {
    t = await startRig({ config: { http: { bodyLimitBytes: BODY_LIMIT } } });
    targets = await routeTargets(t.rig.http);
  });
  afterAll(async () => t?.destroy());
  afterEach(async () => {
    // The server lives on, and nothing reached Object.prototype.
    expect((await api(t.url, 'GET', '/healthz')).status).toBe(200);
    expect(Object.keys(Object.prototype)).toEqual([]);
  });

  it('lists the routes of every feature, plugins included', () => {
    const urls = new Set(targets.map((r) => r.url));
    for (const url of ['/healthz', '/api/v1/devices/:kind/:id', '/api/v1/status', '/api/openapi.json'])
      expect(urls).toContain(url);
    expect(targets.some((r) => r.websocket)).toBe(true);
  });

  it('never answers 5xx, and answers every 4xx with the error envelope', async () => {
    // Routes that take more input get more of the runs.
    const weight = (r: RouteTarget) =>
      1 +
      r.params.length +
      (r.queryNames.length ? 1 : 0) +
      (['POST', 'PUT', 'PATCH'].includes(r.method) ? 6 : 0);
    const target = fc.oneof(...targets.map((r) => ({ weight: weight(r), arbitrary: fc.constant(r) })));
    const request = target.chain((target) =>
      fc.record({
        target: fc.constant(target),
        method: fc.oneof(
          { weight: 3, arbitrary: fc.constant(target.method) },
          { weight: 1, arbitrary: methods },
        ),
        segments: fc.array(segment, { minLength: target.params.length, maxLength: target.params.length }),
        query: queryString(target.queryNames),
        contentType,
        headers: otherHeaders,
        body: body(BODY_LIMIT),
      }),
    );
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const url = fillPath(r.target.url, r.segments) + (r.query ? `?${r.query}` : '');
        const response = await t.rig.http.inject({
          method: r.method as 'GET',
          url,
          headers: {
            ...r.headers,
            ...(r.contentType === undefined ? {} : { 'content-type': r.contentType }),
          },
          ...(r.body === undefined ? {} : { payload: r.body }),
        });
        const breach = contractBreach({
          method: r.method,
          status: response.statusCode,
          contentType: response.headers['content-type'] as string | undefined,
          text: response.body,
        });
        if (breach) throw new Error(`${r.method} ${url.slice(0, 200)}: ${breach}`);
      }),
      { seed: SEED, numRuns: 1000 },
    );
  }, 60_000);

  it('answers a body whose content-length lies with 400 in the envelope', async () => {
    const withBody = targets.filter((r) => ['POST', 'PUT', 'PATCH'].includes(r.method));
    const request = fc.record({
      target: fc.constantFrom(...withBody),
      json: fc.jsonValue().map((v) => JSON.stringify(v) ?? 'null'),
      delta: fc.integer({ min: -64, max: 64 }).filter((d) => d !== 0),
    });
    await fc.assert(
      fc.asyncProperty(request, async ({ target, json, delta }) => {
        const payload = Buffer.from(json);
        const declared = Math.max(0, payload.length + delta);
        fc.pre(declared !== payload.length);
        const response = await t.rig.http.inject({
          method: target.method as 'POST',
          url: fillPath(
            target.url,
            target.params.map(() => 'x'),
          ),
          headers: { 'content-type': 'application/json', 'content-length': String(declared) },
          payload,
        });
        const answer = {
          method: target.method,
          status: response.statusCode,
          contentType: response.headers['content-type'] as string | undefined,
          text: response.body,
        };
        expect(contractBreach(answer)).toBeUndefined();
        expect(response.statusCode).toBe(400);
      }),
      { seed: SEED, numRuns: 100 },
    );
  });
});
