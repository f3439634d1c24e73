/**
 * Forms: `.form` resources (form-js schemas) deploy through `POST /v2/deployments` with
 * versions, and `GET /v2/user-tasks/{key}/form` serves a task's linked form at the version
 * that was the latest when the task was created.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Camunda8 } from '@camunda8/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../../support/testServer';
import {
  expectProblem,
  sequenceProcess,
  startApiServer,
  startInstance,
  tally,
  unique,
  userTask,
  waitFor,
  type ProblemItem,
} from './apiTestKit';

const FIXTURE = (name: string) => fileURLToPath(new URL(`./forms.${name}`, import.meta.url));

/** A fixture's text, with its form and process ids made unique to one test. */
const fixture = (name: string, ids: { form?: string; process?: string } = {}) => {
  let text = readFileSync(FIXTURE(name), 'utf8');
  // `"forms-review"` is the form's id in the schema and the formId of the linking task
  if (ids.form) text = text.replaceAll('"forms-review"', `"${ids.form}"`);
  if (ids.process) text = text.replaceAll('id="forms-linked"', `id="${ids.process}"`);
  return text;
};

interface Task {
  userTaskKey: string;
  formKey: string | null;
}

describe('forms', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startApiServer('forms');
  });
  afterAll(() => server.close());

  const deploy = (files: Record<string, string>) => server.api.deploy(files);

  /** The `form` entries of a successful deployment's answer. */
  const deployForms = async (files: Record<string, string>) => {
    const { status, body } = await deploy(files);
    expect(status, JSON.stringify(body)).toBe(200);
    return (body.deployments as { form: Record<string, unknown> | null }[])
      .map((item) => item.form)
      .filter((form) => form !== null);
  };

  /** Deploys and expects a 400 naming the resource, with nothing stored. */
  const deployRejected = async (files: Record<string, string>): Promise<ProblemItem[]> => {
    const before = await tally(server.api);
    const errors = expectProblem(await deploy(files), 400, '/deployments');
    expect(await tally(server.api)).toEqual(before);
    return errors;
  };

  /** Starts an instance and returns its one user task. */
  const openTask = async (processId: string): Promise<Task> => {
    const instanceKey = await startInstance(server.api, processId);
    return waitFor(async () => {
      const { body } = await server.api.post('/user-tasks/search', {
        filter: { processInstanceKey: instanceKey },
      });
      return body.items[0] as Task | undefined;
    }, `the user task of ${processId}`);
  };

  const formOf = (task: Task) => server.api.get(`/user-tasks/${task.userTaskKey}/form`);

  const ids = () => {
    const suffix = unique();
    return { form: `forms-review-${suffix}`, process: `forms-linked-${suffix}` };
  };

  describe('deployment', () => {
    it('deploys a form alone as version 1, answering with its DeploymentFormResult', async () => {
      // given
      const { form } = ids();
      // when
      const { status, body } = await deploy({
        'forms.review.form': fixture('review.form', { form }),
      });
      // then
      expect(status, JSON.stringify(body)).toBe(200);
      expect(body.deployments).toEqual([
        {
          processDefinition: null,
          decisionDefinition: null,
          decisionRequirements: null,
          form: {
            formId: form,
            version: 1,
            resourceName: 'forms.review.form',
            tenantId: '<default>',
            formKey: expect.stringMatching(/^\d+$/),
          },
          resource: null,
        },
      ]);
      expect(body.deployments[0].form.formKey).not.toBe(body.deploymentKey);
    });

    it('deploys a form together with the process that links it', async () => {
      // given
      const { form, process } = ids();
      // when
      const { status, body } = await deploy({
        'forms.linked.bpmn': fixture('linked.bpmn', { form, process }),
        'forms.review.form': fixture('review.form', { form }),
      });
      // then
      expect(status, JSON.stringify(body)).toBe(200);
      expect(
        body.deployments.map((item: any) => item.processDefinition?.processDefinitionId),
      ).toEqual([process, undefined]);
      expect(body.deployments[0].form).toBeNull();
      expect(body.deployments[1].processDefinition).toBeNull();
      expect(body.deployments[1].form).toMatchObject({ formId: form, version: 1 });
    });

    it('makes a new version only when the bytes change', async () => {
      // given a form deployed once
      const { form } = ids();
      const original = fixture('review.form', { form });
      const [first] = await deployForms({ 'forms.review.form': original });

      // when the same bytes are deployed again
      const [again] = await deployForms({ 'forms.review.form': original });
      // then that is the same version
      expect(again).toEqual(first);

      // when a changed form is deployed
      const changed = original.replace('"Review note"', '"Reviewer\'s note"');
      const [second] = await deployForms({ 'forms.review.form': changed });
      // then it is version 2, with a key of its own
      expect(second).toMatchObject({ formId: form, version: 2 });
      expect(second!.formKey).not.toBe(first!.formKey);

      // and the first bytes deployed again are version 3, as for processes
      const [third] = await deployForms({ 'forms.review.form': original });
      expect(third).toMatchObject({ version: 3 });
    });

    it.each<[string, string, RegExp]>([
      ['invalid JSON', '{"id": "forms-broken", "components": [', /bad\.form: invalid JSON/],
      ['a JSON array', '[]', /bad\.form: a form must be a JSON object/],
      ['a missing id', '{"type": "default", "components": []}', /bad\.form: .*'id'/],
      ['an empty id', '{"id": "  ", "components": []}', /bad\.form: .*'id'/],
      [
        'components that are not an array',
        '{"id": "forms-x", "components": {}}',
        /bad\.form: .*'components'/,
      ],
      [
        'a versionTag that is a number',
        '{"id": "forms-x", "components": [], "versionTag": 2}',
        /bad\.form: .*'versionTag'/,
      ],
      [
        'a __proto__ key',
        '{"id": "forms-x", "components": [], "__proto__": {"polluted": 1}}',
        /bad\.form: \/__proto__/,
      ],
      [
        'an escaped NUL character',
        '{"id": "forms-\\u0000", "components": []}',
        /bad\.form: \/id: .*NUL/,
      ],
    ])(
      'rejects %s, naming the resource, and deploys none of the request',
      async (_name, text, message) => {
        // given a valid process and a valid form beside the bad one
        const { form, process } = ids();
        // when
        const errors = await deployRejected({
          'forms.linked.bpmn': fixture('linked.bpmn', { form, process }),
          'forms.review.form': fixture('review.form', { form }),
          'bad.form': text,
        });
        // then the problem names the bad resource
        expect(errors[0]).toMatchObject({ pointer: '/resources' });
        expect(errors.map((error) => error.message).join('; ')).toMatch(message);
        // and neither the process nor the good form was stored
        const search = await server.api.post('/process-definitions/search', {
          filter: { processDefinitionId: process },
        });
        expect(search.body.items).toEqual([]);
        const [alone] = await deployForms({
          'forms.review.form': fixture('review.form', { form }),
        });
        expect(alone).toMatchObject({ formId: form, version: 1 });
      },
    );

    it('rejects one form id in two resources of a deployment', async () => {
      const { form } = ids();
      const errors = await deployRejected({
        'first.form': fixture('review.form', { form }),
        'second.form': fixture('review.form', { form }).replace('"v1"', '"v2"'),
      });
      expect(errors.map((error) => error.message)).toEqual([
        expect.stringMatching(new RegExp(`^second\\.form: .*'${form}'.*'first\\.form'`)),
      ]);
    });
  });

  describe('GET /v2/user-tasks/{userTaskKey}/form', () => {
    it('serves the linked form at the latest version when the task was created', async () => {
      // given a process linking a form, both deployed, and a task of it
      const { form, process } = ids();
      const [v1] = await deployForms({
        'forms.linked.bpmn': fixture('linked.bpmn', { form, process }),
        'forms.review.form': fixture('review.form', { form }),
      });
      const task = await openTask(process);
      expect(task.formKey).toBe(v1!.formKey);

      // when a second version of the form is deployed after the task exists
      const changed = fixture('review.form', { form }).replace('"Approved"', '"Accepted"');
      const [v2] = await deployForms({ 'forms.review.form': changed });
      expect(v2).toMatchObject({ version: 2 });

      // then the task keeps version 1, in its form and in the task itself
      const { status, body } = await formOf(task);
      expect(status, JSON.stringify(body)).toBe(200);
      expect(body).toEqual({
        tenantId: '<default>',
        formId: form,
        schema: fixture('review.form', { form }),
        version: 1,
        formKey: v1!.formKey,
      });
      expect(JSON.parse(body.schema).components[1].label).toBe('Approved');
      expect((await server.api.get(`/user-tasks/${task.userTaskKey}`)).body.formKey).toBe(
        v1!.formKey,
      );
      // and a task created now gets version 2
      const later = await openTask(process);
      expect(later.formKey).toBe(v2!.formKey);
      const laterForm = await formOf(later);
      expect(laterForm.body).toMatchObject({ version: 2, formKey: v2!.formKey });
      expect(JSON.parse(laterForm.body.schema).components[1].label).toBe('Accepted');
    });

    it('links the version deployed with the process, or the one with the version tag, when bound so', async () => {
      // given form version 1 (tagged "spring") deployed with two processes, one bound to
      // the deployment, one to the tag, and then version 2 (tagged "summer") alone
      const { form, process } = ids();
      const tagged = (tag: string, label: string) =>
        fixture('review.form', { form })
          .replace('"Approved"', `"${label}"`)
          .replace('"versionTag": "v1"', `"versionTag": "${tag}"`);
      const linked = (id: string, binding: string) =>
        fixture('linked.bpmn', { form, process: id }).replace(
          `formId="${form}"`,
          `formId="${form}" ${binding}`,
        );
      const [v1] = await deployForms({
        'byDeployment.bpmn': linked(`${process}-d`, 'bindingType="deployment"'),
        'byTag.bpmn': linked(`${process}-t`, 'bindingType="versionTag" versionTag="spring"'),
        'forms.review.form': tagged('spring', 'Approved'),
      });
      const [v2] = await deployForms({ 'forms.review.form': tagged('summer', 'Accepted') });
      expect(v2).toMatchObject({ version: 2 });

      // when tasks of both processes are created now
      const byDeployment = await openTask(`${process}-d`);
      const byTag = await openTask(`${process}-t`);

      // then both link version 1, not the latest
      expect(byDeployment.formKey).toBe(v1!.formKey);
      expect(byTag.formKey).toBe(v1!.formKey);
      expect((await formOf(byTag)).body).toMatchObject({ version: 1 });
    });

    it('answers 404 while the linked form is not deployed, and serves it once it is', async () => {
      // given a task whose form is not deployed
      const { form, process } = ids();
      await deployForms({ 'forms.linked.bpmn': fixture('linked.bpmn', { form, process }) });
      const task = await openTask(process);
      expect(task.formKey).toBeNull();

      // when its form is asked for, then it is not found
      expectProblem(await formOf(task), 404, `/user-tasks/${task.userTaskKey}/form`);

      // when the form is deployed, then the task gets its latest version
      const [v1] = await deployForms({ 'forms.review.form': fixture('review.form', { form }) });
      const { status, body } = await formOf(task);
      expect(status, JSON.stringify(body)).toBe(200);
      expect(body).toMatchObject({ formId: form, version: 1, formKey: v1!.formKey });
    });

    it('answers 204 for a task without a form', async () => {
      // given
      const processId = `forms-none-${unique()}`;
      await deployForms({
        'forms.none.bpmn': sequenceProcess(processId, [userTask('Task_Plain', {})]),
      });
      const task = await openTask(processId);
      // when
      const { status, body } = await formOf(task);
      // then
      expect(status).toBe(204);
      expect(body).toBeNull();
      expect(task.formKey).toBeNull();
    });

    it('keeps an embedded form with its job-worker task, as Camunda does', async () => {
      // given an older Modeler file: the form lives in the process, the task names it by key
      await deployForms({ 'forms.embedded.bpmn': readFileSync(FIXTURE('embedded.bpmn'), 'utf8') });
      // when an instance reaches the task
      const instanceKey = await startInstance(server.api, 'forms-embedded');
      // then the task is a job (no user task: GET /form serves linked forms only) whose
      // headers name the embedded form, which the deployed XML holds
      const job = await waitFor(async () => {
        const { body } = await server.api.post('/jobs/search', {
          filter: { processInstanceKey: instanceKey },
        });
        return body.items[0];
      }, 'the job of the embedded-form task');
      expect(job).toMatchObject({
        type: 'io.camunda.zeebe:userTask',
        customHeaders: { 'io.camunda.zeebe:formKey': 'camunda-forms:bpmn:userTaskForm_1' },
      });
      const tasks = await server.api.post('/user-tasks/search', {
        filter: { processInstanceKey: instanceKey },
      });
      expect(tasks.body.items).toEqual([]);
      const xml = await server.api.get(`/process-definitions/${job.processDefinitionKey}/xml`);
      expect(String(xml.body)).toContain('<zeebe:userTaskForm id="userTaskForm_1">');
    });

    it('shows the form only to those who may see the task, and only of a task that exists', async () => {
      // given a task offered to nobody in particular
      const { form, process } = ids();
      await deployForms({
        'forms.linked.bpmn': fixture('linked.bpmn', { form, process }),
        'forms.review.form': fixture('review.form', { form }),
      });
      const task = await openTask(process);
      const path = `/user-tasks/${task.userTaskKey}/form`;
      // then staff may not see it, a worker credential may not either, and analysts may
      expectProblem(await server.api.as('staff').get(path), 403, path);
      expectProblem(await server.api.as('demo-worker', 'demo-secret').get(path), 403, path);
      expect((await server.api.as('analyst').get(path)).status).toBe(200);
      // and an unknown task is not found, a key that is not one is a bad request
      expectProblem(await server.api.get('/user-tasks/1/form'), 404, '/user-tasks/1/form');
      expectProblem(await server.api.get('/user-tasks/abc/form'), 400, '/user-tasks/abc/form', {
        pointer: '/userTaskKey',
      });
    });
  });

  describe('through the Camunda 8 SDK', () => {
    const sdkConfig = () => ({
      ZEEBE_REST_ADDRESS: server.url,
      CAMUNDA_AUTH_STRATEGY: 'BASIC' as const,
      CAMUNDA_BASIC_AUTH_USERNAME: 'demo',
      CAMUNDA_BASIC_AUTH_PASSWORD: 'demo',
      CAMUNDA_TENANT_ID: '<default>',
      CAMUNDA_LOG_LEVEL: 'error' as const,
    });

    it('deploys a form with the legacy CamundaRestClient', async () => {
      // given
      const c8 = new Camunda8(sdkConfig());
      const { form } = ids();
      try {
        // when
        const deployment = await c8
          .getCamundaRestClient()
          .deployResources([
            { content: fixture('review.form', { form }), name: 'sdk.review.form' },
          ]);
        // then
        expect(deployment.forms).toEqual([
          expect.objectContaining({ formId: form, version: 1, resourceName: 'sdk.review.form' }),
        ]);
        expect(deployment.processes).toEqual([]);
      } finally {
        await c8.closeAllClients();
      }
    });

    it("deploys the files and reads the task's form with the Orchestration Cluster API client", async () => {
      // given the fixtures as files, deployed through the client
      const c8 = new Camunda8(sdkConfig());
      try {
        const camunda = c8.getOrchestrationClusterApiClient();
        const deployment = await camunda.deployResourcesFromFiles([
          FIXTURE('linked.bpmn'),
          FIXTURE('review.form'),
        ]);
        const [deployedForm] = deployment.forms;
        expect(deployedForm).toMatchObject({
          formId: 'forms-review',
          resourceName: 'forms.review.form',
        });

        // when an instance reaches the review task
        const { processInstanceKey } = await camunda.createProcessInstance({
          processDefinitionId: deployment.processes[0]!.processDefinitionId,
        });
        const tasks = await camunda.searchUserTasks(
          { filter: { processInstanceKey } },
          { consistency: { waitUpToMs: 10_000, predicate: (result) => result.items.length > 0 } },
        );
        const task = tasks.items[0]!;
        expect(task.formKey).toBe(deployedForm!.formKey);

        // then its form comes back with the deployed schema
        const result = await camunda.getUserTaskForm(
          { userTaskKey: task.userTaskKey },
          { consistency: { waitUpToMs: 0 } },
        );
        expect(result).toMatchObject({ formId: 'forms-review', formKey: deployedForm!.formKey });
        expect(Number(result!.version)).toBe(deployedForm!.version);
        // (the schema is the deployed JSON text, as Camunda stores it)
        expect(JSON.parse(result!.schema as unknown as string)).toEqual(
          JSON.parse(readFileSync(FIXTURE('review.form'), 'utf8')),
        );
      } finally {
        await c8.closeAllClients();
      }
    });
  });
});
