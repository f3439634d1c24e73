// The Monitor in Chromium against a real server: instances per process, one instance on
// its diagram, cancel and incident retry through the page, checked on the server.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Api } from '../../../support/testServer';
import { REPO } from '../../../support/testServer';
import {
  screenshotOnFailure,
  signIn,
  startBrowserEnvironment,
  type BrowserEnvironment,
} from '../../support/browserEnvironment';

const MODEL = join(REPO, 'tests', 'browser', 'pages', 'monitor', 'monitor.credit-review.bpmn');
const PROCESS_ID = 'credit-review';
const JOB_TYPE = 'monitor.credit-check';

describe('the monitor page', () => {
  let env: BrowserEnvironment;
  let analyst: Api;
  let page: Page | undefined;
  /** Started before the tests: one with an incident on its service task, one running. */
  let withIncident: string;
  let running: string;

  beforeAll(async () => {
    env = await startBrowserEnvironment('browser_monitor');
    analyst = env.server.api.as('analyst');
    const deployed = await analyst.deploy({ 'credit-review.bpmn': readFileSync(MODEL, 'utf8') });
    expect(deployed.status).toBe(200);
    withIncident = await startInstance({ applicant: 'Acme Ltd', amount: 1200 });
    await failCreditCheck(withIncident, 'Credit bureau unreachable');
    running = await startInstance({ applicant: 'Globex', amount: 300 });
  });
  afterAll(async () => {
    await env?.close();
  });
  beforeEach((context) => {
    screenshotOnFailure(context, () => page);
  });

  async function startInstance(variables: Record<string, unknown>): Promise<string> {
    const started = await analyst.post('/process-instances', {
      processDefinitionId: PROCESS_ID,
      variables,
    });
    expect(started.status).toBe(200);
    return started.body.processInstanceKey as string;
  }

  /** Activates the instance's credit-check job as the demo worker and fails it for good. */
  async function failCreditCheck(processInstanceKey: string, errorMessage: string) {
    const worker = env.server.api.as('demo-worker', 'demo-secret');
    const activated = await worker.post('/jobs/activation', {
      type: JOB_TYPE,
      worker: 'monitor-test',
      timeout: 60_000,
      maxJobsToActivate: 10,
      requestTimeout: 5_000,
    });
    const job = activated.body.jobs.find((j: any) => j.processInstanceKey === processInstanceKey);
    expect(job).toBeDefined();
    const failed = await worker.post(`/jobs/${job.jobKey}/failure`, { retries: 0, errorMessage });
    expect(failed.status).toBe(204);
    return job.jobKey as string;
  }

  async function openMonitor(url: string, username = 'analyst') {
    page = await env.newPage();
    await page.goto(url);
    await signIn(page, username);
    await page.locator('.monitor-page h1:visible').waitFor();
    return page;
  }

  const element = (id: string) => page!.locator(`.djs-element[data-element-id="${id}"]`);
  const classOf = (id: string) => element(id).getAttribute('class');

  it('lists the instances of a process with their states and counts', async () => {
    // given an analyst on the monitor
    await openMonitor('/monitor');
    await expect.poll(() => page!.getByRole('link', { name: 'Monitor' }).isVisible()).toBe(true);

    // when they choose the process
    await page!.locator('.monitor-processes a', { hasText: 'Credit review' }).click();

    // then its instances are listed, newest first, with their states and counts
    await expect.poll(() => page!.url()).toMatch(/\/monitor\?process=credit-review$/);
    const rows = page!.locator('.monitor-table tbody tr');
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.nth(0).getAttribute('data-instance-key')).toBe(running);
    expect(await rows.nth(0).locator('.monitor-state').textContent()).toBe('Running');
    expect(await rows.nth(1).getAttribute('data-instance-key')).toBe(withIncident);
    expect(await rows.nth(1).locator('.monitor-state').textContent()).toBe('Incident');
    const chips = page!.locator('.monitor-chips a');
    expect(await chips.allTextContents()).toEqual([
      'All 2',
      'Running 2',
      'With incidents 1',
      'Completed 0',
      'Cancelled 0',
    ]);
    const picked = page!.locator('.monitor-processes a[aria-current="page"]');
    expect(await picked.locator('.monitor-count-badge').allTextContents()).toEqual([
      '2 running',
      '1 with incidents',
    ]);

    // and the incidents chip narrows the list to the instance with an incident
    await page!.getByRole('link', { name: 'With incidents 1' }).click();
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().getAttribute('data-instance-key')).toBe(withIncident);
    expect(await page!.locator('.monitor-pager-range').textContent()).toBe('1–1 of 1');

    // and the cancelled chip has nothing to show yet
    await page!.getByRole('link', { name: 'Cancelled 0' }).click();
    await page!.getByRole('heading', { name: 'No instances match' }).waitFor();
  });

  it('marks where an instance stands on its diagram, with its variables and incidents', async () => {
    // given the list of the process
    await openMonitor('/monitor?process=credit-review');

    // when the analyst opens the instance with the incident
    await page!.getByRole('link', { name: `Open instance ${withIncident}` }).click();

    // then its diagram marks the failed service task, the waiting user task and the path taken
    await expect.poll(() => page!.url()).toContain(`/monitor?instance=${withIncident}`);
    await expect.poll(() => classOf('Task_CheckCredit')).toContain('monitor-incident');
    expect(await classOf('Task_ReviewApplication')).toContain('monitor-active');
    expect(await classOf('StartEvent_Applied')).toContain('monitor-completed');
    expect(await classOf('Gateway_Fork')).toContain('monitor-completed');
    for (const flow of ['Flow_ToFork', 'Flow_ToCheck', 'Flow_ToReview']) {
      expect(await classOf(flow)).toContain('monitor-taken');
    }
    for (const id of ['Flow_CheckToJoin', 'Gateway_Join', 'EndEvent_Decided']) {
      expect(await classOf(id)).not.toMatch(/monitor-/);
    }
    expect(await classOf('Task_ReviewApplication')).not.toContain('monitor-completed');
    const badges = (id: string) => page!.locator(`.monitor-badges[data-element-id="${id}"]`);
    expect(await badges('Task_CheckCredit').locator('.monitor-badge.incident').textContent()).toBe(
      '1',
    );
    expect(
      await badges('Task_ReviewApplication').locator('.monitor-badge.active').textContent(),
    ).toBe('1');
    expect(await page!.locator('.monitor-legend li').allTextContents()).toEqual([
      'Running',
      'Incident',
      'Completed',
      'Cancelled',
      'Path taken',
    ]);

    // and the marks are drawn in distinct colours
    const stroke = (id: string) =>
      page!.evaluate<string>(
        `getComputedStyle(document.querySelector('.djs-element[data-element-id="${id}"] .djs-visual > :first-child')).stroke`,
      );
    const strokes = new Set([
      await stroke('Task_CheckCredit'),
      await stroke('Task_ReviewApplication'),
      await stroke('StartEvent_Applied'),
    ]);
    expect(strokes.size).toBe(3);

    // and the diagram scrolls from the keyboard
    const viewport = () => page!.locator('.monitor-canvas .viewport').getAttribute('transform');
    const before = await viewport();
    await page!.locator('.monitor-canvas svg').first().focus();
    await page!.keyboard.press('Control+ArrowLeft');
    await expect.poll(viewport).not.toBe(before);

    // and its variables and its incident are listed
    const applicant = page!.locator('.monitor-variables tr[data-variable-name="applicant"]');
    expect(await applicant.locator('td').allTextContents()).toEqual([
      '"Acme Ltd"',
      'Process instance',
    ]);
    expect(
      await page!
        .locator('.monitor-variables tr[data-variable-name="amount"] td')
        .first()
        .textContent(),
    ).toBe('1200');
    const incident = page!.locator('.monitor-incidents tbody tr');
    expect(await incident.count()).toBe(1);
    const cells = await incident.locator('td').allTextContents();
    expect(cells.slice(0, 3)).toEqual([
      'Job failed, no retries left',
      'Credit bureau unreachable',
      'Check credit',
    ]);
  });

  it('cancels an instance only after the analyst confirms', async () => {
    // given the running instance, opened by its link
    await openMonitor(`/monitor?instance=${running}`);
    await expect.poll(() => classOf('Task_ReviewApplication')).toContain('monitor-active');

    // when the analyst asks to cancel but keeps it running
    await page!.getByRole('button', { name: 'Cancel instance' }).click();
    const dialog = page!.getByRole('dialog', { name: `Cancel instance ${running}?` });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Keep it running' }).click();
    await dialog.waitFor({ state: 'detached' });

    // then nothing happened on the server
    expect((await analyst.get(`/process-instances/${running}`)).body.state).toBe('ACTIVE');

    // when they cancel and confirm, with the keyboard
    await page!.getByRole('button', { name: 'Cancel instance' }).click();
    await dialog.waitFor();
    await page!.keyboard.press('Tab');
    await page!.keyboard.press('Enter');

    // then the server ended the instance, and the page shows it cancelled
    await page!.getByText(`Instance ${running} was cancelled.`).waitFor();
    await expect
      .poll(async () => (await analyst.get(`/process-instances/${running}`)).body.state)
      .toBe('TERMINATED');
    await expect
      .poll(() => page!.locator('.monitor-instance-header .monitor-state').textContent())
      .toBe('Cancelled');
    await expect.poll(() => classOf('Task_ReviewApplication')).toContain('monitor-terminated');
    expect(await page!.getByRole('button', { name: 'Cancel instance' }).count()).toBe(0);
  });

  it('retries a job incident by giving the job a retry and resolving the incident', async () => {
    // given an instance whose credit check failed without retries, opened by an analyst
    const instance = await startInstance({ applicant: 'Initech', amount: 50 });
    const jobKey = await failCreditCheck(instance, 'Timed out');
    const [open] = (
      await analyst.post('/incidents/search', {
        filter: { processInstanceKey: instance, state: 'ACTIVE' },
      })
    ).body.items;
    expect(open.jobKey).toBe(jobKey);
    await openMonitor(`/monitor?instance=${instance}`, 'analyst');
    await expect.poll(() => classOf('Task_CheckCredit')).toContain('monitor-incident');

    // when the analyst retries the incident
    await page!.getByRole('button', { name: 'Retry the incident on Check credit' }).click();

    // then the server resolved it and the job has a retry again
    await page!.getByText('The incident was resolved; its step runs again.').waitFor();
    expect((await analyst.get(`/incidents/${open.incidentKey}`)).body.state).toBe('RESOLVED');
    const job = (await analyst.post('/jobs/search', { filter: { jobKey } })).body.items[0];
    expect(job.retries).toBe(1);
    expect((await analyst.get(`/process-instances/${instance}`)).body.hasIncident).toBe(false);

    // and the page shows the task waiting for its worker again
    await expect.poll(() => classOf('Task_CheckCredit')).toContain('monitor-active');
    expect(await classOf('Task_CheckCredit')).not.toContain('monitor-incident');
    await page!.getByText('No open incidents.').waitFor();

    // and a worker gets the job again
    const again = await env.server.api.as('demo-worker', 'demo-secret').post('/jobs/activation', {
      type: JOB_TYPE,
      timeout: 60_000,
      maxJobsToActivate: 10,
      requestTimeout: 5_000,
    });
    expect(again.body.jobs.map((j: any) => j.jobKey)).toContain(jobKey);
  });

  it('is offered to analysts and admins, not to staff', async () => {
    // given staff signed in
    page = await env.newPage();
    await page.goto('/');
    await signIn(page, 'staff');
    const nav = page.locator('.nav-links');
    await nav.locator('a').first().waitFor();

    // then the navigation has no monitor
    expect(await nav.getByRole('link', { name: 'Monitor' }).count()).toBe(0);
  });
});
