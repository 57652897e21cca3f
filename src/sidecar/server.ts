import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { type RawData, WebSocketServer } from 'ws';
import type { RigBus } from '../bus/events.ts';
import type { TlsFiles } from '../http/tls.ts';
import { idFromKey } from '../lib/device-ref.ts';
import { coerceError } from '../lib/errors.ts';
import type { StatusService } from '../status/index.ts';
import { Broadcaster } from './broadcaster.ts';
import { SidecarClient, type SidecarClientStats } from './client.ts';
import type { LeaseSource } from './leases.ts';
import { createSidecarHttp, listenOn, type SidecarHttp } from './listener.ts';
import {
  kindOfStatusCategory,
  type ParsedFrame,
  parseFrame,
  type StatusCategory,
  statusCategoryOfKind,
} from './protocol.ts';
import { WriteGate, type WriteGateOptions } from './write-gate.ts';

export interface SidecarOptions extends WriteGateOptions {
  host: string;
  port: number;
  pingIntervalSeconds: number;
  maxBufferedBytes: number;
  leasePollSeconds: number;
  /** When the port is taken, take a free one instead of failing (the demo lab). */
  portFallback?: boolean;
  /** Certificate and key files: serve WSS. */
  tls?: TlsFiles | undefined;
}

/**
 * R2lab's sidecar protocol (sidecar-protocol.md §5, §11) on its own port, any path: a
 * second face of the one live status. R2lab's monitors, r2lab-python, the website and
 * the debug page work against it unchanged.
 */
export class SidecarServer {
  private readonly clients = new Set<SidecarClient>();
  private readonly broadcaster: Broadcaster;
  private readonly gate: WriteGate;
  private http: SidecarHttp | undefined;
  private dropWaiting = () => {};
  private wss: WebSocketServer | undefined;
  private timers: NodeJS.Timeout[] = [];
  private leases: unknown[] = [];
  private leaseRefresh: Promise<void> | undefined;
  private leaseRefreshAgain = false;

  constructor(
    private readonly status: StatusService,
    private readonly bus: RigBus,
    private readonly options: SidecarOptions,
    private readonly logger: Logger,
    private readonly leaseSource?: LeaseSource,
  ) {
    this.broadcaster = new Broadcaster(
      () => this.clients,
      {
        list: (category) => this.status.list(kindOfStatusCategory[category]),
        get: (category, key) => this.status.get(kindOfStatusCategory[category], idFromKey(key)),
        leases: () => this.leases,
      },
      { maxBufferedBytes: options.maxBufferedBytes, maxQueuedFrames: 256, minFrameIntervalMs: 5 },
    );
    this.gate = new WriteGate(options, logger, (frame) => this.handle(frame));
  }

  get port(): number | undefined {
    return (this.http?.address() as AddressInfo | null)?.port;
  }

  /** `info` and `delete` frames ignored because their connection may not write. */
  get deniedWrites(): number {
    return this.gate.deniedWrites;
  }

  get clientCount(): number {
    return this.clients.size;
  }

  /** What the server holds for each client (diagnostics). */
  clientStats(): SidecarClientStats[] {
    return [...this.clients].map((client) => client.stats());
  }

