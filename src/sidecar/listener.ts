import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { answerPlainHttp } from '../http/plain-http.ts';
import { readTlsFiles, type TlsFiles } from '../http/tls.ts';

/** The HTTP or HTTPS server under the sidecar's websockets. */
export type SidecarHttp = ReturnType<typeof createHttpServer> | ReturnType<typeof createHttpsServer>;

/** Plain requests get a hint; the websocket handshakes arrive as `upgrade` events. */
function answerPlainRequest(_request: IncomingMessage, response: ServerResponse): void {
  response.writeHead(426, { 'content-type': 'text/plain', upgrade: 'websocket' });
  response.end('R2lab sidecar protocol: connect with a websocket\n');
}

/**
 * The server of the sidecar face: HTTPS (so WSS) with the API's certificate and key when
 * `tls` names them, else plain HTTP (WS), as R2lab's sidecar with and without `-c`/`-k`.
 */
export async function createSidecarHttp(
  tls: TlsFiles | undefined,
): Promise<{ http: SidecarHttp; dropWaiting: () => void }> {
  const pem = await readTlsFiles(tls ?? {});
  if (!pem) return { http: createHttpServer(answerPlainRequest), dropWaiting: () => {} };
  const http = createHttpsServer({ cert: pem.cert, key: pem.key }, answerPlainRequest);
  const plain = answerPlainHttp(http, 'wss');
  return { http, dropWaiting: () => plain.dropWaiting() };
}

export const listenOn = (http: SidecarHttp, port: number, host: string) =>
  new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(port, host, () => {
      http.off('error', reject);
      resolve();
    });
  });
