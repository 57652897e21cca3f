import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { summarise } from './details.ts';
import { actionOf } from './naming.ts';
import { type AuditActor, type AuditSink, resultOfStatus } from './schema.ts';
import { targetOf } from './target.ts';

const mutating = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Answers larger than this are not read for the ids they give (imports, lists). */
const MAX_READ_ANSWER = 16 * 1024;

/** What the answer tells: the error code, or the id of what a POST created. */
interface AnswerFacts {
  error?: string;
  createdId?: string;
  userId?: number;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const idText = (value: unknown) =>
  typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;

/** Reads only ids and the error code out of an answer (which may hold a new token). */
function answerFacts(
  request: FastifyRequest,
  reply: FastifyReply,
  payload: unknown,
): AnswerFacts | undefined {
  if (typeof payload !== 'string' || payload.length > MAX_READ_ANSWER) return undefined;
  const failed = reply.statusCode >= 400;
  if (!failed && request.method !== 'POST') return undefined;
  let body: unknown;
  try {
    body = JSON.parse(payload);
  } catch {
    return undefined;
  }
  if (!isObject(body)) return undefined;
  if (failed) return isObject(body.error) ? { error: idText(body.error.code) } : undefined;
  const info = isObject(body.info) ? body.info : {};
  const user = isObject(body.user) ? body.user : {};
  return {
    createdId: idText(body.id) ?? idText(info.id),
    userId: typeof user.id === 'number' ? user.id : undefined,
  };
}

/** The caller; after a successful login, the user who logged in (via `password`). */
function actorOf(
  request: FastifyRequest,
  login: boolean,
  ok: boolean,
  answer: AnswerFacts | undefined,
): AuditActor {
  const body = isObject(request.body) ? request.body : {};
  if (login && ok && typeof body.name === 'string') {
    return { id: answer?.userId ?? null, name: body.name, via: 'password', token_id: null };
  }
  const principal = request.principal;
  if (!principal) return { id: null, name: 'anonymous', via: 'anonymous', token_id: null };
  return {
    id: principal.userId,
    name: principal.name,
    via: principal.via,
    token_id: principal.tokenId ?? null,
  };
}

/**
 * Records every mutating API request (POST, PUT, PATCH, DELETE under /api/) once it is
 * answered: who, which action on which target, the result and a summary without secrets.
 * Failed logins are recorded like any other refused request.
 */
export function installAuditHook(app: FastifyInstance, sink: AuditSink): void {
  const answers = new WeakMap<FastifyRequest, AnswerFacts>();
  const audited = (request: FastifyRequest) =>
    mutating.has(request.method) && request.routeOptions.url?.startsWith('/api/') === true;

  app.addHook('onSend', async (request, reply, payload) => {
    if (audited(request)) {
      const facts = answerFacts(request, reply, payload);
      if (facts) answers.set(request, facts);
    }
    return payload;
  });

  app.addHook('onResponse', async (request, reply) => {
    if (!audited(request)) return;
    const url = request.routeOptions.url as string;
    const action = actionOf(request.method, url);
    const answer = answers.get(request);
    const status = reply.statusCode;
    const login = action === 'auth.login';
    const details = summarise(request.params, request.query, request.body);
    if (answer?.error) details.error = answer.error;
    if (login) details.gives = url.endsWith('/token') ? 'token' : 'session';
    sink.record({
      actor: actorOf(request, login, status < 400, answer),
      action,
      target: targetOf({ url, params: request.params, body: request.body, createdId: answer?.createdId }),
      result: resultOfStatus(status),
      status,
      address: request.ip,
      details,
    });
  });
}
