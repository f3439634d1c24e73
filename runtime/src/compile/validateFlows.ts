import type { ModdleElement, ModdleReference } from '../parse/moddleElement';
import { elementProp, stringProp } from '../parse/moddleElement';
import { isFeel } from './expressions';
import type { ProblemCollector } from './problemCollector';
import { validateExpression } from './validateExpression';

const CONDITIONAL_SOURCES = new Set(['bpmn:ExclusiveGateway', 'bpmn:InclusiveGateway']);

const ENDS = [
  ['sourceRef', 'source'],
  ['targetRef', 'target'],
] as const;

function validateEnds(
  flow: ModdleElement,
  process: ModdleElement,
  references: ModdleReference[],
  collector: ProblemCollector,
): void {
  for (const [property, role] of ENDS) {
    const end = elementProp(flow, property);
    if (!end) {
      const written = references.find(
        (r) => r.element === flow && r.property === `bpmn:${property}`,
      );
      collector.add(
        flow,
        written
          ? `sequence flow ${role} '${written.id}' does not exist`
          : `sequence flow must have a ${role} (${property})`,
      );
    } else if (!end.$instanceOf('bpmn:FlowNode') || end.$parent !== process) {
      collector.add(
        flow,
        `sequence flow ${role} '${end.id}' is not a flow node of ${process.$type === 'bpmn:Process' ? 'process' : 'subprocess'} '${process.id}'`,
      );
    }
  }
}

function validateCondition(flow: ModdleElement, collector: ProblemCollector): void {
  const condition = elementProp(flow, 'conditionExpression');
  if (!condition) return;
  const source = elementProp(flow, 'sourceRef');
  if (!source) return;
  // Zeebe rejects conditions on flows out of anything but exclusive and inclusive
  // gateways (its FlowNodeValidator), parallel gateways included, rather than ignoring them
  if (!CONDITIONAL_SOURCES.has(source.$type)) {
    collector.add(
      flow,
      `a condition is only allowed on a flow out of an exclusive or inclusive gateway, not out of ${source.$type} '${source.id}'`,
    );
    return;
  }
  const body = (stringProp(condition, 'body') ?? '').trim();
  if (body === '') collector.add(flow, 'condition is empty');
  else if (!isFeel(body)) {
    collector.add(flow, `condition must be a FEEL expression starting with '=', not '${body}'`);
  } else validateExpression(collector, flow, 'condition', body);
}

/** Sequence flows: both ends exist in the process; conditions are FEEL and where they belong. */
export function validateSequenceFlow(
  flow: ModdleElement,
  process: ModdleElement,
  references: ModdleReference[],
  collector: ProblemCollector,
): void {
  validateEnds(flow, process, references, collector);
  validateCondition(flow, collector);
}

/**
 * An exclusive or inclusive gateway's default flow leaves the gateway (Zeebe's rule for
 * both; an inclusive gateway needs nothing more). Returns the default flow, if any.
 */
export function validateDefaultFlow(
  gateway: ModdleElement,
  outgoing: ModdleElement[],
  collector: ProblemCollector,
): ModdleElement | undefined {
  const defaultFlow = elementProp(gateway, 'default');
  if (defaultFlow && !outgoing.includes(defaultFlow)) {
    collector.add(
      gateway,
      `default flow '${defaultFlow.id}' must be an outgoing flow of this gateway`,
    );
  }
  return defaultFlow;
}

/**
 * An exclusive gateway's default flow leaves the gateway, and when it forks every other
 * outgoing flow has a condition (Zeebe's rules).
 */
export function validateExclusiveGateway(
  gateway: ModdleElement,
  outgoing: ModdleElement[],
  collector: ProblemCollector,
): void {
  const defaultFlow = validateDefaultFlow(gateway, outgoing, collector);
  if (outgoing.length < 2) return;
  for (const flow of outgoing) {
    if (flow !== defaultFlow && !elementProp(flow, 'conditionExpression')) {
      collector.add(
        flow,
        `must have a condition or be the default flow of gateway '${gateway.id}'`,
      );
    }
  }
}

/** Start events have no incoming flows, end events no outgoing ones. */
export function validateEventFlows(
  event: ModdleElement,
  incoming: ModdleElement[],
  outgoing: ModdleElement[],
  collector: ProblemCollector,
): void {
  if (event.$type === 'bpmn:StartEvent' && incoming.length > 0) {
    collector.add(event, 'start events must not have incoming sequence flows');
  }
  if (event.$type === 'bpmn:EndEvent' && outgoing.length > 0) {
    collector.add(event, 'end events must not have outgoing sequence flows');
  }
}
