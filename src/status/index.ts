import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Feature } from '../app/feature.ts';
import type { RigBus } from '../bus/events.ts';
import type { RigApp } from '../http/server.ts';
import type { Clock } from '../lib/clock.ts';
import { type DeviceKind, deviceKinds } from '../lib/device-ref.ts';
import type { Tables } from '../store/tables.ts';
import { LiveState } from './live-state.ts';
import { StatusPersister } from './persister.ts';
import { r2labFileKinds, readR2labFile } from './r2lab-files.ts';
import { registerStatusRoutes, type StatusWriteCheck } from './routes.ts';
import type { StatusRecord } from './schema.ts';
import { LiveStatus, type StatusService } from './service.ts';
import { loadStatus } from './store/load-status.ts';

export type { StatusWriteCheck } from './routes.ts';
export type { StatusRecord, StatusSnapshot, StatusUpdate, StatusUpdateResult } from './schema.ts';
export type { StatusService } from './service.ts';

export interface StatusOptions {
  flushIntervalMs: number;
  r2labDir: string | undefined;
  /** Who may write which device's status through the API (the leases decide). */
  checkWrite: StatusWriteCheck;
}

/**
 * Live status: an in-memory state restored from the store at start, merged by every
 * writer (API, sidecar, monitors), persisted behind in batches.
 */
export class StatusFeature implements Feature {
  readonly name = 'status';
  readonly service: StatusService;
  private readonly state = new LiveState();
  private readonly persister: StatusPersister;

  constructor(
    private readonly db: Kysely<Tables>,
    private readonly bus: RigBus,
    private readonly options: StatusOptions,
    clock: Clock,
    private readonly logger: Logger,
  ) {
    this.persister = new StatusPersister(db, this.state, options, clock, logger);
    this.service = new LiveStatus(this.state, bus, this.persister);
  }

  registerRoutes(app: RigApp): void {
    registerStatusRoutes(app, this.service, this.options.checkWrite);
  }

  async start(): Promise<void> {
    const rows = await loadStatus(this.db);
    for (const kind of deviceKinds) {
      this.state.load(
        kind,
        rows.filter((r) => r.kind === kind),
      );
    }
    if (!rows.length) await this.adoptR2labFiles();
    this.persister.start();
    // A device removed from the inventory takes its live status with it.
    this.bus.on('deviceDeleted', this, ({ device }) =>
      this.service.remove(device.kind, [device.id], 'inventory'),
    );
  }

  async stop(): Promise<void> {
    this.bus.removeListeners(this);
    await this.persister.stop();
  }

  /** Flushes pending writes now (tests and shutdown). */
  flush(): Promise<void> {
    return this.persister.flush();
  }

  /** On a first start in an R2lab data directory, its JSON files seed the live status. */
  private async adoptR2labFiles(): Promise<void> {
    const dir = this.options.r2labDir;
    if (!dir) return;
    for (const kind of Object.keys(r2labFileKinds) as Array<keyof typeof r2labFileKinds & DeviceKind>) {
      const { records, problem } = await readR2labFile(dir, kind);
      if (problem) this.logger.warn({ problem }, 'ignoring an R2lab status file');
      if (records.length) {
        const adopted: StatusRecord[] = this.state.merge(kind, records);
        this.persister.changed(
          kind,
          adopted.map((r) => r.id),
        );
        this.logger.info({ kind, records: adopted.length }, 'adopted R2lab status file');
      }
    }
  }
}
