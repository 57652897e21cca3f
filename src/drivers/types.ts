import type { Logger } from 'pino';
import type { z } from 'zod';
import type { Device } from '../inventory/index.ts';
import type { Clock } from '../lib/clock.ts';
import type { DeviceKind } from '../lib/device-ref.ts';

export type PowerState = 'on' | 'off' | 'unknown';

/** Power control of one device (a PDU outlet, a PoE port, a CMC card, …). */
export interface PowerControl {
  on(signal?: AbortSignal): Promise<void>;
  off(signal?: AbortSignal): Promise<void>;
  cycle(signal?: AbortSignal): Promise<void>;
  status(signal?: AbortSignal): Promise<PowerState>;
}

/**
 * Probing of one device: returns the live-status fields it observed (without the id),
 * which the monitor merges into the device's live status.
 */
export interface Probe {
  probe(signal: AbortSignal): Promise<Record<string, unknown>>;
}

export interface DriverContext {
  clock: Clock;
  logger: Logger;
}

export type DriverRole = 'power' | 'probe';

export interface DriverDefinition<Config = unknown> {
  readonly name: string;
  readonly description: string;
  /** Validates and completes a binding's `config`. */
  readonly configSchema: z.ZodType<Config>;
  readonly roles: readonly DriverRole[];
  /** Kinds it can serve; undefined: any. */
  readonly kinds?: readonly DeviceKind[];
  createPower?(device: Device, config: Config, context: DriverContext): PowerControl;
  createProbe?(device: Device, config: Config, context: DriverContext): Probe;
}
