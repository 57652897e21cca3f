import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { api } from '../helpers/http.ts';
import { startRig, type TestRig } from '../helpers/rig.ts';

async function until(test: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!test()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('monitor and a device deleted while it is probed', () => {
  let t: TestRig;
  const probes = { started: 0, finished: 0 };
  let release: () => void = () => {};
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });

  beforeAll(async () => {
    t = await startRig({
      config: { monitor: { enabled: true, timeoutSeconds: 30, cadenceSeconds: { node: 0.05 } } },
    });
    t.rig.drivers.registry.register({
      name: 'gated',
      description: 'answers when the test says so',
      configSchema: z.strictObject({}),
      roles: ['probe'],
      createProbe: () => ({
        async probe() {
          probes.started++;
          await gate;
          probes.finished++;
          return { cmc_on_off: 'on' };
        },
      }),
    });
  });
  afterAll(async () => t?.destroy());

  it('does not bring its live status back', async () => {
    const created = await api(t.url, 'POST', '/api/v1/devices', {
      kind: 'node',
      id: 8,
      drivers: { probe: { driver: 'gated' } },
    });
    expect(created.status).toBe(201);
    await until(() => probes.started > 0, 'the probe to start');
    expect((await api(t.url, 'DELETE', '/api/v1/devices/node/8')).status).toBe(204);
    release();
    await until(() => probes.finished > 0, 'the probe to answer');
    await new Promise((r) => setImmediate(r));
    expect(t.rig.status.service.get('node', 8)).toBeUndefined();
  });
});
