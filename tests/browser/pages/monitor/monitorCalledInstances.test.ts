// The Monitor's call activity links in Chromium against a real server: a parent instance
// lists the instance its call activity started, the called instance links back to its
// caller and cannot be cancelled on its own, and an instance that called none has no list.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Api } from '../../../support/testServer';
import { REPO } from '../../../support/testServer';
import {
  screenshotOnFailure,
  signIn,
  startBrowserEnvironment,
  type BrowserEnvironment,
} from '../../support/browserEnvironment';

const MODELS = join(REPO, 'tests', 'browser', 'pages', 'monitor');
const fixture = (variant: string) =>
  readFileSync(join(MODELS, `monitorCalledInstances.${variant}.bpmn`), 'utf8');

interface CalledInstance {
  processInstanceKey: string;
  processDefinitionId: string;
  state: string;
  startDate: string;
  parentProcessInstanceKey: string | null;
}

describe('the monitor: instances started by call activities', () => {
  let env: BrowserEnvironment;
  let analyst: Api;
  let page: Page | undefined;
  /** A loan application waiting at its "Check credit" call activity. */
  let parentKey: string;
  /** The credit check that call activity started, waiting at its user task. */
  let child: CalledInstance;

  beforeAll(async () => {
    env = await startBrowserEnvironment('browser_monitor_called');
    analyst = env.server.api.as('analyst');
    const deployed = await analyst.deploy({
      'credit-check.bpmn': fixture('child'),
      'loan-application.bpmn': fixture('parent'),
    });
    expect(deployed.status, JSON.stringify(deployed.body)).toBe(200);
    const started = await analyst.post('/process-instances', {
      processDefinitionId: 'loan-application',
      variables: { applicant: 'Acme Ltd' },
    });
    expect(started.status, JSON.stringify(started.body)).toBe(200);
    parentKey = started.body.processInstanceKey as string;
    child = await calledInstanceOf(parentKey);
  });
  afterAll(async () => {
    await env?.close();
  });
  beforeEach((context) => {
    screenshotOnFailure(context, () => page);
  });

  async function calledBy(processInstanceKey: string): Promise<CalledInstance[]> {
    const answer = await analyst.post('/process-instances/search', {
      filter: { parentProcessInstanceKey: processInstanceKey },
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    return answer.body.items as CalledInstance[];
  }

  /** The one instance the parent's call activity started, once the server lists it. */
  async function calledInstanceOf(processInstanceKey: string): Promise<CalledInstance> {
    for (let attempt = 0; attempt < 50; attempt++) {
      const called = await calledBy(processInstanceKey);
      expect(called.length).toBeLessThanOrEqual(1);
      if (called[0]) return called[0];
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`no instance called by ${processInstanceKey}`);
  }

  async function openInstance(processInstanceKey: string) {
    page = await env.newPage();
    await page.goto(`/monitor?instance=${processInstanceKey}`);
    await signIn(page, 'analyst');
    await page.locator('.monitor-instance-header h1').waitFor();
    return page;
  }

  const heading = () => page!.locator('.monitor-instance-header h1');
  const header = () => page!.locator('.monitor-instance-header');
  const calledPanel = () => page!.getByRole('region', { name: /^Called instances/ });
  /** The panels under the diagram are drawn together: this one shows they are there. */
  const messagesPanel = () => page!.getByRole('region', { name: 'Waiting for messages' });
  /** The "Called by instance" fact of the header. */
  const calledByFact = () =>
    page!.locator('.monitor-facts > div').filter({
      has: page!.locator('dt', { hasText: 'Called by instance' }),
    });

  /** The element's tag and href, whether Tab reaches it, and whether it takes the focus. */
  const linkTraits = (link: Locator) =>
    link.evaluate((element) => {
      element.focus();
      return {
        tag: element.tagName,
        href: element.getAttribute('href'),
        inTabOrder: element.tabIndex >= 0,
        focused: element.matches(':focus'),
      };
    });

  it('lists the instance a call activity started, with a link to its view', async () => {
    // given a loan application whose "Check credit" call activity started a credit check
    expect(child).toMatchObject({
      processDefinitionId: 'credit-check',
      state: 'ACTIVE',
      parentProcessInstanceKey: parentKey,
    });

    // when an analyst opens the loan application
    await openInstance(parentKey);

    // then the called instances panel lists the credit check, running, with its start
    const panel = calledPanel();
    await panel.waitFor();
    expect(await panel.getByRole('heading').textContent()).toBe('Called instances (1)');
    expect(await panel.getByRole('columnheader').allTextContents()).toEqual([
      'Instance',
      'Call activity',
      'State',
      'Started',
    ]);
    const rows = panel.locator('tbody tr');
    expect(await rows.count()).toBe(1);
    const row = rows.first();
    expect(await row.getAttribute('data-process-instance-key')).toBe(child.processInstanceKey);
    expect(await row.getByRole('rowheader').textContent()).toBe(
      `Credit check · ${child.processInstanceKey}`,
    );
    const cells = row.getByRole('cell');
    expect(await cells.nth(0).textContent()).toBe('Check credit');
    expect(await cells.nth(1).textContent()).toBe('Running');
    expect(await cells.nth(1).locator('.monitor-state').getAttribute('class')).toContain(
      'monitor-state-active',
    );
    expect(await cells.nth(2).locator('time').getAttribute('datetime')).toBe(child.startDate);

    // and the loan application itself can be cancelled
    await header().getByRole('button', { name: 'Cancel instance' }).waitFor();

    // and its link is a focusable anchor to the credit check's view
    const link = row.getByRole('link', { name: `Credit check · ${child.processInstanceKey}` });
    expect(await linkTraits(link)).toEqual({
      tag: 'A',
      href: `/monitor?instance=${child.processInstanceKey}`,
      inTabOrder: true,
      focused: true,
    });

    // when the analyst follows it with the keyboard
    await page!.keyboard.press('Enter');

    // then the credit check's view is shown
    await expect.poll(() => page!.url()).toContain(`/monitor?instance=${child.processInstanceKey}`);
    await expect
      .poll(() => heading().textContent())
      .toBe(`Credit check · ${child.processInstanceKey}`);
  });

  it('links a called instance back to its caller and offers no Cancel', async () => {
    // when an analyst opens the credit check
    await openInstance(child.processInstanceKey);

    // then its header names the loan application that called it, as a focusable link
    await calledByFact().waitFor();
    const back = calledByFact().locator('dd').getByRole('link');
    expect(await back.textContent()).toBe(parentKey);
    expect(await linkTraits(back)).toEqual({
      tag: 'A',
      href: `/monitor?instance=${parentKey}`,
      inTabOrder: true,
      focused: true,
    });

    // and it can be refreshed but not cancelled on its own, though it is running
    expect(await header().locator('.monitor-state').first().textContent()).toBe('Running');
    await header().getByRole('button', { name: 'Refresh' }).waitFor();
    expect(await header().getByRole('button', { name: 'Cancel instance' }).count()).toBe(0);

    // when the analyst follows the link with the keyboard
    await page!.keyboard.press('Enter');

    // then the loan application's view is shown, with its called instance and Cancel
    await expect.poll(() => page!.url()).toContain(`/monitor?instance=${parentKey}`);
    await expect.poll(() => heading().textContent()).toBe(`Loan application · ${parentKey}`);
    await calledPanel()
      .getByRole('link', { name: `Credit check · ${child.processInstanceKey}` })
      .waitFor();
    await header().getByRole('button', { name: 'Cancel instance' }).waitFor();
    expect(await calledByFact().count()).toBe(0);
  });

  it('shows no called instances panel for an instance that started none', async () => {
    // given the credit check, which has no call activity, on the server
    expect(await calledBy(child.processInstanceKey)).toEqual([]);

    // when an analyst opens it
    await openInstance(child.processInstanceKey);

    // then the panels under its diagram are drawn, without a called instances panel
    await messagesPanel().waitFor();
    expect(await page!.locator('.monitor-details section').count()).toBeGreaterThan(0);
    expect(await calledPanel().count()).toBe(0);
    expect(await page!.getByText(/Called instances/).count()).toBe(0);
  });
});
