/**
 * Domain errors carry a stable code; the HTTP layer maps codes to status codes and to
 * Rig's envelope `{"error":{"code","message","details"}}`, and the CLI prints them.
 */
export const errorStatus = {
  RIG_ERR_VALIDATION: 400,
  RIG_ERR_BAD_REQUEST: 400,
  RIG_ERR_UNAUTHENTICATED: 401,
  RIG_ERR_FORBIDDEN: 403,
  RIG_ERR_NOT_FOUND: 404,
  RIG_ERR_METHOD_NOT_ALLOWED: 405,
  RIG_ERR_NOT_ACCEPTABLE: 406,
  RIG_ERR_DUPLICATE: 409,
  RIG_ERR_CONFLICT: 409,
  RIG_ERR_PAYLOAD_TOO_LARGE: 413,
  RIG_ERR_UNSUPPORTED_MEDIA_TYPE: 415,
  RIG_ERR_RATE_LIMITED: 429,
  RIG_ERR_UNAVAILABLE: 503,
  RIG_ERR_INTERNAL: 500,
} as const;

export type ErrorCode = keyof typeof errorStatus;

export class RigError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;

  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'RigError';
    this.code = code;
    this.details = details;
  }

  get status(): number {
    return errorStatus[this.code];
  }
}

export const notFound = (what: string, details?: unknown) =>
  new RigError('RIG_ERR_NOT_FOUND', `${what} not found`, details);

/** Turns whatever was thrown into an Error, so that callers can log and store it safely. */
export function coerceError(value: unknown): Error {
  if (value instanceof Error) return value;
  if (typeof value === 'string') return new Error(value);
  try {
    return new Error(`Non-error thrown: ${JSON.stringify(value)}`);
  } catch {
    return new Error(`Non-error thrown: ${String(value)}`);
  }
}
