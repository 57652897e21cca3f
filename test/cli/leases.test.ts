import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../helpers/http.ts';
import { startRig, type TestRig } from '../helpers/rig.ts';
import { addSlice, addUser, bearer, tokenOf } from './accounts-fixture.ts';
import { ensureBuilt, runCli } from './cli-process.ts';

/**
 * The CLI runs in Asia/Kolkata (UTC+05:30, no daylight saving): a time typed as local comes
 * out shifted by 5 h 30, which proves it is read in the local zone and sent as UTC.
 */
const TZ = 'Asia/Kolkata';
const OFFSET_MS = 5.5 * 3_600_000;
const GRAIN_MS = 600_000;
const HOUR = 3_600_000;

let t: TestRig;
const tokens: Record<string, string> = {};

const as = (user: string, ...args: string[]) =>
  runCli([...args, '--server', t.url], { env: { RIG_TOKEN: tokens[user] as string, TZ } });

const getLease = async (id: number) =>
  (await api(t.url, 'GET', `/api/v1/leases/${id}`, undefined, bearer(t.adminToken))).body;

/** The Kolkata calendar day `days` from now, as `YYYY-MM-DD`. */
const kolkataDay = (days: number, at = Date.now()) =>
  new Date(at + OFFSET_MS + days * 86_400_000).toISOString().slice(0, 10);
/** The UTC ISO time of a Kolkata wall-clock time. */
const kolkataToIso = (day: string, hours: number, minutes = 0) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + hours * HOUR + minutes * 60_000 - OFFSET_MS).toISOString();

/** `booked lease 12 of slice …`: the id. */
const bookedId = (stdout: string) => Number(/^booked lease (\d+) /.exec(stdout)?.[1]);

beforeAll(async () => {
  const [started] = await Promise.all([startRig({ auth: true }), ensureBuilt()]);
  t = started;
  for (let id = 1; id <= 12; id++) {
    const name = `fit${String(id).padStart(2, '0')}`;
    const created = await api(
      t.url,
      'POST',
      '/api/v1/devices',
      { kind: 'node', id, name },
      bearer(t.adminToken),
    );
    expect(created.status).toBe(201);
  }
  for (const user of ['alice', 'bob', 'carol']) await addUser(t, user);
  await addSlice(t, 'inria-one', ['alice', 'carol']);
  await addSlice(t, 'inria-two', ['bob', 'carol']);
  for (const user of ['alice', 'bob', 'carol']) tokens[user] = await tokenOf(t, user);
});
afterAll(async () => t?.destroy());

