import { z } from 'zod';
import { DeviceKind, type StatusId } from '../lib/device-ref.ts';

/**
 * Live status records. Known fields are typed (R2lab's, sidecar-protocol.md §7) and any
 * other JSON field is kept, as R2lab's tools add their own.
 */
export type StatusRecord = { id: StatusId } & Record<string, unknown>;

const onOff = z.enum(['on', 'off']);
const onOffFail = z.enum(['on', 'off', 'fail']);
const json = z.json();
const statusId = z.union([z.number(), z.string().min(1).max(256)]).describe('Device id, type-exact');

export const NodeStatus = z
  .object({
    id: statusId,
    cmc_on_off: onOffFail.optional().describe('Power as the CMC or power driver reports it'),
    control_ping: onOff.optional(),
    control_ssh: onOff.optional(),
    usrp_on_off: onOffFail.optional(),
    os_release: z.string().optional().describe('`ubuntu-<ver>`, `fedora-<N>`, `centos-<N>` or `other`'),
    gnuradio_release: z.string().optional(),
    uname: z.string().optional(),
    image_radical: z.string().optional(),
    docker_version: z.string().optional(),
    container_running: z.enum(['true', 'false', '']).optional(),
    container_image: z.string().optional(),
    available: z.enum(['ok', 'ko']).optional().describe('Missing means ok'),
    usrp_type: z.string().optional(),
    usrp_duplexer: z.string().optional(),
    images: z.array(json).optional(),
    images_usrp: z.array(json).optional(),
    images_wifi: z.array(json).optional(),
    data_interface: z.boolean().optional(),
  })
  .catchall(json)
  .meta({ id: 'NodeStatus' });

export const PhoneStatus = z
  .object({ id: statusId, airplane_mode: onOffFail.optional(), wifi_on_off: z.string().optional() })
  .catchall(json)
  .meta({ id: 'PhoneStatus' });

export const PduStatus = z
  .object({
    id: statusId,
    on_off: z.enum(['on', 'off', 'unknown']).optional(),
    icon_x_rank: z.number().optional(),
    icon_y_rank: z.number().optional(),
    icon_units: z.enum(['grid', 'rank']).optional(),
    location_x_grid: z.number().optional(),
    location_y_grid: z.number().optional(),
    label: z.string().optional(),
  })
  .catchall(json)
  .meta({ id: 'PduStatus' });

export const SwitchStatus = z
  .object({
    id: statusId,
    on_off: z.enum(['on', 'off', 'unknown']).optional(),
    control_ping: onOff.optional(),
  })
  .catchall(json)
  .meta({ id: 'SwitchStatus' });

export const InstrumentStatus = z
  .object({
    id: statusId,
    on_off: z.enum(['on', 'off', 'unknown']).optional(),
    state: z.string().optional().describe('State of the instrument, e.g. its FSM state'),
    readings: z.record(z.string(), z.number().nullable()).optional().describe('Latest readings by name'),
  })
  .catchall(json)
  .meta({ id: 'InstrumentStatus' });

export const statusSchemaOfKind = {
  node: NodeStatus,
  phone: PhoneStatus,
  pdu: PduStatus,
  switch: SwitchStatus,
  instrument: InstrumentStatus,
} as const;

const update = <K extends DeviceKind>(kind: K) =>
  z.strictObject({
    kind: z.literal(kind),
    records: z.array(statusSchemaOfKind[kind]).max(10_000).describe('Partial records merged by id'),
  });

export const StatusUpdate = z
  .discriminatedUnion('kind', [
    update('node'),
    update('phone'),
    update('pdu'),
    update('switch'),
    update('instrument'),
  ])
  .meta({ id: 'StatusUpdate' });
export type StatusUpdate = z.infer<typeof StatusUpdate>;

export const StatusUpdateResult = z
  .strictObject({
    changed: z.array(z.record(z.string(), z.unknown())).describe('Whole merged records that changed'),
  })
  .meta({ id: 'StatusUpdateResult' });
export type StatusUpdateResult = z.infer<typeof StatusUpdateResult>;

export const StatusListQuery = z.strictObject({ kind: DeviceKind.optional() });

export const StatusSnapshot = z
  .partialRecord(DeviceKind, z.array(z.record(z.string(), z.unknown())))
  .meta({ id: 'StatusSnapshot' });
export type StatusSnapshot = z.infer<typeof StatusSnapshot>;
