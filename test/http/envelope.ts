import { errorStatus } from '../../src/lib/errors.ts';

/** What the fuzzers check of one answer. */
export interface Answer {
  method: string;
  status: number;
  contentType: string | undefined;
  text: string;
}

const envelopeKeys = new Set(['code', 'message', 'details']);

/**
 * Why this answer breaks the API's error contract, or undefined when it keeps it: never a
 * 5xx for bad input, and every 4xx is exactly `{"error":{"code","message","details"?}}`
 * with a documented `RIG_ERR_` code that belongs to that status.
 */
export function contractBreach(answer: Answer): string | undefined {
  const { status, text } = answer;
  if (status >= 500) return `status ${status}: ${text.slice(0, 300)}`;
  // HEAD answers carry no body, whatever the status.
  if (status < 400 || answer.method.toUpperCase() === 'HEAD') return undefined;
  if (!answer.contentType?.startsWith('application/json'))
    return `status ${status} with content-type ${answer.contentType}: ${text.slice(0, 300)}`;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return `status ${status} with a body that is not JSON: ${text.slice(0, 300)}`;
  }
  if (!isPlainObject(body) || Object.keys(body).join() !== 'error' || !isPlainObject(body.error))
    return `status ${status} without the envelope: ${text.slice(0, 300)}`;
  const { error } = body;
  const extra = Object.keys(error).filter((key) => !envelopeKeys.has(key));
  if (extra.length) return `envelope with extra keys ${extra.join(', ')}: ${text.slice(0, 300)}`;
  if (typeof error.code !== 'string' || typeof error.message !== 'string')
    return `envelope without a string code and message: ${text.slice(0, 300)}`;
  if (!Object.hasOwn(errorStatus, error.code)) return `undocumented error code ${error.code}`;
  const expected = errorStatus[error.code as keyof typeof errorStatus];
  // RIG_ERR_BAD_REQUEST is also the code of the rarer 4xx statuses of HTTP itself (408, 431…).
  if (expected !== status && error.code !== 'RIG_ERR_BAD_REQUEST')
    return `code ${error.code} (${expected}) answered with status ${status}`;
  return undefined;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
