import type { Command } from 'commander';
import type { AdminFlags } from './admin-run.ts';

export function registerAdmin(program: Command): void {
  const admin = program
    .command('admin')
    .description('Administration directly on the store, without a running server');
  admin
    .command('create')
    .description('Create an admin in the store of `rig serve` (first start; a lost admin password)')
    .argument('<name>', 'login: lowercase letters, digits, . _ -')
    .option('--password-stdin', 'read the password from standard input (default: generate one, printed once)')
    .option('-e, --email <address>', 'e-mail address')
    .option('-d, --data <dir>', 'data directory (env RIG_DATA, default ./rig-data)')
    .option('--db <url>', 'sqlite:PATH or postgres://… (env RIG_DB, default sqlite:<data>/rig.db)')
    .option('-c, --config <file>', 'configuration file (rig.yaml; env RIG_CONFIG)')
    .action(async (name: string, flags: AdminFlags) => {
      // Loaded on use, like `rig serve`: the client commands do not pay for the store.
      const { createAdmin } = await import('./admin-run.ts');
      process.exitCode = await createAdmin(name, flags);
    });
}
