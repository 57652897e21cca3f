import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { RawData, WebSocket } from 'ws';
import { type Principal, type Revocation, revokes } from '../http/access.ts';
import { coerceError } from '../lib/errors.ts';
import { EventsClient } from './client.ts';
import { EventLog, type LoggedEvent } from './log.ts';
import {
  CLOSE_CREDENTIALS_REVOKED,
  CLOSE_GOING_AWAY,
  CLOSE_INTERNAL,
  parseClientFrame,
  type ServerMessage,
} from './protocol.ts';
import { type TopicSource, Topics } from './topics.ts';

export type { TopicSource } from './topics.ts';

export interface HubOptions {
  backlog: number;
  heartbeatSeconds: number;
  maxBufferedBytes: number;
}

/** What a client asked for when it connected (the parsed query string). */
export interface ConnectRequest {
  /** Who connects (undefined when authentication is off or the route is public). */
  principal?: Principal | undefined;
  topics?: string[] | undefined;
  since?: number | undefined;
  epoch?: string | undefined;
}

/** Marks a group of clients that fell out of the backlog (more events in one turn than it keeps). */
const RESNAPSHOT = Symbol('resnapshot');
const STOP_GRACE_MS = 1000;
/** How long a closed slow consumer may hold its buffer: one heartbeat period, at most this. */
const MAX_CLOSE_GRACE_MS = 30_000;
/** A client that answers none of this many heartbeat pings in a row is cut off. */
const MAX_UNANSWERED_PINGS = 2;

/**
 * Rig's own live face (/api/v1/events): numbered events per topic, snapshots on connect,
 * exact resume from a sequence number within the backlog. Events of one event-loop turn
 * go out together, serialised once per group of clients in the same position.
 */
export class EventsHub {
  private readonly log: EventLog;
  /** Sequence numbers restart with the process; the epoch tells which run they are from. */
  readonly epoch = randomUUID();
  private readonly topics = new Topics();
  /** Clients being served; `connections` also holds those still closing. */
  private readonly clients = new Set<EventsClient>();
  private readonly connections = new Set<EventsClient>();
  private flushScheduled = false;
  private heartbeat: NodeJS.Timeout | undefined;

  constructor(
    private readonly options: HubOptions,
    private readonly logger: Logger,
  ) {
    this.log = new EventLog(options.backlog);
  }

  addTopic(source: TopicSource): void {
    this.topics.add(source);
  }

