import type { ConfigInput } from '../../src/config/schema.ts';
import { type ApiResponse, api } from '../helpers/http.ts';
import { type Dialect, startRig, type TestRig } from '../helpers/rig.ts';

/**
 * A Rig with authentication on, `nodes` sim nodes, users alice and bob (role user) and
 * oscar (operator), slices `alpha` (alice) and `beta` (bob), each with an API token.
 */
export interface LeaseLab {
  t: TestRig;
  grainMs: number;
  /** Calls the API as `who` (a user name, or `root` for the admin). */
  as(who: string, method: string, path: string, body?: unknown): Promise<ApiResponse>;
  /**
   * The aligned time `n` grains after the start of the grain the lab started in, ISO: fixed,
   * so a test compares the very times it sent (slot(0) is running, slot(2) and later are
   * at least a grain ahead).
   */
  slot(n: number): string;
  destroy(): Promise<void>;
}

export interface LabOptions {
  dialect?: Dialect;
  nodes?: number;
  leases?: ConfigInput['leases'];
  config?: ConfigInput;
  sidecar?: boolean;
}

export const users = { alice: 'user', bob: 'user', oscar: 'operator' } as const;

export async function leaseLab(options: LabOptions = {}): Promise<LeaseLab> {
  const t = await startRig({
    auth: true,
    ...(options.dialect ? { dialect: options.dialect } : {}),
    ...(options.sidecar ? { sidecar: true } : {}),
    config: { ...options.config, leases: { ...options.leases } },
  });
  const tokens = new Map<string, string>([['root', t.adminToken]]);
  const as = (who: string, method: string, path: string, body?: unknown) =>
    api(t.url, method, path, body, { authorization: `Bearer ${tokens.get(who) ?? 'rig_unknown'}` });
  const must = async (response: Promise<ApiResponse>, what: string) => {
    const res = await response;
    if (res.status >= 300) throw new Error(`${what}: ${res.status} ${res.text}`);
    return res;
  };
  const count = options.nodes ?? 10;
  const sim = { driver: 'sim', config: {} };
  const devices = Array.from({ length: count }, (_, i) => ({
    kind: 'node',
    id: i + 1,
    drivers: { power: sim, probe: sim },
  }));
  await must(as('root', 'POST', '/api/v1/inventory/import', { version: 1, devices }), 'nodes');
  for (const [name, role] of Object.entries(users)) {
    const password = `${name}-password-1`;
    await must(as('root', 'POST', '/api/v1/users', { name, role, password }), `user ${name}`);
    const login = await must(
      api(t.url, 'POST', '/api/v1/auth/token', { name, password, token: { name: 'test' } }),
      `token of ${name}`,
    );
    tokens.set(name, login.body.token);
  }
  await must(as('root', 'POST', '/api/v1/slices', { name: 'alpha', members: ['alice'] }), 'slice alpha');
  await must(as('root', 'POST', '/api/v1/slices', { name: 'beta', members: ['bob'] }), 'slice beta');
  const grainMs = t.rig.config.leases.grainSeconds * 1000;
  const base = Math.floor(Date.now() / grainMs) * grainMs;
  return {
    t,
    grainMs,
    as,
    slot: (n) => new Date(base + n * grainMs).toISOString(),
    destroy: () => t.destroy(),
  };
}

/** Polls `check` until it returns a value other than undefined, or fails after `ms`. */
export async function eventually<T>(
  check: () => Promise<T | undefined> | T | undefined,
  what: string,
  ms = 10_000,
) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
