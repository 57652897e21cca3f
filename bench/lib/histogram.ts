/**
 * Latency histogram with log-spaced buckets (2 % wide, 1 µs to ~100 s), small enough to
 * send over IPC and merge: percentiles are read as the upper edge of their bucket.
 */
const FLOOR_MS = 0.001;
const GROWTH = Math.log(1.02);
const BUCKETS = 960;

export class Histogram {
  readonly counts: number[];
  count = 0;
  max = 0;

  constructor(counts?: readonly number[]) {
    this.counts = counts ? [...counts] : new Array<number>(BUCKETS).fill(0);
    for (const n of this.counts) this.count += n;
  }

  record(ms: number): void {
    const index = ms <= FLOOR_MS ? 0 : Math.min(BUCKETS - 1, Math.ceil(Math.log(ms / FLOOR_MS) / GROWTH));
    this.counts[index] = (this.counts[index] ?? 0) + 1;
    this.count++;
    if (ms > this.max) this.max = ms;
  }

  merge(other: { counts: readonly number[]; max: number }): void {
    other.counts.forEach((n, i) => {
      this.counts[i] = (this.counts[i] ?? 0) + n;
      this.count += n;
    });
    this.max = Math.max(this.max, other.max);
  }

  /** The latency below which `p` (0..1) of the samples fall, in ms; NaN when empty. */
  percentile(p: number): number {
    if (!this.count) return Number.NaN;
    const rank = Math.ceil(p * this.count);
    let seen = 0;
    for (let i = 0; i < this.counts.length; i++) {
      seen += this.counts[i] ?? 0;
      if (seen >= rank) return Math.min(this.max, FLOOR_MS * Math.exp(i * GROWTH));
    }
    return this.max;
  }

  toJSON(): { counts: number[]; max: number } {
    return { counts: this.counts, max: this.max };
  }
}
