/** Incidents inside nested scopes: raised on the element, resolvable where they stand. */
import { describe, expect, it } from 'vitest';
import { startInstance } from './support';

describe('an input mapping that fails inside a subprocess', () => {
  it('is an IO_MAPPING_ERROR on the inner task, resolved once the variable is set in the subprocess', async () => {
    // given a task inside a subprocess whose input mapping reads a variable nobody set
    const driver = await startInstance('incidents.nestedMapping');
    const incident = driver.incident('calculate');
    expect(incident.errorType).toBe('IO_MAPPING_ERROR');
    expect(Object.values(driver.current.jobs)).toEqual([]);

    // when the variable is set in the subprocess's scope and the incident is resolved
    const pricingKey = driver.elementKey('pricing');
    driver.run({
      type: 'variables.set',
      elementInstanceKey: pricingKey,
      variables: { discount: { rate: 0.1 } },
      local: true,
    });
    driver.run({ type: 'incident.resolve', incidentKey: incident.key });

    // then the task opens its job with the mapped rate, in the subprocess's variables
    const job = driver.job('calculate');
    expect(driver.current.variables[String(job.elementInstanceKey)]).toMatchObject({
      rate: { value: '0.1' },
    });
    expect(driver.current.incidents).toEqual({});
  });
});
