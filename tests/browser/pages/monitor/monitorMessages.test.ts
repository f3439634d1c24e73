// The Monitor's "Waiting for messages" section in Chromium against a real server: an
// instance's message subscriptions (open ones first) before and after its message is
// published, and the empty state of an instance that waits for no message.
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

const MODELS = join(REPO, 'tests', 'browser', 'pages', 'monitor');
const PAYMENT_MESSAGE = 'monitor.payment-received';
const CANCEL_MESSAGE = 'monitor.order-cancelled';
const CAPTION =
  'Message subscriptions of the instance, open ones first, then the most recently updated';

interface Subscription {
  elementId: string;
  messageName: string;
  correlationKey: string;
  messageSubscriptionState: string;
  lastUpdatedDate: string;
}

describe('the monitor: what an instance waits for', () => {
  let env: BrowserEnvironment;
  let analyst: Api;
  let page: Page | undefined;

  beforeAll(async () => {
    env = await startBrowserEnvironment('browser_monitor_messages');
    analyst = env.server.api.as('analyst');
    const deployed = await analyst.deploy({
      'order-payment.bpmn': readFileSync(join(MODELS, 'monitor.order-payment.bpmn'), 'utf8'),
      'credit-review.bpmn': readFileSync(join(MODELS, 'monitor.credit-review.bpmn'), 'utf8'),
    });
    expect(deployed.status, JSON.stringify(deployed.body)).toBe(200);
  });
  afterAll(async () => {
    await env?.close();
  });
  beforeEach((context) => {
    screenshotOnFailure(context, () => page);
  });

  async function startInstance(
    processDefinitionId: string,
    variables: Record<string, unknown>,
  ): Promise<string> {
    const started = await analyst.post('/process-instances', { processDefinitionId, variables });
    expect(started.status, JSON.stringify(started.body)).toBe(200);
    return started.body.processInstanceKey as string;
  }

  async function subscriptionsOf(processInstanceKey: string): Promise<Subscription[]> {
    const answer = await analyst.post('/message-subscriptions/search', {
      filter: { processInstanceKey },
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    return answer.body.items as Subscription[];
  }

  /** The subscription states on the server, by element id, sorted for comparison. */
  async function statesOf(processInstanceKey: string): Promise<string[]> {
    return (await subscriptionsOf(processInstanceKey))
      .map((s) => `${s.elementId}:${s.messageSubscriptionState}`)
      .sort();
  }

  async function openInstance(processInstanceKey: string) {
    page = await env.newPage();
    await page.goto(`/monitor?instance=${processInstanceKey}`);
    await signIn(page, 'analyst');
    await page.locator('.monitor-instance-header h1').waitFor();
    return page;
  }

  const section = () => page!.getByRole('region', { name: 'Waiting for messages' });
  const subscriptionRows = () => section().locator('tbody tr');
  /** Each row as its visible cells: element, message, correlation key, state, last updated. */
  const rowTexts = () =>
    subscriptionRows().evaluateAll((rows) =>
      rows.map((row) =>
        [...row.querySelectorAll('th, td')].slice(0, 4).map((cell) => cell.textContent),
      ),
    );

  it('lists the message an instance waits for, then shows it correlated after Refresh', async () => {
    // given an order instance waiting at its message catch event, opened in the monitor
    const orderId = `ORD-${Date.now()}`;
    const instance = await startInstance('order-payment', { orderId });
    await expect.poll(() => statesOf(instance)).toEqual(['Event_PaymentReceived:CREATED']);
    await openInstance(instance);

    // then the section lists the open subscription with its message and correlation key
    const table = section().getByRole('table', { name: CAPTION });
    await table.waitFor();
    expect(await table.getByRole('columnheader').allTextContents()).toEqual([
      'Element',
      'Message',
      'Correlation key',
      'State',
      'Last updated',
    ]);
    await expect.poll(() => subscriptionRows().count()).toBe(1);
    const waiting = subscriptionRows().first();
    expect(await waiting.getAttribute('data-element-id')).toBe('Event_PaymentReceived');
    expect(await waiting.getByRole('rowheader').textContent()).toBe(
      'Payment receivedEvent_PaymentReceived',
    );
    expect(await rowTexts()).toEqual([
      ['Payment receivedEvent_PaymentReceived', PAYMENT_MESSAGE, orderId, 'Created'],
    ]);
    expect(await waiting.locator('.monitor-state').getAttribute('data-state')).toBe('CREATED');
    const [created] = await subscriptionsOf(instance);
    expect(await waiting.locator('time').getAttribute('datetime')).toBe(created!.lastUpdatedDate);

    // and its element button shows the catch event on the diagram, from the keyboard
    await waiting.getByRole('button', { name: 'Payment received' }).focus();
    await page!.keyboard.press('Enter');
    await expect
      .poll(() =>
        page!
          .locator('.djs-element[data-element-id="Event_PaymentReceived"]')
          .getAttribute('class'),
      )
      .toContain('selected');

    // when the payment message is published through the API
    const published = await analyst.post('/messages/publication', {
      name: PAYMENT_MESSAGE,
      correlationKey: orderId,
    });
    expect(published.status, JSON.stringify(published.body)).toBe(200);
    await expect
      .poll(() => statesOf(instance))
      .toEqual(['Event_OrderCancelled:CREATED', 'Event_PaymentReceived:CORRELATED']);

    // and the analyst presses Refresh
    await page!
      .locator('.monitor-instance-header')
      .getByRole('button', { name: 'Refresh' })
      .click();

    // then the payment shows correlated, below the cancellation the order now waits for
    await expect.poll(() => subscriptionRows().count()).toBe(2);
    expect(await rowTexts()).toEqual([
      ['Order cancelledEvent_OrderCancelled', CANCEL_MESSAGE, orderId, 'Created'],
      ['Payment receivedEvent_PaymentReceived', PAYMENT_MESSAGE, orderId, 'Correlated'],
    ]);
    expect(
      await subscriptionRows()
        .locator('.monitor-state')
        .evaluateAll((badges) => badges.map((badge) => badge.getAttribute('data-state'))),
    ).toEqual(['CREATED', 'CORRELATED']);
  });

  it('says so when an instance waits for no message', async () => {
    // given a credit review instance, which has no message events
    const instance = await startInstance('credit-review', { applicant: 'Initech', amount: 50 });

    // when an analyst opens it in the monitor
    await openInstance(instance);

    // then the section says it waits for no message, with no table
    await section().getByText('This instance waits for no message.').waitFor();
    expect(await section().getByRole('table').count()).toBe(0);
    expect(await subscriptionsOf(instance)).toEqual([]);
  });
});
