import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { coerceError } from '../lib/errors.ts';
import { CliError } from './context.ts';
import { EXIT_CONFIG, EXIT_FAILURE } from './exit-codes.ts';

/** What `rig login` keeps for one server. */
export interface SavedLogin {
  token: string;
  user: string;
  token_id: number;
  expires_at: string | null;
  saved_at: string;
}

interface CredentialsDocument {
  servers: Record<string, SavedLogin>;
}

/** `$XDG_CONFIG_HOME/rig/credentials.json`, else `~/.config/rig/credentials.json`. */
export function credentialsPath(env: NodeJS.ProcessEnv): string {
  const base = env.XDG_CONFIG_HOME?.trim() ? env.XDG_CONFIG_HOME : path.join(homedir(), '.config');
  return path.join(base, 'rig', 'credentials.json');
}

/**
 * The tokens saved by `rig login`, keyed by server URL so that several servers work side by
 * side. The file is private (0600, in a 0700 directory) and replaced atomically.
 */
export class CredentialsFile {
  constructor(readonly file: string) {}

  get(server: string): SavedLogin | undefined {
    return this.read().servers[server];
  }

  save(server: string, login: SavedLogin): void {
    const doc = this.read();
    doc.servers[server] = login;
    this.write(doc);
  }

  /** Forgets the server's token; true if there was one. */
  remove(server: string): boolean {
    const doc = this.read();
    if (!(server in doc.servers)) return false;
    delete doc.servers[server];
    if (Object.keys(doc.servers).length) this.write(doc);
    else rmSync(this.file, { force: true });
    return true;
  }

  private read(): CredentialsDocument {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { servers: {} };
      throw new CliError(`cannot read ${this.file}: ${coerceError(error).message}`, EXIT_CONFIG);
    }
    try {
      const doc = JSON.parse(text) as Partial<CredentialsDocument>;
      if (typeof doc.servers !== 'object' || doc.servers === null) throw new Error('no "servers" object');
      return { servers: { ...doc.servers } };
    } catch (error) {
      throw new CliError(
        `${this.file} is not a credentials file (${coerceError(error).message}); delete it and run rig login`,
        EXIT_CONFIG,
      );
    }
  }

  private write(doc: CredentialsDocument): void {
    const dir = path.dirname(this.file);
    const temporary = `${this.file}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      // Created 0600 (the umask cannot widen it), then renamed over the old file.
      writeFileSync(temporary, `${JSON.stringify(doc, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
      chmodSync(temporary, 0o600);
      renameSync(temporary, this.file);
    } catch (error) {
      rmSync(temporary, { force: true });
      throw new CliError(`cannot write ${this.file}: ${coerceError(error).message}`, EXIT_FAILURE);
    }
  }
}
