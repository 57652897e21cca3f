import type { Logger } from 'pino';
import type { Feature } from '../app/feature.ts';
import type { DriverRegistry } from '../drivers/index.ts';
import type { InventoryService } from '../inventory/index.ts';
import { coerceError, RigError } from '../lib/errors.ts';
import { hashString, pick, seededRandom } from '../lib/random.ts';
import type { StatusService } from '../status/index.ts';
import type { DemoAccounts } from './accounts.ts';
import { demoInventory } from './inventory.ts';

export { DemoAccounts } from './accounts.ts';

export interface DemoOptions {
  seed: number;
  /** Simulated experimenters switch nodes on and off. */
  activity: boolean;
  /** Time factor of the simulation. */
  speed: number;
}

/**
 * The simulated demo lab: creates the devices that are missing (an operator's changes to
 * them are kept across restarts), powers part of the lab on, and plays experimenters who
 * switch nodes on and off. Everything goes through the inventory, the drivers and the
 * monitors, the same paths real hardware takes. With `accounts`, it also books the demo's
 * leases and prints the demo logins.
 */
export class DemoFeature implements Feature {
  readonly name = 'demo';
  private timer: NodeJS.Timeout | undefined;
  private readonly random;
  private pending: Promise<void> | undefined;

  constructor(
    private readonly inventory: InventoryService,
    private readonly drivers: DriverRegistry,
    private readonly status: StatusService,
    private readonly options: DemoOptions,
    private readonly logger: Logger,
    /** Demo users, slices and leases, and the logins printed at start. */
    private readonly accounts?: DemoAccounts,
  ) {
    this.random = seededRandom(hashString(`demo/${options.seed}`));
  }

  async start(): Promise<void> {
    let created = 0;
    for (const device of demoInventory()) {
      try {
        await this.inventory.create(device);
        created++;
      } catch (error) {
        if (!(error instanceof RigError && error.code === 'RIG_ERR_DUPLICATE')) throw error;
      }
    }
    if (created) await this.firstBoot();
    await this.accounts?.finish();
    this.logger.info({ created, seed: this.options.seed }, 'demo lab ready');
    if (this.options.activity) this.scheduleActivity();
  }

  async stop(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.pending;
  }

  /** On the first start: most nodes on, and a few marked unavailable as R2lab's nightly does. */
  private async firstBoot(): Promise<void> {
    const nodes = await this.inventory.all('node');
    await Promise.all(nodes.filter(() => this.random() < 0.6).map((node) => this.drivers.power(node)?.on()));
    const unavailable = nodes.filter(() => this.random() < 0.08).map((n) => ({ id: n.id, available: 'ko' }));
    this.status.update('node', unavailable, 'demo');
  }

  private scheduleActivity(): void {
    const delay = (2000 + this.random() * 4000) / this.options.speed;
    this.timer = setTimeout(() => {
      this.pending = this.act()
        .catch((error) => this.logger.warn({ err: coerceError(error) }, 'demo activity failed'))
        .finally(() => {
          this.pending = undefined;
          if (this.timer) this.scheduleActivity();
        });
    }, delay);
    this.timer.unref?.();
  }

  /** One simulated experimenter action: switch a node on or off, or a phone's airplane mode. */
  private async act(): Promise<void> {
    const kind = this.random() < 0.85 ? 'node' : 'phone';
    const devices = await this.inventory.all(kind);
    if (!devices.length) return;
    const device = pick(this.random, devices);
    const power = this.drivers.power(device);
    if (!power) return;
    const on = (await power.status()) === 'on';
    if (on) await power.off();
    else await power.on();
    this.logger.debug({ kind, id: device.id, power: on ? 'off' : 'on' }, 'demo experimenter');
  }
}
