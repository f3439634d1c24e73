// The designer's lint rule for user tasks whose entered values would stay in the task.
import { BpmnModdle } from 'bpmn-moddle';
import { Linter } from 'bpmnlint';
import zeebe from 'zeebe-bpmn-moddle/resources/zeebe.json';
import { describe, expect, it } from 'vitest';
import { lintConfig } from '../../../../designer/src/lint/lintConfig';

const task = (mappings: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="t">
  <bpmn:process id="p" isExecutable="true">
    <bpmn:userTask id="Task_Review">
      <bpmn:extensionElements>
        <zeebe:userTask />
        <zeebe:ioMapping>${mappings}</zeebe:ioMapping>
      </bpmn:extensionElements>
    </bpmn:userTask>
  </bpmn:process>
</bpmn:definitions>`;

async function reportsOf(xml: string): Promise<string[]> {
  const moddle = new BpmnModdle({ zeebe });
  const { rootElement } = await moddle.fromXML(xml);
  const linter = new Linter(lintConfig);
  const results = (await linter.lint(rootElement)) as Record<
    string,
    { id: string; message: string }[]
  >;
  return (results['relata/user-task-inputs-kept'] ?? []).map(
    (report) => `${report.id}: ${report.message}`,
  );
}

describe('relata/user-task-inputs-kept', () => {
  it('names the input-mapped variables that no output mapping carries out', async () => {
    const reports = await reportsOf(
      task(`<zeebe:input source="=&quot;&quot;" target="summary" />
            <zeebe:input source="=0" target="score" />
            <zeebe:output source="=score" target="score" />`),
    );
    expect(reports).toEqual([
      'Task_Review: What people enter for summary stays in the task: add an output mapping for each to keep it',
    ]);
  });

  it('is quiet when every input is mapped out, also under another name', async () => {
    const reports = await reportsOf(
      task(`<zeebe:input source="=&quot;&quot;" target="summary" />
            <zeebe:output source="=summary" target="complaintSummary" />`),
    );
    expect(reports).toEqual([]);
  });
});

describe('relata/user-task-inputs-kept on a multi-instance task', () => {
  it('counts what the output element reads as carried out, and nothing else', async () => {
    // given a multi-instance task whose output element reads `price` but not `note`
    const xml = task(`<zeebe:input source="=0" target="price" />
            <zeebe:input source="=&quot;&quot;" target="note" />`).replace(
      '</bpmn:extensionElements>',
      `</bpmn:extensionElements>
      <bpmn:multiInstanceLoopCharacteristics>
        <bpmn:extensionElements>
          <zeebe:loopCharacteristics inputCollection="=products" inputElement="product" outputCollection="lines" outputElement="={product: product, price: price}" />
        </bpmn:extensionElements>
      </bpmn:multiInstanceLoopCharacteristics>`,
    );

    // when it is linted
    const reports = await reportsOf(xml);

    // then only `note` is reported
    expect(reports).toEqual([
      'Task_Review: What people enter for note stays in the task: add an output mapping for each to keep it',
    ]);
  });
});
