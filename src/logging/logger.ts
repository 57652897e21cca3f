import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import pino, { type Logger } from 'pino';
import { createStream, type RotatingFileStream } from 'rotating-file-stream';

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
  // Node's HTTP parse errors carry the raw request bytes (headers with credentials).
  'err.rawPacket',
  '*.rawPacket',
];

/**
 * The active log is logs/rig.log; rotated ones are rig.log.1 (newest) … as logrotate names
 * them. In classical rotation the library passes the rotation number first, null for the
 * active file.
 */
const logFileName = (rotation: Date | number | null) =>
  typeof rotation === 'number' ? `rig.log.${rotation}` : 'rig.log';

/** pino JSON lines to stderr and to a size-rotated file `logs/rig.log` in the data dir. */
export async function createLogger(options: LoggerOptions): Promise<RigLogger> {
  const streams: pino.StreamEntry[] = [];
  if (options.stderr !== false)
    streams.push({ level: 'trace', stream: pino.destination({ dest: 2, sync: false }) });
  let file: RotatingFileStream | undefined;
  if (options.dir) {
    const dir = path.join(options.dir, 'logs');
    await mkdir(dir, { recursive: true });
    file = createStream(logFileName, {
      path: dir,
      size: `${options.fileMaxBytes ?? 10 << 20}B`,
      // Classical rotation: the active file plus `fileCount - 1` rotated ones.
      rotate: Math.max(1, (options.fileCount ?? 5) - 1),
    });
    // A full disk or a removed directory must not take the server down with it.
    file.on('error', () => {});
    streams.push({ level: 'trace', stream: file });
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
