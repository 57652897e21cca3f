import type { Insertable, Selectable } from 'kysely';
import { idKey, idSortKey } from '../../lib/device-ref.ts';
import type { DevicesTable } from '../../store/tables.ts';
import type { Device } from '../schema.ts';

export type DeviceRow = Selectable<DevicesTable>;

export function rowToDevice(row: DeviceRow): Device {
  return {
    kind: row.kind as Device['kind'],
    id: JSON.parse(row.id) as Device['id'],
    name: row.name,
    model: row.model,
    tags: JSON.parse(row.tags) as string[],
    attributes: JSON.parse(row.attributes) as Record<string, unknown>,
    addresses: { mac: row.mac, ip: row.ip, hostname: row.hostname },
    drivers: {
      power: row.power === null ? null : (JSON.parse(row.power) as Device['drivers']['power']),
      probe: row.probe === null ? null : (JSON.parse(row.probe) as Device['drivers']['probe']),
    },
    revision: row.revision,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

export function deviceToRow(device: Device): Insertable<DevicesTable> {
  return {
    kind: device.kind,
    id: idKey(device.id),
    sort_key: idSortKey(device.id),
    name: device.name,
    model: device.model,
    tags: JSON.stringify(device.tags),
    attributes: JSON.stringify(device.attributes),
    mac: device.addresses.mac,
    ip: device.addresses.ip,
    hostname: device.addresses.hostname,
    power: device.drivers.power ? JSON.stringify(device.drivers.power) : null,
    probe: device.drivers.probe ? JSON.stringify(device.drivers.probe) : null,
    revision: device.revision,
    created_at: device.created_at,
    updated_at: device.updated_at,
  };
}
