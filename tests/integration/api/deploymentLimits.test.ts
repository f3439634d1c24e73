/**
 * A model of 20,000 elements deploys while the server keeps answering other requests
 * (parsing yields to them as it goes); a model past the size limit is refused before it
 * is parsed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../../support/testServer';
import { startApiServer, unique } from './apiTestKit';

/** A process of `tasks` service tasks in a row: 2 × tasks + 3 elements with the flows. */
function longProcess(processId: string, tasks: number): string {
  const parts = ['<bpmn:startEvent id="Start" />'];
  let previous = 'Start';
  for (let index = 0; index < tasks; index++) {
    parts.push(
      `<bpmn:serviceTask id="Task_${index}"><bpmn:extensionElements><zeebe:taskDefinition type="limits.work" /></bpmn:extensionElements></bpmn:serviceTask>`,
      `<bpmn:sequenceFlow id="Flow_${index}" sourceRef="${previous}" targetRef="Task_${index}" />`,
    );
    previous = `Task_${index}`;
  }
  parts.push(
    '<bpmn:endEvent id="End" />',
    `<bpmn:sequenceFlow id="Flow_End" sourceRef="${previous}" targetRef="End" />`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="Definitions_1" targetNamespace="http://bpmn.io/schema/bpmn">
<bpmn:process id="${processId}" isExecutable="true">${parts.join('\n')}</bpmn:process>
</bpmn:definitions>`;
}

describe('deployment limits', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startApiServer('deployment_limits');
  });
  afterAll(() => server.close());

  it('deploys a model of 20,000 elements while other requests keep being answered', async () => {
    // given a process of 10,000 tasks and 10,000 flows (about 2 MB)
    const processId = `limits-long-${unique()}`;
    const xml = longProcess(processId, 10_000);

    // when it is deployed, with status requests one after the other beside it
    let deploying = true;
    let answeredDuring = 0;
    const deployed = server.api.deploy({ 'long.bpmn': xml }).finally(() => {
      deploying = false;
    });
    while (deploying) {
      const status = await server.api.get('/topology');
      expect(status.status).toBe(200);
      if (deploying) answeredDuring++;
    }
    const { status, body } = await deployed;

    // then it deployed, and status requests were answered one after another meanwhile
    expect(status, JSON.stringify(body).slice(0, 500)).toBe(200);
    expect(body.deployments[0].processDefinition.processDefinitionId).toBe(processId);
    expect(answeredDuring).toBeGreaterThan(3);
  });

  it('refuses a model past the size limit with 413, and deploys nothing', async () => {
    // given about 6 MB, past the 4 MiB limit
    const processId = `limits-huge-${unique()}`;
    const xml = longProcess(processId, 30_000);
    expect(xml.length).toBeGreaterThan(4 * 1_048_576);

    // when
    const { status, body } = await server.api.deploy({ 'huge.bpmn': xml });

    // then
    expect(status, JSON.stringify(body)).toBe(413);
    const search = await server.api.post('/process-definitions/search', {
      filter: { processDefinitionId: processId },
    });
    expect(search.body.items).toEqual([]);
  });
});
