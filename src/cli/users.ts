import { randomBytes } from 'node:crypto';
import { type Command, Option } from 'commander';
import type { User } from '../accounts/index.ts';
import type { UserUpdateInput } from '../client/index.ts';
import { roles } from '../http/access.ts';
import { asJson, CliError, contextOf } from './context.ts';
import { EXIT_CONFIG } from './exit-codes.ts';
import { passwordFromStdin } from './prompt.ts';
import { formatTable } from './table.ts';
import { formatLocal } from './times.ts';

type Role = (typeof roles)[number];

/** A password for an account reset by an admin: 18 URL-safe characters, easy to copy. */
export const generatePassword = (): string => randomBytes(14).toString('base64url').slice(0, 18);

/** The lines announcing a password shown once. */
export const passwordNotice = (user: string, password: string): string =>
  `password: ${password}\n(shown only this once: give it to ${user}, who can change it)`;

const roleOption = (description: string) => new Option('-r, --role <role>', description).choices([...roles]);

interface CreateFlags {
  role?: Role;
  email?: string;
  displayName?: string;
  passwordStdin?: boolean;
}

interface SetFlags extends Omit<CreateFlags, 'passwordStdin'> {
  disable?: boolean;
  enable?: boolean;
  resetPassword?: boolean;
  passwordStdin?: boolean;
}

function userRow(u: User): string[] {
  return [
    u.name,
    u.role,
    u.disabled ? 'disabled' : 'active',
    u.display_name === u.name ? '-' : u.display_name,
    u.email ?? '-',
    formatLocal(u.created_at),
  ];
}

export function registerUsers(program: Command): void {
  const user = program.command('user').description('Users and their roles (admins)');

  user
    .command('list')
    .description('List users')
    .action(async (_flags: unknown, command: Command) => {
      const { client, json, out } = contextOf(command);
      const users = await client.accounts.listUsers();
      out(
        json
          ? asJson(users)
          : formatTable(['NAME', 'ROLE', 'STATE', 'DISPLAY NAME', 'EMAIL', 'CREATED'], users.map(userRow)),
      );
    });

  user
    .command('create')
    .description('Create a user; without --password-stdin a password is generated and printed once')
    .argument('<name>', 'login: lowercase letters, digits, . _ -')
    .addOption(roleOption('admin, operator or user (default user)'))
    .option('-e, --email <address>', 'e-mail address')
    .option('--display-name <text>', 'full name')
    .option('--password-stdin', 'read the password from standard input')
    .action(async (name: string, flags: CreateFlags, command: Command) => {
      const { client, json, out } = contextOf(command);
      const created = await client.accounts.createUser({
        name,
        ...(flags.role ? { role: flags.role } : {}),
        ...(flags.email === undefined ? {} : { email: flags.email }),
        ...(flags.displayName === undefined ? {} : { display_name: flags.displayName }),
        ...(flags.passwordStdin ? { password: await passwordFromStdin() } : {}),
      });
      if (json) out(asJson(created));
      else {
        out(`created user ${created.user.name} (${created.user.role})`);
        if (created.password) out(passwordNotice(created.user.name, created.password));
      }
    });

  user
    .command('set')
    .description('Change a user: role, e-mail, disabled, password reset')
    .argument('<name>', 'the user')
    .addOption(roleOption('admin, operator or user'))
    .option('-e, --email <address>', 'e-mail address')
    .option('--display-name <text>', 'full name')
    .addOption(new Option('--disable', 'refuse its logins, sessions and tokens').conflicts('enable'))
    .option('--enable', 'let it log in again')
    .option('--reset-password', 'set a new generated password, printed once')
    .option('--password-stdin', 'set the password read from standard input')
    .action(async (name: string, flags: SetFlags, command: Command) => {
      const { client, json, out } = contextOf(command);
      const generated = flags.resetPassword && !flags.passwordStdin ? generatePassword() : undefined;
      const change: UserUpdateInput = {
        ...(flags.role ? { role: flags.role } : {}),
        ...(flags.email === undefined ? {} : { email: flags.email }),
        ...(flags.displayName === undefined ? {} : { display_name: flags.displayName }),
        ...(flags.disable ? { disabled: true } : flags.enable ? { disabled: false } : {}),
        ...(flags.passwordStdin
          ? { password: await passwordFromStdin() }
          : generated
            ? { password: generated }
            : {}),
      };
      if (!Object.keys(change).length) {
        throw new CliError(
          'nothing to change: give --role, --email, --disable, --enable, --reset-password…',
          EXIT_CONFIG,
        );
      }
      const updated = await client.accounts.updateUser(name, change);
      if (json) out(asJson(generated ? { user: updated, password: generated } : { user: updated }));
      else {
        out(`updated user ${updated.name} (${updated.role}${updated.disabled ? ', disabled' : ''})`);
        if (generated) out(passwordNotice(updated.name, generated));
      }
    });

  user
    .command('rm')
    .description('Delete a user: its tokens, sessions, keys and memberships go with it')
    .argument('<name>', 'the user')
    .action(async (name: string, _flags: unknown, command: Command) => {
      const { client, json, out } = contextOf(command);
      await client.accounts.deleteUser(name);
      out(json ? asJson({ deleted: name }) : `deleted user ${name}`);
    });
}
