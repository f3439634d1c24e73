/**
 * Messages and signals from the real `@camunda8/sdk` (8.8.13) against an in-process
 * Relata: `publishMessage`, `correlateMessage` and `broadcastSignal` of both REST clients
 * (the legacy `CamundaRestClient` and the Orchestration Cluster API client) reach waiting
 * instances, and Relata's problems come out as the SDK's HTTP errors.
 */
import { fileURLToPath } from 'node:url';
import { Camunda8, type CamundaRestClient } from '@camunda8/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, freshDbName } from '../../support/backends';
import { databaseUri, startTestServer, type TestServer } from '../../support/testServer';
import { WAIT_MS, until } from './sdkTestKit';

const sqlite = backends()[0]!;
const PAYMENT_BPMN = fileURLToPath(new URL('./camundaSdkEvents.payment.bpmn', import.meta.url));
const RECALL_BPMN = fileURLToPath(new URL('./camundaSdkEvents.signal.bpmn', import.meta.url));

let made = 0;
const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${(made++).toString(36)}`;

describe('messages and signals from the Camunda 8 SDK', () => {
  let server: TestServer;
  let c8: Camunda8;

  beforeAll(async () => {
    server = await startTestServer(databaseUri(sqlite.uri, freshDbName('camunda_sdk_events')));
    // As in camundaSdk.test.ts: configuration in code, explicit BASIC strategy.
    c8 = new Camunda8({
      ZEEBE_REST_ADDRESS: server.url,
      CAMUNDA_AUTH_STRATEGY: 'BASIC',
      CAMUNDA_BASIC_AUTH_USERNAME: 'demo',
      CAMUNDA_BASIC_AUTH_PASSWORD: 'demo',
      CAMUNDA_TENANT_ID: '<default>',
      CAMUNDA_LOG_LEVEL: 'error',
    });
    const deployment = await c8
      .getCamundaRestClient()
      .deployResourcesFromFiles([PAYMENT_BPMN, RECALL_BPMN]);
    expect(deployment.processes.map((p) => p.processDefinitionId).sort()).toEqual([
      'sdk-events-payment',
      'sdk-events-recall',
    ]);
  });

  afterAll(async () => {
    await c8?.closeAllClients();
    await server?.close();
  });

  describe('through the legacy CamundaRestClient', () => {
    let camunda: CamundaRestClient;
    beforeAll(() => {
      camunda = c8.getCamundaRestClient();
    });

    const stateOf = async (processInstanceKey: string) =>
      (await camunda.searchProcessInstances({ filter: { processInstanceKey } })).items[0]?.state;

    const completed = (processInstanceKey: string) =>
      until(`instance ${processInstanceKey} to complete`, async () =>
        (await stateOf(processInstanceKey)) === 'COMPLETED' ? true : undefined,
      );

    const variablesOf = async (processInstanceKey: string) => {
      const found = await camunda.searchVariables({ filter: { processInstanceKey } });
      return Object.fromEntries(found.items.map((item) => [item.name, JSON.parse(item.value)]));
    };

    it('publishes a message that completes the waiting instance with its variables', async () => {
      // given an order waiting for its payment
      const orderId = unique('order');
      const { processInstanceKey } = await camunda.createProcessInstance({
        processDefinitionId: 'sdk-events-payment',
        variables: { orderId },
      });

      // when the payment is published
      const published = await camunda.publishMessage({
        name: 'sdk-payment',
        correlationKey: orderId,
        variables: { paidAmount: 80 },
      });

      // then the SDK reads the answer, and the order completes with the payment's variables
      expect(published.tenantId).toBe('<default>');
      expect(published.messageKey).toMatch(/^\d+$/);
      await completed(processInstanceKey);
      expect(await variablesOf(processInstanceKey)).toEqual({ orderId, paidAmount: 80 });
    });

    it('buffers a published message with a TTL, and refuses the same messageId while it is buffered', async () => {
      // given a payment published before the order exists, with a TTL and a messageId
      const orderId = unique('order');
      const message = {
        name: 'sdk-payment',
        correlationKey: orderId,
        timeToLive: 60_000,
        messageId: unique('payment'),
        variables: { early: true },
      };
      await camunda.publishMessage(message);

      // when it is published again with the same messageId
      const duplicate = camunda.publishMessage(message);

      // then the SDK reports Relata's 409 problem
      await expect(duplicate).rejects.toMatchObject({ statusCode: 409 });

      // when the order reaches its catch event
      const { processInstanceKey } = await camunda.createProcessInstance({
        processDefinitionId: 'sdk-events-payment',
        variables: { orderId },
      });

      // then the buffered payment completes it
      await completed(processInstanceKey);
      expect(await variablesOf(processInstanceKey)).toMatchObject({ early: true });
    });

    it('correlates a message and learns the instance it reached; 404 when nothing waits', async () => {
      // given an order waiting for its payment
      const orderId = unique('order');
      const { processInstanceKey } = await camunda.createProcessInstance({
        processDefinitionId: 'sdk-events-payment',
        variables: { orderId },
      });

      // when the payment is correlated
      const correlated = await camunda.correlateMessage({
        name: 'sdk-payment',
        correlationKey: orderId,
        variables: { via: 'correlate' },
      });

      // then the answer names that instance, which completes
      expect(correlated.processInstanceKey).toBe(processInstanceKey);
      expect(correlated.messageKey).toMatch(/^\d+$/);
      await completed(processInstanceKey);
      expect(await variablesOf(processInstanceKey)).toMatchObject({ via: 'correlate' });
      // and a second correlation finds nobody waiting
      await expect(
        camunda.correlateMessage({ name: 'sdk-payment', correlationKey: orderId }),
      ).rejects.toMatchObject({ statusCode: 404 });
    });

    it('broadcasts a signal that every waiting instance catches', async () => {
      // given two shipments waiting for one recall signal
      const recallSignal = unique('recall');
      const waiting = await Promise.all(
        [1, 2].map(
          async (n) =>
            (
              await camunda.createProcessInstance({
                processDefinitionId: 'sdk-events-recall',
                variables: { recallSignal, shipment: n },
              })
            ).processInstanceKey,
        ),
      );

      // when the signal is broadcast
      const broadcast = await camunda.broadcastSignal({
        signalName: recallSignal,
        variables: { reason: 'faulty batch' },
      });

      // then both catch it and complete with its variables
      expect(broadcast.signalKey).toMatch(/^\d+$/);
      for (const key of waiting) {
        await completed(key);
        expect(await variablesOf(key)).toMatchObject({ reason: 'faulty batch' });
      }
    });
  });

  describe('through the Orchestration Cluster API client', () => {
    let camunda: ReturnType<Camunda8['getOrchestrationClusterApiClient']>;
    beforeAll(() => {
      camunda = c8.getOrchestrationClusterApiClient();
    });

    const completed = (processInstanceKey: Parameters<typeof camunda.getProcessInstance>[0]) =>
      camunda.getProcessInstance(processInstanceKey, {
        consistency: { waitUpToMs: WAIT_MS, predicate: (pi) => pi.state === 'COMPLETED' },
      });

    it('publishes, correlates and broadcasts to waiting instances', async () => {
      // given two orders waiting for payments and a shipment waiting for a recall
      const [first, second] = [unique('order'), unique('order')];
      const recallSignal = unique('recall');
      const start = (processDefinitionId: string, variables: Record<string, unknown>) =>
        camunda.createProcessInstance({ processDefinitionId, variables } as Parameters<
          typeof camunda.createProcessInstance
        >[0]);
      const published = await start('sdk-events-payment', { orderId: first });
      const correlated = await start('sdk-events-payment', { orderId: second });
      const recalled = await start('sdk-events-recall', { recallSignal });

      // when one payment is published, the other correlated, and the recall broadcast
      const publication = await camunda.publishMessage({
        name: 'sdk-payment',
        correlationKey: first,
        variables: { paidBy: 'publish' },
      });
      const correlation = await camunda.correlateMessage({
        name: 'sdk-payment',
        correlationKey: second,
        variables: { paidBy: 'correlate' },
      });
      const broadcast = await camunda.broadcastSignal({ signalName: recallSignal });

      // then the answers carry Relata's keys
      expect(publication).toMatchObject({
        tenantId: '<default>',
        messageKey: expect.stringMatching(/^\d+$/),
      });
      expect(correlation.processInstanceKey).toBe(correlated.processInstanceKey);
      expect(broadcast.signalKey).toMatch(/^\d+$/);
      // and all three instances complete
      for (const { processInstanceKey } of [published, correlated, recalled]) {
        expect((await completed({ processInstanceKey })).state).toBe('COMPLETED');
      }
      // and the message subscriptions of the orders are correlated
      const subscriptions = await camunda.searchMessageSubscriptions(
        { filter: { messageName: 'sdk-payment', messageSubscriptionState: 'CORRELATED' } },
        { consistency: { waitUpToMs: 0 } },
      );
      const keys = (subscriptions.items ?? []).map((s) => s.processInstanceKey);
      expect(keys).toEqual(
        expect.arrayContaining([published.processInstanceKey, correlated.processInstanceKey]),
      );
    });

    it('reports a correlation nothing waits for as a 404 HTTP error', async () => {
      // when
      const correlation = camunda.correlateMessage({
        name: 'sdk-payment',
        correlationKey: unique('nobody'),
      });

      // then
      await expect(correlation).rejects.toMatchObject({ status: 404, title: 'NOT_FOUND' });
    });
  });
});
