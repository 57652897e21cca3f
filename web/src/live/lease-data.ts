import type { Lease } from '../api/types.ts';

/** The leases the page knows from the `leases` topic of /api/v1/events, by id. */
export interface LeaseData {
  leases: ReadonlyMap<number, Lease>;
  /** Ids deleted while the page watched: a week fetched by REST must not bring them back. */
  leasesGone: ReadonlySet<number>;
  leasesLoaded: boolean;
}

export const initialLeaseData: LeaseData = { leases: new Map(), leasesGone: new Set(), leasesLoaded: false };

const isLease = (value: unknown): value is Lease =>
  typeof value === 'object' && value !== null && typeof (value as Lease).id === 'number';

export function leaseSnapshot(data: unknown): LeaseData | undefined {
  const list = Array.isArray(data) ? data : (data as { leases?: unknown } | null)?.leases;
  if (!Array.isArray(list)) return undefined;
  return {
    leases: new Map(list.filter(isLease).map((lease) => [lease.id, lease])),
    leasesGone: new Set(),
    leasesLoaded: true,
  };
}

export const leaseEventTypes = new Set(['leaseChanged', 'leaseStarted', 'leaseEnded']);

/** Applies one lease event to copies made on first use (one copy per frame). */
export class LeaseDraft {
  private leases: Map<number, Lease> | undefined;
  private gone: Set<number> | undefined;

  constructor(private readonly base: LeaseData) {}

  apply(type: string, data: unknown): void {
    const { lease, change } = (data ?? {}) as { lease?: unknown; change?: string };
    if (!isLease(lease)) return;
    this.leases ??= new Map(this.base.leases);
    if (type === 'leaseChanged' && change === 'deleted') {
      this.leases.delete(lease.id);
      this.gone ??= new Set(this.base.leasesGone);
      this.gone.add(lease.id);
    } else {
      this.leases.set(lease.id, lease);
    }
  }

  result(): Pick<LeaseData, 'leases' | 'leasesGone'> {
    return { leases: this.leases ?? this.base.leases, leasesGone: this.gone ?? this.base.leasesGone };
  }
}
