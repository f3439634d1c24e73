/**
 * Multi-instance activities, as Zeebe runs them: a body (`MULTI_INSTANCE_BODY`) in the
 * enclosing scope holds one inner instance per item of the input collection, all at once
 * (parallel) or one after the other (sequential). Each inner instance sees its item and
 * `loopCounter`; the output elements are collected by index into the output collection.
 */
import { describe, expect, it } from 'vitest';
import {
  processCommand,
  type CompiledDefinition,
  type InstanceState,
  type JobState,
  type RuntimeRecord,
  type Variables,
} from '../../../../runtime/src';
import {
  InstanceDriver,
  T0,
  elementStates,
  recordsOf,
  startInstance,
  type Accepted,
} from './support';

/** The open jobs of `elementId`, in the order they were created. */
function jobsOf(driver: InstanceDriver, elementId: string): JobState[] {
  return Object.values(driver.current.jobs)
    .filter((job) => job.elementId === elementId)
    .sort((a, b) => a.key - b.key);
}

function completeJob(driver: InstanceDriver, job: JobState, variables: Variables = {}): Accepted {
  return driver.run({ type: 'job.complete', jobKey: job.key, variables });
}

/** The local variables of each job's element instance (the inner instance). */
function innerVariables(driver: InstanceDriver, jobs: JobState[]) {
  return jobs.map((job) => driver.scopeVariables(job.elementInstanceKey));
}

/** The element instance rows of `elementId` recorded in `state`. */
function rowsOf(records: RuntimeRecord[], elementId: string, state: string) {
  return recordsOf(records, 'elementInstance')
    .map((record) => record.row)
    .filter((row) => row.elementId === elementId && row.state === state);
}

function bodyKey(driver: InstanceDriver, elementId: string): number {
  const bodies = Object.values(driver.current.elements).filter(
    (e) => e.elementId === elementId && e.type === 'MULTI_INSTANCE_BODY',
  );
  expect(bodies).toHaveLength(1);
  return bodies[0]!.key;
}

/**
 * Stores the state and the definition as JSON text and reads both back into a new
 * driver, as the server does between two commands.
 */
function restore(driver: InstanceDriver): InstanceDriver {
  const definition = JSON.parse(JSON.stringify(driver.definition)) as CompiledDefinition;
  const restored = new InstanceDriver(definition, { now: driver.now });
  restored.state = JSON.parse(JSON.stringify(driver.current)) as InstanceState;
  return restored;
}

