import type { Logger } from 'pino';
import type { Feature } from '../app/feature.ts';
import type { RigBus } from '../bus/events.ts';
import type { DriverRegistry } from '../drivers/index.ts';
import type { Device, InventoryService } from '../inventory/index.ts';
import { type DeviceKind, deviceKinds, idKey } from '../lib/device-ref.ts';
import { coerceError } from '../lib/errors.ts';
import { Limiter } from '../lib/limiter.ts';
import type { StatusService } from '../status/index.ts';

export interface MonitorOptions {
  cadenceSeconds: Record<DeviceKind, number>;
  concurrency: number;
  timeoutSeconds: number;
}

/**
 * Probes every device that has a probe driver, one round per kind and period (R2lab's
 * monitors: probe, then sleep), and merges what it sees into the live status — the same
 * path as POST /api/v1/status. Probes run under a shared concurrency limit and a timeout.
 */
export class MonitorFeature implements Feature {
  readonly name = 'monitor';
  private readonly devices = new Map<DeviceKind, Map<string, Device>>();
  private readonly timers = new Map<DeviceKind, NodeJS.Timeout>();
  private readonly limiter: Limiter;
  private readonly rounds = new Set<Promise<void>>();
  private abort = new AbortController();
  /** While start() reads the inventory: notes devices that events told about meanwhile. */
  private heard: ((device: Device) => void) | undefined;

  constructor(
    private readonly inventory: InventoryService,
    private readonly drivers: DriverRegistry,
    private readonly status: StatusService,
    private readonly bus: RigBus,
    private readonly options: MonitorOptions,
    private readonly logger: Logger,
  ) {
    this.limiter = new Limiter(options.concurrency);
  }

  async start(): Promise<void> {
    this.abort = new AbortController();
    // Listen first, so that a device changed while the list is read is not missed; what an
    // event said about a device is newer than what the list holds.
    const heard = new Set<string>();
    this.bus.on('deviceCreated', this, ({ device }) => this.track(device));
    this.bus.on('deviceUpdated', this, ({ device }) => this.track(device));
    this.bus.on('deviceDeleted', this, ({ device }) => {
      this.heard?.(device);
      this.devices.get(device.kind)?.delete(idKey(device.id));
      this.drivers.forget(device);
    });
    this.heard = (device) => heard.add(`${device.kind}/${idKey(device.id)}`);
    try {
      for (const device of await this.inventory.all()) {
        if (!heard.has(`${device.kind}/${idKey(device.id)}`)) this.track(device);
      }
    } finally {
      this.heard = undefined;
    }
    for (const kind of deviceKinds) this.schedule(kind, 0);
  }

  async stop(): Promise<void> {
    this.bus.removeListeners(this);
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.abort.abort(new Error('monitor stopping'));
    await Promise.allSettled([...this.rounds]);
  }

  /** Keeps the device if it has a probe driver. */
  private track(device: Device): void {
    this.heard?.(device);
    let table = this.devices.get(device.kind);
    if (!table) {
      table = new Map();
      this.devices.set(device.kind, table);
    }
    const key = idKey(device.id);
    if (device.drivers.probe) table.set(key, device);
    else table.delete(idKey(device.id));
  }

  private schedule(kind: DeviceKind, delayMs: number): void {
    if (this.abort.signal.aborted) return;
    const timer = setTimeout(() => {
      const round = this.round(kind).finally(() => {
        this.rounds.delete(round);
        this.schedule(kind, this.options.cadenceSeconds[kind] * 1000);
      });
      this.rounds.add(round);
    }, delayMs);
    timer.unref?.();
    this.timers.set(kind, timer);
  }

  private async round(kind: DeviceKind): Promise<void> {
    const devices = [...(this.devices.get(kind)?.values() ?? [])];
    await Promise.all(devices.map((device) => this.limiter.run(() => this.probeOne(device))));
  }

  private async probeOne(device: Device): Promise<void> {
    if (this.abort.signal.aborted) return;
    const signal = AbortSignal.any([
      this.abort.signal,
      AbortSignal.timeout(this.options.timeoutSeconds * 1000),
    ]);
    try {
      const probe = this.drivers.probe(device);
      if (!probe) return;
      // A driver that ignores its signal must not hold the round (nor stop) forever.
      const observed = await untilAborted(probe.probe(signal), signal);
      if (this.abort.signal.aborted) return;
      // A device deleted (or changed) meanwhile: its status is gone, or a newer probe will tell.
      if (this.devices.get(device.kind)?.get(idKey(device.id)) !== device) return;
      // The id first, as R2lab's records have it; a driver cannot change it.
      this.status.update(
        device.kind,
        [Object.assign({ id: device.id }, observed, { id: device.id })],
        'monitor',
      );
    } catch (error) {
      if (this.abort.signal.aborted) return;
      this.logger.debug({ kind: device.kind, id: device.id, err: coerceError(error) }, 'probe failed');
    }
  }
}

/** Settles like `work`, or rejects with the signal's reason as soon as it aborts. */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
