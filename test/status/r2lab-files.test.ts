import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { api } from '../helpers/http.ts';
import { startRig, type TestRig } from '../helpers/rig.ts';

// The files are the same whatever the store: SQLite proves them.
describe('R2lab status files', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });
  const start = async (options: Parameters<typeof startRig>[0] = {}): Promise<TestRig> => {
    const t = await startRig(options);
    cleanups.push(() => t.destroy());
    return t;
  };
  const dataDir = async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'rig-r2lab-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    return dir;
  };
  const read = (dir: string, name: string) => readFile(path.join(dir, name), 'utf8');

  it('writes nodes, phones and pdus as one JSON line each, in first-seen order', async () => {
    const t = await start();
    const post = (kind: string, records: unknown[]) =>
      api(t.url, 'POST', '/api/v1/status', { kind, records });
    await post('node', [{ id: 2, cmc_on_off: 'on' }, { id: 1 }]);
    await post('node', [{ id: 2, control_ping: 'on' }, { id: 37 }]);
    await post('phone', [{ id: 1, airplane_mode: 'off' }]);
    await post('pdu', [{ id: 'jaguar', on_off: 'on', label: 'RRU' }]);
    await post('switch', [{ id: 'sw', on_off: 'on' }]);
    await t.rig.status.flush();

    const nodes = await read(t.data, 'nodes.json');
    expect(nodes.endsWith('\n')).toBe(true);
    expect(nodes.slice(0, -1)).not.toContain('\n');
    expect(JSON.parse(nodes)).toEqual([
      { id: 2, cmc_on_off: 'on', control_ping: 'on' },
      { id: 1 },
      { id: 37 },
    ]);
    expect(JSON.parse(await read(t.data, 'phones.json'))).toEqual([{ id: 1, airplane_mode: 'off' }]);
    expect(JSON.parse(await read(t.data, 'pdus.json'))).toEqual([
      { id: 'jaguar', on_off: 'on', label: 'RRU' },
    ]);
    await expect(read(t.data, 'switches.json')).rejects.toThrow(/ENOENT/);

    await api(t.url, 'DELETE', '/api/v1/status/node/1');
    await t.rig.status.flush();
    expect(JSON.parse(await read(t.data, 'nodes.json')).map((r: { id: number }) => r.id)).toEqual([2, 37]);
  });

  it('adopts existing R2lab files on a first start, and only then', async () => {
    const data = await dataDir();
    await writeFile(
      path.join(data, 'nodes.json'),
      '[{"id": 7, "available": "ko"}, {"id": 3, "cmc_on_off": "on"}]\n',
    );
    await writeFile(path.join(data, 'pdus.json'), '[{"id": "jaguar", "on_off": "off"}]\n');
    await writeFile(path.join(data, 'phones.json'), '{not json');
    const first = await start({ data });
    const status = (await api(first.url, 'GET', '/api/v1/status')).body;
    expect(status.node).toEqual([
      { id: 7, available: 'ko' },
      { id: 3, cmc_on_off: 'on' },
    ]);
    expect(status.pdu).toEqual([{ id: 'jaguar', on_off: 'off' }]);
    expect(status.phone).toEqual([]);
    await first.stop();

    // Once the store holds status, it is the truth; the files only follow it.
    await writeFile(path.join(data, 'nodes.json'), '[{"id": 99}]\n');
    const second = await start({ data, db: first.db });
    const again = (await api(second.url, 'GET', '/api/v1/status?kind=node')).body.node;
    expect(again.map((r: { id: number }) => r.id)).toEqual([7, 3]);
  });

  it('writes the files to status.r2labDir when set, and none when r2labFiles is off', async () => {
    const r2labDir = await dataDir();
    const t = await start({ config: { status: { r2labDir } } });
    await api(t.url, 'POST', '/api/v1/status', { kind: 'node', records: [{ id: 1 }] });
    await t.rig.status.flush();
    expect(JSON.parse(await read(r2labDir, 'nodes.json'))).toEqual([{ id: 1 }]);

    const off = await start({ config: { status: { r2labFiles: false } } });
    await api(off.url, 'POST', '/api/v1/status', { kind: 'node', records: [{ id: 1 }] });
    await off.rig.status.flush();
    await expect(read(off.data, 'nodes.json')).rejects.toThrow(/ENOENT/);
  });
});