describe('parallel multi-instance service task', () => {
  it('creates one job per item at once, each inner instance holding its item and loopCounter', async () => {
    // given
    const items = ['anna', 'bob', 'carl'];

    // when
    const driver = await startInstance('multiInstance.parallel', { items });

    // then
    const jobs = jobsOf(driver, 'notify');
    expect(jobs.map((job) => job.type)).toEqual(['crm.notify', 'crm.notify', 'crm.notify']);
    expect(innerVariables(driver, jobs)).toEqual([
      { item: 'anna', loopCounter: 1 },
      { item: 'bob', loopCounter: 2 },
      { item: 'carl', loopCounter: 3 },
    ]);
  });

  it('records one MULTI_INSTANCE_BODY in the process scope and one inner instance per item inside it', async () => {
    // given
    const driver = await startInstance('multiInstance.parallel', { items: ['a', 'b', 'c'] });

    // when
    const activated = rowsOf(driver.records, 'notify', 'ACTIVE');

    // then
    const body = bodyKey(driver, 'notify');
    expect(activated.map((row) => [row.type, row.scopeKey])).toEqual([
      ['MULTI_INSTANCE_BODY', driver.processInstanceKey],
      ['SERVICE_TASK', body],
      ['SERVICE_TASK', body],
      ['SERVICE_TASK', body],
    ]);
    expect(activated.every((row) => row.elementName === 'Notify contact')).toBe(true);
    expect(jobsOf(driver, 'notify').map((job) => job.elementInstanceKey)).toEqual(
      activated.slice(1).map((row) => row.key),
    );
  });

  it('collects the results in the order of the items even when the jobs complete out of order', async () => {
    // given
    const driver = await startInstance('multiInstance.parallel', { items: ['a', 'b', 'c'] });
    const [first, second, third] = jobsOf(driver, 'notify') as [JobState, JobState, JobState];

    // when
    completeJob(driver, third, { result: 'C' });
    const afterOne = driver.scopeVariables(bodyKey(driver, 'notify'));
    completeJob(driver, first, { result: 'A' });
    const last = completeJob(driver, second, { result: 'B' });

    // then
    expect(afterOne).toEqual({ results: [null, null, 'C'] });
    expect(driver.processVariables()).toMatchObject({ results: ['A', 'B', 'C'] });
    expect(driver.activeElementIds()).toEqual(['summarise']);
    expect(driver.job('summarise').type).toBe('crm.summarise');
    expect(elementStates(last.records, 'notify')).toEqual(['COMPLETED', 'COMPLETED']);
    expect(rowsOf(last.records, 'notify', 'COMPLETED').map((row) => row.type)).toEqual([
      'SERVICE_TASK',
      'MULTI_INSTANCE_BODY',
    ]);
  });

  it('keeps the output collection in the body until the body completes', async () => {
    // given
    const driver = await startInstance('multiInstance.parallel', { items: ['a', 'b'] });
    const [first] = jobsOf(driver, 'notify') as [JobState];

    // when
    completeJob(driver, first, { result: 'A' });

    // then
    expect(driver.processVariables()).not.toHaveProperty('results');
    expect(driver.activeElementIds()).toEqual(['notify', 'notify']);
  });

  it('completes the body at once for an empty collection, with an empty output collection', async () => {
    // given
    const items: string[] = [];

    // when
    const driver = await startInstance('multiInstance.parallel', { items });

    // then
    expect(jobsOf(driver, 'notify')).toEqual([]);
    expect(rowsOf(driver.records, 'notify', 'ACTIVE').map((row) => row.type)).toEqual([
      'MULTI_INSTANCE_BODY',
    ]);
    expect(elementStates(driver.records, 'notify')).toEqual(['ACTIVE', 'COMPLETED']);
    expect(driver.processVariables()).toMatchObject({ results: [] });
    expect(driver.activeElementIds()).toEqual(['summarise']);
  });
});

describe('sequential multi-instance service task', () => {
  it('creates one job at a time and the next one only after the previous completes', async () => {
    // given
    const driver = await startInstance('multiInstance.sequential', {
      items: ['anna', 'bob', 'carl'],
    });
    const seen: unknown[] = [];

    // when
    for (const result of ['A', 'B', 'C']) {
      const jobs = jobsOf(driver, 'call');
      expect(jobs).toHaveLength(1);
      seen.push(...innerVariables(driver, jobs));
      completeJob(driver, jobs[0]!, { result });
    }

    // then
    expect(seen).toEqual([
      { item: 'anna', loopCounter: 1 },
      { item: 'bob', loopCounter: 2 },
      { item: 'carl', loopCounter: 3 },
    ]);
    expect(driver.processVariables()).toMatchObject({ results: ['A', 'B', 'C'] });
    expect(driver.activeElementIds()).toEqual(['summarise']);
    const body = rowsOf(driver.records, 'call', 'ACTIVE')[0];
    expect(body?.type).toBe('MULTI_INSTANCE_BODY');
    expect(rowsOf(driver.records, 'call', 'ACTIVE').map((row) => row.scopeKey)).toEqual([
      driver.processInstanceKey,
      body?.key,
      body?.key,
      body?.key,
    ]);
  });

  it('runs only the body and one inner instance while waiting', async () => {
    // given
    const driver = await startInstance('multiInstance.sequential', { items: [1, 2] });

    // when
    const elements = Object.values(driver.current.elements).filter((e) => e.elementId === 'call');

    // then
    expect(elements.map((e) => e.type).sort()).toEqual(['MULTI_INSTANCE_BODY', 'SERVICE_TASK']);
  });
});

