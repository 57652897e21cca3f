import type { Command } from 'commander';
import { asJson, contextOf } from './context.ts';
import { formatTable } from './table.ts';

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function registerSlices(program: Command): void {
  const slice = program
    .command('slice')
    .description('Slices: projects whose members share leases (operators, admins)');

  slice
    .command('list')
    .description('List slices and their members')
    .action(async (_flags: unknown, command: Command) => {
      const { client, json, out } = contextOf(command);
      const slices = await client.accounts.listSlices();
      if (json) out(asJson(slices));
      else if (!slices.length) out('no slices');
      else
        out(
          formatTable(
            ['NAME', 'MEMBERS', 'DESCRIPTION'],
            slices.map((s) => [s.name, s.members.join(',') || '-', s.description || '-']),
          ),
        );
    });

  slice
    .command('create')
    .description('Create a slice')
    .argument('<name>', 'lowercase letters, digits, . _ -, 2 to 63 characters')
    .option('-d, --description <text>', 'what the slice is for')
    .option('-m, --member <user>', 'a member, repeatable', collect)
    .action(async (name: string, flags: { description?: string; member?: string[] }, command: Command) => {
      const { client, json, out } = contextOf(command);
      const created = await client.accounts.createSlice({
        name,
        ...(flags.description === undefined ? {} : { description: flags.description }),
        ...(flags.member ? { members: flags.member } : {}),
      });
      const members = created.members.length ? ` with ${created.members.join(', ')}` : '';
      out(json ? asJson(created) : `created slice ${created.name}${members}`);
    });

  slice
    .command('rm')
    .description('Delete a slice that holds no lease')
    .argument('<name>', 'the slice')
    .action(async (name: string, _flags: unknown, command: Command) => {
      const { client, json, out } = contextOf(command);
      await client.accounts.deleteSlice(name);
      out(json ? asJson({ deleted: name }) : `deleted slice ${name}`);
    });

  slice
    .command('add-member')
    .description('Add a user to a slice')
    .argument('<name>', 'the slice')
    .argument('<user>', 'the user')
    .action(async (name: string, user: string, _flags: unknown, command: Command) => {
      const { client, json, out } = contextOf(command);
      const updated = await client.accounts.addMember(name, user);
      out(json ? asJson(updated) : `${user} is a member of ${name} (members: ${updated.members.join(', ')})`);
    });

  slice
    .command('rm-member')
    .description('Remove a user from a slice')
    .argument('<name>', 'the slice')
    .argument('<user>', 'the user')
    .action(async (name: string, user: string, _flags: unknown, command: Command) => {
      const { client, json, out } = contextOf(command);
      const updated = await client.accounts.removeMember(name, user);
      out(json ? asJson(updated) : `${user} left ${name} (members: ${updated.members.join(', ') || 'none'})`);
    });
}
