// pino-roll ships no types; this is the part Rig uses.
declare module 'pino-roll' {
  interface PinoRollOptions {
    file: string | (() => string);
    size?: number | string;
    frequency?: number | string;
    extension?: string;
    symlink?: boolean;
    limit?: { count?: number; removeOtherLogFiles?: boolean };
    mkdir?: boolean;
    dateFormat?: string;
  }
  interface RollStream extends NodeJS.WritableStream {
    end(): void;
    flushSync?(): void;
  }
  export default function pinoRoll(options: PinoRollOptions): Promise<RollStream>;
}
