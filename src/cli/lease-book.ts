import { type RigClient, RigClientError } from '../client/index.ts';
import type { Lease, LeaseCreate } from '../leases/schema.ts';
import { CliError } from './context.ts';
import { EXIT_CONFIG } from './exit-codes.ts';
import { explainConflict } from './lease-view.ts';
import { isWholeTestbed, needsInventory, parseNodeSelection, resolveNodes } from './node-selection.ts';
import { addDays, type ParsedTime, parseDuration, parseTime, TIME_FORMS } from './times.ts';

export interface BookFlags {
  nodes: string[];
  from?: string;
  for?: string;
  until?: string;
  slice?: string;
}

/** A time option, or exit 2 naming it and the forms it takes. */
export function timeOption(option: string, text: string, now: Date, base?: Date): ParsedTime {
  const parsed = parseTime(text, now, base);
  if (!parsed) throw new CliError(`${option}: cannot read "${text}" as a time (${TIME_FORMS})`, EXIT_CONFIG);
  return parsed;
}

export function durationOption(option: string, text: string): number {
  const ms = parseDuration(text);
  if (!ms)
    throw new CliError(`${option}: cannot read "${text}" as a duration (2h, 90m, 1h30m, 1d)`, EXIT_CONFIG);
  return ms;
}

/** The slice to book for: `--slice`, else the caller's only slice. */
async function sliceFor(client: RigClient, flag: string | undefined): Promise<string> {
  if (flag) return flag;
  const { slices } = await client.accounts.me();
  if (slices.length === 1) return slices[0] as string;
  if (!slices.length) throw new CliError('you are a member of no slice: name one with --slice', EXIT_CONFIG);
  throw new CliError(
    `you are a member of several slices (${slices.join(', ')}): choose one with --slice`,
    EXIT_CONFIG,
  );
}

async function nodesFor(client: RigClient, values: string[]): Promise<LeaseCreate['nodes']> {
  const selection = parseNodeSelection(values);
  if (typeof selection === 'string') throw new CliError(`--nodes: ${selection}`, EXIT_CONFIG);
  if (isWholeTestbed(selection)) return 'all';
  const known = needsInventory(selection) ? await client.allDevices({ kind: ['node'] }) : [];
  const ids = resolveNodes(selection, known);
  if (typeof ids === 'string') throw new CliError(`--nodes: ${ids}`, EXIT_CONFIG);
  if (!ids.length) throw new CliError('--nodes: the selection is empty', EXIT_CONFIG);
  return ids;
}

interface Span {
  from: ParsedTime;
  until: Date;
  /** The end follows the start (`--for`), or is itself relative to now (`--until +2h`). */
  untilFollows: 'duration' | 'relative' | 'fixed';
  duration?: number;
}

function spanOf(flags: BookFlags, now: Date): Span {
  const from = timeOption('--from', flags.from ?? 'now', now);
  if (flags.for !== undefined) {
    const duration = durationOption('--for', flags.for);
    return { from, until: new Date(from.date.getTime() + duration), untilFollows: 'duration', duration };
  }
  if (flags.until === undefined) throw new CliError('say how long: --for 2h, or --until 16:00', EXIT_CONFIG);
  const until = timeOption('--until', flags.until, now, from.date);
  // `--from 22:00 --until 02:00` ends the next morning.
  const date = until.timeOfDay && until.date <= from.date ? addDays(until.date, 1) : until.date;
  return { from, until: date, untilFollows: until.relative ? 'relative' : 'fixed' };
}

/** The grain of the server, from a 400 about a time off its boundaries. */
export function grainOf(error: unknown): number | undefined {
  if (!(error instanceof RigClientError) || error.status !== 400) return undefined;
  const grain = (error.details as { grainSeconds?: unknown } | undefined)?.grainSeconds;
  return typeof grain === 'number' && grain > 0 ? grain * 1000 : undefined;
}

/**
 * Times relative to now (`now`, `+30m`) are rounded to the server's grain (the start
 * down, the end up), which the server names when it refuses a time off its boundaries.
 */
function aligned(span: Span, grainMs: number): { t_from: string; t_until: string } | undefined {
  if (!span.from.relative && span.untilFollows !== 'relative') return undefined;
  const floor = (ms: number) => Math.floor(ms / grainMs) * grainMs;
  const ceil = (ms: number) => Math.ceil(ms / grainMs) * grainMs;
  const from = span.from.relative ? floor(span.from.date.getTime()) : span.from.date.getTime();
  let until = span.until.getTime();
  if (span.untilFollows === 'duration') until = ceil(from + (span.duration as number));
  else if (span.untilFollows === 'relative') until = ceil(until);
  return { t_from: new Date(from).toISOString(), t_until: new Date(until).toISOString() };
}

/** Books from the options of `rig lease book`: node selection, times, slice. */
export async function bookLease(client: RigClient, flags: BookFlags, now = new Date()): Promise<Lease> {
  const span = spanOf(flags, now);
  const relative = span.from.relative || span.untilFollows === 'relative';
  const [slice, nodes, rules] = await Promise.all([
    sliceFor(client, flags.slice),
    nodesFor(client, flags.nodes),
    // Times relative to now are rounded to the server's grain, which the rules tell.
    relative ? client.leases.rules().catch(() => undefined) : undefined,
  ]);
  const times = rules ? aligned(span, rules.grain_seconds * 1000) : undefined;
  const input: LeaseCreate = {
    slice,
    nodes,
    t_from: times?.t_from ?? span.from.date.toISOString(),
    t_until: times?.t_until ?? span.until.toISOString(),
  };
  try {
    return await client.leases.create(input);
  } catch (error) {
    // An older server without /leases/rules tells its grain in the refusal.
    const grainMs = grainOf(error);
    const retry = grainMs === undefined || times ? undefined : aligned(span, grainMs);
    if (!retry) throw explainConflict(error);
    try {
      return await client.leases.create({ ...input, ...retry });
    } catch (again) {
      throw explainConflict(again);
    }
  }
}
