/**
 * The layout a BPMN file draws: each BPMNShape's bounds and each BPMNEdge's waypoints
 * (and their labels' bounds), read from a parsed tree, compared as numbers.
 */
import type { XmlElement } from './parseXmlTree';

const BPMNDI = 'http://www.omg.org/spec/BPMN/20100524/DI';
const DC = 'http://www.omg.org/spec/DD/20100524/DC';
const DI = 'http://www.omg.org/spec/DD/20100524/DI';

export interface DiagramElementLayout {
  kind: 'shape' | 'edge';
  /** The DI element's id, or `<bpmnElement>[n]` when it has none. */
  key: string;
  bpmnElement: string;
  /** Bounds as x, y, width, height; waypoints as x, y pairs. */
  points: number[];
  labelBounds: number[] | null;
}

/**
 * @example
 * diagramLayout(parseXmlTree(xml)).filter((d) => d.kind === 'shape').length; // BPMNShapes
 */
export function diagramLayout(root: XmlElement): DiagramElementLayout[] {
  const layout: DiagramElementLayout[] = [];
  const unnamed = new Map<string, number>();
  const visit = (element: XmlElement) => {
    const kind = isDi(element, 'BPMNShape') ? 'shape' : isDi(element, 'BPMNEdge') ? 'edge' : null;
    if (!kind) {
      element.children.forEach(visit);
      return;
    }
    const bpmnElement = attribute(element, 'bpmnElement') ?? '';
    let key = attribute(element, 'id');
    if (key === undefined) {
      const n = unnamed.get(bpmnElement) ?? 0;
      unnamed.set(bpmnElement, n + 1);
      key = `${bpmnElement}[${n}]`;
    }
    const label = element.children.find((child) => isDi(child, 'BPMNLabel'));
    const labelBounds = label?.children.find(isBounds);
    layout.push({
      kind,
      key,
      bpmnElement,
      points:
        kind === 'shape'
          ? boundsOf(element.children.find(isBounds))
          : element.children
              .filter((child) => child.ns === DI && child.name === 'waypoint')
              .flatMap((waypoint) => [number(waypoint, 'x'), number(waypoint, 'y')]),
      labelBounds: labelBounds ? boundsOf(labelBounds) : null,
    });
  };
  visit(root);
  return layout;
}

/** What differs between two layouts, one line per shape or edge; empty when they are equal. */
export function compareLayouts(
  original: DiagramElementLayout[],
  saved: DiagramElementLayout[],
): string[] {
  const savedByKey = new Map(saved.map((item) => [`${item.kind} ${item.key}`, item]));
  const differences: string[] = [];
  for (const item of original) {
    const name = `${item.kind} ${item.key}`;
    const counterpart = savedByKey.get(name);
    savedByKey.delete(name);
    if (!counterpart) differences.push(`${name} (${item.bpmnElement}) lost`);
    else {
      if (counterpart.bpmnElement !== item.bpmnElement) {
        differences.push(`${name} shows ${counterpart.bpmnElement}, was ${item.bpmnElement}`);
      }
      if (!sameNumbers(item.points, counterpart.points)) {
        const what = item.kind === 'shape' ? 'bounds' : 'waypoints';
        differences.push(`${name} ${what} [${counterpart.points}], were [${item.points}]`);
      }
      if (!sameNumbers(item.labelBounds, counterpart.labelBounds)) {
        differences.push(
          `${name} label bounds [${counterpart.labelBounds}], were [${item.labelBounds}]`,
        );
      }
    }
  }
  for (const [name, item] of savedByKey) differences.push(`${name} (${item.bpmnElement}) added`);
  return differences;
}

function sameNumbers(a: number[] | null, b: number[] | null): boolean {
  if (a === null || b === null) return a === b;
  const same = (x: number, y: number) => x === y || (Number.isNaN(x) && Number.isNaN(y));
  return a.length === b.length && a.every((value, i) => same(value, b[i]!));
}

function boundsOf(bounds: XmlElement | undefined): number[] {
  if (!bounds) return [];
  return ['x', 'y', 'width', 'height'].map((name) => number(bounds, name));
}

function isDi(element: XmlElement, name: string): boolean {
  return element.ns === BPMNDI && element.name === name;
}

function isBounds(element: XmlElement): boolean {
  return element.ns === DC && element.name === 'Bounds';
}

function attribute(element: XmlElement, name: string): string | undefined {
  return element.attributes.find((a) => a.ns === '' && a.name === name)?.value;
}

function number(element: XmlElement, name: string): number {
  // DC.xsd requires every coordinate; a missing one reads as NaN on both sides.
  return Number(attribute(element, name) ?? NaN);
}
