import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { sql } from 'kysely';
import type { Logger } from 'pino';
import { EventBus } from '../bus/bus.ts';
import type { RigBus, RigEvents } from '../bus/events.ts';
import type { RigConfig } from '../config/schema.ts';
import { DemoFeature } from '../demo/index.ts';
import { DriversFeature } from '../drivers/index.ts';
import { EventsFeature } from '../events/index.ts';
import { registerDashboard } from '../http/dashboard.ts';
import { createHttpServer, type RigApp, registerHealthRoutes } from '../http/server.ts';
import { InventoryFeature } from '../inventory/index.ts';
import { type Clock, systemClock } from '../lib/clock.ts';
import { coerceError } from '../lib/errors.ts';
import { dashboardDir, packageVersion } from '../lib/package-info.ts';
import { MonitorFeature } from '../monitor/index.ts';
import { SidecarFeature } from '../sidecar/index.ts';
import { StatusFeature } from '../status/index.ts';
import { migrateToLatest, openStore, type Store } from '../store/database.ts';
import type { Feature } from './feature.ts';
import { wireTopics } from './topics.ts';

const isAddressInUse = (error: unknown) => (error as NodeJS.ErrnoException)?.code === 'EADDRINUSE';

export interface RigDependencies {
  logger: Logger;
  clock?: Clock;
  /** Serve the dashboard from this directory instead of web/dist. */
  dashboardDir?: string;
}

/**
 * The composition root: builds the store, the bus and every feature, hands each the
 * services it needs, and starts and stops them in order. Nothing else constructs features.
 */
export class Rig {
  readonly store: Store;
  readonly bus: RigBus;
  readonly drivers: DriversFeature;
  readonly inventory: InventoryFeature;
  readonly status: StatusFeature;
  readonly events: EventsFeature;
  readonly sidecar: SidecarFeature | undefined;
  readonly monitor: MonitorFeature | undefined;
  readonly demo: DemoFeature | undefined;
  private readonly features: Feature[];
  private app: RigApp | undefined;
  private started: Feature[] = [];
  private ready = false;
  private stopping: Promise<void> | undefined;

  constructor(
    readonly config: RigConfig,
    private readonly deps: RigDependencies,
  ) {
    const { logger } = deps;
    const clock = deps.clock ?? systemClock;
    this.store = openStore(config.db);
    this.bus = new EventBus<RigEvents>((event, error) =>
      logger.error({ event, err: coerceError(error) }, 'event listener failed'),
    );
    this.drivers = new DriversFeature(
      { clock, logger: logger.child({ feature: 'drivers' }) },
      { simSeed: config.demo.seed, simSpeed: config.demo.speed },
    );
    this.inventory = new InventoryFeature(this.store.db, this.bus, this.drivers.registry, clock);
    this.status = new StatusFeature(
      this.store.db,
      this.bus,
      {
        flushIntervalMs: config.status.flushIntervalMs,
        r2labDir: config.status.r2labFiles ? path.resolve(config.status.r2labDir ?? config.data) : undefined,
      },
      clock,
      logger.child({ feature: 'status' }),
    );
    this.events = new EventsFeature(config.events, logger.child({ feature: 'events' }));
    wireTopics(this.events, this.bus, this.inventory.service, this.status.service);
    this.sidecar =
      config.sidecar.port === 0
        ? undefined
        : new SidecarFeature(
            this.status.service,
            this.bus,
            {
              ...config.sidecar,
              host: config.sidecar.host ?? config.host,
              portFallback: config.demo.enabled,
            },
            logger.child({ feature: 'sidecar' }),
          );
    this.monitor = config.monitor.enabled
      ? new MonitorFeature(
          this.inventory.service,
          this.drivers.registry,
          this.status.service,
          this.bus,
          config.monitor,
          logger.child({ feature: 'monitor' }),
        )
      : undefined;
    this.demo = config.demo.enabled
      ? new DemoFeature(
          this.inventory.service,
          this.drivers.registry,
          this.status.service,
          config.demo,
          logger.child({ feature: 'demo' }),
        )
      : undefined;
    const optional = [this.sidecar, this.monitor, this.demo].filter((f): f is NonNullable<typeof f> => !!f);
    this.features = [this.drivers, this.inventory, this.status, this.events, ...optional];
  }

