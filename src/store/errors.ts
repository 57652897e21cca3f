/**
 * Whether an error means the database cannot serve right now (connection lost or refused,
 * server shutting down, SQLite locked past its busy timeout) rather than a bug: the API
 * answers 503 and the request may be retried.
 */
export function isStoreUnavailable(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown } | null;
  if (!e || typeof e !== 'object') return false;
  const code = typeof e.code === 'string' ? e.code : '';
  // Node's socket errors (pg), PostgreSQL's class 08 (connection) and 57P0x (shutdown).
  if (['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EPIPE'].includes(code))
    return true;
  if (/^08...$/.test(code) || /^57P0[1-3]$/.test(code)) return true;
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') return true;
  const message = typeof e.message === 'string' ? e.message : '';
  return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/.test(
    message,
  );
}
