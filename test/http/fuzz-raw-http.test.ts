import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../helpers/http.ts';
import { startRig, type TestRig } from '../helpers/rig.ts';
import { contentType, queryString, rawMethods, segment } from './arbitraries.ts';
import { body } from './bodies.ts';
import { contractBreach } from './envelope.ts';
import { rawRequest } from './raw-http.ts';
import { fillPath, type RouteTarget, routeTargets } from './route-targets.ts';

const BODY_LIMIT = 64 * 1024;
const SEED = 20_260_402;

/** A path segment as raw bytes: `..`, non-ASCII bytes, spaces and controls included. */
const rawSegment = fc.oneof(
  segment,
  fc.constantFrom('..', '.', '%2e%2e', '..%2f..%2f..%2fpackage.json'),
  fc.uint8Array({ minLength: 1, maxLength: 12 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
);

/** Upgrade headers, valid or not, on any route. */
const upgradeHeaders = fc.option(
  fc.record(
    {
      upgrade: fc.constantFrom('websocket', 'WebSocket', 'h2c', 'garbage', ''),
      connection: fc.constantFrom('Upgrade', 'upgrade, keep-alive'),
      'sec-websocket-key': fc.constantFrom('dGhlIHNhbXBsZSBub25jZQ==', 'x', ''),
      'sec-websocket-version': fc.constantFrom('13', '8', '99', 'x'),
      'sec-websocket-protocol': fc.constantFrom('rig', 'a b', ',,', 'x,x'),
    },
    { requiredKeys: ['upgrade', 'connection'] },
  ),
  { nil: undefined },
);

/**
 * Requests written byte for byte on a real socket, so that what fetch and fastify's
 * injection would normalise or refuse reaches the server: unknown methods, `..` segments,
 * raw non-ASCII bytes, malformed upgrade handshakes.
 */
describe('the HTTP server, given malformed requests on the wire', () => {
  let t: TestRig;
  let targets: RouteTarget[];

  beforeAll(async () => {
    t = await startRig({ config: { http: { bodyLimitBytes: BODY_LIMIT } } });
    targets = await routeTargets(t.rig.http);
  });
  afterAll(async () => t?.destroy());

  it('answers every request with a status under 500, errors in the envelope, and lives on', async () => {
    const request = fc.constantFrom(...targets).chain((target) =>
      fc.record({
        target: fc.constant(target),
        method: fc.oneof(
          { weight: 2, arbitrary: fc.constant(target.method) },
          { weight: 1, arbitrary: rawMethods },
        ),
        segments: fc.array(rawSegment, { minLength: target.params.length, maxLength: target.params.length }),
        query: queryString(target.queryNames),
        contentType,
        upgrade: upgradeHeaders,
        body: body(BODY_LIMIT),
      }),
    );
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const target = fillPath(r.target.url, r.segments) + (r.query ? `?${r.query}` : '');
        const response = await rawRequest(t.url, {
          method: r.method,
          target,
          headers: {
            ...(r.contentType === undefined ? {} : { 'content-type': r.contentType }),
            ...r.upgrade,
          },
          ...(r.body === undefined ? {} : { body: r.body }),
        });
        // 101: a valid handshake was accepted; there is no HTTP body to check.
        if (response.status === 101) return;
        const breach = contractBreach({
          method: r.method,
          status: response.status,
          contentType: response.headers['content-type'],
          text: response.text,
        });
        if (breach)
          throw new Error(`${JSON.stringify(r.method)} ${JSON.stringify(target.slice(0, 200))}: ${breach}`);
      }),
      { seed: SEED, numRuns: 1000 },
    );
    // Every client has gone: no socket may stay open on the server (one would block its stop).
    expect(await openConnectionsOnceSettled(t)).toBe(0);
    expect((await api(t.url, 'GET', '/healthz')).status).toBe(200);
  }, 60_000);
});

/** The server's open connections, polled until none is left or 5 s have passed. */
async function openConnectionsOnceSettled(t: TestRig): Promise<number> {
  const count = () =>
    new Promise<number>((resolve, reject) =>
      t.rig.http.server.getConnections((error, n) => (error ? reject(error) : resolve(n))),
    );
  const deadline = Date.now() + 5000;
  let open = await count();
  while (open > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    open = await count();
  }
  return open;
}
