import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, until } from '../helpers/browser.ts';
import { api } from '../helpers/http.ts';
import { startRig, type TestRig } from '../helpers/rig.ts';
import { ensureDashboardBuilt } from './build.ts';
import {
  computedStyle,
  focusedLabel,
  nodeTiles,
  notReloaded,
  openDashboard,
  postStatus,
  tile,
  waitTileState,
} from './page.ts';

/**
 * The dashboard in real headless Chromium against a real Rig running the demo lab, with
 * the simulated experimenters and the monitors off so that only the test changes anything.
 */
describe('dashboard at /', () => {
  let rig: TestRig;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];
  let requests: string[];

  beforeAll(async () => {
    await ensureDashboardBuilt();
    rig = await startRig({ config: { demo: { enabled: true, activity: false } } });
    browser = await launchChromium();
    ({ context, page, errors, requests } = await openDashboard(browser, rig.url));
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await rig?.destroy();
  });

  const list = (name: string) => page.getByRole('list', { name }).getByRole('listitem');
  const legendCount = async (state: string) =>
    Number(
      await page
        .getByRole('group', { name: 'Node states' })
        .locator(`[data-state="${state}"] .legend-count`)
        .textContent(),
    );

  it('shows the 37 nodes, 2 phones, 4 PDUs, the switch and the 2 instruments of the lab', async () => {
    expect(await nodeTiles(page).count()).toBe(37);
    expect(await tile(page, 'fit01').count()).toBe(1);
    expect(await tile(page, 'fit37').count()).toBe(1);
    expect(await list('Phones').count()).toBe(2);
    expect(await list('PDUs').count()).toBe(4);
    expect(await list('Network').count()).toBe(1);
    expect(await list('Instruments').count()).toBe(2);
    const counted = await Promise.all(
      ['ssh', 'ping', 'on', 'off', 'fail', 'unavailable', 'unknown'].map(legendCount),
    );
    expect(counted.reduce((a, b) => a + b, 0)).toBe(37);
  });

  it('loads everything from Rig itself (the lab machines are offline)', async () => {
    const origin = new URL(rig.url);
    const elsewhere = requests.filter((url) => !url.startsWith('data:') && new URL(url).host !== origin.host);
    expect(requests.length).toBeGreaterThan(2);
    expect(elsewhere).toEqual([]);
  });

  it('recolours a node when a status change is posted to the API, without a reload', async () => {
    // Start from a known state whatever the demo's first boot did to node 7.
    await postStatus(rig.url, 'node', [{ id: 7, available: 'ok', cmc_on_off: 'off' }]);
    await waitTileState(page, 'fit07', 'off');
    const colourOf = () => computedStyle(tile(page, 'fit07'), 'background-color');
    const offColour = await colourOf();
    const failsBefore = await legendCount('fail');

    await postStatus(rig.url, 'node', [{ id: 7, cmc_on_off: 'fail' }]);
    await waitTileState(page, 'fit07', 'fail');
    const failColour = await until(colourOf, (colour) => colour !== offColour, 'the fail colour');
    expect(await legendCount('fail')).toBe(failsBefore + 1);
    const latest = page.getByRole('list', { name: 'Recent activity' }).getByRole('listitem').first();
    await until(
      () => latest.textContent(),
      (text) => /fit07\W*off\W*to\W*fail/.test(text ?? ''),
      'the activity feed to say fit07 went from off to fail',
    );

    await postStatus(rig.url, 'node', [{ id: 7, available: 'ko' }]);
    await waitTileState(page, 'fit07', 'unavailable');
    // Unavailable is hatched over the power colour, so it reads differently from a plain fail.
    const hatch = await computedStyle(tile(page, 'fit07'), 'background-image');
    expect(hatch).toContain('repeating-linear-gradient');
    expect(await legendCount('fail')).toBe(failsBefore);
    expect(failColour).not.toBe(offColour);

    await postStatus(rig.url, 'node', [
      { id: 7, available: 'ok', cmc_on_off: 'on', control_ping: 'on', control_ssh: 'on' },
    ]);
    await waitTileState(page, 'fit07', 'ssh');
    expect(await notReloaded(page)).toBe(true);
  });

  it('opens a detail panel with the inventory and live fields, updates it live, and Escape closes it', async () => {
    await postStatus(rig.url, 'node', [
      { id: 12, cmc_on_off: 'on', control_ssh: 'on', os_release: 'fedora-41' },
    ]);
    await waitTileState(page, 'fit12', 'ssh');
    await tile(page, 'fit12').focus();
    await page.keyboard.press('Enter');

    const dialog = page.getByRole('dialog', { name: 'fit12' });
    await dialog.waitFor();
    const inventory = dialog.getByRole('region', { name: 'Inventory' });
    const live = dialog.getByRole('region', { name: 'Live status' });
    const inventoryText = await inventory.textContent();
    for (const expected of ['icarus', 'usrp:b205', 'row:front', '192.168.3.12', '02:00:00:00:01:12', 'sim'])
      expect(inventoryText).toContain(expected);
    expect(await live.textContent()).toContain('fedora-41');

    await postStatus(rig.url, 'node', [{ id: 12, os_release: 'ubuntu-24.04', image_radical: 'u24-oai' }]);
    await until(
      () => live.textContent(),
      (text) => !!text?.includes('u24-oai'),
      'the panel to show the new image',
    );
    expect(await dialog.textContent()).toMatch(/Last change/);

    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    // Focus returns to the tile that opened the panel.
    expect(await focusedLabel(page)).toMatch(/^fit12:/);
  });

  it('shows a device created through the API, and drops it when deleted', async () => {
    const created = await api(rig.url, 'POST', '/api/v1/devices', {
      kind: 'node',
      id: 38,
      name: 'fit38',
      tags: ['r2lab', 'usrp:b210'],
    });
    expect(created.status).toBe(201);
    await until(
      () => nodeTiles(page).count(),
      (n) => n === 38,
      '38 node tiles',
    );
    expect(await tile(page, 'fit38').getAttribute('data-state')).toBe('unknown');

    const pdu = await api(rig.url, 'POST', '/api/v1/devices', {
      kind: 'pdu',
      id: 'pdu-rack2',
      model: 'eaton',
    });
    expect(pdu.status).toBe(201);
    await until(
      () => list('PDUs').count(),
      (n) => n === 5,
      '5 PDUs',
    );

    expect((await api(rig.url, 'DELETE', '/api/v1/devices/node/38')).status).toBe(204);
    await until(
      () => nodeTiles(page).count(),
      (n) => n === 37,
      'the deleted node to go',
    );
  });

  it('narrows every panel to the devices whose name or tags match the filter', async () => {
    const filter = page.getByRole('searchbox', { name: 'Filter devices' });
    await filter.fill('usrp:b210');
    await until(
      () => nodeTiles(page).count(),
      (n) => n === 5,
      'the five b210 nodes',
    );
    const names = await nodeTiles(page).evaluateAll((els) => els.map((el) => el.getAttribute('aria-label')));
    expect(names.map((name) => name?.split(':')[0])).toEqual(['fit02', 'fit06', 'fit11', 'fit19', 'fit23']);
    expect(await list('Phones').count()).toBe(0);

    await filter.press('Escape');
    await until(
      () => nodeTiles(page).count(),
      (n) => n === 37,
      'all nodes back',
    );
    expect(errors).toEqual([]);
  });
});
