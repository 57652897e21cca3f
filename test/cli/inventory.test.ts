import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../helpers/http.ts';
import { startRig, type TestRig } from '../helpers/rig.ts';
import { ensureBuilt, runCli } from './cli-process.ts';

let source: TestRig;
let dir: string;
const on = (rig: TestRig, ...args: string[]) => runCli([...args, '--server', rig.url], { cwd: dir });

beforeAll(async () => {
  const [started] = await Promise.all([startRig(), ensureBuilt()]);
  source = started;
  dir = await mkdtemp(path.join(tmpdir(), 'rig-cli-inventory-'));
  const devices = [
    {
      kind: 'node',
      id: 3,
      name: 'fit03',
      model: 'icarus',
      tags: ['r2lab', 'usrp:b205'],
      attributes: { cmc: 'reboot03', rank: 3 },
      addresses: { mac: '02:00:00:00:01:03', ip: '192.168.3.3', hostname: 'fit03' },
      drivers: { power: { driver: 'sim', config: { usrp: 'b205' } }, probe: { driver: 'sim', config: {} } },
    },
    { kind: 'pdu', id: 'jaguar', model: 'eaton-epdu', attributes: { label: 'RRU' } },
    { kind: 'instrument', id: 'julabo', name: 'Julabo chiller', tags: ['dcs'] },
  ];
  for (const device of devices) {
    expect((await api(source.url, 'POST', '/api/v1/devices', device)).status).toBe(201);
  }
});
afterAll(async () => {
  await source?.destroy();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('rig inventory export and import', () => {
  it('round-trips: an export imported into an empty Rig exports the same file', async () => {
    const exported = await on(source, 'inventory', 'export', '-o', 'lab.yaml');
    expect(exported.code).toBe(0);
    expect(exported.stdout).toBe('exported the inventory to lab.yaml\n');
    const file = await readFile(path.join(dir, 'lab.yaml'), 'utf8');
    expect(file).toMatch(/^version: 1\ndevices:\n/);

    const target = await startRig();
    try {
      const imported = await on(target, 'inventory', 'import', 'lab.yaml');
      expect(imported.stderr).toBe('');
      expect(imported.code).toBe(0);
      expect(imported.stdout).toBe('imported lab.yaml: 3 created, 0 updated, 0 unchanged, 0 deleted\n');
      expect((await on(target, 'inventory', 'export')).stdout).toBe(file);
      const sourceJson = JSON.parse((await on(source, 'inventory', 'export', '--format', 'json')).stdout);
      expect(JSON.parse((await on(target, 'inventory', 'export', '--json')).stdout)).toEqual(sourceJson);
      expect(sourceJson.devices).toHaveLength(3);
    } finally {
      await target.destroy();
    }
  });

  it('reports an import that changes nothing as unchanged, as JSON with --json', async () => {
    const yaml = (await on(source, 'inventory', 'export')).stdout;
    await writeFile(path.join(dir, 'same.yaml'), yaml);
    const { code, stdout } = await on(source, 'inventory', 'import', 'same.yaml', '--json');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({ created: 0, updated: 0, unchanged: 3, deleted: 0 });
  });

  it('reads the file from standard input with -, and --mode replace deletes what it lacks', async () => {
    const target = await startRig();
    try {
      await api(target.url, 'POST', '/api/v1/devices', { kind: 'switch', id: 'old-switch' });
      const input = 'devices:\n  - kind: node\n    id: 1\n    name: fit01\n';
      const result = await runCli(['inventory', 'import', '-', '--mode', 'replace', '--server', target.url], {
        input,
      });
      expect(result.code).toBe(0);
      expect(result.stdout).toBe('imported standard input: 1 created, 0 updated, 0 unchanged, 1 deleted\n');
      const left = (await api(target.url, 'GET', '/api/v1/devices')).body.items;
      expect(left.map((d: { kind: string; id: unknown }) => `${d.kind}/${d.id}`)).toEqual(['node/1']);
    } finally {
      await target.destroy();
    }
  });

  it('exits 3 for an invalid file, naming the file and each bad path with its line; nothing is imported', async () => {
    const text = [
      'version: 1',
      'devices:',
      '  - kind: node',
      '    id: 40',
      '  - kind: toaster',
      '    id: 7',
      '    colour: red',
      '',
    ].join('\n');
    await writeFile(path.join(dir, 'bad.yaml'), text);
    const { code, stdout, stderr } = await on(source, 'inventory', 'import', 'bad.yaml');
    expect(code).toBe(3);
    expect(stdout).toBe('');
    const [first, second] = stderr.trimEnd().split('\n');
    expect(first).toMatch(/^rig: bad\.yaml: invalid inventory file: devices\[1\]\.kind: .*\(line 5\)$/);
    expect(second).toBe('  devices[1].colour: unknown key (line 7)');
    expect((await api(source.url, 'GET', '/api/v1/devices/node/40')).status).toBe(404);
  });

  it('exits 3 for a file that is not YAML, naming the line', async () => {
    await writeFile(path.join(dir, 'broken.yaml'), 'devices:\n  - kind: node\n    id: [1\n');
    const { code, stderr } = await on(source, 'inventory', 'import', 'broken.yaml');
    expect(code).toBe(3);
    expect(stderr).toMatch(/^rig: broken\.yaml: inventory file is not valid YAML: .*\(line \d+\)\n$/);
  });

  it('exits 2 for a file that cannot be read, or an unknown --mode', async () => {
    const missing = await on(source, 'inventory', 'import', 'nowhere.yaml');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^rig: cannot read nowhere\.yaml: .*ENOENT/);
    const mode = await on(source, 'inventory', 'import', 'same.yaml', '--mode', 'upsert');
    expect(mode.code).toBe(2);
    expect(mode.stderr).toMatch(/^rig: .*upsert.*merge, create, replace/);
  });
});
