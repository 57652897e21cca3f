import { isIPv6 } from 'node:net';
import type { Clock } from '../lib/clock.ts';
import { RigError } from '../lib/errors.ts';

/** Above this many names and addresses tracked, those whose failures are all old are dropped. */
const SWEEP_ABOVE = 10_000;

/**
 * The address a failure counts against. An IPv6 client commonly holds a whole /64 and could
 * take a new address for every guess: its /64 counts as one address. An IPv4 client of a
 * dual-stack socket (`::ffff:a.b.c.d`) is its IPv4 address.
 */
export function throttledAddress(address: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  if (mapped?.[1]) return mapped[1];
  const bare = address.split('%')[0] ?? '';
  if (!isIPv6(bare)) return address;
  const [head = '', tail] = bare.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const zeros =
    tail === undefined ? [] : Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0');
  const prefix = [...left, ...zeros, ...right]
    .slice(0, 4)
    .map((group) => Number.parseInt(group, 16).toString(16));
  return `${prefix.join(':')}::/64`;
}

/**
 * Limits failed logins per user name and per address, within a sliding window: guessing
 * passwords gets 429 long before it gets anywhere. Successes do not count; a success
 * clears the name's failures. In memory: a restart forgives, which is acceptable.
 */
export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly attempts: number,
    private readonly windowMs: number,
    private readonly clock: Clock,
  ) {}

  /** Throws RIG_ERR_RATE_LIMITED while the name or the address is over the limit. */
  check(name: string, address: string): void {
    for (const key of [`name:${name}`, `addr:${throttledAddress(address)}`]) {
      const recent = this.recent(key);
      if (recent.length >= this.attempts) {
        const retry = Math.ceil(((recent[0] as number) + this.windowMs - this.clock.now()) / 1000);
        throw new RigError('RIG_ERR_RATE_LIMITED', `too many failed logins; retry in ${retry} s`, {
          retry_after_seconds: retry,
        });
      }
    }
  }

  failed(name: string, address: string): void {
    for (const key of [`name:${name}`, `addr:${throttledAddress(address)}`])
      this.failures.set(key, [...this.recent(key), this.clock.now()]);
    // Guesses of ever new names never come back to prune their own entries.
    if (this.failures.size > SWEEP_ABOVE) this.sweep();
  }

  /** Names and addresses with failures in the window (their number is bounded). */
  get tracked(): number {
    return this.failures.size;
  }

  succeeded(name: string): void {
    this.failures.delete(`name:${name}`);
  }

  private sweep(): void {
    const since = this.clock.now() - this.windowMs;
    for (const [key, times] of this.failures) if ((times.at(-1) ?? 0) <= since) this.failures.delete(key);
  }

  private recent(key: string): number[] {
    const since = this.clock.now() - this.windowMs;
    const kept = (this.failures.get(key) ?? []).filter((t) => t > since);
    if (kept.length) this.failures.set(key, kept);
    else this.failures.delete(key);
    return kept;
  }
}
