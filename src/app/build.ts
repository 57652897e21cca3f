import path from 'node:path';
import type { Logger } from 'pino';
import { AccountsFeature } from '../accounts/index.ts';
import { AuditFeature } from '../audit/index.ts';
import type { RigBus } from '../bus/events.ts';
import type { RigConfig } from '../config/schema.ts';
import { DemoAccounts, DemoFeature } from '../demo/index.ts';
import { DriversFeature } from '../drivers/index.ts';
import { EventsFeature } from '../events/index.ts';
import { InventoryFeature } from '../inventory/index.ts';
import { type ActiveSlices, KeyExportFeature } from '../keyexport/index.ts';
import { type LeaseService, LeasesFeature } from '../leases/index.ts';
import type { Clock } from '../lib/clock.ts';
import { MonitorFeature } from '../monitor/index.ts';
import { SidecarFeature } from '../sidecar/index.ts';
import { StatusFeature } from '../status/index.ts';
import type { Store } from '../store/database.ts';
import type { Feature } from './feature.ts';
import { wireLeaseTopic, wireTopics } from './topics.ts';

export interface BuildContext {
  config: RigConfig;
  store: Store;
  bus: RigBus;
  clock: Clock;
  logger: Logger;
  /** Lines for the operator's console, never the log file (the bootstrap token). */
  console: (line: string) => void;
}

/** Every feature, built once with the services it needs; `list` is the start order. */
export interface RigFeatures {
  audit: AuditFeature;
  drivers: DriversFeature;
  accounts: AccountsFeature;
  inventory: InventoryFeature;
  leases: LeasesFeature;
  status: StatusFeature;
  events: EventsFeature;
  sidecar: SidecarFeature | undefined;
  monitor: MonitorFeature | undefined;
  demo: DemoFeature | undefined;
  keyexport: KeyExportFeature | undefined;
  list: Feature[];
}

/** Slices whose lease holds [t_from, t_until) the time: what the accounts export needs. */
const slicesHoldingLeases = (leases: LeaseService): ActiveSlices => ({
  async activeSliceNames(atMs) {
    const current = await leases.list({
      after: new Date(atMs).toISOString(),
      before: new Date(atMs + 1).toISOString(),
    });
    return [...new Set(current.map((lease) => lease.slice))];
  },
});

export function buildFeatures(context: BuildContext): RigFeatures {
  const { config, store, bus, clock, logger } = context;
  const child = (feature: string) => logger.child({ feature });
  const audit = new AuditFeature(
    store.db,
    bus,
    { retentionDays: config.audit.retentionDays, powerOffAtEnd: config.leases.powerOffAtEnd },
    clock,
    child('audit'),
  );
  const drivers = new DriversFeature(
    { clock, logger: child('drivers') },
    { simSeed: config.demo.seed, simSpeed: config.demo.speed },
  );
  const accounts = new AccountsFeature(
    store.db,
    bus,
    {
      ...config.auth,
      secureCookies: config.tls.cert !== undefined,
      announceBootstrap: (token) =>
        context.console(
          `No admin yet. Create one with \`rig admin create NAME\`, or once with this bootstrap token:\n  RIG_BOOTSTRAP_TOKEN=${token}\n  (POST /api/v1/auth/bootstrap {"token","name","password"})`,
        ),
    },
    clock,
    child('accounts'),
  );
  const inventory = new InventoryFeature(store.db, bus, drivers.registry, clock);
  const leases = new LeasesFeature(
    {
      db: store.db,
      bus,
      inventory: inventory.service,
      drivers: drivers.registry,
      slices: accounts.service.slices,
      clock,
      logger: child('leases'),
    },
    config.leases,
  );
  const status = new StatusFeature(
    store.db,
    bus,
    {
      flushIntervalMs: config.status.flushIntervalMs,
      r2labDir: config.status.r2labFiles ? path.resolve(config.status.r2labDir ?? config.data) : undefined,
      checkWrite: leases.service.checkStatusWrite,
    },
    clock,
    child('status'),
  );
  const events = new EventsFeature(config.events, child('events'));
  wireTopics(events, bus, inventory.service, status.service);
  wireLeaseTopic(events, bus, leases.service);
  const sidecar =
    config.sidecar.port === 0
      ? undefined
      : new SidecarFeature(
          status.service,
          bus,
          {
            ...config.sidecar,
            host: config.sidecar.host ?? config.host,
            portFallback: config.demo.enabled,
            tls: config.tls,
            trustProxy: config.http.trustProxy,
            authenticator: config.auth.enabled ? accounts.service.credentials : undefined,
            audit: audit.service,
          },
          child('sidecar'),
          leases.r2labSource,
        );
  const monitor = config.monitor.enabled
    ? new MonitorFeature(
        inventory.service,
        drivers.registry,
        status.service,
        bus,
        config.monitor,
        child('monitor'),
      )
    : undefined;
  const demoAccounts = config.demo.enabled
    ? new DemoAccounts({
        accounts: accounts.service,
        leases: leases.service,
        clock,
        dataDir: config.data,
        grainSeconds: config.leases.grainSeconds,
        console: context.console,
        logger: child('demo'),
      })
    : undefined;
  const demo = config.demo.enabled
    ? new DemoFeature(
        inventory.service,
        drivers.registry,
        status.service,
        config.demo,
        child('demo'),
        demoAccounts,
      )
    : undefined;
  const keyexport = config.accounts.exportDir
    ? new KeyExportFeature(
        accounts.service.keys,
        slicesHoldingLeases(leases.service),
        bus,
        { dir: path.resolve(config.accounts.exportDir), layout: config.accounts.layout },
        clock,
        child('keyexport'),
      )
    : undefined;
  const optional = [sidecar, monitor, demo, keyexport].filter(
    (f): f is NonNullable<typeof f> => f !== undefined,
  );
  return {
    audit,
    drivers,
    accounts,
    inventory,
    leases,
    status,
    events,
    sidecar,
    monitor,
    demo,
    keyexport,
    // The audit log first: it stops last, so what the others record while stopping is kept.
    // The demo's users come before the accounts start, which then offer no bootstrap token.
    list: [
      audit,
      drivers,
      ...(demoAccounts ? [demoAccounts] : []),
      accounts,
      inventory,
      status,
      events,
      leases,
      ...optional,
    ],
  };
}
