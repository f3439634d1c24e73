import { describe, expect, it } from 'vitest';
import { elementStates, recordsOf, startInstance } from './support';

const customer = { customer: { name: 'Ada' }, amount: 250 };

describe('input mappings', () => {
  it('creates local variables on the task, visible from the scope its job runs in', async () => {
    // when
    const driver = await startInstance('variables.inputMappings', customer);

    // then
    const job = driver.job('quote');
    expect(driver.scopeVariables(job.elementInstanceKey)).toEqual({
      clientName: 'Ada',
      label: 'Ada (VIP)',
      currency: 'EUR',
      order: { total: 250 },
    });
    expect(driver.processVariables()).toEqual(customer);
  });

  it('drops the local variables when the task completes', async () => {
    // given
    const driver = await startInstance('variables.inputMappings', customer);
    const taskKey = driver.elementKey('quote');

    // when
    driver.completeJob('quote');

    // then
    expect(driver.activeElementIds()).toEqual(['hold']);
    expect(driver.current.variables[String(taskKey)]).toBeUndefined();
    expect(driver.processVariables()).toEqual(customer);
  });

  it('raises an IO_MAPPING_ERROR incident instead of a job when an input fails', async () => {
    // when: `amount * 2` without an amount
    const driver = await startInstance('variables.failingMappings');

    // then
    const incident = driver.incident('price');
    expect(incident.errorType).toBe('IO_MAPPING_ERROR');
    expect(incident.errorMessage).toContain('amount * 2');
    expect(driver.current.jobs).toEqual({});
    expect(driver.activeElementIds()).toEqual(['price']);
  });

  it('applies the inputs again and opens the job when the incident is resolved', async () => {
    // given
    const driver = await startInstance('variables.failingMappings');

    // when
    driver.setProcessVariables({ amount: 21 });
    driver.resolveIncident('price');

    // then
    const job = driver.job('price');
    expect(driver.scopeVariables(job.elementInstanceKey)).toEqual({ doubled: 42 });
    expect(driver.current.incidents).toEqual({});
  });
});

describe('output mappings', () => {
  const lead = { lead: { id: 'L-1', owner: 'anna' } };

  it('merges the mapped values into the process scope and nothing else', async () => {
    // given
    const driver = await startInstance('variables.outputMappings', lead);

    // when
    driver.completeJob('score', { result: { score: 87, status: 'hot' }, raw: 'x' });

    // then
    expect(driver.processVariables()).toEqual({
      lead: { id: 'L-1', owner: 'anna', score: 87 },
      status: 'hot',
    });
  });

  it('creates the object of a nested target that does not exist yet', async () => {
    // given
    const driver = await startInstance('variables.outputMappings');

    // when
    driver.completeJob('score', { result: { score: 10, status: 'cold' } });

    // then
    expect(driver.processVariables()).toEqual({ lead: { score: 10 }, status: 'cold' });
  });

  it('writes the job variables to the task scope first, then the mapped ones to the process', async () => {
    // given
    const driver = await startInstance('variables.outputMappings', lead);
    const taskKey = driver.elementKey('score');

    // when
    const completed = driver.completeJob('score', { result: { score: 87, status: 'hot' } });

    // then
    const rows = recordsOf(completed.records, 'variable').map((r) => [r.row.scopeKey, r.row.name]);
    expect(rows).toEqual([
      [taskKey, 'result'],
      [driver.processInstanceKey, 'lead'],
      [driver.processInstanceKey, 'status'],
    ]);
  });

  it('propagates every job variable to the process scope when there are no output mappings', async () => {
    // given
    const driver = await startInstance('variables.outputMappings', lead);
    driver.completeJob('score', { result: { score: 1, status: 'cold' } });

    // when
    driver.completeJob('enrich', { industry: 'retail', lead: { id: 'L-1', size: 'S' } });

    // then
    expect(driver.processVariables()).toEqual({
      lead: { id: 'L-1', size: 'S' },
      status: 'cold',
      industry: 'retail',
    });
  });

  it('raises an IO_MAPPING_ERROR incident when an output fails, and retries it on resolve', async () => {
    // given
    const driver = await startInstance('variables.failingMappings', { amount: 1 });

    // when: `net * 1.2` without a net
    driver.completeJob('price', {});
    const incident = driver.incident('price');
    driver.setProcessVariables({ net: 100 });
    const resolved = driver.resolveIncident('price');

    // then
    expect(incident.errorType).toBe('IO_MAPPING_ERROR');
    expect(elementStates(resolved.records, 'price')).toEqual(['ACTIVE', 'COMPLETED']);
    expect(driver.processVariables()).toMatchObject({ gross: 120 });
    expect(driver.activeElementIds()).toEqual(['hold']);
  });
});

describe('variable names', () => {
  // Bug (engine/variables.ts:33): setLocalVariable reads `scope[name]` on a plain object, so
  // a name that Object.prototype has (`constructor`, `toString`, `valueOf`) finds the
  // inherited member, takes its `key` (undefined) and stores the variable without a key.
  it('gives a variable named like an Object member its own key', async () => {
    // when
    const driver = await startInstance('variables.outputMappings', { constructor: 'Acme' });

    // then
    const row = recordsOf(driver.records, 'variable').find((r) => r.row.name === 'constructor');
    expect(row?.row.key).toEqual(expect.any(Number));
    expect(driver.current.variables[String(driver.processInstanceKey)]?.['constructor']).toEqual({
      key: row?.row.key,
      value: '"Acme"',
    });
  });

  // Bug (engine/variables.ts:57): propagateVariables looks for an owner with
  // `variables[scope]?.[name]`, which is truthy for `toString` on any existing scope; the job
  // variable lands in the task's own scope (made by its input mappings) and is dropped with it.
  it('propagates a job variable named toString to the process scope', async () => {
    // given
    const driver = await startInstance('variables.inputMappings', customer);

    // when
    driver.completeJob('quote', { toString: 'printed' });

    // then
    expect(driver.processVariables()).toMatchObject({ toString: 'printed' });
  });

  // Bug (engine/variables.ts:36): `scope['__proto__'] = …` sets the scope object's prototype
  // instead of a variable: a record is written, but the state holds nothing and loses it.
  it('keeps a variable named __proto__ that came in as JSON', async () => {
    // when
    const variables = JSON.parse('{"__proto__": {"x": 1}}') as Record<string, unknown>;
    const driver = await startInstance('variables.outputMappings', variables);

    // then
    const restored = JSON.parse(JSON.stringify(driver.current)) as typeof driver.current;
    expect(Object.keys(restored.variables[String(driver.processInstanceKey)] ?? {})).toEqual([
      '__proto__',
    ]);
  });
});
