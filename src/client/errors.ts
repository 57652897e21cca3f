/**
 * What went wrong talking to a Rig server. `rejected`: the server answered 4xx (the request
 * is at fault); `failed`: it answered 5xx or something unreadable; `unreachable`: no answer
 * at all (connection refused, unknown host, timeout).
 */
export type ClientErrorKind = 'rejected' | 'failed' | 'unreachable';

export interface ClientErrorInit {
  kind: ClientErrorKind;
  /** The server's error code (`RIG_ERR_NOT_FOUND`), or `HTTP_<status>` / `UNREACHABLE`. */
  code: string;
  message: string;
  url: string;
  status?: number | undefined;
  details?: unknown;
  cause?: unknown;
}

export class RigClientError extends Error {
  readonly kind: ClientErrorKind;
  readonly code: string;
  readonly url: string;
  readonly status: number | undefined;
  readonly details: unknown;

  constructor(init: ClientErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'RigClientError';
    this.kind = init.kind;
    this.code = init.code;
    this.url = init.url;
    this.status = init.status;
    this.details = init.details;
  }
}

/**
 * Reads Rig's envelope `{"error":{"code","message","details"}}` from an error body;
 * `where` names the request (`GET /api/v1/devices`) in messages.
 */
export function fromErrorResponse(
  where: string,
  url: string,
  status: number,
  statusText: string,
  body: string,
) {
  let envelope: { code?: unknown; message?: unknown; details?: unknown } | undefined;
  try {
    const parsed = JSON.parse(body) as { error?: unknown };
    if (typeof parsed?.error === 'object' && parsed.error !== null) envelope = parsed.error;
  } catch {
    // Not Rig's envelope (a proxy, another server): described by the status below.
  }
  const kind: ClientErrorKind = status >= 400 && status < 500 ? 'rejected' : 'failed';
  if (envelope && typeof envelope.code === 'string' && typeof envelope.message === 'string') {
    return new RigClientError({
      kind,
      code: envelope.code,
      message: envelope.message,
      url,
      status,
      details: envelope.details,
    });
  }
  const what = `${status}${statusText ? ` ${statusText}` : ''}`;
  return new RigClientError({
    kind,
    code: `HTTP_${status}`,
    message: `${where} answered ${what}${body ? `: ${body.slice(0, 200)}` : ''}`,
    url,
    status,
  });
}

const reasons: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'unknown host',
  EAI_AGAIN: 'host name lookup failed',
  ECONNRESET: 'connection reset',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ETIMEDOUT: 'connection timed out',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
  UND_ERR_SOCKET: 'connection closed',
};

/** The system error code buried in a fetch or socket error (`ECONNREFUSED`), if any. */
function systemCode(error: unknown): string | undefined {
  for (let e = error, depth = 0; e && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'ERR_INVALID_URL') return code;
    const errors = (e as { errors?: unknown }).errors;
    if (Array.isArray(errors) && errors.length) e = errors[0];
    else e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** `fetch failed` says little: its cause says why (`bad port`, a TLS problem). */
function innermostMessage(error: unknown): string | undefined {
  let message: string | undefined;
  for (let e = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) message = e.message;
  return message;
}

/** An error for a server that did not answer, naming the URL and why. */
export function unreachable(server: string, error: unknown, timeoutMs?: number): RigClientError {
  const name = (error as { name?: unknown } | undefined)?.name;
  const code = systemCode(error);
  let reason: string;
  if (name === 'TimeoutError') reason = `no answer within ${timeoutMs ?? '?'} ms`;
  else if (code) reason = `${reasons[code] ?? 'connection failed'} (${code})`;
  else reason = innermostMessage(error) ?? 'connection failed';
  return new RigClientError({
    kind: 'unreachable',
    code: 'UNREACHABLE',
    message: `cannot reach Rig at ${server}: ${reason}`,
    url: server,
    cause: error,
  });
}
