import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { DeviceKind } from '../lib/device-ref.ts';
import type { StatusRecord } from './schema.ts';

/** R2lab's tools read nodes.json, phones.json and pdus.json (sidecar-protocol.md §6). */
export const r2labFileKinds = {
  node: 'nodes.json',
  phone: 'phones.json',
  pdu: 'pdus.json',
} as const satisfies Partial<Record<DeviceKind, string>>;
export type R2labFileKind = keyof typeof r2labFileKinds;

export const isR2labFileKind = (kind: DeviceKind): kind is R2labFileKind => kind in r2labFileKinds;

/**
 * Writes one kind's records as R2lab does: one JSON array on one line plus a newline, in
 * first-seen order. Written to a temporary file and renamed, so a reader never sees half.
 */
export async function writeR2labFile(
  dir: string,
  kind: R2labFileKind,
  records: StatusRecord[],
): Promise<void> {
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, r2labFileKinds[kind]);
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(records)}\n`);
  await rename(temporary, file);
}

/**
 * Reads an R2lab file, for a first start on an existing R2lab data directory. A missing
 * file gives []; a corrupt one is reported, not fatal (R2lab's sidecar crashes on it).
 */
export async function readR2labFile(
  dir: string,
  kind: R2labFileKind,
): Promise<{ records: unknown[]; problem?: string }> {
  const file = path.join(dir, r2labFileKinds[kind]);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return { records: [] };
  }
  try {
    const value: unknown = JSON.parse(text);
    if (!Array.isArray(value)) return { records: [], problem: `${file} does not hold a JSON array` };
    return { records: value };
  } catch (error) {
    return { records: [], problem: `${file} is not valid JSON: ${(error as Error).message}` };
  }
}
