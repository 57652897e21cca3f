import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ApiClient } from '../api/client.ts';
import type { Lease } from '../api/types.ts';
import type { LeaseData } from '../live/lease-data.ts';

/** The newer of two versions of a lease (ISO times of one format compare as text). */
const newer = (a: Lease | undefined, b: Lease): Lease => (a && a.updated_at > b.updated_at ? a : b);

export interface LocalChanges {
  /** Answers of this page's own POST/PATCH/DELETE, shown before their events arrive. */
  leases: ReadonlyMap<number, Lease>;
  gone: ReadonlySet<number>;
}

/**
 * The leases of a time range: the range read once by REST (past weeks are not in the live
 * topic), overlaid by the live topic and the page's own changes, the newest version of each
 * lease winning and deleted ones left out.
 */
export function useRangeLeases(
  api: ApiClient,
  live: LeaseData,
  local: LocalChanges,
  from: number,
  until: number,
): { leases: Lease[]; error: Error | undefined } {
  const [fetched, setFetched] = useState<readonly Lease[]>([]);
  const [error, setError] = useState<Error | undefined>(undefined);
  useEffect(() => {
    let current = true;
    const query = new URLSearchParams({
      after: new Date(from).toISOString(),
      before: new Date(until).toISOString(),
    });
    api.get<Lease[]>(`/api/v1/leases?${query}`).then(
      (list) => {
        if (!current) return;
        setFetched(list);
        setError(undefined);
      },
      (caught: unknown) => {
        if (current) setError(caught instanceof Error ? caught : new Error(String(caught)));
      },
    );
    return () => {
      current = false;
    };
  }, [api, from, until]);

  const { leases: liveLeases, leasesGone } = live;
  const leases = useMemo(() => {
    const merged = new Map<number, Lease>();
    for (const source of [fetched, liveLeases.values(), local.leases.values()])
      for (const lease of source) merged.set(lease.id, newer(merged.get(lease.id), lease));
    return [...merged.values()].filter(
      (lease) =>
        !leasesGone.has(lease.id) &&
        !local.gone.has(lease.id) &&
        Date.parse(lease.t_from) < until &&
        Date.parse(lease.t_until) > from,
    );
  }, [fetched, liveLeases, leasesGone, local, from, until]);
  return { leases, error };
}

/** The page's own changes, kept until their events arrive: `remember(lease)`, or `(undefined, id)` once deleted. */
export function useLocalChanges(): [LocalChanges, (lease: Lease | undefined, id: number) => void] {
  const [local, setLocal] = useState<LocalChanges>({ leases: new Map(), gone: new Set() });
  const remember = useCallback((lease: Lease | undefined, id: number) => {
    setLocal((current) => {
      const leases = new Map(current.leases);
      const gone = new Set(current.gone);
      if (lease) leases.set(id, lease);
      else {
        leases.delete(id);
        gone.add(id);
      }
      return { leases, gone };
    });
  }, []);
  return [local, remember];
}
