import { expect } from 'vitest';
import type { AuditEntry } from '../../src/audit/index.ts';
import { api } from '../helpers/http.ts';
import type { TestRig } from '../helpers/rig.ts';

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** The audit entries matching a query string, newest first (one page). */
export async function auditOf(t: TestRig, query = ''): Promise<AuditEntry[]> {
  const answer = await api(t.url, 'GET', `/api/v1/audit${query}`, undefined, bearer(t.adminToken));
  expect(answer.status, answer.text).toBe(200);
  return answer.body.entries as AuditEntry[];
}

/** Waits until the audit log holds an entry matching `match` (recording is write-behind). */
export async function eventually(
  t: TestRig,
  query: string,
  match: (entry: AuditEntry) => boolean,
  what: string,
  timeoutMs = 5000,
): Promise<AuditEntry> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = (await auditOf(t, query)).find(match);
    if (found) return found;
    if (Date.now() > deadline)
      throw new Error(`no audit entry ${what}: ${JSON.stringify(await auditOf(t, query))}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A user of a role and an API token of theirs. */
export async function userWithToken(
  t: TestRig,
  name: string,
  role: 'user' | 'operator' | 'admin',
  scopes: Array<'read' | 'write' | 'admin'> = ['read', 'write', 'admin'],
): Promise<string> {
  const password = `${name}-password-1`;
  const created = await api(t.url, 'POST', '/api/v1/users', { name, password, role }, bearer(t.adminToken));
  expect(created.status, created.text).toBe(201);
  const login = await api(t.url, 'POST', '/api/v1/auth/token', {
    name,
    password,
    token: { name: 'test', scopes },
  });
  expect(login.status, login.text).toBe(201);
  return login.body.token as string;
}