describe('rig lease book', () => {
  let aliceLease: number;
  const day = kolkataDay(2);

  it('books node ranges at a local date and time for a duration, in the only slice of the user', async () => {
    const { code, stdout, stderr } = await as(
      'alice',
      'lease',
      'book',
      '--nodes',
      '1-5,9',
      '--from',
      `${day} 14:00`,
      '--for',
      '2h',
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toBe(
      `booked lease ${bookedId(stdout)} of slice inria-one: nodes 1-5,9, ${day} 14:00 → 16:00 (2h)\n`,
    );
    aliceLease = bookedId(stdout);
    expect(await getLease(aliceLease)).toMatchObject({
      slice: 'inria-one',
      whole: false,
      nodes: [1, 2, 3, 4, 5, 9],
      t_from: kolkataToIso(day, 14),
      t_until: kolkataToIso(day, 16),
      created_by: 'alice',
    });
  });

  it('exits 3 naming the conflicting lease, in local time, when a node is taken', async () => {
    const { code, stdout, stderr } = await as(
      'bob',
      'lease',
      'book',
      '-n',
      '8-10',
      '--from',
      `${day} 15:00`,
      '--until',
      `${day} 17:00`,
    );
    expect(stdout).toBe('');
    expect(code).toBe(3);
    expect(stderr).toBe(
      `rig: conflicts with lease ${aliceLease} of slice inria-one (${day} 14:00 → 16:00) on node 9\n`,
    );
  });

  it('reads tomorrow 9:00, an --until that is only a time, fit/reboot names and exclusions', async () => {
    const before = Date.now();
    const { code, stdout, stderr } = await as(
      'bob',
      'lease',
      'book',
      '--nodes',
      'fit07',
      'reboot08',
      '11-12,~12',
      '--from',
      'tomorrow 9:00',
      '--until',
      '11:30',
      '--json',
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lease = JSON.parse(stdout);
    expect(lease).toMatchObject({ slice: 'inria-two', nodes: [7, 8, 11] });
    const days = new Set([kolkataDay(1, before), kolkataDay(1)]);
    expect([...days].map((d) => kolkataToIso(d, 9))).toContain(lease.t_from);
    expect(Date.parse(lease.t_until) - Date.parse(lease.t_from)).toBe(2.5 * HOUR);
  });

  it('rounds times relative to now to the grain: the start down, the end up', async () => {
    const before = Date.now();
    const { code, stdout } = await as(
      'alice',
      'lease',
      'book',
      '--nodes',
      '~1-11',
      '--from',
      '+1h',
      '--for',
      '25m',
      '--json',
    );
    const after = Date.now();
    expect(code).toBe(0);
    const lease = JSON.parse(stdout);
    // Only exclusions: every other node (not 11, which bob holds tomorrow morning).
    expect(lease.nodes).toEqual([12]);
    const from = Date.parse(lease.t_from);
    expect(from % GRAIN_MS).toBe(0);
    expect(from).toBeGreaterThanOrEqual(Math.floor((before + HOUR) / GRAIN_MS) * GRAIN_MS);
    expect(from).toBeLessThanOrEqual(after + HOUR);
    expect(Date.parse(lease.t_until) - from).toBe(30 * 60_000);
  });

  it('asks a member of several slices which one, and refuses bad selections and times with exit 2', async () => {
    const several = await as('carol', 'lease', 'book', '-n', '1', '--from', '+1d', '--for', '1h');
    expect(several.code).toBe(2);
    expect(several.stderr).toBe(
      'rig: you are a member of several slices (inria-one, inria-two): choose one with --slice\n',
    );
    const range = await as('alice', 'lease', 'book', '-n', '5-1', '--for', '1h');
    expect([range.code, range.stderr]).toEqual([2, 'rig: --nodes: 5-1: the range ends before it starts\n']);
    const unknown = await as('alice', 'lease', 'book', '-n', 'xavier', '--for', '1h');
    expect([unknown.code, unknown.stderr]).toEqual([2, 'rig: --nodes: no node is named xavier\n']);
    const time = await as('alice', 'lease', 'book', '-n', '1', '--from', 'teatime', '--for', '1h');
    expect(time.code).toBe(2);
    expect(time.stderr).toMatch(/^rig: --from: cannot read "teatime" as a time/);
    const length = await as('alice', 'lease', 'book', '-n', '1');
    expect([length.code, length.stderr]).toEqual([2, 'rig: say how long: --for 2h, or --until 16:00\n']);
  });

  it("refuses another slice's booking for a user with exit 3", async () => {
    const { code, stderr } = await as(
      'alice',
      'lease',
      'book',
      '-n',
      '1',
      '--from',
      '+1d',
      '--for',
      '1h',
      '--slice',
      'inria-two',
    );
    expect(code).toBe(3);
    expect(stderr).toBe('rig: alice is not a member of slice inria-two\n');
  });

  it('lists the leases of my slices, or of every slice with --all', async () => {
    const mine = await as('alice', 'lease', 'list');
    expect(mine.code).toBe(0);
    const lines = mine.stdout.trimEnd().split('\n');
    expect(lines[0]?.split(/\s{2,}/)).toEqual(['ID', 'SLICE', 'NODES', 'FROM', 'UNTIL', 'STATE']);
    expect(lines.find((l) => l.startsWith(`${aliceLease} `))?.split(/\s{2,}/)).toEqual([
      String(aliceLease),
      'inria-one',
      '1-5,9',
      `${day} 14:00`,
      `${day} 16:00`,
      'future',
    ]);
    expect(mine.stdout).not.toContain('inria-two');
    const all = JSON.parse((await as('alice', 'lease', 'list', '--all', '--json')).stdout);
    expect(new Set(all.map((l: { slice: string }) => l.slice))).toEqual(new Set(['inria-one', 'inria-two']));
    const node9 = JSON.parse((await as('bob', 'lease', 'list', '--node', '9', '--json')).stdout);
    expect(node9.map((l: { id: number }) => l.id)).toEqual([aliceLease]);
  });

  it('extends and shortens by a duration or to a local time', async () => {
    const extended = await as('alice', 'lease', 'extend', String(aliceLease), '--by', '1h');
    expect(extended.code).toBe(0);
    expect(extended.stdout).toContain(`${day} 14:00 → 17:00 (3h)`);
    expect((await getLease(aliceLease)).t_until).toBe(kolkataToIso(day, 17));
    const to = await as('alice', 'lease', 'extend', String(aliceLease), '--to', '18:30');
    expect(to.code).toBe(0);
    expect((await getLease(aliceLease)).t_until).toBe(kolkataToIso(day, 18, 30));
    const shortened = await as('alice', 'lease', 'shorten', String(aliceLease), '--by', '90m');
    expect(shortened.code).toBe(0);
    expect(shortened.stdout).toMatch(
      /^shortened lease \d+ of slice inria-one: nodes 1-5,9, .* → 17:00 \(3h\)\n$/,
    );
    expect((await getLease(aliceLease)).t_until).toBe(kolkataToIso(day, 17));
    const neither = await as('alice', 'lease', 'extend', String(aliceLease));
    expect([neither.code, neither.stderr]).toEqual([2, 'rig: give either --to TIME or --by DURATION\n']);
  });

  it('deletes a future lease on cancel; rounds a relative new end; ends a running lease now', async () => {
    const future = await as('alice', 'lease', 'cancel', String(aliceLease));
    expect(future.code).toBe(0);
    expect(future.stdout).toBe(`deleted lease ${aliceLease} (it had not started)\n`);
    expect(
      (await api(t.url, 'GET', `/api/v1/leases/${aliceLease}`, undefined, bearer(t.adminToken))).status,
    ).toBe(404);

    const running = await as('alice', 'lease', 'book', '-n', '3', '--from', 'now', '--for', '30m');
    expect(running.code, running.stderr).toBe(0);
    const id = bookedId(running.stdout);
    const before = Date.now();
    const extended = await as('alice', 'lease', 'extend', String(id), '--to', '+45m');
    expect(extended.code, extended.stderr).toBe(0);
    const until = Date.parse((await getLease(id)).t_until);
    expect(until % GRAIN_MS).toBe(0);
    expect(until).toBeGreaterThanOrEqual(before + 45 * 60_000);
    expect(until).toBeLessThan(Date.now() + 45 * 60_000 + GRAIN_MS);
    const listed = await as('alice', 'lease', 'list');
    expect(listed.stdout.split('\n').find((l) => l.startsWith(`${id} `))).toMatch(/ now$/);
    const cancelled = await as('alice', 'lease', 'cancel', String(id));
    expect(cancelled.code).toBe(0);
    expect(cancelled.stdout).toMatch(new RegExp(`^ended lease ${id} at .*: node 3 is free\\n$`));
    expect(Date.parse((await getLease(id)).t_until)).toBeLessThanOrEqual(Date.now());
  });
});
