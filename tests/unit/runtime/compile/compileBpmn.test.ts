import { beforeAll, describe, expect, it } from 'vitest';
import type { CompiledDefinition } from '../../../../runtime/src/model/CompiledDefinition';
import { compiled, fixture, problemsOf } from './fixtures';

describe('compileBpmn', () => {
  describe('a process with every supported element', () => {
    let definition: CompiledDefinition;
    let warnings: string[];

    beforeAll(async () => {
      // given a Camunda Modeler file using each element the runtime executes
      const xml = fixture('allSupported');

      // when it is compiled
      const result = await compiled(xml);

      // then there is one definition (the pool, lane, data and artifacts add none)
      expect(result.definitions).toHaveLength(1);
      definition = result.definitions[0] as CompiledDefinition;
      warnings = result.warnings;
    });

    it('names the process, its version tag and its none start event', () => {
      expect(definition.processId).toBe('offer-handling');
      expect(definition.name).toBe('Offer handling');
      expect(definition.versionTag).toBe('v2.1');
      expect(definition.startEventId).toBe('StartEvent_Lead');
      expect(warnings).toEqual([]);
    });

    it('compiles exactly the flow nodes, ignoring lanes, data, annotations and groups', () => {
      expect(Object.keys(definition.elements)).toEqual([
        'StartEvent_Lead',
        'Task_ScoreLead',
        'Gateway_Potential',
        'Task_SendOffer',
        'Task_Review',
        'Task_Call',
        'Gateway_Fork',
        'Task_PrintContract',
        'Task_Note',
        'Gateway_Join',
        'Event_OfferSent',
        'EndEvent_Done',
        'EndEvent_Dropped',
      ]);
      expect(Object.values(definition.elements).every((e) => e.scopeId === 'offer-handling')).toBe(
        true,
      );
    });

    it('keeps output mappings on the start event', () => {
      expect(definition.elements['StartEvent_Lead']).toEqual({
        id: 'StartEvent_Lead',
        name: 'Lead identified',
        type: 'START_EVENT',
        behavior: 'passThrough',
        scopeId: 'offer-handling',
        incoming: [],
        outgoing: ['Flow_1'],
        inputs: [],
        outputs: [{ source: { kind: 'feel', expression: 'lead.id' }, target: 'leadId' }],
      });
    });

    it('compiles a service task to a job with FEEL retries, static headers and mappings', () => {
      expect(definition.elements['Task_ScoreLead']).toEqual({
        id: 'Task_ScoreLead',
        name: 'Score lead',
        type: 'SERVICE_TASK',
        behavior: 'jobWorker',
        scopeId: 'offer-handling',
        incoming: ['Flow_1'],
        outgoing: ['Flow_2'],
        inputs: [
          { source: { kind: 'feel', expression: 'client.revenue' }, target: 'revenue' },
          { source: { kind: 'static', value: 'EUR' }, target: 'currency' },
        ],
        outputs: [{ source: { kind: 'feel', expression: 'score' }, target: 'lead.score' }],
        job: {
          type: { kind: 'static', value: 'crm.scoreLead' },
          retries: { kind: 'feel', expression: 'if vip then 5 else 2' },
          // header values are never evaluated
          headers: { model: 'v3', threshold: '=not evaluated' },
        },
      });
    });

    it('compiles a send task with a FEEL job type and the default of three retries', () => {
      expect(definition.elements['Task_SendOffer']?.job).toEqual({
        type: { kind: 'feel', expression: '"crm." + channel' },
        retries: { kind: 'static', value: '3' },
        headers: {},
      });
      expect(definition.elements['Task_SendOffer']?.type).toBe('SEND_TASK');
    });

    it('compiles a zeebe:userTask to a Camunda user task with assignment, schedule, priority and form', () => {
      expect(definition.elements['Task_Review']).toEqual({
        id: 'Task_Review',
        name: 'Review offer',
        type: 'USER_TASK',
        behavior: 'userTask',
        scopeId: 'offer-handling',
        incoming: ['Flow_3'],
        outgoing: ['Flow_4'],
        inputs: [],
        outputs: [{ source: { kind: 'feel', expression: 'approved' }, target: 'offer.approved' }],
        userTask: {
          assignee: { kind: 'feel', expression: 'owner' },
          candidateGroups: { kind: 'static', value: 'sales, managers' },
          candidateUsers: { kind: 'feel', expression: '["anna", lead.owner]' },
          dueDate: { kind: 'feel', expression: 'now() + duration("P2D")' },
          followUpDate: { kind: 'static', value: '2030-01-15T09:00:00Z' },
          priority: { kind: 'static', value: '75' },
          externalFormReference: { kind: 'static', value: 'https://forms.example.com/review' },
          headers: { stage: 'attraction' },
        },
      });
    });

    it('runs a user task without zeebe:userTask as a job of Zeebe’s user-task type', () => {
      expect(definition.elements['Task_Call']).toMatchObject({
        type: 'USER_TASK',
        behavior: 'jobWorker',
        job: {
          type: { kind: 'static', value: 'io.camunda.zeebe:userTask' },
          retries: { kind: 'static', value: '1' },
          headers: { 'io.camunda.zeebe:formKey': 'camunda-forms:bpmn:UserTaskForm_Call' },
        },
        userTask: { candidateGroups: { kind: 'feel', expression: 'lead.region' }, headers: {} },
      });
    });

    it('keeps the default flow of an exclusive gateway and the FEEL condition of the other', () => {
      expect(definition.elements['Gateway_Potential']).toMatchObject({
        type: 'EXCLUSIVE_GATEWAY',
        behavior: 'exclusiveGateway',
        outgoing: ['Flow_High', 'Flow_Low'],
        defaultFlow: 'Flow_Low',
      });
      expect(definition.flows['Flow_High']).toEqual({
        id: 'Flow_High',
        name: 'high',
        sourceRef: 'Gateway_Potential',
        targetRef: 'Task_SendOffer',
        condition: 'lead.score >= 70',
      });
      expect(definition.flows['Flow_Low']).toEqual({
        id: 'Flow_Low',
        name: 'low',
        sourceRef: 'Gateway_Potential',
        targetRef: 'EndEvent_Dropped',
      });
    });

    it('compiles fork and join parallel gateways with their flows', () => {
      expect(definition.elements['Gateway_Fork']).toMatchObject({
        type: 'PARALLEL_GATEWAY',
        behavior: 'parallelGateway',
        incoming: ['Flow_5'],
        outgoing: ['Flow_6', 'Flow_7'],
      });
      expect(definition.elements['Gateway_Join']).toMatchObject({
        incoming: ['Flow_8', 'Flow_9'],
        outgoing: ['Flow_10'],
      });
    });

    it('passes through manual tasks, undefined tasks, throw and end events', () => {
      const kinds = ['Task_PrintContract', 'Task_Note', 'Event_OfferSent', 'EndEvent_Done'].map(
        (id) => [definition.elements[id]?.type, definition.elements[id]?.behavior],
      );
      expect(kinds).toEqual([
        ['MANUAL_TASK', 'passThrough'],
        ['TASK', 'passThrough'],
        ['INTERMEDIATE_THROW_EVENT', 'passThrough'],
        ['END_EVENT', 'passThrough'],
      ]);
      expect(definition.elements['Task_Note']?.name).toBeNull();
      expect(definition.elements['Event_OfferSent']?.inputs).toEqual([
        { source: { kind: 'feel', expression: 'true' }, target: 'offerSent' },
      ]);
    });

    it('produces plain JSON data', () => {
      expect(JSON.parse(JSON.stringify(definition))).toEqual(definition);
    });
  });

  it('compiles only the executable process of a collaboration with two pools', async () => {
    // given a collaboration whose second pool is drawn, not run, and holds unsupported elements
    const xml = fixture('twoPools');

    // when it is compiled
    const { definitions, warnings } = await compiled(xml);

    // then only the executable process is compiled, and the other pool goes unchecked
    expect(definitions.map((d) => d.processId)).toEqual(['complaint-handling']);
    expect(Object.keys(definitions[0]?.elements ?? {})).toEqual([
      'StartEvent_Complaint',
      'Task_Register',
      'EndEvent_Registered',
    ]);
    expect(warnings).toEqual([]);
  });

  it('rejects a document without an executable process', async () => {
    // given a file whose only process is not executable
    const xml = fixture('noExecutableProcess');

    // when it is compiled
    const problems = await problemsOf(xml);

    // then
    expect(problems).toEqual([{ elementId: null, message: 'no executable process' }]);
  });
});
