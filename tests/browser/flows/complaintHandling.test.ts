/**
 * The product end to end in Chromium, as the people who use it go through it: an analyst
 * deploys the complaint-handling example from the modeler; a service employee starts it
 * from a client's card, works its first tasks with form data, and the card shows what
 * the process logged; the monitor shows the path the instance took; an admin adds a
 * custom field and finds it on the card. The steps run in order and build on each other.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { REPO } from '../../support/testServer';
import {
  screenshotOnFailure,
  signIn,
  startBrowserEnvironment,
  type BrowserEnvironment,
} from '../support/browserEnvironment';

const COMPLAINT_HANDLING = join(REPO, 'examples', 'complaint-handling.bpmn');

describe('complaint handling, from the modeler to the client card', () => {
  let env: BrowserEnvironment;
  let page: Page | undefined;
  let version = 0;
  let clientId = '';
  let processInstanceKey = '';

  beforeAll(async () => {
    env = await startBrowserEnvironment('browser_flow_complaint');
    const created = await fetch(`${env.server.url}/api/clients`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from('admin:demo').toString('base64')}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        name: 'Halyna Petrenko',
        kind: 'person',
        email: 'halyna@petrenko.example',
        segment: 'consumer',
        lifecycleStage: 'sale',
      }),
    });
    expect(created.status).toBe(201);
    clientId = ((await created.json()) as { id: string }).id;
  });
  afterAll(async () => {
    await env?.close();
  });
  beforeEach((context) => {
    screenshotOnFailure(context, () => page);
  });

  async function signedIn(username: string, path = '/') {
    page = await env.newPage();
    await page.goto(path);
    await signIn(page, username);
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    return page;
  }

  async function workTask(name: string, fill: (page: Page) => Promise<void>) {
    await page!.getByRole('link', { name: /My groups' tasks/ }).click();
    const item = page!.locator('a.task-item', { hasText: name });
    await expect.poll(() => item.count(), { timeout: 20_000 }).toBe(1);
    await item.click();
    await page!.getByRole('heading', { name, level: 2 }).waitFor();
    await page!.getByRole('button', { name: 'Claim' }).click();
    await page!.getByRole('button', { name: 'Release' }).waitFor();
    await fill(page!);
    await page!.getByRole('button', { name: 'Complete' }).click();
    await expect.poll(() => item.count()).toBe(0);
  }

  it('an analyst opens the example in the modeler and deploys it', async () => {
    // given the example opened from a file
    await signedIn('analyst');
    await page!.getByText('No diagram open').waitFor();
    const [chooser] = await Promise.all([
      page!.waitForEvent('filechooser'),
      page!.getByRole('button', { name: 'Open…' }).click(),
    ]);
    await chooser.setFiles(COMPLAINT_HANDLING);
    await page!.locator('[data-element-id="Task_RegisterComplaint"]').first().waitFor();

    // when it is deployed
    await page!.getByRole('button', { name: 'Deploy', exact: true }).click();

    // then the modeler names the version the server holds
    const status = page!.locator('.modeler-status.success');
    await status.waitFor();
    version = Number(
      /complaint-handling version (\d+)/.exec((await status.textContent()) ?? '')?.[1],
    );
    expect(version).toBeGreaterThan(0);
  });

  it('staff start it from the client card and work its first tasks with form data', async () => {
    // given the client's card, seen by staff of the service group
    await signedIn('staff', `/clients?id=${clientId}`);
    await page!.getByRole('heading', { name: 'Halyna Petrenko', level: 1 }).waitFor();
    await page!.getByText('No process is running for this client.').waitFor();

    // when they start complaint handling for the client
    const start = page!.getByLabel('Start a process');
    const option = start.locator('option', { hasText: `(version ${version})` }).filter({
      hasText: /complaint/i,
    });
    await start.selectOption({ label: (await option.textContent())! });
    await page!.getByRole('button', { name: 'Start', exact: true }).click();
    const running = page!.locator('table[data-processes="running"] tbody tr');
    await running.first().waitFor();
    processInstanceKey = (await running.first().getAttribute('data-process-instance-key'))!;
    expect(processInstanceKey).toMatch(/^\d+$/);

    // and register and classify the complaint on the Tasks page
    await page!.getByRole('link', { name: 'Tasks' }).click();
    await page!.getByRole('heading', { name: 'Tasks', level: 1 }).waitFor();
    await workTask('Register complaint', async (task) => {
      await task.getByLabel('complaintSummary').fill('Parcel arrived damaged');
      await task.getByLabel('severity').fill('high');
    });
    await workTask('Classify complaint', async (task) => {
      await task.getByLabel('category').fill('delivery');
      await task.getByLabel('rootCause').fill('packaging');
    });

    // then the server holds what they entered
    const variables = await env.server.api.post('/variables/search', {
      filter: { processInstanceKey },
      page: { limit: 100 },
    });
    const values = Object.fromEntries(
      variables.body.items.map((item: { name: string; value: string }) => [
        item.name,
        JSON.parse(item.value),
      ]),
    );
    expect(values).toMatchObject({
      clientId,
      complaintSummary: 'Parcel arrived damaged',
      category: 'delivery',
      rootCause: 'packaging',
    });
  });

  it('the client card shows the interaction the process logged', async () => {
    // when staff look at the card again
    await signedIn('staff', `/clients?id=${clientId}`);
    await page!.getByRole('heading', { name: 'Halyna Petrenko', level: 1 }).waitFor();

    // then the complaint is in the history, with the process that logged it
    const history = page!.locator('.client-interactions');
    await expect
      .poll(() => history.textContent(), { timeout: 20_000 })
      .toContain('Parcel arrived damaged');
    expect(await history.textContent()).toMatch(/Log complaint|complaint-handling/i);
    const running = page!.locator('table[data-processes="running"] tbody tr');
    expect(await running.first().getAttribute('data-process-instance-key')).toBe(
      processInstanceKey,
    );
  });

  it("the monitor shows the instance's path", async () => {
    // when an analyst opens the instance in the monitor
    await signedIn('analyst', `/monitor?instance=${processInstanceKey}`);
    const classOf = (id: string) =>
      page!.locator(`.djs-element[data-element-id="${id}"]`).first().getAttribute('class');

    // then the steps done so far are marked completed and the resolution is waiting
    for (const id of [
      'StartEvent_ComplaintReceived',
      'Task_RegisterComplaint',
      'Task_ClassifyComplaint',
      'Task_LogComplaint',
    ]) {
      await expect.poll(() => classOf(id), { timeout: 20_000 }).toContain('monitor-completed');
    }
    const waiting = await Promise.all(
      ['Task_ResolveComplaint', 'Task_ResolveWithPriority'].map((id) => classOf(id)),
    );
    expect(waiting.filter((classes) => classes?.includes('monitor-active'))).toHaveLength(1);
    expect(await classOf('EndEvent_ComplaintClosed')).not.toMatch(/monitor-/);
  });

  it('an admin adds a custom field and sees it on the client card', async () => {
    // given the admin page
    await signedIn('admin', '/admin');
    await page!.getByRole('button', { name: 'Add field' }).first().click();
    const form = page!.getByRole('form', { name: 'New custom field' });

    // when a field is added
    await form.getByLabel('Name').fill('preferredChannel');
    await form.getByLabel('Label').fill('Preferred channel');
    await form.getByLabel('Type').selectOption('enum');
    await form.getByLabel('Options').fill('phone\nemail\nletter');
    await form.getByRole('button', { name: 'Add field' }).click();
    await page!.locator('.admin-table tbody tr[data-key="preferredChannel"]').waitFor();

    // then the client card lists it, and it can be filled in
    await page!.goto(`/clients?id=${clientId}`);
    await page!.getByRole('heading', { name: 'Halyna Petrenko', level: 1 }).waitFor();
    const row = page!.locator('.field-row', {
      has: page!.locator('dt', { hasText: /^Preferred channel$/ }),
    });
    await row.waitFor();
    await page!.getByRole('link', { name: 'Edit' }).click();
    await page!.getByLabel(/^Preferred channel/).selectOption('letter');
    await page!.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => row.locator('dd').textContent()).toBe('letter');
  });
});
