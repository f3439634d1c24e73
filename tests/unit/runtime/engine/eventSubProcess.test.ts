/**
 * Event subprocesses as Zeebe runs them: their scope (the process or a subprocess) arms
 * their timer, message and signal start events while it runs; errors and escalations
 * thrown inside the scope start them. An interrupting one first ends everything else in
 * the scope, its other subscriptions included; a non-interrupting one runs beside the
 * flow, once per event, and the scope waits for it.
 */
import { describe, expect, it } from 'vitest';
import type { RuntimeRecord } from '../../../../runtime/src';
import {
  T0,
  elementKeysOf,
  elementStates,
  instanceStates,
  jobsOf,
  recordsOf,
  startInstance,
  throwJobError,
} from './support';

const DAY = 24 * 60 * 60_000;

function terminatedIds(records: RuntimeRecord[]): string[] {
  return recordsOf(records, 'elementInstance')
    .filter((record) => record.row.state === 'TERMINATED')
    .map((record) => record.row.elementId);
}

/** `[elementId, state]` of each message subscription record. */
function subscriptionStates(records: RuntimeRecord[]): [string, string][] {
  return recordsOf(records, 'messageSubscription').map((r) => [r.row.elementId, r.state]);
}

describe('message event subprocess', () => {
  it('subscribes with the process instance as owner while the process runs', async () => {
    // when
    const driver = await startInstance('eventSubProcess.message', { orderId: 'O-1' });

    // then
    expect(driver.messageSubscription('cancelled')).toMatchObject({
      elementInstanceKey: driver.processInstanceKey,
      messageName: 'order.cancelled',
      correlationKey: 'O-1',
      interrupting: true,
    });
    expect(driver.messageSubscription('noteAdded')).toMatchObject({
      elementInstanceKey: driver.processInstanceKey,
      messageName: 'order.note',
      interrupting: false,
    });
    expect(driver.activeElementIds()).toEqual(['ship']);
  });

  it('interrupting: ends the main flow and the other subscriptions, then runs with the message variables', async () => {
    // given
    const driver = await startInstance('eventSubProcess.message', { orderId: 'O-1' });

    // when
    const correlated = driver.correlate('cancelled', 801, { reason: 'customer' });

    // then
    expect(terminatedIds(correlated.records)).toEqual(['ship']);
    expect(recordsOf(correlated.records, 'job').map((r) => [r.row.type, r.state])).toEqual([
      ['crm.ship', 'CANCELED'],
      ['crm.refund', 'CREATED'],
    ]);
    expect(subscriptionStates(correlated.records)).toEqual([
      ['cancelled', 'CORRELATED'],
      ['noteAdded', 'DELETED'],
    ]);
    expect(elementStates(correlated.records, 'cancelled')).toEqual(['ACTIVE', 'COMPLETED']);
    expect(driver.current.messageSubscriptions).toEqual({});
    expect(driver.activeElementIds()).toEqual(['cancellation', 'refund']);
    expect(driver.processVariables()).toEqual({ orderId: 'O-1', reason: 'customer' });
  });

  it('interrupting: the process completes when the event subprocess completes', async () => {
    // given
    const driver = await startInstance('eventSubProcess.message', { orderId: 'O-1' });
    driver.correlate('cancelled', 801);

    // when
    const completed = driver.completeJob('refund');

    // then
    expect(elementStates(completed.records, 'cancellation')).toEqual(['COMPLETED']);
    expect(instanceStates(completed.records)).toEqual(['COMPLETED']);
  });

  it('non-interrupting: starts once per message while the main task goes on', async () => {
    // given
    const driver = await startInstance('eventSubProcess.message', { orderId: 'O-1' });
    const subscription = driver.messageSubscription('noteAdded');

    // when
    driver.correlate('noteAdded', 901, { note: 'call back' });
    driver.correlate('noteAdded', 902, { note: 'urgent' });

    // then
    expect(elementKeysOf(driver, 'notes')).toHaveLength(2);
    expect(jobsOf(driver, 'record')).toHaveLength(2);
    expect(driver.activeElementIds()).toEqual(['notes', 'notes', 'record', 'record', 'ship']);
    expect(driver.messageSubscription('noteAdded')).toEqual(subscription);
    expect(driver.processVariables()).toEqual({ orderId: 'O-1', note: 'urgent' });
  });

  it('non-interrupting: the process waits for the running event subprocesses after its main flow ends', async () => {
    // given
    const driver = await startInstance('eventSubProcess.message', { orderId: 'O-1' });
    driver.correlate('noteAdded', 901);
    driver.correlate('noteAdded', 902);

    // when
    driver.completeJob('ship');
    const afterMainFlow = driver.current.state;
    const [first, second] = jobsOf(driver, 'record');
    driver.run({ type: 'job.complete', jobKey: first!.key, variables: {} });
    const last = driver.run({ type: 'job.complete', jobKey: second!.key, variables: {} });

    // then
    expect(afterMainFlow).toBe('ACTIVE');
    expect(elementStates(last.records, 'notes')).toEqual(['COMPLETED']);
    expect(instanceStates(last.records)).toEqual(['COMPLETED']);
    expect(subscriptionStates(last.records)).toEqual([
      ['cancelled', 'DELETED'],
      ['noteAdded', 'DELETED'],
    ]);
  });

  it('closes its subscriptions when the process completes without them', async () => {
    // given
    const driver = await startInstance('eventSubProcess.message', { orderId: 'O-1' });

    // when
    const completed = driver.completeJob('ship');

    // then
    expect(subscriptionStates(completed.records)).toEqual([
      ['cancelled', 'DELETED'],
      ['noteAdded', 'DELETED'],
    ]);
    expect(instanceStates(completed.records)).toEqual(['COMPLETED']);
    expect(driver.current.messageSubscriptions).toEqual({});
  });
});

