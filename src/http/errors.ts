import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { ConnectionError, FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type ErrorCode, RigError } from '../lib/errors.ts';
import { isStoreUnavailable } from '../store/errors.ts';
import { loggableUrl } from './log-url.ts';

/** The one error body of the API: `{"error":{"code","message","details"}}`. */
export const ErrorEnvelope = z
  .strictObject({
    error: z.strictObject({
      code: z.string().describe('Stable code, e.g. RIG_ERR_NOT_FOUND'),
      message: z.string(),
      details: z.unknown().optional(),
    }),
  })
  .meta({ id: 'Error' });
export type ErrorEnvelope = z.infer<typeof ErrorEnvelope>;

export const errorBody = (code: string, message: string, details?: unknown): ErrorEnvelope => ({
  error: { code, message, ...(details === undefined ? {} : { details }) },
});

/** Fastify's own error codes for bad requests, and the code and status Rig answers with. */
const frameworkCodes: Record<string, [ErrorCode, number]> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: ['RIG_ERR_UNSUPPORTED_MEDIA_TYPE', 415],
  FST_ERR_CTP_BODY_TOO_LARGE: ['RIG_ERR_PAYLOAD_TOO_LARGE', 413],
  FST_ERR_CTP_EMPTY_JSON_BODY: ['RIG_ERR_BAD_REQUEST', 400],
  FST_ERR_CTP_INVALID_JSON_BODY: ['RIG_ERR_BAD_REQUEST', 400],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: ['RIG_ERR_BAD_REQUEST', 400],
  FST_ERR_CTP_EMPTY_TYPE: ['RIG_ERR_UNSUPPORTED_MEDIA_TYPE', 415],
  FST_ERR_CTP_INVALID_TYPE: ['RIG_ERR_UNSUPPORTED_MEDIA_TYPE', 415],
  FST_ERR_BAD_URL: ['RIG_ERR_BAD_REQUEST', 400],
  // Fastify says 414; the URL is not too long, one parameter is (maxParamLength in server.ts).
  FST_ERR_MAX_PARAM_LENGTH: ['RIG_ERR_BAD_REQUEST', 400],
  FST_ERR_ASYNC_CONSTRAINT: ['RIG_ERR_BAD_REQUEST', 400],
};

const codeOfStatus = (status: number): ErrorCode => {
  if (status === 401) return 'RIG_ERR_UNAUTHENTICATED';
  if (status === 403) return 'RIG_ERR_FORBIDDEN';
  if (status === 404) return 'RIG_ERR_NOT_FOUND';
  if (status === 405) return 'RIG_ERR_METHOD_NOT_ALLOWED';
  if (status === 406) return 'RIG_ERR_NOT_ACCEPTABLE';
  if (status === 409) return 'RIG_ERR_CONFLICT';
  if (status === 413) return 'RIG_ERR_PAYLOAD_TOO_LARGE';
  if (status === 415) return 'RIG_ERR_UNSUPPORTED_MEDIA_TYPE';
  if (status === 503) return 'RIG_ERR_UNAVAILABLE';
  return status < 500 ? 'RIG_ERR_BAD_REQUEST' : 'RIG_ERR_INTERNAL';
};

/** Maps anything thrown by a route, a hook or fastify itself to a status and an envelope. */
export function toErrorResponse(error: unknown): { status: number; body: ErrorEnvelope; internal: boolean } {
  if (error instanceof RigError) {
    return {
      status: error.status,
      body: errorBody(error.code, error.message, error.details),
      internal: false,
    };
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const where = (error as FastifyError).validationContext ?? 'request';
    const issues = error.validation.map((v) => ({
      path: v.instancePath.replace(/^\//, '').replaceAll('/', '.') || '(root)',
      message: v.message ?? 'invalid',
    }));
    const first = issues[0];
    const message = `invalid ${where}${first ? `: ${first.path}: ${first.message}` : ''}`;
    return {
      status: 400,
      body: errorBody('RIG_ERR_VALIDATION', message, { in: where, issues }),
      internal: false,
    };
  }
  const fastifyError = error as Partial<FastifyError>;
  const known = fastifyError.code ? frameworkCodes[fastifyError.code] : undefined;
  if (known) {
    return {
      status: known[1],
      body: errorBody(known[0], fastifyError.message ?? 'bad request'),
      internal: false,
    };
  }
  const status = fastifyError.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return {
      status,
      body: errorBody(codeOfStatus(status), fastifyError.message ?? 'bad request'),
      internal: false,
    };
  }
  if (isStoreUnavailable(error)) {
    return {
      status: 503,
      body: errorBody('RIG_ERR_UNAVAILABLE', 'the database is unavailable; retry later'),
      internal: true,
    };
  }
  // Anything else is Rig's fault, a SyntaxError included: bodies are parsed in json-body.ts.
  return {
    status: 500,
    body: errorBody('RIG_ERR_INTERNAL', 'internal error; see the server log'),
    internal: true,
  };
}

/**
 * Answers every 4xx/5xx with Rig's envelope. It takes three hooks: the error handler,
 * the not-found handler, and `frameworkErrors` (set at construction, see server.ts) for
 * router errors that bypass the error handler.
 */
export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => {
    const { status, body, internal } = toErrorResponse(error);
    if (internal)
      request.log.error(
        { err: error, url: loggableUrl(request.url), method: request.method },
        'request failed',
      );
    const retry = (body.error.details as { retry_after_seconds?: unknown } | undefined)?.retry_after_seconds;
    if (status === 429 && typeof retry === 'number') reply.header('retry-after', String(Math.max(1, retry)));
    return reply.code(status).type('application/json').send(body);
  });
  app.setNotFoundHandler((request, reply) =>
    reply
      .code(404)
      .type('application/json')
      .send(errorBody('RIG_ERR_NOT_FOUND', `no route ${request.method} ${request.url.split('?')[0]}`)),
  );
}

export function frameworkErrorHandler(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  const { status, body } = toErrorResponse(error);
  // An upgrade request's socket is no longer the HTTP server's, and these errors skip the
  // hooks (@fastify/websocket's onResponse closes it for routed requests): close it here,
  // or it stays open and keeps the server from closing.
  if ((request.raw as { upgrade?: boolean }).upgrade)
    reply.raw.once('finish', () => request.raw.socket.destroy());
  void reply.code(status).type('application/json').send(body);
}

/**
 * Answers on a bare socket, for requests that never became a fastify request, then closes
 * the connection (what was sent after the bad part cannot be trusted).
 */
export function writeRawError(socket: Duplex, status: number, code: ErrorCode, message: string): void {
  const body = JSON.stringify(errorBody(code, message));
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}

/**
 * Requests that Node's HTTP parser rejects (an unknown method, a malformed request line or
 * header, headers over the size limit) never reach fastify: answer with the envelope, as
 * fastify's default handler does with its own body.
 */
export function clientErrorHandler(this: FastifyInstance, error: ConnectionError, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  // Not the error itself: its `rawPacket` holds the request's bytes, credentials included.
  this.log.debug({ code: error.code, message: error.message }, 'client error');
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT')
    writeRawError(socket, 408, 'RIG_ERR_BAD_REQUEST', 'the request did not arrive in time');
  else if (error.code === 'HPE_HEADER_OVERFLOW')
    writeRawError(socket, 431, 'RIG_ERR_BAD_REQUEST', 'request headers too large');
  else writeRawError(socket, 400, 'RIG_ERR_BAD_REQUEST', `malformed HTTP request (${error.code})`);
}
