/**
 * The benchmark's process: start → N service tasks in sequence → end, in two dialects.
 * Relata runs the Camunda 8 dialect (`zeebe:taskDefinition`); bpmn-engine runs the same
 * graph in plain BPMN 2.0, its service tasks calling a function of its environment.
 */

export const PROCESS_ID = 'bench-sequence';
export const JOB_TYPE = 'bench.step';
export const TASKS = 10;

const BPMN_NS = 'http://www.omg.org/spec/BPMN/20100524/MODEL';
const ZEEBE_NS = 'http://camunda.org/schema/zeebe/1.0';

function sequence(tasks: number, serviceTask: (id: string, name: string) => string): string {
  const parts = ['<bpmn:startEvent id="start" name="Start" />'];
  parts.push('<bpmn:sequenceFlow id="flow0" sourceRef="start" targetRef="task1" />');
  for (let i = 1; i <= tasks; i++) {
    parts.push(serviceTask(`task${i}`, `Task ${i}`));
    const target = i === tasks ? 'end' : `task${i + 1}`;
    parts.push(`<bpmn:sequenceFlow id="flow${i}" sourceRef="task${i}" targetRef="${target}" />`);
  }
  parts.push('<bpmn:endEvent id="end" name="End" />');
  return parts.map((part) => `    ${part}`).join('\n');
}

/** The Camunda 8 dialect Relata deploys: each task is a job of type `bench.step`. */
export function relataXml(tasks = TASKS): string {
  const body = sequence(
    tasks,
    (id, name) =>
      `<bpmn:serviceTask id="${id}" name="${name}"><bpmn:extensionElements>` +
      `<zeebe:taskDefinition type="${JOB_TYPE}" retries="3" />` +
      `</bpmn:extensionElements></bpmn:serviceTask>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="${BPMN_NS}" xmlns:zeebe="${ZEEBE_NS}" id="BenchDefinitions" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="${PROCESS_ID}" name="Bench sequence" isExecutable="true">
${body}
  </bpmn:process>
</bpmn:definitions>
`;
}

/** Plain BPMN 2.0 for bpmn-engine: no `zeebe:` extensions; tasks call `environment.services.fn`. */
export function bpmnEngineXml(tasks = TASKS): string {
  const body = sequence(
    tasks,
    (id, name) =>
      `<bpmn:serviceTask id="${id}" name="${name}" implementation="\${environment.services.fn}" />`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="${BPMN_NS}" id="BenchDefinitions" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="${PROCESS_ID}" name="Bench sequence" isExecutable="true">
${body}
  </bpmn:process>
</bpmn:definitions>
`;
}