describe('completion condition', () => {
  it('terminates the remaining inner instances and completes the body once the condition holds', async () => {
    // given
    const driver = await startInstance('multiInstance.completionCondition', {
      items: ['s1', 's2', 's3'],
    });
    const [first, second, third] = jobsOf(driver, 'quote') as [JobState, JobState, JobState];

    // when
    completeJob(driver, second, { result: 20 });
    const stillRunning = jobsOf(driver, 'quote').length;
    const done = completeJob(driver, first, { result: 10 });

    // then
    expect(stillRunning).toBe(2);
    expect(jobsOf(driver, 'quote')).toEqual([]);
    expect(recordsOf(done.records, 'job').map((r) => [r.row.key, r.state])).toEqual(
      expect.arrayContaining([
        [first.key, 'COMPLETED'],
        [third.key, 'CANCELED'],
      ]),
    );
    expect(rowsOf(done.records, 'quote', 'TERMINATED').map((row) => row.key)).toEqual([
      third.elementInstanceKey,
    ]);
    expect(rowsOf(done.records, 'quote', 'COMPLETED').map((row) => row.type)).toEqual([
      'SERVICE_TASK',
      'MULTI_INSTANCE_BODY',
    ]);
    expect(driver.processVariables()).toMatchObject({ results: [10, 20, null] });
    expect(driver.activeElementIds()).toEqual(['compare']);
  });

  it('sees numberOfInstances, numberOfCompletedInstances, numberOfActiveInstances and numberOfTerminatedInstances', async () => {
    // given: the condition holds only for 3 instances, 1 completed, 2 active, 0 terminated
    const driver = await startInstance('multiInstance.loopVariables', { items: [1, 2, 3] });
    const [first] = jobsOf(driver, 'quote') as [JobState];

    // when
    completeJob(driver, first);

    // then
    expect(jobsOf(driver, 'quote')).toEqual([]);
    expect(driver.activeElementIds()).toEqual(['compare']);
  });

  it('raises an incident for a failing condition and counts the completed instance once after resolving', async () => {
    // given: `limit` is missing, so the condition cannot be evaluated
    const driver = await startInstance('multiInstance.failingCondition', { items: [1, 2, 3] });
    const [first, second, third] = jobsOf(driver, 'quote') as [JobState, JobState, JobState];
    completeJob(driver, first, { result: 'A' });
    const incident = driver.incident('quote');

    // when
    driver.setProcessVariables({ limit: 2 });
    driver.resolveIncident('quote');
    const afterResolve = jobsOf(driver, 'quote').map((job) => job.key);
    completeJob(driver, second, { result: 'B' });

    // then
    expect(incident.errorType).toBe('CONDITION_ERROR');
    expect(incident.elementInstanceKey).toBe(first.elementInstanceKey);
    expect(afterResolve).toEqual([second.key, third.key]);
    expect(jobsOf(driver, 'quote')).toEqual([]);
    expect(driver.processVariables()).toMatchObject({ results: ['A', 'B', null] });
    expect(driver.activeElementIds()).toEqual(['compare']);
  });
});

describe('input collection that is not a list', () => {
  it.each([
    [5, 'NUMBER'],
    ['a, b', 'STRING'],
    [null, 'NULL'],
  ])('raises an EXTRACT_VALUE_ERROR incident on the body for %j', async (items, type) => {
    // given
    const variables = { items };

    // when
    const driver = await startInstance('multiInstance.parallel', variables);

    // then
    const incident = driver.incident('notify');
    expect(incident).toMatchObject({
      errorType: 'EXTRACT_VALUE_ERROR',
      errorMessage: `Expected result of the expression 'items' to be 'ARRAY', but was '${type}'.`,
      elementInstanceKey: bodyKey(driver, 'notify'),
    });
    expect(jobsOf(driver, 'notify')).toEqual([]);
    expect(driver.activeElementIds()).toEqual(['notify']);
  });

  it('creates the inner instances once the variable is a list and the incident is resolved', async () => {
    // given
    const driver = await startInstance('multiInstance.parallel', { items: 5 });

    // when
    driver.setProcessVariables({ items: ['x', 'y'] });
    driver.resolveIncident('notify');

    // then
    expect(driver.current.incidents).toEqual({});
    const jobs = jobsOf(driver, 'notify');
    expect(innerVariables(driver, jobs)).toEqual([
      { item: 'x', loopCounter: 1 },
      { item: 'y', loopCounter: 2 },
    ]);
    completeJob(driver, jobs[0]!, { result: 1 });
    completeJob(driver, jobs[1]!, { result: 2 });
    expect(driver.processVariables()).toMatchObject({ results: [1, 2] });
    expect(driver.activeElementIds()).toEqual(['summarise']);
  });
});

