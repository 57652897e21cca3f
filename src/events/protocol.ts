import { z } from 'zod';

/**
 * The protocol of /api/v1/events. Connect with `?topics=a,b&since=N`, or send a
 * `subscribe` message at any time. Each server frame is one JSON object.
 */
export const ClientMessage = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('subscribe'),
    topics: z.array(z.string().max(64)).max(32).optional().describe('Topics; all when omitted'),
    since: z.number().int().min(0).optional().describe('Last sequence number seen, to resume'),
    epoch: z.string().max(64).optional().describe('The epoch that sequence number belongs to'),
  }),
  z.strictObject({ type: z.literal('ping') }),
]);
export type ClientMessage = z.infer<typeof ClientMessage>;

export const ConnectQuery = z.strictObject({
  topics: z.string().max(1024).optional().describe('Comma-separated topics (default: all)'),
  since: z.coerce.number().int().min(0).optional().describe('Resume after this sequence number'),
  epoch: z
    .string()
    .max(64)
    .optional()
    .describe('Epoch of `since` (from hello); another epoch means a snapshot'),
});

/** Server frames, for documentation and for the typed client. */
export type ServerMessage =
  | { type: 'hello'; epoch: string; seq: number; topics: string[]; resumed: boolean }
  | { type: 'snapshot'; topic: string; seq: number; data: unknown }
  | { type: 'events'; events: Array<{ seq: number; topic: string; type: string; data: unknown }> }
  | { type: 'heartbeat'; epoch: string; seq: number; time: string }
  | { type: 'pong' }
  | { type: 'error'; error: { code: string; message: string } };

/** Close code for a client that fell too far behind; it should reconnect with `since`. */
export const CLOSE_SLOW_CONSUMER = 4008;
