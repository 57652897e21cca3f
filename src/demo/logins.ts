import { randomBytes } from 'node:crypto';
import { chmod, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { coerceError } from '../lib/errors.ts';

/**
 * `<data>/demo-logins.json`: the demo users' passwords, generated once and kept (mode 0600)
 * so that every start prints the same logins.
 */
export type Logins = Record<string, string>;

export const loginsFile = (dataDir: string) => path.join(dataDir, 'demo-logins.json');

export const newDemoPassword = () => randomBytes(12).toString('base64url');

export async function readLogins(file: string): Promise<Logins> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new Error(`cannot read ${file}: ${coerceError(error).message}`);
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return {};
    return Object.fromEntries(
      Object.entries(parsed).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
    );
  } catch {
    // A damaged file: new passwords are generated and set.
    return {};
  }
}

/** Written whole under a temporary name, then renamed: never half a file, never readable by others. */
export async function writeLogins(file: string, logins: Logins): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(logins, null, 2)}\n`, { mode: 0o600 });
  await chmod(temporary, 0o600);
  await rename(temporary, file);
}
