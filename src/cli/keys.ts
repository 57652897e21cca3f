import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { SshKey } from '../accounts/index.ts';
import type { RigClient } from '../client/index.ts';
import { asJson, CliError, contextOf } from './context.ts';
import { EXIT_CONFIG, EXIT_REJECTED } from './exit-codes.ts';
import { readStdin } from './prompt.ts';
import { formatTable } from './table.ts';
import { formatLocal } from './times.ts';

async function readKeyFile(file: string): Promise<string> {
  if (file === '-') return readStdin();
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read ${file}: ${(error as Error).message}`, EXIT_CONFIG);
  }
}

/**
 * The key lines of a .pub or authorized_keys file. A private key is refused here, before
 * anything leaves the machine.
 */
export function keyLines(text: string, name: string): string[] {
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text)) {
    throw new CliError(`${name} is a private key: give the public key (the .pub file)`, EXIT_CONFIG);
  }
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  if (!lines.length) throw new CliError(`${name} holds no key`, EXIT_CONFIG);
  return lines;
}

/**
 * The key a reference names: an id (`3`), or a fingerprint (`SHA256:…`, with or without the
 * prefix) among the caller's keys. An id not among them is passed on as it is: an admin
 * may remove anyone's key.
 */
async function findKey(client: RigClient, ref: string): Promise<{ id: number; key?: SshKey }> {
  const keys = await client.keys.list();
  if (/^\d+$/.test(ref)) {
    const id = Number(ref);
    const key = keys.find((k) => k.id === id);
    return key ? { id, key } : { id };
  }
  const wanted = ref.replace(/^SHA256:/, '');
  const key = keys.find((k) => k.fingerprint.replace(/^SHA256:/, '') === wanted);
  if (!key)
    throw new CliError(`you have no key with the fingerprint ${ref} (see rig keys list)`, EXIT_REJECTED);
  return { id: key.id, key };
}

const describeKey = (k: SshKey) =>
  `${k.algorithm} ${k.bits} ${k.fingerprint}${k.comment ? ` ${k.comment}` : ''}`;

export function registerKeys(program: Command): void {
  const keys = program
    .command('keys')
    .description('Your SSH public keys (installed on the nodes of your leases)');

  keys
    .command('add')
    .description('Add the public keys of a file (id_ed25519.pub, authorized_keys; - for standard input)')
    .argument('<file>', 'the .pub file, or -')
    .option('-c, --comment <text>', "replaces the key's own comment")
    .action(async (file: string, flags: { comment?: string }, command: Command) => {
      const { client, json, out } = contextOf(command);
      const name = file === '-' ? 'standard input' : file;
      const added: SshKey[] = [];
      for (const line of keyLines(await readKeyFile(file), name)) {
        added.push(
          await client.keys.add({
            key: line,
            ...(flags.comment === undefined ? {} : { comment: flags.comment }),
          }),
        );
      }
      out(json ? asJson(added) : added.map((k) => `added key ${k.id}: ${describeKey(k)}`).join('\n'));
    });

  keys
    .command('list')
    .description('List your SSH keys')
    .action(async (_flags: unknown, command: Command) => {
      const { client, json, out } = contextOf(command);
      const list = await client.keys.list();
      if (json) out(asJson(list));
      else if (!list.length) out('no keys (add one with rig keys add ~/.ssh/id_ed25519.pub)');
      else
        out(
          formatTable(
            ['ID', 'TYPE', 'BITS', 'FINGERPRINT', 'COMMENT', 'ADDED'],
            list.map((k) => [
              String(k.id),
              k.algorithm,
              String(k.bits),
              k.fingerprint,
              k.comment || '-',
              formatLocal(k.created_at),
            ]),
          ),
        );
    });

  keys
    .command('rm')
    .description('Remove one of your SSH keys')
    .argument('<key>', 'its id, or its fingerprint (SHA256:…)')
    .action(async (ref: string, _flags: unknown, command: Command) => {
      const { client, json, out } = contextOf(command);
      const { id, key } = await findKey(client, ref);
      await client.keys.remove(id);
      out(
        json ? asJson({ removed: key ?? { id } }) : `removed key ${id}${key ? `: ${describeKey(key)}` : ''}`,
      );
    });
}
