import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { WebSocket } from 'ws';
import { coerceError } from '../lib/errors.ts';
import { EventLog, type LoggedEvent } from './log.ts';
import { CLOSE_SLOW_CONSUMER, ClientMessage, type ServerMessage } from './protocol.ts';

export interface TopicSource {
  readonly name: string;
  /** The topic's whole current state, sent to a client that cannot resume. */
  snapshot(): unknown | Promise<unknown>;
}

export interface HubOptions {
  backlog: number;
  heartbeatSeconds: number;
  maxBufferedBytes: number;
}

interface Client {
  socket: WebSocket;
  topics: Set<string>;
  /** Highest sequence number this client has been sent (or given by its snapshot). */
  sentSeq: number;
  /** False while its snapshots are being built: live events wait in the log meanwhile. */
  live: boolean;
  /** Bumped by each subscribe, so a slow snapshot of an older one is dropped. */
  generation: number;
  alive: boolean;
}

/**
 * Rig's own live face (/api/v1/events): numbered events per topic, a snapshot on connect,
 * exact resume from a sequence number within the backlog. Events of one event-loop turn
 * go out together, serialised once per group of clients in the same position.
 */
export class EventsHub {
  private readonly log: EventLog;
  /** Sequence numbers restart with the process; the epoch tells a client which run they are from. */
  readonly epoch = randomUUID();
  private readonly topics = new Map<string, TopicSource>();
  private readonly clients = new Set<Client>();
  private flushScheduled = false;
  private heartbeat: NodeJS.Timeout | undefined;

  constructor(
    private readonly options: HubOptions,
    private readonly logger: Logger,
  ) {
    this.log = new EventLog(options.backlog);
  }

  addTopic(source: TopicSource): void {
    this.topics.set(source.name, source);
  }

  topicNames(): string[] {
    return [...this.topics.keys()];
  }

  get lastSeq(): number {
    return this.log.lastSeq;
  }

  get clientCount(): number {
    return this.clients.size;
  }

