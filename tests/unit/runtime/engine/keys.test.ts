/**
 * D3: keys come from the range handed to the command; element-instance keys increase in
 * activation order, and the process instance key is the root element instance's key.
 */
import { describe, expect, it } from 'vitest';
import {
  KeyRangeExhaustedError,
  processCommand,
  type RuntimeRecord,
} from '../../../../runtime/src';
import { FIRST_KEY, T0, createCommand, loadDefinition, recordsOf, startInstance } from './support';

/** Every key a record names as its own (element instances, variables, jobs, tasks, incidents). */
function ownKeys(records: RuntimeRecord[]): number[] {
  return records.flatMap((record) =>
    'row' in record ? [record.row.key] : record.kind === 'signal' ? [record.signalKey] : [],
  );
}

type KeyedRecord = Extract<RuntimeRecord, { row: unknown }>;

/** What a record is about, whatever its state: the same entity always gives the same text. */
function ownerOf(record: KeyedRecord): string {
  switch (record.kind) {
    case 'elementInstance':
      return `element ${record.row.elementId} in ${record.row.scopeKey}`;
    case 'variable':
      return `variable ${record.row.name} in ${record.row.scopeKey}`;
    case 'job':
    case 'userTask':
      return `${record.kind} of ${record.row.elementInstanceKey}`;
    case 'incident':
      return `incident ${record.row.errorType} of ${record.row.elementInstanceKey}`;
    case 'timer':
    case 'messageSubscription':
    case 'signalSubscription':
      return `${record.kind} ${record.row.elementId} of ${record.row.elementInstanceKey}`;
  }
}

describe('keys', () => {
  it('makes the first key of the range the process instance key and the root element key', async () => {
    // when
    const driver = await startInstance('processCommand.serviceTask');

    // then
    expect(driver.processInstanceKey).toBe(FIRST_KEY);
    const root = recordsOf(driver.records, 'elementInstance')[0]?.row;
    expect(root).toMatchObject({ type: 'PROCESS', key: FIRST_KEY, scopeKey: null });
    expect(driver.current.elements[String(FIRST_KEY)]?.type).toBe('PROCESS');
  });

  it('gives element instances increasing keys in activation order, across commands', async () => {
    // given
    const driver = await startInstance('parallelGateway.forkJoin');

    // when
    driver.completeJob('welcome');
    driver.completeJob('contract');
    driver.completeJob('activate');

    // then
    const activations = recordsOf(driver.records, 'elementInstance')
      .filter((r) => r.row.state === 'ACTIVE' && r.row.incidentKey === null)
      .map((r) => r.row);
    const firstSeen = [...new Map(activations.map((row) => [row.key, row])).values()];
    expect(firstSeen.map((row) => row.elementId)).toEqual([
      'onboard',
      'start',
      'fork',
      'contract',
      'welcome',
      'join',
      'activate',
      'end',
    ]);
    const keys = firstSeen.map((row) => row.key);
    expect(keys).toEqual([...keys].sort((a, b) => a - b));
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('never gives two entities the same key', async () => {
    // given
    const driver = await startInstance('cancelInstance.parallelWork', { client: 'C-1' });

    // when
    driver.completeJob('acknowledge', { acknowledged: true });
    driver.setProcessVariables({ amount: 3 });
    driver.resolveIncident('refund');
    driver.completeUserTask('investigate', { finding: 'ok' });

    // then
    const owners = new Map<number, Set<string>>();
    for (const record of driver.records) {
      if (!('row' in record)) continue;
      const owner = ownerOf(record);
      owners.set(record.row.key, (owners.get(record.row.key) ?? new Set()).add(owner));
    }
    const shared = [...owners].filter(([, names]) => names.size > 1);
    expect(shared).toEqual([]);
    expect(Math.max(...ownKeys(driver.records))).toBe(driver.current.lastKey);
  });

  it('takes the keys of new entities from the range of the command', async () => {
    // given
    const driver = await startInstance('processCommand.serviceTask');
    const used = new Set(ownKeys(driver.records));
    const next = driver.current.lastKey + 500;
    const keys = { next, max: next + 9 };

    // when
    const completed = driver.run(
      { type: 'job.complete', jobKey: driver.job().key, variables: { a: 1 } },
      { keys },
    );

    // then: the variable and the end event are new
    const fresh = new Set(ownKeys(completed.records).filter((key) => !used.has(key)));
    expect([...fresh]).toEqual([next, next + 1]);
    expect(completed.state.lastKey).toBe(next + 1);
  });

  it('throws KeyRangeExhaustedError when the range runs out', async () => {
    // given: the root, one variable and the start event need three keys
    const definition = await loadDefinition('processCommand.serviceTask');

    // when
    const create = () =>
      processCommand(definition, null, createCommand({ a: 1 }), {
        now: T0,
        keys: { next: 100, max: 101 },
      });

    // then
    expect(create).toThrow(KeyRangeExhaustedError);
  });

  it('leaves the given state as it was when a later command runs out of keys', async () => {
    // given
    const driver = await startInstance('processCommand.serviceTask');
    const before = structuredClone(driver.current);
    const next = driver.current.lastKey + 1;

    // when
    const complete = () =>
      processCommand(
        driver.definition,
        driver.current,
        { type: 'job.complete', jobKey: driver.job().key, variables: {} },
        { now: T0, keys: { next, max: next - 1 } },
      );

    // then
    expect(complete).toThrow(KeyRangeExhaustedError);
    expect(driver.current).toEqual(before);
  });

  it('accepts an empty range for a command that needs no keys', async () => {
    // given
    const driver = await startInstance('rehydration.userTask');
    const next = driver.current.lastKey + 1;

    // when
    const assigned = driver.run(
      {
        type: 'userTask.assign',
        userTaskKey: driver.userTask().key,
        assignee: 'carl',
        allowOverride: true,
      },
      { keys: { next, max: next - 1 } },
    );

    // then
    expect(assigned.state.lastKey).toBe(next - 1);
    expect(driver.userTask().assignee).toBe('carl');
  });

  // Bug: nothing checks that the range starts above `state.lastKey`; a stale range makes
  // Execution.nextKey hand out keys the instance already uses (here the end event gets the
  // process instance key), so element rows and variables collide. Throwing, rejecting or
  // skipping the used keys would all pass.
  it('never gives a new entity a key the instance already used', async () => {
    // given
    const driver = await startInstance('processCommand.serviceTask', { a: 1 });
    const used = new Set(ownKeys(driver.records));
    const stale = { next: FIRST_KEY, max: FIRST_KEY + 999 };

    // when: the create command's range is handed out again
    let records: RuntimeRecord[] = [];
    try {
      const result = processCommand(
        driver.definition,
        driver.current,
        { type: 'job.complete', jobKey: driver.job().key, variables: { b: 2 } },
        { now: T0, keys: stale },
      );
      if (result.ok) records = result.records;
    } catch {
      // refusing the range is fine too
    }

    // then
    const end = recordsOf(records, 'elementInstance').filter((r) => r.row.elementId === 'end');
    const b = recordsOf(records, 'variable').filter((r) => r.row.name === 'b');
    const fresh = [...end, ...b].map((r) => r.row.key);
    expect(fresh.filter((key) => used.has(key))).toEqual([]);
  });
});
