import { type Command, Option } from 'commander';
import type { LeaseQuery, RigClient } from '../client/index.ts';
import type { Lease } from '../leases/schema.ts';
import { asJson, CliError, contextOf } from './context.ts';
import { EXIT_CONFIG } from './exit-codes.ts';
import { type BookFlags, bookLease, durationOption, grainOf, timeOption } from './lease-book.ts';
import { describeLease, explainConflict, LEASE_HEADERS, leaseRow, nodesOf } from './lease-view.ts';
import { formatTable } from './table.ts';
import { addDays, formatLocal } from './times.ts';
import { parseId } from './tokens.ts';

interface ListFlags {
  all?: boolean;
  slice?: string;
  node?: string;
  after?: string;
  before?: string;
}

interface MoveFlags {
  to?: string;
  by?: string;
}

/** `rig lease list`: my slices' leases unless --all, --slice or --node says otherwise. */
async function listLeases(client: RigClient, flags: ListFlags): Promise<{ leases: Lease[]; scope: string }> {
  const now = new Date();
  const bound = (option: string, text: string | undefined) =>
    text === undefined ? undefined : timeOption(option, text, now).date.toISOString();
  const query: LeaseQuery = {
    ...(flags.slice ? { slice: flags.slice } : {}),
    ...(flags.node ? { node: flags.node } : {}),
    ...(flags.after === undefined ? {} : { after: bound('--after', flags.after) }),
    ...(flags.before === undefined ? {} : { before: bound('--before', flags.before) }),
  };
  const leases = await client.leases.list(query);
  if (flags.all || flags.slice || flags.node) return { leases, scope: '' };
  // Everyone's when the caller belongs to no slice (an admin, a server without authentication).
  const mine = new Set((await client.accounts.me()).slices);
  if (!mine.size) return { leases, scope: '' };
  return { leases: leases.filter((l) => mine.has(l.slice)), scope: ' of your slices (--all for everyone’s)' };
}

/**
 * The new end of `extend`/`shorten`: `--to TIME` or `--by DURATION` from the current end;
 * `relative` when it was typed relative to now (`--to +1h`), so it may be rounded.
 */
function newEnd(lease: Lease, flags: MoveFlags, direction: 1 | -1): { until: Date; relative: boolean } {
  const until = new Date(lease.t_until);
  if ((flags.to === undefined) === (flags.by === undefined)) {
    throw new CliError('give either --to TIME or --by DURATION', EXIT_CONFIG);
  }
  if (flags.by !== undefined) {
    const by = direction * durationOption('--by', flags.by);
    return { until: new Date(until.getTime() + by), relative: false };
  }
  // A time of day falls on the lease's last day; extending to an earlier hour means the next day.
  const to = timeOption('--to', flags.to as string, new Date(), until);
  const date = direction === 1 && to.timeOfDay && to.date <= until ? addDays(to.date, 1) : to.date;
  return { until: date, relative: to.relative === true };
}

/** Moves the end; an end relative to now is rounded up to the grain the server names. */
async function moveEnd(
  client: RigClient,
  id: number,
  end: { until: Date; relative: boolean },
): Promise<Lease> {
  try {
    return await client.leases.update(id, { t_until: end.until.toISOString() });
  } catch (error) {
    const grainMs = grainOf(error);
    if (!end.relative || grainMs === undefined) throw explainConflict(error);
    const rounded = new Date(Math.ceil(end.until.getTime() / grainMs) * grainMs);
    return client.leases
      .update(id, { t_until: rounded.toISOString() })
      .catch((again: unknown) => Promise.reject(explainConflict(again)));
  }
}

function registerMove(lease: Command, name: 'extend' | 'shorten', direction: 1 | -1): void {
  lease
    .command(name)
    .description(
      direction === 1
        ? 'Make a lease end later (or earlier, with a --to before its end)'
        : 'Make a lease end earlier',
    )
    .argument('<id>', 'the lease id (rig lease list)', parseId)
    .option('--to <time>', 'the new end: 16:00, tomorrow 9:00, +1h, …')
    .option('--by <duration>', `${direction === 1 ? 'later' : 'earlier'} by this much: 30m, 1h, …`)
    .action(async (id: number, flags: MoveFlags, command: Command) => {
      const { client, json, out } = contextOf(command);
      const current = await client.leases.get(id);
      const updated = await moveEnd(client, id, newEnd(current, flags, direction));
      out(
        json ? asJson(updated) : `${name === 'extend' ? 'extended' : 'shortened'} ${describeLease(updated)}`,
      );
    });
}

export function registerLeases(program: Command): void {
  const lease = program.command('lease').description('Book nodes for a slice: leases');

  lease
    .command('book')
    .description('Book nodes from a time, for a duration or until a time (local time zone)')
    .requiredOption(
      '-n, --nodes <nodes...>',
      'nodes: 1-5,9  1-10-2  ~4 (all but 4)  fit08  all (the whole testbed)',
    )
    .option('-f, --from <time>', 'start: 14:00, tomorrow 9:00, 2026-11-23 14:00, +30m (default now)')
    .addOption(new Option('--for <duration>', 'length: 2h, 90m, 1h30m, 1d').conflicts('until'))
    .option('-u, --until <time>', 'end, in the same forms as --from')
    .option('--slice <name>', 'the slice that books (default: yours, if you are in exactly one)')
    .action(async (flags: BookFlags, command: Command) => {
      const { client, json, out } = contextOf(command);
      const booked = await bookLease(client, flags);
      out(json ? asJson(booked) : `booked ${describeLease(booked)}`);
    });

  lease
    .command('list')
    .description("List leases that end after today's midnight: your slices' unless told otherwise")
    .option('-a, --all', 'every slice')
    .option('--slice <name>', 'only this slice')
    .option('--node <node>', 'only leases that hold this node')
    .option('--after <time>', 'only leases ending after this time (default today 00:00)')
    .option('--before <time>', 'only leases starting before this time')
    .action(async (flags: ListFlags, command: Command) => {
      const { client, json, out } = contextOf(command);
      const { leases, scope } = await listLeases(client, flags);
      if (json) out(asJson(leases));
      else if (!leases.length) out(`no leases${scope}`);
      else {
        const now = Date.now();
        out(
          formatTable(
            LEASE_HEADERS,
            leases.map((l) => leaseRow(l, now)),
          ),
        );
      }
    });

  registerMove(lease, 'extend', 1);
  registerMove(lease, 'shorten', -1);

  lease
    .command('cancel')
    .description('Cancel a lease: a running one ends now, a future one is deleted')
    .argument('<id>', 'the lease id (rig lease list)', parseId)
    .action(async (id: number, _flags: unknown, command: Command) => {
      const { client, json, out } = contextOf(command);
      const before = await client.leases.get(id);
      const ended = await client.leases.cancel(id);
      if (json) out(asJson(ended ? { ended } : { deleted: before }));
      else if (ended) {
        const nodes = ended.whole
          ? 'the whole testbed is'
          : ended.nodes.length === 1
            ? `node ${nodesOf(ended)} is`
            : `nodes ${nodesOf(ended)} are`;
        out(`ended lease ${id} at ${formatLocal(ended.t_until)}: ${nodes} free`);
      } else out(`deleted lease ${id} (it had not started)`);
    });
}
