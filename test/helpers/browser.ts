import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

/** Debian's Chromium (scripts/ensure-deps.sh --test installs it); override with RIG_CHROMIUM. */
export const CHROMIUM_PATH = process.env.RIG_CHROMIUM ?? '/usr/bin/chromium';

/** Flags for a quiet, offline, headless Chromium that runs as root in a container. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A real headless Chromium; each test file should make a fresh context from it. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM_PATH}. Install Debian's package ` +
        '(`sudo apt-get install -y chromium`, or run `bash scripts/ensure-deps.sh --test`), ' +
        'or point RIG_CHROMIUM at a Chromium binary. Never `playwright install`: the machine is offline.',
    );
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/**
 * Polls `read` until `accept` holds, and returns the last value; on timeout the error names
 * what was awaited and what was last seen.
 */
export async function until<T>(
  read: () => Promise<T>,
  accept: (value: T) => boolean,
  what: string,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  let lastError: unknown;
  for (;;) {
    try {
      last = await read();
      if (accept(last)) return last;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const seen = lastError && last === undefined ? `error: ${String(lastError)}` : JSON.stringify(last);
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last seen: ${seen})`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
