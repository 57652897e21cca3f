import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, until } from '../helpers/browser.ts';
import { api } from '../helpers/http.ts';
import { startRig, type TestRig } from '../helpers/rig.ts';
import { KeyGen } from '../keys/keygen.ts';
import { createUser, openAs, passwordOf } from './accounts.ts';
import { ensureDashboardBuilt } from './build.ts';

/** My account (API tokens, SSH keys) and the admin pages (users, slices), in real Chromium. */
describe('dashboard account and admin pages', () => {
  let rig: TestRig;
  let browser: Browser;
  let ann: { context: BrowserContext; page: Page; errors: string[] };
  const keygen = new KeyGen();
  const admin = () => ({ authorization: `Bearer ${rig.adminToken}` });

  beforeAll(async () => {
    await ensureDashboardBuilt();
    rig = await startRig({ auth: true, config: { demo: { enabled: true, activity: false } } });
    await createUser(rig, 'ann', { slices: ['apollo'] });
    await createUser(rig, 'root-helper', { role: 'admin' });
    browser = await launchChromium();
    ann = await openAs(browser, rig.url, 'ann', '#/account');
  });

  afterAll(async () => {
    await ann?.context.close();
    await browser?.close();
    await rig?.destroy();
    await keygen.dispose();
  });

  it('creates an API token that is shown once with a copy button, and revokes it', async () => {
    const { page } = ann;
    const form = page.getByRole('form', { name: 'Create an API token' });
    await form.getByLabel('Name').fill('ci');
    await form.getByRole('button', { name: 'Create token' }).click();
    const shown = page.getByRole('region', { name: 'New token ci' });
    const token = (await shown.locator('[data-secret]').textContent()) ?? '';
    expect(token).toMatch(/^rig_/);
    expect(await shown.textContent()).toContain('shown this once');
    expect(await shown.getByRole('button', { name: 'Copy' }).count()).toBe(1);
    const bearer = { authorization: `Bearer ${token}` };
    expect((await api(rig.url, 'GET', '/api/v1/auth/me', undefined, bearer)).body.user.name).toBe('ann');

    const tokens = page.getByRole('list', { name: 'API tokens' });
    expect(await tokens.getByRole('listitem').count()).toBe(1);
    expect(await tokens.textContent()).toContain(token.slice(0, 8));
    await shown.getByRole('button', { name: /hide/ }).click();
    expect(await page.locator('[data-secret]').count()).toBe(0);
    // Never again: not after a reload either.
    await page.reload();
    await tokens.getByRole('listitem').first().waitFor();
    expect(await page.content()).not.toContain(token);

    await tokens.getByRole('button', { name: 'Revoke token ci' }).click();
    await tokens.getByRole('button', { name: 'Yes, revoke' }).click();
    await until(
      () => tokens.count(),
      (n) => n === 0,
      'the revoked token to leave the list',
    );
    expect((await api(rig.url, 'GET', '/api/v1/auth/me', undefined, bearer)).status).toBe(401);
  });

  it('adds an SSH key, shows its fingerprint, explains a refused key, and removes it', async () => {
    const { page } = ann;
    const form = page.getByRole('form', { name: 'Add an SSH key' });
    const weak = await keygen.generate('rsa', 1024);
    await form.getByLabel('Public key').fill(weak.publicLine);
    await form.getByRole('button', { name: 'Add key' }).click();
    await expect.poll(() => form.getByRole('alert').textContent()).toMatch(/2048/);

    const good = await keygen.generate('ed25519', undefined, 'ann@laptop');
    await form.getByLabel('Public key').fill(good.publicLine);
    await form.getByRole('button', { name: 'Add key' }).click();
    const keys = page.getByRole('list', { name: 'SSH keys' });
    await keys.waitFor();
    expect(await keys.textContent()).toContain(good.fingerprint);
    expect(await keys.textContent()).toContain('ann@laptop');
    expect(await form.getByLabel('Public key').inputValue()).toBe('');

    await keys.getByRole('button', { name: 'Remove key ann@laptop' }).click();
    await keys.getByRole('button', { name: 'Yes, remove' }).click();
    await page.getByText('No key yet.').waitFor();
    const left = await api(rig.url, 'GET', '/api/v1/users/ann/keys', undefined, admin());
    expect(left.body).toEqual([]);
  });

  it('lets an admin create a user with a generated password shown once, and add it to a slice', async () => {
    const root = await openAs(browser, rig.url, 'root-helper', '#/admin');
    try {
      const { page } = root;
      const form = page.getByRole('form', { name: 'Create a user' });
      await form.getByLabel('Login name').fill('cleo');
      await form.getByLabel('Full name (optional)').fill('Cleo Example');
      await form.getByRole('button', { name: 'Create user' }).click();
      const shown = page.getByRole('region', { name: 'Password of cleo' });
      const password = (await shown.locator('[data-secret]').textContent()) ?? '';
      expect(password.length).toBeGreaterThanOrEqual(10);
      const users = page.getByRole('table', { name: 'Users' });
      await users.getByRole('row', { name: /cleo/ }).waitFor();
      const login = await api(rig.url, 'POST', '/api/v1/auth/login', { name: 'cleo', password });
      expect(login.status).toBe(200);

      await page.getByLabel('New member of apollo').fill('cleo');
      await page.getByRole('button', { name: 'Add member' }).first().click();
      const members = page.getByRole('list', { name: 'Members of apollo' });
      await members.getByText('cleo').waitFor();
      const apollo = await api(rig.url, 'GET', '/api/v1/slices/apollo', undefined, admin());
      expect(apollo.body.members).toEqual(expect.arrayContaining(['ann', 'cleo']));

      // A user the server does not know is refused with its reason, and nothing changes.
      await page.getByLabel('New member of apollo').fill('nobody');
      await page.getByRole('button', { name: 'Add member' }).first().click();
      await expect
        .poll(() => page.locator('[data-slice="apollo"]').getByRole('alert').textContent())
        .toContain('nobody');
      expect(root.errors).toEqual([]);
    } finally {
      await root.context.close();
    }
  });

  it('shows operators the slices but not the users, and users neither', async () => {
    await createUser(rig, 'opal', { role: 'operator' });
    const opal = await openAs(browser, rig.url, 'opal', '#/admin');
    try {
      await opal.page.getByRole('list', { name: 'Slices' }).waitFor();
      expect(await opal.page.getByRole('table', { name: 'Users' }).count()).toBe(0);
    } finally {
      await opal.context.close();
    }
    expect(await ann.page.getByRole('link', { name: 'Admin' }).count()).toBe(0);
  });

  it('changes my password: a wrong current one is refused in place, the new one works', async () => {
    const { page } = ann;
    await page.getByRole('link', { name: 'My account' }).click();
    const form = page.getByRole('form', { name: 'Change my password' });
    await form.getByLabel('Current password').fill('not-my-password');
    await form.getByLabel('New password', { exact: true }).fill('ann-better-password');
    await form.getByLabel('New password again').fill('ann-better-password');
    await form.getByRole('button', { name: 'Change password' }).click();
    await expect.poll(() => form.getByRole('alert').textContent()).toBe('The current password is wrong.');

    await form.getByLabel('Current password').fill(passwordOf('ann'));
    await form.getByRole('button', { name: 'Change password' }).click();
    // Rig may end this session with the others (then the login page says why) or keep it.
    await page
      .getByText('Password changed. Your other sessions have ended.')
      .or(page.getByText('Your password has changed: log in with the new one.'))
      .waitFor();
    const login = (password: string) => api(rig.url, 'POST', '/api/v1/auth/login', { name: 'ann', password });
    expect((await login('ann-better-password')).status).toBe(200);
    expect((await login(passwordOf('ann'))).status).toBe(401);
  });
});
