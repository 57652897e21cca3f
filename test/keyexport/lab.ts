import type { Lease } from '../../src/leases/schema.ts';
import { api } from '../helpers/http.ts';
import type { TestRig } from '../helpers/rig.ts';
import type { KeyGen } from '../keys/keygen.ts';

type Headers = Record<string, string>;

/** Users, slices, keys and leases of an export test, through the API where it exists. */
export class ExportLab {
  readonly tokens = new Map<string, Headers>();

  constructor(
    private readonly t: TestRig,
    private readonly keygen: KeyGen,
  ) {}

  get admin(): Headers {
    return { authorization: `Bearer ${this.t.adminToken}` };
  }

  async user(name: string): Promise<Headers> {
    const password = `${name}-password-1`;
    await this.call('POST', '/api/v1/users', { name, password }, this.admin, 201);
    const login = await api(this.t.url, 'POST', '/api/v1/auth/token', {
      name,
      password,
      token: { name: 't' },
    });
    const headers = { authorization: `Bearer ${login.body.token}` };
    this.tokens.set(name, headers);
    return headers;
  }

  /** Adds a freshly generated key to a user; returns its authorized_keys line as exported. */
  async key(
    user: string,
    type: 'ed25519' | 'ecdsa' | 'rsa',
    comment?: string,
  ): Promise<{ id: number; line: string }> {
    const key = await this.keygen.generate(type, type === 'rsa' ? 2048 : undefined, comment ?? '');
    const added = await this.call(
      'POST',
      '/api/v1/keys',
      { key: key.publicLine },
      this.tokens.get(user) ?? {},
      201,
    );
    return { id: added.id, line: `${added.public_key} ${comment || user} # user ${user}` };
  }

  async slice(name: string, members: string[]): Promise<void> {
    await this.call('POST', '/api/v1/slices', { name, members }, this.admin, 201);
  }

  /**
   * A lease row written through the store (the export only reads which slices hold a lease
   * now), announced on the bus as the leases feature does.
   */
  async lease(slice: string, fromMs: number, untilMs: number): Promise<Lease> {
    const { id: sliceId } = await this.t.rig.accounts.service.slices.get(slice);
    const now = new Date().toISOString();
    const times = { t_from: new Date(fromMs).toISOString(), t_until: new Date(untilMs).toISOString() };
    const row = await this.t.rig.store.db
      .insertInto('leases')
      .values({ slice_id: sliceId, ...times, whole: 1, created_by: null, created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    const lease: Lease = {
      id: row.id,
      slice,
      slice_id: sliceId,
      whole: true,
      nodes: [],
      ...times,
      created_by: null,
      created_at: now,
      updated_at: now,
    };
    this.t.rig.bus.emit('leaseChanged', { lease, change: 'created' });
    if (fromMs <= Date.now()) this.t.rig.bus.emit('leaseStarted', { lease });
    return lease;
  }

  /** Ends a lease now, as a cancelled running lease does. */
  async end(lease: Lease): Promise<void> {
    const t_until = new Date(Date.now() - 1000).toISOString();
    await this.t.rig.store.db.updateTable('leases').set({ t_until }).where('id', '=', lease.id).execute();
    this.t.rig.bus.emit('leaseEnded', { lease: { ...lease, t_until } });
  }

  async call(method: string, path: string, body: unknown, headers: Headers, status: number) {
    const response = await api(this.t.url, method, path, body, headers);
    if (response.status !== status)
      throw new Error(`${method} ${path}: ${response.status} ${response.text} (expected ${status})`);
    return response.body;
  }
}
