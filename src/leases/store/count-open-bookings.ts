import type { Db } from './select-leases.ts';

/** Leases a user booked that have not ended yet (the `maxFutureBookings` limit). */
export async function countOpenBookings(db: Db, userId: number, now: string): Promise<number> {
  const row = await db
    .selectFrom('leases')
    .select((eb) => eb.fn.countAll<string | number>().as('count'))
    .where('created_by', '=', userId)
    .where('t_until', '>', now)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}