  async start(): Promise<void> {
    this.bus.on('statusChanged', this, ({ kind, records }) => {
      const category = statusCategoryOfKind[kind];
      if (category) this.broadcaster.changed(category, records);
    });
    const { http, dropWaiting } = await createSidecarHttp(this.options.tls);
    this.dropWaiting = dropWaiting;
    // No `path`: R2lab's sidecar answers on any path. Handshakes are taken by `upgrade`,
    // which checks a token before accepting.
    const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: 16 << 20 });
    http.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
      void this.upgrade(wss, request, socket, head);
    });
    this.http = http;
    this.wss = wss;
    const { port, host } = this.options;
    try {
      await listenOn(http, port, host);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
      if (!this.options.portFallback)
        throw new Error(`sidecar port ${port} on ${host} is already in use (set --sidecar-port)`);
      this.logger.warn({ port }, 'sidecar port in use; taking a free one');
      await listenOn(http, 0, host);
    }
    this.timers.push(setInterval(() => this.ping(), this.options.pingIntervalSeconds * 1000));
    this.timers.push(setInterval(() => this.broadcaster.drain(), 50));
    if (this.leaseSource) {
      this.timers.push(setInterval(() => void this.pollLeases(), this.options.leasePollSeconds * 1000));
      // A booking, change or cancel reaches R2lab's website at once, not at the next poll.
      this.bus.on('leaseChanged', this, () => this.leasesChanged());
    }
    for (const timer of this.timers) timer.unref?.();
  }

  async stop(): Promise<void> {
    this.bus.removeListeners(this);
    await this.leaseRefresh;
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
    this.broadcaster.flush();
    for (const client of this.clients) client.socket.close(1001, 'server stopping');
    const http = this.http;
    const wss = this.wss;
    if (!http || !wss) return;
    // Peers that do not answer the close handshake are cut after a short grace.
    const grace = setTimeout(() => {
      for (const client of this.clients) client.socket.terminate();
    }, 1000);
    const closed = new Promise<void>((resolve) => http.close(() => resolve()));
    // Connections that never became websockets (silent, or plain HTTP) would hold it open.
    http.closeAllConnections();
    this.dropWaiting();
    await new Promise<void>((resolve) => wss.close(() => resolve()));
    await closed;
    clearTimeout(grace);
    this.clients.clear();
    this.gate.stop();
  }

  /** Accepts a websocket once the gate has checked its handshake's token, if any. */
  private async upgrade(wss: WebSocketServer, request: IncomingMessage, socket: Duplex, head: Buffer) {
    const peer = await this.gate.admit(request, socket);
    if (!peer || socket.destroyed) return;
    wss.handleUpgrade(request, socket, head, (ws) => this.accept(new SidecarClient(ws, peer)));
  }

  private accept(client: SidecarClient): void {
    const { socket, address } = client;
    this.clients.add(client);
    socket.on('pong', () => {
      client.alive = true;
    });
    socket.on('message', (data, isBinary) => this.receive(client, data, isBinary));
    socket.on('close', () => {
      this.clients.delete(client);
      this.gate.closed(client);
    });
    socket.on('error', (error) => {
      this.logger.debug({ err: error, address }, 'sidecar client error');
      this.clients.delete(client);
    });
  }

  private receive(client: SidecarClient, data: RawData, isBinary: boolean): void {
    const text = isBinary ? undefined : data.toString();
    const frame = text === undefined ? undefined : parseFrame(text);
    if (!frame) {
      this.logger.debug(
        { address: client.address, frame: text?.slice(0, 200) },
        'sidecar: invalid frame ignored',
      );
      return;
    }
    this.gate.receive(client, frame);
  }

  private handle({ umbrella, text }: ParsedFrame): void {
    const { category, action, message } = umbrella;
    if (category === 'leases') {
      this.handleLeases(action, message, text);
      return;
    }
    const kind = kindOfStatusCategory[category];
    if (action === 'info') {
      // Changes come back through statusChanged, like any other writer's.
      this.status.update(kind, message as unknown[], 'sidecar');
    } else if (action === 'delete') {
      // Persisted, and not broadcast: a delete would crash r2lab-python clients (§11.8).
      const ids = (message as unknown[])
        .map((item) => (Array.isArray(item) ? item[0] : item))
        .filter(
          (item): item is { id: number | string } =>
            typeof item === 'object' && item !== null && 'id' in item,
        )
        .map((item) => item.id)
        .filter((id) => typeof id === 'number' || typeof id === 'string');
      this.status.remove(kind, ids, 'sidecar');
    } else {
      this.broadcaster.dump(category as StatusCategory);
      this.broadcaster.broadcast(text);
    }
  }

  private handleLeases(action: string, message: unknown, text: string): void {
    if (action === 'info') {
      this.leases = message as unknown[];
      // R2lab stores an empty list without broadcasting it (§5.4).
      if (this.leases.length) {
        this.broadcaster.broadcast(
          JSON.stringify({ category: 'leases', action: 'info', message: this.leases, incremental: true }),
        );
      }
    } else if (action === 'delete') {
      const ids = new Set(
        (message as unknown[]).map((item) => JSON.stringify((item as { id?: unknown })?.id)),
      );
      this.leases = this.leases.filter((lease) => !ids.has(JSON.stringify((lease as { id?: unknown })?.id)));
    } else {
      void this.refreshLeases().then(() => {
        this.broadcaster.dump('leases');
        this.broadcaster.broadcast(text);
      });
    }
  }

  /** Re-reads the leases; on failure the previous list stays (§5.2). */
  private async refreshLeases(): Promise<void> {
    if (!this.leaseSource) return;
    try {
      this.leases = await this.leaseSource.current();
    } catch (error) {
      this.logger.warn({ err: coerceError(error) }, 'sidecar: lease poll failed');
    }
  }

  /** Every poll is broadcast, changed or not, as R2lab's sidecar does (§5.6). */
  /** One re-read at a time; changes meanwhile make one more (a burst of bookings, one dump). */
  private leasesChanged(): void {
    if (this.leaseRefresh) {
      this.leaseRefreshAgain = true;
      return;
    }
    this.leaseRefresh = (async () => {
      do {
        this.leaseRefreshAgain = false;
        await this.pollLeases();
      } while (this.leaseRefreshAgain);
    })().finally(() => {
      this.leaseRefresh = undefined;
    });
  }

  private async pollLeases(): Promise<void> {
    await this.refreshLeases();
    this.broadcaster.dump('leases');
  }

  private ping(): void {
    for (const client of this.clients) {
      if (!client.alive) {
        client.socket.terminate();
        this.clients.delete(client);
        continue;
      }
      client.alive = false;
      client.socket.ping();
    }
  }
}
