import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { api } from '../helpers/http.ts';
import { startRig, type TestRig } from '../helpers/rig.ts';
import { SidecarPeer, waitUntil } from './peer.ts';
import { PythonClient, pythonWebsocketsProblem } from './python-client.ts';

const problem = pythonWebsocketsProblem();
if (problem) console.warn(`skipping the R2lab Python client tests: ${problem}`);

describe.skipIf(problem !== undefined)(
  'R2lab Python clients (legacy websockets 10.4) against Rig (§9)',
  () => {
    let t: TestRig;
    let observer: SidecarPeer;
    const pythons: PythonClient[] = [];
    const python = (...args: string[]) => {
      const client = new PythonClient(args);
      pythons.push(client);
      return client;
    };

    beforeEach(async () => {
      t = await startRig({ sidecar: true });
      observer = await SidecarPeer.connect(t.sidecarUrl!);
    });
    afterEach(async () => {
      for (const client of pythons.splice(0)) client.kill();
      await observer?.close();
      await t?.destroy();
    });

    it('nodes_status returns the full state by int id, not confused by pdus, incremental or delete frames', async () => {
      const seed = [
        { id: 1, cmc_on_off: 'on', available: 'ok' },
        { id: 2, cmc_on_off: 'off' },
        { id: 37, usrp_type: 'b210' },
      ];
      observer.send({ category: 'nodes', action: 'info', message: seed });
      await observer.readRecords('nodes', 3);
      const client = python('status', t.sidecarUrl!, 'nodes', '--hold');
      expect(await client.read()).toEqual({ connected: true });
      // Frames that reach the Python client before it sends its request.
      observer.send({ category: 'pdus', action: 'info', message: [{ id: 'jaguar', on_off: 'on' }] });
      observer.send({ category: 'nodes', action: 'info', message: [{ id: 1, uname: '6.8' }] });
      observer.send({ category: 'nodes', action: 'delete', message: [{ id: 37 }] });
      await observer.readRecords('pdus', 1);
      await observer.readRecords('nodes', 1);
      client.write('go');
      const result = await client.read();
      expect(result.status).toEqual([
        [1, { id: 1, cmc_on_off: 'on', available: 'ok', uname: '6.8' }],
        [2, { id: 2, cmc_on_off: 'off' }],
      ]);
      // Rig never broadcasts delete (r2lab-python crashes on one); the incremental infos are passed over.
      expect(result.skipped).toEqual([
        { category: 'pdus', action: 'info', incremental: true },
        { category: 'nodes', action: 'info', incremental: true },
      ]);
      await client.finish();
    });

    it('phones_status returns an empty state when there are no phones', async () => {
      const client = python('status', t.sidecarUrl!, 'phones');
      expect(await client.read()).toEqual({ status: [], skipped: [] });
      await client.finish();
    });

    it('set_node_attribute and set_nodes_triples write records with int ids', async () => {
      const single = python('set-node-attribute', t.sidecarUrl!, '7', 'available', 'ko');
      expect(await single.read()).toEqual({ sent: true });
      await single.finish();
      expect(await observer.readRecords('nodes', 1)).toEqual([{ id: 7, available: 'ko' }]);
      expect((await api(t.url, 'GET', '/api/v1/status/node/7')).body).toEqual({ id: 7, available: 'ko' });

      const triples = python(
        'set-nodes-triples',
        t.sidecarUrl!,
        '5',
        'a',
        '1',
        '5',
        'b',
        '2',
        '7',
        'available',
        'ok',
      );
      expect(await triples.read()).toEqual({ sent: true });
      await triples.finish();
      expect(await observer.readRecords('nodes', 2)).toEqual([
        { id: 5, a: '1', b: '2' },
        { id: 7, available: 'ok' },
      ]);
    });

    it('a monitor that only emits (NaN included) and never reads is served and stays connected', async () => {
      const monitor = python('monitor', t.sidecarUrl!, 'pdus');
      expect(await monitor.read()).toEqual({ connected: true });
      // What rhubarbe's monitorpdus sends for an unset icon coordinate: json.dumps writes NaN.
      monitor.write('{"id": "jaguar", "on_off": "on", "icon_x_rank": 9.25, "icon_y_rank": NaN}');
      expect(await observer.readRecords('pdus', 1)).toEqual([
        { id: 'jaguar', on_off: 'on', icon_x_rank: 9.25, icon_y_rank: null },
      ]);
      // Unchanged records, resent every cycle, are no news; a change is.
      monitor.write('{"id": "jaguar", "on_off": "on", "icon_x_rank": 9.25, "icon_y_rank": NaN}');
      monitor.write('{"id": "jaguar", "on_off": "off"}');
      expect(await observer.readRecords('pdus', 1)).toEqual([
        { id: 'jaguar', on_off: 'off', icon_x_rank: 9.25, icon_y_rank: null },
      ]);
      // Broadcasts it never reads do not get it dropped.
      for (let i = 0; i < 20; i++)
        observer.send({ category: 'nodes', action: 'info', message: [{ id: 1, n: i }] });
      await observer.readRecords('nodes', 20);
      expect(t.rig.sidecar?.server.clientCount).toBe(2);
      await monitor.finish();
      await waitUntil(() => t.rig.sidecar?.server.clientCount === 1, 'the monitor disconnected');
    });
  },
);