describe('timer event subprocess', () => {
  it('arms the timers of both event subprocesses when the process starts', async () => {
    // when
    const driver = await startInstance('eventSubProcess.timer');

    // then
    expect(driver.timer('remind')).toMatchObject({
      elementInstanceKey: driver.processInstanceKey,
      dueDate: T0 + 2 * DAY,
      interrupting: false,
    });
    expect(driver.timer('expired')).toMatchObject({ dueDate: T0 + 7 * DAY, interrupting: true });
  });

  it('non-interrupting: starts the reminder and keeps the main task', async () => {
    // given
    const driver = await startInstance('eventSubProcess.timer');

    // when
    driver.fireTimer('remind');

    // then
    expect(driver.activeElementIds()).toEqual(['negotiate', 'nudge', 'reminding']);
    expect(Object.values(driver.current.timers).map((t) => t.elementId)).toEqual(['expired']);
  });

  it('interrupting: ends the main task and the running reminder', async () => {
    // given
    const driver = await startInstance('eventSubProcess.timer');
    driver.fireTimer('remind');

    // when
    const fired = driver.fireTimer('expired');

    // then
    expect(terminatedIds(fired.records).sort()).toEqual(['negotiate', 'nudge', 'reminding']);
    expect(driver.activeElementIds()).toEqual(['close', 'expiry']);
    expect(jobsOf(driver).map((job) => job.type)).toEqual(['crm.closeQuote']);
    expect(driver.current.timers).toEqual({});
  });
});

