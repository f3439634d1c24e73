/**
 * The built-in CRM worker killed between its side effect and the job's completion: the
 * job's lease runs out, a restarted server takes the job again, and the side effect's
 * idempotency key makes the retry find the first effect — nothing is applied twice, and a
 * person's edit made in between is not overwritten.
 */
import { MongoClient } from 'mongodb';
import { afterAll, describe, expect, it } from 'vitest';
import { backends, freshDbName } from '../../support/backends';
import { databaseUri, spawnServer, type SpawnedServer } from '../../support/testServer';
import { CrmApi } from '../crm/crmTestKit';
import { deploy, expectStatus, fixture, startInstance, waitForState, within } from './helpers';

const HOUR = 3_600_000;

describe.each(backends())('CRM task crash on $name', ({ uri }) => {
  const spawned: SpawnedServer[] = [];
  afterAll(async () => {
    await Promise.all(spawned.map((server) => server.kill('SIGKILL')));
  });

  it('applies each side effect once across two kills', async () => {
    // given: a server that dies right after a client update, with hour-long leases on a
    // pinned clock, so the lease outlives the crash until the clock is moved on
    const db = databaseUri(uri, freshDbName('crmCrash'));
    const leases = { RELATA_CRM_TASK_LEASE_MS: String(HOUR) };
    const spawn = async (env: Record<string, string>) => {
      const server = await spawnServer(db, { ...leases, ...env });
      spawned.push(server);
      return server;
    };
    const first = await spawn({ RELATA_FAULT_KILL_AFTER_CRM_EFFECT: 'crm.client.update' });
    const T = Date.now();
    expectStatus(await first.api.request('PUT', '/clock', { timestamp: T }), 204, 'pin');
    await deploy(first.api, 'update-then-log.bpmn', fixture('crmTaskCrash.updateThenLog.bpmn'));
    const client = await new CrmApi(first.url).createClient({ name: 'Twice Ltd', segment: 'smb' });

    // when: the update is applied and the server dies before completing the job
    const key = await startInstance(first.api, 'crm-crash', { clientId: client.id });
    await within(first.exited, 30_000, 'the kill after the update');
    expect(first.child.signalCode).toBe('SIGKILL');

    // and a person changes the segment while the job is still leased
    const second = await spawn({ RELATA_FAULT_KILL_AFTER_CRM_EFFECT: 'crm.interaction.log' });
    const crm = new CrmApi(second.url);
    expect((await crm.get(`/clients/${client.id}`)).body.segment).toBe('enterprise');
    const edited = await crm.patch(`/clients/${client.id}`, { segment: 'key account' });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);

    // and the lease runs out: the retried update must not apply again; then the log is
    // written and the second server dies before completing that job
    expectStatus(
      await second.api.request('PUT', '/clock', { timestamp: T + 2 * HOUR }),
      204,
      'pin',
    );
    await within(second.exited, 30_000, 'the kill after the log');

    // and a third server takes the log job once its lease has run out
    const third = await spawn({});
    expectStatus(await third.api.request('PUT', '/clock', { timestamp: T + 4 * HOUR }), 204, 'pin');
    await waitForState(third.api, key, 'COMPLETED', 30_000);

    // then: the person's edit stands, one revision carries the update, one interaction
    const after = new CrmApi(third.url);
    const final = (await after.get(`/clients/${client.id}`)).body;
    expect(final).toMatchObject({ segment: 'key account', rev: 3 });
    const history = await after.get(`/clients/${client.id}/interactions`);
    expect(history.body.items.map((item: { summary: string }) => item.summary)).toEqual([
      'Promoted to enterprise',
    ]);
    const mongo = await MongoClient.connect(db);
    try {
      const revisions = await mongo
        .db()
        .collection('clientRevisions')
        .find({ clientId: client.id })
        .sort({ rev: 1 })
        .toArray();
      expect(revisions.map((revision) => [revision.rev, revision.client.segment])).toEqual([
        [1, 'smb'],
        [2, 'enterprise'],
        [3, 'key account'],
      ]);
    } finally {
      await mongo.close();
    }
    expectStatus(await third.api.post('/clock/reset'), 204, 'reset');
  }, 180_000);
});
