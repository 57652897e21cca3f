import type { BootstrapToken } from './bootstrap.ts';
import type { Credentials } from './credentials.ts';
import type { Slices } from './slices.ts';
import type { SshKeys } from './ssh-keys/service.ts';
import type { Users } from './users.ts';

/** What the accounts feature offers the rest of Rig. */
export interface AccountsService {
  readonly users: Users;
  readonly credentials: Credentials;
  readonly slices: Slices;
  readonly bootstrap: BootstrapToken;
  readonly keys: SshKeys;
}
