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

/** What the seed decides about one device, for whatever its binding's config leaves open. */
export interface SimTraits {
  bootPingSeconds: number;
  /** Seconds from ping to ssh. */
  sshDelaySeconds: number;
  osRelease: string;
}

/**
 * One simulated device: its power, when it was powered on (in simulated seconds), and its
 * seed-drawn traits. Its power and probe bindings share it; each applies its own config.
 */
export class SimDevice {
  powered: boolean;
  poweredAt: number;
  readonly traits: SimTraits;
  readonly random: Random;
  /** Instrument readings, advanced by each probe. */
  readonly readings: Record<string, number> = {};

  constructor(
    readonly kind: DeviceKind,
    initial: 'on' | 'off' | undefined,
    seed: number,
    now: number,
  ) {
    this.random = seededRandom(seed);
    // Always drawn, in this order, so that a config fixing one trait does not shift the others.
    this.traits = {
      bootPingSeconds: between(this.random, 6, 14),
      sshDelaySeconds: between(this.random, 3, 8),
      osRelease: pick(this.random, osReleases),
    };
    this.powered = (initial ?? (kind === 'node' ? 'off' : 'on')) === 'on';
    // Booted since long ago when it starts powered.
    this.poweredAt = now - 3600;
  }
}

/** The behaviour of a device under one binding's config: the config wins over the seed. */
export function simBehaviour(sim: SimDevice, config: SimConfig) {
  const bootPingSeconds = config.bootSeconds ?? sim.traits.bootPingSeconds;
  const osRelease = config.os ?? sim.traits.osRelease;
  return {
    bootPingSeconds,
    bootSshSeconds: bootPingSeconds + sim.traits.sshDelaySeconds,
    osRelease,
    imageRadical: config.image ?? imageOf[osRelease] ?? 'custom',
    uname: unameOf[osRelease] ?? '6.1.0-26-amd64',
    usrpType: config.usrp ?? 'none',
  };
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
      device = new SimDevice(kind, config.initial, hashString(`${this.seed}/${key}`), this.now());
      this.devices.set(key, device);
    }
    return device;
  }

  /** Waits `ms` of simulated time (a power action's latency). */
  async delay(ms: number, signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
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
