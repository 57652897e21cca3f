import { connect, type Socket } from 'node:net';
import { serveRequests } from '../lib/child.ts';

/**
 * Load generator (its own process), like autocannon: `connections` keep-alive HTTP/1.1
 * connections, each sending a GET as soon as the previous answer has fully arrived, for
 * `durationMs`. Answers are framed by Content-Length and their bodies only counted, not
 * parsed or decompressed: a client that parsed 370 KiB bodies would measure itself rather
 * than the server.
 */
export interface LoadRequest {
  url: string;
  connections: number;
  durationMs: number;
  /** Extra request headers (the API token). */
  headers?: Record<string, string>;
}
export interface LoadReply {
  requests: number;
  bytes: number;
  errors: number;
  elapsedMs: number;
  error?: string;
}

const HEADER_END = Buffer.from('\r\n\r\n');

function connection(
  url: URL,
  deadline: number,
  reply: LoadReply,
  headers: Record<string, string> = {},
): Promise<void> {
  // The Accept-Encoding that Node's fetch (Rig's own client) sends; browsers send more.
  const request = Buffer.from(
    `GET ${url.pathname}${url.search} HTTP/1.1\r\nHost: ${url.host}\r\n` +
      'Accept-Encoding: gzip, deflate\r\n' +
      Object.entries(headers)
        .map(([name, value]) => `${name}: ${value}\r\n`)
        .join('') +
      '\r\n',
  );
  return new Promise((resolve, reject) => {
    const socket: Socket = connect(Number(url.port), url.hostname);
    socket.setNoDelay(true);
    let head: Buffer = Buffer.alloc(0);
    let status = 0;
    /** Body bytes still to come; -1 while reading the head. */
    let remaining = -1;
    const next = () => {
      if (performance.now() >= deadline) {
        socket.end();
        resolve();
        return;
      }
      socket.write(request);
    };
    const finishHead = (end: number): Buffer => {
      const text = head.subarray(0, end).toString('latin1');
      status = Number(text.slice(9, 12));
      const length = /\r\ncontent-length:\s*(\d+)/i.exec(text);
      if (!length) throw new Error(`answer without Content-Length: ${text.split('\r\n')[0]}`);
      remaining = Number(length[1]);
      const rest = head.subarray(end + HEADER_END.length);
      head = Buffer.alloc(0);
      return rest;
    };
    socket.on('data', (chunk: Buffer) => {
      try {
        let data = chunk;
        while (data.length) {
          if (remaining < 0) {
            head = head.length ? Buffer.concat([head, data]) : data;
            const end = head.indexOf(HEADER_END);
            if (end < 0) return;
            data = finishHead(end);
          }
          const taken = Math.min(remaining, data.length);
          remaining -= taken;
          reply.bytes += taken;
          data = data.subarray(taken);
          if (remaining === 0) {
            remaining = -1;
            if (status === 200) reply.requests++;
            else reply.errors++;
            next();
          }
        }
      } catch (error) {
        socket.destroy();
        reject(error);
      }
    });
    socket.on('error', reject);
    socket.on('connect', next);
  });
}

async function run({ url, connections, durationMs, headers }: LoadRequest): Promise<LoadReply> {
  const target = new URL(url);
  const started = performance.now();
  const reply: LoadReply = { requests: 0, bytes: 0, errors: 0, elapsedMs: 0 };
  await Promise.all(
    Array.from({ length: connections }, () => connection(target, started + durationMs, reply, headers)),
  );
  reply.elapsedMs = performance.now() - started;
  return reply;
}

serveRequests<LoadRequest, LoadReply>(run);
