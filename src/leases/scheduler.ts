import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { RigBus } from '../bus/events.ts';
import type { Clock } from '../lib/clock.ts';
import { coerceError } from '../lib/errors.ts';
import type { Tables } from '../store/tables.ts';
import type { Lease } from './schema.ts';
import { markPhase, nextBoundary } from './store/lease-phase.ts';
import { selectLeases } from './store/select-leases.ts';
import { toIso } from './time.ts';

/** setTimeout's longest delay; a later boundary is reached in several waits. */
const MAX_DELAY_MS = 2 ** 31 - 1;

/**
 * Announces the life of leases: `leaseStarted` when a start comes, `leaseEnded` when an end
 * comes (then `onEnded`, e.g. the power-off). One timer, armed at the next start or end and
 * re-armed by every change; no polling. Each lease's progress is stored (its phase), so a
 * lease that started or ended while Rig was down is announced at the next start, once.
 */
export class LeaseScheduler {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = true;

  constructor(
    private readonly db: Kysely<Tables>,
    private readonly bus: RigBus,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly onEnded: (lease: Lease) => Promise<void>,
  ) {}

  /** Catches up with what happened while Rig was down, then arms the timer. */
  async start(): Promise<void> {
    this.stopped = false;
    this.poke();
    await this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** Something changed (a booking, a cancel, a due timer): look again, one pass at a time. */
  poke(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.loop().finally(() => {
      this.running = undefined;
    });
  }

  /** Resolves when no pass is running (tests). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      try {
        await this.pass();
      } catch (error) {
        this.logger.error({ err: coerceError(error) }, 'lease scheduler pass failed');
        // Try again later rather than never: the store may be back by then.
        this.arm(this.clock.now() + 5000);
      }
    } while (this.again && !this.stopped);
  }

  private async pass(): Promise<void> {
    const now = toIso(this.clock.now());
    for (const lease of await selectLeases(this.db, { dueAt: now })) {
      if (this.stopped) return;
      const { phase, ...plain } = lease;
      // A lease that started and ended while Rig was down only ends: its nodes are free.
      if (lease.t_until <= now) {
        if (!(await markPhase(this.db, lease.id, 2))) continue;
        this.bus.emit('leaseEnded', { lease: plain });
        await this.onEnded(plain).catch((error) =>
          this.logger.warn({ err: coerceError(error), lease: lease.id }, 'end of lease action failed'),
        );
      } else if (phase === 0 && (await markPhase(this.db, lease.id, 1))) {
        this.bus.emit('leaseStarted', { lease: plain });
      }
    }
    const next = await nextBoundary(this.db, now);
    if (next !== undefined) this.arm(Date.parse(next));
    else clearTimeout(this.timer);
  }

  private arm(at: number): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    const delay = Math.min(MAX_DELAY_MS, Math.max(1, at - this.clock.now()));
    this.timer = setTimeout(() => this.poke(), delay);
    this.timer.unref?.();
  }
}
