import { mkdir } from 'node:fs/promises';
import type { Logger } from 'pino';
import type { AccountsService, User } from '../accounts/index.ts';
import type { Feature } from '../app/feature.ts';
import type { Principal, Role } from '../http/access.ts';
import type { LeaseService } from '../leases/index.ts';
import type { Clock } from '../lib/clock.ts';
import { RigError } from '../lib/errors.ts';
import { bookDemoLeases } from './leases.ts';
import { type Logins, loginsFile, newDemoPassword, readLogins, writeLogins } from './logins.ts';

/** The demo's people: two staff, three experimenters in two slices. */
export const demoUsers: ReadonlyArray<{ name: string; role: Role }> = [
  { name: 'admin', role: 'admin' },
  { name: 'operator', role: 'operator' },
  { name: 'alice', role: 'user' },
  { name: 'bob', role: 'user' },
  { name: 'carol', role: 'user' },
];
export const demoSlices = [
  { name: 'demo_alice', members: ['alice', 'bob'], description: "Alice and Bob's experiments" },
  { name: 'demo_carol', members: ['carol'], description: "Carol's experiments" },
];
/** The name of the demo's admin token; each start revokes the previous one. */
const TOKEN_NAME = 'demo';

export interface DemoAccountsDependencies {
  accounts: AccountsService;
  leases: LeaseService;
  clock: Clock;
  dataDir: string;
  grainSeconds: number;
  /** The operator's console (never the log file): the logins and the token go there. */
  console: (line: string) => void;
  logger: Logger;
}

/**
 * Demo users, slices and leases. Users and slices are made before the accounts feature
 * starts (so no bootstrap token is offered for an admin the demo is about to create); the
 * leases and the printed logins come once the demo lab's nodes exist (`finish`).
 */
export class DemoAccounts implements Feature {
  readonly name = 'demo-accounts';
  private logins: Logins = {};

  constructor(private readonly deps: DemoAccountsDependencies) {}

  async start(): Promise<void> {
    const { accounts, dataDir } = this.deps;
    await mkdir(dataDir, { recursive: true });
    const file = loginsFile(dataDir);
    const stored = await readLogins(file);
    const logins: Logins = {};
    for (const { name, role } of demoUsers) {
      const existing = await this.find(name);
      const password = stored[name] ?? newDemoPassword();
      if (!existing) await accounts.users.create({ name, role, password, display_name: capitalised(name) });
      // A user without a kept password (the file was lost) gets a new one, so the login printed works.
      else if (stored[name] === undefined) await accounts.users.update(name, { password });
      logins[name] = password;
    }
    await writeLogins(file, logins);
    this.logins = logins;
    for (const slice of demoSlices) {
      try {
        await accounts.slices.create(slice);
      } catch (error) {
        if (!(error instanceof RigError && error.code === 'RIG_ERR_DUPLICATE')) throw error;
      }
    }
    this.deps.logger.info({ users: demoUsers.map((u) => u.name), file }, 'demo accounts ready');
  }

  /** Books the demo's leases (once) and prints the logins and a fresh admin API token. */
  async finish(): Promise<void> {
    const principals = new Map<string, Principal>();
    for (const { name } of demoUsers) {
      const user = await this.deps.accounts.users.get(name);
      principals.set(name, principalOf(user));
    }
    await bookDemoLeases(this.deps.leases, principals, this.deps);
    await this.announce();
  }

  private async announce(): Promise<void> {
    const { credentials, users } = this.deps.accounts;
    const admin = await users.get('admin');
    for (const token of await credentials.listTokens(admin.id)) {
      if (token.name === TOKEN_NAME && token.revoked_at === null)
        await credentials.revokeToken(admin.id, token.id);
    }
    const { token } = await credentials.createToken(admin, {
      name: TOKEN_NAME,
      scopes: ['read', 'write', 'admin'],
    });
    const sliceOf = (name: string) => demoSlices.find((s) => s.members.includes(name))?.name;
    const lines = demoUsers.map(({ name, role }) => {
      const slice = sliceOf(name);
      return `  ${name.padEnd(9)} ${(this.logins[name] ?? '?').padEnd(18)} ${role}${slice ? `, slice ${slice}` : ''}`;
    });
    this.deps.console(
      [
        `Demo logins (kept in ${loginsFile(this.deps.dataDir)}):`,
        ...lines,
        'Admin API token for scripts (a new one at each start; the previous one is revoked):',
        `RIG_TOKEN=${token}`,
      ].join('\n'),
    );
  }

  private async find(name: string): Promise<User | undefined> {
    try {
      return await this.deps.accounts.users.get(name);
    } catch (error) {
      if (error instanceof RigError && error.code === 'RIG_ERR_NOT_FOUND') return undefined;
      throw error;
    }
  }
}

const capitalised = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);

/** The demo books as its users do, with their rights and limits. */
const principalOf = (user: User): Principal => ({
  userId: user.id,
  name: user.name,
  role: user.role,
  via: 'token',
  scopes: ['read', 'write'],
});
