#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { packageVersion } from '../lib/package-info.ts';
import { EXIT_CONFIG } from './exit-codes.ts';
import { registerServe } from './serve.ts';

const program = new Command('rig')
  .description('Rig: a control plane for shared hardware testbeds')
  .version(packageVersion())
  .showHelpAfterError()
  .exitOverride();

registerServe(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode === 0 ? 0 : EXIT_CONFIG;
  } else {
    process.stderr.write(`rig: ${(error as Error).message}\n`);
    process.exitCode = 1;
  }
}
