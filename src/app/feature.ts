import type { RigApp } from '../http/server.ts';

/**
 * A feature: built by the composition root with everything it needs (no I/O in the
 * constructor), started in order, stopped in reverse order. One that fails to stop does not
 * keep the others from stopping.
 */
export interface Feature {
  readonly name: string;
  /** Adds HTTP routes; called once, before the server listens. */
  registerRoutes?(app: RigApp): void;
  start?(): Promise<void>;
  stop?(): Promise<void>;
}
