import type { RawData } from 'ws';
import { z } from 'zod';

/**
 * The protocol of /api/v1/events (described for users in docs/api.md). Connect with
 * `?topics=a,b`, or `?since=N&epoch=E` to resume; change topics later with a `subscribe`
 * frame. Each frame, both ways, is one JSON object in a text frame.
 */
export const ClientMessage = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('subscribe'),
    topics: z
      .array(z.string().min(1).max(64))
      .max(32)
      .optional()
      .describe('The new set of topics; all when omitted or empty'),
  }),
  z.strictObject({ type: z.literal('ping') }),
]);
export type ClientMessage = z.infer<typeof ClientMessage>;

const topicList = z
  .string()
  .max(1024)
  .transform((text) =>
    text
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean),
  );

export const ConnectQuery = z
  .strictObject({
    topics: topicList.optional().describe('Comma-separated topics (default: all)'),
    since: z
      .string()
      .regex(/^\d{1,15}$/, 'a sequence number (digits)')
      .transform(Number)
      .optional()
      .describe('Resume after this sequence number (needs `epoch`)'),
    epoch: z.string().min(1).max(64).optional().describe('The epoch `since` belongs to (from hello)'),
  })
  .refine((q) => q.since === undefined || q.epoch !== undefined, {
    path: ['epoch'],
    message: 'since needs the epoch it was numbered in (from the hello frame)',
  });
export type ConnectQuery = z.infer<typeof ConnectQuery>;

/** One numbered event, as clients receive it. */
export interface LiveEvent {
  seq: number;
  topic: string;
  type: string;
  data: unknown;
}

export interface FrameError {
  code: string;
  message: string;
  details?: unknown;
}

/** Server frames, for documentation, the dashboard and the typed client. */
export type ServerMessage =
  | { type: 'hello'; epoch: string; seq: number; topics: string[]; resumed: boolean }
  | { type: 'subscribed'; seq: number; topics: string[]; added: string[] }
  | { type: 'snapshot'; topic: string; seq: number; data: unknown }
  | { type: 'events'; seq: number; events: LiveEvent[] }
  | { type: 'heartbeat'; epoch: string; seq: number; time: string }
  | { type: 'pong' }
  | { type: 'error'; error: FrameError };

/** Close codes of the server. */
export const CLOSE_GOING_AWAY = 1001;
export const CLOSE_INTERNAL = 1011;
/** A client that fell too far behind; it should reconnect at once with `since` and `epoch`. */
export const CLOSE_SLOW_CONSUMER = 4008;
/** Close code for a client whose credentials were revoked (token, session, user): it must not resume. */
export const CLOSE_CREDENTIALS_REVOKED = 4401;

const MAX_REPORTED_ISSUES = 10;

/** Reads a client frame; a frame that is not a valid message yields the error to send back. */
export function parseClientFrame(
  data: RawData,
  isBinary: boolean,
): { message: ClientMessage } | { error: FrameError } {
  if (isBinary) return { error: { code: 'RIG_ERR_BAD_REQUEST', message: 'binary frames are not accepted' } };
  let value: unknown;
  try {
    value = JSON.parse(rawText(data));
  } catch {
    return { error: { code: 'RIG_ERR_BAD_REQUEST', message: 'a frame must be one JSON object' } };
  }
  const parsed = ClientMessage.safeParse(value);
  if (parsed.success) return { message: parsed.data };
  // A huge frame may hold thousands of faults: report the first few, not a frame as big.
  const issues = parsed.error.issues.slice(0, MAX_REPORTED_ISSUES).map((issue) => ({
    path: issue.path.join('.') || '(root)',
    message: issue.message,
  }));
  const first = issues[0];
  return {
    error: {
      code: 'RIG_ERR_VALIDATION',
      message: `invalid frame${first ? `: ${first.path}: ${first.message}` : ''}`,
      details: { issues, total: parsed.error.issues.length },
    },
  };
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString();
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString();
  return data.toString();
}
