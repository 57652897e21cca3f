import type { Logger } from 'pino';
import type { DriverRegistry } from '../drivers/index.ts';
import type { InventoryService } from '../inventory/index.ts';
import type { Clock } from '../lib/clock.ts';
import { idKey } from '../lib/device-ref.ts';
import { coerceError } from '../lib/errors.ts';
import type { Lease } from './schema.ts';
import { type Db, selectLeases } from './store/select-leases.ts';
import { toIso } from './time.ts';

/** A power driver that hangs does not hold up the next lease's announcements for longer. */
const POWER_OFF_TIMEOUT_MS = 30_000;

/**
 * `leases.powerOffAtEnd`: when a lease ends, its nodes are powered off through their power
 * drivers, except those that another lease of the same slice holds from now on (a booking
 * continued back to back keeps its nodes running).
 */
export class EndOfLeasePower {
  constructor(
    private readonly db: Db,
    private readonly inventory: Pick<InventoryService, 'all'>,
    private readonly drivers: Pick<DriverRegistry, 'power'>,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  async powerOff(lease: Lease): Promise<void> {
    const now = toIso(this.clock.now());
    const continuing = (
      await selectLeases(this.db, { sliceIds: [lease.slice_id], startedBy: now, endsAfter: now })
    ).filter((other) => other.id !== lease.id);
    if (continuing.some((other) => other.whole)) return;
    const kept = new Set(continuing.flatMap((other) => other.nodes.map(idKey)));
    const mine = new Set(lease.nodes.map(idKey));
    const nodes = (await this.inventory.all('node')).filter(
      (node) => (lease.whole || mine.has(idKey(node.id))) && !kept.has(idKey(node.id)),
    );
    const results = await Promise.allSettled(
      nodes.map(async (node) => this.drivers.power(node)?.off(AbortSignal.timeout(POWER_OFF_TIMEOUT_MS))),
    );
    results.forEach((result, i) => {
      if (result.status === 'rejected') {
        this.logger.warn(
          { err: coerceError(result.reason), lease: lease.id, node: nodes[i]?.id },
          'power-off at the end of a lease failed',
        );
      }
    });
    this.logger.info(
      { lease: lease.id, slice: lease.slice, nodes: nodes.length, kept: kept.size },
      'lease ended: nodes powered off',
    );
  }
}
