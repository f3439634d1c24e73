// The Clients page in Chromium against a real server: staff create, find, edit, archive
// clients, see the server's verdicts in place, and start processes for a client.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { REPO } from '../../../support/testServer';
import {
  screenshotOnFailure,
  signIn,
  startBrowserEnvironment,
  type BrowserEnvironment,
} from '../../support/browserEnvironment';

const FOLLOW_UP = join(REPO, 'tests', 'browser', 'pages', 'clients', 'clients.followUp.bpmn');

const CUSTOM_FIELDS = [
  {
    name: 'tier',
    label: 'Service tier',
    type: 'enum',
    required: true,
    options: ['gold', 'silver', 'bronze'],
  },
  { name: 'score', label: 'Lead score', type: 'number' },
  { name: 'renewal', label: 'Renewal date', type: 'date' },
  { name: 'vip', label: 'VIP', type: 'boolean' },
];

describe('the clients page', () => {
  let env: BrowserEnvironment;
  let page: Page | undefined;

  /** The CRM API over HTTP Basic, as an integration would call it. */
  async function crm(method: string, path: string, body?: unknown, user = 'staff') {
    const response = await fetch(`${env.server.url}/api${path}`, {
      method,
      headers: {
        authorization: `Basic ${Buffer.from(`${user}:demo`).toString('base64')}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  }

  async function createClient(client: Record<string, unknown>): Promise<string> {
    const answer = await crm('POST', '/clients', { custom: { tier: 'bronze' }, ...client });
    expect(answer.status).toBe(201);
    return answer.body.id as string;
  }

  /** The value the card shows for a field, by its label. */
  function cardValue(label: string) {
    return page!
      .locator('.field-row', { has: page!.locator('dt', { hasText: new RegExp(`^${label}$`) }) })
      .locator('dd');
  }

  beforeAll(async () => {
    env = await startBrowserEnvironment('browser_clients');
    for (const field of CUSTOM_FIELDS) {
      const answer = await crm('POST', '/fields', field, 'demo');
      expect(answer.status).toBe(201);
    }
  });
  afterAll(async () => {
    await env?.close();
  });
  beforeEach(async (context) => {
    screenshotOnFailure(context, () => page);
    page = await env.newPage();
    await page.goto('/clients');
    await signIn(page, 'staff');
    await page.getByRole('heading', { name: 'Clients', level: 1 }).waitFor();
  });

  it('says there are no clients yet and offers to add the first one', async () => {
    // given a database without clients (this test runs first)
    // then the list is an empty state with a way to add one
    await page!.getByRole('heading', { name: 'No clients yet' }).waitFor();
    await page!.getByRole('link', { name: 'Add a client' }).click();
    await page!.getByRole('heading', { name: 'New client', level: 1 }).waitFor();
    expect(page!.url()).toMatch(/\/clients\?new=1$/);
  });

  it('creates a client once the email the server refused is fixed', async () => {
    // given the new-client form, filled in with an email that is not one
    await page!.getByRole('link', { name: 'New client' }).click();
    await page!.getByLabel(/^Name/).fill('Ana Kovalenko');
    await page!.getByLabel(/^Kind/).selectOption('person');
    const email = page!.getByLabel(/^Email/);
    await email.fill('ana-at-example');
    await page!.getByLabel(/^Service tier/).selectOption('gold');
    await page!.getByLabel(/^Lead score/).fill('72.5');
    await page!.getByLabel(/^Renewal date/).fill('2026-03-01');
    await page!.getByLabel(/^VIP/).selectOption('true');

    // when staff create it
    await page!.getByRole('button', { name: 'Create client' }).click();

    // then the server's message is on the email field, and nothing is stored
    const emailError = page!.locator('#client-field-email-error');
    await emailError.waitFor();
    expect(await emailError.textContent()).toBe('must be an email address');
    expect(await email.getAttribute('aria-invalid')).toBe('true');
    expect(await page!.getByLabel(/^Name/).getAttribute('aria-invalid')).toBeNull();
    expect((await crm('POST', '/clients/search', { q: 'Ana' })).body.items).toEqual([]);

    // when the email is fixed and the form sent again
    await email.fill('ana@example.com');
    await page!.getByRole('button', { name: 'Create client' }).click();

    // then the card shows the client with its custom fields by their labels
    await page!.getByRole('heading', { name: 'Ana Kovalenko', level: 1 }).waitFor();
    const id = /\/clients\?id=(\d+)$/.exec(page!.url())?.[1];
    expect(id).toBeDefined();
    expect(await cardValue('Email').textContent()).toBe('ana@example.com');
    expect(await cardValue('Kind').textContent()).toBe('Person');
    expect(await cardValue('Service tier').textContent()).toBe('gold');
    expect(await cardValue('Lead score').textContent()).toBe('72.5');
    expect(await cardValue('Renewal date').textContent()).toBe('Mar 1, 2026');
    expect(await cardValue('VIP').textContent()).toBe('Yes');
    expect(await cardValue('Owner').textContent()).toBe('staff');
    const stored = await crm('GET', `/clients/${id}`);
    expect(stored.body).toMatchObject({
      name: 'Ana Kovalenko',
      kind: 'person',
      email: 'ana@example.com',
      custom: { tier: 'gold', score: 72.5, renewal: '2026-03-01T00:00:00.000Z', vip: true },
    });
  });

  it('finds clients by the start of a name or email and pages through them', async () => {
    // given 27 clients named "Pager …" and one found by its email
    for (let n = 1; n <= 27; n++)
      await createClient({ name: `Pager ${String(n).padStart(2, '0')}` });
    await createClient({ name: 'Borys Melnyk', email: 'borys@example.com', segment: 'Retail' });
    const rows = page!.locator('.clients-table tbody tr');
    const range = page!.locator('.pager-range');
    const search = page!.getByLabel('Search by name or email');

    // when staff search for the start of the name, in another casing
    await search.fill('pager');

    // then the first page holds 25 of them, and the next one the rest
    await expect.poll(() => range.textContent()).toBe('1–25 of 27');
    expect(await rows.count()).toBe(25);
    expect(await rows.first().locator('th').textContent()).toBe('Pager 01');
    await page!.getByRole('button', { name: 'Next' }).click();
    await expect.poll(() => range.textContent()).toBe('26–27 of 27');
    expect(await rows.locator('th').allTextContents()).toEqual(['Pager 26', 'Pager 27']);
    expect(page!.url()).toContain('from=25');
    expect(await page!.getByRole('button', { name: 'Next' }).isDisabled()).toBe(true);

    // when they search by the start of an email
    await search.fill('borys@');
    await search.press('Enter');

    // then that client is the only row
    await expect.poll(() => rows.locator('th').allTextContents()).toEqual(['Borys Melnyk']);
    expect(await rows.first().locator('td').nth(1).textContent()).toBe('Retail');
    expect(await range.isVisible()).toBe(false);

    // when nothing matches, the list says so and offers to clear the search
    await search.fill('zzz');
    await page!.getByRole('heading', { name: 'No clients match' }).waitFor();
    await page!.getByRole('button', { name: 'Clear the search' }).click();
    await expect.poll(() => range.textContent()).toBe('1–25 of 29');
  });

  it('opens a card from the list with the keyboard and edits a field', async () => {
    // given a company client in the list
    const id = await createClient({
      name: 'Chen Industries',
      kind: 'company',
      segment: 'SMB',
      region: 'Kyiv',
      lifecycleStage: 'attraction',
      owner: 'staff',
    });
    await page!.getByLabel('Search by name or email').fill('chen');
    const row = page!.locator(`tr[data-client-id="${id}"]`);
    await row.waitFor();
    expect(await row.locator('td').allTextContents()).toEqual([
      'Company',
      'SMB',
      'Kyiv',
      'Attraction',
      'staff',
    ]);

    // when staff reach its link with the keyboard and press Enter
    await row.getByRole('link', { name: 'Chen Industries' }).focus();
    await page!.keyboard.press('Enter');

    // then the card opens at a URL of its own
    await page!.getByRole('heading', { name: 'Chen Industries', level: 1 }).waitFor();
    expect(page!.url()).toMatch(new RegExp(`/clients\\?id=${id}$`));
    expect(await cardValue('Lifecycle stage').textContent()).toBe('Attraction');

    // when they edit the segment
    await page!.getByRole('link', { name: 'Edit' }).click();
    const segment = page!.getByLabel(/^Segment/);
    await expect.poll(() => segment.inputValue()).toBe('SMB');
    await segment.fill('Enterprise');
    await page!.getByRole('button', { name: 'Save changes' }).click();

    // then the card and the server have the new segment, and the rest is as it was
    await expect.poll(() => cardValue('Segment').textContent()).toBe('Enterprise');
    const stored = await crm('GET', `/clients/${id}`);
    expect(stored.body).toMatchObject({
      rev: 2,
      segment: 'Enterprise',
      region: 'Kyiv',
      lifecycleStage: 'attraction',
    });
  });

  it('says the client changed elsewhere when an edit is stale, and reloads it', async () => {
    // given the edit form of a client, opened by its link
    const id = await createClient({ name: 'Dmytro Shevchenko', segment: 'SMB' });
    await page!.goto(`/clients?id=${id}&edit=1`);
    await page!.getByRole('heading', { name: 'Edit Dmytro Shevchenko' }).waitFor();

    // when someone else changes the client meanwhile, and staff save their edit
    const elsewhere = await crm('PATCH', `/clients/${id}`, { region: 'Lviv' }, 'demo');
    expect(elsewhere.status).toBe(200);
    await page!.getByLabel(/^Segment/).fill('Mid-market');
    await page!.getByRole('button', { name: 'Save changes' }).click();

    // then the form says so, and the other change is not overwritten
    const alert = page!.locator('.form-alert');
    await expect.poll(() => alert.textContent()).toContain('changed elsewhere — reload');
    expect((await crm('GET', `/clients/${id}`)).body).toMatchObject({
      segment: 'SMB',
      region: 'Lviv',
    });

    // when they reload, the form shows the latest version; saving again goes through
    await page!.getByRole('button', { name: 'Reload' }).click();
    await expect.poll(() => page!.getByLabel(/^Region/).inputValue()).toBe('Lviv');
    expect(await page!.getByLabel(/^Segment/).inputValue()).toBe('SMB');
    await page!.getByLabel(/^Segment/).fill('Mid-market');
    await page!.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => cardValue('Segment').textContent()).toBe('Mid-market');
    expect(await cardValue('Region').textContent()).toBe('Lviv');
    expect((await crm('GET', `/clients/${id}`)).body).toMatchObject({
      rev: 3,
      segment: 'Mid-market',
      region: 'Lviv',
    });
  });

  it('starts a deployed process for the client and lists it as running', async () => {
    // given a process with one user task that the sales group may start
    const deployed = await env.server.api.deploy({
      'client-follow-up.bpmn': readFileSync(FOLLOW_UP, 'utf8'),
    });
    expect(deployed.status).toBe(200);
    const definition = deployed.body.deployments[0].processDefinition;
    const offered = await env.server.api.request(
      'PUT',
      `/process-definitions/${definition.processDefinitionKey}/startable-by-groups`,
      { startableByGroups: ['sales'] },
    );
    expect(offered.status).toBe(204);
    const id = await createClient({ name: 'Olena Bondar' });
    await page!.goto(`/clients?id=${id}`);
    await page!.getByText('No process is running for this client.').waitFor();

    // when staff start it from the card
    await page!
      .getByLabel('Start a process')
      .selectOption({ label: `Client follow-up (version ${definition.processDefinitionVersion})` });
    await page!.getByRole('button', { name: 'Start', exact: true }).click();

    // then it is listed as running, and the server has it bound to the client
    const running = page!.locator('table[data-processes="running"] tbody tr');
    await running.first().waitFor();
    expect(await running.locator('th').allTextContents()).toEqual([
      `Client follow-up (version ${definition.processDefinitionVersion})`,
    ]);
    expect(await running.locator('td').first().textContent()).toBe('Running');
    expect(await page!.getByRole('heading', { name: 'Running (1)' }).isVisible()).toBe(true);
    const bound = await crm('GET', `/clients/${id}/process-instances`);
    expect(bound.body.items).toMatchObject([
      { processDefinitionId: 'client-follow-up', state: 'ACTIVE' },
    ]);
    expect(await running.first().getAttribute('data-process-instance-key')).toBe(
      bound.body.items[0].processInstanceKey,
    );
  });

  it('logs an interaction on the card and shows it in the history', async () => {
    // given the card of a client without interactions
    const id = await createClient({ name: 'Iryna Tkachenko' });
    await page!.goto(`/clients?id=${id}`);
    await page!.getByText('No interactions are recorded for this client yet.').waitFor();

    // when staff log one without saying what happened, the server's message is on the field
    await page!.getByRole('button', { name: 'Log interaction' }).click();
    const summary = page!.getByLabel('What happened');
    await page!.locator('#interaction-summary-error').waitFor();
    expect(await summary.getAttribute('aria-invalid')).toBe('true');

    // when they fill it in and log it
    await page!.getByLabel('Kind', { exact: true }).selectOption('call');
    await summary.fill('Called about the renewal');
    await page!.getByRole('button', { name: 'Log interaction' }).click();

    // then the history shows it, and the server has it
    const entry = page!.locator('.timeline-entry');
    await entry.first().waitFor();
    expect(await entry.locator('.timeline-summary').allTextContents()).toEqual([
      'Called about the renewal',
    ]);
    expect(await entry.first().locator('.badge').textContent()).toBe('Call');
    expect(await entry.first().textContent()).toContain('by staff');
    expect(await summary.getAttribute('aria-invalid')).toBeNull();
    const stored = await crm('GET', `/clients/${id}/interactions`);
    expect(stored.body.items).toMatchObject([
      { kind: 'call', summary: 'Called about the renewal', who: 'staff' },
    ]);
  });

  it('archives a client only once the question is confirmed', async () => {
    // given the card of a client
    const id = await createClient({ name: 'Zenon Archive' });
    await page!.goto(`/clients?id=${id}`);
    await page!.getByRole('heading', { name: 'Zenon Archive', level: 1 }).waitFor();

    // when staff ask to archive it and then keep it, nothing happens
    await page!.getByRole('button', { name: 'Archive' }).click();
    const dialog = page!.getByRole('dialog');
    await dialog.getByRole('heading', { name: 'Archive Zenon Archive?' }).waitFor();
    await dialog.getByRole('button', { name: 'Keep' }).click();
    await expect.poll(() => dialog.count()).toBe(0);
    expect((await crm('GET', `/clients/${id}`)).body.archived).toBe(false);

    // when they confirm
    await page!.getByRole('button', { name: 'Archive' }).click();
    await page!.getByRole('dialog').getByRole('button', { name: 'Archive' }).click();

    // then the card shows it archived without edit actions, and the list no longer has it
    await page!.locator('.client-card .badge', { hasText: 'Archived' }).waitFor();
    expect(await page!.getByRole('link', { name: 'Edit' }).count()).toBe(0);
    expect((await crm('GET', `/clients/${id}`)).body.archived).toBe(true);
    await page!.getByRole('link', { name: 'All clients' }).click();
    await page!.getByLabel('Search by name or email').fill('zenon');
    await page!.getByRole('heading', { name: 'No clients match' }).waitFor();
  });
});
