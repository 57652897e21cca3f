import type { z } from 'zod';
import type { Lease, LeaseCreate, LeaseListQuery, LeaseUpdate } from '../leases/schema.ts';
import type { RigClient } from './http.ts';

export type LeaseQuery = Partial<z.infer<typeof LeaseListQuery>>;

/** Bookings of nodes by slices (`/api/v1/leases`). */
export class LeasesClient {
  constructor(private readonly http: RigClient) {}

  /** Leases ending after `after` (default: today's local midnight on the server), by t_from. */
  list(query: LeaseQuery = {}): Promise<Lease[]> {
    return this.http.request('GET', '/api/v1/leases', { query: { ...query } });
  }

  /** The booking rules: grain and user limits. */
  rules(): Promise<{
    grain_seconds: number;
    max_duration_hours: number;
    max_future_bookings: number;
    max_advance_days: number;
    power_off_at_end: boolean;
  }> {
    return this.http.request('GET', '/api/v1/leases/rules');
  }

  get(id: number): Promise<Lease> {
    return this.http.request('GET', `/api/v1/leases/${id}`);
  }

  /** Books; an overlap is a 409 naming the conflicting lease. */
  create(input: LeaseCreate): Promise<Lease> {
    return this.http.request('POST', '/api/v1/leases', { body: input });
  }

  /** Moves the start (before it) or the end: later extends, earlier shortens. */
  update(id: number, change: LeaseUpdate): Promise<Lease> {
    return this.http.request('PATCH', `/api/v1/leases/${id}`, { body: change });
  }

  /**
   * Cancels: a future lease is deleted (undefined), a running one ends now (the lease as
   * shrunk).
   */
  async cancel(id: number): Promise<Lease | undefined> {
    const answer = await this.http.request<Lease | undefined>('DELETE', `/api/v1/leases/${id}`);
    return answer ?? undefined;
  }
}
