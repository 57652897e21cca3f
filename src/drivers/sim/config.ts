import { z } from 'zod';

export const SimConfig = z
  .strictObject({
    initial: z
      .enum(['on', 'off'])
      .optional()
      .describe('Power state at start (default: off for nodes, on otherwise)'),
    bootSeconds: z
      .number()
      .positive()
      .max(3600)
      .optional()
      .describe('Seconds from power-on to ping (ssh follows); default drawn from the seed'),
    os: z.string().max(64).optional().describe('os_release once booted, e.g. ubuntu-24.04'),
    image: z.string().max(128).optional().describe('image_radical once booted'),
    usrp: z.string().max(32).optional().describe('USRP type (none: no USRP)'),
    flaky: z.number().min(0).max(1).default(0).describe('Probability that a probe reports a CMC failure'),
    instrument: z.enum(['hv-supply', 'chiller']).optional().describe('What an instrument simulates'),
    latencyMs: z.number().min(0).max(60_000).default(50).describe('Simulated duration of a power action'),
  })
  .describe('Simulated hardware that behaves like the real thing, reproducibly for a given seed');
export type SimConfig = z.infer<typeof SimConfig>;
