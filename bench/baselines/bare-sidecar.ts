import { isDeepStrictEqual } from 'node:util';
import { WebSocketServer } from 'ws';

/**
 * Baseline of the fan-out benchmark: a bare `ws` server with R2lab's merge semantics
 * (sidecar-protocol.md §5.3): records keyed by their type-exact id (JSON text), shallow
 * merge, deep-equality change detection, whole merged records broadcast with
 * `incremental: true` only when something changed. Each broadcast is serialised once and
 * sent to every client: one frame per push, as the reference server does.
 *
 * Usage (own process): node --import tsx bare-sidecar.ts <port>; prints "listening".
 */
type Rec = Record<string, unknown> & { id: number | string };
const state = new Map<string, Map<string, Rec>>();

function merge(category: string, items: unknown[]): Rec[] {
  let table = state.get(category);
  if (!table) {
    table = new Map();
    state.set(category, table);
  }
  const news: Rec[] = [];
  for (let item of items) {
    if (Array.isArray(item)) item = item[0];
    if (typeof item !== 'object' || item === null) continue;
    const incoming = item as Rec;
    if (typeof incoming.id !== 'number' && typeof incoming.id !== 'string') continue;
    const key = JSON.stringify(incoming.id);
    const stored = table.get(key);
    if (!stored) {
      const record = { ...incoming };
      table.set(key, record);
      news.push(record);
      continue;
    }
    let changed = false;
    for (const k of Object.keys(incoming)) {
      if (!(k in stored) || !isDeepStrictEqual(stored[k], incoming[k])) {
        changed = true;
        break;
      }
    }
    if (!changed) continue;
    const record = { ...stored, ...incoming, id: stored.id };
    table.set(key, record);
    news.push(record);
  }
  return news;
}

const wss = new WebSocketServer({
  host: '127.0.0.1',
  port: Number(process.argv[2]),
  perMessageDeflate: false,
});
const broadcast = (text: string) => {
  for (const client of wss.clients) if (client.readyState === client.OPEN) client.send(text);
};
wss.on('connection', (socket) => {
  socket.on('message', (data) => {
    let frame: { category?: string; action?: string; message?: unknown };
    try {
      frame = JSON.parse(data.toString());
    } catch {
      return;
    }
    const { category, action, message } = frame;
    if (typeof category !== 'string' || !['nodes', 'phones', 'pdus'].includes(category)) return;
    if (action === 'info' && Array.isArray(message)) {
      const news = merge(category, message);
      if (news.length) broadcast(JSON.stringify({ ...frame, message: news, incremental: true }));
    } else if (action === 'request') {
      broadcast(
        JSON.stringify({ category, action: 'info', message: [...(state.get(category)?.values() ?? [])] }),
      );
      broadcast(data.toString());
    }
  });
});
wss.on('listening', () => process.stdout.write('listening\n'));
process.on('SIGTERM', () => wss.close(() => process.exit(0)));
