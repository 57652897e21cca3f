import pino from 'pino';
import { AccountsFeature } from '../accounts/index.ts';
import { UserCreate } from '../accounts/schema.ts';
import { EventBus } from '../bus/bus.ts';
import type { RigEvents } from '../bus/events.ts';
import { ConfigError, loadConfig } from '../config/load.ts';
import type { RigConfig } from '../config/schema.ts';
import { systemClock } from '../lib/clock.ts';
import { coerceError, RigError } from '../lib/errors.ts';
import { migrateToLatest, openStore, type Store } from '../store/database.ts';
import { EXIT_CONFIG, EXIT_FAILURE, EXIT_OK, EXIT_REJECTED } from './exit-codes.ts';
import { passwordFromStdin } from './prompt.ts';
import { passwordNotice } from './users.ts';

export interface AdminFlags {
  passwordStdin?: boolean;
  email?: string;
  data?: string;
  db?: string;
  config?: string;
}

const fail = (message: string, code: number) => {
  process.stderr.write(`rig: ${message}\n`);
  return code;
};

/**
 * Creates an admin straight in the store that `rig serve` uses (same config file,
 * environment and flags), with the accounts service itself: no server needs to run.
 */
export async function createAdmin(name: string, flags: AdminFlags): Promise<number> {
  let config: RigConfig;
  try {
    config = await loadConfig({
      file: flags.config ?? process.env.RIG_CONFIG,
      env: process.env,
      overrides: { data: flags.data, db: flags.db },
    });
  } catch (error) {
    if (error instanceof ConfigError) return fail(error.message, EXIT_CONFIG);
    throw error;
  }
  const password = flags.passwordStdin ? await passwordFromStdin() : undefined;
  const input = UserCreate.safeParse({ name, role: 'admin', email: flags.email, password });
  if (!input.success) {
    const issue = input.error.issues[0];
    return fail(`${issue?.path.join('.') || 'input'}: ${issue?.message ?? 'invalid'}`, EXIT_CONFIG);
  }
  let store: Store;
  try {
    store = openStore(config.db);
  } catch (error) {
    return fail(coerceError(error).message, EXIT_CONFIG);
  }
  try {
    await migrateToLatest(store);
    // The accounts feature as the server builds it, minus the server: only its services are used.
    const bus = new EventBus<RigEvents>(() => {});
    const accounts = new AccountsFeature(
      store.db,
      bus,
      { ...config.auth, secureCookies: false, announceBootstrap: () => {} },
      systemClock,
      pino({ level: 'silent' }),
    );
    const created = await accounts.service.users.create(input.data);
    process.stdout.write(`created admin ${created.user.name} in ${store.displayUrl}\n`);
    if (created.password) process.stdout.write(`${passwordNotice(created.user.name, created.password)}\n`);
    return EXIT_OK;
  } catch (error) {
    const err = coerceError(error);
    if (err instanceof RigError && err.code === 'RIG_ERR_DUPLICATE') {
      return fail(`user ${name} already exists in ${store.displayUrl}`, EXIT_REJECTED);
    }
    return fail(err.message, EXIT_FAILURE);
  } finally {
    await store.close();
  }
}
