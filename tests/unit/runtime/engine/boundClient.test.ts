/**
 * M4: an instance bound to a client sees it as `client` in FEEL, as of the revision the
 * server hands in with each command; the client is never copied into variables.
 */
import { describe, expect, it } from 'vitest';
import { processCommand, type BoundClient } from '../../../../runtime/src';
import { createCommand, elementStates, InstanceDriver, loadDefinition } from './support';

function revision(rev: number, fields: Record<string, unknown>): BoundClient {
  return {
    id: '4503599627370497',
    rev,
    record: { id: '4503599627370497', rev, name: 'Acme Ltd', custom: { tier: 'gold' }, ...fields },
  };
}

async function startBound(client: BoundClient | null, variables: Record<string, unknown> = {}) {
  const driver = new InstanceDriver(await loadDefinition('boundClient'));
  driver.run(createCommand(variables), { client });
  return driver;
}

describe('bound client', () => {
  it('binds the instance to the client of its start command', async () => {
    // when
    const driver = await startBound(revision(1, { segment: 'smb' }), {
      clientId: '4503599627370497',
    });

    // then
    expect(driver.current.clientId).toBe('4503599627370497');
    expect(driver.processVariables()).toEqual({ clientId: '4503599627370497' });
  });

  it('lets input mappings read the client, built-in and custom fields', async () => {
    // when
    const driver = await startBound(revision(1, { segment: 'smb' }));

    // then
    const review = driver.elementKey('review');
    expect(driver.scopeVariables(review)).toEqual({ clientName: 'Acme Ltd', tier: 'gold' });
  });

  it('decides a condition on the revision handed in with that command', async () => {
    // given: the client was an SMB at the start
    const driver = await startBound(revision(1, { segment: 'smb' }));

    // when: by the time the task completes it has become a VIP (revision 2)
    const userTaskKey = driver.userTask('review').key;
    driver.run(
      { type: 'userTask.complete', userTaskKey, variables: {} },
      { client: revision(2, { segment: 'vip' }) },
    );

    // then
    expect(elementStates(driver.records, 'vip')).toEqual(['ACTIVE', 'COMPLETED']);
    expect(elementStates(driver.records, 'standard')).toEqual([]);
  });

  it('gives an unbound instance no client', async () => {
    // when
    const driver = await startBound(null);
    driver.completeUserTask('review');

    // then
    expect(driver.current.clientId).toBeUndefined();
    expect(driver.scopeVariables(driver.processInstanceKey)).toEqual({});
    expect(elementStates(driver.records, 'standard')).toEqual(['ACTIVE', 'COMPLETED']);
  });

  it('shows the bound client rather than a variable called client', async () => {
    // when
    const driver = await startBound(revision(1, { segment: 'vip' }), {
      client: { segment: 'smb', name: 'Impostor' },
    });
    expect(driver.processVariables().client).toEqual({ segment: 'smb', name: 'Impostor' });
    const userTaskKey = driver.userTask('review').key;
    driver.run(
      { type: 'userTask.complete', userTaskKey, variables: {} },
      { client: revision(1, { segment: 'vip' }) },
    );

    // then
    expect(elementStates(driver.records, 'vip')).toEqual(['ACTIVE', 'COMPLETED']);
  });

  it('ignores a client handed in for another instance', async () => {
    // given: bound to one client
    const driver = await startBound(revision(1, { segment: 'smb' }));
    const other: BoundClient = { id: '9', rev: 1, record: { segment: 'vip' } };

    // when
    const userTaskKey = driver.userTask('review').key;
    driver.run({ type: 'userTask.complete', userTaskKey, variables: {} }, { client: other });

    // then
    expect(elementStates(driver.records, 'standard')).toEqual(['ACTIVE', 'COMPLETED']);
  });

  it('replays exactly from the commands and their recorded client revisions', async () => {
    // given
    const driver = await startBound(revision(1, { segment: 'smb' }));
    const userTaskKey = driver.userTask('review').key;
    driver.run(
      { type: 'userTask.complete', userTaskKey, variables: {} },
      { client: revision(2, { segment: 'vip' }) },
    );

    // when
    let state = null;
    for (const { command, context } of driver.sent) {
      const result = processCommand(driver.definition, state, command, structuredClone(context));
      if (!result.ok) throw new Error(result.rejection.message);
      state = result.state;
    }

    // then
    expect(state).toEqual(driver.current);
  });
});
