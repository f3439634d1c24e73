/**
 * Call activities against a real server: the parent's call activity starts an instance of
 * the called process (found by its `parentProcessInstanceKey`), passes its variables, and
 * goes on when that instance completes, with the variables it brings back. Errors thrown
 * in the called instance reach the parent's boundary events; a called process that is not
 * deployed is an incident that resolving retries.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../../support/testServer';
import {
  sequenceProcess,
  startApiServer,
  startInstance,
  unique,
  waitFor,
  worker,
} from './apiTestKit';

/** A fixture of this folder, with the given texts replaced. */
const fixture = (variant: string, replace: Record<string, string> = {}) => {
  let xml = readFileSync(new URL(`./callActivities.${variant}.bpmn`, import.meta.url), 'utf8');
  for (const [from, to] of Object.entries(replace)) xml = xml.replaceAll(from, to);
  return xml;
};

interface Instance {
  processInstanceKey: string;
  processDefinitionKey: string;
  processDefinitionId: string;
  processDefinitionVersion: number;
  state: string;
  parentProcessInstanceKey: string | null;
  parentElementInstanceKey: string | null;
}

describe('call activities', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startApiServer('call_activities');
    const { status, body } = await server.api.deploy({
      'callActivities.child.bpmn': fixture('child'),
      'callActivities.parent.bpmn': fixture('parent'),
      'callActivities.outputsOnly.bpmn': fixture('outputsOnly'),
      'callActivities.feel.bpmn': fixture('feel'),
    });
    expect(status, JSON.stringify(body)).toBe(200);
  });
  afterAll(() => server.close());

  const search = async <T>(resource: string, filter: Record<string, unknown>): Promise<T[]> => {
    const { status, body } = await server.api.post(`/${resource}/search`, {
      filter,
      page: { limit: 100 },
    });
    expect(status, JSON.stringify(body)).toBe(200);
    return body.items as T[];
  };

  const childrenOf = (parentKey: string) =>
    search<Instance>('process-instances', { parentProcessInstanceKey: parentKey });

  /** The one called instance of the parent, once it is there. */
  const childOf = (parentKey: string) =>
    waitFor(async () => {
      const children = await childrenOf(parentKey);
      expect(children.length).toBeLessThanOrEqual(1);
      return children[0];
    }, `the called instance of ${parentKey}`);

  const instance = async (key: string) =>
    (await server.api.get(`/process-instances/${key}`)).body as Instance;

  const stateBecomes = (key: string, state: string) =>
    waitFor(
      async () => ((await instance(key)).state === state ? true : undefined),
      `instance ${key} to be ${state}`,
    );

  /** Process-level variables as values. */
  const variablesOf = async (key: string) => {
    const items = await search<{ name: string; value: string }>('variables', {
      processInstanceKey: key,
      scopeKey: key,
    });
    return Object.fromEntries(items.map((item) => [item.name, JSON.parse(item.value)]));
  };

  const elementStates = async (key: string) => {
    const items = await search<{ elementId: string; state: string }>('element-instances', {
      processInstanceKey: key,
    });
    return Object.fromEntries(items.map((item) => [item.elementId, item.state]));
  };

  /** The one pack job of the called instance, once it is there. */
  const packJobOf = (childKey: string) =>
    waitFor(async () => {
      const jobs = await search<{ jobKey: string; state: string }>('jobs', {
        processInstanceKey: childKey,
        elementId: 'Task_Pack',
        state: 'CREATED',
      });
      return jobs[0];
    }, `the pack job of ${childKey}`);

  const completeJob = async (jobKey: string, variables: Record<string, unknown>) => {
    const { status, body } = await worker(server.api).post(`/jobs/${jobKey}/completion`, {
      variables,
    });
    expect(status, JSON.stringify(body)).toBe(204);
  };

  /** The parent's user task `elementId`, once it is created. */
  const userTaskOf = (key: string, elementId: string) =>
    waitFor(async () => {
      const tasks = await search<{ userTaskKey: string }>('user-tasks', {
        processInstanceKey: key,
        elementId,
        state: 'CREATED',
      });
      return tasks[0];
    }, `user task ${elementId} of ${key}`);

  const activeIncidentOf = (key: string) =>
    waitFor(async () => {
      const incidents = await search<{
        incidentKey: string;
        errorType: string;
        errorMessage: string;
        elementId: string;
      }>('incidents', { processInstanceKey: key, state: 'ACTIVE' });
      return incidents[0];
    }, `an incident on ${key}`);

  describe('a parent calling the latest version of a process by id', () => {
    it('starts the called instance with the parent’s variables, findable by its parent', async () => {
      // given / when
      const parentKey = await startInstance(server.api, 'ca-parent', { orderId: 'O-1', qty: 2 });

      // then
      const child = await childOf(parentKey);
      expect(child).toMatchObject({
        processDefinitionId: 'ca-child',
        state: 'ACTIVE',
        parentProcessInstanceKey: parentKey,
      });
      const [call] = await search<{ elementInstanceKey: string }>('element-instances', {
        processInstanceKey: parentKey,
        elementId: 'Call_Child',
      });
      expect(child.parentElementInstanceKey).toBe(call!.elementInstanceKey);
      expect(await variablesOf(child.processInstanceKey)).toEqual({ orderId: 'O-1', qty: 2 });
      expect((await instance(parentKey)).state).toBe('ACTIVE');
    });

    it('goes on with all of the called instance’s variables once it completes', async () => {
      // given
      const parentKey = await startInstance(server.api, 'ca-parent', { orderId: 'O-2' });
      const child = await childOf(parentKey);

      // when
      const job = await packJobOf(child.processInstanceKey);
      await completeJob(job.jobKey, { inStock: true, trackingId: 'T-2' });

      // then
      await stateBecomes(child.processInstanceKey, 'COMPLETED');
      await userTaskOf(parentKey, 'Task_Review');
      expect(await variablesOf(parentKey)).toEqual({
        orderId: 'O-2',
        inStock: true,
        trackingId: 'T-2',
      });
      expect(await elementStates(parentKey)).toMatchObject({
        Call_Child: 'COMPLETED',
        Task_Review: 'ACTIVE',
      });
    });

    it('goes on with the output mappings only, with propagateAllChildVariables="false"', async () => {
      // given
      const parentKey = await startInstance(server.api, 'ca-outputs-parent', { orderId: 'O-3' });
      const child = await childOf(parentKey);

      // when
      const job = await packJobOf(child.processInstanceKey);
      await completeJob(job.jobKey, { inStock: true, trackingId: 'T-3' });

      // then
      await userTaskOf(parentKey, 'Task_Review');
      expect(await variablesOf(parentKey)).toEqual({ orderId: 'O-3', tracking: 'T-3' });
    });

    it('terminates the called instance when the parent is cancelled', async () => {
      // given
      const parentKey = await startInstance(server.api, 'ca-parent', { orderId: 'O-4' });
      const child = await childOf(parentKey);
      const job = await packJobOf(child.processInstanceKey);

      // when
      const { status, body } = await server.api.post(
        `/process-instances/${parentKey}/cancellation`,
        {},
      );

      // then
      expect(status, JSON.stringify(body)).toBe(204);
      await stateBecomes(child.processInstanceKey, 'TERMINATED');
      expect((await instance(parentKey)).state).toBe('TERMINATED');
      const [jobRow] = await search<{ state: string }>('jobs', { jobKey: job.jobKey });
      expect(jobRow?.state).toBe('CANCELED');
    });

    it('lets the staff member who started the parent read the called instance', async () => {
      // given the parent startable by sales, started by a staff member
      const [definition] = await search<Instance>('process-definitions', {
        processDefinitionId: 'ca-parent',
      });
      const allowed = await server.api
        .as('analyst')
        .request(
          'PUT',
          `/process-definitions/${definition!.processDefinitionKey}/startable-by-groups`,
          {
            startableByGroups: ['sales'],
          },
        );
      expect(allowed.status).toBe(204);
      const started = await server.api.as('staff').post('/process-instances', {
        processDefinitionId: 'ca-parent',
        variables: { orderId: 'O-6' },
      });
      expect(started.status, JSON.stringify(started.body)).toBe(200);

      // when the called instance is there
      const child = await childOf(started.body.processInstanceKey as string);

      // then the staff member reads it as they read the parent
      const read = await server.api
        .as('staff')
        .get(`/process-instances/${child.processInstanceKey}`);
      expect(read.status, JSON.stringify(read.body)).toBe(200);
      expect(read.body.parentProcessInstanceKey).toBe(started.body.processInstanceKey);
    });

    it('refuses to cancel the called instance on its own, naming the root to cancel', async () => {
      // given
      const parentKey = await startInstance(server.api, 'ca-parent', { orderId: 'O-5' });
      const child = await childOf(parentKey);

      // when
      const { status, body } = await server.api.post(
        `/process-instances/${child.processInstanceKey}/cancellation`,
        {},
      );

      // then both instances are still running
      expect(status, JSON.stringify(body)).toBe(409);
      expect(body.detail).toContain(`Cancel the root process instance '${parentKey}' instead`);
      expect((await instance(child.processInstanceKey)).state).toBe('ACTIVE');
      expect((await instance(parentKey)).state).toBe('ACTIVE');
    });
  });

  it('creates a called instance whose first step needs more keys than a start claims', async () => {
    // given a called process that opens one job per contact at once (about 4 keys each)
    const deployed = await server.api.deploy({
      'callActivities.wideChild.bpmn': fixture('wideChild'),
    });
    expect(deployed.status, JSON.stringify(deployed.body)).toBe(200);
    const contacts = Array.from({ length: 520 }, (_, index) => `C-${index}`);

    // when the parent calls it
    const parentKey = await startInstance(server.api, 'ca-feel-parent', {
      childId: 'ca-wide-child',
      contacts,
    });

    // then the called instance is there once, with a job per contact
    const child = await childOf(parentKey);
    const { body } = await server.api.post('/jobs/search', {
      filter: { processInstanceKey: child.processInstanceKey },
      page: { limit: 1 },
    });
    expect(body.page.totalItems).toBe(520);
    expect(await childrenOf(parentKey)).toHaveLength(1);
  });

  it('calls the process its FEEL expression names', async () => {
    // given / when
    const parentKey = await startInstance(server.api, 'ca-feel-parent', { childId: 'ca-child' });

    // then
    const child = await childOf(parentKey);
    expect(child.processDefinitionId).toBe('ca-child');
    expect(await variablesOf(child.processInstanceKey)).toEqual({ childId: 'ca-child' });
  });

  it('calls the version deployed with the parent when bound to its deployment', async () => {
    // given a parent deployed with v1 of its child, then v2 of the child deployed alone
    const together = await server.api.deploy({
      'callActivities.boundParent.bpmn': fixture('boundParent'),
      'callActivities.boundChild.bpmn': fixture('child', { '"ca-child"': '"ca-bound-child"' }),
    });
    expect(together.status, JSON.stringify(together.body)).toBe(200);
    const v1 = together.body.deployments
      .map((d: { processDefinition: Instance }) => d.processDefinition)
      .find((d: Instance) => d.processDefinitionId === 'ca-bound-child') as Instance;
    const alone = await server.api.deploy({
      'callActivities.boundChild.bpmn': fixture('child', {
        '"ca-child"': '"ca-bound-child"',
        'name="Pack parcel"': 'name="Pack parcel (v2)"',
      }),
    });
    expect(alone.status, JSON.stringify(alone.body)).toBe(200);
    expect(alone.body.deployments[0].processDefinition.processDefinitionVersion).toBe(2);

    // when a new parent instance starts
    const parentKey = await startInstance(server.api, 'ca-bound-parent', { orderId: 'O-5' });

    // then it calls v1
    const child = await childOf(parentKey);
    expect(child).toMatchObject({
      processDefinitionId: 'ca-bound-child',
      processDefinitionVersion: 1,
      processDefinitionKey: v1.processDefinitionKey,
    });
  });

  it('calls the highest version with its version tag when bound to the tag', async () => {
    // given versions 1 and 2 tagged v1 and v2, and an untagged version 3
    const childId = `ca-tagged-child-${unique()}`;
    const child = (tag: string | null, name: string) =>
      fixture('child', {
        '"ca-child"': `"${childId}"`,
        'name="Pack parcel"': `name="${name}"`,
        'name="Shipping" isExecutable="true">': tag
          ? `name="Shipping" isExecutable="true"><bpmn:extensionElements><zeebe:versionTag value="${tag}" /></bpmn:extensionElements>`
          : 'name="Shipping" isExecutable="true">',
      });
    for (const [tag, name] of [
      ['v1', 'Pack 1'],
      ['v2', 'Pack 2'],
      [null, 'Pack 3'],
    ] as const) {
      const deployed = await server.api.deploy({ 'tagged.bpmn': child(tag, name) });
      expect(deployed.status, JSON.stringify(deployed.body)).toBe(200);
    }
    const parentId = `ca-tagged-parent-${unique()}`;
    const parent = fixture('boundParent', {
      '"ca-bound-parent"': `"${parentId}"`,
      '"ca-bound-child"': `"${childId}"`,
      'bindingType="deployment"': 'bindingType="versionTag" versionTag="v2"',
    });
    expect((await server.api.deploy({ 'taggedParent.bpmn': parent })).status).toBe(200);

    // when
    const parentKey = await startInstance(server.api, parentId, { orderId: 'O-8' });

    // then version 2 is called, not the latest
    expect(await childOf(parentKey)).toMatchObject({
      processDefinitionId: childId,
      processDefinitionVersion: 2,
    });
  });

  it('calls the unchanged version redeployed with a changed parent when bound to its deployment', async () => {
    // given parent and child deployed together, then a changed parent with the same child
    const parentId = `ca-rebound-parent-${unique()}`;
    const childId = `ca-rebound-child-${unique()}`;
    const parent = (name: string) =>
      fixture('boundParent', {
        '"ca-bound-parent"': `"${parentId}"`,
        '"ca-bound-child"': `"${childId}"`,
        'name="Review shipment"': `name="${name}"`,
      });
    const child = fixture('child', { '"ca-child"': `"${childId}"` });
    const first = await server.api.deploy({ 'parent.bpmn': parent('v1'), 'child.bpmn': child });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    const second = await server.api.deploy({ 'parent.bpmn': parent('v2'), 'child.bpmn': child });
    expect(second.status, JSON.stringify(second.body)).toBe(200);
    const versions = second.body.deployments.map(
      (d: { processDefinition: Instance }) => d.processDefinition.processDefinitionVersion,
    );
    expect(versions).toEqual([2, 1]);

    // when an instance of parent v2 starts
    const parentKey = await startInstance(server.api, parentId);

    // then it calls the child of its deployment, not an incident
    const called = await childOf(parentKey);
    expect(called).toMatchObject({ processDefinitionId: childId, processDefinitionVersion: 1 });
    expect(await search('incidents', { processInstanceKey: parentKey })).toEqual([]);
  });

  it('raises CALLED_ELEMENT_ERROR when bound to its deployment and the process was deployed elsewhere', async () => {
    // given a parent bound to its deployment, deployed without ca-child
    const parentId = `ca-unbound-parent-${unique()}`;
    const deployed = await server.api.deploy({
      'parent.bpmn': fixture('boundParent', {
        '"ca-bound-parent"': `"${parentId}"`,
        '"ca-bound-child"': '"ca-child"',
      }),
    });
    expect(deployed.status, JSON.stringify(deployed.body)).toBe(200);

    // when
    const parentKey = await startInstance(server.api, parentId);

    // then
    const incident = await activeIncidentOf(parentKey);
    expect(incident).toMatchObject({ errorType: 'CALLED_ELEMENT_ERROR', elementId: 'Call_Child' });
    expect(incident.errorMessage).toBe(
      `Expected to call process with BPMN process id 'ca-child' with binding type 'deployment', but no such process found in the deployment with key ${deployed.body.deploymentKey} which contained the current process. To resolve this incident, migrate the process instance to a process definition that is deployed together with the intended process definition to call.`,
    );
    expect(await childrenOf(parentKey)).toEqual([]);
  });

  it('raises CALLED_ELEMENT_ERROR for a called process without a none start event', async () => {
    // given a process that only a message starts
    const childId = `ca-message-started-${unique()}`;
    const xml = sequenceProcess(childId, [])
      .replace(
        /<bpmn:startEvent id="Start">(.*?)<\/bpmn:startEvent>/,
        '<bpmn:startEvent id="Start">$1<bpmn:messageEventDefinition messageRef="Message_Order" /></bpmn:startEvent>',
      )
      .replace(
        '</bpmn:definitions>',
        '<bpmn:message id="Message_Order" name="order" /></bpmn:definitions>',
      );
    const deployed = await server.api.deploy({ 'message-started.bpmn': xml });
    expect(deployed.status, JSON.stringify(deployed.body)).toBe(200);

    // when
    const parentKey = await startInstance(server.api, 'ca-feel-parent', { childId });

    // then
    const incident = await activeIncidentOf(parentKey);
    expect(incident).toMatchObject({
      errorType: 'CALLED_ELEMENT_ERROR',
      elementId: 'Call_Child',
      errorMessage: `Expected process with BPMN process id '${childId}' to have a none start event, but not found.`,
    });
    expect(await childrenOf(parentKey)).toEqual([]);
  });

  it('goes on at once when the called process has no wait state', async () => {
    // given a called process that runs straight to its end
    const childId = `ca-instant-${unique()}`;
    const deployed = await server.api.deploy({ 'instant.bpmn': sequenceProcess(childId, []) });
    expect(deployed.status, JSON.stringify(deployed.body)).toBe(200);

    // when
    const parentKey = await startInstance(server.api, 'ca-feel-parent', { childId });

    // then the called instance completed and the parent waits at its review
    const child = await childOf(parentKey);
    await stateBecomes(child.processInstanceKey, 'COMPLETED');
    await userTaskOf(parentKey, 'Task_Review');
    expect(await elementStates(parentKey)).toMatchObject({ Call_Child: 'COMPLETED' });
    expect(await childrenOf(parentKey)).toHaveLength(1);
  });

  it('raises CALLED_ELEMENT_ERROR for a process that is not deployed, and calls it once deployed and resolved', async () => {
    // given a parent calling a process nobody deployed yet
    const childId = `ca-later-${unique()}`;
    const parentKey = await startInstance(server.api, 'ca-feel-parent', { childId });

    // then an incident waits on the call activity, with Zeebe's message
    const incident = await activeIncidentOf(parentKey);
    expect(incident).toMatchObject({
      errorType: 'CALLED_ELEMENT_ERROR',
      elementId: 'Call_Child',
      errorMessage: `Expected process with BPMN process id '${childId}' to be deployed, but not found.`,
    });
    expect(await childrenOf(parentKey)).toEqual([]);

    // when the process is deployed and the incident resolved
    const deployed = await server.api.deploy({
      'later.bpmn': fixture('child', { '"ca-child"': `"${childId}"` }),
    });
    expect(deployed.status, JSON.stringify(deployed.body)).toBe(200);
    const resolved = await server.api.post(`/incidents/${incident.incidentKey}/resolution`, {});
    expect(resolved.status, JSON.stringify(resolved.body)).toBe(204);

    // then the called instance is created, and the parent goes on once it completes
    const child = await childOf(parentKey);
    expect(child.processDefinitionId).toBe(childId);
    const job = await packJobOf(child.processInstanceKey);
    await completeJob(job.jobKey, { inStock: true });
    await userTaskOf(parentKey, 'Task_Review');
    expect(await search('incidents', { processInstanceKey: parentKey, state: 'ACTIVE' })).toEqual(
      [],
    );
  });

  describe('an error thrown in the called instance', () => {
    /** The parent took the error boundary path and its called instance was terminated. */
    const expectCaught = async (parentKey: string, childKey: string) => {
      await stateBecomes(childKey, 'TERMINATED');
      await userTaskOf(parentKey, 'Task_Restock');
      expect(await elementStates(parentKey)).toMatchObject({
        Call_Child: 'TERMINATED',
        Boundary_OutOfStock: 'COMPLETED',
        Task_Restock: 'ACTIVE',
      });
      expect((await instance(parentKey)).state).toBe('ACTIVE');
      expect(await search('incidents', { processInstanceKey: childKey })).toEqual([]);
    };

    it('by an error end event is caught by the error boundary event of the call activity', async () => {
      // given
      const parentKey = await startInstance(server.api, 'ca-parent', { orderId: 'O-6' });
      const child = await childOf(parentKey);
      const job = await packJobOf(child.processInstanceKey);

      // when the child reaches its OUT_OF_STOCK end event
      await completeJob(job.jobKey, { inStock: false });

      // then
      await expectCaught(parentKey, child.processInstanceKey);
    });

    it('by a worker (POST /jobs/{key}/error) is caught by the error boundary event of the call activity', async () => {
      // given
      const parentKey = await startInstance(server.api, 'ca-parent', { orderId: 'O-7' });
      const child = await childOf(parentKey);
      const job = await packJobOf(child.processInstanceKey);

      // when
      const { status, body } = await worker(server.api).post(`/jobs/${job.jobKey}/error`, {
        errorCode: 'OUT_OF_STOCK',
        errorMessage: 'shelf empty',
      });

      // then
      expect(status, JSON.stringify(body)).toBe(204);
      await expectCaught(parentKey, child.processInstanceKey);
    });

    it('that neither instance catches is an UNHANDLED_ERROR_EVENT incident in the called instance', async () => {
      // given a parent without an error boundary event
      const parentKey = await startInstance(server.api, 'ca-feel-parent', { childId: 'ca-child' });
      const child = await childOf(parentKey);
      const job = await packJobOf(child.processInstanceKey);

      // when the child reaches its OUT_OF_STOCK end event
      await completeJob(job.jobKey, { inStock: false });

      // then
      const incident = await activeIncidentOf(child.processInstanceKey);
      expect(incident).toMatchObject({
        errorType: 'UNHANDLED_ERROR_EVENT',
        elementId: 'End_OutOfStock',
      });
      expect((await instance(child.processInstanceKey)).state).toBe('ACTIVE');
      expect((await instance(parentKey)).state).toBe('ACTIVE');
      expect(await search('incidents', { processInstanceKey: parentKey })).toEqual([]);
      expect((await elementStates(parentKey)).Call_Child).toBe('ACTIVE');
    });

    it('by a worker with a code the parent does not catch is an incident on the job’s task', async () => {
      // given a parent catching OUT_OF_STOCK only
      const parentKey = await startInstance(server.api, 'ca-parent', { orderId: 'O-8' });
      const child = await childOf(parentKey);
      const job = await packJobOf(child.processInstanceKey);

      // when
      const { status } = await worker(server.api).post(`/jobs/${job.jobKey}/error`, {
        errorCode: 'DAMAGED',
      });

      // then
      expect(status).toBe(204);
      const incident = await activeIncidentOf(child.processInstanceKey);
      expect(incident).toMatchObject({
        errorType: 'UNHANDLED_ERROR_EVENT',
        elementId: 'Task_Pack',
      });
      expect((await elementStates(parentKey)).Call_Child).toBe('ACTIVE');
    });
  });
});
