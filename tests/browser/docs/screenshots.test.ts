/**
 * The pictures in the README, taken from the real app on the demo data set: the modeler
 * with an example, the Tasks page with a claimed task beside its client, a client card,
 * and an instance in the monitor. Each step checks that the page shows what the picture
 * is meant to show. `npm run screenshots` writes them to docs/screenshots/; otherwise they
 * go to tests/browser/screenshots/docs/.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { REPO } from '../../support/testServer';
import {
  SCREENSHOTS,
  screenshotOnFailure,
  signIn,
  startBrowserEnvironment,
  type BrowserEnvironment,
} from '../support/browserEnvironment';

const OUT =
  process.env.RELATA_DOC_SCREENSHOTS === '1'
    ? join(REPO, 'docs', 'screenshots')
    : join(SCREENSHOTS, 'docs');
const VIEWPORT = { width: 1440, height: 900 };

describe('README screenshots', () => {
  let env: BrowserEnvironment;
  let page: Page | undefined;
  let clientId = '';
  let processInstanceKey = '';

  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    env = await startBrowserEnvironment('browser_docs', { demoClients: true });
    const search = await fetch(`${env.server.url}/api/clients/search`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from('staff:demo').toString('base64')}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ filter: { segment: 'vip' }, page: { limit: 1 } }),
    });
    const [client] = ((await search.json()) as { items: { id: string }[] }).items;
    expect(client, 'a VIP demo client').toBeDefined();
    clientId = client!.id;
    const started = await env.server.api.as('staff').post('/process-instances', {
      processDefinitionId: 'complaint-handling',
      variables: { clientId },
    });
    expect(started.status).toBe(200);
    processInstanceKey = started.body.processInstanceKey;
  });
  afterAll(async () => {
    await env?.close();
  });
  beforeEach((context) => {
    screenshotOnFailure(context, () => page);
  });

  async function signedIn(username: string, path: string) {
    page = await env.newPage();
    await page.setViewportSize(VIEWPORT);
    await page.goto(path);
    await signIn(page, username);
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    return page;
  }

  it('the modeler with the complaint-handling example', async () => {
    await signedIn('analyst', '/processes');
    const row = page!.locator('tr[data-process-id="complaint-handling"]');
    await row.getByRole('link', { name: /^Open version \d+$/ }).click();
    await page!.locator('[data-element-id="Task_RegisterComplaint"]').first().waitFor();
    await page!.locator('[data-element-id="Task_ClassifyComplaint"]').first().click();
    await page!.getByText('Classify complaint').first().waitFor();
    await page!.screenshot({ path: join(OUT, 'modeler.png') });
  });

  it('the Tasks page with a claimed task beside its client', async () => {
    await signedIn('staff', '/tasks?view=groups');
    const item = page!.locator('a.task-item', { hasText: 'Register complaint' });
    await item.first().waitFor();
    await item.first().click();
    await page!.getByRole('button', { name: 'Claim' }).click();
    await page!.getByRole('button', { name: 'Release' }).waitFor();
    await page!.getByLabel('complaintSummary').fill('The parcel arrived damaged');
    const client = page!.getByRole('complementary', { name: 'Client' });
    await client.getByRole('link', { name: 'Open client' }).waitFor();
    await page!.screenshot({ path: join(OUT, 'tasks.png') });
  });

  it('a client card', async () => {
    await signedIn('staff', `/clients?id=${clientId}`);
    const running = page!.locator('table[data-processes="running"] tbody tr');
    await running.first().waitFor();
    expect(await running.first().getAttribute('data-process-instance-key')).toBe(
      processInstanceKey,
    );
    await page!.screenshot({ path: join(OUT, 'client-card.png') });
  });

  it('an instance in the monitor', async () => {
    await signedIn('analyst', `/monitor?instance=${processInstanceKey}`);
    const task = page!.locator('.djs-element[data-element-id="Task_RegisterComplaint"]').first();
    await expect.poll(() => task.getAttribute('class')).toContain('monitor-active');
    await page!.screenshot({ path: join(OUT, 'monitor.png') });
  });
});
