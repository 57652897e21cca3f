import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../src/audit/index.ts';
import { parseSince } from '../../src/cli/audit.ts';
import { ensureBuilt, runCli } from '../cli/cli-process.ts';
import { api } from '../helpers/http.ts';
import { startRig, type TestRig } from '../helpers/rig.ts';
import { bearer, userWithToken } from './helpers.ts';

describe('rig audit', () => {
  let t: TestRig;
  let user: string;
  const rig = (token: string, ...args: string[]) =>
    runCli(['audit', ...args, '--server', t.url], { env: { RIG_TOKEN: token } });

  beforeAll(async () => {
    [t] = await Promise.all([startRig({ auth: true }), ensureBuilt()]);
    user = await userWithToken(t, 'ursula', 'user');
    await api(t.url, 'POST', '/api/v1/devices', { kind: 'node', id: 7 }, bearer(t.adminToken));
    await api(t.url, 'PATCH', '/api/v1/devices/node/7', { name: 'fit07' }, bearer(user));
    t.rig.features.audit.service.record({
      at: '2020-01-01T00:00:00.000Z',
      actor: { id: null, name: 'system', via: 'system', token_id: null },
      action: 'lease.ended',
      result: 'ok',
    });
  });
  afterAll(async () => t?.destroy());

  it('lists the entries newest first as a table, filtered by actor and action', async () => {
    const { code, stdout, stderr } = await rig(t.adminToken, '--action', 'devices.*');
    expect(code, stderr).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^TIME\s+ACTOR\s+VIA\s+ACTION\s+TARGET\s+RESULT\s+ADDRESS$/);
    expect(lines.slice(1).map((l) => l.split(/\s+/).slice(2, 8))).toEqual([
      ['ursula#2', 'token', 'devices.update', 'node/7', 'denied', '403'],
      ['root#1', 'token', 'devices.create', 'node/7', 'ok', '201'],
    ]);
    const mine = await rig(t.adminToken, '--actor', 'ursula', '--result', 'denied', '--json');
    expect(mine.code, mine.stderr).toBe(0);
    const entries = JSON.parse(mine.stdout) as AuditEntry[];
    expect(entries.map((e) => e.action)).toEqual(['devices.update']);
  });

  it('takes --since as a duration ago or a time', async () => {
    const recent = JSON.parse((await rig(t.adminToken, '--since', '1h', '--json')).stdout) as AuditEntry[];
    expect(recent.length).toBeGreaterThan(0);
    expect(recent.map((e) => e.action)).not.toContain('lease.ended');
    const old = await rig(t.adminToken, '--until', '2021-01-01T00:00:00Z', '--json');
    expect((JSON.parse(old.stdout) as AuditEntry[]).map((e) => e.action)).toEqual(['lease.ended']);
    const now = new Date('2026-03-01T12:00:00Z');
    expect(parseSince('2h', now)).toBe('2026-03-01T10:00:00.000Z');
    expect(parseSince('2026-02-01T00:00:00Z', now)).toBe('2026-02-01T00:00:00.000Z');
    const bad = await rig(t.adminToken, '--since', 'last tuesday');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--since');
  });

  it('is refused to users, exit 3', async () => {
    const refused = await rig(user);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toMatch(/may not/);
  });
});
