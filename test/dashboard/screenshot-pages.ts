/**
 * Screenshots of every page of the dashboard with authentication on, over the demo lab
 * with users, slices and leases, to review their look:
 * `npx tsx test/dashboard/screenshot-pages.ts [out-dir]` (SCHEME=light for the light theme,
 * WIDTH=1024 for a narrower window). Not a test: it asserts nothing.
 */
import { launchChromium } from '../helpers/browser.ts';
import { startRig } from '../helpers/rig.ts';
import { bookAs, createUser, HOUR, logIn, slot, weekAhead } from './accounts.ts';
import { ensureDashboardBuilt } from './build.ts';
import { waitLive } from './page.ts';

const out = process.argv[2] ?? '/tmp';
const scheme = process.env.SCHEME === 'light' ? 'light' : 'dark';
const width = Number(process.env.WIDTH ?? 1440);

await ensureDashboardBuilt();
const rig = await startRig({ auth: true, config: { demo: { enabled: true, activity: false } } });
const browser = await launchChromium();
try {
  const admin = rig.adminToken;
  // ann also joins the demo's slice: its leases (booked by the demo) show as hers.
  await createUser(rig, 'ann', { slices: ['apollo', 'demo_alice'] });
  await createUser(rig, 'ben', { slices: ['borealis'] });
  const now = Date.now();
  const plan = [
    { slice: 'apollo', nodes: [9, 10, 11], t_from: slot(now, 0), t_until: slot(now, 2 * HOUR) },
    { slice: 'borealis', nodes: [17, 18, 19], t_from: slot(now, HOUR), t_until: slot(now, 5 * HOUR) },
    { slice: 'apollo', nodes: [18, 19], t_from: slot(now, 50 * HOUR), t_until: slot(now, 53 * HOUR) },
  ];
  for (const lease of plan) {
    // The demo's own leases may already hold some of these: the page shows what could be booked.
    await bookAs(rig.url, admin, lease).catch((error: unknown) => console.warn(String(error)));
  }

  const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme: scheme });
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error('page error:', error.message));
  await page.goto(rig.url);
  await page.getByLabel('Name').waitFor();
  await page.screenshot({ path: `${out}/login.png` });
  await page.getByLabel('Name').fill('ann');
  await page.getByLabel('Password').fill('wrong-password');
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('alert').waitFor();
  await page.screenshot({ path: `${out}/login-error.png` });
  await logIn(page, 'ann');
  await waitLive(page);
  await page.screenshot({ path: `${out}/live.png` });
  await page
    .getByRole('list', { name: 'Nodes' })
    .getByRole('button', { name: /^fit02:/ })
    .click();
  await page.getByRole('dialog').waitFor();
  await page.waitForTimeout(400); // the drawer's slide-in
  await page.screenshot({ path: `${out}/live-detail.png` });
  await page.keyboard.press('Escape');
  await page.getByRole('link', { name: 'Leases' }).click();
  await page
    .getByRole('button', { name: /^Lease \d+ of apollo/ })
    .first()
    .waitFor();
  await page.screenshot({ path: `${out}/leases.png` });
  await page
    .getByRole('button', { name: /^Lease \d+ of apollo/ })
    .first()
    .click();
  await page.screenshot({ path: `${out}/leases-open.png` });
  // Next week: a selection drawn with the mouse, then a refused booking over ben's lease.
  const next = weekAhead(1);
  await bookAs(rig.url, admin, {
    slice: 'borealis',
    nodes: [20, 21, 22],
    t_from: next.at(1, 10).toISOString(),
    t_until: next.at(1, 12).toISOString(),
  }).catch((error: unknown) => console.warn(String(error)));
  await page.getByRole('button', { name: 'Next week' }).click();
  const tuesday = page.getByRole('group', { name: /^Tuesday/ });
  await page.getByRole('button', { name: /^Lease \d+ of borealis/ }).waitFor();
  const box = await tuesday.boundingBox();
  if (box) {
    const y = (minutes: number) => box.y + (minutes / 1440) * box.height;
    await page.mouse.move(box.x + box.width / 2, y(11 * 60 + 5));
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2, y(13 * 60 + 25), { steps: 6 });
    await page.mouse.up();
  }
  await page.screenshot({ path: `${out}/leases-draft.png` });
  await page.getByRole('form', { name: 'Book a lease' }).getByRole('button', { name: 'Book' }).click();
  await page.getByRole('form', { name: 'Book a lease' }).getByRole('alert').waitFor();
  await page.waitForTimeout(300);
  await page.screenshot({ path: `${out}/leases-conflict.png` });

  await page.getByRole('link', { name: 'My account' }).click();
  await page.getByRole('button', { name: 'Create token' }).waitFor();
  await page.getByLabel('Name', { exact: true }).fill('laptop');
  await page.getByRole('button', { name: 'Create token' }).click();
  await page.locator('[data-secret]').waitFor();
  await page.screenshot({ path: `${out}/account.png`, fullPage: true });
  await context.close();

  const adminContext = await browser.newContext({ viewport: { width, height: 900 }, colorScheme: scheme });
  const adminPage = await adminContext.newPage();
  await adminPage.goto(`${rig.url}/#/admin`);
  await logIn(adminPage, 'root', 'root-password-1');
  await adminPage.getByRole('table', { name: 'Users' }).waitFor();
  await adminPage.screenshot({ path: `${out}/admin.png`, fullPage: true });
  await adminContext.close();
} finally {
  await browser.close();
  await rig.destroy();
}
console.log(
  `wrote ${out}/{login,login-error,live,live-detail,leases,leases-open,leases-draft,leases-conflict,account,admin}.png`,
);