  publish(topic: string, type: string, data: unknown): void {
    this.log.append(topic, type, data);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    }
  }

  start(): void {
    this.heartbeat = setInterval(() => this.beat(), this.options.heartbeatSeconds * 1000);
    this.heartbeat.unref?.();
  }

  stop(): void {
    clearInterval(this.heartbeat);
    for (const client of this.clients) client.socket.close(1001, 'server stopping');
    this.clients.clear();
  }

  /** Takes over an accepted websocket. */
  accept(socket: WebSocket, topics: string[] | undefined, since: number | undefined, epoch?: string): void {
    const client: Client = { socket, topics: new Set(), sentSeq: 0, live: false, generation: 0, alive: true };
    this.clients.add(client);
    socket.on('pong', () => {
      client.alive = true;
    });
    socket.on('close', () => this.clients.delete(client));
    socket.on('error', () => this.clients.delete(client));
    socket.on('message', (data, isBinary) => this.receive(client, isBinary ? undefined : data.toString()));
    void this.subscribe(client, topics, epoch === undefined || epoch === this.epoch ? since : undefined);
  }

  private receive(client: Client, text: string | undefined): void {
    let message: ClientMessage;
    try {
      message = ClientMessage.parse(JSON.parse(text ?? ''));
    } catch {
      this.send(client, {
        type: 'error',
        error: { code: 'RIG_ERR_BAD_REQUEST', message: 'unreadable message' },
      });
      return;
    }
    if (message.type === 'ping') this.send(client, { type: 'pong' });
    else {
      const sameEpoch = message.epoch === undefined || message.epoch === this.epoch;
      void this.subscribe(client, message.topics, sameEpoch ? message.since : undefined);
    }
  }

  private async subscribe(
    client: Client,
    wanted: string[] | undefined,
    since: number | undefined,
  ): Promise<void> {
    const generation = ++client.generation;
    const unknown = (wanted ?? []).filter((t) => !this.topics.has(t));
    if (unknown.length) {
      const message = `unknown topics: ${unknown.join(', ')} (known: ${this.topicNames().join(', ')})`;
      this.send(client, { type: 'error', error: { code: 'RIG_ERR_VALIDATION', message } });
    }
    const topics = wanted?.length ? wanted.filter((t) => this.topics.has(t)) : this.topicNames();
    client.topics = new Set(topics);
    client.live = false;
    const missed = since === undefined ? undefined : this.log.after(since);
    if (missed) {
      this.send(client, { type: 'hello', epoch: this.epoch, seq: this.log.lastSeq, topics, resumed: true });
      client.sentSeq = since as number;
      client.live = true;
      this.deliver(client, missed);
      return;
    }
    const seq = this.log.lastSeq;
    this.send(client, { type: 'hello', epoch: this.epoch, seq, topics, resumed: false });
    try {
      for (const topic of topics) {
        const data = await this.topics.get(topic)?.snapshot();
        if (generation !== client.generation) return;
        this.send(client, { type: 'snapshot', topic, seq, data });
      }
    } catch (error) {
      this.logger.error({ err: coerceError(error) }, 'events snapshot failed');
      client.socket.close(1011, 'snapshot failed');
      return;
    }
    // Events logged while the snapshots were read follow them; applying one that the
    // snapshot already holds is harmless (events carry whole records).
    const since0 = this.log.after(seq);
    if (!since0) {
      void this.subscribe(client, wanted, undefined);
      return;
    }
    client.sentSeq = seq;
    client.live = true;
    this.deliver(client, since0);
  }

  private flush(): void {
    this.flushScheduled = false;
    const last = this.log.lastSeq;
    // Clients at the same position with the same topics get the same bytes.
    const frames = new Map<string, string | null>();
    for (const client of this.clients) {
      if (!client.live || client.sentSeq >= last) continue;
      const key = `${client.sentSeq}|${[...client.topics].sort().join(',')}`;
      let frame = frames.get(key);
      if (frame === undefined) {
        const events = this.log.after(client.sentSeq);
        const mine = events?.filter((e) => client.topics.has(e.topic));
        frame = mine?.length
          ? JSON.stringify({ type: 'events', events: mine } satisfies ServerMessage)
          : null;
        if (!events) frame = 'resnapshot';
        frames.set(key, frame);
      }
      if (frame === 'resnapshot') {
        void this.subscribe(client, [...client.topics], undefined);
        continue;
      }
      client.sentSeq = last;
      if (frame) this.sendRaw(client, frame);
    }
  }

  private deliver(client: Client, events: LoggedEvent[]): void {
    const mine = events.filter((e) => client.topics.has(e.topic));
    if (events.length) client.sentSeq = events[events.length - 1]?.seq ?? client.sentSeq;
    if (mine.length) this.send(client, { type: 'events', events: mine });
  }

  private beat(): void {
    const frame = JSON.stringify({
      type: 'heartbeat',
      epoch: this.epoch,
      seq: this.log.lastSeq,
      time: new Date().toISOString(),
    } satisfies ServerMessage);
    for (const client of this.clients) {
      if (!client.alive) {
        client.socket.terminate();
        this.clients.delete(client);
        continue;
      }
      client.alive = false;
      client.socket.ping();
      this.sendRaw(client, frame);
    }
  }

  private send(client: Client, message: ServerMessage): void {
    this.sendRaw(client, JSON.stringify(message));
  }

  /**
   * A client whose unsent bytes pass the limit is closed rather than let it hold memory or
   * delay anyone: it reconnects with `since` and resumes exactly.
   */
  private sendRaw(client: Client, frame: string): void {
    const socket = client.socket;
    if (socket.readyState !== socket.OPEN) return;
    if (socket.bufferedAmount > this.options.maxBufferedBytes) {
      this.clients.delete(client);
      socket.close(CLOSE_SLOW_CONSUMER, 'slow consumer: reconnect with since');
      // A peer that reads nothing may never complete the closing handshake.
      setTimeout(() => socket.terminate(), 2000).unref?.();
      return;
    }
    socket.send(frame);
  }
}
