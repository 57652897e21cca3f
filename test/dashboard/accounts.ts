import type { Browser, BrowserContext, Page } from 'playwright-core';
import { api } from '../helpers/http.ts';
import type { TestRig } from '../helpers/rig.ts';

export const HOUR = 3_600_000;
const GRAIN = 600_000;

/** An ISO time on the lease grain, `offset` after the grain slot holding `now`. */
export const slot = (now: number, offset: number): string =>
  new Date(Math.floor(now / GRAIN) * GRAIN + offset).toISOString();

/** The password tests give every user. */
export const passwordOf = (name: string) => `${name}-password-1`;

/** A user (role user unless told), member of the given slices, created if missing. */
export async function createUser(
  rig: TestRig,
  name: string,
  options: { role?: string; slices?: string[] } = {},
): Promise<void> {
  const admin = { authorization: `Bearer ${rig.adminToken}` };
  const user = await api(
    rig.url,
    'POST',
    '/api/v1/users',
    { name, password: passwordOf(name), role: options.role ?? 'user' },
    admin,
  );
  if (user.status !== 201) throw new Error(`creating ${name}: ${user.status} ${user.text}`);
  for (const slice of options.slices ?? []) {
    const exists = await api(rig.url, 'GET', `/api/v1/slices/${slice}`, undefined, admin);
    if (exists.status === 404) await api(rig.url, 'POST', '/api/v1/slices', { name: slice }, admin);
    const member = await api(rig.url, 'PUT', `/api/v1/slices/${slice}/members/${name}`, undefined, admin);
    if (member.status !== 200) throw new Error(`adding ${name} to ${slice}: ${member.status} ${member.text}`);
  }
}

/** Books a lease with a token; throws unless it is created. */
export async function bookAs(
  url: string,
  token: string,
  lease: { slice: string; nodes: number[] | 'all'; t_from: string; t_until: string },
): Promise<{ id: number }> {
  const answer = await api(url, 'POST', '/api/v1/leases', lease, { authorization: `Bearer ${token}` });
  if (answer.status !== 201)
    throw new Error(`booking ${JSON.stringify(lease)}: ${answer.status} ${answer.text}`);
  return answer.body;
}

/** Logs in on the login page (already shown). */
export async function logIn(page: Page, name: string, password = passwordOf(name)): Promise<void> {
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('navigation', { name: 'Pages' }).waitFor();
}

/** A fresh browser context logged in as `name`, on the page of `hash` (e.g. `#/leases`). */
export async function openAs(
  browser: Browser,
  url: string,
  name: string,
  hash = '',
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  // Fail with the awaited element named, well before the test's own timeout.
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${url}/${hash}`);
  await logIn(page, name);
  return { context, page, errors };
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * Local midnight of the Monday `weeks` weeks after this week's, and a local time of a day of
 * that week (`at(2, 10)`: Wednesday 10:00).
 */
export function weekAhead(
  weeks: number,
  now = new Date(),
): { monday: Date; at(day: number, hour: number, minute?: number): Date } {
  const sinceMonday = (now.getDay() + 6) % 7;
  const monday = new Date(now.getFullYear(), now.getMonth(), now.getDate() - sinceMonday + 7 * weeks);
  return {
    monday,
    at: (day, hour, minute = 0) =>
      new Date(monday.getFullYear(), monday.getMonth(), monday.getDate() + day, hour, minute),
  };
}

/** `2026-11-25T10:00`: a datetime-local value. */
export const localInput = (d: Date) =>
  `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
