/**
 * Stable action names of API routes, derived from the route's URL and method so that a new
 * route is named without anyone remembering to: `POST /api/v1/devices` → `devices.create`,
 * `PATCH /api/v1/leases/:id` → `leases.update`, `POST /api/v1/auth/login` → `auth.login`,
 * `POST /api/v1/devices/:kind/:id/power` → `devices.power`. Overrides where nicer.
 */
const overrides: Record<string, string> = {
  'POST /api/v1/status': 'status.write',
  // Both are logins: one opens a session, the other hands out a token.
  'POST /api/v1/auth/token': 'auth.login',
  'POST /api/v1/slices/:name/members/:user': 'slices.members.add',
  'PUT /api/v1/slices/:name/members/:user': 'slices.members.add',
  'DELETE /api/v1/slices/:name/members/:user': 'slices.members.remove',
  'DELETE /api/v1/tokens/:id': 'tokens.revoke',
};

const verbs: Record<string, string> = { PUT: 'update', PATCH: 'update', DELETE: 'delete' };

/** The route's URL without the API prefix, split into segments (`:name` for parameters). */
export function routeSegments(url: string): string[] {
  return url
    .replace(/^\/api\/(v\d+\/)?/, '')
    .split('/')
    .filter((segment) => segment !== '');
}

export function actionOf(method: string, url: string): string {
  const override = overrides[`${method} ${url}`];
  if (override) return override;
  const segments = routeSegments(url);
  const literals = segments.filter((s) => !s.startsWith(':')).map((s) => s.replace(/[^A-Za-z0-9_-]/g, ''));
  const name = literals.join('.') || 'api';
  const verb = verbs[method];
  if (verb) return `${name}.${verb}`;
  // POST: to a collection (a top-level one, or ending in a parameter) it creates; otherwise
  // its last word is the action (auth.login, inventory.import, devices.power).
  const endsWithParameter = segments.at(-1)?.startsWith(':') === true;
  return literals.length === 1 || endsWithParameter ? `${name}.create` : name;
}
