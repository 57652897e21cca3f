import { type Command, InvalidArgumentError } from 'commander';
import type { RigClient } from '../client/index.ts';
import type { Device } from '../inventory/index.ts';
import { type DeviceKind, deviceKinds, idKey, parseIdSegment } from '../lib/device-ref.ts';
import type { StatusRecord, StatusSnapshot } from '../status/index.ts';
import { asJson, CliError, contextOf } from './context.ts';
import { EXIT_CONFIG, EXIT_REJECTED } from './exit-codes.ts';
import { cell, formatPairs, formatTable } from './table.ts';

const isKind = (value: string): value is DeviceKind => (deviceKinds as readonly string[]).includes(value);

/** Commander parser of a repeatable `--kind`: checks each value and collects them. */
export function collectKinds(value: string, previous: DeviceKind[] = []): DeviceKind[] {
  if (!isKind(value)) throw new InvalidArgumentError(`kinds are ${deviceKinds.join(', ')}`);
  return [...previous, value];
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** The power state shown in tables: the CMC's for nodes, `on_off` for the other kinds. */
const powerOf = (record: StatusRecord | undefined) => cell(record?.cmc_on_off ?? record?.on_off);

const statusKey = (kind: string, id: unknown) => `${kind}/${idKey(id as string | number)}`;

function statusIndex(snapshot: StatusSnapshot): Map<string, StatusRecord> {
  const index = new Map<string, StatusRecord>();
  for (const [kind, records] of Object.entries(snapshot)) {
    for (const record of records ?? []) index.set(statusKey(kind, record.id), record as StatusRecord);
  }
  return index;
}

export function registerDevices(program: Command): void {
  program
    .command('devices')
    .description('List devices: a table for people, the JSON array with --json')
    .option('-k, --kind <kind>', `only this kind, repeatable (${deviceKinds.join(', ')})`, collectKinds)
    .option('-t, --tag <tag>', 'only devices carrying this tag, repeatable (all must match)', collect)
    .action(async (flags: { kind?: DeviceKind[]; tag?: string[] }, command: Command) => {
      const { client, json, out } = contextOf(command);
      const filter = { kind: flags.kind, tag: flags.tag };
      if (json) {
        out(asJson(await client.allDevices(filter)));
        return;
      }
      const kinds = new Set(flags.kind ?? []);
      const [devices, snapshot] = await Promise.all([
        client.allDevices(filter),
        client.listStatus(kinds.size === 1 ? [...kinds][0] : undefined),
      ]);
      if (!devices.length) {
        out('no devices');
        return;
      }
      const status = statusIndex(snapshot);
      const rows = devices.map((d) => [
        d.kind,
        String(d.id),
        d.name,
        cell(d.model),
        powerOf(status.get(statusKey(d.kind, d.id))),
        d.tags.join(',') || '-',
      ]);
      out(formatTable(['KIND', 'ID', 'NAME', 'MODEL', 'POWER', 'TAGS'], rows));
    });

  const device = program.command('device').description('Look at one device');
  device
    .command('show')
    .description('Show a device and its live status; REF is 12, jaguar, or KIND/ID (node/12, pdu/jaguar)')
    .argument('<ref>', 'device id, or KIND/ID when the id is used by several kinds')
    .action(async (ref: string, _flags: unknown, command: Command) => {
      const { client, json, out } = contextOf(command);
      const found = await resolveDevice(client, ref);
      const status = (await client.findStatus(found.kind, found.id)) ?? null;
      out(json ? asJson({ device: found, status }) : describeDevice(found, status));
    });
}

/** Finds the device a reference names; a bare id used by several kinds is an error listing them. */
export async function resolveDevice(client: RigClient, ref: string): Promise<Device> {
  const slash = ref.indexOf('/');
  if (slash >= 0) {
    const kind = ref.slice(0, slash);
    const id = ref.slice(slash + 1);
    if (!isKind(kind)) {
      throw new CliError(
        `unknown kind "${kind}" in ${ref}; kinds are ${deviceKinds.join(', ')}`,
        EXIT_CONFIG,
      );
    }
    if (!id) throw new CliError(`no id after "${kind}/" in ${ref}`, EXIT_CONFIG);
    return client.getDevice(kind, parseIdSegment(id));
  }
  const matches = await client.findDevices(parseIdSegment(ref));
  const [only] = matches;
  if (matches.length === 1 && only) return only;
  if (!matches.length) throw new CliError(`no device has the id ${ref}`, EXIT_REJECTED);
  const candidates = formatPairs(
    matches.map((d) => [`${d.kind}/${d.id}`, d.name]),
    '  ',
  );
  throw new CliError(
    `${ref} is the id of ${matches.length} devices; name one as KIND/ID:\n${candidates}`,
    EXIT_CONFIG,
  );
}

const binding = (b: Device['drivers']['power']) =>
  b ? `${b.driver}${Object.keys(b.config).length ? ` ${JSON.stringify(b.config)}` : ''}` : '-';

/** Aligned `key: value` lines: the device, then its live status. */
function describeDevice(device: Device, status: StatusRecord | null): string {
  const pairs: Array<[string, string]> = [
    ['kind', device.kind],
    ['id', String(device.id)],
    ['name', device.name],
    ['model', cell(device.model)],
    ['tags', device.tags.join(', ') || '-'],
    ['mac', cell(device.addresses.mac)],
    ['ip', cell(device.addresses.ip)],
    ['hostname', cell(device.addresses.hostname)],
    ['power driver', binding(device.drivers.power)],
    ['probe driver', binding(device.drivers.probe)],
    ...Object.entries(device.attributes).map(([k, v]): [string, string] => [`attributes.${k}`, cell(v)]),
    ['revision', String(device.revision)],
    ['created', device.created_at],
    ['updated', device.updated_at],
  ];
  const fields = Object.entries(status ?? {}).filter(([key]) => key !== 'id');
  const live = fields.length
    ? `status:\n${formatPairs(
        fields.map(([k, v]) => [k, cell(v)]),
        '  ',
      )}`
    : 'status: (none)';
  return `${formatPairs(pairs)}\n${live}`;
}
