import {
  actOn,
  adminOnly,
  leaseOf,
  loggedIn,
  one,
  ownAccount,
  ownOrAdmin,
  type RouteExpectation,
  reader,
  staffAdmin,
  staffWrite,
} from './rules.ts';
import {
  BOOKING_NODE,
  type Caller,
  ed25519Line,
  PDU,
  passwordOf,
  SLICE_A,
  SLICE_B,
  type World,
} from './world.ts';

/** The user whose resources are "own" to a caller; callers without one get u-member's. */
const self = (who: Caller) => who.user ?? 'u-member';
/** A user other than the caller. */
const other = (who: Caller) => (self(who) === 'u-member' ? 'u-other' : 'u-member');
const anyone = () => true as const;

const publicGet = (path: string): RouteExpectation => ({
  public: true,
  cases: one(anyone, 200, () => ({ path })),
});

/** A status write of one record. */
const statusWrite = (kind: string, id: number | string) => ({
  path: '/api/v1/status',
  body: { kind, records: [{ id, available: 'ok' }] },
});

/**
 * Every route of the server, by `METHOD url` as the route table lists it, and who may call
 * it. A route missing here fails the matrix test: add it, with its rule.
 */
export const expectations: Record<string, RouteExpectation> = {
  // Operations and documentation: public.
  'GET /healthz': publicGet('/healthz'),
  'GET /readyz': publicGet('/readyz'),
  'GET /api/openapi.json': publicGet('/api/openapi.json'),
  'GET /api/docs': publicGet('/api/docs'),
  // swagger-ui registers this HEAD alone (its GET is `/api/docs`).
  'HEAD /api/docs/': publicGet('/api/docs/'),
  'GET /api/docs/json': publicGet('/api/docs/json'),
  'GET /api/docs/yaml': publicGet('/api/docs/yaml'),
  'GET /api/docs/static/index.html': publicGet('/api/docs/static/index.html'),
  'GET /api/docs/static/swagger-initializer.js': publicGet('/api/docs/static/swagger-initializer.js'),
  'GET /api/docs/static/*': publicGet('/api/docs/static/swagger-ui.css'),

  // Logging in: public; a valid password is enough, whatever else the caller sends.
  'POST /api/v1/auth/login': {
    public: true,
    cases: one(anyone, 200, () => ({
      path: '/api/v1/auth/login',
      body: { name: 'u-login', password: passwordOf('u-login') },
    })),
  },
  'POST /api/v1/auth/token': {
    public: true,
    cases: one(anyone, 201, (w) => ({
      path: '/api/v1/auth/token',
      body: { name: 'u-login', password: passwordOf('u-login'), token: { name: w.unique('login') } },
    })),
  },
  // Public, but once an admin exists the handler refuses every token (its own 403).
  'POST /api/v1/auth/bootstrap': {
    public: true,
    cases: one(
      anyone,
      403,
      (w) => ({
        path: '/api/v1/auth/bootstrap',
        body: { token: 'rig_guessed-bootstrap-token', name: w.unique('boot'), password: 'boot-password-1' },
      }),
      { okMessage: /invalid or used bootstrap token/ },
    ),
  },
  'POST /api/v1/auth/logout': {
    cases: one(loggedIn, 204, () => ({ path: '/api/v1/auth/logout' }), { freshCaller: true }),
  },
  'GET /api/v1/auth/me': { cases: one(loggedIn, 200, () => ({ path: '/api/v1/auth/me' })) },
  'POST /api/v1/auth/password': {
    cases: one(
      ownAccount,
      204,
      (_w, who) => ({
        path: '/api/v1/auth/password',
        body: { current: who.password ?? 'unknown-password', password: 'a-brand-new-password' },
      }),
      { freshCaller: true },
    ),
  },

  // Users: admins.
  'GET /api/v1/users': { cases: one(adminOnly, 200, () => ({ path: '/api/v1/users' })) },
  'POST /api/v1/users': {
    cases: one(adminOnly, 201, (w) => ({ path: '/api/v1/users', body: { name: w.unique('made') } })),
  },
  'GET /api/v1/users/:name': { cases: one(adminOnly, 200, () => ({ path: '/api/v1/users/u-member' })) },
  'PATCH /api/v1/users/:name': {
    cases: [
      {
        variant: 'another user',
        rule: adminOnly,
        ok: 200,
        call: async (w) => ({ path: `/api/v1/users/${await w.user()}`, body: { display_name: 'Changed' } }),
      },
      {
        variant: 'oneself, to admin',
        rule: adminOnly,
        ok: 200,
        call: (_w, who) => ({ path: `/api/v1/users/${self(who)}`, body: { role: 'admin' } }),
      },
    ],
  },
  'DELETE /api/v1/users/:name': {
    cases: one(adminOnly, 204, async (w) => ({ path: `/api/v1/users/${await w.user()}` })),
  },
  'GET /api/v1/users/:name/keys': {
    cases: [
      {
        variant: 'another user',
        rule: adminOnly,
        ok: 200,
        call: (_w, who) => ({ path: `/api/v1/users/${other(who)}/keys` }),
      },
      {
        variant: 'oneself',
        rule: adminOnly,
        ok: 200,
        call: (_w, who) => ({ path: `/api/v1/users/${self(who)}/keys` }),
      },
    ],
  },

  // One's own tokens and keys; others' are invisible except to admins.
  'GET /api/v1/tokens': { cases: one(ownAccount, 200, () => ({ path: '/api/v1/tokens' })) },
  'POST /api/v1/tokens': {
    cases: one(ownAccount, 201, (w) => ({
      path: '/api/v1/tokens',
      body: { name: w.unique('made'), scopes: ['read'] },
    })),
  },
  'DELETE /api/v1/tokens/:id': {
    cases: [
      {
        variant: 'own token',
        rule: ownOrAdmin('own'),
        ok: 200,
        call: async (w, who) => ({ path: `/api/v1/tokens/${await w.tokenId(self(who))}` }),
      },
      {
        variant: "another user's token",
        rule: ownOrAdmin('other'),
        ok: 200,
        call: async (w, who) => ({ path: `/api/v1/tokens/${await w.tokenId(other(who))}` }),
      },
    ],
  },
  'GET /api/v1/keys': { cases: one(ownAccount, 200, () => ({ path: '/api/v1/keys' })) },
  'POST /api/v1/keys': {
    cases: one(ownAccount, 201, () => ({ path: '/api/v1/keys', body: { key: ed25519Line() } })),
  },
  'DELETE /api/v1/keys/:id': {
    cases: [
      {
        variant: 'own key',
        rule: ownOrAdmin('own'),
        ok: 204,
        call: async (w, who) => ({ path: `/api/v1/keys/${await w.key(self(who))}` }),
      },
      {
        variant: "another user's key",
        rule: ownOrAdmin('other'),
        ok: 204,
        call: async (w, who) => ({ path: `/api/v1/keys/${await w.key(other(who))}` }),
      },
    ],
  },

  // Slices: read by all, managed by operators and admins (members cannot change their own).
  'GET /api/v1/slices': { cases: one(reader, 200, () => ({ path: '/api/v1/slices' })) },
  'GET /api/v1/slices/:name': { cases: one(reader, 200, () => ({ path: `/api/v1/slices/${SLICE_A}` })) },
  'POST /api/v1/slices': {
    cases: one(staffAdmin, 201, (w, who) => ({
      path: '/api/v1/slices',
      body: { name: w.unique('new'), members: [self(who)] },
    })),
  },
  'PATCH /api/v1/slices/:name': {
    cases: [
      {
        variant: 'own slice',
        rule: staffAdmin,
        ok: 200,
        call: async (w, who) => ({
          path: `/api/v1/slices/${await w.slice([self(who)])}`,
          body: { description: 'x' },
        }),
      },
      {
        variant: 'another slice',
        rule: staffAdmin,
        ok: 200,
        call: async (w, who) => ({
          path: `/api/v1/slices/${await w.slice([other(who)])}`,
          body: { description: 'x' },
        }),
      },
    ],
  },
  'DELETE /api/v1/slices/:name': {
    cases: [
      {
        variant: 'own slice',
        rule: staffAdmin,
        ok: 204,
        call: async (w, who) => ({ path: `/api/v1/slices/${await w.slice([self(who)])}` }),
      },
      {
        variant: 'another slice',
        rule: staffAdmin,
        ok: 204,
        call: async (w, who) => ({ path: `/api/v1/slices/${await w.slice([other(who)])}` }),
      },
    ],
  },
  'PUT /api/v1/slices/:name/members/:user': {
    cases: [
      {
        variant: 'adding someone to own slice',
        rule: staffAdmin,
        ok: 200,
        call: async (w, who) => ({
          path: `/api/v1/slices/${await w.slice([self(who)])}/members/${other(who)}`,
        }),
      },
      {
        variant: 'joining another slice',
        rule: staffAdmin,
        ok: 200,
        call: async (w, who) => ({
          path: `/api/v1/slices/${await w.slice([other(who)])}/members/${self(who)}`,
        }),
      },
    ],
  },
  'DELETE /api/v1/slices/:name/members/:user': {
    cases: [
      {
        variant: 'removing someone from own slice',
        rule: staffAdmin,
        ok: 200,
        call: async (w, who) => ({
          path: `/api/v1/slices/${await w.slice([self(who), other(who)])}/members/${other(who)}`,
        }),
      },
    ],
  },

  // Inventory: read by all, written by operators and admins (even a lease holder's node).
  'GET /api/v1/devices': { cases: one(reader, 200, () => ({ path: '/api/v1/devices' })) },
  'GET /api/v1/devices/:kind/:id': { cases: one(reader, 200, () => ({ path: '/api/v1/devices/node/1' })) },
  'GET /api/v1/inventory/export': { cases: one(reader, 200, () => ({ path: '/api/v1/inventory/export' })) },
  'POST /api/v1/devices': {
    cases: one(staffWrite, 201, (w) => ({
      path: '/api/v1/devices',
      body: { kind: 'node', id: w.uniqueNumber() },
    })),
  },
  'PATCH /api/v1/devices/:kind/:id': {
    cases: [
      {
        variant: "node leased now by the member's slice",
        rule: staffWrite,
        ok: 200,
        call: (w) => ({ path: '/api/v1/devices/node/1', body: { model: w.unique('model') } }),
      },
      {
        variant: 'unleased node',
        rule: staffWrite,
        ok: 200,
        call: async (w) => ({ path: `/api/v1/devices/node/${await w.device()}`, body: { model: 'm' } }),
      },
    ],
  },
  'DELETE /api/v1/devices/:kind/:id': {
    cases: one(staffWrite, 204, async (w) => ({ path: `/api/v1/devices/node/${await w.device()}` })),
  },
  'POST /api/v1/inventory/import': {
    cases: one(staffWrite, 200, (w) => ({
      path: '/api/v1/inventory/import',
      body: { version: 1, devices: [{ kind: 'node', id: w.uniqueNumber() }] },
    })),
  },

  // Live status: read by all; written by lease holders on their current nodes, and staff.
  'GET /api/v1/status': { cases: one(reader, 200, () => ({ path: '/api/v1/status' })) },
  'GET /api/v1/status/:kind/:id': { cases: one(reader, 200, () => ({ path: '/api/v1/status/node/1' })) },
  'POST /api/v1/status': {
    cases: [
      {
        variant: 'node leased now by slice A',
        rule: actOn(SLICE_A),
        ok: 200,
        call: () => statusWrite('node', 1),
      },
      {
        variant: 'node slice A leases later',
        rule: actOn(undefined),
        ok: 200,
        call: () => statusWrite('node', 2),
      },
      { variant: 'unleased node', rule: actOn(undefined), ok: 200, call: () => statusWrite('node', 3) },
      { variant: 'a pdu', rule: actOn(undefined), ok: 200, call: () => statusWrite('pdu', PDU) },
    ],
  },
  'DELETE /api/v1/status/:kind/:id': {
    cases: one(staffWrite, 204, async (w) => {
      const id = w.uniqueNumber();
      await w.must('POST', '/api/v1/status', { kind: 'node', records: [{ id, available: 'ok' }] });
      return { path: `/api/v1/status/node/${id}` };
    }),
  },
  'GET /api/v1/events': { cases: one(reader, 101, () => ({ path: '/api/v1/events' })) },

  // Leases: read by all; booked and changed by the slice's members, operators and admins.
  'GET /api/v1/leases': { cases: one(reader, 200, () => ({ path: '/api/v1/leases' })) },
  'GET /api/v1/leases/rules': { cases: one(reader, 200, () => ({ path: '/api/v1/leases/rules' })) },
  'GET /api/v1/leases/current': {
    cases: one(reader, 200, () => ({ path: '/api/v1/leases/current?node=1' })),
  },
  'GET /api/v1/leases/:id': {
    cases: one(reader, 200, (w) => ({ path: `/api/v1/leases/${w.leases.currentA}` })),
  },
  'POST /api/v1/leases': {
    cases: [SLICE_A, SLICE_B].map((slice) => ({
      variant: `for ${slice}`,
      rule: leaseOf(slice),
      ok: 201,
      call: (w: World) => {
        const { extended: _, ...times } = w.slot();
        return { path: '/api/v1/leases', body: { slice, nodes: [BOOKING_NODE], ...times } };
      },
    })),
  },
  'PATCH /api/v1/leases/:id': {
    cases: [SLICE_A, SLICE_B].map((slice) => ({
      variant: `a lease of ${slice}`,
      rule: leaseOf(slice),
      ok: 200,
      call: async (w: World) => {
        const lease = await w.futureLease(slice);
        return { path: `/api/v1/leases/${lease.id}`, body: { t_until: lease.extended } };
      },
    })),
  },
  'DELETE /api/v1/leases/:id': {
    cases: [SLICE_A, SLICE_B].map((slice) => ({
      variant: `a lease of ${slice}`,
      rule: leaseOf(slice),
      ok: 204,
      call: async (w: World) => ({ path: `/api/v1/leases/${(await w.futureLease(slice)).id}` }),
    })),
  },

  // The audit log: operators and admins.
  'GET /api/v1/audit': { cases: one(staffAdmin, 200, () => ({ path: '/api/v1/audit' })) },
};
