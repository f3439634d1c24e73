/**
 * D2: the transition is deterministic — clock and keys come with the command — so
 * replaying an instance's commands with their contexts from nothing gives the same state
 * and the same records.
 */
import { describe, expect, it } from 'vitest';
import {
  processCommand,
  type CompiledDefinition,
  type InstanceState,
  type RuntimeRecord,
} from '../../../../runtime/src';
import { T0, startInstance, startInstanceAt, type SentCommand } from './support';

function replay(definition: CompiledDefinition, sent: SentCommand[]) {
  let state: InstanceState | null = null;
  const records: RuntimeRecord[] = [];
  for (const { command, context } of sent) {
    const result = processCommand(definition, state, command, context);
    if (!result.ok) throw new Error(`replay rejected ${command.type}: ${result.rejection.message}`);
    state = result.state;
    records.push(...result.records);
  }
  return { state, records };
}

describe('replay', () => {
  it('rebuilds the state and records of a finished instance from its commands', async () => {
    // given
    const driver = await startInstance('parallelGateway.forkJoin', { client: 'C-1' });
    driver.now = T0 + 1_000;
    driver.completeJob('welcome', { pack: 'gold' });
    driver.now = T0 + 2_000;
    driver.completeJob('contract', { signed: true });
    driver.now = T0 + 3_000;
    driver.completeJob('activate');

    // when
    const replayed = replay(driver.definition, driver.sent);

    // then
    expect(driver.current.state).toBe('COMPLETED');
    expect(replayed.state).toStrictEqual(driver.current);
    expect(replayed.records).toStrictEqual(driver.records);
  });

  it('rebuilds an instance that went through failures, incidents and variable updates', async () => {
    // given
    const driver = await startInstance('processCommand.serviceTask');
    const jobKey = driver.job().key;
    driver.now = T0 + 500;
    driver.run({
      type: 'job.fail',
      jobKey,
      retries: 1,
      errorMessage: 'timeout',
      retryBackOff: 30_000,
      variables: { attempt: 1 },
    });
    driver.now = T0 + 40_000;
    driver.run({
      type: 'job.fail',
      jobKey,
      retries: 0,
      errorMessage: 'timeout again',
      retryBackOff: 0,
      variables: {},
    });
    driver.setProcessVariables({ mailServer: 'backup' });
    driver.run({ type: 'job.updateRetries', jobKey, retries: 3 });
    driver.resolveIncident('send');

    // when
    const replayed = replay(driver.definition, driver.sent);

    // then
    expect(driver.current.state).toBe('ACTIVE');
    expect(replayed.state).toStrictEqual(driver.current);
    expect(replayed.records).toStrictEqual(driver.records);
  });

  it('replays to the same state even when the live run restored from JSON in between', async () => {
    // given
    const driver = await startInstance('rehydration.userTask');
    driver.state = JSON.parse(JSON.stringify(driver.current)) as InstanceState;
    driver.run({
      type: 'userTask.update',
      userTaskKey: driver.userTask().key,
      changeset: { priority: 80 },
    });
    driver.state = JSON.parse(JSON.stringify(driver.current)) as InstanceState;
    driver.completeUserTask('review', { approved: false });

    // when
    const replayed = replay(driver.definition, driver.sent);

    // then
    expect(replayed.state).toStrictEqual(driver.current);
    expect(replayed.records).toStrictEqual(driver.records);
  });

  it('gives different keys and dates when the contexts differ', async () => {
    // given
    const driver = await startInstance('processCommand.serviceTask');
    const [create] = driver.sent;
    const shifted: SentCommand = {
      command: create!.command,
      context: {
        now: create!.context.now + 1,
        keys: { next: create!.context.keys.next + 10, max: create!.context.keys.max + 10 },
      },
    };

    // when
    const replayed = replay(driver.definition, [shifted]);

    // then
    expect(replayed.state?.processInstanceKey).toBe(driver.processInstanceKey + 10);
    expect(replayed.state?.startDate).not.toBe(driver.current.startDate);
  });
});

describe('replay with timers, messages and signals', () => {
  it('rebuilds an instance whose cycle timer fired beside its task, restored from JSON in between', async () => {
    // given
    const driver = await startInstance('timers.nonInterruptingBoundary');
    driver.fireTimer('remind');
    driver.state = JSON.parse(JSON.stringify(driver.current)) as InstanceState;
    driver.fireTimer('remind');
    driver.now += 5_000;
    driver.completeJob('review');

    // when
    const replayed = replay(driver.definition, driver.sent);

    // then
    expect(driver.current.state).toBe('COMPLETED');
    expect(replayed.state).toStrictEqual(driver.current);
    expect(replayed.records).toStrictEqual(driver.records);
  });

  it('rebuilds an instance that took messages, a repeated one among them, through a boundary event', async () => {
    // given
    const driver = await startInstance('messages.nonInterruptingBoundary', { quoteId: 'Q-3' });
    driver.now = T0 + 1_000;
    driver.correlate('noteAdded', 7001, { note: 'one' });
    driver.correlate('noteAdded', 7001, { note: 'one' });
    driver.now = T0 + 2_000;
    driver.correlate('noteAdded', 7002, { note: 'two' });

    // when
    const replayed = replay(driver.definition, driver.sent);

    // then
    expect(driver.current.deliveries).toEqual([7001, 7002]);
    expect(replayed.state).toStrictEqual(driver.current);
    expect(replayed.records).toStrictEqual(driver.records);
  });

  it('rebuilds an event-based gateway decision and a signal started instance', async () => {
    // given
    const gateway = await startInstance('eventBasedGateway.messageOrTimer', { orderId: 'O-2' });
    gateway.now = T0 + 60_000;
    gateway.correlate('paid', 8001, { amount: 5 });
    gateway.completeJob('ship');
    const signalled = await startInstanceAt('signals.start', 'campaignStarted', { c: 1 }, 8101);
    signalled.completeJob('followUp');

    // when
    const replayedGateway = replay(gateway.definition, gateway.sent);
    const replayedSignal = replay(signalled.definition, signalled.sent);

    // then
    expect(replayedGateway.state).toStrictEqual(gateway.current);
    expect(replayedGateway.records).toStrictEqual(gateway.records);
    expect(replayedSignal.state).toStrictEqual(signalled.current);
    expect(replayedSignal.records).toStrictEqual(signalled.records);
    expect(signalled.current.state).toBe('COMPLETED');
  });
});
