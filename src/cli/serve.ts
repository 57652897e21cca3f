import type { Command } from 'commander';
import type { ServeFlags } from './serve-run.ts';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('Run the Rig server (API, dashboard, sidecar face, monitors)')
    .option('-p, --port <port>', 'API and dashboard port (env RIG_PORT, default 8080)')
    .option('--host <address>', 'listen address (env RIG_HOST, default 127.0.0.1)')
    .option('-d, --data <dir>', 'data directory (env RIG_DATA, default ./rig-data)')
    .option('--db <url>', 'sqlite:PATH or postgres://… (env RIG_DB, default sqlite:<data>/rig.db)')
    .option('-c, --config <file>', 'configuration file (rig.yaml)')
    .option('--demo', 'create and run the simulated demo lab')
    .option('--sidecar-port <port>', 'R2lab sidecar port, 0 disables it (default 10000)')
    .option('--log-level <level>', 'fatal, error, warn, info, debug, trace (env RIG_LOG_LEVEL)')
    .option('--tls-cert <file>', 'PEM certificate: serve HTTPS and WSS (env RIG_TLS_CERT)')
    .option('--tls-key <file>', 'PEM private key of the certificate (env RIG_TLS_KEY)')
    .action(async (flags: ServeFlags) => {
      // Loaded on use: the client commands start without the server's dependencies.
      const { serve } = await import('./serve-run.ts');
      process.exitCode = await serve(flags);
    });
}