describe('input and output mappings of a multi-instance activity', () => {
  it('applies the input mappings per inner instance, where the item and loopCounter are visible', async () => {
    // given
    const contacts = [{ name: 'Anna' }, { name: 'Bob' }];

    // when
    const driver = await startInstance('multiInstance.inputMappings', { contacts });

    // then
    expect(innerVariables(driver, jobsOf(driver, 'greet'))).toEqual([
      { item: { name: 'Anna' }, loopCounter: 1, contactName: 'Anna', position: 10 },
      { item: { name: 'Bob' }, loopCounter: 2, contactName: 'Bob', position: 20 },
    ]);
  });

  it('applies the output mappings per inner instance and collects the output element from its scope', async () => {
    // given
    const driver = await startInstance('multiInstance.outputMappings', {
      contacts: [{ name: 'Anna' }, { name: 'Bob' }],
    });
    const [anna, bob] = jobsOf(driver, 'greet') as [JobState, JobState];

    // when
    completeJob(driver, bob, { greeting: 'Hi Bob' });
    completeJob(driver, anna, { greeting: 'Hi Anna' });

    // then
    const variables = driver.processVariables();
    expect(variables).toMatchObject({ greetings: ['Hi Anna', 'Hi Bob'], lastGreeting: 'Hi Anna' });
    // with output mappings the job's variables stay in the inner instance
    expect(variables).not.toHaveProperty('greeting');
    expect(driver.activeElementIds()).toEqual(['archive']);
  });
});

describe('boundary events of a multi-instance activity', () => {
  it('arms one timer for the body, which lasts while the inner instances complete', async () => {
    // given
    const driver = await startInstance('multiInstance.boundaryTimer', { items: ['a', 'b', 'c'] });
    const [first] = jobsOf(driver, 'call') as [JobState];

    // when
    completeJob(driver, first);

    // then
    const timer = driver.timer('timeout');
    expect(timer.elementInstanceKey).toBe(bodyKey(driver, 'call'));
    expect(timer.dueDate).toBe(T0 + 60 * 60_000);
  });

  it('terminates every inner instance and the body when the interrupting timer fires', async () => {
    // given
    const driver = await startInstance('multiInstance.boundaryTimer', { items: ['a', 'b', 'c'] });
    const jobKeys = jobsOf(driver, 'call').map((job) => job.key);

    // when
    const fired = driver.fireTimer('timeout');

    // then
    expect(jobsOf(driver, 'call')).toEqual([]);
    const canceled = recordsOf(fired.records, 'job').filter((r) => r.state === 'CANCELED');
    expect(canceled.map((r) => r.row.key).sort()).toEqual([...jobKeys].sort());
    const terminated = rowsOf(fired.records, 'call', 'TERMINATED').map((row) => row.type);
    expect(terminated).toEqual([
      'SERVICE_TASK',
      'SERVICE_TASK',
      'SERVICE_TASK',
      'MULTI_INSTANCE_BODY',
    ]);
    expect(driver.activeElementIds()).toEqual(['escalate']);
  });

  it('catches an error thrown by one inner job at the body, terminating the other inner instances', async () => {
    // given
    const driver = await startInstance('multiInstance.errorBoundary', { items: ['a', 'b', 'c'] });
    const [, second] = jobsOf(driver, 'call') as [JobState, JobState, JobState];

    // when
    const thrown = driver.run({
      type: 'job.throwError',
      jobKey: second.key,
      errorCode: 'UNREACHABLE',
      errorMessage: 'no answer',
      variables: {},
    });

    // then
    expect(jobsOf(driver, 'call')).toEqual([]);
    expect(
      rowsOf(thrown.records, 'call', 'TERMINATED')
        .map((row) => row.type)
        .sort(),
    ).toEqual(['MULTI_INSTANCE_BODY', 'SERVICE_TASK', 'SERVICE_TASK', 'SERVICE_TASK']);
    expect(elementStates(thrown.records, 'unreachable')).toEqual(['ACTIVE', 'COMPLETED']);
    expect(driver.activeElementIds()).toEqual(['giveUp']);
  });

  it('closes the timer when the body completes', async () => {
    // given
    const driver = await startInstance('multiInstance.boundaryTimer', { items: ['a', 'b'] });

    // when
    for (const job of jobsOf(driver, 'call')) completeJob(driver, job);

    // then
    expect(driver.current.timers).toEqual({});
    expect(driver.current.state).toBe('COMPLETED');
  });
});

