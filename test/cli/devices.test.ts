import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../helpers/http.ts';
import { startRig, type TestRig } from '../helpers/rig.ts';
import { ensureBuilt, runCli } from './cli-process.ts';

let t: TestRig;
const rig = (...args: string[]) => runCli([...args, '--server', t.url]);

beforeAll(async () => {
  const [started] = await Promise.all([startRig(), ensureBuilt()]);
  t = started;
  const devices = [
    { kind: 'node', id: 12, name: 'fit12', model: 'icarus', tags: ['r2lab', 'usrp'] },
    { kind: 'node', id: 7, name: 'fit07', tags: ['r2lab'] },
    { kind: 'phone', id: 12, name: 'phone12' },
    {
      kind: 'pdu',
      id: 'jaguar',
      name: 'jaguar',
      model: 'eaton-epdu',
      addresses: { ip: '192.168.4.1' },
      attributes: { label: 'RRU' },
    },
  ];
  for (const device of devices)
    expect((await api(t.url, 'POST', '/api/v1/devices', device)).status).toBe(201);
  const status = { kind: 'node', records: [{ id: 12, cmc_on_off: 'on', os_release: 'ubuntu-24.04' }] };
  expect((await api(t.url, 'POST', '/api/v1/status', status)).status).toBe(200);
});
afterAll(async () => t?.destroy());

describe('rig devices', () => {
  it('prints a table with a header and one aligned row per device, power from the live status', async () => {
    const { code, stdout, stderr } = await rig('devices');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]?.split(/\s+/)).toEqual(['KIND', 'ID', 'NAME', 'MODEL', 'POWER', 'TAGS']);
    expect(lines).toHaveLength(5);
    const row = lines.find((l) => l.startsWith('node') && l.includes('fit12'));
    expect(row?.split(/\s+/)).toEqual(['node', '12', 'fit12', 'icarus', 'on', 'r2lab,usrp']);
    // Every row starts its NAME column where the header does.
    const nameAt = lines[0]?.indexOf('NAME');
    for (const line of lines.slice(1)) expect(line.slice(nameAt).split(/\s+/)[0]).toMatch(/^(fit|phone|jag)/);
  });

  it('prints the JSON array of devices with --json, filtered by --kind', async () => {
    const { code, stdout } = await rig('devices', '--kind', 'node', '--json');
    expect(code).toBe(0);
    const devices = JSON.parse(stdout);
    expect(devices.map((d: { kind: string; id: unknown }) => [d.kind, d.id])).toEqual([
      ['node', 7],
      ['node', 12],
    ]);
    expect(devices[1]).toMatchObject({
      name: 'fit12',
      model: 'icarus',
      tags: ['r2lab', 'usrp'],
      revision: 1,
    });
  });

  it('combines repeated --kind and --tag filters in the table', async () => {
    const byKinds = await rig('devices', '-k', 'phone', '-k', 'pdu');
    expect(
      byKinds.stdout
        .trimEnd()
        .split('\n')
        .slice(1)
        .map((l) => l.split(/\s+/)[0]),
    ).toEqual(['pdu', 'phone']);
    const byTags = await rig('devices', '--json', '--tag', 'r2lab', '--tag', 'usrp');
    expect(JSON.parse(byTags.stdout).map((d: { name: string }) => d.name)).toEqual(['fit12']);
  });

  it('rejects an unknown kind as a usage error naming the kinds', async () => {
    const { code, stderr } = await rig('devices', '--kind', 'toaster');
    expect(code).toBe(2);
    expect(stderr).toMatch(/^rig: .*toaster.*node, phone, pdu, switch, instrument/);
  });
});

describe('rig device show', () => {
  it('finds a device by a bare id used by one kind, and shows aligned key: value lines', async () => {
    const { code, stdout } = await rig('device', 'show', 'jaguar');
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines).toContain('kind:             pdu');
    expect(lines).toContain('ip:               192.168.4.1');
    expect(lines).toContain('attributes.label: RRU');
    expect(lines.at(-1)).toBe('status: (none)');
    // Every value starts in the same column.
    const starts = new Set(lines.filter((l) => !l.startsWith('status')).map((l) => l.search(/(?<=: +)\S/)));
    expect(starts.size).toBe(1);
  });

  it('finds a device by KIND/ID and prints {device, status} with --json', async () => {
    const { code, stdout } = await rig('device', 'show', 'node/12', '--json');
    expect(code).toBe(0);
    const shown = JSON.parse(stdout);
    expect(shown.device).toMatchObject({ kind: 'node', id: 12, name: 'fit12' });
    expect(shown.status).toEqual({ id: 12, cmc_on_off: 'on', os_release: 'ubuntu-24.04' });
    const phone = JSON.parse((await rig('device', 'show', 'phone/12', '--json')).stdout);
    expect(phone).toMatchObject({ device: { kind: 'phone', id: 12 }, status: null });
  });

  it('shows the live status under the device for people', async () => {
    const { stdout } = await rig('device', 'show', 'node/12');
    expect(stdout).toMatch(/\nstatus:\n {2}cmc_on_off: +on\n {2}os_release: +ubuntu-24\.04\n$/);
  });

  it('exits 2 listing the candidates when a bare id belongs to several kinds', async () => {
    const { code, stdout, stderr } = await rig('device', 'show', '12');
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^rig: 12 is the id of 2 devices; name one as KIND\/ID/);
    expect(stderr).toMatch(/node\/12: +fit12/);
    expect(stderr).toMatch(/phone\/12: +phone12/);
  });

  it('exits 3 when no device has the id, or the server does not know KIND/ID', async () => {
    const bare = await rig('device', 'show', '99');
    expect(bare.code).toBe(3);
    expect(bare.stderr).toBe('rig: no device has the id 99\n');
    const exact = await rig('device', 'show', 'pdu/lynx');
    expect(exact.code).toBe(3);
    expect(exact.stderr).toMatch(/^rig: .*pdu "lynx" not found/);
  });

  it('exits 2 for a reference with an unknown kind', async () => {
    const { code, stderr } = await rig('device', 'show', 'toaster/1');
    expect(code).toBe(2);
    expect(stderr).toMatch(/unknown kind "toaster"/);
  });
});