  topicNames(): string[] {
    return this.topics.names();
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

  async start(): Promise<void> {
    await this.topics.load();
    this.heartbeat = setInterval(() => this.beat(), this.options.heartbeatSeconds * 1000);
    this.heartbeat.unref?.();
  }

  /** Closes every client with 1001; those that do not answer within a second are cut off. */
  /** Closes the connections of revoked credentials at once: revocation does not wait for a reconnect. */
  revoke(revocation: Revocation): void {
    for (const client of this.connections) {
      if (client.principal && revokes(revocation, client.principal)) {
        client.close(CLOSE_CREDENTIALS_REVOKED, 'credentials revoked');
      }
    }
  }

  async stop(): Promise<void> {
    clearInterval(this.heartbeat);
    const connections = [...this.connections];
    for (const client of connections) client.close(CLOSE_GOING_AWAY, 'server stopping');
    await Promise.all(connections.map((client) => client.closed(STOP_GRACE_MS)));
    for (const client of connections) client.terminate();
    this.connections.clear();
  }

  /** Takes over an accepted websocket: hello, then snapshots or the missed events. */
  accept(socket: WebSocket, request: ConnectRequest): void {
    const limits = {
      maxBufferedBytes: this.options.maxBufferedBytes,
      closeGraceMs: Math.min(this.options.heartbeatSeconds * 1000, MAX_CLOSE_GRACE_MS),
    };
    const client = new EventsClient(socket, limits, (gone) => this.clients.delete(gone));
    client.principal = request.principal;
    this.clients.add(client);
    this.connections.add(client);
    socket.once('close', () => this.connections.delete(client));
    socket.on('message', (data, isBinary) => this.receive(client, data, isBinary));
    client.topics = this.knownTopics(client, request.topics);
    const { since } = request;
    const missed = since !== undefined && request.epoch === this.epoch ? this.log.after(since) : undefined;
    if (missed && since !== undefined) {
      client.sentSeq = since;
      if (this.hello(client, since, true)) this.deliver(client, missed);
    } else {
      this.restart(client);
    }
  }

  /** `seq` is where the stream continues from: the snapshots' position, or the client's since. */
  private hello(client: EventsClient, seq: number, resumed: boolean): boolean {
    return client.send({ type: 'hello', epoch: this.epoch, seq, topics: [...client.topics], resumed });
  }

  private receive(client: EventsClient, data: RawData, isBinary: boolean): void {
    const parsed = parseClientFrame(data, isBinary);
    if ('error' in parsed) client.send({ type: 'error', error: parsed.error });
    else if (parsed.message.type === 'ping') client.send({ type: 'pong' });
    else this.resubscribe(client, parsed.message.topics);
  }

  /** The known topics among those asked for (all when none); unknown ones get an error frame. */
  private knownTopics(client: EventsClient, wanted: readonly string[] | undefined): string[] {
    const { topics, unknown } = this.topics.resolve(wanted);
    if (unknown.length) {
      const known = this.topics.names();
      const message = `unknown topics: ${unknown.join(', ')} (known: ${known.join(', ')})`;
      client.send({
        type: 'error',
        error: { code: 'RIG_ERR_VALIDATION', message, details: { unknown, known } },
      });
    }
    return topics;
  }

  /**
   * Changes the topics of an open connection. The client is first brought to the head, so
   * the topics it keeps continue with no gap and no repeat; added ones get a snapshot.
   */
  private resubscribe(client: EventsClient, wanted: readonly string[] | undefined): void {
    const topics = this.knownTopics(client, wanted);
    const pending = this.log.after(client.sentSeq);
    if (pending) this.deliver(client, pending);
    const held = pending ? client.topics : new Set<string>();
    const added = topics.filter((t) => !held.has(t));
    client.topics = topics;
    if (!client.send({ type: 'subscribed', seq: this.log.lastSeq, topics, added })) return;
    this.sendSnapshots(client, added);
  }

  /** A fresh start: hello, then a snapshot of every followed topic, at the current head. */
  private restart(client: EventsClient): void {
    if (this.hello(client, this.log.lastSeq, false)) this.sendSnapshots(client, [...client.topics]);
  }

  private sendSnapshots(client: EventsClient, topics: readonly string[]): void {
    const seq = this.log.lastSeq;
    client.sentSeq = seq;
    for (const topic of topics) {
      let frame: string;
      try {
        frame = this.topics.snapshotFrame(topic, seq);
      } catch (error) {
        this.logger.error({ topic, err: coerceError(error) }, 'events snapshot failed');
        client.close(CLOSE_INTERNAL, 'snapshot failed');
        return;
      }
      if (!client.sendRaw(frame)) return;
    }
  }

  /** Sends a client the events it follows among `events`, and moves it past all of them. */
  private deliver(client: EventsClient, events: readonly LoggedEvent[]): void {
    const frame = this.eventsFrame(events, client.topics);
    client.sentSeq = events.at(-1)?.seq ?? client.sentSeq;
    if (frame !== null) client.sendRaw(frame);
  }

  private eventsFrame(events: readonly LoggedEvent[], topics: ReadonlySet<string>): string | null {
    const mine = events.filter((e) => topics.has(e.topic));
    const seq = events.at(-1)?.seq;
    if (!mine.length || seq === undefined) return null;
    return JSON.stringify({ type: 'events', seq, events: mine } satisfies ServerMessage);
  }

  private flush(): void {
    this.flushScheduled = false;
    const last = this.log.lastSeq;
    // Clients at the same position with the same topics get the same bytes.
    const frames = new Map<string, string | null | typeof RESNAPSHOT>();
    for (const client of [...this.clients]) {
      if (client.sentSeq >= last) continue;
      const key = `${client.sentSeq}|${client.topicsKey}`;
      let frame = frames.get(key);
      if (frame === undefined) {
        const events = this.log.after(client.sentSeq);
        frame = events ? this.eventsFrame(events, client.topics) : RESNAPSHOT;
        frames.set(key, frame);
      }
      if (frame === RESNAPSHOT) {
        this.restart(client);
        continue;
      }
      client.sentSeq = last;
      if (frame !== null) client.sendRaw(frame);
    }
  }

  private beat(): void {
    // Everyone at the head first, so that the heartbeat's seq is each client's position.
    this.flush();
    const frame = JSON.stringify({
      type: 'heartbeat',
      epoch: this.epoch,
      seq: this.log.lastSeq,
      time: new Date().toISOString(),
    } satisfies ServerMessage);
    for (const client of [...this.clients]) {
      // Two periods to answer, so that a busy moment on either side does not cut a live peer.
      if (client.unanswered >= MAX_UNANSWERED_PINGS) {
        client.terminate();
        continue;
      }
      client.unanswered++;
      client.socket.ping();
      client.sendRaw(frame);
    }
  }
}
