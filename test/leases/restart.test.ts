import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rig } from '../../src/app/rig.ts';
import { resolvePaths } from '../../src/config/load.ts';
import { configSchema } from '../../src/config/schema.ts';
import { migrateToLatest } from '../../src/store/database.ts';
import { postgresReachable } from '../helpers/postgres.ts';
import type { Dialect } from '../helpers/rig.ts';
import { eventually, type LeaseLab, leaseLab } from './lab.ts';

const runPg = (await postgresReachable()) || process.env.CI === 'true';
const leases = { grainSeconds: 1, powerOffAtEnd: true };

describe.each<Dialect>(['sqlite', 'postgres'])('leases that end while Rig is down, on %s', (dialect) => {
  const skip = dialect === 'postgres' && !runPg;
  let lab: LeaseLab;
  let again: Rig | undefined;

  beforeAll(async () => {
    if (!skip) lab = await leaseLab({ dialect, leases });
  });
  afterAll(async () => {
    await again?.stop();
    await lab?.destroy();
  });

  it.skipIf(skip)('get their leaseEnded and power-off at the next start, once', async () => {
    const started: number[] = [];
    lab.t.rig.bus.on('leaseStarted', started, ({ lease }) => started.push(lease.id));
    const now = Math.ceil(Date.now() / 1000) * 1000;
    const at = (s: number) => new Date(now + s * 1000).toISOString();
    const book = async (nodes: number[], from: number, until: number) => {
      const res = await lab.as('alice', 'POST', '/api/v1/leases', {
        slice: 'alpha',
        nodes,
        t_from: at(from),
        t_until: at(until),
      });
      expect(res.status, res.text).toBe(201);
      return res.body.id as number;
    };
    const running = await book([1, 2], -1, 4);
    // Starts and ends while Rig is down: it only ends (its nodes are free).
    const unseen = await book([3], 5, 6);
    // Still ahead after the restart: nothing to announce yet.
    const ahead = await book([4], 600, 601);
    await eventually(() => (started.includes(running) ? true : undefined), 'the running lease announced');
    await lab.t.stop();
    await eventually(() => (Date.now() > now + 6000 ? true : undefined), 'both ends to pass');

    const config = resolvePaths(
      configSchema.parse({
        port: 0,
        data: lab.t.data,
        db: lab.t.db,
        sidecar: { port: 0 },
        monitor: { enabled: false },
        log: { level: 'silent' },
        leases,
      }),
    );
    again = new Rig(config, { logger: pino({ level: 'silent' }), console: () => {} });
    const seen: Array<[string, number]> = [];
    again.bus.on('leaseStarted', seen, ({ lease }) => seen.push(['started', lease.id]));
    again.bus.on('leaseEnded', seen, ({ lease }) => seen.push(['ended', lease.id]));
    // The nodes are on when Rig comes back (the simulated lab starts them off).
    await migrateToLatest(again.store);
    const power = async (id: number) =>
      again?.drivers.registry.power(await again.inventory.service.get('node', id));
    for (const id of [1, 2, 3, 4]) await (await power(id))?.on();

    await again.start();
    expect(seen).toEqual([
      ['ended', running],
      ['ended', unseen],
    ]);
    for (const id of [1, 2, 3]) expect(await (await power(id))?.status()).toBe('off');
    expect(await (await power(4))?.status()).toBe('on');
    expect(seen.map(([, id]) => id)).not.toContain(ahead);
  });
});
