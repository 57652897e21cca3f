import { type Command, InvalidArgumentError } from 'commander';
import type { AuditEntry } from '../audit/index.ts';
import { AuditClient } from '../client/audit.ts';
import { asJson, contextOf } from './context.ts';
import { cell, formatTable } from './table.ts';
import { parseDuration, parseTime, TIME_FORMS } from './times.ts';

const results = ['ok', 'denied', 'invalid', 'error'] as const;
type Result = (typeof results)[number];

/** `1h`, `2d`, `30m` ago, or a time as `rig lease` takes them; as an ISO time. */
export function parseSince(value: string, now = new Date()): string {
  const ago = parseDuration(value);
  if (ago !== undefined) return new Date(now.getTime() - ago).toISOString();
  const time = parseTime(value, now);
  if (!time) throw new InvalidArgumentError(`a duration ago (1h, 2d, 30m) or a time (${TIME_FORMS})`);
  return time.date.toISOString();
}

function parseResult(value: string): Result {
  if (!(results as readonly string[]).includes(value)) throw new InvalidArgumentError(results.join(', '));
  return value as Result;
}

function parseLimit(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 100_000)
    throw new InvalidArgumentError('a number of entries, 1 to 100000');
  return Number(value);
}

const pad = (n: number) => String(n).padStart(2, '0');
/** `2026-11-23 14:00:05`, local time: audit entries are read to the second. */
function localTime(iso: string): string {
  const d = new Date(iso);
  const day = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  return `${day} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

const who = (e: AuditEntry) =>
  e.actor.token_id === null ? e.actor.name : `${e.actor.name}#${e.actor.token_id}`;
const target = (e: AuditEntry) =>
  e.target ? `${e.target.kind}${e.target.id === null ? '' : `/${e.target.id}`}` : '-';

interface AuditFlags {
  actor?: string;
  action?: string;
  target?: string;
  result?: Result;
  since?: string;
  until?: string;
  limit: number;
}

export function registerAudit(program: Command): void {
  program
    .command('audit')
    .description('The audit log, newest first: who did what to which target, when, with what result')
    .option('--actor <name>', 'only this user (or anonymous, system)')
    .option('--action <action>', 'only this action (leases.create), or a prefix ending in * (leases.*)')
    .option('--target <kind[/id]>', 'only this target: node/12, lease/5, user/alice, slice/x')
    .option('--result <result>', `only this result (${results.join(', ')})`, parseResult)
    .option('--since <when>', 'only since: 1h, 2d, 30m ago, or a time', (v) => parseSince(v))
    .option('--until <when>', 'only before this time', (v) => parseSince(v))
    .option('-n, --limit <n>', 'at most this many entries', parseLimit, 100)
    .addHelpText('after', '\nNeeds an operator or admin login (rig login).')
    .action(async (flags: AuditFlags, command: Command) => {
      const { client, json, out } = contextOf(command);
      const { limit, ...filter } = flags;
      const entries = await new AuditClient(client).list(filter, limit);
      if (json) {
        out(asJson(entries));
        return;
      }
      if (!entries.length) {
        out('no audit entries');
        return;
      }
      const rows = entries.map((e) => [
        localTime(e.at),
        who(e),
        e.actor.via,
        e.action,
        target(e),
        e.status === null ? e.result : `${e.result} ${e.status}`,
        cell(e.address),
      ]);
      out(formatTable(['TIME', 'ACTOR', 'VIA', 'ACTION', 'TARGET', 'RESULT', 'ADDRESS'], rows));
    });
}
