import { elementProp, elementsProp, type ModdleElement } from '../parse/moddleElement';

/** The children of an element's `bpmn:extensionElements`, in document order. */
export function extensionValues(element: ModdleElement): ModdleElement[] {
  const container = elementProp(element, 'extensionElements');
  return container ? elementsProp(container, 'values') : [];
}

/** The first extension element of a moddle type such as `zeebe:TaskDefinition`. */
export function findExtension(element: ModdleElement, type: string): ModdleElement | undefined {
  return extensionValues(element).find((value) => value.$type === type);
}

/** The XML tag a Zeebe moddle type is written as: `zeebe:TaskDefinition` → `zeebe:taskDefinition`. */
export function zeebeTag(type: string): string {
  const local = type.slice(type.indexOf(':') + 1);
  return `zeebe:${local.charAt(0).toLowerCase()}${local.slice(1)}`;
}
