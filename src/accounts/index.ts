import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Feature } from '../app/feature.ts';
import type { RigBus } from '../bus/events.ts';
import type { RigApp } from '../http/server.ts';
import type { Clock } from '../lib/clock.ts';
import type { Tables } from '../store/tables.ts';
import { BootstrapToken } from './bootstrap.ts';
import { Credentials } from './credentials.ts';
import { LoginThrottle } from './login-throttle.ts';
import { registerAuthRoutes } from './routes/auth.ts';
import { registerSliceRoutes } from './routes/slices.ts';
import { registerTokenRoutes } from './routes/tokens.ts';
import { registerUserRoutes } from './routes/users.ts';
import type { AccountsService } from './service.ts';
import { Slices } from './slices.ts';
import { registerSshKeyRoutes } from './ssh-keys/routes.ts';
import { SshKeys } from './ssh-keys/service.ts';
import { Users } from './users.ts';

export type { Slice, TokenInfo, User } from './schema.ts';
export { SliceName } from './schema.ts';
export type { AccountsService } from './service.ts';
export type { MemberKeys, SliceKeys, SshKey } from './ssh-keys/schema.ts';

export interface AccountsOptions {
  enabled: boolean;
  sessionHours: number;
  tokenDays: number;
  loginAttempts: number;
  loginWindowSeconds: number;
  /** Cookies marked Secure (TLS). */
  secureCookies: boolean;
  /** Shows the first-start bootstrap token to the operator (the console, never the log file). */
  announceBootstrap: (token: string) => void;
}

/** Users, sessions and API tokens, slices; the authenticator of the HTTP layer. */
export class AccountsFeature implements Feature {
  readonly name = 'accounts';
  readonly service: AccountsService;
  private readonly credentials: Credentials;

  constructor(
    db: Kysely<Tables>,
    bus: RigBus,
    private readonly options: AccountsOptions,
    clock: Clock,
    private readonly logger: Logger,
  ) {
    const throttle = new LoginThrottle(options.loginAttempts, options.loginWindowSeconds * 1000, clock);
    const users = new Users(db, bus, throttle, clock);
    this.credentials = new Credentials(db, bus, options, clock);
    this.service = {
      users,
      credentials: this.credentials,
      slices: new Slices(db, bus, clock),
      bootstrap: new BootstrapToken(users),
      keys: new SshKeys(db, bus, clock),
    };
  }

  registerRoutes(app: RigApp): void {
    registerAuthRoutes(app, this.service, { secure: this.options.secureCookies });
    registerUserRoutes(app, this.service);
    registerTokenRoutes(app, this.service);
    registerSliceRoutes(app, this.service);
    registerSshKeyRoutes(app, this.service.keys);
  }

  async start(): Promise<void> {
    if (!this.options.enabled) {
      this.logger.warn('authentication is OFF: anyone who reaches Rig acts as admin');
      return;
    }
    const token = await this.service.bootstrap.prepare();
    if (token) {
      this.logger.warn(
        'no admin yet: create one with `rig admin create NAME` or the bootstrap token on the console',
      );
      this.options.announceBootstrap(token);
    }
  }

  async stop(): Promise<void> {
    this.credentials.stop();
  }
}
