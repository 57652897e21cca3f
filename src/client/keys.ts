import type { SshKey, SshKeyCreate } from '../accounts/ssh-keys/schema.ts';
import type { RigClient } from './http.ts';

/** The caller's SSH public keys (`/api/v1/keys`). */
export class KeysClient {
  constructor(private readonly http: RigClient) {}

  list(): Promise<SshKey[]> {
    return this.http.request('GET', '/api/v1/keys');
  }

  /** Adds one public key line (the .pub file); the server parses and checks it (400 if bad). */
  add(input: SshKeyCreate): Promise<SshKey> {
    return this.http.request('POST', '/api/v1/keys', { body: input });
  }

  /** Removes a key: mine, or anyone's for an admin. */
  async remove(id: number): Promise<void> {
    await this.http.request('DELETE', `/api/v1/keys/${id}`);
  }

  /** A user's keys (admins). */
  listOf(user: string): Promise<SshKey[]> {
    return this.http.request('GET', `/api/v1/users/${encodeURIComponent(user)}/keys`);
  }
}
