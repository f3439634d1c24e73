/**
 * M4 on both FerretDB backends: an instance bound to a client by its `clientId` start
 * variable, FEEL's `client` read per command, and the built-in `crm.*` task types run by
 * the server's own worker through the job mechanism.
 */
import { readFileSync } from 'node:fs';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../support/backends';
import { Api } from '../../support/testServer';
import {
  activate,
  deploy,
  elementInstances,
  searchAll,
  startInstance,
  variable,
  waitFor,
  waitForState,
  waitForUserTask,
} from '../concurrency/helpers';
import { expectProblem, startCrmServer, type CrmApi, type CrmServer } from './crmTestKit';

const fixture = (name: string) =>
  readFileSync(new URL(`./ProcessBinding.${name}.bpmn`, import.meta.url), 'utf8');

describe.each(backends())('process ↔ client on $name', ({ uri }) => {
  let crm: CrmServer;
  let api: CrmApi;
  let v2: Api;
  let mongo: MongoClient;

  beforeAll(async () => {
    crm = await startCrmServer(uri, 'binding');
    api = crm.api;
    v2 = new Api(crm.server.url);
    mongo = await MongoClient.connect(crm.server.mongoUri);
    await api.defineField({
      name: 'tier',
      label: 'Tier',
      type: 'enum',
      options: ['gold', 'silver'],
    });
    for (const name of ['route', 'crmTasks', 'badUpdate', 'otherType'])
      await deploy(v2, `${name}.bpmn`, fixture(name));
  });

  afterAll(async () => {
    await mongo?.close();
    await crm?.server.close();
  });

  const completeTask = async (processInstanceKey: string, elementId: string, variables = {}) => {
    const task = await waitForUserTask(v2, processInstanceKey, elementId);
    const assigned = await v2.post(`/user-tasks/${task.userTaskKey}/assignment`, {
      assignee: 'staff',
    });
    expect(assigned.status, JSON.stringify(assigned.body)).toBe(204);
    const completed = await v2
      .as('staff')
      .post(`/user-tasks/${task.userTaskKey}/completion`, { variables });
    expect(completed.status, JSON.stringify(completed.body)).toBe(204);
  };

  describe('binding at start', () => {
    it('rejects an unknown client with a 400 naming clientId, and starts nothing', async () => {
      // given
      const before = await searchAll(v2, '/process-instances/search', {});

      // when
      const response = await v2.post('/process-instances', {
        processDefinitionId: 'binding-route',
        variables: { clientId: '4503599627370999' },
      });

      // then
      expectProblem(response, 400, ['/variables/clientId']);
      expect(response.body.detail).toMatch(/clientId/);
      expect(await searchAll(v2, '/process-instances/search', {})).toHaveLength(before.length);
    });

    it('rejects an archived client and a clientId that is not an id', async () => {
      // given
      const client = await api.createClient({ name: 'Gone Ltd' });
      expect((await api.delete(`/clients/${client.id}`)).status).toBe(200);

      // when
      const archived = await v2.post('/process-instances', {
        processDefinitionId: 'binding-route',
        variables: { clientId: client.id },
      });
      const notAnId = await v2.post('/process-instances', {
        processDefinitionId: 'binding-route',
        variables: { clientId: { id: client.id } },
      });

      // then
      expectProblem(archived, 400, ['/variables/clientId']);
      expect(archived.body.detail).toMatch(/archived/);
      expectProblem(notAnId, 400, ['/variables/clientId']);
    });

    it('binds the instance: an indexed field, listed on the card, not copied into variables', async () => {
      // given
      const client = await api.createClient({ name: 'Bound plc', segment: 'smb' });

      // when
      const key = await startInstance(v2, 'binding-route', { clientId: client.id });

      // then
      const listed = await api.get(`/clients/${client.id}/process-instances`);
      expect(listed.status).toBe(200);
      expect(listed.body.items).toEqual([
        expect.objectContaining({
          processInstanceKey: key,
          processDefinitionId: 'binding-route',
          state: 'ACTIVE',
        }),
      ]);
      const row = await mongo
        .db()
        .collection('instances')
        .findOne({ _id: key as never });
      expect(row?.clientId).toBe(client.id);
      const indexes = await mongo.db().collection('instances').indexes();
      expect(indexes.some((index) => Object.keys(index.key).join() === 'clientId')).toBe(true);
      const variables = await searchAll(v2, '/variables/search', { processInstanceKey: key });
      expect(variables.map((v) => v.name).sort()).toEqual(['clientId', 'clientName']);
      expect(await variable(v2, key, 'clientName')).toBe('Bound plc');
    });
  });

  describe('client in FEEL', () => {
    it('decides on the revision current at each command and records it in the commit', async () => {
      // given: an SMB client at the start
      const client = await api.createClient({ name: 'Rising Ltd', segment: 'smb' });
      const key = await startInstance(v2, 'binding-route', { clientId: client.id });
      await waitForUserTask(v2, key, 'review');

      // when: it becomes a VIP before the task is completed
      expect((await api.patch(`/clients/${client.id}`, { segment: 'vip' })).status).toBe(200);
      await completeTask(key, 'review');

      // then
      await waitForState(v2, key, 'COMPLETED');
      const ids = (await elementInstances(v2, key)).map((row) => row.elementId);
      expect(ids).toContain('vip');
      expect(ids).not.toContain('standard');
      const commits = await mongo
        .db()
        .collection('commits')
        .find({ instanceKey: key })
        .sort({ seq: 1 })
        .toArray();
      // start, assignment, completion: each saw the revision current at its time
      expect(commits.map((commit) => [commit.clientId, commit.clientRev])).toEqual([
        [client.id, 1],
        [client.id, 2],
        [client.id, 2],
      ]);
      expect(JSON.parse(commits.at(-1)!.context).client).toMatchObject({
        id: client.id,
        rev: 2,
        record: expect.objectContaining({ segment: 'vip' }),
      });
    });

    it('keeps the instances of an archived client running, still seeing the client', async () => {
      // given
      const client = await api.createClient({ name: 'Leaving Ltd', segment: 'vip' });
      const key = await startInstance(v2, 'binding-route', { clientId: client.id });
      await waitForUserTask(v2, key, 'review');

      // when
      expect((await api.delete(`/clients/${client.id}`)).status).toBe(200);
      await completeTask(key, 'review');

      // then
      await waitForState(v2, key, 'COMPLETED');
      expect((await elementInstances(v2, key)).map((row) => row.elementId)).toContain('vip');
      const listed = await api.post('/clients/search', { q: 'Leaving' });
      expect(listed.body.items).toEqual([]);
    });
  });

  describe('built-in CRM tasks', () => {
    it('updates the client and logs the interaction, then the instance completes', async () => {
      // given
      const client = await api.createClient({ name: 'Callme GmbH', segment: 'smb' });
      const key = await startInstance(v2, 'binding-crm-tasks', { clientId: client.id });

      // when: staff works the call task
      await completeTask(key, 'call', { newSegment: 'enterprise', tier: 'gold' });

      // then
      await waitForState(v2, key, 'COMPLETED');
      const updated = await api.get(`/clients/${client.id}`);
      expect(updated.body).toMatchObject({ segment: 'enterprise', custom: { tier: 'gold' } });
      expect(updated.body.rev).toBe(2);
      expect(updated.body.updatedBy).toMatch(/binding-crm-tasks/);
      const history = await api.get(`/clients/${client.id}/interactions`);
      expect(history.status).toBe(200);
      expect(history.body.items).toEqual([
        expect.objectContaining({
          kind: 'call',
          summary: 'Called Callme GmbH, now enterprise',
          who: 'staff',
          processInstanceKey: key,
          processDefinitionId: 'binding-crm-tasks',
          elementId: 'log',
          taskName: 'Log the call',
          at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        }),
      ]);
    });

    it('turns a client validation failure into an incident naming the field, changing nothing', async () => {
      // given
      const client = await api.createClient({ name: 'Strict AG', email: 'ok@strict.example' });

      // when
      const key = await startInstance(v2, 'binding-bad-update', { clientId: client.id });

      // then
      const incident = await waitFor(async () => {
        const { body } = await v2.post('/incidents/search', {
          filter: { processInstanceKey: key },
        });
        return body.items[0];
      }, 'an incident');
      expect(incident).toMatchObject({ errorType: 'JOB_NO_RETRIES', elementId: 'update' });
      expect(incident.errorMessage).toMatch(/client field 'email'/);
      const unchanged = await api.get(`/clients/${client.id}`);
      expect(unchanged.body).toMatchObject({ rev: 1, email: 'ok@strict.example' });
    });

    it('raises an incident when the instance is not bound to a client', async () => {
      // when
      const key = await startInstance(v2, 'binding-bad-update', {});

      // then
      const incident = await waitFor(async () => {
        const { body } = await v2.post('/incidents/search', {
          filter: { processInstanceKey: key },
        });
        return body.items[0];
      }, 'an incident');
      expect(incident.errorMessage).toMatch(/needs a client.*clientId/);
    });

    it('leaves an unregistered crm.* type to external workers', async () => {
      // given
      const key = await startInstance(v2, 'binding-other-type', {});

      // when
      const jobs = await activate(v2, 'crm.partner.sync', { requestTimeout: 5_000 });

      // then
      expect(jobs.map((job) => job.processInstanceKey)).toEqual([key]);
    });
  });
});
