import { connect } from 'node:net';

/**
 * A request written byte for byte on a TCP socket: fetch and node:http normalise or refuse
 * what these tests must send (`..` segments, raw non-ASCII bytes, unknown methods).
 */
export interface RawRequest {
  method: string;
  /** The request target as sent; latin1, so each char is one byte on the wire. */
  target: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  text: string;
}

/** Sends one request on its own connection (`Connection: close`) and reads the whole answer. */
export function rawRequest(baseUrl: string, request: RawRequest): Promise<RawResponse> {
  const url = new URL(baseUrl);
  const body = request.body === undefined ? undefined : Buffer.from(request.body);
  const headers: Record<string, string> = {
    host: url.host,
    connection: 'close',
    ...(body ? { 'content-length': String(body.length) } : {}),
    ...request.headers,
  };
  const head =
    `${request.method} ${request.target} HTTP/1.1\r\n` +
    Object.entries(headers)
      .map(([name, value]) => `${name}: ${value}\r\n`)
      .join('') +
    '\r\n';
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname);
    const chunks: Buffer[] = [];
    const finish = () => {
      try {
        resolve(parseResponse(Buffer.concat(chunks)));
      } catch (error) {
        reject(error);
      }
    };
    socket.setTimeout(10_000, () => socket.destroy(new Error('no answer within 10 s')));
    socket.on('data', (chunk) => {
      chunks.push(chunk);
      // Done at the end of the first answer: a kept-alive or upgraded connection stays open.
      if (complete(Buffer.concat(chunks), request.method)) {
        socket.destroy();
        finish();
      }
    });
    socket.on('error', reject);
    socket.on('close', finish);
    socket.write(Buffer.from(head, 'latin1'));
    if (body) socket.write(body);
  });
}

/** Parses the first response on the connection (content-length, chunked or until close). */
export function parseResponse(data: Buffer): RawResponse {
  const end = data.indexOf('\r\n\r\n');
  if (end < 0) throw new Error(`no complete response: ${JSON.stringify(data.toString('latin1'))}`);
  const [statusLine = '', ...lines] = data.subarray(0, end).toString('latin1').split('\r\n');
  const match = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine);
  if (!match) throw new Error(`bad status line: ${JSON.stringify(statusLine)}`);
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  let rest = data.subarray(end + 4);
  if (headers['transfer-encoding']?.toLowerCase() === 'chunked') rest = dechunk(rest);
  else if (headers['content-length'] !== undefined)
    rest = rest.subarray(0, Number(headers['content-length']));
  return { status: Number(match[1]), headers, text: rest.toString('utf8') };
}

function complete(data: Buffer, method: string): boolean {
  const end = data.indexOf('\r\n\r\n');
  if (end < 0) return false;
  const head = data.subarray(0, end).toString('latin1').toLowerCase();
  if (method === 'HEAD' || /^http\/1\.1 (1\d\d|204|304) /.test(head)) return true;
  if (/\r\ntransfer-encoding: *chunked/.test(head)) return data.subarray(end).includes('\r\n0\r\n\r\n');
  const length = /\r\ncontent-length: *(\d+)/.exec(head);
  return length !== null && data.length - end - 4 >= Number(length[1]);
}

function dechunk(data: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = data.indexOf('\r\n', at);
    if (lineEnd < 0) break;
    const size = Number.parseInt(data.subarray(at, lineEnd).toString('latin1'), 16);
    if (!size) break;
    parts.push(data.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(parts);
}
