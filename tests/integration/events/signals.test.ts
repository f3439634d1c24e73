/**
 * Signals through the real `/v2` API on the SQLite backend: a broadcast reaches every
 * instance that waits for it (catch events, interrupting and non-interrupting boundary
 * events) and starts an instance per signal start event; signal throw and end events
 * broadcast to other instances; the signal's variables land in the instances.
 */
import { readFileSync } from 'node:fs';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
  'signals.catchEvent',
  'signals.boundary',
  'signals.startEvent',
  'signals.throwEvent',
  'signals.endEvent',
  'signals.selfLoop',
] as const;

const fixture = (name: string) => readFileSync(new URL(`./${name}.bpmn`, import.meta.url), 'utf8');

describe('signals through /v2', () => {
  let server: TestServer;
  let api: Api;
  const { stateOf, waitForState, statesOf, rootVariables, instancesWith } = instanceProbe(
    () => api,
  );

  beforeAll(async () => {
    server = await startApiServer('events_signals');
    api = server.api;
    const resources = Object.fromEntries(FIXTURES.map((name) => [`${name}.bpmn`, fixture(name)]));
    const deployed = await api.deploy(resources);
    expect(deployed.status, JSON.stringify(deployed.body)).toBe(200);
  });

  afterAll(() => server?.close());

  async function broadcast(body: Record<string, unknown>, as: Api = api) {
    const answer = await as.post('/signals/broadcast', body);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body).toEqual({
      tenantId: '<default>',
      signalKey: expect.stringMatching(/^\d+$/),
    });
    return answer.body.signalKey as string;
  }

  /** The instance has entered `elementId` (its waits are open once it is ACTIVE there). */
  const waitForElement = (processInstanceKey: string, elementId: string) =>
    waitFor(async () => {
      const states = await statesOf(processInstanceKey, elementId);
      return states.includes('ACTIVE') ? states : undefined;
    }, `${processInstanceKey} to wait at ${elementId}`);

  /** An instance of "Wait for a signal" waiting for `signalName`. */
  async function waitingFor(signalName: string, variables: Record<string, unknown> = {}) {
    const key = await startInstance(api, 'sig-catch', { awaitedSignal: signalName, ...variables });
    await waitForElement(key, 'Event_SignalReceived');
    return key;
  }

  describe('broadcast', () => {
    it('reaches the signal catch events of every waiting instance', async () => {
      // given three instances waiting for one signal, and one waiting for another
      const signalName = `alarm-${unique()}`;
      const waiting = [
        await waitingFor(signalName),
        await waitingFor(signalName),
        await waitingFor(signalName),
      ];
      const other = await waitingFor(`other-${unique()}`);

      // when the signal is broadcast
      await broadcast({ signalName });

      // then all three complete through their catch event, and the other still waits
      for (const key of waiting) {
        await waitForState(key, 'COMPLETED');
        expect(await statesOf(key, 'Event_SignalReceived')).toEqual(['COMPLETED']);
        expect(await statesOf(key, 'EndEvent_Done')).toEqual(['COMPLETED']);
      }
      expect(await stateOf(other)).toBe('ACTIVE');
      expect(await statesOf(other, 'Event_SignalReceived')).toEqual(['ACTIVE']);
    });

    it('puts the broadcast variables into the instances it reaches', async () => {
      // given
      const signalName = `alarm-${unique()}`;
      const first = await waitingFor(signalName, { site: 'north' });
      const second = await waitingFor(signalName, { site: 'south' });

      // when
      await broadcast({ signalName, variables: { level: 3, source: { sensor: 'smoke-7' } } });

      // then each instance has the signal's variables beside its own
      await waitForState(first, 'COMPLETED');
      await waitForState(second, 'COMPLETED');
      expect(await rootVariables(first)).toEqual({
        awaitedSignal: signalName,
        site: 'north',
        level: 3,
        source: { sensor: 'smoke-7' },
      });
      expect(await rootVariables(second)).toMatchObject({ site: 'south', level: 3 });
    });

    it('lets an API client (worker) broadcast', async () => {
      // given
      const signalName = `alarm-${unique()}`;
      const key = await waitingFor(signalName);

      // when
      await broadcast({ signalName }, worker(api));

      // then
      await waitForState(key, 'COMPLETED');
    });
  });

  describe('signal boundary events', () => {
    const tasksOf = async (processInstanceKey: string) => {
      const answer = await api.post('/user-tasks/search', { filter: { processInstanceKey } });
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      return (answer.body.items as Array<{ state: string }>).map((task) => task.state);
    };

    it('fires a non-interrupting boundary event on each broadcast and keeps the task', async () => {
      // given a shipment being packed
      const key = await startInstance(api, 'sig-shipment', { shipment: unique() });
      await waitForElement(key, 'Task_Pack');

      // when "shipment-ping" is broadcast twice
      await broadcast({ signalName: 'shipment-ping', variables: { ping: 1 } });
      await broadcast({ signalName: 'shipment-ping', variables: { ping: 2 } });

      // then the ping path ran twice, and packing goes on
      await waitFor(async () => {
        const ends = await statesOf(key, 'EndEvent_Pinged');
        return ends.length === 2 ? ends : undefined;
      }, 'two ping ends');
      expect(await statesOf(key, 'Event_Ping')).toEqual(['COMPLETED', 'COMPLETED']);
      expect(await statesOf(key, 'Task_Pack')).toEqual(['ACTIVE']);
      expect(await tasksOf(key)).toEqual(['CREATED']);
      expect(await stateOf(key)).toBe('ACTIVE');
    });

    it('terminates the task on an interrupting boundary event and takes its path', async () => {
      // given a shipment being packed
      const key = await startInstance(api, 'sig-shipment', { shipment: unique() });
      await waitForElement(key, 'Task_Pack');

      // when "shipment-abort" is broadcast
      await broadcast({ signalName: 'shipment-abort', variables: { abortedBy: 'ops' } });

      // then packing is terminated and the instance ends at "Aborted"
      await waitForState(key, 'COMPLETED');
      expect(await statesOf(key, 'Task_Pack')).toEqual(['TERMINATED']);
      expect(await statesOf(key, 'EndEvent_Aborted')).toEqual(['COMPLETED']);
      expect(await statesOf(key, 'EndEvent_Packed')).toEqual([]);
      expect(await tasksOf(key)).not.toContain('CREATED');
      expect(await rootVariables(key)).toMatchObject({ abortedBy: 'ops' });
      // and its ping boundary closed with the task: a ping reaches it no more
      await broadcast({ signalName: 'shipment-ping' });
      expect(await statesOf(key, 'Event_Ping')).toEqual([]);
    });
  });

  describe('signal start events', () => {
    it('starts one instance per broadcast, with the broadcast variables', async () => {
      // given
      const [leadA, leadB] = [`lead-${unique()}`, `lead-${unique()}`];

      // when "new-lead" is broadcast twice
      await broadcast({ signalName: 'new-lead', variables: { leadId: leadA, score: 7 } });
      await broadcast({ signalName: 'new-lead', variables: { leadId: leadB, score: 2 } });

      // then each broadcast started its own instance of "Follow up a lead" with its variables
      for (const [leadId, score] of [
        [leadA, 7],
        [leadB, 2],
      ] as const) {
        const keys = await waitFor(async () => {
          const found = await instancesWith('leadId', leadId);
          return found.length > 0 ? found : undefined;
        }, `the instance of ${leadId}`);
        expect(keys).toHaveLength(1);
        const instance = await api.get(`/process-instances/${keys[0]}`);
        expect(instance.body).toMatchObject({ processDefinitionId: 'sig-lead', state: 'ACTIVE' });
        expect(await rootVariables(keys[0]!)).toEqual({ leadId, score });
        expect(await statesOf(keys[0]!, 'StartEvent_NewLead')).toEqual(['COMPLETED']);
      }
    });
  });

  describe('signals thrown by processes', () => {
    it('delivers a signal thrown by an intermediate throw event to another instance', async () => {
      // given an instance waiting for "handover"
      const catcher = await waitingFor('handover');

      // when an instance of "Hand over" runs through its throw event
      const shift = `shift-${unique()}`;
      const thrower = await startInstance(api, 'sig-handover', { shift });

      // then the thrower completes, and the catcher gets the signal with the throw
      // event's input-mapped variables (not the thrower's own)
      await waitForState(thrower, 'COMPLETED');
      expect(await statesOf(thrower, 'Event_HandOver')).toEqual(['COMPLETED']);
      await waitForState(catcher, 'COMPLETED');
      const variables = await rootVariables(catcher);
      expect(variables).toMatchObject({ handedOverBy: shift });
      expect(variables).not.toHaveProperty('shift');
    });

    it('delivers a signal thrown by a signal end event', async () => {
      // given an instance waiting for "batch-done"
      const catcher = await waitingFor('batch-done');

      // when an instance of "Run batch" ends at its signal end event
      const batchId = `batch-${unique()}`;
      const batch = await startInstance(api, 'sig-batch', { batchId });

      // then the batch completes, and the catcher gets the signal
      await waitForState(batch, 'COMPLETED');
      expect(await statesOf(batch, 'EndEvent_BatchDone')).toEqual(['COMPLETED']);
      await waitForState(catcher, 'COMPLETED');
      expect(await rootVariables(catcher)).toMatchObject({ finishedBatch: batchId });
    });
  });

  describe('request validation and permissions', () => {
    it.each([
      ['a missing signalName', {}],
      ['an empty signalName', { signalName: '' }],
      ['a number as signalName', { signalName: 7 }],
    ])('rejects a broadcast with %s (400 naming signalName)', async (_, json) => {
      await expectRejected(api, { method: 'POST', path: '/signals/broadcast', json }, 400, {
        pointer: '/signalName',
      });
    });

    it('rejects variables that are not an object (400 naming them) and delivers nothing', async () => {
      // given
      const signalName = `alarm-${unique()}`;
      const key = await waitingFor(signalName);

      // when / then
      await expectRejected(
        api,
        { method: 'POST', path: '/signals/broadcast', json: { signalName, variables: [1] } },
        400,
        { pointer: '/variables' },
      );
      expect(await stateOf(key)).toBe('ACTIVE');
    });

    it('refuses a staff broadcast (403) and delivers nothing', async () => {
      // given
      const signalName = `alarm-${unique()}`;
      const key = await waitingFor(signalName);

      // when
      const answer = await api.as('staff').post('/signals/broadcast', { signalName });

      // then
      expectProblem(answer, 403, '/signals/broadcast');
      expect(answer.body.title).toBe('FORBIDDEN');
      expect(await stateOf(key)).toBe('ACTIVE');
      expect(await statesOf(key, 'Event_SignalReceived')).toEqual(['ACTIVE']);
    });
  });

  it('answers a broadcast of a model that signals itself in a loop, leaving the rest to the sweeper', async () => {
    // given a process whose signal start event throws the same signal again

    // when the signal is broadcast once
    await broadcast({ signalName: 'self-loop-tick' });

    // then the request came back although the loop never ends, with a bounded number of
    // instances created in it, and the broadcast still to deliver is kept for the sweeper
    const count = async () =>
      (
        await api.post('/process-instances/search', {
          filter: { processDefinitionId: 'sig-self-loop' },
          page: { limit: 1 },
        })
      ).body.page.totalItems as number;
    const first = await count();
    expect(first).toBeGreaterThan(1);
    expect(first).toBeLessThanOrEqual(17);
    const client = await MongoClient.connect(server.mongoUri);
    try {
      const pending = await client
        .db()
        .collection('signals')
        .countDocuments({ signalName: 'self-loop-tick' });
      expect(pending).toBe(1);
    } finally {
      await client.close();
    }
  });
});
