import type { Command } from 'commander';
import { EventsClient, type EventsItem } from '../client/index.ts';
import type { DeviceKind, StatusId } from '../lib/device-ref.ts';
import type { StatusRecord, StatusSnapshot } from '../status/index.ts';
import { contextOf } from './context.ts';
import { collectKinds } from './devices.ts';
import { describeError } from './errors.ts';
import { humanLine, jsonLine, type StatusLine, StatusView } from './status-view.ts';

interface WatchFlags {
  kind?: DeviceKind[];
  changesOnly?: boolean;
}

const note = (text: string) => process.stderr.write(`rig: ${text}\n`);

/**
 * Resolves on the first SIGINT or SIGTERM: the normal end of a watch. The handlers stay, so
 * that a second signal (a process group signalled twice, an impatient Ctrl-C) ends it at once
 * rather than through the default handler's exit code.
 */
function interrupted(): Promise<void> {
  return new Promise((resolve) => {
    let signalled = false;
    const stop = () => {
      if (signalled) process.exit(process.exitCode ?? 0);
      signalled = true;
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

export function registerStatus(program: Command): void {
  const status = program.command('status').description('Live status of the devices');
  status
    .command('watch')
    .description('Print the live status, then each change as it happens, until Ctrl-C')
    .option('-k, --kind <kind>', 'only this kind, repeatable', collectKinds)
    .option('--changes-only', 'do not print the current status first')
    .action(async (flags: WatchFlags, command: Command) => {
      const { server, token, explain, json, out } = contextOf(command);
      const view = new StatusView(new Set(flags.kind ?? []));
      const print = (lines: StatusLine[]) => {
        const now = new Date();
        for (const line of lines) out(json ? jsonLine(line, now) : humanLine(line, now));
      };
      let snapshots = 0;
      let lost = false;
      const onItem = (item: EventsItem) => {
        if (item.kind === 'hello') {
          if (lost) note(item.resumed ? 'reconnected; resuming' : 'reconnected; catching up from a snapshot');
          lost = false;
        } else if (item.kind === 'snapshot') {
          const lines = view.snapshot(item.data as StatusSnapshot);
          if (snapshots++ > 0 || !flags.changesOnly) print(lines);
        } else if (item.type === 'statusChanged') {
          const data = item.data as { kind: string; records: StatusRecord[] };
          print(view.changed(data.kind, data.records, item.seq));
        } else if (item.type === 'statusRemoved') {
          const data = item.data as { kind: string; ids: StatusId[] };
          print(view.removed(data.kind, data.ids, item.seq));
        }
      };
      const client = new EventsClient({
        server,
        token,
        mapError: explain,
        topics: ['status'],
        onItem,
        onDisconnect: ({ code, reason, retryInMs }) => {
          lost = true;
          note(`lost the connection (${code}${reason ? ` ${reason}` : ''}); retrying in ${retryInMs} ms`);
        },
        onError: (error) => note(describeError(error)),
        onGiveUp: (error) => giveUp(error),
      });
      let giveUp: (error: Error) => void = () => {};
      // A token revoked while watching ends the command, instead of retrying forever.
      const refused = new Promise<never>((_, reject) => {
        giveUp = reject;
      });
      const stop = interrupted();
      try {
        await Promise.race([client.connect(), stop, refused]);
        await Promise.race([stop, refused]);
      } finally {
        await client.close();
      }
    });
}
