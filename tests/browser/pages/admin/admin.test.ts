// The Admin page in Chromium against a real server: an admin defines a custom field and
// sees the server's verdict on the input it is about, changes it, creates a group and a
// user in it; staff get no Admin link and the server refuses them the page's data.
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  screenshotOnFailure,
  signIn,
  startBrowserEnvironment,
  type BrowserEnvironment,
} from '../../support/browserEnvironment';

/** Whether the element has the keyboard focus (evaluated in the page). */
const isFocused = (locator: Locator) =>
  locator.evaluate((element) => element === element.ownerDocument.activeElement);

describe('the admin page', () => {
  let env: BrowserEnvironment;
  let page: Page | undefined;

  /** The CRM API over HTTP Basic as the demo admin, to check what the page stored. */
  async function api(path: string) {
    const response = await fetch(`${env.server.url}/api${path}`, {
      headers: { authorization: `Basic ${Buffer.from('admin:demo').toString('base64')}` },
    });
    return { status: response.status, body: (await response.json()) as any };
  }

  /** Signs in and opens the Admin page through the navigation bar. */
  async function openAdmin(username = 'admin') {
    await page!.goto('/');
    await signIn(page!, username);
    await page!.getByRole('button', { name: 'Sign out' }).waitFor();
    await page!.getByRole('link', { name: 'Admin' }).click();
    await page!.getByRole('heading', { name: 'Administration', level: 1 }).waitFor();
  }

  beforeAll(async () => {
    env = await startBrowserEnvironment('browser_admin');
  });
  afterAll(async () => {
    await env?.close();
  });
  beforeEach(async (context) => {
    screenshotOnFailure(context, () => page);
    page = await env.newPage();
  });

  it('says there are no custom fields yet', async () => {
    // when an admin opens the page of a database without custom fields (this test runs first)
    await openAdmin();

    // then
    await page!.getByRole('heading', { name: 'No custom fields yet' }).waitFor();
    expect(
      await page!.getByRole('tab', { name: 'Custom fields' }).getAttribute('aria-selected'),
    ).toBe('true');
  });

  it('adds an enum field, showing the server’s message on the options first', async () => {
    // given the form for a new field
    await openAdmin();
    await page!.getByRole('button', { name: 'Add field' }).first().click();
    const form = page!.getByRole('form', { name: 'New custom field' });
    await form.getByLabel('Name').fill('loyaltyTier');
    await form.getByLabel('Label').fill('Loyalty tier');
    await form.getByLabel('Type').selectOption('enum');

    // when it is sent without options
    await form.getByRole('button', { name: 'Add field' }).click();

    // then the server's message sits under the options, which are marked and focused
    const options = form.getByLabel('Options');
    await form.getByText("is required for type 'enum'").waitFor();
    expect(await options.getAttribute('aria-invalid')).toBe('true');
    expect(await isFocused(options)).toBe(true);
    expect((await api('/fields')).body.items).toEqual([]);

    // when the options are given
    await options.fill('bronze\nsilver\ngold');
    await form.getByRole('button', { name: 'Add field' }).click();

    // then the field is in the list and stored
    await page!
      .getByRole('status')
      .filter({ hasText: 'Added the field “Loyalty tier”.' })
      .waitFor();
    const row = page!.locator('.admin-table tbody tr[data-key="loyaltyTier"]');
    await row.waitFor();
    expect(await row.locator('th').textContent()).toBe('Loyalty tier');
    expect(await row.locator('.admin-badge').allTextContents()).toEqual([
      'bronze',
      'silver',
      'gold',
    ]);
    expect((await api('/fields')).body.items).toMatchObject([
      {
        name: 'loyaltyTier',
        label: 'Loyalty tier',
        type: 'enum',
        options: ['bronze', 'silver', 'gold'],
      },
    ]);
  });

  it('changes a field’s label, required flag and options with the keyboard', async () => {
    // given the field of the test before
    await openAdmin();
    const edit = page!.getByRole('button', { name: 'Edit the field Loyalty tier' });
    await edit.waitFor();

    // when it is edited without the mouse
    await edit.focus();
    await page!.keyboard.press('Enter');
    const form = page!.getByRole('form', { name: 'Change the field “Loyalty tier”' });
    expect(await form.getByLabel('Name').isDisabled()).toBe(true);
    await page!.keyboard.press('Control+A');
    await page!.keyboard.type('Tier');
    await form.getByLabel('Required').check();
    await form.getByLabel('Options').fill('platinum\nbronze\nsilver\ngold');
    await form.getByLabel('Options').press('Tab');
    await page!.keyboard.press('Enter');

    // then
    await page!.getByRole('status').filter({ hasText: 'Saved the field “Tier”.' }).waitFor();
    expect((await api('/fields')).body.items[0]).toMatchObject({
      label: 'Tier',
      required: true,
      options: ['platinum', 'bronze', 'silver', 'gold'],
    });
  });

  it('creates a group and a user in it, and names a taken username at its input', async () => {
    // given
    await openAdmin();
    await page!.getByRole('tab', { name: 'Groups' }).click();
    const groupForm = page!.getByRole('form', { name: 'New group' });
    await groupForm.getByLabel('Group id').fill('retention');
    await groupForm.getByLabel('Name', { exact: true }).fill('Retention team');
    await groupForm.getByRole('button', { name: 'Create group' }).click();
    await page!.locator('.admin-table tr[data-key="retention"]').waitFor();

    // when a user is created with a taken username
    await page!.getByRole('tab', { name: 'Users' }).click();
    expect(new URL(page!.url()).search).toBe('?tab=users');
    await page!.getByRole('button', { name: 'New user' }).click();
    const userForm = page!.getByRole('form', { name: 'New user' });
    await userForm.getByLabel('Username').fill('staff');
    await userForm.getByLabel('Password', { exact: true }).fill('long enough');
    await userForm.getByLabel(/^Staff/).check();
    await userForm.getByLabel('Retention team').check();
    await userForm.getByRole('button', { name: 'Create user' }).click();

    // then the username says it is taken; with another one the user is created
    await userForm
      .locator('[data-pointer="/username"] .field-error', { hasText: 'is taken' })
      .waitFor();
    await userForm.getByLabel('Username').fill('rita');
    await userForm.getByRole('button', { name: 'Create user' }).click();
    await page!.locator('.admin-table tr[data-key="rita"]').waitFor();
    const rita = (await api('/users/rita')).body;
    expect(rita).toMatchObject({ roles: ['staff'], groups: ['retention'] });
    await page!.getByRole('tab', { name: 'Groups' }).click();
    const members = page!.locator('.admin-table tr[data-key="retention"] .admin-badge');
    await members.first().waitFor();
    expect(await members.allTextContents()).toEqual(['rita']);
  });

  it('moves between the tabs with the arrow keys', async () => {
    await openAdmin();
    await page!.getByRole('tab', { name: 'Custom fields' }).focus();
    await page!.keyboard.press('ArrowRight');
    await page!.getByRole('heading', { name: 'Users', level: 2 }).waitFor();
    expect(await isFocused(page!.getByRole('tab', { name: 'Users' }))).toBe(true);
    await page!.keyboard.press('End');
    await page!.getByRole('heading', { name: 'Groups', level: 2 }).waitFor();
    await page!.keyboard.press('ArrowRight');
    await page!.getByRole('heading', { name: 'Custom fields of clients', level: 2 }).waitFor();
  });

  it('shows staff no Admin link, and sends a typed-in /admin to their home page', async () => {
    // when staff sign in
    await page!.goto('/');
    await signIn(page!, 'staff');
    await page!.getByRole('button', { name: 'Sign out' }).waitFor();

    // then the navigation has no Admin link
    const links = await page!.locator('.nav-links a').allTextContents();
    expect(links.length).toBeGreaterThan(0);
    expect(links).not.toContain('Admin');

    // and a typed-in /admin lands on their tasks instead, showing no admin data
    await page!.goto('/admin?tab=users');
    await page!.waitForURL(/\/tasks/);
    expect(await page!.locator('.admin-table').count()).toBe(0);
    const refused = await page!.request.get('/api/users');
    expect(refused.status()).toBe(403);
  });
});
