import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import pino, { type Logger } from 'pino';
import pinoRoll from 'pino-roll';

export interface LoggerOptions {
  level: string;
  /** Directory of the size-rotated log file; omitted: stderr only. */
  dir?: string | undefined;
  fileMaxBytes?: number;
  /** Files kept in all, the active one included. */
  fileCount?: number;
  /** Write to stderr as well (default true). */
  stderr?: boolean;
}

export interface RigLogger {
  logger: Logger;
  /** Flushes and closes the file; call last. */
  close(): Promise<void>;
}

/** Keys never written to a log, whatever object carries them. */
export const redactedPaths = [
  'password',
  'token',
  'secret',
  '*.password',
  '*.token',
  '*.secret',
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'headers.cookie',
];

/** pino JSON lines to stderr and to a size-rotated file `logs/rig.N.log` in the data dir. */
export async function createLogger(options: LoggerOptions): Promise<RigLogger> {
  const streams: pino.StreamEntry[] = [];
  if (options.stderr !== false)
    streams.push({ level: 'trace', stream: pino.destination({ dest: 2, sync: false }) });
  let file: Awaited<ReturnType<typeof pinoRoll>> | undefined;
  if (options.dir) {
    await mkdir(path.join(options.dir, 'logs'), { recursive: true });
    file = await pinoRoll({
      file: path.join(options.dir, 'logs', 'rig'),
      extension: '.log',
      size: `${Math.max(1, Math.round((options.fileMaxBytes ?? 10 << 20) / 1024))}k`,
      limit: { count: Math.max(0, (options.fileCount ?? 5) - 1), removeOtherLogFiles: true },
      mkdir: true,
    });
    streams.push({ level: 'trace', stream: file as pino.DestinationStream });
  }
  const logger = pino(
    {
      level: options.level,
      redact: { paths: redactedPaths, censor: '[redacted]' },
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    pino.multistream(streams),
  );
  return {
    logger,
    close: async () => {
      logger.flush();
      if (!file) return;
      const stream = file;
      await new Promise<void>((resolve) => {
        stream.once('close', () => resolve());
        stream.once('error', () => resolve());
        stream.end();
      });
    },
  };
}
