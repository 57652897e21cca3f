import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, until } from '../helpers/browser.ts';
import { api } from '../helpers/http.ts';
import { startRig, type TestRig } from '../helpers/rig.ts';
import { bookAs, createUser, HOUR, localInput, openAs, slot, weekAhead } from './accounts.ts';
import { ensureDashboardBuilt } from './build.ts';
import { tile } from './page.ts';

/**
 * The leases calendar in real Chromium, two users side by side: ann (slice apollo) books
 * by mouse and by form, ben (slice borealis) sees her bookings appear live and is refused an
 * overlap; ann extends and cancels her own lease.
 */
describe('dashboard leases calendar', () => {
  let rig: TestRig;
  let browser: Browser;
  let ann: { context: BrowserContext; page: Page; errors: string[] };
  let ben: { context: BrowserContext; page: Page; errors: string[] };
  // The week after next: clear of the demo's own leases, which fill the coming days.
  const week = weekAhead(2);
  const weekParam = localInput(week.monday).slice(0, 10);
  const admin = () => ({ authorization: `Bearer ${rig.adminToken}` });
  const block = (page: Page, pattern: RegExp) => page.getByRole('button', { name: pattern });
  const leasesOfWeek = async () => {
    const query = `after=${week.monday.toISOString()}&before=${week.at(7, 0).toISOString()}`;
    return (await api(rig.url, 'GET', `/api/v1/leases?${query}`, undefined, admin())).body as Array<{
      id: number;
      slice: string;
      t_until: string;
    }>;
  };
  let mouseLease: number;
  let formLease: number;

  beforeAll(async () => {
    await ensureDashboardBuilt();
    rig = await startRig({ auth: true, config: { demo: { enabled: true, activity: false } } });
    await createUser(rig, 'ann', { slices: ['apollo'] });
    await createUser(rig, 'ben', { slices: ['borealis'] });
    browser = await launchChromium();
    ann = await openAs(browser, rig.url, 'ann', `#/leases?week=${weekParam}`);
    ben = await openAs(browser, rig.url, 'ben', `#/leases?week=${weekParam}`);
  });

  afterAll(async () => {
    await ann?.context.close();
    await ben?.context.close();
    await browser?.close();
    await rig?.destroy();
  });

  it('books a range selected with the mouse, snapped to the grain, and shows it live to another user', async () => {
    const { page } = ann;
    const wednesday = page.getByRole('group', { name: /^Wednesday/ });
    const box = await wednesday.boundingBox();
    if (!box) throw new Error('no Wednesday column');
    const yAt = (minutes: number) => box.y + (minutes / 1440) * box.height;
    const x = box.x + box.width / 2;
    // 10:03 to 11:54: the grain (10 min) turns it into 10:00–12:00.
    await page.mouse.move(x, yAt(10 * 60 + 3));
    await page.mouse.down();
    await page.mouse.move(x, yAt(11 * 60 + 54), { steps: 8 });
    await page.mouse.up();
    const form = page.getByRole('form', { name: 'Book a lease' });
    expect(await form.getByLabel('From').inputValue()).toBe(localInput(week.at(2, 10)));
    expect(await form.getByLabel('Until').inputValue()).toBe(localInput(week.at(2, 12)));
    await form.getByRole('button', { name: 'Book' }).click();

    const mine = block(page, /^Lease \d+ of apollo \(yours\), 10:00–12:00, whole testbed$/);
    await mine.waitFor();
    mouseLease = Number(await mine.getAttribute('data-lease-id'));
    const stored = (await leasesOfWeek()).find((l) => l.id === mouseLease);
    expect(stored).toMatchObject({ slice: 'apollo', whole: true, t_from: week.at(2, 10).toISOString() });
    // Ben's page, open all along, receives it from the events websocket.
    await block(ben.page, new RegExp(`^Lease ${mouseLease} of apollo, 10:00–12:00`)).waitFor();
  });

  it('books some nodes with the form, and shows it live to another user', async () => {
    const form = ann.page.getByRole('form', { name: 'Book a lease' });
    await form.getByLabel('Some nodes').check();
    await form.getByLabel('Node list').fill('3-4');
    expect(await form.getByText('2 nodes: 3-4').count()).toBe(1);
    await form.getByLabel('From').fill(localInput(week.at(3, 14)));
    await form.getByLabel('Until').fill(localInput(week.at(3, 15, 30)));
    await form.getByRole('button', { name: 'Book' }).click();

    const mine = block(ann.page, /^Lease \d+ of apollo \(yours\), 14:00–15:30, 2 nodes: 3-4$/);
    await mine.waitFor();
    formLease = Number(await mine.getAttribute('data-lease-id'));
    expect(formLease).not.toBe(mouseLease);
    await block(ben.page, new RegExp(`^Lease ${formLease} of apollo, 14:00–15:30, 2 nodes: 3-4$`)).waitFor();
    expect(await ann.page.getByRole('list', { name: 'My leases' }).getByRole('listitem').count()).toBe(2);
  });

  it('shows one node’s leases when filtered by node, and proposes that node for booking', async () => {
    const { page } = ben;
    const show = page.getByLabel('Show');
    const formBlock = () => block(page, new RegExp(`^Lease ${formLease} of`)).count();
    const wholeBlock = () => block(page, new RegExp(`^Lease ${mouseLease} of`)).count();
    await show.selectOption({ label: 'fit03' });
    await until(formBlock, (n) => n === 1, 'the lease of nodes 3-4 under fit03');
    expect(await wholeBlock()).toBe(1);
    await show.selectOption({ label: 'fit05' });
    await until(formBlock, (n) => n === 0, 'the lease of nodes 3-4 to leave fit05’s calendar');
    expect(await wholeBlock()).toBe(1);
    expect(new URL(page.url()).hash).toContain('node=5');
    const form = page.getByRole('form', { name: 'Book a lease' });
    expect(await form.getByLabel('Some nodes').isChecked()).toBe(true);
    expect(await form.getByLabel('Node list').inputValue()).toBe('5');
    await show.selectOption({ label: 'All nodes' });
    await until(formBlock, (n) => n === 1, 'every lease again');
  });

  it('refuses a booking over another slice’s lease with the 409 that names it, highlights it, and books nothing', async () => {
    const { page } = ben;
    const before = await leasesOfWeek();
    // A drag may start on another slice's lease (it holds other nodes, perhaps).
    const thursday = page.getByRole('group', { name: /^Thursday/ });
    const box = await thursday.boundingBox();
    if (!box) throw new Error('no Thursday column');
    const yAt = (minutes: number) => box.y + (minutes / 1440) * box.height;
    const x = box.x + box.width / 2;
    await page.mouse.move(x, yAt(14 * 60 + 35));
    await page.mouse.down();
    await page.mouse.move(x, yAt(15 * 60 + 55), { steps: 8 });
    await page.mouse.up();
    const form = page.getByRole('form', { name: 'Book a lease' });
    expect(await form.getByLabel('From').inputValue()).toBe(localInput(week.at(3, 14, 30)));
    expect(await form.getByLabel('Until').inputValue()).toBe(localInput(week.at(3, 16)));
    expect(await page.getByRole('region', { name: `Lease ${formLease}` }).count()).toBe(0);
    expect(await form.getByLabel('Slice').inputValue()).toBe('borealis');
    await form.getByLabel('Some nodes').check();
    await form.getByLabel('Node list').fill('4, 5');
    await form.getByRole('button', { name: 'Book' }).click();

    const alert = form.getByRole('alert');
    await expect.poll(() => alert.textContent()).toContain(`Overlaps lease ${formLease} of slice apollo`);
    // In the user's own time, and on the node the two have in common.
    expect(await alert.textContent()).toMatch(/14:00 → .*15:30\) on node 4\./);
    const conflicting = block(page, new RegExp(`^Lease ${formLease} of apollo, .*, in conflict$`));
    expect(await conflicting.count()).toBe(1);
    expect(await conflicting.getAttribute('class')).toContain('is-conflict');
    expect(await leasesOfWeek()).toEqual(before);

    // The refusal offers to open the lease it names.
    await alert.getByRole('button', { name: `Show lease ${formLease} in the calendar` }).click();
    const panel = page.getByRole('region', { name: `Lease ${formLease}` });
    await panel.waitFor();
    expect(await panel.textContent()).toContain('apollo');
    // Not ben's lease: nothing to change or cancel.
    expect(await panel.getByRole('button', { name: 'Cancel lease' }).count()).toBe(0);
  });

  it('extends its own lease, then cancels it, and the other user sees both live', async () => {
    const { page } = ann;
    await block(page, new RegExp(`^Lease ${mouseLease} of apollo`)).click();
    const panel = page.getByRole('region', { name: `Lease ${mouseLease}` });
    await panel.getByRole('button', { name: '+1 h' }).click();
    expect(await panel.getByLabel('Until').inputValue()).toBe(localInput(week.at(2, 13)));
    await panel.getByRole('button', { name: 'Save' }).click();
    await block(page, new RegExp(`^Lease ${mouseLease} of apollo \\(yours\\), 10:00–13:00`)).waitFor();
    const extended = (await leasesOfWeek()).find((l) => l.id === mouseLease);
    expect(extended?.t_until).toBe(week.at(2, 13).toISOString());
    await block(ben.page, new RegExp(`^Lease ${mouseLease} of apollo, 10:00–13:00`)).waitFor();

    await panel.getByRole('button', { name: 'Cancel lease' }).click();
    await panel.getByRole('button', { name: 'Yes, cancel lease' }).click();
    await until(
      () => block(page, new RegExp(`^Lease ${mouseLease} of`)).count(),
      (n) => n === 0,
      'the cancelled lease to leave ann’s calendar',
    );
    await until(
      () => block(ben.page, new RegExp(`^Lease ${mouseLease} of`)).count(),
      (n) => n === 0,
      'the cancelled lease to leave ben’s calendar',
    );
    expect((await api(rig.url, 'GET', `/api/v1/leases/${mouseLease}`, undefined, admin())).status).toBe(404);
    expect(ann.errors).toEqual([]);
    expect(ben.errors).toEqual([]);
  });

  it('shows on the live lab who holds each node now', async () => {
    const now = Date.now();
    await bookAs(rig.url, rig.adminToken, {
      slice: 'apollo',
      nodes: [9],
      t_from: slot(now, 0),
      t_until: slot(now, HOUR),
    });
    for (const [{ page }, label] of [
      [ann, 'leased by apollo (yours)'],
      [ben, 'leased by apollo'],
    ] as const) {
      await page.getByRole('link', { name: 'Live lab' }).click();
      await until(
        () => tile(page, 'fit09').getAttribute('aria-label'),
        (text) => text?.endsWith(label) === true,
        `fit09 to say ${label}`,
      );
      expect(await tile(page, 'fit10').getAttribute('aria-label')).not.toContain('leased');
    }
    await tile(ben.page, 'fit09').click();
    const lease = ben.page.getByRole('dialog', { name: 'fit09' }).getByRole('region', { name: 'Lease' });
    expect(await lease.textContent()).toMatch(/Held by slice apollo until \d\d:\d\d.*booked by root/);
  });
});
