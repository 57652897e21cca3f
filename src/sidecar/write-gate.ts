import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import type { AuditSink } from '../audit/index.ts';
import type { Principal } from '../http/access.ts';
import type { Authenticator } from '../http/authenticate.ts';
import { toErrorResponse, writeRawError } from '../http/errors.ts';
import { coerceError, type ErrorCode, RigError } from '../lib/errors.ts';
import type { SidecarClient, SidecarPeerInfo } from './client.ts';
import type { ParsedFrame } from './protocol.ts';
import { WriteAccess } from './write-access.ts';
import { SidecarWriteAudit, type WriteAuditOptions } from './write-audit.ts';

export interface WriteGateOptions {
  /** Checks the tokens of writers; undefined when authentication is off (anyone may write). */
  authenticator?: Authenticator | undefined;
  /** Networks whose connections may write without a token. */
  trustedNetworks?: readonly string[] | undefined;
  /** Reverse proxies whose X-Forwarded-For gives the client's address (http.trustProxy). */
  trustProxy?: readonly string[] | undefined;
  /** Where writes are audited, batched per connection and burst. */
  audit?: AuditSink | undefined;
  writeAudit?: WriteAuditOptions | undefined;
}

/** Frames of one connection waiting for a token check; more are dropped (a flood). */
const MAX_QUEUED_FRAMES = 1024;

/**
 * Lets through the `info` and `delete` frames of connections that may write (a trusted
 * address, or a token of a status writer, checked again on every write), ignores the
 * others, and audits both. Reads always pass. A connection's frames keep their order.
 */
export class WriteGate {
  /** `info` and `delete` frames ignored because their connection may not write. */
  deniedWrites = 0;
  private readonly access: WriteAccess;
  private readonly audit: SidecarWriteAudit;

  constructor(
    options: WriteGateOptions,
    private readonly logger: Logger,
    private readonly apply: (frame: ParsedFrame) => void,
  ) {
    this.access = new WriteAccess({
      authenticator: options.authenticator,
      trustedNetworks: options.trustedNetworks ?? [],
      trustProxy: options.trustProxy,
    });
    this.audit = new SidecarWriteAudit(options.audit, options.writeAudit ?? { quietMs: 2000, maxMs: 60_000 });
  }

  /**
   * Checks a handshake: a token, when one is given, must be valid (401 otherwise, so that
   * a writer learns at once that its writes would be ignored); without one, reads are
   * open. Undefined when refused (the answer is written on the socket).
   */
  async admit(request: IncomingMessage, socket: Duplex): Promise<SidecarPeerInfo | undefined> {
    const { address, trusted } = this.access.peerOf(request);
    let token: string | undefined;
    let principal: Principal | undefined;
    if (this.access.enforced) {
      const onError = () => socket.destroy();
      socket.on('error', onError);
      try {
        token = this.access.tokenOf(request);
        if (token !== undefined) {
          principal = await this.access.identify(token);
          if (!principal) throw new RigError('RIG_ERR_UNAUTHENTICATED', 'invalid, expired or revoked token');
        }
      } catch (error) {
        const { status, body } = toErrorResponse(error);
        this.logger.debug({ address, status }, 'sidecar: handshake refused');
        writeRawError(socket, status, body.error.code as ErrorCode, body.error.message);
        return undefined;
      } finally {
        socket.off('error', onError);
      }
    }
    return { address, port: request.socket.remotePort, token, principal, trusted };
  }

  receive(client: SidecarClient, frame: ParsedFrame): void {
    const write = frame.umbrella.action !== 'request';
    // A write with a token waits for its check; frames after it wait too, to keep their order.
    if (client.queued > 0 || (write && !client.trusted && client.token !== undefined)) {
      this.enqueue(client, frame);
    } else if (write && !client.trusted) {
      this.deny(client, frame);
    } else {
      this.pass(client, frame);
    }
  }

  /** Records a connection's pending writes in the audit log (it closed). */
  closed(client: SidecarClient): void {
    this.audit.flushConnection(client);
  }

  stop(): void {
    this.audit.flushAll();
  }

  /** Handles a frame after the frames queued before it, checking the token of a write. */
  private enqueue(client: SidecarClient, frame: ParsedFrame): void {
    if (client.queued >= MAX_QUEUED_FRAMES) {
      this.logger.warn({ address: client.address }, 'sidecar: too many frames waiting; frame dropped');
      return;
    }
    client.queued++;
    const check = async () => {
      if (frame.umbrella.action !== 'request' && !client.trusted) {
        // Checked on every write: a revoked token stops writing at once.
        const writer = client.token === undefined ? undefined : await this.access.writer(client.token);
        if (!writer) return this.deny(client, frame);
        client.principal = writer;
      }
      this.pass(client, frame);
    };
    client.pending = (client.pending ?? Promise.resolve())
      .then(check)
      .catch((error) => this.logger.warn({ err: coerceError(error) }, 'sidecar: frame failed'))
      .finally(() => {
        client.queued--;
      });
  }

  private pass(client: SidecarClient, frame: ParsedFrame): void {
    try {
      this.apply(frame);
    } catch (error) {
      this.logger.warn({ err: coerceError(error) }, 'sidecar: frame failed');
    }
    this.note(client, frame, false);
  }

  private deny(client: SidecarClient, frame: ParsedFrame): void {
    client.deniedWrites++;
    this.deniedWrites++;
    this.logger.debug(
      { address: client.address, category: frame.umbrella.category, action: frame.umbrella.action },
      'sidecar: write ignored (no token allowing it, untrusted address)',
    );
    this.note(client, frame, true);
  }

  private note(client: SidecarClient, { umbrella }: ParsedFrame, denied: boolean): void {
    if (umbrella.action === 'request') return;
    const writer = { address: client.address, principal: client.principal, denied };
    this.audit.noted(client, writer, umbrella.category, umbrella.action, umbrella.message as unknown[]);
  }
}
