/**
 * A read-only view of bpmn-moddle elements. moddle builds its objects from descriptors at
 * run time, so the compiler reads properties by name through these helpers instead of
 * trusting a static type.
 */

/** The part of a bpmn-moddle element the compiler relies on. */
export interface ModdleElement {
  readonly $type: string;
  readonly $parent?: ModdleElement;
  readonly $attrs?: Record<string, string>;
  readonly id?: string;
  $instanceOf(type: string): boolean;
}

/** A warning collected by moddle-xml while it read the document. */
export interface ModdleWarning {
  message: string;
  element?: ModdleElement;
  property?: string;
  value?: unknown;
  error?: Error;
}

/** A reference (`sourceRef`, `default`, …) as written in the XML, resolved or not. */
export interface ModdleReference {
  element: ModdleElement;
  property: string;
  id: string;
}

function read(element: ModdleElement, name: string): unknown {
  return (element as unknown as Record<string, unknown>)[name];
}

function isElement(value: unknown): value is ModdleElement {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as ModdleElement).$type === 'string'
  );
}

/** Whether a property was written in the XML, as opposed to read from its descriptor default. */
export function isWritten(element: ModdleElement, name: string): boolean {
  return Object.hasOwn(element, name);
}

/** A string property, or undefined when it is absent or not a string. */
export function stringProp(element: ModdleElement, name: string): string | undefined {
  const value = read(element, name);
  return typeof value === 'string' ? value : undefined;
}

/** A boolean property (moddle applies the descriptor's default). */
export function booleanProp(element: ModdleElement, name: string): boolean | undefined {
  const value = read(element, name);
  return typeof value === 'boolean' ? value : undefined;
}

/** A single contained or referenced element. */
export function elementProp(element: ModdleElement, name: string): ModdleElement | undefined {
  const value = read(element, name);
  return isElement(value) ? value : undefined;
}

/** A many-valued property; an absent collection reads as empty. */
export function elementsProp(element: ModdleElement, name: string): ModdleElement[] {
  const value = read(element, name);
  return Array.isArray(value) ? value.filter(isElement) : [];
}

/** The element itself or its nearest ancestor that carries an id. */
export function nearestWithId(element: ModdleElement): ModdleElement | undefined {
  for (let current: ModdleElement | undefined = element; current; current = current.$parent) {
    if (current.id) return current;
  }
  return undefined;
}

/** The `bpmn:Process` an element belongs to, if any. */
export function enclosingProcess(element: ModdleElement): ModdleElement | undefined {
  for (let current: ModdleElement | undefined = element; current; current = current.$parent) {
    if (current.$type === 'bpmn:Process') return current;
  }
  return undefined;
}

/** Whether the element lies inside a process marked `isExecutable="true"`. */
export function isInExecutableProcess(element: ModdleElement): boolean {
  const process = enclosingProcess(element);
  return process !== undefined && booleanProp(process, 'isExecutable') === true;
}

/** The namespace prefix of a moddle type or property name (`zeebe:TaskDefinition` → `zeebe`). */
export function prefixOf(name: string): string | undefined {
  const colon = name.indexOf(':');
  return colon > 0 ? name.slice(0, colon) : undefined;
}
