import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Feature } from '../app/feature.ts';
import type { RigBus } from '../bus/events.ts';
import type { RigApp } from '../http/server.ts';
import type { Clock } from '../lib/clock.ts';
import { coerceError } from '../lib/errors.ts';
import type { Tables } from '../store/tables.ts';
import { recordDomainEvents } from './domain-events.ts';
import { installAuditHook } from './http-hook.ts';
import { registerAuditRoutes } from './routes.ts';
import { AuditLog, type AuditService } from './service.ts';
import { AuditWriter } from './writer.ts';

export type { AuditActor, AuditEntry, AuditPage, AuditQuery, AuditRecord, AuditSink } from './schema.ts';
export type { AuditService } from './service.ts';

export interface AuditOptions {
  retentionDays: number;
  powerOffAtEnd: boolean;
  /** Batching period of the writes (default 500 ms). */
  flushIntervalMs?: number;
}

const DAY_MS = 86_400_000;

/**
 * The audit log. Started first and stopped last, so that what the other features record
 * while they stop is still written.
 */
export class AuditFeature implements Feature {
  readonly name = 'audit';
  readonly service: AuditService;
  private readonly writer: AuditWriter;
  private pruneTimer: NodeJS.Timeout | undefined;

  constructor(
    db: Kysely<Tables>,
    private readonly bus: RigBus,
    private readonly options: AuditOptions,
    clock: Clock,
    private readonly logger: Logger,
  ) {
    this.writer = new AuditWriter(
      db,
      { flushIntervalMs: options.flushIntervalMs ?? 500, maxPending: 100_000 },
      clock,
      logger,
    );
    this.service = new AuditLog(db, this.writer, options.retentionDays, clock);
  }

  registerRoutes(app: RigApp): void {
    installAuditHook(app, this.service);
    registerAuditRoutes(app, this.service);
  }

  async start(): Promise<void> {
    this.writer.start();
    recordDomainEvents(this.bus, this, this.service, { powerOffAtEnd: this.options.powerOffAtEnd });
    await this.prune();
    this.pruneTimer = setInterval(() => void this.prune(), DAY_MS);
    this.pruneTimer.unref?.();
  }

  async stop(): Promise<void> {
    clearInterval(this.pruneTimer);
    this.bus.removeListeners(this);
    await this.writer.stop();
  }

  private async prune(): Promise<void> {
    try {
      const pruned = await this.service.prune();
      if (pruned) this.logger.info({ pruned, retentionDays: this.options.retentionDays }, 'audit log pruned');
    } catch (error) {
      this.logger.error({ err: coerceError(error) }, 'audit prune failed');
    }
  }
}
