import { type Command, InvalidArgumentError } from 'commander';
import type { TokenInfo } from '../accounts/index.ts';
import type { Scope } from '../http/access.ts';
import { asJson, contextOf } from './context.ts';
import { parseDays, parseScopes } from './login.ts';
import { formatTable } from './table.ts';
import { formatLocal } from './times.ts';

/** Commander parser of a positive integer id. */
export function parseId(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new InvalidArgumentError('a positive integer id');
  return Number(value);
}

const when = (iso: string | null) => (iso ? formatLocal(iso) : '-');

function stateOf(token: TokenInfo, now: number): string {
  if (token.revoked_at) return 'revoked';
  if (token.expires_at && Date.parse(token.expires_at) <= now) return 'expired';
  return 'active';
}

export function registerTokens(program: Command): void {
  const token = program
    .command('token')
    .description('Your API tokens, for scripts (rig login makes one too)');

  token
    .command('create')
    .description('Create an API token: printed once, alone on standard output')
    .argument('<name>', 'what it is for, shown by rig token list')
    .option('--scopes <list>', 'read, write, admin (default read,write)', parseScopes)
    .option('--days <n>', "lifetime in days (default: the server's auth.tokenDays)", parseDays)
    .action(async (name: string, flags: { scopes?: Scope[]; days?: number }, command: Command) => {
      const { client, json, out } = contextOf(command);
      const created = await client.accounts.createToken({
        name,
        ...(flags.scopes ? { scopes: flags.scopes } : {}),
        ...(flags.days === undefined ? {} : { days: flags.days }),
      });
      if (json) {
        out(asJson(created));
        return;
      }
      // The token alone on stdout, so that `TOKEN=$(rig token create ci)` works.
      const until = created.info.expires_at ? `, valid until ${formatLocal(created.info.expires_at)}` : '';
      process.stderr.write(
        `rig: token ${created.info.id} (${created.info.scopes.join(',')}${until}); it is shown only this once: keep it secret\n`,
      );
      out(created.token);
    });

  token
    .command('list')
    .description('List your API tokens (never the tokens themselves)')
    .action(async (_flags: unknown, command: Command) => {
      const { client, json, out } = contextOf(command);
      const tokens = await client.accounts.listTokens();
      if (json) {
        out(asJson(tokens));
        return;
      }
      if (!tokens.length) {
        out('no tokens');
        return;
      }
      const now = Date.now();
      out(
        formatTable(
          ['ID', 'NAME', 'PREFIX', 'SCOPES', 'CREATED', 'EXPIRES', 'LAST USED', 'STATE'],
          tokens.map((t) => [
            String(t.id),
            t.name,
            `${t.prefix}…`,
            t.scopes.join(','),
            when(t.created_at),
            when(t.expires_at),
            when(t.last_used_at),
            stateOf(t, now),
          ]),
        ),
      );
    });

  token
    .command('revoke')
    .description('Revoke a token (yours; anyone’s, for an admin): it stops working at once')
    .argument('<id>', 'the token id (rig token list)', parseId)
    .action(async (id: number, _flags: unknown, command: Command) => {
      const { client, json, out } = contextOf(command);
      const info = await client.accounts.revokeToken(id);
      out(json ? asJson(info) : `revoked token ${info.id} (${info.name})`);
    });
}
