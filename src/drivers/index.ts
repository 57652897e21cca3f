import type { Feature } from '../app/feature.ts';
import { DriverRegistry } from './registry.ts';
import { simDriver } from './sim/driver.ts';
import { SimLab } from './sim/lab.ts';
import type { DriverContext } from './types.ts';

export type { DriverRegistry } from './registry.ts';
export type { PowerControl, PowerState, Probe } from './types.ts';

export interface DriversOptions {
  simSeed: number;
  simSpeed: number;
}

/** The driver registry with every built-in driver (this release: `sim`). */
export class DriversFeature implements Feature {
  readonly name = 'drivers';
  readonly registry: DriverRegistry;

  constructor(context: DriverContext, options: DriversOptions) {
    this.registry = new DriverRegistry(context);
    this.registry.register(simDriver(new SimLab(options.simSeed, context.clock, options.simSpeed)));
  }
}
