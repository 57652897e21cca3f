import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../helpers/http.ts';
import { startRig, type TestRig } from '../helpers/rig.ts';
import { CliProcess, ensureBuilt } from './cli-process.ts';

let t: TestRig;
const running = new Set<CliProcess>();

function watch(...args: string[]): CliProcess {
  const cli = new CliProcess(['status', 'watch', ...args, '--server', t.url]);
  running.add(cli);
  return cli;
}

const post = async (kind: string, records: unknown[]) =>
  expect((await api(t.url, 'POST', '/api/v1/status', { kind, records })).status).toBe(200);

/** Waits until the server serves exactly `n` events clients (a change posted then reaches them). */
async function eventsClients(n: number): Promise<void> {
  for (const deadline = Date.now() + 15_000; t.rig.events.hub.clientCount !== n; ) {
    if (Date.now() > deadline) throw new Error(`the server never had ${n} events clients`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Starts a watch once earlier ones are gone, and waits until the server serves it. */
async function connectedWatch(...args: string[]): Promise<CliProcess> {
  await eventsClients(0);
  const cli = watch(...args);
  await eventsClients(1);
  return cli;
}

const parsed = (cli: CliProcess) => cli.lines.map((line) => JSON.parse(line));

beforeAll(async () => {
  const [started] = await Promise.all([startRig(), ensureBuilt()]);
  t = started;
  await post('node', [{ id: 12, cmc_on_off: 'off', control_ping: 'off' }]);
  await post('pdu', [{ id: 'jaguar', on_off: 'on' }]);
});
afterEach(async () => {
  for (const cli of running) await cli.kill();
  running.clear();
});
afterAll(async () => t?.destroy());

describe('rig status watch', () => {
  it('prints the snapshot then each posted change as JSON lines, and exits 0 on SIGINT', async () => {
    const cli = watch('--json');
    await cli.waitFor((c) => c.lines.length >= 2, 'the snapshot lines');
    expect(parsed(cli)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'snapshot', kind: 'node', id: 12, record: expect.any(Object) }),
        expect.objectContaining({ type: 'snapshot', kind: 'pdu', id: 'jaguar' }),
      ]),
    );
    await post('node', [{ id: 12, cmc_on_off: 'on' }]);
    await cli.waitFor((c) => parsed(c).some((l) => l.type === 'changed'), 'the change');
    const change = parsed(cli).find((l) => l.type === 'changed');
    expect(change).toMatchObject({
      kind: 'node',
      id: 12,
      fields: ['cmc_on_off'],
      record: { id: 12, cmc_on_off: 'on', control_ping: 'off' },
      seq: expect.any(Number),
    });
    expect(Date.parse(change.time)).not.toBeNaN();
    cli.signal('SIGINT');
    expect(await cli.exited).toEqual({ code: 0, signal: null });
    expect(cli.stderr).toBe('');
  });

  it('prints only the changed fields of the chosen kinds for people with --changes-only --kind', async () => {
    const cli = await connectedWatch('--changes-only', '--kind', 'pdu');
    await post('node', [{ id: 12, control_ping: 'on' }]);
    await post('pdu', [{ id: 'jaguar', on_off: 'off' }]);
    await cli.waitFor((c) => c.lines.length >= 1, 'the pdu change');
    expect(cli.lines).toHaveLength(1);
    expect(cli.lines[0]).toMatch(/^\d\d:\d\d:\d\d\.\d{3} {2}pdu +jaguar +on_off=off$/);
    cli.signal('SIGTERM');
    expect((await cli.exited).code).toBe(0);
  });

  it('reports a device whose status is removed', async () => {
    const cli = await connectedWatch('--json', '--changes-only');
    expect((await api(t.url, 'DELETE', '/api/v1/status/pdu/jaguar')).status).toBe(204);
    await cli.waitFor((c) => c.lines.length >= 1, 'the removal');
    expect(parsed(cli)[0]).toMatchObject({ type: 'removed', kind: 'pdu', id: 'jaguar' });
    cli.signal('SIGINT');
    expect((await cli.exited).code).toBe(0);
  });
});