describe('signal event subprocess', () => {
  it('non-interrupting: starts once per signal beside the main task', async () => {
    // given
    const driver = await startInstance('eventSubProcess.signal');

    // when
    driver.signal('priceChanged', 11);
    driver.signal('priceChanged', 12, { region: 'EU' });

    // then
    expect(jobsOf(driver, 'refresh')).toHaveLength(2);
    expect(driver.activeElementIds()).toEqual([
      'outreach',
      'pausing',
      'pausing',
      'refresh',
      'refresh',
    ]);
    expect(driver.signalSubscription('priceChanged').interrupting).toBe(false);
    expect(driver.processVariables()).toEqual({ region: 'EU' });
  });

  it('interrupting: ends the main task and the running event subprocesses; its end completes the process', async () => {
    // given
    const driver = await startInstance('eventSubProcess.signal');
    driver.signal('priceChanged', 11);

    // when
    const halted = driver.signal('halted', 13);

    // then
    expect(terminatedIds(halted.records).sort()).toEqual(['outreach', 'pausing', 'refresh']);
    expect(elementStates(halted.records, 'stopping')).toEqual(['ACTIVE', 'COMPLETED']);
    expect(instanceStates(halted.records)).toEqual(['COMPLETED']);
    expect(driver.current.signalSubscriptions).toEqual({});
    expect(driver.current.jobs).toEqual({});
  });
});

describe('error event subprocess', () => {
  it('is started by an error end event in the main flow, the one for its code winning over the catch-all', async () => {
    // given
    const driver = await startInstance('eventSubProcess.error');

    // when
    const completed = driver.completeJob('check', { approved: false });

    // then
    expect(elementStates(completed.records, 'rejected')).toEqual(['ACTIVE', 'TERMINATED']);
    expect(terminatedIds(completed.records).sort()).toEqual(['prepare', 'rejected']);
    expect(elementStates(completed.records, 'failure')).toEqual([]);
    expect(driver.activeElementIds()).toEqual(['notify', 'rejection']);
    expect(driver.processVariables()).toEqual({ approved: false, rejectionCode: 'REJECTED' });
    expect(driver.current.incidents).toEqual({});
  });

  it('is started by a job error, with errorCode, errorMessage and the error variables in its start event', async () => {
    // given
    const driver = await startInstance('eventSubProcess.error');

    // when
    const thrown = throwJobError(driver, 'check', 'CHECK_FAILED', 'score too low', { score: 12 });

    // then
    expect(terminatedIds(thrown.records).sort()).toEqual(['check', 'prepare']);
    const checkJob = recordsOf(thrown.records, 'job').filter((r) => r.row.type === 'crm.check');
    expect(checkJob.at(-1)).toMatchObject({
      state: 'ERROR_THROWN',
      row: { errorMessage: 'score too low' },
    });
    expect(driver.activeElementIds()).toEqual(['failure', 'investigate']);
    expect(driver.processVariables()).toEqual({
      failure: 'CHECK_FAILED: score too low',
      score: 12,
    });
  });

  it('lets the process complete when the error event subprocess completes', async () => {
    // given
    const driver = await startInstance('eventSubProcess.error');
    driver.completeJob('check', { approved: false });

    // when
    const completed = driver.completeJob('notify');

    // then
    expect(elementStates(completed.records, 'rejection')).toEqual(['COMPLETED']);
    expect(instanceStates(completed.records)).toEqual(['COMPLETED']);
  });
});

describe('escalation event subprocess', () => {
  it('non-interrupting: starts beside the flow, and the throw event goes on', async () => {
    // when
    const driver = await startInstance('eventSubProcess.escalation', { abandon: false });

    // then
    expect(elementStates(driver.records, 'late')).toEqual(['ACTIVE', 'COMPLETED']);
    expect(elementStates(driver.records, 'tracked')).toEqual(['ACTIVE', 'COMPLETED']);
    expect(elementStates(driver.records, 'abandonHandling')).toEqual([]);
    expect(driver.activeElementIds()).toEqual(['deliver', 'inform', 'lateHandling']);
    expect(driver.processVariables()).toEqual({ abandon: false, raised: 'LATE' });
  });

  it('interrupting catch-all: ends the rest of the process, the escalation end event included', async () => {
    // when
    const driver = await startInstance('eventSubProcess.escalation', { abandon: true });

    // then
    expect(terminatedIds(driver.records).sort()).toEqual(['abandoned', 'deliver']);
    expect(driver.activeElementIds()).toEqual(['abandonHandling', 'cleanUp']);
    expect(jobsOf(driver).map((job) => job.type)).toEqual(['crm.cleanUp']);
    expect(driver.processVariables()).toEqual({ abandon: true, raised: 'ABANDONED' });
  });
});

