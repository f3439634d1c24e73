import { elementProp, elementsProp, type ModdleElement } from '../parse/moddleElement';

/** The sequence flows of a process and, per flow node, its incoming and outgoing flows. */
export interface FlowGraph {
  flows: ModdleElement[];
  incoming(node: ModdleElement): ModdleElement[];
  outgoing(node: ModdleElement): ModdleElement[];
}

/**
 * Builds the graph from the flows' `sourceRef`/`targetRef`, the authoritative ends; the
 * nodes' own `bpmn:incoming`/`bpmn:outgoing` lists are redundant copies and not read.
 */
export function flowGraph(process: ModdleElement): FlowGraph {
  const flows = elementsProp(process, 'flowElements').filter(
    (e) => e.$type === 'bpmn:SequenceFlow',
  );
  const incoming = new Map<ModdleElement, ModdleElement[]>();
  const outgoing = new Map<ModdleElement, ModdleElement[]>();
  const append = (
    map: Map<ModdleElement, ModdleElement[]>,
    key: ModdleElement | undefined,
    flow: ModdleElement,
  ) => {
    if (!key) return;
    const list = map.get(key);
    if (list) list.push(flow);
    else map.set(key, [flow]);
  };
  for (const flow of flows) {
    append(outgoing, elementProp(flow, 'sourceRef'), flow);
    append(incoming, elementProp(flow, 'targetRef'), flow);
  }
  return {
    flows,
    incoming: (node) => incoming.get(node) ?? [],
    outgoing: (node) => outgoing.get(node) ?? [],
  };
}
