import { randomBytes } from 'node:crypto';
import { constants, type Stats } from 'node:fs';
import { lchown, lstat, mkdir, open, readdir, realpath, rename, rm, unlink } from 'node:fs/promises';
import path from 'node:path';

/**
 * File operations of the accounts export, confined to its directory: every path is checked
 * to stay inside it, no symlink below it is ever followed, and files are replaced
 * atomically (a temporary file in the same directory, fsync, rename), so a reader sees
 * the old file or the new one, never part of one.
 */

export const FILE_MODE = 0o600;
export const DIR_MODE = 0o700;

/** Who should own what is written (the account of a home), when Rig may give files away. */
export interface Owner {
  uid: number;
  gid: number;
}

/** Temporary files this module makes: `.<name>.<12 hex>.rig-tmp`. */
export const tempPattern = /^\.[a-z0-9._-]*authorized_keys\.[0-9a-f]{12}\.rig-tmp$/;

const missing = (error: unknown) => (error as NodeJS.ErrnoException)?.code === 'ENOENT';

async function lstatOrUndefined(file: string): Promise<Stats | undefined> {
  try {
    return await lstat(file);
  } catch (error) {
    if (missing(error)) return undefined;
    throw error;
  }
}

/** `rel` resolved under `root`; throws when it would land outside (or on `root` itself). */
export function inside(root: string, rel: string): string {
  const target = path.resolve(root, rel);
  const back = path.relative(root, target);
  if (!back || back === '..' || back.startsWith(`..${path.sep}`) || path.isAbsolute(back))
    throw new Error(`${JSON.stringify(rel)} is not inside ${root}`);
  return target;
}

/**
 * Checks each directory between `root` and `target`: none may be a symlink or anything but a
 * directory. With `create`, missing ones are made (0700, given to `owner`); otherwise a
 * missing one is reported.
 */
async function checkParents(root: string, target: string, create: boolean, owner?: Owner): Promise<boolean> {
  const parts = path.relative(root, target).split(path.sep).slice(0, -1);
  let current = root;
  for (const part of parts) {
    current = path.join(current, part);
    let stat = await lstatOrUndefined(current);
    if (!stat && !create) return false;
    if (!stat) {
      const made = await mkdir(current, { mode: DIR_MODE }).then(
        () => true,
        (error: NodeJS.ErrnoException) => {
          if (error.code !== 'EEXIST') throw error;
          return false;
        },
      );
      // lchown: never follows a symlink swapped in since the mkdir.
      if (made && owner) await lchown(current, owner.uid, owner.gid);
      stat = await lstat(current);
    }
    if (stat.isSymbolicLink()) throw new Error(`refusing the symlink ${current}`);
    if (!stat.isDirectory()) throw new Error(`${current} is not a directory`);
  }
  return true;
}

/** The target, when it is a regular file; undefined when absent; throws on anything else. */
async function regularFile(target: string): Promise<Stats | undefined> {
  const stat = await lstatOrUndefined(target);
  if (stat?.isSymbolicLink()) throw new Error(`refusing the symlink ${target}`);
  if (stat && !stat.isFile()) throw new Error(`${target} is not a regular file`);
  return stat;
}

/**
 * At most `bytes` bytes from the start of `rel` under `root`, when it is a regular file
 * reached without symlinks; undefined otherwise.
 */
export async function readHead(root: string, rel: string, bytes: number): Promise<Buffer | undefined> {
  const target = inside(root, rel);
  if (!(await checkParents(root, target, false)) || !(await regularFile(target))) return undefined;
  const handle = await open(target, constants.O_RDONLY | constants.O_NOFOLLOW);
  try {
    const buffer = Buffer.alloc(bytes);
    let filled = 0;
    while (filled < bytes) {
      const { bytesRead } = await handle.read(buffer, filled, bytes - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return buffer.subarray(0, filled);
  } finally {
    await handle.close();
  }
}

/** Replaces `rel` under `root` with `content` (mode 0600, owned by `owner`) atomically. */
export async function writeInside(root: string, rel: string, content: string, owner?: Owner): Promise<void> {
  const target = inside(root, rel);
  await checkParents(root, target, true, owner);
  await regularFile(target);
  const dir = path.dirname(target);
  const temp = path.join(dir, `.${path.basename(target)}.${randomBytes(6).toString('hex')}.rig-tmp`);
  const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;
  try {
    const handle = await open(temp, flags, FILE_MODE);
    try {
      await handle.writeFile(content);
      await handle.chmod(FILE_MODE);
      if (owner) await handle.chown(owner.uid, owner.gid);
      await handle.sync();
    } finally {
      await handle.close();
    }
    // The directory might have been swapped for a symlink since it was checked.
    if ((await realpath(dir)) !== path.join(await realpath(root), path.relative(root, dir)))
      throw new Error(`${dir} moved while writing`);
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await syncDirectory(dir);
}

/** Removes `rel` under `root` if it is a regular file; a symlink there is refused, not followed. */
export async function removeInside(root: string, rel: string): Promise<void> {
  const target = inside(root, rel);
  if (!(await checkParents(root, target, false)) || !(await regularFile(target))) return;
  await unlink(target);
  await syncDirectory(path.dirname(target));
}

/** Makes the rename durable: the directory entry is on disk once this returns. */
async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, constants.O_RDONLY);
  try {
    await handle.sync();
  } catch (error) {
    // Some file systems cannot fsync a directory; the rename is still atomic there.
    if (!['EINVAL', 'EISDIR', 'ENOTSUP'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
  } finally {
    await handle.close();
  }
}

/** Removes temporary files a crash left in `relDir` under `root` ('' for `root` itself). */
export async function sweepTemps(root: string, relDir: string): Promise<void> {
  const dir = relDir ? inside(root, relDir) : root;
  if (relDir && !(await checkParents(root, path.join(dir, 'x'), false))) return;
  const entries = await readdir(dir, { withFileTypes: true }).catch((error) => {
    if (missing(error) || (error as NodeJS.ErrnoException).code === 'ENOTDIR') return [];
    throw error;
  });
  for (const entry of entries) {
    if (entry.isFile() && tempPattern.test(entry.name)) await rm(path.join(dir, entry.name), { force: true });
  }
}

/**
 * The owner of the directory `rel` under `root` (a slice's home), when Rig runs as root and
 * it belongs to someone else: sshd reads authorized_keys as the account, so it must own it.
 */
export async function ownerOf(root: string, rel: string): Promise<Owner | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const stat = await lstatOrUndefined(inside(root, rel));
  if (!stat?.isDirectory() || stat.uid === 0) return undefined;
  return { uid: stat.uid, gid: stat.gid };
}
