/** One entry of the event log, as sent to /api/v1/events clients. */
export interface LoggedEvent {
  seq: number;
  topic: string;
  type: string;
  data: unknown;
}

/**
 * The recent events, numbered. A ring of bounded size: a client that resumes from a
 * sequence number still in the ring gets exactly what it missed; one further behind gets
 * a fresh snapshot instead.
 */
export class EventLog {
  private readonly ring: Array<LoggedEvent | undefined>;
  private last = 0;

  constructor(
    private readonly capacity: number,
    firstSeq = 0,
  ) {
    this.ring = new Array(capacity);
    this.last = firstSeq;
  }

  get lastSeq(): number {
    return this.last;
  }

  /** The oldest sequence number a client may resume from (it has seen everything up to it). */
  get oldestResumable(): number {
    return Math.max(0, this.last - this.capacity);
  }

  append(topic: string, type: string, data: unknown): LoggedEvent {
    const event = { seq: ++this.last, topic, type, data };
    this.ring[event.seq % this.capacity] = event;
    return event;
  }

  /** Events after `seq`, or undefined when some of them are no longer kept. */
  after(seq: number): LoggedEvent[] | undefined {
    if (seq > this.last) return undefined;
    if (seq < this.oldestResumable) return undefined;
    const events: LoggedEvent[] = [];
    for (let s = seq + 1; s <= this.last; s++) events.push(this.ring[s % this.capacity] as LoggedEvent);
    return events;
  }
}
