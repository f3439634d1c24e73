/**
 * Call activities in the pure core: the caller asks for a called instance with a
 * `callActivity` record and waits; the server reports back with `callActivity.complete`,
 * `callActivity.throw` or `callActivity.fail`. A called instance (created with `parent`)
 * hands its end and the errors its caller catches back as records.
 */
import { describe, expect, it } from 'vitest';
import type {
  InstanceState,
  ParentLink,
  RuntimeRecord,
  ThrownToParent,
} from '../../../../runtime/src';
import {
  InstanceDriver,
  createCommand,
  elementStates,
  instanceStates,
  loadDefinition,
  recordsOf,
  startInstance,
  throwJobError,
} from './support';

type CallRecord = Extract<RuntimeRecord, { kind: 'callActivity' }>;

/** The one `callActivity` record of the result. */
function callOf(result: { records: RuntimeRecord[] }): CallRecord {
  const calls = recordsOf(result.records, 'callActivity');
  expect(calls).toHaveLength(1);
  return calls[0]!;
}

/** An order whose call activity `ship` waits for its called instance. */
async function waitingCall(fixture: string, variables: Record<string, unknown> = {}) {
  const driver = await startInstance(`callActivity.${fixture}`, {
    orderId: 'O-7',
    region: 'eu',
    ...variables,
  });
  return { driver, call: callOf(driver) };
}

const complete = (driver: InstanceDriver, variables: Record<string, unknown>) =>
  driver.run({
    type: 'callActivity.complete',
    elementInstanceKey: driver.elementKey('ship'),
    variables,
  });

const fail = (driver: InstanceDriver, attempt: number) =>
  driver.run({
    type: 'callActivity.fail',
    elementInstanceKey: driver.elementKey('ship'),
    attempt,
    message: "Expected process with BPMN process id 'shipping-eu' to be deployed, but not found.",
  });

/** Stores the state as text and reads it back into a new driver. */
function restore(driver: InstanceDriver): InstanceDriver {
  const restored = new InstanceDriver(driver.definition, { now: driver.now });
  restored.state = JSON.parse(JSON.stringify(driver.current)) as InstanceState;
  return restored;
}

