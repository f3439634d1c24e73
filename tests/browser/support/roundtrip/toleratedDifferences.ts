/**
 * The differences between an opened and a saved BPMN file that the round-trip test lets
 * through, each with why. Prefix names, attribute order, whitespace between elements,
 * comments and the XML declaration never reach the comparison: parseXmlTree resolves
 * names to namespace URIs and keeps none of them. The rules below are of two kinds:
 * forms that mean the same by the BPMN schemas (an xsi:type naming the declared type, a
 * number's lexical form, an omitted default, a substitution-group form), and what
 * bpmn-js itself adds or orders on save (DI in drawing order, gateway markers, empty
 * sub-process planes). Anything else is a difference. Each rule is here because a file
 * under tests/fixtures/bpmn/ needs it.
 */
import {
  expandedName,
  resolveQNameValue,
  type XmlAttribute,
  type XmlElement,
} from './parseXmlTree';

const BPMN = 'http://www.omg.org/spec/BPMN/20100524/MODEL';
const BPMNDI = 'http://www.omg.org/spec/BPMN/20100524/DI';
const DC = 'http://www.omg.org/spec/DD/20100524/DC';
const DI = 'http://www.omg.org/spec/DD/20100524/DI';
const XSI = 'http://www.w3.org/2001/XMLSchema-instance';

export interface ComparisonContext {
  /** The original document's elements by id. */
  originalById: ReadonlyMap<string, XmlElement>;
}

export interface ToleratedRule {
  name: string;
  /** An attribute of the original that the saved element lacks. */
  omitted?(original: XmlElement, attribute: XmlAttribute, context: ComparisonContext): boolean;
  /** An attribute of the saved element that the original lacks. */
  added?(
    saved: XmlElement,
    attribute: XmlAttribute,
    original: XmlElement,
    context: ComparisonContext,
  ): boolean;
  /** An attribute both have, with different text. */
  sameValue?(
    original: XmlElement,
    attribute: XmlAttribute,
    saved: XmlElement,
    savedAttribute: XmlAttribute,
    context: ComparisonContext,
  ): boolean;
  /** A name under which differently written children are the same element. */
  elementKey?(element: XmlElement): string | undefined;
  /** A child of the saved tree that the original lacks. */
  addedElement?(element: XmlElement, context: ComparisonContext): boolean;
  /** The children of `original` come back in another order. */
  reordered?(original: XmlElement): boolean;
}

/**
 * Attribute defaults of the BPMN 2.0 schema (Semantic.xsd, BPMN20.xsd) that bpmn-moddle
 * also declares as its defaults, and therefore does not write. An omitted attribute
 * takes its default, so the saved file means the same. Each default here is the same
 * for every BPMN element that has the attribute, unless `element` names the one element
 * it applies to.
 */
const SCHEMA_DEFAULTS: { attribute: string; value: string; element?: string }[] = [
  { attribute: 'startQuantity', value: '1' }, // tActivity
  { attribute: 'completionQuantity', value: '1' }, // tActivity
  { attribute: 'isForCompensation', value: 'false' }, // tActivity
  { attribute: 'triggeredByEvent', value: 'false' }, // tSubProcess
  { attribute: 'isInterrupting', value: 'true' }, // tStartEvent
  { attribute: 'parallelMultiple', value: 'false' }, // tCatchEvent
  { attribute: 'instantiate', value: 'false' }, // tEventBasedGateway, tReceiveTask
  { attribute: 'eventGatewayType', value: 'Exclusive' }, // tEventBasedGateway
  { attribute: 'isCollection', value: 'false' }, // tItemDefinition, tDataInput/Output/Object
  { attribute: 'textFormat', value: 'text/plain' }, // tDocumentation, tTextAnnotation
  { attribute: 'typeLanguage', value: 'http://www.w3.org/2001/XMLSchema', element: 'definitions' },
  {
    attribute: 'expressionLanguage',
    value: 'http://www.w3.org/1999/XPath',
    element: 'definitions',
  },
  { attribute: 'gatewayDirection', value: 'Unspecified' }, // tGateway
  { attribute: 'cancelActivity', value: 'true' }, // tBoundaryEvent
  { attribute: 'waitForCompletion', value: 'true' }, // tCompensateEventDefinition
  { attribute: 'isSequential', value: 'false' }, // tMultiInstanceLoopCharacteristics
  { attribute: 'behavior', value: 'All', element: 'multiInstanceLoopCharacteristics' },
  { attribute: 'testBefore', value: 'false' }, // tStandardLoopCharacteristics
  { attribute: 'cancelRemainingInstances', value: 'true' }, // tAdHocSubProcess
  { attribute: 'isUnlimited', value: 'true', element: 'dataStore' },
  { attribute: 'mustUnderstand', value: 'false' }, // tExtension
  { attribute: 'isReference', value: 'false' }, // tExtensionAttributeDefinition
  { attribute: 'minimum', value: '0', element: 'participantMultiplicity' },
  { attribute: 'maximum', value: '1', element: 'participantMultiplicity' },
  { attribute: 'loopType', value: 'None' }, // tChoreographyActivity
];

/** Attributes typed xsd:double (DC.xsd, DI.xsd, BPMNDI.xsd), which bpmn-moddle reads as numbers. */
const DOUBLES = new Set([
  `{${DC}}Bounds@x`,
  `{${DC}}Bounds@y`,
  `{${DC}}Bounds@width`,
  `{${DC}}Bounds@height`,
  `{${DI}}waypoint@x`,
  `{${DI}}waypoint@y`,
  `{${DC}}Font@size`,
  `{${BPMNDI}}BPMNDiagram@resolution`,
]);

