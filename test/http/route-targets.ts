import { listRoutes, type RigApp } from '../../src/http/server.ts';

/** A route to fuzz, with the query parameters its OpenAPI description names. */
export interface RouteTarget {
  method: string;
  url: string;
  /** Names of the `:params` and the `*` wildcard, in order. */
  params: string[];
  queryNames: string[];
  websocket: boolean;
}

/** `:name`, `:name(regex)` or the `*` wildcard of a fastify route URL. */
const paramPattern = /:(\w+)(?:\([^)]*\))?|\*/g;

interface OpenApiDocument {
  paths?: Record<string, Record<string, { parameters?: Array<{ in: string; name: string }> }>>;
}

/**
 * Every route the running server has, as registered: a route another feature adds later is
 * fuzzed without editing the tests. Websocket routes stay in: a plain request to them is bad
 * input too (their upgrade handshake is the events tests' business).
 */
export async function routeTargets(app: RigApp): Promise<RouteTarget[]> {
  const openapi = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as OpenApiDocument;
  return listRoutes(app).map((route) => {
    const params = [...route.url.matchAll(paramPattern)].map((m) => m[1] ?? '*');
    const openapiPath = route.url.replace(paramPattern, (m, name?: string) => (name ? `{${name}}` : m));
    const operation = openapi.paths?.[openapiPath]?.[route.method.toLowerCase()];
    const queryNames = (operation?.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
    return { method: route.method, url: route.url, params, queryNames, websocket: route.websocket };
  });
}

/** The route's URL with each parameter replaced by a wire-form segment. */
export function fillPath(url: string, segments: readonly string[]): string {
  let index = 0;
  return url.replace(paramPattern, () => segments[index++] ?? '');
}
