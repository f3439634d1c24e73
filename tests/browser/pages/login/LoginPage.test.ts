// Signing in and out of the app in Chromium, with the real session API.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  screenshotOnFailure,
  signIn,
  startBrowserEnvironment,
  type BrowserEnvironment,
} from '../../support/browserEnvironment';

describe('the login page', () => {
  let env: BrowserEnvironment;
  let page: Page | undefined;

  beforeAll(async () => {
    env = await startBrowserEnvironment('browser_login');
  });
  afterAll(async () => {
    await env?.close();
  });
  beforeEach(async (context) => {
    screenshotOnFailure(context, () => page);
    page = await env.newPage();
  });

  it('says so when the password is wrong and stays on the login page', async () => {
    // given the login page
    await page!.goto('/');

    // when the analyst signs in with a wrong password
    await signIn(page!, 'analyst', 'wrong');

    // then the page says the credentials are wrong
    await page!.getByText('The username or password is wrong.').waitFor();
    expect(new URL(page!.url()).pathname).toBe('/login');
  });

  it('brings a signed-out visitor back to the page they asked for', async () => {
    // given a deep link to the processes page without a session
    await page!.goto('/processes');
    await page!.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(new URL(page!.url()).pathname).toBe('/login');

    // when the analyst signs in
    await signIn(page!);

    // then the processes page opens, with the navigation bar naming the analyst
    await page!.getByRole('heading', { name: 'Processes' }).waitFor();
    expect(new URL(page!.url()).pathname).toBe('/processes');
    expect(await page!.locator('.nav-user').textContent()).toMatch(/^Signed in as /);
  });

  it('signs out, and a reload stays signed out', async () => {
    // given a signed-in analyst
    await page!.goto('/');
    await signIn(page!);
    await page!.getByRole('button', { name: 'Sign out' }).waitFor();

    // when they sign out
    await page!.getByRole('button', { name: 'Sign out' }).click();

    // then the login page shows, also after a reload
    await page!.getByRole('button', { name: 'Sign in' }).waitFor();
    await page!.reload();
    await page!.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(new URL(page!.url()).pathname).toBe('/login');
  });
});
