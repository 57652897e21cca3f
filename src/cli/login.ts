import { hostname, userInfo } from 'node:os';
import { type Command, InvalidArgumentError } from 'commander';
import type { TokenCreate } from '../accounts/schema.ts';
import { RigClient } from '../client/index.ts';
import { scopes as allScopes, type Scope } from '../http/access.ts';
import { asJson, contextOf, isStatus } from './context.ts';
import { isInteractive, passwordFromStdin, promptLine, promptSecret } from './prompt.ts';
import { formatPairs } from './table.ts';
import { formatLocal } from './times.ts';

/** Commander parser of `--scopes read,write`. */
export function parseScopes(value: string): Scope[] {
  const list = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const wrong = list.filter((s) => !(allScopes as readonly string[]).includes(s));
  if (!list.length || wrong.length) throw new InvalidArgumentError(`scopes are ${allScopes.join(', ')}`);
  return [...new Set(list)] as Scope[];
}

/** Commander parser of a positive number of days. */
export function parseDays(value: string): number {
  const days = Number(value);
  if (!Number.isFinite(days) || days <= 0) throw new InvalidArgumentError('a positive number of days');
  return days;
}

const defaultUser = () => process.env.USER || process.env.LOGNAME || safeUserName();

function safeUserName(): string {
  try {
    return userInfo().username;
  } catch {
    return '';
  }
}

interface LoginFlags {
  user?: string;
  passwordStdin?: boolean;
  tokenName?: string;
  days?: number;
  scopes?: Scope[];
}

export function registerLogin(program: Command): void {
  program
    .command('login')
    .description('Log in with a password; saves an API token for this server (credentials.json, 0600)')
    .option('-u, --user <name>', 'user name (default: asked, or $USER)')
    .option('--password-stdin', 'read the password from standard input (scripts)')
    .option('--token-name <name>', 'name of the token, shown by `rig token list` (default rig-cli@HOST)')
    .option('--days <n>', "lifetime of the token in days (default: the server's auth.tokenDays)", parseDays)
    .option(
      '--scopes <list>',
      'scopes of the token (default read,write,admin: all your role allows)',
      parseScopes,
    )
    .action(async (flags: LoginFlags, command: Command) => {
      const { server, credentials, json, out } = contextOf(command);
      const fallback = defaultUser();
      const user =
        flags.user ??
        (isInteractive() && !flags.passwordStdin
          ? await promptLine(`user${fallback ? ` [${fallback}]` : ''}: `, fallback)
          : fallback);
      const password = flags.passwordStdin
        ? await passwordFromStdin()
        : await promptSecret(`password for ${user}: `);
      const token: TokenCreate = {
        name: flags.tokenName ?? `rig-cli@${hostname()}`,
        scopes: flags.scopes ?? [...allScopes],
        ...(flags.days === undefined ? {} : { days: flags.days }),
      };
      // A plain client: a 401 here is a wrong password, not a missing login.
      const created = await new RigClient({ server }).accounts.login(user, password, token);
      const previous = credentials.get(server);
      credentials.save(server, {
        token: created.token,
        user,
        token_id: created.info.id,
        expires_at: created.info.expires_at,
        saved_at: new Date().toISOString(),
      });
      // The token this login replaces is revoked, so that logins do not pile up live tokens.
      if (previous) {
        await new RigClient({ server, token: previous.token, timeoutMs: 5000 }).accounts
          .logout()
          .catch(() => {});
      }
      const until = created.info.expires_at ? ` until ${formatLocal(created.info.expires_at)}` : '';
      out(json ? asJson({ server, user, token: created.info }) : `logged in to ${server} as ${user}${until}`);
    });

  program
    .command('logout')
    .description('Revoke the token in use and forget it')
    .action(async (_flags: unknown, command: Command) => {
      const { server, token, tokenSource, credentials, json, out } = contextOf(command);
      let revoked = false;
      if (token !== undefined) {
        try {
          await new RigClient({ server, token }).accounts.logout();
          revoked = true;
        } catch (error) {
          // Already expired or revoked: forgetting it is all that is left to do.
          if (!isStatus(error, 401)) throw error;
        }
      }
      const forgotten = tokenSource === 'login' ? credentials.remove(server) : false;
      if (json) out(asJson({ server, revoked, forgotten }));
      else if (tokenSource === 'none') out(`not logged in to ${server}`);
      else out(`logged out of ${server}${revoked ? '' : ' (the token was no longer valid)'}`);
    });

  program
    .command('whoami')
    .description('Who the server sees: user, role, scopes, slices')
    .action(async (_flags: unknown, command: Command) => {
      const { client, server, json, out } = contextOf(command);
      const me = await client.accounts.me();
      if (json) {
        out(asJson(me));
        return;
      }
      out(
        formatPairs([
          ['user', me.user ? me.user.name : 'anonymous (authentication is off)'],
          ['role', me.role],
          ['via', me.via],
          ['scopes', me.scopes.join(', ')],
          ['slices', me.slices.join(', ') || '-'],
          ['server', server],
        ]),
      );
    });
}
