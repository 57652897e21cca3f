import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../helpers/http.ts';
import { startRig, type TestRig } from '../helpers/rig.ts';
import { CliProcess, ensureBuilt } from './cli-process.ts';

describe('rig status watch with a token revoked while it watches', () => {
  let t: TestRig;
  beforeAll(async () => {
    const [started] = await Promise.all([startRig({ auth: true }), ensureBuilt()]);
    t = started;
  });
  afterAll(async () => t?.destroy());

  it('stops with exit 3 and says why, instead of retrying forever', async () => {
    const admin = { authorization: `Bearer ${t.adminToken}` };
    const created = await api(t.url, 'POST', '/api/v1/tokens', { name: 'watch', scopes: ['read'] }, admin);
    const cli = new CliProcess(['status', 'watch', '--json', '--server', t.url], {
      env: { RIG_TOKEN: created.body.token },
    });
    try {
      await api(
        t.url,
        'POST',
        '/api/v1/status',
        { kind: 'node', records: [{ id: 1, cmc_on_off: 'on' }] },
        admin,
      );
      await cli.waitFor((p) => p.lines.length > 0, 'the first status line');
      await api(t.url, 'DELETE', `/api/v1/tokens/${created.body.info.id}`, undefined, admin);
      const exit = await cli.exited;
      expect(exit.code).toBe(3);
      expect(cli.stderr).toMatch(/revoked|refused|log in/i);
    } finally {
      await cli.kill();
    }
  });
});
