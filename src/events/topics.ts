import type { ServerMessage } from './protocol.ts';

export interface TopicSource {
  readonly name: string;
  /** Reads what snapshots need, once, before any client connects. */
  load?(): Promise<void>;
  /**
   * The topic's whole state as of the last event published on it. Synchronous on purpose,
   * and changed only together with a published event: a snapshot and the sequence number
   * it is sent with must agree exactly (an asynchronous read could already hold a change
   * whose event is still to come).
   */
  snapshot(): unknown;
}

/**
 * The topics of the events face, and their snapshot frames. A snapshot frame is the same
 * for every client that connects at the same sequence number, so it is serialised once.
 */
export class Topics {
  private readonly sources = new Map<string, TopicSource>();
  private frames = new Map<string, string>();
  private framesSeq = -1;

  add(source: TopicSource): void {
    this.sources.set(source.name, source);
  }

  names(): string[] {
    return [...this.sources.keys()];
  }

  async load(): Promise<void> {
    for (const source of this.sources.values()) await source.load?.();
  }

  /** The known topics among those asked for (every topic when none), and the unknown ones. */
  resolve(wanted: readonly string[] | undefined): { topics: string[]; unknown: string[] } {
    if (!wanted?.length) return { topics: this.names(), unknown: [] };
    const unknown = wanted.filter((t) => !this.sources.has(t));
    return { topics: [...new Set(wanted.filter((t) => this.sources.has(t)))], unknown };
  }

  /** The snapshot frame of `topic` at `seq`, the current head (throws what the source throws). */
  snapshotFrame(topic: string, seq: number): string {
    if (seq !== this.framesSeq) {
      this.frames = new Map();
      this.framesSeq = seq;
    }
    let frame = this.frames.get(topic);
    if (frame === undefined) {
      const data = this.sources.get(topic)?.snapshot();
      frame = JSON.stringify({ type: 'snapshot', topic, seq, data } satisfies ServerMessage);
      this.frames.set(topic, frame);
    }
    return frame;
  }
}
