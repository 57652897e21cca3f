import type { SliceKeys } from '../accounts/index.ts';

/** What the accounts export needs from other features. */

/** Which slices hold a lease at a time; the leases feature offers it. */
export interface ActiveSlices {
  activeSliceNames(atMs: number): Promise<string[]>;
}

/** The enabled members of slices and their SSH keys; the accounts feature's `keys`. */
export interface SliceKeysSource {
  ofSlices(names: readonly string[]): Promise<SliceKeys[]>;
}
