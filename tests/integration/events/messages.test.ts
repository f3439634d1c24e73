/**
 * Messages through the real `/v2` API on the SQLite backend: publication and correlation
 * by FEEL correlation keys, message variables and output mappings, receive tasks, message
 * boundary events, TTL buffering and `messageId` de-duplication, one correlation per
 * process definition, message start events, the subscription search, the event-based
 * gateway (message against timer) and what cancelling does to open subscriptions.
 */
import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Api, TestServer } from '../../support/testServer';
import { instanceProbe } from './instanceProbe';
import {
  expectProblem,
  expectRejected,
  startApiServer,
  startInstance,
  unique,
  waitFor,
  worker,
} from '../api/apiTestKit';

const FIXTURES = [
  'messages.catchEvent',
  'messages.secondProcess',
  'messages.outputMapping',
  'messages.receiveTask',
  'messages.boundary',
  'messages.startEvent',
  'messages.eventGateway',
] as const;

const fixture = (name: string) => readFileSync(new URL(`./${name}.bpmn`, import.meta.url), 'utf8');

interface Subscription {
  messageSubscriptionKey: string;
  messageSubscriptionState: 'CREATED' | 'CORRELATED' | 'DELETED' | 'MIGRATED';
  messageName: string;
  correlationKey: string;
  processInstanceKey: string;
  processDefinitionId: string;
  processDefinitionKey: string;
  elementId: string;
  elementInstanceKey: string;
  lastUpdatedDate: string;
  tenantId: string;
}

