import { afterEach, describe, expect, it } from 'vitest';
import { auditOf, bearer } from '../audit/helpers.ts';
import { api } from '../helpers/http.ts';
import { startRig, type TestRig } from '../helpers/rig.ts';
import { expectNothingBroadcast, SidecarPeer } from '../sidecar/peer.ts';

/** Rig behind nginx on the same host: every connection comes from 127.0.0.1. */
describe('behind a reverse proxy', () => {
  let t: TestRig | undefined;
  const peers: SidecarPeer[] = [];
  const through = async (rig: TestRig, forwardedFor: string) => {
    const peer = await SidecarPeer.connect(rig.sidecarUrl!, '/', {
      headers: { 'x-forwarded-for': forwardedFor },
    });
    peers.push(peer);
    return peer;
  };
  afterEach(async () => {
    for (const peer of peers.splice(0)) await peer.close();
    await t?.destroy();
    t = undefined;
  });

  it('records the forwarded client address when http.trustProxy names the proxy, and the peer otherwise', async () => {
    t = await startRig({ auth: true, config: { http: { trustProxy: ['127.0.0.1/32'] } } });
    const headers = { ...bearer(t.adminToken), 'x-forwarded-for': '203.0.113.9, 127.0.0.1' };
    expect((await api(t.url, 'POST', '/api/v1/devices', { kind: 'node', id: 1 }, headers)).status).toBe(201);
    const [entry] = await auditOf(t, '?action=devices.create');
    expect(entry?.address).toBe('203.0.113.9');
    await t.destroy();

    t = await startRig({ auth: true });
    const again = { ...headers, ...bearer(t.adminToken) };
    expect((await api(t.url, 'POST', '/api/v1/devices', { kind: 'node', id: 1 }, again)).status).toBe(201);
    const [untrusted] = await auditOf(t, '?action=devices.create');
    expect(untrusted?.address).toBe('127.0.0.1');
  });

  it('does not trust sidecar writes forwarded by a proxy it does not know, though they come from loopback', async () => {
    t = await startRig({ auth: true, sidecar: true });
    const observer = await SidecarPeer.connect(t.sidecarUrl!);
    peers.push(observer);
    const forwarded = await through(t, '127.0.0.1');
    forwarded.send({ category: 'nodes', action: 'info', message: [{ id: 1, available: 'ko' }] });
    await expectNothingBroadcast(forwarded, [observer, forwarded]);
    expect(t.rig.sidecar!.server.clientStats().filter((c) => !c.trusted)).toHaveLength(1);
  });

  it('trusts the sidecar writes of a forwarded client in sidecar.trustedNetworks, behind a trusted proxy', async () => {
    t = await startRig({
      auth: true,
      sidecar: true,
      config: { http: { trustProxy: ['127.0.0.1/32'] }, sidecar: { trustedNetworks: ['10.1.0.0/16'] } },
    });
    const observer = await SidecarPeer.connect(t.sidecarUrl!);
    peers.push(observer);
    const stranger = await through(t, '192.0.2.7');
    stranger.send({ category: 'nodes', action: 'info', message: [{ id: 2, available: 'ko' }] });
    await expectNothingBroadcast(stranger, [observer, stranger]);
    const monitor = await through(t, '192.0.2.7, 10.1.2.3');
    monitor.send({ category: 'nodes', action: 'info', message: [{ id: 2, available: 'ok' }] });
    expect(await observer.readRecords('nodes', 1)).toEqual([{ id: 2, available: 'ok' }]);
    const stats = t.rig.sidecar!.server.clientStats();
    expect(stats.find((c) => c.address === '10.1.2.3')?.trusted).toBe(true);
    expect(stats.find((c) => c.address === '192.0.2.7')?.trusted).toBe(false);
  });
});
