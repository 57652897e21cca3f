import { useMemo } from 'react';
import type { ApiClient } from '../api/client.ts';
import type { Me, Slice } from '../api/types.ts';
import { useResource } from '../forms/useResource.ts';
import { compareIds, type Device } from '../live/types.ts';
import { atLeast } from '../session/context.ts';
import type { NamedNode } from './nodes.ts';

/** The slices one may book for: one's own; any, for operators and admins. */
export function useBookableSlices(api: ApiClient, me: Me): readonly string[] {
  const operator = atLeast(me.role, 'operator');
  const all = useResource<Slice[]>(api, operator ? '/api/v1/slices' : undefined);
  return useMemo(
    () => (operator ? (all.data ?? []).map((s) => s.name) : me.slices),
    [operator, all.data, me.slices],
  );
}

/** The inventory's nodes in id order; from the inventory only, not redone on status changes. */
export function useNodeChoices(inventory: ReadonlyMap<string, Device>): readonly NamedNode[] {
  return useMemo(
    () =>
      [...inventory.values()].sort((a, b) => compareIds(a.id, b.id)).map(({ id, name }) => ({ id, name })),
    [inventory],
  );
}
