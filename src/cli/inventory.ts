import { readFile, writeFile } from 'node:fs/promises';
import { type Command, Option } from 'commander';
import { RigClientError } from '../client/index.ts';
import type { ImportMode } from '../inventory/index.ts';
import { asJson, CliError, contextOf } from './context.ts';
import { describeError } from './errors.ts';
import { EXIT_CONFIG, EXIT_FAILURE, EXIT_REJECTED } from './exit-codes.ts';

async function readInput(file: string): Promise<string> {
  if (file === '-') {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  }
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read ${file}: ${(error as Error).message}`, EXIT_CONFIG);
  }
}

export function registerInventory(program: Command): void {
  const inventory = program
    .command('inventory')
    .description('The inventory as a YAML file: import and export');

  inventory
    .command('import')
    .description('Import an inventory file (YAML or JSON); all or nothing')
    .argument('<file>', 'the file, or - for standard input')
    .addOption(
      new Option(
        '-m, --mode <mode>',
        'merge: create or update; create: fail on an existing device; replace: also delete devices not in the file',
      )
        .choices(['merge', 'create', 'replace'])
        .default('merge'),
    )
    .action(async (file: string, flags: { mode: ImportMode }, command: Command) => {
      const { client, json, out } = contextOf(command);
      const text = await readInput(file);
      const name = file === '-' ? 'standard input' : file;
      let result: Awaited<ReturnType<typeof client.importInventory>>;
      try {
        result = await client.importInventory(text, flags.mode);
      } catch (error) {
        // Name the file in front of the server's message (which names the path and line).
        if (error instanceof RigClientError && error.kind === 'rejected') {
          throw new CliError(`${name}: ${describeError(error)}`, EXIT_REJECTED);
        }
        throw error;
      }
      const { created, updated, unchanged, deleted } = result;
      out(
        json
          ? asJson(result)
          : `imported ${name}: ${created} created, ${updated} updated, ${unchanged} unchanged, ${deleted} deleted`,
      );
    });

  inventory
    .command('export')
    .description('Export the inventory as a file that `rig inventory import` takes back')
    .option('-o, --output <file>', 'write to this file instead of standard output')
    .addOption(
      new Option('-f, --format <format>', 'yaml (default), or json (default with --json)').choices([
        'yaml',
        'json',
      ]),
    )
    .action(async (flags: { output?: string; format?: 'yaml' | 'json' }, command: Command) => {
      const { client, json, out } = contextOf(command);
      const format = flags.format ?? (json ? 'json' : 'yaml');
      const text =
        format === 'json'
          ? `${asJson(await client.exportInventory('json'))}\n`
          : await client.exportInventory('yaml');
      if (!flags.output) {
        process.stdout.write(text);
        return;
      }
      try {
        await writeFile(flags.output, text);
      } catch (error) {
        throw new CliError(`cannot write ${flags.output}: ${(error as Error).message}`, EXIT_FAILURE);
      }
      if (!json) out(`exported the inventory to ${flags.output}`);
    });
}
