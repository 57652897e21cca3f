import { isDeepStrictEqual } from 'node:util';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { RigBus } from '../bus/events.ts';
import { type Clock, isoTime } from '../lib/clock.ts';
import type { DeviceKind, StatusId } from '../lib/device-ref.ts';
import { notFound, RigError } from '../lib/errors.ts';
import { formatPath } from '../lib/yaml.ts';
import type { Tables } from '../store/tables.ts';
import type {
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
import {
  DeviceCreate as DeviceCreateSchema,
  DeviceUpdate as DeviceUpdateSchema,
  InventoryFile as InventoryFileSchema,
} from './schema.ts';
import { deleteDevice } from './store/delete-device.ts';
import { findDevicesById, getDevice } from './store/get-device.ts';
import { allDevices, listDevices } from './store/list-devices.ts';
import { insertDevice, replaceDevice } from './store/save-device.ts';

/** Checks a driver binding; returns a problem, or undefined when the binding is usable. */
export interface DriverCatalog {
  checkBinding(role: 'power' | 'probe', kind: DeviceKind, binding: DriverBinding): string | undefined;
}

export interface InventoryService {
  list(query: DeviceListQuery): Promise<DevicePage>;
  /** Every device, in listing order (for monitors and exports). */
  all(kind?: DeviceKind): Promise<Device[]>;
  get(kind: DeviceKind, id: StatusId): Promise<Device>;
  findById(id: StatusId): Promise<Device[]>;
  create(input: DeviceCreate): Promise<Device>;
  update(kind: DeviceKind, id: StatusId, change: DeviceUpdate): Promise<Device>;
  remove(kind: DeviceKind, id: StatusId): Promise<Device>;
  importFile(file: InventoryFile, mode: ImportMode): Promise<ImportResult>;
  exportFile(): Promise<InventoryFile>;
}

const label = (kind: string, id: StatusId) => `${kind} ${JSON.stringify(id)}`;
// Each attempt that loses a race lets one writer through, so this many writers at once all land.
const MAX_UPDATE_ATTEMPTS = 16;

export class Inventory implements InventoryService {
  constructor(
    private readonly db: Kysely<Tables>,
    private readonly bus: RigBus,
    private readonly drivers: DriverCatalog,
    private readonly clock: Clock,
  ) {}

  list(query: DeviceListQuery): Promise<DevicePage> {
    return listDevices(this.db, query).then((page) => ({
      ...page,
      limit: query.limit,
      offset: query.offset,
    }));
  }

  all(kind?: DeviceKind): Promise<Device[]> {
    return allDevices(this.db, kind ? { kind: [kind] } : {});
  }

  async get(kind: DeviceKind, id: StatusId): Promise<Device> {
    const device = await getDevice(this.db, kind, id);
    if (!device) throw notFound(label(kind, id), { kind, id });
    return device;
  }

  findById(id: StatusId): Promise<Device[]> {
    return findDevicesById(this.db, id);
  }

  async create(input: DeviceCreate): Promise<Device> {
    // Callers inside Rig (the demo, agents later) get the same checks as the API.
    const device = this.build(validated(DeviceCreateSchema, input));
    // The row and its tags commit together, and the event follows the commit.
    if (!(await this.db.transaction().execute((trx) => insertDevice(trx, device)))) {
      throw new RigError('RIG_ERR_DUPLICATE', `${label(device.kind, device.id)} already exists`, {
        kind: device.kind,
        id: device.id,
      });
    }
    this.bus.emit('deviceCreated', { device });
    return device;
  }

  async update(kind: DeviceKind, id: StatusId, input: DeviceUpdate): Promise<Device> {
    const change = validated(DeviceUpdateSchema, input);
    // Optimistic concurrency: re-read and retry when another writer bumped the revision.
    for (let attempt = 1; ; attempt++) {
      const previous = await this.get(kind, id);
      const device = this.applyChange(previous, change);
      // Nothing changes: no new revision, no event.
      if (sameContent(previous, device)) return previous;
      if (await this.db.transaction().execute((trx) => replaceDevice(trx, device))) {
        this.bus.emit('deviceUpdated', { device, previous });
        return device;
      }
      if (attempt >= MAX_UPDATE_ATTEMPTS) {
        throw new RigError(
          'RIG_ERR_CONFLICT',
          `${label(kind, id)} is being changed by another request; retry`,
        );
      }
    }
  }

  async remove(kind: DeviceKind, id: StatusId): Promise<Device> {
    const device = await this.get(kind, id);
    if (!(await this.db.transaction().execute((trx) => deleteDevice(trx, kind, id)))) {
      throw notFound(label(kind, id), { kind, id });
    }
    this.bus.emit('deviceDeleted', { device });
    return device;
  }

  /**
   * Applies a whole inventory file in one transaction: either every device is written or
   * none is. Events are emitted after the commit only.
   */
  async importFile(input: InventoryFile, mode: ImportMode): Promise<ImportResult> {
    const file = validated(InventoryFileSchema, input);
    const seen = new Set<string>();
    file.devices.forEach((input, index) => {
      const key = label(input.kind, input.id);
      if (seen.has(key)) {
        throw new RigError('RIG_ERR_VALIDATION', `devices[${index}]: ${key} appears twice in the file`, {
          index,
          kind: input.kind,
          id: input.id,
        });
      }
      seen.add(key);
      this.checkDrivers(input.kind, input.drivers, `devices[${index}].`);
    });
    const events: Array<() => void> = [];
    const result: ImportResult = { created: 0, updated: 0, unchanged: 0, deleted: 0 };
    await this.db.transaction().execute(async (trx) => {
      for (const [index, input] of file.devices.entries()) {
        const previous = await getDevice(trx, input.kind, input.id);
        if (!previous) {
          const device = this.build(input);
          await insertDevice(trx, device);
          result.created++;
          events.push(() => this.bus.emit('deviceCreated', { device }));
          continue;
        }
        if (mode === 'create') {
          throw new RigError(
            'RIG_ERR_DUPLICATE',
            `devices[${index}]: ${label(input.kind, input.id)} already exists`,
            {
              index,
              kind: input.kind,
              id: input.id,
            },
          );
        }
        const { kind: _k, id: _i, ...change } = input;
        const device = this.applyChange(previous, this.asReplacement(change));
        if (sameContent(previous, device)) {
          result.unchanged++;
          continue;
        }
        await replaceDevice(trx, device);
        result.updated++;
        events.push(() => this.bus.emit('deviceUpdated', { device, previous }));
      }
      if (mode === 'replace') {
        for (const device of await allDevices(trx)) {
          if (seen.has(label(device.kind, device.id))) continue;
          await deleteDevice(trx, device.kind, device.id);
          result.deleted++;
          events.push(() => this.bus.emit('deviceDeleted', { device }));
        }
      }
    });
    for (const emit of events) emit();
    return result;
  }

  async exportFile(): Promise<InventoryFile> {
    const devices = await this.all();
    return {
      version: 1,
      devices: devices.map((d) => ({
        kind: d.kind,
        id: d.id,
        name: d.name,
        model: d.model,
        tags: d.tags,
        attributes: d.attributes,
        addresses: d.addresses,
        drivers: d.drivers,
      })),
    };
  }

  /** In a file, an absent field means "empty", not "keep": the file is the whole truth. */
  private asReplacement(change: Omit<DeviceCreate, 'kind' | 'id'>): DeviceUpdate {
    return {
      name: change.name,
      model: change.model ?? null,
      tags: change.tags ?? [],
      attributes: change.attributes ?? {},
      addresses: { mac: null, ip: null, hostname: null, ...change.addresses },
      drivers: { power: null, probe: null, ...change.drivers },
    };
  }

  private build(input: DeviceCreate): Device {
    this.checkDrivers(input.kind, input.drivers, '');
    const now = isoTime(this.clock);
    return {
      kind: input.kind,
      id: input.id,
      name: input.name ?? String(input.id),
      model: input.model ?? null,
      tags: input.tags ?? [],
      attributes: input.attributes ?? {},
      addresses: {
        mac: input.addresses?.mac ?? null,
        ip: input.addresses?.ip ?? null,
        hostname: input.addresses?.hostname ?? null,
      },
      drivers: { power: input.drivers?.power ?? null, probe: input.drivers?.probe ?? null },
      revision: 1,
      created_at: now,
      updated_at: now,
    };
  }

  private applyChange(previous: Device, change: DeviceUpdate): Device {
    this.checkDrivers(previous.kind, change.drivers, '');
    const a = change.addresses;
    const d = change.drivers;
    return {
      ...previous,
      name: change.name ?? previous.name,
      model: change.model === undefined ? previous.model : change.model,
      tags: change.tags ?? previous.tags,
      attributes: change.attributes ?? previous.attributes,
      addresses: {
        mac: a?.mac === undefined ? previous.addresses.mac : a.mac,
        ip: a?.ip === undefined ? previous.addresses.ip : a.ip,
        hostname: a?.hostname === undefined ? previous.addresses.hostname : a.hostname,
      },
      drivers: {
        power: d?.power === undefined ? previous.drivers.power : d.power,
        probe: d?.probe === undefined ? previous.drivers.probe : d.probe,
      },
      revision: previous.revision + 1,
      updated_at: isoTime(this.clock),
    };
  }

  private checkDrivers(kind: DeviceKind, drivers: DeviceUpdate['drivers'], prefix: string): void {
    for (const role of ['power', 'probe'] as const) {
      const binding = drivers?.[role];
      if (!binding) continue;
      const problem = this.drivers.checkBinding(role, kind, binding);
      if (problem) {
        throw new RigError('RIG_ERR_VALIDATION', `${prefix}drivers.${role}: ${problem}`, {
          path: `${prefix}drivers.${role}`,
          driver: binding.driver,
        });
      }
    }
  }
}

function sameContent(a: Device, b: Device): boolean {
  const strip = ({ revision, created_at, updated_at, ...rest }: Device) => rest;
  return isDeepStrictEqual(strip(a), strip(b));
}

function validated<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message }));
  const first = issues[0];
  throw new RigError('RIG_ERR_VALIDATION', `invalid device: ${first?.path}: ${first?.message}`, { issues });
}