describe('messages through /v2', () => {
  let server: TestServer;
  let api: Api;
  const { stateOf, waitForState, statesOf, rootVariables, instancesWith } = instanceProbe(
    () => api,
  );

  beforeAll(async () => {
    server = await startApiServer('events_messages');
    api = server.api;
    const resources = Object.fromEntries(FIXTURES.map((name) => [`${name}.bpmn`, fixture(name)]));
    const deployed = await api.deploy(resources);
    expect(deployed.status, JSON.stringify(deployed.body)).toBe(200);
  });

  afterEach(async () => {
    // Some tests pin the shared clock; no other test may run on it.
    const reset = await api.post('/clock/reset');
    expect(reset.status, JSON.stringify(reset.body)).toBe(204);
  });

  afterAll(() => server?.close());

  async function publish(body: Record<string, unknown>, as: Api = api) {
    const answer = await as.post('/messages/publication', body);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body).toEqual({
      tenantId: '<default>',
      messageKey: expect.stringMatching(/^\d+$/),
    });
    return answer.body.messageKey as string;
  }

  async function subscriptions(filter: Record<string, unknown>): Promise<Subscription[]> {
    const answer = await api.post('/message-subscriptions/search', { filter });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    return answer.body.items;
  }

  /** The states of the instance's subscriptions, polled until they are `expected`. */
  async function waitForSubscriptionStates(processInstanceKey: string, expected: string[]) {
    let seen: string[] = [];
    try {
      return await waitFor(
        async () => {
          const found = await subscriptions({ processInstanceKey });
          seen = found.map((subscription) => subscription.messageSubscriptionState);
          return JSON.stringify(seen) === JSON.stringify(expected) ? found : undefined;
        },
        `subscriptions of ${processInstanceKey} to be ${expected.join(', ')}`,
      );
    } catch (error) {
      throw new Error(`${(error as Error).message}; they are ${seen.join(', ') || 'none'}`);
    }
  }

  async function pinClock(timestamp: number) {
    const answer = await api.request('PUT', '/clock', { timestamp });
    expect(answer.status, JSON.stringify(answer.body)).toBe(204);
  }

  /** An instance of "Wait for payment" whose subscription is open. */
  async function waitingForPayment(orderId: unknown, processId = 'msg-payment') {
    const key = await startInstance(api, processId, { orderId });
    await waitForSubscriptionStates(key, ['CREATED']);
    return key;
  }

  describe('correlation to catch events and receive tasks', () => {
    it('correlates a message keyed "42" to an instance whose FEEL key =orderId is the number 42', async () => {
      // given an instance waiting for "payment" with orderId = 42 (a number)
      const key = await startInstance(api, 'msg-payment', { orderId: 42 });
      const [subscription] = await waitForSubscriptionStates(key, ['CREATED']);
      expect(subscription).toMatchObject({
        messageName: 'payment',
        correlationKey: '42',
        elementId: 'Event_PaymentReceived',
      });

      // when "payment" is published with the string key "42"
      await publish({ name: 'payment', correlationKey: '42', variables: { paidAmount: 120 } });

      // then the instance leaves the catch event and completes
      await waitForState(key, 'COMPLETED');
      expect(await statesOf(key, 'Event_PaymentReceived')).toEqual(['COMPLETED']);
      expect(await statesOf(key, 'EndEvent_OrderPaid')).toEqual(['COMPLETED']);
      await waitForSubscriptionStates(key, ['CORRELATED']);
    });

    it('puts the message variables into the instance when the event has no output mappings', async () => {
      // given
      const orderId = `order-${unique()}`;
      const key = await waitingForPayment(orderId);

      // when
      await publish({
        name: 'payment',
        correlationKey: orderId,
        variables: { paidAmount: 120, payer: { name: 'ACME', iban: 'DE02' } },
      });

      // then every message variable is a variable of the process instance
      await waitForState(key, 'COMPLETED');
      expect(await rootVariables(key)).toEqual({
        orderId,
        paidAmount: 120,
        payer: { name: 'ACME', iban: 'DE02' },
      });
    });

    it('applies the output mappings: only the mapped values reach the instance', async () => {
      // given an instance waiting at a catch event whose outputs map amount and invoiceNo
      const orderId = `order-${unique()}`;
      const key = await startInstance(api, 'msg-invoice', { orderId, invoice: { year: 2031 } });
      await waitForSubscriptionStates(key, ['CREATED']);

      // when the invoice message arrives
      await publish({
        name: 'invoice',
        correlationKey: orderId,
        variables: { amount: 12.5, invoiceNo: 'INV-7', internalNote: 'do not copy' },
      });

      // then the root scope holds the mapped values only, merged into the existing context
      await waitForState(key, 'COMPLETED');
      expect(await rootVariables(key)).toEqual({
        orderId,
        amountCents: 1250,
        invoice: { year: 2031, number: 'INV-7' },
      });
    });

    it('completes a receive task with the message', async () => {
      // given an instance at the receive task
      const ticketId = `T-${unique()}`;
      const key = await startInstance(api, 'msg-receive', { ticketId });
      const [subscription] = await waitForSubscriptionStates(key, ['CREATED']);
      expect(subscription).toMatchObject({
        messageName: 'confirmation',
        correlationKey: ticketId,
        elementId: 'Task_ReceiveConfirmation',
      });
      expect(await statesOf(key, 'Task_ReceiveConfirmation')).toEqual(['ACTIVE']);

      // when
      await publish({ name: 'confirmation', correlationKey: ticketId, variables: { ok: true } });

      // then the task completes with the message's variables
      await waitForState(key, 'COMPLETED');
      expect(await statesOf(key, 'Task_ReceiveConfirmation')).toEqual(['COMPLETED']);
      expect(await rootVariables(key)).toMatchObject({ ticketId, ok: true });
    });

    it('answers POST /v2/messages/correlation with the instance it reached', async () => {
      // given
      const orderId = `order-${unique()}`;
      const key = await waitingForPayment(orderId);

      // when
      const answer = await api.post('/messages/correlation', {
        name: 'payment',
        correlationKey: orderId,
        variables: { via: 'correlation' },
      });

      // then
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      expect(answer.body).toEqual({
        tenantId: '<default>',
        messageKey: expect.stringMatching(/^\d+$/),
        processInstanceKey: key,
      });
      await waitForState(key, 'COMPLETED');
      expect(await rootVariables(key)).toMatchObject({ via: 'correlation' });
    });

    it('answers 404 to a correlation nothing waits for, and does not keep the message', async () => {
      // given nobody waits for this key
      const orderId = `order-${unique()}`;

      // when
      const answer = await api.post('/messages/correlation', {
        name: 'payment',
        correlationKey: orderId,
      });

      // then
      expectProblem(answer, 404, '/messages/correlation');
      expect(answer.body.title).toBe('NOT_FOUND');
      // and an instance that starts waiting afterwards does not get it
      const key = await waitingForPayment(orderId);
      expect(await stateOf(key)).toBe('ACTIVE');
      const again = await api.post('/messages/correlation', {
        name: 'payment',
        correlationKey: orderId,
      });
      expect(again.status, JSON.stringify(again.body)).toBe(200);
      expect(again.body.processInstanceKey).toBe(key);
      await waitForState(key, 'COMPLETED');
    });
  });

  describe('message boundary events', () => {
    const userTaskOf = async (processInstanceKey: string) => {
      const answer = await api.post('/user-tasks/search', { filter: { processInstanceKey } });
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      return answer.body.items as Array<{ userTaskKey: string; state: string }>;
    };

    it('fires a non-interrupting boundary event once per message and keeps the task', async () => {
      // given a claim under review
      const claimId = `C-${unique()}`;
      const key = await startInstance(api, 'msg-claim', { claimId });
      await waitForSubscriptionStates(key, ['CREATED', 'CREATED']);

      // when two reminders arrive
      await publish({ name: 'claim-reminder', correlationKey: claimId, variables: { n: 1 } });
      await publish({ name: 'claim-reminder', correlationKey: claimId, variables: { n: 2 } });

      // then the reminder path ran twice, and the review task is still open
      await waitFor(async () => {
        const ends = await statesOf(key, 'EndEvent_Reminded');
        return ends.length === 2 ? ends : undefined;
      }, 'two reminder ends');
      expect(await statesOf(key, 'Event_Reminder')).toEqual(['COMPLETED', 'COMPLETED']);
      expect(await statesOf(key, 'Task_ReviewClaim')).toEqual(['ACTIVE']);
      expect((await userTaskOf(key)).map((task) => task.state)).toEqual(['CREATED']);
      expect(await stateOf(key)).toBe('ACTIVE');
      // and both boundary subscriptions are still open
      const open = await subscriptions({
        processInstanceKey: key,
        messageSubscriptionState: 'CREATED',
      });
      expect(open.map((subscription) => subscription.messageName).sort()).toEqual([
        'claim-reminder',
        'claim-withdrawn',
      ]);
    });

    it('terminates the task on an interrupting boundary event and takes its path', async () => {
      // given a claim under review
      const claimId = `C-${unique()}`;
      const key = await startInstance(api, 'msg-claim', { claimId });
      await waitForSubscriptionStates(key, ['CREATED', 'CREATED']);

      // when the claim is withdrawn
      await publish({
        name: 'claim-withdrawn',
        correlationKey: claimId,
        variables: { reason: 'paid' },
      });

      // then the review task is terminated and the instance ends at "Claim withdrawn"
      await waitForState(key, 'COMPLETED');
      expect(await statesOf(key, 'Task_ReviewClaim')).toEqual(['TERMINATED']);
      expect(await statesOf(key, 'EndEvent_Withdrawn')).toEqual(['COMPLETED']);
      expect(await statesOf(key, 'EndEvent_Reviewed')).toEqual([]);
      expect((await userTaskOf(key)).map((task) => task.state)).not.toContain('CREATED');
      expect(await rootVariables(key)).toMatchObject({ claimId, reason: 'paid' });
      // and the reminder subscription closed with the task
      const byName = Object.fromEntries(
        (await subscriptions({ processInstanceKey: key })).map((s) => [
          s.messageName,
          s.messageSubscriptionState,
        ]),
      );
      expect(byName).toEqual({ 'claim-withdrawn': 'CORRELATED', 'claim-reminder': 'DELETED' });
    });
  });

  describe('buffering (timeToLive) and messageId', () => {
    it('correlates a buffered message to a subscription that opens later', async () => {
      // given a message published before anything waits for it, with a TTL
      const orderId = `order-${unique()}`;
      await publish({
        name: 'payment',
        correlationKey: orderId,
        timeToLive: 60_000,
        variables: { early: true },
      });

      // when the instance reaches its catch event
      const key = await startInstance(api, 'msg-payment', { orderId });

      // then the buffered message completes it
      await waitForState(key, 'COMPLETED');
      expect(await rootVariables(key)).toMatchObject({ early: true });
      await waitForSubscriptionStates(key, ['CORRELATED']);
    });

    it('loses a message with timeToLive 0 that nothing waits for', async () => {
      // given a message published without TTL before anything waits
      const orderId = `order-${unique()}`;
      await publish({
        name: 'payment',
        correlationKey: orderId,
        timeToLive: 0,
        variables: { attempt: 1 },
      });

      // when the instance reaches its catch event
      const key = await waitingForPayment(orderId);

      // then it still waits; only a message published now reaches it
      expect(await stateOf(key)).toBe('ACTIVE');
      await publish({ name: 'payment', correlationKey: orderId, variables: { attempt: 2 } });
      await waitForState(key, 'COMPLETED');
      expect(await rootVariables(key)).toMatchObject({ attempt: 2 });
    });

    it('gives the first of two buffered messages to the subscription, and keeps the second', async () => {
      // given two buffered messages for one key
      const orderId = `order-${unique()}`;
      const buffered = { name: 'payment', correlationKey: orderId, timeToLive: 60_000 };
      await publish({ ...buffered, variables: { which: 'first' } });
      await publish({ ...buffered, variables: { which: 'second' } });

      // when an instance opens its subscription
      const first = await startInstance(api, 'msg-payment', { orderId });

      // then it takes the first message
      await waitForState(first, 'COMPLETED');
      expect(await rootVariables(first)).toMatchObject({ which: 'first' });
      // and the next instance takes the second
      const second = await startInstance(api, 'msg-payment', { orderId });
      await waitForState(second, 'COMPLETED');
      expect(await rootVariables(second)).toMatchObject({ which: 'second' });
    });

    it('rejects a second messageId while the first is buffered (409), and accepts it once it expired', async () => {
      // given a buffered message with a messageId
      const orderId = `order-${unique()}`;
      const messageId = `m-${unique()}`;
      const message = { name: 'payment', correlationKey: orderId, timeToLive: 60_000, messageId };
      await publish(message);

      // when the same name, key and id is published again
      const duplicate = await api.post('/messages/publication', message);

      // then it is refused as ALREADY_EXISTS
      expectProblem(duplicate, 409, '/messages/publication');
      expect(duplicate.body.title).toBe('ALREADY_EXISTS');
      // and another id is accepted meanwhile
      await publish({ ...message, messageId: `${messageId}-other` });

      // when the clock passes the first message's TTL
      await pinClock(Date.now() + 120_000);

      // then the id may be published again
      await publish(message);
    });

    it('correlates a buffered message to one instance per process definition', async () => {
      // given two instances of one process waiting for the same key
      const orderId = `order-${unique()}`;
      const a = await waitingForPayment(orderId);
      const b = await waitingForPayment(orderId);

      // when one buffered message is published
      await publish({ name: 'payment', correlationKey: orderId, timeToLive: 60_000 });

      // then exactly one of them has it, and the other still waits
      const completed = await waitFor(async () => {
        const states = await Promise.all([stateOf(a), stateOf(b)]);
        return states.includes('COMPLETED') ? states : undefined;
      }, 'one instance to complete');
      expect([...completed].sort()).toEqual(['ACTIVE', 'COMPLETED']);
      const waiting = completed[0] === 'ACTIVE' ? a : b;
      await waitForSubscriptionStates(waiting, ['CREATED']);
      // and it is still reachable: a second message completes it
      await publish({ name: 'payment', correlationKey: orderId });
      await waitForState(waiting, 'COMPLETED');
    });

    it('correlates one message to an instance of each of two processes', async () => {
      // given an instance of "Wait for payment" and one of "Book payment", same key
      const orderId = `order-${unique()}`;
      const order = await waitingForPayment(orderId);
      const booking = await waitingForPayment(orderId, 'msg-payment-ledger');

      // when one message is published
      await publish({
        name: 'payment',
        correlationKey: orderId,
        timeToLive: 60_000,
        variables: { paid: 1 },
      });

      // then both complete with its variables
      await waitForState(order, 'COMPLETED');
      await waitForState(booking, 'COMPLETED');
      expect(await rootVariables(order)).toMatchObject({ paid: 1 });
      expect(await rootVariables(booking)).toMatchObject({ paid: 1 });
    });
  });

  describe('message start events', () => {
    it('creates an instance with the message variables', async () => {
      // given
      const ticketId = `T-${unique()}`;

      // when "ticket-opened" is published
      await publish({
        name: 'ticket-opened',
        correlationKey: ticketId,
        variables: { ticketId, topic: 'billing' },
      });

      // then one instance of "Ticket" runs with the message's variables
      const [key, ...more] = await waitFor(async () => {
        const keys = await instancesWith('ticketId', ticketId);
        return keys.length > 0 ? keys : undefined;
      }, 'the ticket instance');
      expect(more).toEqual([]);
      const instance = await api.get(`/process-instances/${key}`);
      expect(instance.body).toMatchObject({ processDefinitionId: 'msg-ticket', state: 'ACTIVE' });
      expect(await rootVariables(key!)).toEqual({ ticketId, topic: 'billing' });
      expect(await statesOf(key!, 'StartEvent_TicketOpened')).toEqual(['COMPLETED']);
    });

    it('starts no second instance for a correlation key while the first is active, and does after it ended', async () => {
      // given a ticket instance started by a message with key T
      const ticketId = `T-${unique()}`;
      const opened = { name: 'ticket-opened', correlationKey: ticketId, variables: { ticketId } };
      await publish(opened);
      const [first] = await waitFor(async () => {
        const keys = await instancesWith('ticketId', ticketId);
        return keys.length > 0 ? keys : undefined;
      }, 'the first ticket instance');
      await waitForSubscriptionStates(first!, ['CREATED']);

      // when a second message with key T arrives while it is active
      await publish({ ...opened, variables: { ticketId, second: true } });

      // then no second instance was started
      expect(await instancesWith('ticketId', ticketId)).toEqual([first]);
      expect(await instancesWith('second', true)).toEqual([]);

      // when the first instance completes and another message with key T arrives
      await publish({ name: 'ticket-closed', correlationKey: ticketId });
      await waitForState(first!, 'COMPLETED');
      await publish({ ...opened, variables: { ticketId, third: true } });

      // then a second instance starts
      const keys = await waitFor(async () => {
        const found = await instancesWith('ticketId', ticketId);
        return found.length === 2 ? found : undefined;
      }, 'the second ticket instance');
      const second = keys.find((key) => key !== first)!;
      expect(await stateOf(second)).toBe('ACTIVE');
      expect(await rootVariables(second)).toEqual({ ticketId, third: true });
    });
  });

  describe('POST /v2/message-subscriptions/search', () => {
    it('filters by messageName, correlationKey, messageSubscriptionState and processInstanceKey', async () => {
      // given one waiting (CREATED), one correlated (CORRELATED) and one cancelled (DELETED) instance
      const [kWaiting, kCorrelated, kCancelled] = ['w', 'c', 'x'].map((s) => `${s}-${unique()}`);
      const waiting = await waitingForPayment(kWaiting);
      const correlated = await waitingForPayment(kCorrelated);
      const cancelled = await waitingForPayment(kCancelled);
      await publish({ name: 'payment', correlationKey: kCorrelated });
      await waitForState(correlated, 'COMPLETED');
      const cancel = await api.post(`/process-instances/${cancelled}/cancellation`, {});
      expect(cancel.status, JSON.stringify(cancel.body)).toBe(204);
      await waitForState(cancelled, 'TERMINATED');

      // when / then: by process instance, with Camunda's field names
      const [row] = await subscriptions({ processInstanceKey: waiting });
      expect(row).toEqual(
        expect.objectContaining({
          messageSubscriptionKey: expect.stringMatching(/^\d+$/),
          messageSubscriptionState: 'CREATED',
          messageName: 'payment',
          correlationKey: kWaiting,
          processInstanceKey: waiting,
          processDefinitionId: 'msg-payment',
          processDefinitionKey: expect.stringMatching(/^\d+$/),
          elementId: 'Event_PaymentReceived',
          elementInstanceKey: expect.stringMatching(/^\d+$/),
          tenantId: '<default>',
        }),
      );
      expect(Number.isNaN(Date.parse(row!.lastUpdatedDate))).toBe(false);
      // by correlation key
      const byKey = await subscriptions({ correlationKey: kCorrelated });
      expect(byKey.map((s) => [s.processInstanceKey, s.messageSubscriptionState])).toEqual([
        [correlated, 'CORRELATED'],
      ]);
      // by state, within the message name
      const ours = new Set([waiting, correlated, cancelled]);
      for (const [state, expected] of [
        ['CREATED', waiting],
        ['CORRELATED', correlated],
        ['DELETED', cancelled],
      ] as const) {
        const found = await subscriptions({
          messageName: 'payment',
          messageSubscriptionState: state,
        });
        expect(found.every((s) => s.messageSubscriptionState === state)).toBe(true);
        const keys = found.map((s) => s.processInstanceKey).filter((key) => ours.has(key));
        expect(keys, state).toEqual([expected]);
      }
      // and by a message name nobody waits for
      expect(await subscriptions({ messageName: `nobody-${unique()}` })).toEqual([]);
    });
  });

  describe('the event-based gateway', () => {
    it('takes the message branch when the message comes first', async () => {
      // given an instance at the gateway
      const caseId = `case-${unique()}`;
      const key = await startInstance(api, 'msg-reply-or-timeout', { caseId });
      await waitForSubscriptionStates(key, ['CREATED']);

      // when the reply arrives
      await publish({
        name: 'customer-reply',
        correlationKey: caseId,
        variables: { answer: 'yes' },
      });

      // then it ends at "Replied", and the timer branch was never entered
      await waitForState(key, 'COMPLETED');
      expect(await statesOf(key, 'EndEvent_Replied')).toEqual(['COMPLETED']);
      expect(await statesOf(key, 'Event_OneHourPassed')).toEqual([]);
      expect(await rootVariables(key)).toMatchObject({ answer: 'yes' });
      await waitForSubscriptionStates(key, ['CORRELATED']);
    });

    it('takes the timer branch when the clock passes the timer, and deletes the message subscription', async () => {
      // given an instance at the gateway
      const caseId = `case-${unique()}`;
      const key = await startInstance(api, 'msg-reply-or-timeout', { caseId });
      await waitForSubscriptionStates(key, ['CREATED']);

      // when the clock passes the hour
      await pinClock(Date.now() + 3_600_000 + 60_000);

      // then it ends at "Timed out", and its message subscription is deleted
      await waitForState(key, 'COMPLETED');
      expect(await statesOf(key, 'EndEvent_TimedOut')).toEqual(['COMPLETED']);
      expect(await statesOf(key, 'Event_ReplyReceived')).toEqual([]);
      await waitForSubscriptionStates(key, ['DELETED']);
      // and a late reply reaches nothing
      const late = await api.post('/messages/correlation', {
        name: 'customer-reply',
        correlationKey: caseId,
      });
      expectProblem(late, 404, '/messages/correlation');
    });

    it('deletes the open subscriptions of a cancelled instance', async () => {
      // given an instance at the gateway
      const caseId = `case-${unique()}`;
      const key = await startInstance(api, 'msg-reply-or-timeout', { caseId });
      await waitForSubscriptionStates(key, ['CREATED']);

      // when it is cancelled
      const cancel = await api.post(`/process-instances/${key}/cancellation`, {});
      expect(cancel.status, JSON.stringify(cancel.body)).toBe(204);

      // then its subscription is deleted and a reply reaches nothing
      await waitForState(key, 'TERMINATED');
      await waitForSubscriptionStates(key, ['DELETED']);
      const late = await api.post('/messages/correlation', {
        name: 'customer-reply',
        correlationKey: caseId,
      });
      expectProblem(late, 404, '/messages/correlation');
    });
  });

  describe('request validation and permissions', () => {
    const valid = (orderId: string) => ({
      name: 'payment',
      correlationKey: orderId,
      timeToLive: 60_000,
    });
    it.each([
      ['a missing name', ({ name: _, ...rest }: ReturnType<typeof valid>) => rest, '/name'],
      ['an empty name', (body: ReturnType<typeof valid>) => ({ ...body, name: '' }), '/name'],
      [
        'a negative timeToLive',
        (body: ReturnType<typeof valid>) => ({ ...body, timeToLive: -1 }),
        '/timeToLive',
      ],
      [
        'a string timeToLive',
        (body: ReturnType<typeof valid>) => ({ ...body, timeToLive: '60000' }),
        '/timeToLive',
      ],
      [
        'variables that are an array',
        (body: ReturnType<typeof valid>) => ({ ...body, variables: [1, 2] }),
        '/variables',
      ],
      [
        'variables that are a string',
        (body: ReturnType<typeof valid>) => ({ ...body, variables: 'paid' }),
        '/variables',
      ],
    ])(
      'rejects a publication with %s (400 naming the field) and stores nothing',
      async (_, spoil, pointer) => {
        // given an instance waiting for the key the bad body carries
        const orderId = `order-${unique()}`;
        const waiting = await waitingForPayment(orderId);

        // when / then the problem names the field and nothing was stored
        const json = spoil(valid(orderId));
        await expectRejected(api, { method: 'POST', path: '/messages/publication', json }, 400, {
          pointer,
        });
        // and neither the waiting instance nor one that starts now got a message
        const later = await waitingForPayment(orderId);
        expect(await stateOf(waiting)).toBe('ACTIVE');
        expect(await stateOf(later)).toBe('ACTIVE');
      },
    );

    it('rejects a correlation without a name (400 naming it)', async () => {
      await expectRejected(
        api,
        { method: 'POST', path: '/messages/correlation', json: { correlationKey: 'k' } },
        400,
        { pointer: '/name' },
      );
    });

    it('lets an API client (worker) publish and correlate', async () => {
      // given two instances waiting
      const [k1, k2] = [`order-${unique()}`, `order-${unique()}`];
      const published = await waitingForPayment(k1);
      const correlated = await waitingForPayment(k2);

      // when the worker client publishes to one and correlates to the other
      await publish({ name: 'payment', correlationKey: k1 }, worker(api));
      const answer = await worker(api).post('/messages/correlation', {
        name: 'payment',
        correlationKey: k2,
      });

      // then both complete
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      expect(answer.body.processInstanceKey).toBe(correlated);
      await waitForState(published, 'COMPLETED');
      await waitForState(correlated, 'COMPLETED');
    });

    it('refuses staff publication and correlation (403) and correlates nothing', async () => {
      // given an instance waiting
      const orderId = `order-${unique()}`;
      const key = await waitingForPayment(orderId);
      const staff = api.as('staff');

      // when / then
      for (const path of ['/messages/publication', '/messages/correlation']) {
        const answer = await staff.post(path, { name: 'payment', correlationKey: orderId });
        expectProblem(answer, 403, path);
        expect(answer.body.title).toBe('FORBIDDEN');
      }
      expect(await stateOf(key)).toBe('ACTIVE');
      await waitForSubscriptionStates(key, ['CREATED']);
    });
  });
});
