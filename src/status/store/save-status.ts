import type { Kysely } from 'kysely';
import { idKey, type StatusId } from '../../lib/device-ref.ts';
import type { Tables } from '../../store/tables.ts';
import type { StatusRecord } from '../schema.ts';

export interface StatusWrite {
  kind: string;
  id: StatusId;
  /** The record to store, or null to delete it. */
  record: StatusRecord | null;
  position: number;
}

/** Writes a batch of upserts and deletions in one transaction. */
export async function saveStatus(
  db: Kysely<Tables>,
  writes: readonly StatusWrite[],
  now: string,
): Promise<void> {
  if (!writes.length) return;
  await db.transaction().execute(async (trx) => {
    const upserts = writes.filter((w) => w.record !== null);
    // Chunks keep each statement under SQLite's bound-parameter limit.
    for (let i = 0; i < upserts.length; i += 500) {
      await trx
        .insertInto('live_status')
        .values(
          upserts.slice(i, i + 500).map((w) => ({
            kind: w.kind,
            id: idKey(w.id),
            position: w.position,
            record: JSON.stringify(w.record),
            updated_at: now,
          })),
        )
        .onConflict((oc) =>
          oc.columns(['kind', 'id']).doUpdateSet((eb) => ({
            record: eb.ref('excluded.record'),
            position: eb.ref('excluded.position'),
            updated_at: eb.ref('excluded.updated_at'),
          })),
        )
        .execute();
    }
    for (const w of writes) {
      if (w.record === null) {
        await trx
          .deleteFrom('live_status')
          .where('kind', '=', w.kind)
          .where('id', '=', idKey(w.id))
          .execute();
      }
    }
  });
}
