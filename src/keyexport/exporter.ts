import { mkdir } from 'node:fs/promises';
import type { Logger } from 'pino';
import type { Clock } from '../lib/clock.ts';
import { coerceError } from '../lib/errors.ts';
import { DIR_MODE, ownerOf, readHead, removeInside, sweepTemps, writeInside } from './files.ts';
import { candidates, dirOf, fileOf, isSliceName, type Layout } from './layout.ts';
import { headerOf, renderAuthorizedKeys } from './render.ts';
import type { ActiveSlices, SliceKeysSource } from './sources.ts';

export interface ExportOptions {
  /** Absolute directory of the files. */
  dir: string;
  layout: Layout;
}

export interface ExportPass {
  /** Slices holding a lease, whose files were brought up to date. */
  slices: string[];
  written: number;
  removed: number;
}

/**
 * One pass of the accounts export: the file of every slice with a current lease holds
 * exactly its members' keys; files it wrote for other slices are removed. Files it did not
 * write (no header of its own) are never removed.
 */
export class AccountsExport {
  constructor(
    private readonly keys: SliceKeysSource,
    private readonly active: ActiveSlices,
    private readonly options: ExportOptions,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  async run(): Promise<ExportPass> {
    const { dir: root, layout } = this.options;
    await mkdir(root, { recursive: true, mode: DIR_MODE });
    const names = [...new Set(await this.active.activeSliceNames(this.clock.now()))].sort();
    const refused = names.filter((n) => !isSliceName(n));
    if (refused.length) this.logger.error({ refused }, 'accounts export: not slice names, skipped');
    const slices = await this.keys.ofSlices(names.filter(isSliceName));
    const problems: string[] = [];
    const attempt = async (rel: string, action: () => Promise<void>) => {
      try {
        await action();
      } catch (error) {
        problems.push(`${rel}: ${coerceError(error).message}`);
      }
    };
    const pass: ExportPass = { slices: slices.map((s) => s.slice), written: 0, removed: 0 };
    const wanted = new Set<string>();
    for (const slice of slices) {
      const rel = fileOf(layout, slice.slice);
      wanted.add(rel);
      const content = Buffer.from(renderAuthorizedKeys(slice));
      await attempt(rel, async () => {
        const owner = layout === 'home' ? await ownerOf(root, slice.slice) : undefined;
        // Unchanged files are left alone; given-away ones are rewritten, to follow their home's owner.
        const current = owner ? undefined : await readHead(root, rel, content.length + 1);
        if (current?.equals(content)) return;
        await writeInside(root, rel, content.toString(), owner);
        pass.written++;
      });
    }
    for (const old of await candidates(root)) {
      await attempt(old.rel, async () => {
        if (old.layout === 'home') await sweepTemps(root, dirOf('home', old.slice));
        if (wanted.has(old.rel)) return;
        const header = Buffer.from(headerOf(old.slice));
        if (!(await readHead(root, old.rel, header.length))?.equals(header)) return;
        await removeInside(root, old.rel);
        pass.removed++;
      });
    }
    await attempt('.', () => sweepTemps(root, ''));
    if (problems.length) throw new Error(`accounts export incomplete: ${problems.join('; ')}`);
    return pass;
  }
}
