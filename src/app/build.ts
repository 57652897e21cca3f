import path from 'node:path';
import type { Logger } from 'pino';
import { AccountsFeature } from '../accounts/index.ts';
import type { RigBus } from '../bus/events.ts';
import type { RigConfig } from '../config/schema.ts';
import { DemoFeature } from '../demo/index.ts';
import { DriversFeature } from '../drivers/index.ts';
import { EventsFeature } from '../events/index.ts';
import { can } from '../http/access.ts';
import { InventoryFeature } from '../inventory/index.ts';
import type { Clock } from '../lib/clock.ts';
import { RigError } from '../lib/errors.ts';
import { MonitorFeature } from '../monitor/index.ts';
import { SidecarFeature } from '../sidecar/index.ts';
import { StatusFeature, type StatusWriteCheck } from '../status/index.ts';
import type { Store } from '../store/database.ts';
import type { Feature } from './feature.ts';
import { wireTopics } from './topics.ts';

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
  drivers: DriversFeature;
  accounts: AccountsFeature;
  inventory: InventoryFeature;
  status: StatusFeature;
  events: EventsFeature;
  sidecar: SidecarFeature | undefined;
  monitor: MonitorFeature | undefined;
  demo: DemoFeature | undefined;
  list: Feature[];
}

/** Until leases decide, only principals that may write any status (operators) may write. */
const operatorsOnly: StatusWriteCheck = async (principal) => {
  if (!can(principal, 'status:write')) {
    throw new RigError('RIG_ERR_FORBIDDEN', `${principal.name} holds no lease on these devices`);
  }
};

export function buildFeatures(context: BuildContext): RigFeatures {
  const { config, store, bus, clock, logger } = context;
  const child = (feature: string) => logger.child({ feature });
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
  const status = new StatusFeature(
    store.db,
    bus,
    {
      flushIntervalMs: config.status.flushIntervalMs,
      r2labDir: config.status.r2labFiles ? path.resolve(config.status.r2labDir ?? config.data) : undefined,
      checkWrite: operatorsOnly,
    },
    clock,
    child('status'),
  );
  const events = new EventsFeature(config.events, child('events'));
  wireTopics(events, bus, inventory.service, status.service);
  const sidecar =
    config.sidecar.port === 0
      ? undefined
      : new SidecarFeature(
          status.service,
          bus,
          { ...config.sidecar, host: config.sidecar.host ?? config.host, portFallback: config.demo.enabled },
          child('sidecar'),
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
  const demo = config.demo.enabled
    ? new DemoFeature(inventory.service, drivers.registry, status.service, config.demo, child('demo'))
    : undefined;
  const optional = [sidecar, monitor, demo].filter((f): f is NonNullable<typeof f> => f !== undefined);
  return {
    drivers,
    accounts,
    inventory,
    status,
    events,
    sidecar,
    monitor,
    demo,
    list: [drivers, accounts, inventory, status, events, ...optional],
  };
}
