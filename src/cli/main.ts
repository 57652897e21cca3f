#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { packageVersion } from '../lib/package-info.ts';
import { registerAdmin } from './admin.ts';
import { registerAudit } from './audit.ts';
import { DEFAULT_SERVER } from './context.ts';
import { registerDevices } from './devices.ts';
import { reportError } from './errors.ts';
import { EXIT_CONFIG } from './exit-codes.ts';
import { registerInventory } from './inventory.ts';
import { registerKeys } from './keys.ts';
import { registerLeases } from './leases.ts';
import { registerLogin } from './login.ts';
import { registerServe } from './serve.ts';
import { registerSlices } from './slices.ts';
import { registerStatus } from './status-watch.ts';
import { registerTokens } from './tokens.ts';
import { registerUsers } from './users.ts';

/** Builds `rig` and its commands; settings made here are inherited by every subcommand. */
function buildProgram(): Command {
  const program = new Command('rig')
    .description('Rig: a control plane for shared hardware testbeds')
    .version(packageVersion())
    .option('-s, --server <url>', `Rig server to talk to (env RIG_URL, default ${DEFAULT_SERVER})`)
    .option('--token <token>', 'API token (env RIG_TOKEN; default: the one rig login saved for the server)')
    .option('--json', 'machine-readable JSON output')
    .configureHelp({ showGlobalOptions: true })
    .configureOutput({
      // Usage errors read like every other error: `rig: <message>`.
      outputError: (text, write) => write(`rig: ${text.replace(/^error: /, '')}`),
    })
    .showHelpAfterError('(add --help for usage)')
    .exitOverride()
    .addHelpText(
      'after',
      '\nEnvironment: RIG_URL (server of the client commands), RIG_TOKEN (API token); see `rig serve --help` for the server.' +
        '\nCredentials: rig login saves a token per server in $XDG_CONFIG_HOME/rig/credentials.json (~/.config/rig/…).' +
        '\nExit codes: 0 ok, 1 failure, 2 usage or configuration, 3 rejected by the server, 4 server unreachable.',
    );
  registerServe(program);
  registerDevices(program);
  registerStatus(program);
  registerInventory(program);
  registerLogin(program);
  registerLeases(program);
  registerKeys(program);
  registerTokens(program);
  registerUsers(program);
  registerSlices(program);
  registerAdmin(program);
  registerAudit(program);
  return program;
}

// A reader that goes away (`rig devices | head`) ends the output, not in a crash.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

try {
  await buildProgram().parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode === 0 ? 0 : EXIT_CONFIG;
  } else {
    process.exitCode = reportError(error);
  }
}
