import type { Clock } from '../../lib/clock.ts';
import { type DeviceKind, idKey, type StatusId } from '../../lib/device-ref.ts';
import { between, hashString, pick, type Random, seededRandom } from '../../lib/random.ts';
import type { SimConfig } from './config.ts';

const osReleases = ['ubuntu-24.04', 'ubuntu-22.04', 'fedora-41', 'ubuntu-20.04'];
const imageOf: Record<string, string> = {
  'ubuntu-24.04': 'u24',
  'ubuntu-22.04': 'u22',
  'ubuntu-20.04': 'u20',
  'fedora-41': 'f41',
};
const unameOf: Record<string, string> = {
  'ubuntu-24.04': '6.8.0-45-generic',
  'ubuntu-22.04': '5.15.0-119-generic',
  'ubuntu-20.04': '5.4.0-193-generic',
  'fedora-41': '6.11.4-301.fc41.x86_64',
};

/** One simulated device: its power, and when it was powered on (in simulated seconds). */
export class SimDevice {
  powered: boolean;
  poweredAt = 0;
  readonly bootPingSeconds: number;
  readonly bootSshSeconds: number;
  osRelease: string;
  imageRadical: string;
  readonly usrpType: string;
  readonly random: Random;
  /** Instrument readings, advanced by each probe. */
  readonly readings: Record<string, number> = {};

  constructor(
    readonly kind: DeviceKind,
    readonly config: SimConfig,
    seed: number,
    now: number,
  ) {
    this.random = seededRandom(seed);
    this.powered = (config.initial ?? (kind === 'node' ? 'off' : 'on')) === 'on';
    this.bootPingSeconds = config.bootSeconds ?? between(this.random, 6, 14);
    this.bootSshSeconds = this.bootPingSeconds + between(this.random, 3, 8);
    this.osRelease = config.os ?? pick(this.random, osReleases);
    this.imageRadical = config.image ?? imageOf[this.osRelease] ?? 'custom';
    this.usrpType = config.usrp ?? 'none';
    // Booted since long ago when it starts powered.
    this.poweredAt = now - 3600;
  }

  get uname(): string {
    return unameOf[this.osRelease] ?? '6.1.0-26-amd64';
  }
}

/**
 * The simulated hardware of a lab, shared by the `sim` power and probe drivers of each
 * device. Behaviour is drawn from one seed, so a demo run can be replayed; time runs
 * `speed` times faster than the clock.
 */
export class SimLab {
  private readonly devices = new Map<string, SimDevice>();

  constructor(
    private readonly seed: number,
    private readonly clock: Clock,
    private readonly speed: number,
  ) {}

  /** Simulated seconds since the epoch. */
  now(): number {
    return (this.clock.now() * this.speed) / 1000;
  }

  device(kind: DeviceKind, id: StatusId, config: SimConfig): SimDevice {
    const key = `${kind}/${idKey(id)}`;
    let device = this.devices.get(key);
    if (!device) {
      device = new SimDevice(kind, config, hashString(`${this.seed}/${key}`), this.now());
      this.devices.set(key, device);
    }
    return device;
  }

  /** Waits `ms` of simulated time (a power action's latency). */
  async delay(ms: number, signal?: AbortSignal): Promise<void> {
    const real = ms / this.speed;
    if (real <= 0) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(resolve, real);
      signal?.addEventListener(
        'abort',
        () => {
          clearTimeout(timer);
          reject(signal.reason);
        },
        { once: true },
      );
    });
  }
}
