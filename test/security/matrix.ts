import { readdir } from 'node:fs/promises';
import path from 'node:path';
import WebSocket from 'ws';
import type { RouteEntry } from '../../src/http/server.ts';
import { dashboardDir } from '../../src/lib/package-info.ts';
import { api } from '../helpers/http.ts';
import type { Case, RouteExpectation } from './rules.ts';
import type { Caller, World } from './world.ts';

export const routeKey = (route: Pick<RouteEntry, 'method' | 'url'>): string => `${route.method} ${route.url}`;

/** URLs of the built dashboard's static files (and `/`): files, not code paths, so not in the table. */
export async function dashboardUrls(): Promise<Set<string>> {
  const urls = new Set(['/']);
  const dir = dashboardDir();
  if (!dir) return urls;
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) urls.add(`/${path.relative(dir, path.join(entry.parentPath, entry.name))}`);
  }
  return urls;
}

/**
 * The routes the matrix walks: every one of the route table but the HEAD routes fastify
 * adds beside each GET (they share its handler and hooks) and the dashboard's static files.
 */
export function routesUnderTest(routes: readonly RouteEntry[], dashboard: Set<string>): RouteEntry[] {
  const gets = new Set(routes.filter((r) => r.method === 'GET').map((r) => r.url));
  return routes.filter((r) => !(r.method === 'HEAD' && gets.has(r.url)) && !dashboard.has(r.url));
}

const unsafe = (method: string) => !['GET', 'HEAD', 'OPTIONS'].includes(method);

export interface Expected {
  status: number;
  code?: string;
  message?: RegExp;
}

/** What the policy says a caller gets: 401 and the CSRF 403 first, then the route's rule. */
export function expectedOf(method: string, entry: RouteExpectation, kase: Case, who: Caller): Expected {
  if (!entry.public) {
    if (who.auth !== 'valid') return { status: 401, code: 'RIG_ERR_UNAUTHENTICATED' };
    if (who.session && !who.csrf && unsafe(method))
      return { status: 403, code: 'RIG_ERR_FORBIDDEN', message: /CSRF/ };
  }
  const verdict = kase.rule(who);
  if (verdict === true) return { status: kase.ok, ...(kase.okMessage ? { message: kase.okMessage } : {}) };
  return { status: verdict, code: verdict === 403 ? 'RIG_ERR_FORBIDDEN' : 'RIG_ERR_NOT_FOUND' };
}

interface Answer {
  status: number;
  text: string;
}

/** A websocket handshake: 101 when it opens, else the refusal's status and body. */
export function handshake(url: string, headers: Record<string, string>): Promise<Answer> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url.replace(/^http/, 'ws'), { headers });
    const timer = setTimeout(() => {
      socket.terminate();
      resolve({ status: 0, text: 'no answer to the handshake' });
    }, 5000);
    const done = (answer: Answer) => {
      clearTimeout(timer);
      resolve(answer);
    };
    socket.once('open', () => {
      socket.close();
      done({ status: 101, text: '' });
    });
    socket.once('unexpected-response', (_request, response) => {
      let text = '';
      response.setEncoding('utf8').on('data', (chunk: string) => {
        text += chunk;
      });
      response.once('end', () => done({ status: response.statusCode ?? 0, text }));
      response.once('close', () => done({ status: response.statusCode ?? 0, text }));
    });
    socket.once('error', (error) => done({ status: 0, text: error.message }));
  });
}

/** The first line of what differs between the expected and the actual answer, or undefined. */
function mismatch(expected: Expected, answer: Answer): string | undefined {
  if (answer.status !== expected.status) return `expected ${expected.status}, got ${answer.status}`;
  if (!expected.code && !expected.message) return undefined;
  // Websocket refusals may lose their body to the socket's close: the status is the proof.
  if (!answer.text) return undefined;
  let body: { error?: { code?: string; message?: string } } | undefined;
  try {
    body = JSON.parse(answer.text);
  } catch {
    return `expected an error envelope, got ${answer.text.slice(0, 100)}`;
  }
  if (expected.code && body?.error?.code !== expected.code)
    return `expected ${expected.code}, got ${body?.error?.code}`;
  if (expected.message && !expected.message.test(body?.error?.message ?? ''))
    return `expected a message matching ${expected.message}, got ${body?.error?.message}`;
  return undefined;
}

export interface MatrixResult {
  calls: number;
  failures: string[];
  /** Per route key: how many calls were allowed, and refused. */
  outcomes: Map<string, { allowed: number; refused: number }>;
}

/** Calls every case of every route as every caller and compares with the policy. */
export async function runMatrix(
  w: World,
  routes: readonly RouteEntry[],
  table: Record<string, RouteExpectation>,
): Promise<MatrixResult> {
  const result: MatrixResult = { calls: 0, failures: [], outcomes: new Map() };
  for (const route of routes) {
    const key = routeKey(route);
    const entry = table[key];
    if (!entry) continue;
    const tally = { allowed: 0, refused: 0 };
    result.outcomes.set(key, tally);
    for (const kase of entry.cases) {
      for (const caller of w.callers) {
        const who = kase.freshCaller && caller.fresh ? await caller.fresh() : caller;
        const call = await kase.call(w, who);
        const expected = expectedOf(route.method, entry, kase, who);
        const answer = route.websocket
          ? await handshake(`${w.t.url}${call.path}`, who.headers)
          : await api(w.t.url, route.method, call.path, call.body, who.headers);
        result.calls++;
        if (expected.status === kase.ok && !expected.code) tally.allowed++;
        else tally.refused++;
        const wrong = mismatch(expected, answer);
        if (wrong) {
          result.failures.push(
            `${key} [${kase.variant}] as ${caller.label}: ${wrong} — ${answer.text.slice(0, 160).replace(/\s+/g, ' ')}`,
          );
        }
      }
    }
  }
  return result;
}
