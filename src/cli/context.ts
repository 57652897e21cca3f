import type { Command } from 'commander';
import { parseServerUrl, RigClient } from '../client/index.ts';
import { EXIT_CONFIG } from './exit-codes.ts';

export const DEFAULT_SERVER = 'http://127.0.0.1:8080';

/** A failure the CLI reports as `rig: <message>` with its own exit code. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export interface GlobalOptions {
  server?: string;
  json?: boolean;
}

export interface CommandContext {
  client: RigClient;
  server: string;
  json: boolean;
  out(text: string): void;
}

/** The server to talk to: `--server`, else `RIG_URL`, else the local default. */
export function resolveServer(flag: string | undefined, env: NodeJS.ProcessEnv): string {
  const [value, source] =
    flag !== undefined
      ? [flag, '--server']
      : env.RIG_URL
        ? [env.RIG_URL, 'RIG_URL']
        : [DEFAULT_SERVER, 'default'];
  try {
    return parseServerUrl(value);
  } catch (error) {
    throw new CliError(`invalid ${source}: ${(error as Error).message}`, EXIT_CONFIG);
  }
}

/** What every client command needs, from the global options of the command being run. */
export function contextOf(command: Command): CommandContext {
  const options = command.optsWithGlobals<GlobalOptions>();
  const server = resolveServer(options.server, process.env);
  return {
    client: new RigClient({ server }),
    server,
    json: options.json === true,
    out: (text) => {
      process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
    },
  };
}

/** JSON for scripts: pretty, one document. */
export const asJson = (value: unknown): string => JSON.stringify(value, null, 2);
