import type { Clock } from '../lib/clock.ts';
import { RigError } from '../lib/errors.ts';

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
    for (const key of [`name:${name}`, `addr:${address}`]) {
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
    for (const key of [`name:${name}`, `addr:${address}`])
      this.failures.set(key, [...this.recent(key), this.clock.now()]);
  }

  succeeded(name: string): void {
    this.failures.delete(`name:${name}`);
  }

  private recent(key: string): number[] {
    const since = this.clock.now() - this.windowMs;
    const kept = (this.failures.get(key) ?? []).filter((t) => t > since);
    if (kept.length) this.failures.set(key, kept);
    else this.failures.delete(key);
    return kept;
  }
}
