import type { Db } from './select-leases.ts';

/** Records that a lease's start (1) or end (2) was announced; false if it already was. */
export async function markPhase(db: Db, id: number, phase: 1 | 2): Promise<boolean> {
  const result = await db
    .updateTable('leases')
    .set({ phase })
    .where('id', '=', id)
    .where('phase', '<', phase)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** The next start or end still to announce after `now`, or undefined when there is none. */
export async function nextBoundary(db: Db, now: string): Promise<string | undefined> {
  const start = await db
    .selectFrom('leases')
    .select((eb) => eb.fn.min('t_from').as('at'))
    .where('phase', '=', 0)
    .where('t_from', '>', now)
    .executeTakeFirst();
  const end = await db
    .selectFrom('leases')
    .select((eb) => eb.fn.min('t_until').as('at'))
    .where('phase', '<', 2)
    .where('t_until', '>', now)
    .executeTakeFirst();
  const times = [start?.at, end?.at].filter((t): t is string => typeof t === 'string');
  return times.sort()[0];
}
