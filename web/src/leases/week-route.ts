import { toLocalInput } from './calendar.ts';

/** `#/leases?week=2026-11-16&node=12`: the week shown (a local day of it) and the node filter. */
export const dayParam = (ms: number): string => toLocalInput(ms).slice(0, 10);

export function parseDay(text: string | null): number | undefined {
  const match = text ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(text) : null;
  return match ? new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3])).getTime() : undefined;
}

/** A node id: digits are an integer id (names may not be all digits). */
export const nodeParam = (text: string | null): number | string | undefined =>
  !text ? undefined : /^\d+$/.test(text) ? Number(text) : text;
