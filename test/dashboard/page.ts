import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { until } from '../helpers/browser.ts';
import { api } from '../helpers/http.ts';

/** The few browser globals the tests touch (the test program has no DOM library). */
interface PageGlobals {
  rigTestMark?: number;
  getComputedStyle(element: unknown): { getPropertyValue(property: string): string };
  document: { activeElement: { getAttribute(name: string): string | null } | null };
}
/** A fresh browser context with the dashboard open and live. */
export async function openDashboard(
  browser: Browser,
  url: string,
): Promise<{ context: BrowserContext; page: Page; errors: string[]; requests: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  context.on('request', (request) => requests.push(request.url()));
  await page.goto(url);
  await waitLive(page);
  // A mark that a reload would wipe: proves later changes arrive without one.
  await page.evaluate(() => {
    (globalThis as unknown as PageGlobals).rigTestMark = 1;
  });
  return { context, page, errors, requests };
}

export const connectionBadge = (page: Page) => page.getByRole('status', { name: 'Connection' });

export async function waitLive(page: Page, timeoutMs = 15_000): Promise<void> {
  await until(
    () => connectionBadge(page).textContent(),
    (text) => text === 'Live',
    'the page to be live',
    timeoutMs,
  );
}

export async function notReloaded(page: Page): Promise<boolean> {
  return page.evaluate(() => (globalThis as unknown as PageGlobals).rigTestMark === 1);
}

export const nodeTiles = (page: Page) => page.getByRole('list', { name: 'Nodes' }).getByRole('button');

/** The tile of a node, by its name (its accessible name starts with it). */
export const tile = (page: Page, name: string) =>
  page.getByRole('list', { name: 'Nodes' }).getByRole('button', { name: new RegExp(`^${name}:`) });

export async function waitTileState(page: Page, name: string, state: string): Promise<void> {
  await until(
    () => tile(page, name).getAttribute('data-state'),
    (value) => value === state,
    `${name} to show ${state}`,
  );
}

export async function postStatus(url: string, kind: string, records: unknown[]): Promise<void> {
  const response = await api(url, 'POST', '/api/v1/status', { kind, records });
  if (response.status !== 200)
    throw new Error(`POST /api/v1/status answered ${response.status}: ${response.text}`);
}

/** A computed style property of an element, e.g. `background-color`. */
export function computedStyle(locator: Locator, property: string): Promise<string> {
  return locator.evaluate(
    (element, name) =>
      (globalThis as unknown as PageGlobals).getComputedStyle(element).getPropertyValue(name),
    property,
  );
}

/** The accessible label of the focused element. */
export function focusedLabel(page: Page): Promise<string | null | undefined> {
  return page.evaluate(() =>
    (globalThis as unknown as PageGlobals).document.activeElement?.getAttribute('aria-label'),
  );
}