describe('multi-instance embedded subprocess', () => {
  it('runs one subprocess scope per item, each with its item, inside the body', async () => {
    // given
    const accounts = [{ id: 'A-1' }, { id: 'A-2' }];

    // when
    const driver = await startInstance('multiInstance.subProcess', { accounts });

    // then
    const body = bodyKey(driver, 'onboard');
    const activated = rowsOf(driver.records, 'onboard', 'ACTIVE');
    expect(activated.map((row) => [row.type, row.scopeKey])).toEqual([
      ['MULTI_INSTANCE_BODY', driver.processInstanceKey],
      ['SUB_PROCESS', body],
      ['SUB_PROCESS', body],
    ]);
    const jobs = jobsOf(driver, 'setUp');
    const scopes = jobs.map(
      (job) => driver.current.elements[String(job.elementInstanceKey)]?.scopeKey,
    );
    expect(scopes).toEqual(activated.slice(1).map((row) => row.key));
    expect(scopes.map((key) => driver.scopeVariables(key!))).toEqual([
      { account: { id: 'A-1' }, loopCounter: 1 },
      { account: { id: 'A-2' }, loopCounter: 2 },
    ]);
  });

  it('completes the body after every subprocess ends, collecting outputs by index', async () => {
    // given
    const driver = await startInstance('multiInstance.subProcess', {
      accounts: [{ id: 'A-1' }, { id: 'A-2' }],
    });
    const [first, second] = jobsOf(driver, 'setUp') as [JobState, JobState];

    // when: the second account is onboarded first
    completeJob(driver, second);
    completeJob(driver, jobsOf(driver, 'assign')[0]!, { owner: 'bob' });
    const midway = driver.activeElementIds();
    completeJob(driver, first);
    completeJob(driver, jobsOf(driver, 'assign')[0]!, { owner: 'anna' });

    // then
    expect(midway).toEqual(['onboard', 'onboard', 'setUp']);
    expect(driver.processVariables()).toMatchObject({ owners: ['anna', 'bob'] });
    expect(driver.activeElementIds()).toEqual(['report']);
    expect(rowsOf(driver.records, 'onboard', 'COMPLETED').map((row) => row.type)).toEqual([
      'SUB_PROCESS',
      'SUB_PROCESS',
      'MULTI_INSTANCE_BODY',
    ]);
  });
});