/** Elements whose declared schema type is this one, so an `xsi:type` naming it says nothing. */
const DECLARED_TYPES = new Map([[`{${DI}}waypoint`, `{${DC}}Point`]]);

const FORMAL_EXPRESSION_TYPE = `{${BPMN}}tFormalExpression`;

function isFormalExpressionElement(element: XmlElement): boolean {
  return element.ns === BPMN && element.name === 'formalExpression';
}

function isXsiType(attribute: XmlAttribute): boolean {
  return attribute.ns === XSI && attribute.name === 'type';
}

function plainAttribute(element: XmlElement, name: string): string | undefined {
  return element.attributes.find((a) => a.ns === '' && a.name === name)?.value;
}

/** The BPMN element a DI element shows, looked up in the original document. */
function shownElement(di: XmlElement, context: ComparisonContext): XmlElement | undefined {
  const id = plainAttribute(di, 'bpmnElement');
  return id === undefined ? undefined : context.originalById.get(id);
}

const SUB_PROCESSES = new Set(['subProcess', 'adHocSubProcess', 'transaction']);

export const TOLERATED: ToleratedRule[] = [
  {
    // `<di:waypoint xsi:type="dc:Point">`: the waypoint is a dc:Point by its declaration.
    name: 'xsi:type of the declared type',
    omitted: (original, attribute) =>
      isXsiType(attribute) &&
      DECLARED_TYPES.get(expandedName(original)) === resolveQNameValue(original, attribute.value),
  },
  {
    // An xsi:type value is a QName: `tFormalExpression` under a default namespace,
    // `semantic:tFormalExpression` and `bpmn:tFormalExpression` name the same type when
    // their prefixes resolve to the same namespace.
    name: 'xsi:type under another prefix',
    sameValue: (original, attribute, saved, savedAttribute) =>
      isXsiType(attribute) &&
      resolveQNameValue(original, attribute.value) ===
        resolveQNameValue(saved, savedAttribute.value),
  },
  {
    // Coordinates and sizes are xsd:double: `100.0` and `100` are the same number.
    name: 'number lexical form',
    sameValue: (original, attribute, _saved, savedAttribute) =>
      attribute.ns === '' &&
      DOUBLES.has(`${expandedName(original)}@${attribute.name}`) &&
      Number(attribute.value) === Number(savedAttribute.value),
  },
  {
    name: 'schema default omitted',
    omitted: (original, attribute) =>
      original.ns === BPMN &&
      attribute.ns === '' &&
      SCHEMA_DEFAULTS.some(
        (d) =>
          d.attribute === attribute.name &&
          d.value === attribute.value &&
          (d.element === undefined || d.element === original.name),
      ),
  },
  {
    // `<formalExpression>` is in the substitution group of `<expression>`; bpmn-moddle
    // writes it as `<expression xsi:type="tFormalExpression">`, the same element by the
    // schema, with the same content.
    name: 'formalExpression as expression xsi:type',
    elementKey: (element) => {
      if (isFormalExpressionElement(element))
        return `{${BPMN}}expression:${FORMAL_EXPRESSION_TYPE}`;
      const type = element.attributes.find(isXsiType);
      if (
        element.ns === BPMN &&
        element.name === 'expression' &&
        type &&
        resolveQNameValue(element, type.value) === FORMAL_EXPRESSION_TYPE
      ) {
        return `{${BPMN}}expression:${FORMAL_EXPRESSION_TYPE}`;
      }
      return undefined;
    },
    added: (saved, attribute, original) =>
      isFormalExpressionElement(original) &&
      isXsiType(attribute) &&
      resolveQNameValue(saved, attribute.value) === FORMAL_EXPRESSION_TYPE,
  },
  {
    // bpmn-js's BpmnDiOrdering rewrites each plane on save in the order it draws the
    // elements (containers before what they contain). The same shapes and edges with the
    // same bounds and waypoints come back; only their sequence in the plane differs.
    name: 'DI in drawing order',
    reordered: (original) => original.ns === BPMNDI && original.name === 'BPMNPlane',
  },
  {
    // bpmn-js draws the marker of an exclusive gateway whose DI does not say, and writes
    // isMarkerVisible="true" so that other tools draw it too (ElementFactory).
    name: 'exclusive gateway marker written',
    added: (saved, attribute, _original, context) =>
      saved.ns === BPMNDI &&
      saved.name === 'BPMNShape' &&
      attribute.ns === '' &&
      attribute.name === 'isMarkerVisible' &&
      attribute.value === 'true' &&
      shownElement(saved, context)?.name === 'exclusiveGateway',
  },
  {
    // bpmn-js shows a collapsed sub-process on a plane of its own and adds an empty
    // diagram for one that has none (SubprocessCompatibility). Only an empty one passes:
    // one that DI was moved into is a difference of its own.
    name: 'empty plane for a collapsed sub-process',
    addedElement: (element, context) => {
      const [plane, ...rest] = element.children;
      return (
        element.ns === BPMNDI &&
        element.name === 'BPMNDiagram' &&
        element.attributes.length === 0 &&
        rest.length === 0 &&
        plane !== undefined &&
        plane.ns === BPMNDI &&
        plane.name === 'BPMNPlane' &&
        plane.children.length === 0 &&
        plane.attributes.length === 1 &&
        SUB_PROCESSES.has(shownElement(plane, context)?.name ?? '')
      );
    },
  },
];
