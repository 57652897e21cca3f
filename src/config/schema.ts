import { z } from 'zod';

/**
 * The one schema of Rig's configuration. Defaults, validation, types and the generated
 * configuration reference (docs/configuration.md) all come from here.
 */
const seconds = (def: number, what: string) => z.number().positive().default(def).describe(what);

/** An IPv4 or IPv6 network, `a.b.c.d/n` or `x:y::/n`. */
const cidr = z.string().refine(
  (value) => {
    const [address, bits, extra] = value.split('/');
    if (extra !== undefined || !address || bits === undefined || !/^\d{1,3}$/.test(bits)) return false;
    const v4 = z.ipv4().safeParse(address).success;
    const v6 = z.ipv6().safeParse(address).success;
    return (v4 && Number(bits) <= 32) || (v6 && Number(bits) <= 128);
  },
  { message: 'a network like 192.168.3.0/24 or ::1/128' },
);

const logLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

export const configSchema = z.strictObject({
  host: z.string().min(1).default('127.0.0.1').describe('Address the API and dashboard listen on'),
  port: z.number().int().min(0).max(65535).default(8080).describe('Port of the API and dashboard (0: any)'),
  data: z.string().min(1).default('./rig-data').describe('Data directory: database file, logs, R2lab files'),
  db: z
    .string()
    // Same rule as the store's URL parser; checked here so the error names the key.
    .refine((url) => /^(sqlite:.+|postgres(ql)?:\/\/.+)$/.test(url) || !/^[a-z][a-z0-9+.-]*:/i.test(url), {
      message: 'a database URL: sqlite:PATH, a file path, or postgres://…',
    })
    .default('')
    .describe('Database: `sqlite:PATH` or a file path (default `sqlite:<data>/rig.db`), or `postgres://…`'),
  sidecar: z
    .strictObject({
      port: z.number().int().min(0).max(65535).default(10000).describe('R2lab sidecar port; 0 disables it'),
      host: z.string().min(1).optional().describe('Address of the sidecar face (default: `host`)'),
      pingIntervalSeconds: seconds(20, 'Ping period; a client that misses a pong for this long is closed'),
      maxBufferedBytes: z
        .number()
        .int()
        .positive()
        .default(1 << 20)
        .describe('Bytes queued to one client before its updates are coalesced per id'),
      leasePollSeconds: seconds(10, 'Period of the leases broadcast (R2lab: 10 s)'),
      trustedNetworks: z
        .array(cidr)
        .default(['127.0.0.1/32', '::1/128'])
        .describe('Addresses whose sidecar writes need no token (R2lab monitors on the gateway)'),
    })
    .prefault({})
    .describe('The R2lab-compatible websocket face'),
  status: z
    .strictObject({
      flushIntervalMs: z
        .number()
        .int()
        .min(10)
        .max(60_000)
        .default(250)
        .describe('Batching period of status writes to the store and to the R2lab files'),
      r2labFiles: z
        .boolean()
        .default(true)
        .describe('Keep nodes.json, phones.json and pdus.json in R2lab format'),
      r2labDir: z.string().optional().describe('Directory of the R2lab JSON files (default: the data dir)'),
    })
    .prefault({})
    .describe('Live status: write-behind persistence and the R2lab files'),
  events: z
    .strictObject({
      backlog: z
        .number()
        .int()
        .min(100)
        .default(10_000)
        .describe('Events kept for clients that resume with their last sequence number'),
      heartbeatSeconds: seconds(15, 'Period of heartbeat messages on /api/v1/events'),
      maxBufferedBytes: z
        .number()
        .int()
        .positive()
        .default(8 << 20)
        .describe('Bytes queued to one client before it is dropped (it may resume)'),
    })
    .prefault({})
    .describe('The /api/v1/events websocket'),
  monitor: z
    .strictObject({
      enabled: z.boolean().default(true).describe('Probe devices that have a probe driver'),
      cadenceSeconds: z
        .strictObject({
          node: seconds(2, 'Probe period of nodes'),
          phone: seconds(2, 'Probe period of phones'),
          pdu: seconds(1, 'Probe period of PDUs'),
          switch: seconds(5, 'Probe period of switches'),
          instrument: seconds(1, 'Probe period of instruments'),
        })
        .prefault({})
        .describe('Probe period per kind of device'),
      concurrency: z.number().int().min(1).max(1024).default(64).describe('Probes running at once'),
      timeoutSeconds: seconds(5, 'A probe that takes longer fails'),
    })
    .prefault({})
    .describe('Monitors: probing of devices through their probe driver'),
  demo: z
    .strictObject({
      enabled: z.boolean().default(false).describe('Create and run the simulated demo lab'),
      seed: z.number().int().default(42).describe('Seed of the simulated lab (same seed, same behaviour)'),
      activity: z.boolean().default(true).describe('Simulated experimenters power nodes on and off'),
      speed: z.number().positive().max(1000).default(1).describe('Time factor of the simulated hardware'),
    })
    .prefault({})
    .describe('The simulated demo lab (`rig serve --demo`)'),
  log: z
    .strictObject({
      level: logLevel.default('info').describe('Log level'),
      fileMaxBytes: z
        .number()
        .int()
        .min(1024)
        .default(10 << 20)
        .describe('Size at which logs/rig.log is rotated'),
      fileCount: z
        .number()
        .int()
        .min(2)
        .max(100)
        .default(5)
        .describe('Log files kept: logs/rig.log and the rotated rig.log.1, rig.log.2, …'),
    })
    .prefault({})
    .describe('Logging: to stderr and to logs/rig.log in the data dir'),
  auth: z
    .strictObject({
      enabled: z
        .boolean()
        .default(true)
        .describe('Require a login or an API token; false lets anyone act as admin (private labs only)'),
      sessionHours: seconds(12, 'Lifetime of a dashboard session'),
      tokenDays: seconds(90, 'Default lifetime of an API token'),
      loginAttempts: z
        .number()
        .int()
        .min(1)
        .max(1000)
        .default(5)
        .describe('Failed logins allowed per window'),
      loginWindowSeconds: seconds(60, 'Window of the failed-login limit, per user name and per address'),
    })
    .prefault({})
    .describe('Authentication: users, sessions, API tokens'),
  tls: z
    .strictObject({
      cert: z
        .string()
        .min(1)
        .optional()
        .describe('PEM certificate file: serve HTTPS and WSS (API and sidecar)'),
      key: z.string().min(1).optional().describe('PEM private key file of the certificate'),
    })
    .refine((tls) => !tls.cert === !tls.key, { message: 'tls.cert and tls.key go together' })
    .prefault({})
    .describe('TLS for the API, the dashboard and the sidecar face'),
  leases: z
    .strictObject({
      grainSeconds: z
        .number()
        .int()
        .min(1)
        .max(86_400)
        .default(600)
        .describe('Leases start and end on multiples of this (R2lab: 600 s)'),
      maxDurationHours: seconds(12, 'Longest lease a user may book (operators and admins: no limit)'),
      maxFutureBookings: z
        .number()
        .int()
        .min(0)
        .max(10_000)
        .default(10)
        .describe('Leases not yet ended a user may hold (operators and admins: no limit)'),
      maxAdvanceDays: seconds(60, 'How far ahead a lease may start'),
      powerOffAtEnd: z.boolean().default(false).describe("Power off a lease's nodes when it ends"),
    })
    .prefault({})
    .describe('Leases: bookings of nodes by slices'),
  accounts: z
    .strictObject({
      exportDir: z
        .string()
        .min(1)
        .optional()
        .describe("Directory of the slices' authorized_keys files (unset: no export)"),
      layout: z
        .enum(['file', 'home'])
        .default('file')
        .describe('file: DIR/<slice>.authorized_keys; home: DIR/<slice>/.ssh/authorized_keys'),
    })
    .prefault({})
    .describe('Accounts export: SSH keys of the slices that hold a lease, like R2lab accountsmanager'),
  http: z
    .strictObject({
      bodyLimitBytes: z
        .number()
        .int()
        .min(1024)
        .default(16 << 20)
        .describe('Largest accepted request body'),
      trustProxy: z
        .array(cidr)
        .default([])
        .describe(
          'Networks of reverse proxies (nginx) whose X-Forwarded-For/-Proto/-Host are believed: the client address of the audit log, the login limit and the sidecar trusted networks is then the real one',
        ),
    })
    .prefault({})
    .describe('The HTTP API'),
  audit: z
    .strictObject({
      retentionDays: z
        .number()
        .int()
        .min(1)
        .max(36_500)
        .default(365)
        .describe('Audit entries older than this are deleted (checked daily)'),
    })
    .prefault({})
    .describe('The audit log: who did what, when, with what result'),
});

export type ConfigInput = z.input<typeof configSchema>;
export type RigConfig = z.output<typeof configSchema>;

/** Environment variables and the keys they set; parsed with the type of that key. */
export const envOverrides = {
  RIG_HOST: 'host',
  RIG_PORT: 'port',
  RIG_DATA: 'data',
  RIG_DB: 'db',
  RIG_SIDECAR_PORT: 'sidecar.port',
  RIG_LOG_LEVEL: 'log.level',
  RIG_DEMO: 'demo.enabled',
  RIG_DEMO_SEED: 'demo.seed',
  RIG_TLS_CERT: 'tls.cert',
  RIG_TLS_KEY: 'tls.key',
  RIG_AUTH: 'auth.enabled',
} as const;

/** Flags of `rig serve` and the keys they set (src/cli/serve.ts); they win over all else. */
export const cliFlags = {
  host: '--host',
  port: '--port',
  data: '--data',
  db: '--db',
  'sidecar.port': '--sidecar-port',
  'log.level': '--log-level',
  'demo.enabled': '--demo',
  'tls.cert': '--tls-cert',
  'tls.key': '--tls-key',
} as const;
