import type { Logger } from 'pino';
import type { Feature } from '../app/feature.ts';
import type { RigBus } from '../bus/events.ts';
import type { Clock } from '../lib/clock.ts';
import { Coalescer } from './coalesce.ts';
import { AccountsExport, type ExportOptions, type ExportPass } from './exporter.ts';
import type { ActiveSlices, SliceKeysSource } from './sources.ts';

export type { ExportOptions, ExportPass } from './exporter.ts';
export type { Layout } from './layout.ts';
export type { ActiveSlices, SliceKeysSource } from './sources.ts';

export interface KeyExportTiming {
  /** A burst of changes within this makes one rewrite. */
  delayMs: number;
  /** A failed rewrite is tried again after this, if no change comes first. */
  retryMs: number;
}

/**
 * The accounts export (R2lab's accountsmanager): an authorized_keys file per slice that
 * holds a current lease, with its members' keys, rewritten when leases start or end or
 * change, when members or keys change, and at start. Failures are logged, never fatal.
 */
export class KeyExportFeature implements Feature {
  readonly name = 'keyexport';
  private readonly exporter: AccountsExport;
  private readonly runs: Coalescer;
  /** Passes run so far, failed ones included. */
  passes = 0;
  /** What the last pass did; undefined when it failed. */
  lastPass: ExportPass | undefined;

  constructor(
    keys: SliceKeysSource,
    active: ActiveSlices,
    private readonly bus: RigBus,
    options: ExportOptions,
    clock: Clock,
    private readonly logger: Logger,
    timing: KeyExportTiming = { delayMs: 100, retryMs: 60_000 },
  ) {
    this.exporter = new AccountsExport(keys, active, options, clock, logger);
    this.runs = new Coalescer(() => this.pass(), {
      ...timing,
      onError: (err) =>
        logger.error({ err, dir: options.dir }, 'accounts export failed; retrying on the next change'),
    });
  }

  async start(): Promise<void> {
    const request = () => this.runs.request();
    for (const fact of [
      'leaseStarted',
      'leaseEnded',
      'leaseChanged',
      'sliceChanged',
      'sshKeysChanged',
      'userUpdated',
      'userDeleted',
    ] as const) {
      this.bus.on(fact, this, request);
    }
    await this.runs.runNow();
  }

  async stop(): Promise<void> {
    this.bus.removeListeners(this);
    await this.runs.stop();
  }

  /** Resolves once no rewrite is waiting or running (tests, tools). */
  settled(): Promise<void> {
    return this.runs.idle();
  }

  private async pass(): Promise<void> {
    this.passes++;
    this.lastPass = undefined;
    const pass = await this.exporter.run();
    this.lastPass = pass;
    if (pass.written || pass.removed) this.logger.info(pass, 'accounts export updated');
  }
}
