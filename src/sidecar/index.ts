import type { Logger } from 'pino';
import type { Feature } from '../app/feature.ts';
import type { RigBus } from '../bus/events.ts';
import type { StatusService } from '../status/index.ts';
import type { LeaseSource } from './leases.ts';
import { type SidecarOptions, SidecarServer } from './server.ts';

export type { LeaseSource } from './leases.ts';

/** The R2lab-compatible sidecar face; disabled with port 0. */
export class SidecarFeature implements Feature {
  readonly name = 'sidecar';
  readonly server: SidecarServer;

  constructor(
    status: StatusService,
    bus: RigBus,
    options: SidecarOptions,
    logger: Logger,
    leases?: LeaseSource,
  ) {
    this.server = new SidecarServer(status, bus, options, logger, leases);
  }

  async start(): Promise<void> {
    await this.server.start();
  }

  async stop(): Promise<void> {
    await this.server.stop();
  }
}
