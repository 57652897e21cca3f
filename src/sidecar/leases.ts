/**
 * Where the sidecar's leases come from: Rig's lease service once it exists, in R2lab's
 * LeaseRead format, sorted by t_from (sidecar-protocol.md §7.4).
 */
export interface LeaseSource {
  /** Leases that end after local midnight today. */
  current(): Promise<unknown[]>;
}