  /** Migrates the store, starts every feature in order, then listens. */
  async start(): Promise<void> {
    try {
      await this.startInOrder();
    } catch (error) {
      // Leave nothing half-started behind (open pools, listening sockets), then report.
      await this.stop();
      throw error;
    }
    this.ready = true;
    this.deps.logger.info(
      { url: this.url, sidecar: this.sidecarUrl, db: this.store.displayUrl },
      'rig ready',
    );
  }

  private async startInOrder(): Promise<void> {
    const { logger } = this.deps;
    const applied = await migrateToLatest(this.store);
    if (applied.length) logger.info({ applied }, 'store migrated');
    const app = await createHttpServer({
      logger,
      bodyLimit: this.config.http.bodyLimitBytes,
      version: packageVersion(),
    });
    this.app = app;
    registerHealthRoutes(app, { notReady: () => this.notReady() });
    for (const feature of this.features) feature.registerRoutes?.(app);
    await registerDashboard(app, this.deps.dashboardDir ?? dashboardDir());
    for (const feature of this.features) {
      try {
        await feature.start?.();
      } catch (error) {
        throw new Error(`${feature.name} failed to start: ${coerceError(error).message}`, { cause: error });
      }
      this.started.push(feature);
    }
    await this.listen(app);
  }

  /** The demo lab must start on a fresh machine: if its port is taken it takes a free one. */
  private async listen(app: RigApp): Promise<void> {
    const { host, port } = this.config;
    try {
      await app.listen({ host, port });
    } catch (error) {
      if (!(this.config.demo.enabled && isAddressInUse(error))) {
        throw isAddressInUse(error)
          ? new Error(`port ${port} on ${host} is already in use (set --port)`)
          : error;
      }
      this.deps.logger.warn({ port }, 'port in use; the demo takes a free port');
      await app.listen({ host, port: 0 });
    }
  }

  /**
   * Stops accepting requests, then stops features in reverse order (each guarded, so one
   * failure does not keep the others running), flushes and closes the store.
   */
  stop(): Promise<void> {
    this.stopping ??= this.doStop();
    return this.stopping;
  }

  private async doStop(): Promise<void> {
    const { logger } = this.deps;
    this.ready = false;
    const guarded = async (name: string, action: () => Promise<unknown> | undefined) => {
      try {
        await action();
      } catch (error) {
        logger.error({ feature: name, err: coerceError(error) }, 'stop failed');
      }
    };
    await guarded('http', () => this.app?.close());
    for (const feature of [...this.started].reverse()) await guarded(feature.name, () => feature.stop?.());
    this.started = [];
    await guarded('store', () => this.store.close());
  }

  private async notReady(): Promise<string | undefined> {
    if (!this.ready) return 'starting or stopping';
    try {
      await sql`select 1`.execute(this.store.db);
      return undefined;
    } catch (error) {
      return `store unreachable: ${coerceError(error).message}`;
    }
  }

  get url(): string {
    const address = this.app?.server.address() as AddressInfo | null;
    const host = this.config.host.includes(':') ? `[${this.config.host}]` : this.config.host;
    return `http://${host}:${address?.port ?? this.config.port}`;
  }

  get sidecarUrl(): string | undefined {
    const port = this.sidecar?.server.port;
    if (port === undefined) return undefined;
    const host = this.config.sidecar.host ?? this.config.host;
    return `ws://${host.includes(':') ? `[${host}]` : host}:${port}/`;
  }

  get http(): RigApp {
    if (!this.app) throw new Error('rig not started');
    return this.app;
  }
}
