import { Rig } from '../app/rig.ts';
import { ConfigError, loadConfig } from '../config/load.ts';
import { coerceError } from '../lib/errors.ts';
import { createLogger } from '../logging/logger.ts';
import { EXIT_CONFIG, EXIT_FAILURE } from './exit-codes.ts';

export interface ServeFlags {
  port?: string;
  host?: string;
  data?: string;
  db?: string;
  config?: string;
  demo?: boolean;
  sidecarPort?: string;
  logLevel?: string;
  tlsCert?: string;
  tlsKey?: string;
}

/** Flags are parsed as numbers here so that a bad value is reported like a bad config key. */
const asNumber = (value: string | undefined) => (value === undefined ? undefined : Number(value));

const SHUTDOWN_DEADLINE_MS = 4500;

/** Runs the server until SIGINT or SIGTERM; resolves with the exit code. */
export async function serve(flags: ServeFlags): Promise<number> {
  let config: Awaited<ReturnType<typeof loadConfig>>;
  try {
    config = await loadConfig({
      file: flags.config ?? process.env.RIG_CONFIG,
      env: process.env,
      overrides: {
        port: asNumber(flags.port),
        host: flags.host,
        data: flags.data,
        db: flags.db,
        'demo.enabled': flags.demo ? true : undefined,
        'sidecar.port': asNumber(flags.sidecarPort),
        'log.level': flags.logLevel,
        'tls.cert': flags.tlsCert,
        'tls.key': flags.tlsKey,
      },
    });
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`rig: ${error.message}\n`);
      return EXIT_CONFIG;
    }
    throw error;
  }
  const { logger, close: closeLog } = await createLogger({
    level: config.log.level,
    dir: config.data,
    fileMaxBytes: config.log.fileMaxBytes,
    fileCount: config.log.fileCount,
  });
  const rig = new Rig(config, { logger });
  try {
    await rig.start();
  } catch (error) {
    const err = coerceError(error);
    logger.fatal({ err }, 'start failed');
    await closeLog();
    process.stderr.write(`rig: cannot start: ${err.message}\n`);
    return EXIT_FAILURE;
  }
  const lines = [
    `Rig ${config.demo.enabled ? 'demo lab ' : ''}is running.`,
    `  Dashboard: ${rig.url}/`,
    `  API:       ${rig.url}/api/docs`,
    ...(rig.sidecarUrl ? [`  Sidecar:   ${rig.sidecarUrl}`] : []),
    `  Data:      ${config.data}`,
    'Press Ctrl-C to stop.',
  ];
  // Handlers first: a supervisor may signal as soon as it reads the URLs.
  const stopped = new Promise<number>((resolve) => {
    const shutdown = (signal: string) => {
      logger.info({ signal }, 'stopping');
      // Whatever hangs, the process is gone within 5 s of the signal.
      setTimeout(() => {
        process.stderr.write('rig: shutdown took too long; exiting\n');
        process.exit(EXIT_FAILURE);
      }, SHUTDOWN_DEADLINE_MS).unref();
      rig
        .stop()
        .then(() => logger.info('stopped'))
        .catch((error) => logger.error({ err: coerceError(error) }, 'stop failed'))
        .finally(() => closeLog().finally(() => resolve(0)));
    };
    process.once('SIGINT', () => shutdown('SIGINT'));
    process.once('SIGTERM', () => shutdown('SIGTERM'));
  });
  process.stdout.write(`${lines.join('\n')}\n`);
  return stopped;
}
