import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, until } from '../helpers/browser.ts';
import { freePort } from '../helpers/ports.ts';
import { startRig, type TestRig } from '../helpers/rig.ts';
import { ensureDashboardBuilt } from './build.ts';
import { connectionBadge, notReloaded, openDashboard, postStatus, waitLive, waitTileState } from './page.ts';

describe('dashboard link to the events websocket', () => {
  let data: string;
  let port: number;
  let rig: TestRig | undefined;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  const start = () => startRig({ data, config: { port, demo: { enabled: true, activity: false } } });

  beforeAll(async () => {
    await ensureDashboardBuilt();
    data = await mkdtemp(path.join(tmpdir(), 'rig-dashboard-'));
    port = await freePort();
    rig = await start();
    browser = await launchChromium();
    ({ context, page } = await openDashboard(browser, rig.url));
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await rig?.destroy();
    await rm(data, { recursive: true, force: true });
  });

  it('shows that it is reconnecting while the server is down, then shows changes made after it returns', async () => {
    if (!rig) throw new Error('no rig');
    await postStatus(rig.url, 'node', [{ id: 5, available: 'ok', cmc_on_off: 'off' }]);
    await waitTileState(page, 'fit05', 'off');

    await rig.stop();
    rig = undefined;
    await until(
      () => connectionBadge(page).getAttribute('data-phase'),
      (phase) => phase === 'reconnecting',
      'the header to say reconnecting',
    );
    expect(await connectionBadge(page).textContent()).toMatch(/Reconnecting/);

    // Same data dir and port: a new process as far as the page can tell (a new epoch).
    rig = await start();
    // Made before the page is back: it must come with the fresh snapshot.
    await postStatus(rig.url, 'node', [{ id: 5, cmc_on_off: 'fail' }]);
    await waitLive(page, 20_000);
    await waitTileState(page, 'fit05', 'fail');

    // Made once the page is live again: it must come as a live event.
    await postStatus(rig.url, 'node', [{ id: 6, available: 'ko' }]);
    await waitTileState(page, 'fit06', 'unavailable');
    expect(await notReloaded(page)).toBe(true);
  });

  it('resumes after a dropped link from its last event, without a new snapshot, and shows what it missed', async () => {
    if (!rig) throw new Error('no rig');
    // The page's websockets go through a pass-through proxy the test can cut.
    const links: Array<{
      url: string;
      frames: Array<{ type: string; resumed?: boolean }>;
      cut: () => Promise<void>;
    }> = [];
    const routed = await browser.newContext();
    await routed.routeWebSocket(/\/api\/v1\/events/, (ws) => {
      const server = ws.connectToServer();
      const link = {
        url: ws.url(),
        frames: [] as Array<{ type: string; resumed?: boolean }>,
        cut: () => server.close(),
      };
      server.onMessage((message) => {
        link.frames.push(JSON.parse(String(message)));
        ws.send(message);
      });
      links.push(link);
    });
    try {
      const resumed = await routed.newPage();
      await resumed.goto(rig.url);
      await waitLive(resumed);
      await postStatus(rig.url, 'node', [{ id: 20, available: 'ok', cmc_on_off: 'off' }]);
      await waitTileState(resumed, 'fit20', 'off');
      const hello = links[0]?.frames.find((f) => f.type === 'hello') as { epoch: string } | undefined;

      await links[0]?.cut();
      // Made while the page is away (it waits at least 400 ms before reconnecting).
      await postStatus(rig.url, 'node', [{ id: 20, cmc_on_off: 'fail' }]);
      await waitTileState(resumed, 'fit20', 'fail');

      const second = await until(
        async () => links[1],
        (link) => !!link,
        'a second connection',
      );
      const url = new URL(second?.url ?? '');
      expect(url.searchParams.get('epoch')).toBe(hello?.epoch);
      expect(Number(url.searchParams.get('since'))).toBeGreaterThan(0);
      expect(second?.frames[0]).toMatchObject({ type: 'hello', resumed: true });
      expect(second?.frames.some((f) => f.type === 'snapshot')).toBe(false);
      expect(await connectionBadge(resumed).textContent()).toBe('Live');
    } finally {
      await routed.close();
    }
  });
});
