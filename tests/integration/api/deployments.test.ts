import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../../support/testServer';
import {
  expectProblem,
  expectServing,
  expectUnauthorized,
  serviceTask,
  sequenceProcess,
  startApiServer,
  tally,
  conditionalCatchEvent,
  unique,
  userTask,
  worker,
  type ProblemItem,
} from './apiTestKit';

describe('POST /v2/deployments', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startApiServer('deployments');
  });
  afterAll(() => server.close());

  const validProcess = (processId: string) =>
    sequenceProcess(processId, [serviceTask('Task_Work', `api.deploy.${processId}`)]);

  /** Deploys as the given caller with any parts; checks that nothing was stored. */
  const deployRejected = async (
    form: FormData | string,
    status: number,
    headers: Record<string, string> = {},
  ): Promise<ProblemItem[]> => {
    const before = await tally(server.api);
    const response = await server.api.request('POST', '/deployments', form, headers);
    const errors = expectProblem(response, status, '/deployments');
    expect(await tally(server.api)).toEqual(before);
    await expectServing(server.api);
    return errors;
  };

  const formOf = (files: Record<string, string | Blob>, fields: Record<string, string> = {}) => {
    const form = new FormData();
    for (const [name, content] of Object.entries(files))
      form.append('resources', typeof content === 'string' ? new Blob([content]) : content, name);
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    return form;
  };

  describe('valid deployments', () => {
    it('deploys a process and answers with the default tenant when none is given', async () => {
      // given
      const processId = `api-valid-${unique()}`;
      // when
      const { status, body } = await server.api.deploy({ 'valid.bpmn': validProcess(processId) });
      // then
      expect(status, JSON.stringify(body)).toBe(200);
      expect(body.tenantId).toBe('<default>');
      expect(body.deployments[0].processDefinition).toMatchObject({
        processDefinitionId: processId,
        processDefinitionVersion: 1,
        resourceName: 'valid.bpmn',
        tenantId: '<default>',
      });
    });

    it("accepts tenantId '<default>' and echoes it", async () => {
      // given
      const processId = `api-tenant-${unique()}`;
      const form = formOf({ 'tenant.bpmn': validProcess(processId) }, { tenantId: '<default>' });
      // when
      const { status, body } = await server.api.request('POST', '/deployments', form);
      // then
      expect(status, JSON.stringify(body)).toBe(200);
      expect(body.tenantId).toBe('<default>');
      expect(body.deployments[0].processDefinition.tenantId).toBe('<default>');
    });

    it('lets an analyst deploy', async () => {
      const processId = `api-analyst-${unique()}`;
      const { status } = await server.api
        .as('analyst')
        .deploy({ 'analyst.bpmn': validProcess(processId) });
      expect(status).toBe(200);
    });
  });

  describe('invalid BPMN is rejected with the resource or element named, and nothing stored', () => {
    it('rejects a resource that is not XML', async () => {
      const errors = await deployRejected(formOf({ 'garbage.bpmn': 'this is not xml' }), 400);
      expect(errors[0]).toMatchObject({ pointer: '/resources' });
      expect(errors[0]!.message).toMatch(/garbage\.bpmn.*invalid XML/);
    });

    it('rejects XML that is not BPMN', async () => {
      const errors = await deployRejected(
        formOf({ 'other.bpmn': '<?xml version="1.0"?><catalog><book/></catalog>' }),
        400,
      );
      expect(errors[0]!.message).toMatch(/not a BPMN 2\.0 document|invalid XML/);
    });

    it('rejects BPMN without an executable process', async () => {
      const xml = validProcess(`api-nonexec-${unique()}`).replace(
        'isExecutable="true"',
        'isExecutable="false"',
      );
      const errors = await deployRejected(formOf({ 'drawn.bpmn': xml }), 400);
      expect(errors[0]!.message).toMatch(/no executable process/);
    });

    it('rejects a DTD with entity expansion (billion laughs) without expanding it', async () => {
      const lol = Array.from({ length: 10 }, (_, level) => {
        const inner = level === 0 ? 'lol' : `&lol${level - 1};`.repeat(10);
        return `<!ENTITY lol${level} "${inner}">`;
      }).join('');
      const xml = validProcess(`api-lol-${unique()}`)
        .replace(
          '<?xml version="1.0" encoding="UTF-8"?>',
          `<?xml version="1.0"?><!DOCTYPE bpmn:definitions [${lol}]>`,
        )
        .replace('name="Work"', 'name="&lol9;"');
      const errors = await deployRejected(formOf({ 'lol.bpmn': xml }), 400);
      expect(errors[0]).toMatchObject({ pointer: '/resources' });
      expect(errors[0]!.message).toMatch(/DTD/);
    });

    it('rejects an external entity declaration', async () => {
      const xml = validProcess(`api-xxe-${unique()}`)
        .replace(
          '<?xml version="1.0" encoding="UTF-8"?>',
          '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
        )
        .replace('name="Work"', 'name="&xxe;"');
      const errors = await deployRejected(formOf({ 'xxe.bpmn': xml }), 400);
      expect(errors[0]!.message).toMatch(/DTD|entity/);
    });

    it('rejects an element the runtime cannot execute, naming its id', async () => {
      const xml = sequenceProcess(`api-conditional-${unique()}`, [
        conditionalCatchEvent('Condition_Wait'),
      ]);
      const errors = await deployRejected(formOf({ 'conditional.bpmn': xml }), 400);
      expect(errors).toContainEqual(
        expect.objectContaining({
          elementId: 'Condition_Wait',
          message: expect.stringMatching(/conditional/),
        }),
      );
    });

    it('reports every unsupported element at once', async () => {
      const xml = sequenceProcess(`api-two-${unique()}`, [
        conditionalCatchEvent('Condition_First'),
        {
          id: 'Script_Second',
          xml: '<bpmn:scriptTask id="Script_Second">{{flows}}</bpmn:scriptTask>',
        },
      ]);
      const errors = await deployRejected(formOf({ 'two.bpmn': xml }), 400);
      expect(errors.map((error) => error.elementId)).toEqual(
        expect.arrayContaining(['Condition_First', 'Script_Second']),
      );
    });

    it('rejects a user task whose assignment is not a valid expression, naming the task', async () => {
      const xml = sequenceProcess(`api-feel-${unique()}`, [
        userTask('Task_BadFeel', { candidateGroups: '=[1,' }),
      ]);
      const errors = await deployRejected(formOf({ 'feel.bpmn': xml }), 400);
      expect(errors.map((error) => error.elementId)).toContain('Task_BadFeel');
    });

    it('is atomic: one bad resource rejects the good ones too', async () => {
      // given a valid and an invalid resource
      const goodId = `api-atomic-${unique()}`;
      const form = formOf({
        'good.bpmn': validProcess(goodId),
        'bad.bpmn': sequenceProcess(`api-atomic-bad-${unique()}`, [
          conditionalCatchEvent('Condition_Bad'),
        ]),
      });
      // when
      const errors = await deployRejected(form, 400);
      // then
      expect(errors.map((error) => error.elementId)).toContain('Condition_Bad');
      const search = await server.api.post('/process-definitions/search', {
        filter: { processDefinitionId: goodId },
      });
      expect(search.body.items).toEqual([]);
    });

    it('rejects NUL characters in the XML (XML 1.0 forbids them)', async () => {
      const xml = validProcess(`api-nul-${unique()}`).replace('name="Work"', 'name="Wo\u0000rk"');
      const errors = await deployRejected(formOf({ 'nul.bpmn': xml }), 400);
      expect(errors[0]).toMatchObject({ pointer: '/resources' });
      expect(errors[0]!.message).toMatch(/U\+0000/);
    });

    it('rejects XML nested deeper than the limit', async () => {
      const deep = `${'<x:n xmlns:x="urn:deep">'.repeat(300)}${'</x:n>'.repeat(300)}`;
      const xml = validProcess(`api-deep-${unique()}`).replace(
        '<bpmn:extensionElements>',
        `<bpmn:extensionElements>${deep}`,
      );
      const errors = await deployRejected(formOf({ 'deep.bpmn': xml }), 400);
      expect(errors[0]).toMatchObject({ pointer: '/resources' });
      expect(errors[0]!.message).toMatch(/deeper than the limit/);
    });

    it('rejects a resource that is not BPMN by its name', async () => {
      const errors = await deployRejected(
        formOf({ 'notes.txt': validProcess(`api-txt-${unique()}`) }),
        400,
      );
      expect(errors[0]).toMatchObject({ pointer: '/resources' });
    });

    it('rejects a resource name with a NUL character', async () => {
      // FormData cannot carry one; RFC 5987 `filename*` can.
      const boundary = 'ApiBoundary';
      const body = [
        `--${boundary}`,
        `Content-Disposition: form-data; name="resources"; filename*=UTF-8''bad%00name.bpmn`,
        'Content-Type: application/xml',
        '',
        validProcess(`api-name-${unique()}`),
        `--${boundary}--`,
        '',
      ].join('\r\n');
      const errors = await deployRejected(body, 400, {
        'content-type': `multipart/form-data; boundary=${boundary}`,
      });
      expect(errors[0]).toMatchObject({ pointer: '/resources' });
      expect(errors[0]!.message).toMatch(/control characters/);
    });
  });

  describe('the request itself', () => {
    it('rejects XML larger than 4 MiB with 413', async () => {
      const xml = validProcess(`api-huge-${unique()}`).replace(
        '<bpmn:process',
        `<!-- ${'x'.repeat(4 * 1024 * 1024)} --><bpmn:process`,
      );
      const errors = await deployRejected(formOf({ 'huge.bpmn': xml }), 413);
      expect(errors[0]).toMatchObject({ pointer: '/resources' });
    });

    it('rejects a JSON body: a deployment is multipart', async () => {
      const errors = await deployRejected(JSON.stringify({ resources: ['x'] }), 415, {
        'content-type': 'application/json',
      });
      expect(errors[0]).toMatchObject({ pointer: '/resources' });
    });

    it('rejects raw XML: a deployment is multipart', async () => {
      await deployRejected(validProcess(`api-raw-${unique()}`), 415, {
        'content-type': 'text/xml',
      });
    });

    it('rejects a multipart body without resources', async () => {
      const form = new FormData();
      form.append('tenantId', '<default>');
      const errors = await deployRejected(form, 400);
      expect(errors[0]).toMatchObject({ pointer: '/resources' });
    });

    it('rejects a broken multipart body', async () => {
      await deployRejected('--nope\r\nContent-Disposition: form-data; name="resources"\r\n', 400, {
        'content-type': 'multipart/form-data; boundary=nope',
      });
    });

    it('rejects more than 20 resources', async () => {
      const files = Object.fromEntries(
        Array.from({ length: 21 }, (_, index) => [
          `many-${index}.bpmn`,
          validProcess(`api-many-${index}-${unique()}`),
        ]),
      );
      const errors = await deployRejected(formOf(files), 400);
      expect(errors[0]).toMatchObject({ pointer: '/resources' });
    });

    it('rejects a tenant other than <default>', async () => {
      const form = formOf(
        { 'tenant.bpmn': validProcess(`api-t-${unique()}`) },
        { tenantId: 'acme' },
      );
      const errors = await deployRejected(form, 400);
      expect(errors[0]).toMatchObject({ pointer: '/tenantId' });
    });

    it.each<[string, [string, string][], string]>([
      ['an operator object as the tenant', [['tenantId[$gt]', '']], '/tenantId'],
      ['an operator in JSON text as the tenant', [['tenantId', '{"$gt":""}']], '/tenantId'],
      ['a NUL character in the tenant', [['tenantId', '<default>\u0000']], '/tenantId'],
      [
        'the tenant twice',
        [
          ['tenantId', '<default>'],
          ['tenantId', '<default>'],
        ],
        '/tenantId',
      ],
      ['a __proto__ field', [['__proto__[polluted]', '1']], '/__proto__'],
      ['a constructor field', [['constructor[prototype][polluted]', '1']], '/constructor'],
    ])('rejects %s', async (_name, fields, pointer) => {
      const form = formOf({ 'fields.bpmn': validProcess(`api-f-${unique()}`) });
      for (const [name, value] of fields) form.append(name, value);
      const errors = await deployRejected(form, 400);
      expect(errors.map((error) => error.pointer)).toContain(pointer);
    });
  });

  describe('who may deploy', () => {
    const form = () => formOf({ 'auth.bpmn': validProcess(`api-auth-${unique()}`) });

    it('answers 401 without credentials', async () => {
      const response = await fetch(`${server.url}/v2/deployments`, {
        method: 'POST',
        body: form(),
      });
      expectUnauthorized(
        { status: response.status, headers: response.headers, body: await response.json() },
        '/deployments',
      );
    });

    it.each([['staff', 'demo'] as const, ['demo-worker', 'demo-secret'] as const])(
      'refuses %s with 403 and stores nothing',
      async (user, password) => {
        const before = await tally(server.api);
        const response = await server.api
          .as(user, password)
          .request('POST', '/deployments', form());
        expectProblem(response, 403, '/deployments');
        expect(await tally(server.api)).toEqual(before);
      },
    );

    it('refuses the worker role even with a valid document', async () => {
      const response = await worker(server.api).deploy({
        'w.bpmn': validProcess(`api-w-${unique()}`),
      });
      expect(response.status).toBe(403);
    });
  });
});
