import { describe, expect, it } from 'vitest';
import { compiled, fixture, problemsOf } from './fixtures';

describe('compileBpmn and what bpmn-moddle could not read', () => {
  it('rejects unknown zeebe: and bpmn: content inside an executable process', async () => {
    // given an unknown zeebe attribute and extension element on a task, and an unknown bpmn element
    const xml = fixture('unknownZeebeInExecutable');

    // when it is compiled
    const problems = await problemsOf(xml);

    // then each is named by the element it is on (or is)
    expect(problems).toEqual([
      {
        elementId: 'Task_FollowUp',
        elementType: 'bpmn:ServiceTask',
        message: 'unknown attribute zeebe:retryBackoff',
      },
      {
        elementId: 'Task_FollowUp',
        elementType: 'bpmn:ServiceTask',
        message: 'unknown element <zeebe:retryPolicy>',
      },
      {
        elementId: 'Milestone_Contract',
        elementType: 'bpmn:milestone',
        message: 'unknown element <bpmn:milestone>',
      },
    ]);
  });

  it('accepts the same content inside a non-executable pool, as warnings', async () => {
    // given the same unknown content, but in the partner's pool, which is drawn and not run
    const xml = fixture('unknownZeebeInNonExecutablePool');

    // when it is compiled
    const { definitions, warnings } = await compiled(xml);

    // then the executable process compiles and the findings are reported
    expect(definitions.map((d) => d.processId)).toEqual(['follow-up']);
    expect(warnings).toEqual([
      "unknown attribute zeebe:retryBackoff (element 'Task_PartnerFollowUp', bpmn:ServiceTask)",
      "unknown element <zeebe:retryPolicy> (element 'Task_PartnerFollowUp', bpmn:ServiceTask)",
      "unknown element <bpmn:milestone> (element 'Milestone_Contract', bpmn:milestone)",
    ]);
  });

  it('keeps foreign namespaces, diagram findings and ignored Zeebe settings as warnings', async () => {
    // given CRM extensions, colours, a stale diagram shape, a header without value and a
    // zeebe:taskDefinition on a manual task, all in an executable process
    const xml = fixture('foreignExtensions');

    // when it is compiled
    const { definitions, warnings } = await compiled(xml);

    // then it compiles, dropping the empty header, and says what it ignored
    expect(definitions[0]?.elements['Task_Offer']?.job?.headers).toEqual({ template: 'winback' });
    expect(definitions[0]?.elements['Task_Call']?.job).toBeUndefined();
    expect(warnings).toEqual([
      "element <crm:checklist> is not allowed here (element 'Checklist_1', crm:checklist)",
      "unknown attribute bpmndi:shade (element 'Task_Call_di', bpmndi:BPMNShape)",
      "unresolved reference 'Task_Removed' (bpmndi:bpmnElement) (element 'Task_Removed_di', bpmndi:BPMNShape)",
      "1 task header(s) without key or value are ignored (element 'Task_Offer', bpmn:ServiceTask)",
      "zeebe:taskDefinition has no effect here and is ignored (element 'Task_Call', bpmn:ManualTask)",
    ]);
  });

  it('rejects a duplicate id inside an executable process', async () => {
    // given a second task that reuses the first one's id
    const xml = fixture('twoPools').replace(
      '<bpmn:endEvent id="EndEvent_Registered">',
      '<bpmn:task id="Task_Register" /><bpmn:endEvent id="EndEvent_Registered">',
    );

    // when it is compiled
    const problems = await problemsOf(xml);

    // then
    expect(problems).toEqual([
      {
        elementId: 'Task_Register',
        elementType: 'bpmn:task',
        message: "duplicate id 'Task_Register'",
      },
    ]);
  });
});

describe('compileBpmn locates moddle warnings', () => {
  it('finds the element of a position-only warning in a file with CRLF line breaks', async () => {
    // given the unknown-zeebe fixture saved on Windows
    const xml = fixture('unknownZeebeInExecutable').replace(/\n/g, '\r\n');

    // when
    const problems = await problemsOf(xml);

    // then the same elements are named
    expect(problems.map((p) => p.elementId)).toEqual([
      'Task_FollowUp',
      'Task_FollowUp',
      'Milestone_Contract',
    ]);
  });
});

describe('compileBpmn with unknown elements written over several lines', () => {
  it('still names the element when the unknown tag breaks its attributes onto new lines', async () => {
    // given an unknown zeebe element whose attribute starts on the next line
    const xml = fixture('twoPools').replace(
      '<zeebe:taskDefinition type="crm.logInteraction" />',
      '<zeebe:taskDefinition type="crm.logInteraction" />\n        <zeebe:retryPolicy\n          backoff="PT1M" />',
    );

    // when
    const problems = await problemsOf(xml);

    // then
    expect(problems).toEqual([
      {
        elementId: 'Task_Register',
        elementType: 'bpmn:ServiceTask',
        message: 'unknown element <zeebe:retryPolicy>',
      },
    ]);
  });
});
