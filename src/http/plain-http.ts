import type { Socket } from 'node:net';
import type { Server as TlsServer } from 'node:tls';
import { errorBody } from './errors.ts';

/** The first byte of a TLS connection: a handshake record. */
const TLS_HANDSHAKE = 0x16;
const FIRST_BYTE_TIMEOUT_MS = 120_000;

function refuse(socket: Socket, scheme: string): void {
  const body = JSON.stringify(
    errorBody('RIG_ERR_BAD_REQUEST', `this port speaks TLS: use ${scheme}:// instead of plain HTTP`),
  );
  socket.end(
    'HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    // Paused, the socket would never see the peer's end and would hold the server open.
    () => socket.destroy(),
  );
}

export interface PlainHttpAnswerer {
  /** Closes the connections that have not sent their first byte yet (the server is stopping). */
  dropWaiting(): void;
}

/**
 * Makes a TLS server answer a plain HTTP request with a 400 that says to use TLS, as nginx
 * does, instead of resetting the connection: the first byte of each connection is read, and
 * a TLS handshake is handed to the TLS server's own listener (which takes the byte back).
 */
export function answerPlainHttp(server: TlsServer, scheme: 'https' | 'wss'): PlainHttpAnswerer {
  const tlsListeners = server.listeners('connection') as Array<(socket: Socket) => void>;
  const waiting = new Set<Socket>();
  server.removeAllListeners('connection');
  server.on('connection', (socket: Socket) => {
    waiting.add(socket);
    // A peer that connects and goes away must not raise an unhandled error.
    const ignore = () => {};
    socket.on('error', ignore);
    socket.once('close', () => waiting.delete(socket));
    // As the TLS handshake would, give up on a peer that sends nothing.
    socket.setTimeout(FIRST_BYTE_TIMEOUT_MS, () => socket.destroy());
    socket.once('data', (chunk: Buffer) => {
      waiting.delete(socket);
      socket.setTimeout(0);
      socket.pause();
      socket.unshift(chunk);
      if (chunk[0] !== TLS_HANDSHAKE && /^[A-Z]+ /.test(chunk.subarray(0, 16).toString('latin1'))) {
        refuse(socket, scheme);
        return;
      }
      socket.off('error', ignore);
      for (const listener of tlsListeners) listener.call(server, socket);
    });
  });
  return {
    dropWaiting() {
      for (const socket of waiting) socket.destroy();
      waiting.clear();
    },
  };
}
