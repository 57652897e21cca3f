/**
 * Screenshots of the dashboard over a lively demo lab (monitors and simulated experimenters
 * on), to review its look: `npx tsx test/dashboard/screenshot.ts [out.png] [seconds]`.
 * Not a test: it asserts nothing. Writes out.png and out-detail.png (a node's panel open).
 */
import { launchChromium } from '../helpers/browser.ts';
import { startRig } from '../helpers/rig.ts';
import { ensureDashboardBuilt } from './build.ts';
import { openDashboard, postStatus, tile } from './page.ts';

const out = process.argv[2] ?? '/tmp/rig-dashboard.png';
const seconds = Number(process.argv[3] ?? 8);
// SCHEME=light for the light theme, WIDTH=390 for a phone-sized window.
const scheme = process.env.SCHEME === 'light' ? 'light' : 'dark';

await ensureDashboardBuilt();
const rig = await startRig({
  config: { demo: { enabled: true, activity: true, speed: 4 }, monitor: { enabled: true } },
});
const browser = await launchChromium();
try {
  const { context, page } = await openDashboard(browser, rig.url);
  await page.emulateMedia({ colorScheme: scheme });
  if (process.env.WIDTH) await page.setViewportSize({ width: Number(process.env.WIDTH), height: 900 });
  await postStatus(rig.url, 'node', [{ id: 30, cmc_on_off: 'fail' }]);
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  await page.screenshot({ path: out, fullPage: true });
  await tile(page, 'fit09').click();
  await page.getByRole('dialog').waitFor();
  await page.screenshot({ path: out.replace(/\.png$/, '-detail.png'), fullPage: true });
  await context.close();
} finally {
  await browser.close();
  await rig.destroy();
}
console.log(`wrote ${out}`);