describe('multi-instance subprocess with an event subprocess', () => {
  it('arms the event subprocess once per inner subprocess, not for the body', async () => {
    // given
    const accounts = [{ id: 'A-1' }, { id: 'A-2' }];

    // when
    const driver = await startInstance('multiInstance.eventSubProcess', { accounts });

    // then
    const owners = Object.values(driver.current.timers).map((timer) => timer.elementInstanceKey);
    const inners = jobsOf(driver, 'setUp').map(
      (job) => driver.current.elements[String(job.elementInstanceKey)]?.scopeKey,
    );
    expect(owners.sort()).toEqual([...inners].sort());
  });

  it('runs the triggered event subprocess inside its inner subprocess, which sees the item', async () => {
    // given
    const driver = await startInstance('multiInstance.eventSubProcess', {
      accounts: [{ id: 'A-1' }, { id: 'A-2' }],
    });
    const [first] = jobsOf(driver, 'setUp') as [JobState];
    const inner = driver.current.elements[String(first.elementInstanceKey)]!.scopeKey!;
    const timer = Object.values(driver.current.timers).find((t) => t.elementInstanceKey === inner);

    // when
    driver.now = timer!.dueDate;
    driver.run({ type: 'timer.trigger', timerKey: timer!.key });

    // then
    const nudge = driver.job('nudge');
    const scope = driver.current.elements[String(nudge.elementInstanceKey)]?.scopeKey;
    expect(driver.current.elements[String(scope)]?.scopeKey).toBe(inner);
    expect(driver.scopeVariables(inner)).toMatchObject({ account: { id: 'A-1' } });
    expect(jobsOf(driver, 'setUp')).toHaveLength(2);
  });
});

describe('multi-instance Camunda user task', () => {
  it('creates one user task per item, assigned from the item, and collects the decisions', async () => {
    // given
    const driver = await startInstance('multiInstance.userTask', { approvers: ['anna', 'bob'] });
    const tasks = Object.values(driver.current.userTasks).sort((a, b) => a.key - b.key);

    // when
    const byAssignee = new Map(tasks.map((task) => [task.assignee, task.key]));
    driver.run({
      type: 'userTask.complete',
      userTaskKey: byAssignee.get('bob')!,
      variables: { approved: false },
    });
    driver.run({
      type: 'userTask.complete',
      userTaskKey: byAssignee.get('anna')!,
      variables: { approved: true },
    });

    // then
    expect(tasks.map((task) => task.assignee)).toEqual(['anna', 'bob']);
    expect(tasks.map((task) => driver.definition.elements[task.elementId]?.type)).toEqual([
      'USER_TASK',
      'USER_TASK',
    ]);
    expect(driver.processVariables()).toMatchObject({ decisions: [true, false] });
    expect(driver.current.userTasks).toEqual({});
    expect(driver.activeElementIds()).toEqual(['apply']);
  });
});

describe('persist → restore → continue in a sequential multi-instance', () => {
  it('goes on with the next item after the state and definition are restored from JSON', async () => {
    // given
    let driver = await startInstance('multiInstance.sequential', { items: ['a', 'b', 'c'] });
    completeJob(driver, jobsOf(driver, 'call')[0]!, { result: 1 });

    // when
    driver = restore(driver);
    const second = jobsOf(driver, 'call');
    completeJob(driver, second[0]!, { result: 2 });
    driver = restore(driver);
    const third = jobsOf(driver, 'call');
    completeJob(driver, third[0]!, { result: 3 });
    driver = restore(driver);

    // then
    expect(second).toHaveLength(1);
    expect(third).toHaveLength(1);
    expect(driver.processVariables()).toMatchObject({ results: [1, 2, 3] });
    expect(driver.activeElementIds()).toEqual(['summarise']);
  });

  it('gives the same result from the JSON text as from the live state and definition', async () => {
    // given
    const driver = await startInstance('multiInstance.sequential', { items: ['a', 'b', 'c'] });
    completeJob(driver, jobsOf(driver, 'call')[0]!, { result: 1 });
    const command = {
      type: 'job.complete' as const,
      jobKey: jobsOf(driver, 'call')[0]!.key,
      variables: { result: 2 },
    };
    const context = driver.nextContext();

    // when
    const live = processCommand(driver.definition, driver.current, command, context);
    const restored = restore(driver);
    const fromText = processCommand(restored.definition, restored.current, command, context);

    // then
    expect(fromText).toStrictEqual(live);
    expect(fromText.ok).toBe(true);
    const next = restore(driver);
    next.run(command);
    expect(innerVariables(next, jobsOf(next, 'call'))).toEqual([{ item: 'c', loopCounter: 3 }]);
  });
});
