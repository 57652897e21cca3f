import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { api } from '../helpers/http.ts';
import type { TestRig } from '../helpers/rig.ts';

/** Users, slices and tokens made through the API, for the CLI tests of a server with auth on. */

export const passwordOf = (user: string): string => `${user}-password-1`;
export const bearer = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` });

/** Creates a user (password `<name>-password-1`) as the admin. */
export async function addUser(t: TestRig, name: string, role = 'user'): Promise<void> {
  const created = await api(
    t.url,
    'POST',
    '/api/v1/users',
    { name, role, password: passwordOf(name) },
    bearer(t.adminToken),
  );
  expect(created.status, created.text).toBe(201);
}

export async function addSlice(t: TestRig, name: string, members: string[]): Promise<void> {
  const created = await api(t.url, 'POST', '/api/v1/slices', { name, members }, bearer(t.adminToken));
  expect(created.status, created.text).toBe(201);
}

/** A fresh API token of a user, by password login. */
export async function tokenOf(t: TestRig, name: string): Promise<string> {
  const login = await api(t.url, 'POST', '/api/v1/auth/token', {
    name,
    password: passwordOf(name),
    token: { name: 'test', scopes: ['read', 'write', 'admin'] },
  });
  expect(login.status, login.text).toBe(201);
  return login.body.token as string;
}

/** An empty XDG_CONFIG_HOME for the credentials of `rig login`. */
export async function configHome(): Promise<{ dir: string; file: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'rig-cli-config-'));
  return {
    dir,
    file: path.join(dir, 'rig', 'credentials.json'),
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}
