import type { Command } from 'commander';
import { parseServerUrl, RigClient, RigClientError } from '../client/index.ts';
import { CredentialsFile, credentialsPath } from './credentials.ts';
import { EXIT_CONFIG, EXIT_REJECTED } from './exit-codes.ts';

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
  token?: string;
  json?: boolean;
}

/** Where the token sent comes from: `--token`, `RIG_TOKEN`, the file of `rig login`, or none. */
export type TokenSource = '--token' | 'RIG_TOKEN' | 'login' | 'none';

export interface CommandContext {
  client: RigClient;
  server: string;
  token: string | undefined;
  tokenSource: TokenSource;
  credentials: CredentialsFile;
  /** Turns a 401 into advice ("run rig login"); other errors pass unchanged. */
  explain: (error: RigClientError) => Error;
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

/** The token to send: `--token`, else `RIG_TOKEN`, else the one `rig login` saved for this server. */
export function resolveToken(
  flag: string | undefined,
  env: NodeJS.ProcessEnv,
  credentials: CredentialsFile,
  server: string,
): { token: string | undefined; source: TokenSource } {
  if (flag !== undefined) {
    if (!flag.trim()) throw new CliError('--token is empty', EXIT_CONFIG);
    return { token: flag.trim(), source: '--token' };
  }
  if (env.RIG_TOKEN?.trim()) return { token: env.RIG_TOKEN.trim(), source: 'RIG_TOKEN' };
  const saved = credentials.get(server);
  return saved ? { token: saved.token, source: 'login' } : { token: undefined, source: 'none' };
}

/** What a 401 means for the user, given the token that was sent. */
export function unauthenticated(server: string, source: TokenSource): CliError {
  const message =
    source === 'none'
      ? `not logged in to ${server}: run rig login`
      : source === 'login'
        ? `token expired or revoked for ${server}: run rig login`
        : `the token of ${source} was refused by ${server} (invalid, expired or revoked)`;
  return new CliError(message, EXIT_REJECTED);
}

/** What every client command needs, from the global options of the command being run. */
export function contextOf(command: Command): CommandContext {
  const options = command.optsWithGlobals<GlobalOptions>();
  const server = resolveServer(options.server, process.env);
  const credentials = new CredentialsFile(credentialsPath(process.env));
  const { token, source } = resolveToken(options.token, process.env, credentials, server);
  const explain = (error: RigClientError): Error =>
    error.status === 401 && error.code !== 'RIG_ERR_RATE_LIMITED' ? unauthenticated(server, source) : error;
  return {
    client: new RigClient({ server, token, mapError: explain }),
    server,
    token,
    tokenSource: source,
    credentials,
    explain,
    json: options.json === true,
    out: (text) => {
      process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
    },
  };
}

/** JSON for scripts: pretty, one document. */
export const asJson = (value: unknown): string => JSON.stringify(value, null, 2);

/** A RigClientError answered with this HTTP status. */
export const isStatus = (error: unknown, status: number): error is RigClientError =>
  error instanceof RigClientError && error.status === status;
