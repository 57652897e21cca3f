/** Rig's error envelope, as thrown by ApiClient: `{"error":{"code","message","details"}}`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown,
    /** Seconds to wait before retrying (429: Retry-After). */
    readonly retryAfter: number | undefined,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The value of a cookie readable by the page (the CSRF cookie; the session one is HttpOnly). */
function readCookie(name: string): string | undefined {
  for (const part of document.cookie.split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

const CSRF_COOKIE = 'rig_csrf';
const CSRF_HEADER = 'x-rig-csrf';
const safeMethods = new Set(['GET', 'HEAD']);

async function errorOf(response: Response): Promise<ApiError> {
  const retryHeader = Number(response.headers.get('retry-after'));
  const retryAfter = Number.isFinite(retryHeader) && retryHeader > 0 ? retryHeader : undefined;
  try {
    const body = (await response.json()) as {
      error?: { code?: string; message?: string; details?: unknown };
    };
    if (body.error?.message)
      return new ApiError(
        response.status,
        body.error.code ?? 'RIG_ERR_UNKNOWN',
        body.error.message,
        body.error.details,
        retryAfter,
      );
  } catch {
    // Not Rig's envelope (a proxy's error page): fall through to the status text.
  }
  const message = `${response.status} ${response.statusText || 'error'}`.trim();
  return new ApiError(response.status, 'RIG_ERR_HTTP', message, undefined, retryAfter);
}

/**
 * Calls Rig's HTTP API from the dashboard: same origin, session cookie, the CSRF header on
 * writes. A 401 means the session ended: `onUnauthorized` sends the user back to the login
 * page (calls made while logging in pass `expectUnauthorized`).
 */
export class ApiClient {
  /** The CSRF token of the session, when the cookie cannot be read (it always can, normally). */
  csrf: string | undefined;

  constructor(private readonly onUnauthorized: () => void) {}

  async request<T>(
    method: string,
    path: string,
    body?: unknown,
    options: { expectUnauthorized?: boolean } = {},
  ): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (!safeMethods.has(method)) {
      // The cookie is the freshest: another tab may have logged in again since.
      const csrf = readCookie(CSRF_COOKIE) ?? this.csrf;
      if (csrf) headers[CSRF_HEADER] = csrf;
    }
    let response: Response;
    try {
      response = await fetch(path, {
        method,
        headers,
        credentials: 'same-origin',
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      throw new ApiError(
        0,
        'RIG_ERR_NETWORK',
        'Rig cannot be reached; check the connection',
        undefined,
        undefined,
      );
    }
    if (!response.ok) {
      const error = await errorOf(response);
      if (response.status === 401 && !options.expectUnauthorized) this.onUnauthorized();
      throw error;
    }
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  get<T>(path: string): Promise<T> {
    return this.request<T>('GET', path);
  }
  post<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>('POST', path, body ?? {});
  }
  patch<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('PATCH', path, body);
  }
  put<T>(path: string): Promise<T> {
    return this.request<T>('PUT', path);
  }
  delete<T>(path: string): Promise<T> {
    return this.request<T>('DELETE', path);
  }
}

/** A readable message for anything an action threw. */
export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