describe('call activities', () => {
  describe('the call the caller records', () => {
    it('names the process the FEEL expression evaluates to and passes all visible variables', async () => {
      // given / when
      const { driver, call } = await waitingCall('catchAll', { items: [1, 2] });

      // then
      expect(call).toMatchObject({
        kind: 'callActivity',
        elementId: 'ship',
        elementInstanceKey: driver.elementKey('ship'),
        attempt: 1,
        processId: 'shipping-eu',
        bindingType: 'latest',
        variables: { orderId: 'O-7', region: 'eu', items: [1, 2] },
      });
      expect(driver.activeElementIds()).toEqual(['ship']);
    });

    it('passes the input mappings as well as the caller’s variables by default', async () => {
      // given / when
      const { call } = await waitingCall('propagateAll');

      // then
      expect(call.variables).toEqual({ orderId: 'O-7', region: 'eu', reference: 'O-7' });
    });

    it('passes only the input mappings with propagateAllParentVariables="false"', async () => {
      // given / when
      const { call } = await waitingCall('inputsOnly');

      // then
      expect(call.variables).toEqual({ reference: 'O-7' });
    });

    it('lists a catch-all error boundary as "*"', async () => {
      // given / when
      const { call } = await waitingCall('catchAll');

      // then
      expect(call.catches).toEqual({ error: '*', escalation: [] });
    });

    it('lists the codes of its boundary events, of the boundary events and error event subprocesses around it', async () => {
      // given / when
      const { call } = await waitingCall('catches');

      // then
      expect(call.catches).toEqual({
        error: ['ADDRESS_INVALID', 'FRAUD', 'OUT_OF_STOCK', 'PAYMENT_FAILED'],
        escalation: ['DELAYED', 'LATE'],
      });
    });

    it('adds what its own caller catches', async () => {
      // given a caller that was itself called by a process catching FRAUD and any escalation
      const driver = new InstanceDriver(await loadDefinition('callActivity.propagateAll'));
      const parent: ParentLink = {
        processInstanceKey: 42,
        elementInstanceKey: 43,
        catches: { error: ['FRAUD'], escalation: '*' },
      };

      // when
      const result = driver.run({ ...createCommand({ orderId: 'O-7' }), parent });

      // then
      expect(callOf(result).catches).toEqual({ error: ['FRAUD'], escalation: '*' });
      expect(callOf(result)).toMatchObject({ depth: 1, rootProcessInstanceKey: 42 });
    });

    it('stops a call chain past 1000 levels with a CALLED_ELEMENT_ERROR incident', async () => {
      // given an instance 1000 calls down from its root
      const driver = new InstanceDriver(await loadDefinition('callActivity.propagateAll'));
      const parent: ParentLink = {
        processInstanceKey: 42,
        elementInstanceKey: 43,
        catches: { error: [], escalation: [] },
        rootProcessInstanceKey: 7,
        depth: 1000,
      };

      // when its call activity is reached
      const result = driver.run({ ...createCommand({ orderId: 'O-7' }), parent });

      // then it calls nothing and waits on an incident
      expect(recordsOf(result.records, 'callActivity')).toEqual([]);
      const incident = Object.values(driver.current.incidents)[0];
      expect(incident?.errorType).toBe('CALLED_ELEMENT_ERROR');
      expect(incident?.errorMessage).toContain('maximum depth of 1000');
    });

    it('raises EXTRACT_VALUE_ERROR when the process id expression fails, and calls once it is resolved', async () => {
      // given no region to build the process id from
      const driver = await startInstance('callActivity.catchAll', { orderId: 'O-7' });
      expect(recordsOf(driver.records, 'callActivity')).toEqual([]);
      expect(driver.incident('ship').errorType).toBe('EXTRACT_VALUE_ERROR');

      // when the region is set and the incident resolved
      driver.setProcessVariables({ region: 'us' });
      const result = driver.resolveIncident('ship');

      // then
      expect(callOf(result)).toMatchObject({ processId: 'shipping-us', attempt: 1 });
    });
  });

  describe('callActivity.complete', () => {
    it('brings all of the called instance’s variables back by default', async () => {
      // given
      const { driver } = await waitingCall('propagateAll');

      // when
      const result = complete(driver, { trackingId: 'T-1', carrier: 'DHL' });

      // then
      expect(elementStates(result.records, 'ship')).toEqual(['COMPLETED']);
      expect(driver.activeElementIds()).toEqual(['notify']);
      expect(driver.processVariables()).toEqual({
        orderId: 'O-7',
        region: 'eu',
        trackingId: 'T-1',
        carrier: 'DHL',
      });
    });

    it('brings nothing back with propagateAllChildVariables="false" and no output mappings', async () => {
      // given
      const { driver } = await waitingCall('inputsOnly');

      // when
      complete(driver, { trackingId: 'T-1', carrier: 'DHL' });

      // then
      expect(driver.activeElementIds()).toEqual(['notify']);
      expect(driver.processVariables()).toEqual({ orderId: 'O-7', region: 'eu' });
    });

    it('brings only the output mappings back with propagateAllChildVariables="false"', async () => {
      // given
      const { driver } = await waitingCall('outputsOnly');

      // when
      complete(driver, { trackingId: 'T-1', carrier: 'DHL' });

      // then
      expect(driver.processVariables()).toEqual({ orderId: 'O-7', region: 'eu', tracking: 'T-1' });
    });

    it('brings only the output mappings back when there are any, as in Zeebe', async () => {
      // given
      const { driver } = await waitingCall('outputMappings');

      // when
      complete(driver, { trackingId: 'T-1', carrier: 'DHL' });

      // then
      expect(driver.processVariables()).toEqual({ orderId: 'O-7', region: 'eu', tracking: 'T-1' });
    });

    it('rejects a completion for an element that is not a waiting call activity', async () => {
      // given
      const { driver } = await waitingCall('propagateAll');
      complete(driver, {});

      // when
      const result = driver.send({
        type: 'callActivity.complete',
        elementInstanceKey: driver.elementKey('notify'),
        variables: {},
      });

      // then
      expect(result.ok).toBe(false);
      expect(driver.activeElementIds()).toEqual(['notify']);
    });
  });

  describe('callActivity.fail', () => {
    it('raises a CALLED_ELEMENT_ERROR incident on the call activity', async () => {
      // given
      const { driver } = await waitingCall('catchAll');

      // when
      const result = fail(driver, 1);

      // then
      expect(driver.incident('ship')).toMatchObject({
        errorType: 'CALLED_ELEMENT_ERROR',
        errorMessage:
          "Expected process with BPMN process id 'shipping-eu' to be deployed, but not found.",
        retry: 'CALL',
      });
      expect(recordsOf(result.records, 'incident')).toHaveLength(1);
      expect(driver.activeElementIds()).toEqual(['ship']);
    });

    it('asks again, as attempt 2, when the incident is resolved', async () => {
      // given
      const { driver } = await waitingCall('catchAll');
      fail(driver, 1);

      // when
      const result = driver.resolveIncident('ship');

      // then
      expect(callOf(result)).toMatchObject({
        elementInstanceKey: driver.elementKey('ship'),
        attempt: 2,
        processId: 'shipping-eu',
      });
      expect(Object.values(driver.current.incidents)).toEqual([]);
    });

    it('ignores a failure reported for an older attempt', async () => {
      // given a call asked for again after its first attempt failed
      const { driver } = await waitingCall('catchAll');
      fail(driver, 1);
      driver.resolveIncident('ship');
      const before = structuredClone(driver.current);

      // when the first attempt's failure arrives again
      const result = fail(driver, 1);

      // then nothing changes
      expect(result.records).toEqual([]);
      expect(Object.values(driver.current.incidents)).toEqual([]);
      expect(driver.current.elements).toEqual(before.elements);
    });

    it('raises one incident only when the same attempt fails twice', async () => {
      // given
      const { driver } = await waitingCall('catchAll');
      fail(driver, 1);

      // when
      const result = fail(driver, 1);

      // then
      expect(result.records).toEqual([]);
      expect(Object.values(driver.current.incidents)).toHaveLength(1);
    });
  });

  describe('callActivity.throw', () => {
    const thrown: ThrownToParent = {
      kind: 'error',
      code: 'OUT_OF_STOCK',
      message: 'no parcels left',
      variables: { missing: 3 },
    };

    it('is caught by the error boundary event of the call activity', async () => {
      // given
      const { driver } = await waitingCall('catchAll');
      const ship = driver.elementKey('ship');

      // when
      const result = driver.run({ type: 'callActivity.throw', elementInstanceKey: ship, thrown });

      // then
      expect(elementStates(result.records, 'ship')).toEqual(['TERMINATED']);
      expect(elementStates(result.records, 'onAnyError')).toEqual(['ACTIVE', 'COMPLETED']);
      expect(driver.activeElementIds()).toEqual(['handle']);
      expect(driver.processVariables()).toMatchObject({
        failure: 'OUT_OF_STOCK',
        failureMessage: 'no parcels left',
      });
      // and the server is told to cancel the called instance (it has ended already)
      expect(recordsOf(result.records, 'callActivityTerminated')).toEqual([
        { kind: 'callActivityTerminated', elementInstanceKey: ship, attempts: 1 },
      ]);
    });

    it('is caught by a non-interrupting escalation boundary event, the call activity waiting on', async () => {
      // given
      const { driver } = await waitingCall('catches');
      const ship = driver.elementKey('ship');

      // when
      driver.run({
        type: 'callActivity.throw',
        elementInstanceKey: ship,
        thrown: { kind: 'escalation', code: 'DELAYED', message: '', variables: {} },
      });

      // then
      expect(driver.activeElementIds()).toEqual(['fulfilment', 'inform', 'ship']);
      expect(driver.elementKey('ship')).toBe(ship);
    });
  });

  describe('a called instance', () => {
    const parent: ParentLink = {
      processInstanceKey: 100,
      elementInstanceKey: 105,
      catches: { error: ['OUT_OF_STOCK'], escalation: [] },
    };

    async function calledInstance(link: ParentLink = parent) {
      const driver = new InstanceDriver(await loadDefinition('callActivity.child'));
      driver.run({ ...createCommand({ reference: 'O-7' }), parent: link });
      return driver;
    }

    it('hands an error its caller catches to the caller and is terminated', async () => {
      // given
      const driver = await calledInstance();

      // when the end event throws OUT_OF_STOCK
      const result = driver.completeJob('pack', { inStock: false });

      // then
      expect(recordsOf(result.records, 'calledInstanceThrew')).toEqual([
        {
          kind: 'calledInstanceThrew',
          parent,
          thrown: { kind: 'error', code: 'OUT_OF_STOCK', message: '', variables: {} },
        },
      ]);
      expect(driver.current.state).toBe('TERMINATED');
      expect(instanceStates(result.records)).toEqual(['TERMINATED']);
      expect(elementStates(result.records, 'outOfStock')).toEqual(['ACTIVE', 'TERMINATED']);
      expect(Object.values(driver.current.incidents)).toEqual([]);
    });

    it('hands a job error its caller catches to the caller, with the worker’s message and variables', async () => {
      // given
      const driver = await calledInstance();

      // when
      const result = throwJobError(driver, 'pack', 'OUT_OF_STOCK', 'shelf empty', { shelf: 'B2' });

      // then
      expect(recordsOf(result.records, 'calledInstanceThrew')).toEqual([
        {
          kind: 'calledInstanceThrew',
          parent,
          thrown: {
            kind: 'error',
            code: 'OUT_OF_STOCK',
            message: 'shelf empty',
            variables: { shelf: 'B2' },
          },
        },
      ]);
      expect(elementStates(result.records, 'pack')).toEqual(['TERMINATED']);
      expect(driver.current.state).toBe('TERMINATED');
      expect(Object.values(driver.current.jobs)).toEqual([]);
    });

    it('hands an error to a caller that catches every error', async () => {
      // given
      const driver = await calledInstance({ ...parent, catches: { error: '*', escalation: [] } });

      // when
      const result = driver.completeJob('pack', { inStock: false });

      // then
      expect(recordsOf(result.records, 'calledInstanceThrew')).toHaveLength(1);
      expect(driver.current.state).toBe('TERMINATED');
    });

    it('raises UNHANDLED_ERROR_EVENT itself when its caller does not catch the code either', async () => {
      // given
      const driver = await calledInstance({ ...parent, catches: { error: [], escalation: [] } });

      // when
      const result = driver.completeJob('pack', { inStock: false });

      // then
      expect(recordsOf(result.records, 'calledInstanceThrew')).toEqual([]);
      expect(driver.incident('outOfStock').errorType).toBe('UNHANDLED_ERROR_EVENT');
      expect(driver.current.state).toBe('ACTIVE');
    });

    it('reports its completion with its root variables', async () => {
      // given
      const driver = await calledInstance();

      // when
      const result = driver.completeJob('pack', { inStock: true, trackingId: 'T-1' });

      // then
      expect(recordsOf(result.records, 'calledInstanceCompleted')).toEqual([
        {
          kind: 'calledInstanceCompleted',
          parent,
          variables: { reference: 'O-7', inStock: true, trackingId: 'T-1' },
        },
      ]);
      expect(driver.current.state).toBe('COMPLETED');
    });

    it('reports nothing when it was not called', async () => {
      // given
      const driver = await startInstance('callActivity.child', { reference: 'O-7' });

      // when
      const result = driver.completeJob('pack', { inStock: true });

      // then
      expect(recordsOf(result.records, 'calledInstanceCompleted')).toEqual([]);
      expect(driver.current.state).toBe('COMPLETED');
    });
  });

  describe('a multi-instance call activity', () => {
    async function shipParcels() {
      const driver = await startInstance('callActivity.multiInstance', { parcels: ['A', 'B'] });
      const calls = recordsOf(driver.records, 'callActivity');
      return { driver, calls, keys: calls.map((call) => call.elementInstanceKey) };
    }

    it('asks for one called instance per item, each with its item', async () => {
      // given / when
      const { calls } = await shipParcels();

      // then
      expect(calls.map((call) => call.variables.parcel)).toEqual(['A', 'B']);
      expect(new Set(calls.map((call) => call.elementInstanceKey)).size).toBe(2);
      expect(calls.every((call) => call.attempt === 1)).toBe(true);
      expect(calls[0]!.catches).toEqual({ error: ['OUT_OF_STOCK'], escalation: [] });
    });

    it('collects what each called instance brings back, in item order', async () => {
      // given
      const { driver, keys } = await shipParcels();

      // when the second parcel's instance completes first
      for (const [key, trackingId] of [
        [keys[1]!, 'T-B'],
        [keys[0]!, 'T-A'],
      ] as const) {
        driver.run({
          type: 'callActivity.complete',
          elementInstanceKey: key,
          variables: { trackingId },
        });
      }

      // then
      expect(driver.activeElementIds()).toEqual(['notify']);
      expect(driver.processVariables().trackingIds).toEqual(['T-A', 'T-B']);
    });

    it('cancels every called instance when one of them throws what the boundary catches', async () => {
      // given
      const { driver, keys } = await shipParcels();

      // when
      const result = driver.run({
        type: 'callActivity.throw',
        elementInstanceKey: keys[0]!,
        thrown: { kind: 'error', code: 'OUT_OF_STOCK', message: '', variables: {} },
      });

      // then
      const terminated = recordsOf(result.records, 'callActivityTerminated');
      expect(terminated.map((record) => record.elementInstanceKey).sort()).toEqual(
        [...keys].sort(),
      );
      expect(elementStates(result.records, 'restocked')).toEqual(['ACTIVE', 'COMPLETED']);
      expect(driver.current.state).toBe('COMPLETED');
    });
  });

  it('asks the server to cancel the called instance when the caller is cancelled', async () => {
    // given a call asked for twice (the first attempt failed)
    const { driver } = await waitingCall('catchAll');
    const ship = driver.elementKey('ship');
    fail(driver, 1);
    driver.resolveIncident('ship');

    // when
    const result = driver.run({ type: 'instance.cancel' });

    // then
    expect(recordsOf(result.records, 'callActivityTerminated')).toEqual([
      { kind: 'callActivityTerminated', elementInstanceKey: ship, attempts: 2 },
    ]);
    expect(elementStates(result.records, 'ship')).toEqual(['TERMINATED']);
    expect(driver.current.state).toBe('TERMINATED');
  });

  it('completes a restored waiting call activity', async () => {
    // given
    const { driver } = await waitingCall('propagateAll');
    const restored = restore(driver);

    // when
    const result = complete(restored, { trackingId: 'T-1' });

    // then
    expect(elementStates(result.records, 'ship')).toEqual(['COMPLETED']);
    expect(restored.processVariables()).toMatchObject({ trackingId: 'T-1' });
    restored.completeJob('notify');
    expect(restored.current.state).toBe('COMPLETED');
  });
});
