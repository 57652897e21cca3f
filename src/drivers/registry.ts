import type { Device, DriverBinding, DriverCatalog } from '../inventory/index.ts';
import { type DeviceKind, idKey } from '../lib/device-ref.ts';
import { RigError } from '../lib/errors.ts';
import { formatPath } from '../lib/yaml.ts';
import type { DriverContext, DriverDefinition, DriverRole, PowerControl, Probe } from './types.ts';

/**
 * The drivers Rig knows, by name. Checks bindings for the inventory and builds one driver
 * instance per device binding, rebuilt when the device changes.
 */
export class DriverRegistry implements DriverCatalog {
  private readonly definitions = new Map<string, DriverDefinition<unknown>>();
  /** Instances by device and role, with the device they were built from. */
  private readonly instances = new Map<string, { built: string; instance: PowerControl | Probe }>();

  constructor(private readonly context: DriverContext) {}

  register<C>(definition: DriverDefinition<C>): void {
    this.definitions.set(definition.name, definition as DriverDefinition<unknown>);
  }

  names(): string[] {
    return [...this.definitions.keys()].sort();
  }

  checkBinding(role: DriverRole, kind: DeviceKind, binding: DriverBinding): string | undefined {
    const definition = this.definitions.get(binding.driver);
    if (!definition) return `unknown driver "${binding.driver}" (known: ${this.names().join(', ')})`;
    if (!definition.roles.includes(role)) return `driver "${binding.driver}" cannot serve as ${role} driver`;
    if (definition.kinds && !definition.kinds.includes(kind)) {
      return `driver "${binding.driver}" does not handle ${kind} devices`;
    }
    const parsed = definition.configSchema.safeParse(binding.config);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return `config.${issue ? `${formatPath(issue.path)}: ${issue.message}` : 'invalid'}`;
    }
    return undefined;
  }

  /** The power control of a device, or undefined when it has no power driver. */
  power(device: Device): PowerControl | undefined {
    return this.instance(device, 'power') as PowerControl | undefined;
  }

  /** The probe of a device, or undefined when it has no probe driver. */
  probe(device: Device): Probe | undefined {
    return this.instance(device, 'probe') as Probe | undefined;
  }

  /** Drops instances of devices that no longer exist. */
  forget(device: Pick<Device, 'kind' | 'id'>): void {
    for (const role of ['power', 'probe'] as const) this.instances.delete(this.key(device, role));
  }

  private key(device: Pick<Device, 'kind' | 'id'>, role: DriverRole): string {
    return `${device.kind}/${idKey(device.id)}/${role}`;
  }

  private instance(device: Device, role: DriverRole): PowerControl | Probe | undefined {
    const binding = device.drivers[role];
    if (!binding) return undefined;
    const key = this.key(device, role);
    // The whole device, not its revision: a device deleted and created again restarts at 1.
    const built = JSON.stringify(device);
    const cached = this.instances.get(key);
    if (cached && cached.built === built) return cached.instance;
    const definition = this.definitions.get(binding.driver);
    if (!definition) throw new RigError('RIG_ERR_VALIDATION', `unknown driver "${binding.driver}"`);
    const config = definition.configSchema.parse(binding.config);
    const instance =
      role === 'power'
        ? definition.createPower?.(device, config, this.context)
        : definition.createProbe?.(device, config, this.context);
    if (!instance)
      throw new RigError('RIG_ERR_VALIDATION', `driver "${binding.driver}" cannot serve as ${role} driver`);
    this.instances.set(key, { built, instance });
    return instance;
  }
}
