/**
 * D6: `now()` in FEEL reads the command's clock, which `PUT /v2/clock` pins, never the wall
 * clock of the thread that evaluates it.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../support/backends';
import type { TestServer } from '../../support/testServer';
import { deployFixtures, pinClock, resetClock, searchItems, startOn } from './support';

describe.each(backends())('the pinned clock on $name', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startOn(backend, 'clock');
    await deployFixtures(server.api, 'Clock.nowCondition');
  });
  afterEach(() => resetClock(server.api));
  afterAll(() => server?.close());

  /** Runs "Check deadline" to its end and returns the end event it reached. */
  async function endReached(): Promise<{ endEvent: string; startDate: string }> {
    const answer = await server.api.post('/process-instances', {
      processDefinitionId: 'clock-now-condition',
      awaitCompletion: true,
      requestTimeout: 5_000,
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    const key = answer.body.processInstanceKey;
    const [end] = await searchItems(server.api, '/element-instances/search', {
      filter: { processInstanceKey: key, type: 'END_EVENT' },
    });
    const instance = await server.api.get(`/process-instances/${key}`);
    return { endEvent: end.elementId, startDate: instance.body.startDate };
  }

  it('takes the "late" branch when the clock is pinned past the deadline', async () => {
    // given the clock pinned after 2040-01-01
    await pinClock(server.api, '2041-06-01T12:00:00.000Z');
    // when
    const reached = await endReached();
    // then now() saw the pinned instant, and so did the instance's dates
    expect(reached.endEvent).toBe('EndEvent_Late');
    expect(reached.startDate).toBe('2041-06-01T12:00:00.000Z');
  });

  it('takes the "in time" branch when the clock is pinned before the deadline', async () => {
    // given
    await pinClock(server.api, '2039-12-31T23:59:59.000Z');
    // when / then
    expect((await endReached()).endEvent).toBe('EndEvent_InTime');
  });

  it('follows the real time again after a reset', async () => {
    // given a clock pinned late, then reset
    await pinClock(server.api, '2041-06-01T12:00:00.000Z');
    await resetClock(server.api);
    // when
    const reached = await endReached();
    // then today is before 2040
    expect(reached.endEvent).toBe('EndEvent_InTime');
    expect(Math.abs(Date.parse(reached.startDate) - Date.now())).toBeLessThan(60_000);
  });
});
