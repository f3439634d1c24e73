import { describe, expect, it } from 'vitest';
import { processCommand } from '../../../../runtime/src';
import {
  FIRST_KEY,
  InstanceDriver,
  T0,
  createCommand,
  elementStates,
  expectRejected,
  instanceStates,
  loadDefinition,
  recordsOf,
  startInstance,
} from './support';

const FIXTURE = 'processCommand.serviceTask';

describe('processCommand: none start → service task → none end', () => {
  it('creates a job with the task type, retries and headers', async () => {
    // given
    const definition = await loadDefinition(FIXTURE);
    const driver = new InstanceDriver(definition);

    // when
    const created = driver.run(createCommand({ leadId: 'L-1' }));

    // then
    const job = driver.job('send');
    expect(job).toMatchObject({
      type: 'crm.sendOffer',
      retries: 5,
      customHeaders: { template: 'offer-v2', channel: 'email' },
      status: 'CREATED',
      elementInstanceKey: driver.elementKey('send'),
      userTask: false,
      notBefore: null,
      creationTime: new Date(T0).toISOString(),
    });
    expect(recordsOf(created.records, 'job')).toEqual([
      expect.objectContaining({ state: 'CREATED', activatable: true, endTime: null }),
    ]);
    expect(driver.current.state).toBe('ACTIVE');
    expect(driver.processVariables()).toEqual({ leadId: 'L-1' });
  });

  it('waits at the service task after the start event has completed', async () => {
    // when
    const driver = await startInstance(FIXTURE);

    // then
    expect(driver.activeElementIds()).toEqual(['send']);
    expect(elementStates(driver.records, 'start')).toEqual(['ACTIVE', 'COMPLETED']);
    expect(elementStates(driver.records, 'send')).toEqual(['ACTIVE']);
    expect(elementStates(driver.records, 'end')).toEqual([]);
    expect(instanceStates(driver.records)).toEqual(['ACTIVE']);
  });

  it('completes the instance when the job is completed with variables', async () => {
    // given
    const driver = await startInstance(FIXTURE, { leadId: 'L-1' });
    driver.now = T0 + 60_000;

    // when
    const completed = driver.completeJob('send', { offerId: 'O-7', sent: true });

    // then
    expect(driver.current.state).toBe('COMPLETED');
    expect(driver.current.endDate).toBe(new Date(T0 + 60_000).toISOString());
    expect(driver.current.elements).toEqual({});
    expect(driver.current.jobs).toEqual({});
    expect(instanceStates(completed.records)).toEqual(['COMPLETED']);
    const variables = recordsOf(completed.records, 'variable').map((r) => [
      r.row.name,
      r.row.value,
    ]);
    expect(variables).toEqual([
      ['offerId', '"O-7"'],
      ['sent', 'true'],
    ]);
    expect(recordsOf(completed.records, 'variable')[0]?.row.scopeKey).toBe(
      driver.processInstanceKey,
    );
    expect(recordsOf(completed.records, 'job')).toEqual([
      expect.objectContaining({
        state: 'COMPLETED',
        activatable: false,
        endTime: new Date(T0 + 60_000).toISOString(),
      }),
    ]);
  });

  it('records every element ACTIVE then COMPLETED, the process last', async () => {
    // given
    const driver = await startInstance(FIXTURE);

    // when
    driver.completeJob('send');

    // then
    for (const elementId of ['send-offer', 'start', 'send', 'end']) {
      expect(elementStates(driver.records, elementId)).toEqual(['ACTIVE', 'COMPLETED']);
    }
    const rows = recordsOf(driver.records, 'elementInstance').map((r) => r.row);
    expect(rows.at(-1)).toMatchObject({
      elementId: 'send-offer',
      type: 'PROCESS',
      state: 'COMPLETED',
      scopeKey: null,
      key: driver.processInstanceKey,
    });
    const children = rows.filter((row) => row.type !== 'PROCESS');
    expect(new Set(children.map((row) => row.scopeKey))).toEqual(
      new Set([driver.processInstanceKey]),
    );
    expect(rows.find((r) => r.elementId === 'send')).toMatchObject({
      type: 'SERVICE_TASK',
      elementName: 'Send offer',
    });
    expect(instanceStates(driver.records)).toEqual(['ACTIVE', 'COMPLETED']);
  });

  it('names the instance after the definition and the create command', async () => {
    // given
    const definition = await loadDefinition(FIXTURE);
    const command = { ...createCommand(), processDefinitionKey: 42, processDefinitionVersion: 3 };

    // when
    const result = processCommand(definition, null, command, {
      now: T0,
      keys: { next: FIRST_KEY, max: FIRST_KEY + 99 },
    });

    // then
    expect(result.ok && result.state).toMatchObject({
      processInstanceKey: FIRST_KEY,
      processDefinitionKey: 42,
      processDefinitionId: 'send-offer',
      processDefinitionVersion: 3,
      state: 'ACTIVE',
      startDate: new Date(T0).toISOString(),
      endDate: null,
    });
  });
});

describe('processCommand: rejections', () => {
  it('rejects a command for an instance that does not exist with NOT_FOUND', async () => {
    // given
    const definition = await loadDefinition(FIXTURE);

    // when
    const result = processCommand(
      definition,
      null,
      { type: 'instance.cancel' },
      {
        now: T0,
        keys: { next: 1, max: 10 },
      },
    );

    // then
    expectRejected(result, 'NOT_FOUND');
  });

  it('rejects creating an instance that exists with INVALID_STATE', async () => {
    // given
    const driver = await startInstance(FIXTURE);

    // when
    const result = driver.send(createCommand());

    // then
    expectRejected(result, 'INVALID_STATE');
  });

  it('rejects completing an unknown job with NOT_FOUND and leaves the state as it was', async () => {
    // given
    const driver = await startInstance(FIXTURE);
    const before = structuredClone(driver.current);

    // when
    const result = driver.send({ type: 'job.complete', jobKey: 1, variables: {} });

    // then
    expectRejected(result, 'NOT_FOUND');
    expect(driver.current).toEqual(before);
  });

  it('does not change the state it was given', async () => {
    // given
    const driver = await startInstance(FIXTURE);
    const given = driver.current;
    const before = structuredClone(given);

    // when
    const result = processCommand(
      driver.definition,
      given,
      { type: 'job.complete', jobKey: driver.job().key, variables: { done: true } },
      driver.nextContext(),
    );

    // then
    expect(result.ok && result.state.state).toBe('COMPLETED');
    expect(given).toEqual(before);
  });

  // Bug: createJob (JobWorkerBehavior.open) and UserTaskBehavior.open store the compiled
  // definition's `headers` object itself in the returned state and records, so an edit of one
  // instance's job headers changes the cached definition and every later instance.
  it('returns a state that shares no objects with the compiled definition', async () => {
    // given: a copy, so the shared cached definition stays intact if the bug is there
    const definition = structuredClone(await loadDefinition(FIXTURE));
    const first = new InstanceDriver(definition);
    first.run(createCommand());

    // when: the shell edits the row it got back
    first.job('send').customHeaders['template'] = 'edited';
    const second = new InstanceDriver(definition);
    second.run(createCommand());

    // then
    expect(second.job('send').customHeaders).toEqual({ template: 'offer-v2', channel: 'email' });
  });
});