describe('event subprocess inside an embedded subprocess', () => {
  it('subscribes with the subprocess instance as owner', async () => {
    // when
    const driver = await startInstance('eventSubProcess.inSubProcess', { contractId: 'C-1' });

    // then
    const signingKey = driver.elementKey('signing');
    expect(driver.messageSubscription('amended').elementInstanceKey).toBe(signingKey);
    expect(driver.messageSubscription('withdrawn').elementInstanceKey).toBe(signingKey);
  });

  it('interrupting: ends only what runs in the subprocess, which then completes and goes on', async () => {
    // given
    const driver = await startInstance('eventSubProcess.inSubProcess', { contractId: 'C-1' });

    // when
    const correlated = driver.correlate('withdrawn', 301);
    const afterCorrelation = driver.activeElementIds();
    const completed = driver.completeJob('void');

    // then
    expect(terminatedIds(correlated.records)).toEqual(['sign']);
    expect(subscriptionStates(correlated.records)).toEqual([
      ['withdrawn', 'CORRELATED'],
      ['amended', 'DELETED'],
    ]);
    expect(afterCorrelation).toEqual(['signing', 'track', 'void', 'withdrawal']);
    expect(elementStates(completed.records, 'withdrawal')).toEqual(['COMPLETED']);
    expect(elementStates(completed.records, 'signing')).toEqual(['COMPLETED']);
    expect(driver.activeElementIds()).toEqual(['archive', 'track']);
  });

  it("interrupting: leaves the subprocess's own boundary events armed", async () => {
    // given
    const driver = await startInstance('eventSubProcess.inSubProcess', { contractId: 'C-1' });
    const timer = driver.timer('overdue');
    const signingKey = driver.elementKey('signing');

    // when
    const correlated = driver.correlate('withdrawn', 301);
    const fired = driver.fireTimer('overdue');

    // then
    expect(recordsOf(correlated.records, 'timer')).toEqual([]);
    expect(driver.current.timers).toEqual({});
    expect(terminatedIds(fired.records).sort()).toEqual(['signing', 'void', 'withdrawal']);
    expect(driver.activeElementIds()).toEqual(['chase', 'track']);
    expect(timer.elementInstanceKey).toBe(signingKey);
  });

  it('non-interrupting: the subprocess waits for it after its own flow ends', async () => {
    // given
    const driver = await startInstance('eventSubProcess.inSubProcess', { contractId: 'C-1' });
    driver.correlate('amended', 302, { clause: '7b' });

    // when
    const signed = driver.completeJob('sign');
    const reviewed = driver.completeJob('review');

    // then
    expect(elementStates(signed.records, 'signing')).toEqual([]);
    expect(elementStates(reviewed.records, 'signing')).toEqual(['COMPLETED']);
    expect(subscriptionStates(reviewed.records)).toEqual([
      ['amended', 'DELETED'],
      ['withdrawn', 'DELETED'],
    ]);
    expect(driver.activeElementIds()).toEqual(['archive', 'track']);
    expect(driver.processVariables()).toEqual({ contractId: 'C-1', clause: '7b' });
  });

  it('closes the subscriptions when the subprocess completes', async () => {
    // given
    const driver = await startInstance('eventSubProcess.inSubProcess', { contractId: 'C-1' });

    // when
    const completed = driver.completeJob('sign');

    // then
    expect(subscriptionStates(completed.records)).toEqual([
      ['amended', 'DELETED'],
      ['withdrawn', 'DELETED'],
    ]);
    expect(driver.current.messageSubscriptions).toEqual({});
    expect(driver.activeElementIds()).toEqual(['archive', 'track']);
  });
});
