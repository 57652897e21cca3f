import type { Kysely } from 'kysely';
import type { Feature } from '../app/feature.ts';
import type { RigBus } from '../bus/events.ts';
import type { RigApp } from '../http/server.ts';
import type { Clock } from '../lib/clock.ts';
import type { Tables } from '../store/tables.ts';
import { DevicePageCache } from './page-cache.ts';
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

  private readonly pages = new DevicePageCache();

  constructor(db: Kysely<Tables>, bus: RigBus, drivers: DriverCatalog, clock: Clock) {
    this.service = new Inventory(db, bus, drivers, clock);
    // Every write to the inventory is announced; each one drops the cached listings.
    const invalidate = () => this.pages.invalidate();
    bus.on('deviceCreated', this.pages, invalidate);
    bus.on('deviceUpdated', this.pages, invalidate);
    bus.on('deviceDeleted', this.pages, invalidate);
  }

  registerRoutes(app: RigApp): void {
    registerInventoryRoutes(app, this.service, this.pages);
  }
}
