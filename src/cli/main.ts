#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { packageVersion } from '../lib/package-info.ts';
import { DEFAULT_SERVER } from './context.ts';
import { registerDevices } from './devices.ts';
import { reportError } from './errors.ts';
import { EXIT_CONFIG } from './exit-codes.ts';
import { registerInventory } from './inventory.ts';
import { registerServe } from './serve.ts';
import { registerStatus } from './status-watch.ts';

/** Builds `rig` and its commands; settings made here are inherited by every subcommand. */
function buildProgram(): Command {
  const program = new Command('rig')
    .description('Rig: a control plane for shared hardware testbeds')
    .version(packageVersion())
    .option('-s, --server <url>', `Rig server to talk to (env RIG_URL, default ${DEFAULT_SERVER})`)
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
      '\nEnvironment: RIG_URL (server of the client commands); see `rig serve --help` for the server.' +
        '\nExit codes: 0 ok, 1 failure, 2 usage or configuration, 3 rejected by the server, 4 server unreachable.',
    );
  registerServe(program);
  registerDevices(program);
  registerStatus(program);
  registerInventory(program);
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
