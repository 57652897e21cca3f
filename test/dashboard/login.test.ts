import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, until } from '../helpers/browser.ts';
import { api } from '../helpers/http.ts';
import { startRig, type TestRig } from '../helpers/rig.ts';
import { createUser, logIn } from './accounts.ts';
import { ensureDashboardBuilt } from './build.ts';
import { connectionBadge, waitLive } from './page.ts';

interface PageGlobals {
  document: { cookie: string };
  fetch(url: string): Promise<{ status: number }>;
}

/** Logging in and out of the dashboard of a Rig with authentication on, in real Chromium. */
describe('dashboard login', () => {
  let rig: TestRig;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const admin = () => ({ authorization: `Bearer ${rig.adminToken}` });
  const loginHeading = () => page.getByRole('heading', { name: 'Log in to the testbed' });

  beforeAll(async () => {
    await ensureDashboardBuilt();
    rig = await startRig({ auth: true, config: { demo: { enabled: true, activity: false } } });
    await createUser(rig, 'ann', { slices: ['apollo'] });
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    // Fail with the awaited element named, well before the test's own timeout.
    context.setDefaultTimeout(10_000);
    page = await context.newPage();
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await rig?.destroy();
  });

  it('refuses a wrong password with a clear error, and opens the live lab with the right one', async () => {
    await page.goto(rig.url);
    await loginHeading().waitFor();
    await page.getByLabel('Name').fill('ann');
    await page.getByLabel('Password').fill('not-her-password');
    await page.getByRole('button', { name: 'Log in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Wrong name or password');
    expect(await page.getByRole('navigation', { name: 'Pages' }).count()).toBe(0);

    await logIn(page, 'ann');
    await waitLive(page);
    const nodes = page.getByRole('list', { name: 'Nodes' }).getByRole('button');
    await until(
      () => nodes.count(),
      (n) => n === 37,
      'the 37 nodes of the demo lab',
    );
    expect(await page.locator('.user-menu').textContent()).toMatch(/ann\s*user/);
    expect(await page.getByRole('link', { name: 'Live lab' }).getAttribute('aria-current')).toBe('page');
    // A user has no admin page.
    expect(await page.getByRole('link', { name: 'Admin' }).count()).toBe(0);
  });

  it('keeps the session cookie out of reach of page scripts (HttpOnly)', async () => {
    const cookies = await context.cookies();
    const session = cookies.find((c) => c.name === 'rig_session');
    expect(session?.httpOnly).toBe(true);
    expect(session?.sameSite).toBe('Lax');
    const seenByScript = await page.evaluate(() => (globalThis as unknown as PageGlobals).document.cookie);
    expect(seenByScript).toContain('rig_csrf=');
    expect(seenByScript).not.toContain('rig_session');
    expect(seenByScript).not.toContain(session?.value);
  });

  it('returns to the login page when the session ends, and back to the same page after logging in', async () => {
    await page.getByRole('link', { name: 'Leases' }).click();
    await page.getByRole('heading', { name: /–/ }).waitFor();
    // An admin resets ann's password: every session of hers ends, and Rig closes the
    // page's live link at once (4401), so the page shows the login without a click.
    const reset = await api(rig.url, 'PATCH', '/api/v1/users/ann', { password: 'ann-new-password' }, admin());
    expect(reset.status).toBe(200);
    await loginHeading().waitFor();
    expect(await page.getByRole('status').first().textContent()).toContain('session has ended');
    expect(new URL(page.url()).hash).toBe('#/leases');

    await logIn(page, 'ann', 'ann-new-password');
    await page.getByRole('heading', { name: /–/ }).waitFor();
    expect(new URL(page.url()).hash).toBe('#/leases');
  });

  it('logs out: back to the login page, and the old session no longer opens the API', async () => {
    await page.getByRole('button', { name: 'Log out' }).click();
    await loginHeading().waitFor();
    expect(await page.getByRole('status').first().textContent()).toContain('logged out');
    const status = await page.evaluate(
      async () => (await (globalThis as unknown as PageGlobals).fetch('/api/v1/auth/me')).status,
    );
    expect(status).toBe(401);
    expect((await context.cookies()).some((c) => c.name === 'rig_session')).toBe(false);
    // The page itself stays reachable, and opens on the login page again.
    await page.reload();
    await loginHeading().waitFor();
    expect(await connectionBadge(page).count()).toBe(0);
  });

  it('says how long to wait once too many logins failed (429), and does not let the user retry before', async () => {
    const alert = page.getByRole('alert');
    // Failures count per name and per address; the first test's failure counts too.
    const limited = async () =>
      (await alert.count()) > 0 && /Too many/.test((await alert.textContent()) ?? '');
    for (let i = 0; i < 6 && !(await limited()); i++) {
      await page.getByLabel('Name').fill('ann');
      await page.getByLabel('Password').fill(`wrong-${i}`);
      await page.getByRole('button', { name: 'Log in' }).click();
      await expect.poll(() => alert.textContent()).toMatch(/Wrong name or password|Too many/);
    }
    expect(await alert.textContent()).toMatch(/^Too many failed logins\. Try again in \d+ s\.$/);
    expect(await page.getByRole('button', { name: 'Log in' }).isDisabled()).toBe(true);
  });
});
