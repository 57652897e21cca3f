import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { postgresReachable } from '../helpers/postgres.ts';
import { type Dialect, startRig, type TestRig } from '../helpers/rig.ts';
import { requestDump, SidecarPeer, waitUntil } from './peer.ts';

const runPg = (await postgresReachable()) || process.env.CI === 'true';
const config = { status: { flushIntervalMs: 20 } };

const readIfThere = (file: string) => readFile(file, 'utf8').catch(() => undefined);

/** Waits until the R2lab file holds exactly `records`, as one line plus a newline. */
async function expectFile(dir: string, name: string, records: unknown[]): Promise<void> {
  const expected = `${JSON.stringify(records)}\n`;
  const file = path.join(dir, name);
  let text: string | undefined;
  const holds = async () => {
    text = await readIfThere(file);
    return text === expected;
  };
  await waitUntil(holds, `${name} holds ${expected}`).catch((error: Error) => {
    throw new Error(`${error.message}; it holds ${JSON.stringify(text)}`);
  });
}

describe.each<Dialect>(['sqlite', 'postgres'])('sidecar persistence on %s (§6, §11.6)', (dialect) => {
  const skip = dialect === 'postgres' && !runPg;
  const rigs: TestRig[] = [];
  const peers: SidecarPeer[] = [];

  const start = async (previous?: TestRig) => {
    const t = await startRig({ dialect, sidecar: true, config, data: previous?.data, db: previous?.db });
    rigs.push(t);
    const peer = await SidecarPeer.connect(t.sidecarUrl!);
    peers.push(peer);
    return { t, peer };
  };

  afterEach(async () => {
    for (const peer of peers.splice(0)) await peer.close();
    // Later rigs reuse the first one's data dir and schema, which the first one deletes.
    for (const t of rigs.splice(0).reverse()) await t.destroy();
  });

  it.skipIf(skip)('writes nodes, phones and pdus files as one-line arrays in first-seen order', async () => {
    const { t, peer } = await start();
    peer.send({ category: 'nodes', action: 'info', message: [{ id: 5, available: 'ok' }, { id: 2 }] });
    peer.send({
      category: 'nodes',
      action: 'info',
      message: [
        { id: '7', x: 1 },
        { id: 2, cmc_on_off: 'on' },
      ],
    });
    peer.send({ category: 'phones', action: 'info', message: [{ id: 1, airplane_mode: 'off' }] });
    peer.send({ category: 'pdus', action: 'info', message: [{ id: 'jaguar', on_off: 'on' }] });
    await expectFile(t.data, 'nodes.json', [
      { id: 5, available: 'ok' },
      { id: 2, cmc_on_off: 'on' },
      { id: '7', x: 1 },
    ]);
    await expectFile(t.data, 'phones.json', [{ id: 1, airplane_mode: 'off' }]);
    await expectFile(t.data, 'pdus.json', [{ id: 'jaguar', on_off: 'on' }]);
  });

  it.skipIf(skip)('restores the same records after a restart on the same data', async () => {
    const first = await start();
    const nodes = [
      { id: 3, cmc_on_off: 'off', images: ['a.png'] },
      { id: '3', available: 'ko' },
      { id: 1, uname: '6.8' },
    ];
    first.peer.send({ category: 'nodes', action: 'info', message: nodes });
    first.peer.send({ category: 'pdus', action: 'info', message: [{ id: 'n300', on_off: 'unknown' }] });
    await first.peer.readRecords('nodes', 3);
    await first.peer.readRecords('pdus', 1);
    await first.t.stop();
    const second = await start(first.t);
    expect(await requestDump(second.peer, 'nodes')).toEqual(nodes);
    expect(await requestDump(second.peer, 'pdus')).toEqual([{ id: 'n300', on_off: 'unknown' }]);
    // The restored records are known: the same info is no news.
    second.peer.send({ category: 'nodes', action: 'info', message: nodes });
    second.peer.send({ category: 'nodes', action: 'info', message: [{ id: 1, uname: '6.9' }] });
    expect(await second.peer.readRecords('nodes', 1)).toEqual([{ id: 1, uname: '6.9' }]);
  });

  it.skipIf(skip)('persists a delete, in the file and across a restart (unlike R2lab)', async () => {
    const first = await start();
    first.peer.send({
      category: 'nodes',
      action: 'info',
      message: [{ id: 1 }, { id: 37, usrp_type: 'b210' }],
    });
    await expectFile(first.t.data, 'nodes.json', [{ id: 1 }, { id: 37, usrp_type: 'b210' }]);
    first.peer.send({ category: 'nodes', action: 'delete', message: [{ id: 37 }] });
    await expectFile(first.t.data, 'nodes.json', [{ id: 1 }]);
    await first.t.stop();
    const second = await start(first.t);
    expect(await requestDump(second.peer, 'nodes')).toEqual([{ id: 1 }]);
  });
});
