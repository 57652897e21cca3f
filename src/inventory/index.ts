import type { Kysely } from 'kysely';
import type { Feature } from '../app/feature.ts';
import type { RigBus } from '../bus/events.ts';
import type { RigApp } from '../http/server.ts';
import type { Clock } from '../lib/clock.ts';
import type { Tables } from '../store/tables.ts';
import { registerInventoryRoutes } from './routes.ts';
import { type DriverCatalog, Inventory, type InventoryService } from './service.ts';

export type {
  Device,
  DeviceCreate,
  DeviceListQuery,
  DevicePage,
  DeviceUpdate,
  DriverBinding,
  ImportMode,
  ImportResult,
  InventoryFile,
} from './schema.ts';
export type { DriverCatalog, InventoryService } from './service.ts';

export class InventoryFeature implements Feature {
  readonly name = 'inventory';
  readonly service: InventoryService;

  constructor(db: Kysely<Tables>, bus: RigBus, drivers: DriverCatalog, clock: Clock) {
    this.service = new Inventory(db, bus, drivers, clock);
  }

  registerRoutes(app: RigApp): void {
    registerInventoryRoutes(app, this.service);
  }
}
