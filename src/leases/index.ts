import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Feature } from '../app/feature.ts';
import type { RigBus } from '../bus/events.ts';
import type { DriverRegistry } from '../drivers/index.ts';
import type { Principal } from '../http/access.ts';
import type { RigApp } from '../http/server.ts';
import type { InventoryService } from '../inventory/index.ts';
import type { Clock } from '../lib/clock.ts';
import type { StatusId } from '../lib/device-ref.ts';
import type { LeaseSource } from '../sidecar/index.ts';
import type { Tables } from '../store/tables.ts';
import { EndOfLeasePower } from './power-off.ts';
import { registerLeaseRoutes } from './routes.ts';
import type { LeaseLimits } from './rules.ts';
import { LeaseScheduler } from './scheduler.ts';
import { LeaseService, type SliceDirectory } from './service.ts';

export type { LeaseLimits } from './rules.ts';
export type { Lease, LeaseCreate, LeaseListQuery, LeaseUpdate, R2labLease } from './schema.ts';
export type { LeaseService, SliceDirectory } from './service.ts';

/**
 * The rule for acting on nodes (power, reboot, image load, deploy): resolves when the
 * principal may act on all of them, else throws RIG_ERR_FORBIDDEN naming the others.
 * Pass `leases.service.checkNodeAccess`.
 */
export type NodeAccessCheck = (principal: Principal, nodeIds: readonly StatusId[]) => Promise<void>;

export interface LeasesDependencies {
  db: Kysely<Tables>;
  bus: RigBus;
  inventory: InventoryService;
  drivers: DriverRegistry;
  slices: SliceDirectory;
  clock: Clock;
  logger: Logger;
}

/**
 * Leases: bookings of nodes by slices, their life (start and end announced on the bus,
 * optional power-off at the end) and the rule of who may act on a node
 * (`service.checkNodeAccess`, for the status, power, reboot and image routes).
 */
export class LeasesFeature implements Feature {
  readonly name = 'leases';
  readonly service: LeaseService;
  readonly scheduler: LeaseScheduler;
  /** The sidecar's `leases` category, in r2lab-api's format. */
  readonly r2labSource: LeaseSource;

  constructor(
    deps: LeasesDependencies,
    private readonly limits: LeaseLimits,
  ) {
    const { db, bus, inventory, drivers, clock, logger } = deps;
    const power = new EndOfLeasePower(db, inventory, drivers, clock, logger);
    this.scheduler = new LeaseScheduler(db, bus, clock, logger, async (lease) => {
      if (limits.powerOffAtEnd) await power.powerOff(lease);
    });
    this.service = new LeaseService(db, bus, inventory, deps.slices, clock, limits, () =>
      this.scheduler.poke(),
    );
    this.r2labSource = { current: () => this.service.r2lab() };
  }

  registerRoutes(app: RigApp): void {
    registerLeaseRoutes(app, this.service, this.limits);
  }

  async start(): Promise<void> {
    await this.scheduler.start();
  }

  async stop(): Promise<void> {
    await this.scheduler.stop();
  }
}
