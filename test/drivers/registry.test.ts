import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DriverRegistry } from '../../src/drivers/registry.ts';
import { systemClock } from '../../src/lib/clock.ts';

const registry = () => {
  const r = new DriverRegistry({ clock: systemClock, logger: pino({ level: 'silent' }) });
  r.register({
    name: 'pdu-outlet',
    description: 'power only, for nodes',
    configSchema: z.strictObject({ outlet: z.number().int().min(1) }),
    roles: ['power'],
    kinds: ['node'],
    createPower: () => ({
      on: async () => {},
      off: async () => {},
      cycle: async () => {},
      status: async () => 'on' as const,
    }),
  });
  return r;
};

describe('driver registry bindings', () => {
  it('accepts a binding whose config the driver schema takes', () => {
    expect(
      registry().checkBinding('power', 'node', { driver: 'pdu-outlet', config: { outlet: 3 } }),
    ).toBeUndefined();
  });

  it('names what is wrong: driver, role, kind, or config path', () => {
    const r = registry();
    expect(r.checkBinding('power', 'node', { driver: 'nope', config: {} })).toBe(
      'unknown driver "nope" (known: pdu-outlet)',
    );
    expect(r.checkBinding('probe', 'node', { driver: 'pdu-outlet', config: { outlet: 1 } })).toBe(
      'driver "pdu-outlet" cannot serve as probe driver',
    );
    expect(r.checkBinding('power', 'pdu', { driver: 'pdu-outlet', config: { outlet: 1 } })).toBe(
      'driver "pdu-outlet" does not handle pdu devices',
    );
    expect(r.checkBinding('power', 'node', { driver: 'pdu-outlet', config: { outlet: 0 } })).toMatch(
      /^config\.outlet: /,
    );
  });

  it('lists its drivers by name', () => {
    expect(registry().names()).toEqual(['pdu-outlet']);
  });
});
