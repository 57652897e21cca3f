import type { Dirent } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { SliceName } from '../accounts/index.ts';

/** Where each slice's authorized_keys goes, and how to find the files earlier passes wrote. */

export type Layout = 'file' | 'home';

const fileSuffix = '.authorized_keys';

/** Only slice names are ever taken for files of the export (they cannot hold `/`, nor start with `.`). */
export const isSliceName = (name: string): boolean => SliceName.safeParse(name).success;

/** The file of a slice, relative to the export directory. */
export function fileOf(layout: Layout, slice: string): string {
  return layout === 'file' ? `${slice}${fileSuffix}` : path.join(slice, '.ssh', 'authorized_keys');
}

/** The directories temporary files of a layout are made in, relative to the export directory. */
export function dirOf(layout: Layout, slice: string): string {
  return path.dirname(fileOf(layout, slice)).replace(/^\.$/, '');
}

export interface Candidate {
  slice: string;
  layout: Layout;
  rel: string;
}

/**
 * Files of either layout that an earlier pass may have written: names made of a slice name
 * and the expected suffix. Whether one is really ours is for its header to say.
 */
export async function candidates(root: string): Promise<Candidate[]> {
  let entries: Dirent[];
  try {
    entries = await readdir(root, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const found: Candidate[] = [];
  for (const entry of entries) {
    // Dirent types come from lstat: a symlink is neither a file nor a directory here.
    if (entry.isFile() && entry.name.endsWith(fileSuffix)) {
      const slice = entry.name.slice(0, -fileSuffix.length);
      if (isSliceName(slice)) found.push({ slice, layout: 'file', rel: fileOf('file', slice) });
    } else if (entry.isDirectory() && isSliceName(entry.name)) {
      found.push({ slice: entry.name, layout: 'home', rel: fileOf('home', entry.name) });
    }
  }
  return found;
}
