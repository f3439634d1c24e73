/**
 * Compares a saved BPMN document with the one that was opened: the saved tree must hold
 * every element, attribute and text of the original with the same values, in the same
 * order, and nothing else. Only the differences in toleratedDifferences.ts are let
 * through, and each one is recorded.
 */
import { expandedName, type XmlElement } from './parseXmlTree';
import { TOLERATED, type ComparisonContext, type ToleratedRule } from './toleratedDifferences';

const BPMNDI = 'http://www.omg.org/spec/BPMN/20100524/DI';

export interface Difference {
  /** Where in the original (for additions, the saved) tree: `definitions/process#P1@name`. */
  path: string;
  message: string;
}

export interface ToleratedDifference {
  rule: ToleratedRule['name'];
  path: string;
  detail: string;
}

export interface Comparison {
  differences: Difference[];
  tolerated: ToleratedDifference[];
}

interface State extends Comparison, ComparisonContext {}

/**
 * @example
 * const { differences } = compareTrees(parseXmlTree(opened), parseXmlTree(saved));
 * expect(differences).toEqual([]);
 */
export function compareTrees(original: XmlElement, saved: XmlElement): Comparison {
  const state: State = { differences: [], tolerated: [], originalById: indexById(original) };
  if (expandedName(original) === expandedName(saved)) {
    compareElement(original, saved, original.name, state);
  } else {
    state.differences.push({
      path: original.name,
      message: `root is ${expandedName(saved)}, was ${expandedName(original)}`,
    });
  }
  return { differences: state.differences, tolerated: state.tolerated };
}

function compareElement(original: XmlElement, saved: XmlElement, path: string, state: State) {
  compareAttributes(original, saved, path, state);
  if (original.text !== saved.text) {
    state.differences.push({
      path,
      message: `text is ${quote(saved.text)}, was ${quote(original.text)}`,
    });
  }
  compareChildren(original, saved, path, state);
}

function compareAttributes(original: XmlElement, saved: XmlElement, path: string, state: State) {
  const savedByName = new Map(saved.attributes.map((a) => [expandedName(a), a]));
  for (const attribute of original.attributes) {
    const name = expandedName(attribute);
    const counterpart = savedByName.get(name);
    savedByName.delete(name);
    const at = `${path}@${attribute.name}`;
    if (!counterpart) {
      const rule = TOLERATED.find((r) => r.omitted?.(original, attribute, state));
      if (rule) tolerate(state, rule, at, `${name}="${attribute.value}" omitted`);
      else state.differences.push({ path: at, message: `${name}="${attribute.value}" lost` });
    } else if (counterpart.value !== attribute.value) {
      const detail = `${quote(attribute.value)} → ${quote(counterpart.value)}`;
      const rule = TOLERATED.find((r) =>
        r.sameValue?.(original, attribute, saved, counterpart, state),
      );
      if (rule) tolerate(state, rule, at, detail);
      else state.differences.push({ path: at, message: `${name} changed: ${detail}` });
    }
  }
  for (const [name, attribute] of savedByName) {
    const at = `${path}@${attribute.name}`;
    const rule = TOLERATED.find((r) => r.added?.(saved, attribute, original, state));
    if (rule) tolerate(state, rule, at, `${name}="${attribute.value}" added`);
    else state.differences.push({ path: at, message: `${name}="${attribute.value}" added` });
  }
}

function compareChildren(original: XmlElement, saved: XmlElement, path: string, state: State) {
  const savedKeys = childKeys(saved);
  const savedIndex = new Map(savedKeys.map(({ key }, index) => [key, index]));
  const matchedOrder: number[] = [];
  childKeys(original).forEach(({ key, label }, index) => {
    const child = original.children[index]!;
    const childPath = `${path}/${label}`;
    const match = savedIndex.get(key);
    if (match === undefined) {
      state.differences.push({
        path: childPath,
        message: `element ${expandedName(child)} (line ${child.line}) lost`,
      });
      return;
    }
    savedIndex.delete(key);
    matchedOrder.push(match);
    const counterpart = saved.children[match]!;
    if (expandedName(child) !== expandedName(counterpart)) {
      const rule = TOLERATED.find((r) => r.elementKey?.(child) !== undefined)!;
      tolerate(state, rule, childPath, `saved as ${expandedName(counterpart)}`);
    }
    compareElement(child, counterpart, childPath, state);
  });
  for (const index of savedIndex.values()) {
    const child = saved.children[index]!;
    const childPath = `${path}/${savedKeys[index]!.label}`;
    const detail = `element ${expandedName(child)} (saved line ${child.line}) added`;
    const rule = TOLERATED.find((r) => r.addedElement?.(child, state));
    if (rule) tolerate(state, rule, childPath, detail);
    else state.differences.push({ path: childPath, message: detail });
  }
  const inOrder = matchedOrder.every((index, i) => i === 0 || index > matchedOrder[i - 1]!);
  if (!inOrder) {
    const detail = `children reordered: ${matchedOrder.map((i) => savedKeys[i]!.label).join(', ')}`;
    const rule = TOLERATED.find((r) => r.reordered?.(original));
    if (rule) tolerate(state, rule, path, detail);
    else state.differences.push({ path, message: detail });
  }
}

/**
 * A key per child that is the same in both documents: the expanded name with the `id`
 * where there is one; for a BPMNShape or BPMNEdge without one, with the element it
 * shows (bpmn-js reorders the DI, so a position would pair the wrong ones); else with the
 * position among its siblings of that name.
 */
function childKeys(element: XmlElement): { key: string; label: string }[] {
  const seen = new Map<string, number>();
  return element.children.map((child) => {
    const id = idOf(child);
    const shown = id === undefined ? shownElementOf(child) : undefined;
    const name = elementKey(child);
    const tag = id !== undefined ? `#${id}` : shown !== undefined ? `(${shown})` : '';
    const base = `${name}${tag}`;
    const position = seen.get(base) ?? 0;
    seen.set(base, position + 1);
    // A repeated id (an invalid file) still gets a key of its own.
    const suffix = tag === '' || position > 0 ? `[${position}]` : '';
    return { key: `${base}${suffix}`, label: `${child.name}${tag}${suffix}` };
  });
}

function shownElementOf(element: XmlElement): string | undefined {
  if (element.ns !== BPMNDI || (element.name !== 'BPMNShape' && element.name !== 'BPMNEdge')) {
    return undefined;
  }
  return element.attributes.find((a) => a.ns === '' && a.name === 'bpmnElement')?.value;
}

/** The expanded name, or the one a tolerated rule files differently written forms under. */
function elementKey(element: XmlElement): string {
  for (const rule of TOLERATED) {
    const key = rule.elementKey?.(element);
    if (key !== undefined) return key;
  }
  return expandedName(element);
}

function indexById(root: XmlElement): Map<string, XmlElement> {
  const byId = new Map<string, XmlElement>();
  const visit = (element: XmlElement) => {
    const id = idOf(element);
    if (id !== undefined && !byId.has(id)) byId.set(id, element);
    element.children.forEach(visit);
  };
  visit(root);
  return byId;
}

function idOf(element: XmlElement): string | undefined {
  return element.attributes.find((a) => a.ns === '' && a.name === 'id')?.value;
}

function tolerate(state: State, rule: ToleratedRule, path: string, detail: string) {
  state.tolerated.push({ rule: rule.name, path, detail });
}

function quote(value: string): string {
  return JSON.stringify(value.length > 120 ? `${value.slice(0, 117)}…` : value);
}
