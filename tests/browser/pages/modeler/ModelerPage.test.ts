// The modeler in Chromium against a real server: open, deploy, see the server's verdict.
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

const COMPLAINT_HANDLING = join(REPO, 'examples', 'complaint-handling.bpmn');
const TIMER_MODEL = join(
  REPO,
  'tests',
  'browser',
  'pages',
  'modeler',
  'ModelerPage.conditional.bpmn',
);

describe('the modeler page', () => {
  let env: BrowserEnvironment;
  let page: Page | undefined;

  beforeAll(async () => {
    env = await startBrowserEnvironment('browser_modeler');
  });
  afterAll(async () => {
    await env?.close();
  });
  beforeEach(async (context) => {
    screenshotOnFailure(context, () => page);
    page = await env.newPage();
    await page.goto('/');
    await signIn(page);
    await expect.poll(() => page!.getByText('No diagram open').isVisible()).toBe(true);
  });

  it('lets an analyst open complaint-handling.bpmn from a file and deploy it', async () => {
    // given the example opened through the file chooser
    await openFile(page!, COMPLAINT_HANDLING);
    await expect
      .poll(() => page!.locator('.toolbar-title').textContent())
      .toBe('complaint-handling.bpmn');
    await page!.locator('[data-element-id="Task_RegisterComplaint"]').first().waitFor();

    // when the analyst deploys it
    await page!.getByRole('button', { name: 'Deploy', exact: true }).click();

    // then the modeler reports the new version, and the server lists it
    const status = page!.locator('.modeler-status.success');
    await status.waitFor();
    const version = Number(
      /complaint-handling version (\d+)/.exec((await status.textContent()) ?? '')?.[1],
    );
    expect(version).toBeGreaterThan(0);
    const search = await env.server.api.as('analyst').post('/process-definitions/search', {
      filter: { processDefinitionId: 'complaint-handling' },
    });
    expect(search.body.items.map((d: any) => d.version)).toContain(version);
  });

  it('marks the conditional event that the runtime cannot run yet when the deploy is rejected', async () => {
    // given a model with a conditional catch event, flagged by lint as soon as it opens
    await openFile(page!, TIMER_MODEL);
    const event = page!.locator('.djs-element[data-element-id="Condition_ClientAnswered"]');
    await event.waitFor();
    const lint = page!.locator(
      '.djs-overlays[data-container-id="Condition_ClientAnswered"] .bjsl-overlay',
    );
    await lint.waitFor();
    expect(await lint.textContent()).toContain(
      'Relata cannot run this: conditional intermediate catch',
    );
    // the lint button is coloured (bpmn-js-bpmnlint's colour tokens are defined)
    const lintButton = "getComputedStyle(document.querySelector('.bjsl-button')).backgroundColor";
    expect(await page!.evaluate(lintButton)).not.toBe('rgba(0, 0, 0, 0)');

    // when the analyst deploys it
    await page!.getByRole('button', { name: 'Deploy', exact: true }).click();

    // then the server's problem is shown on that element and in the list
    await page!.locator('.modeler-status.error').waitFor();
    await expect.poll(() => event.getAttribute('class')).toContain('relata-deploy-problem');
    const overlay = page!.locator(
      '.deploy-problem-overlay[data-element-id="Condition_ClientAnswered"]',
    );
    expect(await overlay.textContent()).toContain(
      'conditional intermediate catch events are not supported yet',
    );
    const listed = page!.locator('.problem-list li', { hasText: 'Client answered' });
    expect(await listed.textContent()).toContain('not supported yet');
    const search = await env.server.api.post('/process-definitions/search', {
      filter: { processDefinitionId: 'follow-up-call' },
    });
    expect(search.body.items).toEqual([]);
  });

  it('opens a deployed version from the processes page', async () => {
    // given the processes page, which lists the examples demo mode deployed
    await page!.getByRole('link', { name: 'Processes' }).click();
    const row = page!.locator('tr[data-process-id="lead-to-loyalty"]');
    await row.waitFor();

    // when the analyst opens its latest version
    await row.getByRole('link', { name: /^Open version \d+$/ }).click();

    // then the modeler shows that definition
    await expect.poll(() => page!.url()).toMatch(/\/modeler\?definition=\d+$/);
    await expect
      .poll(() => page!.locator('.toolbar-title').textContent())
      .toBe('lead-to-loyalty.bpmn');
    await page!.locator('.djs-element[data-element-id]').first().waitFor();
    expect(await page!.getByText('No diagram open').isVisible()).toBe(false);
  });
});

async function openFile(page: Page, file: string) {
  const [chooser] = await Promise.all([
    page.waitForEvent('filechooser'),
    page.getByRole('button', { name: 'Open…' }).click(),
  ]);
  await chooser.setFiles(file);
}
