import type { ModelProblem } from '../model/CompiledDefinition';
import {
  isInExecutableProcess,
  nearestWithId,
  prefixOf,
  type ModdleElement,
  type ModdleWarning,
} from './moddleElement';
import { ancestorsOf, elementAt, offsetOf, scanXml, type XmlOutline } from './scanXml';

/** Import warnings split into those that reject a deployment and those that are only reported. */
export interface ClassifiedWarnings {
  problems: ModelProblem[];
  warnings: string[];
}

/** Namespaces whose content the engine executes: a misread element there changes behaviour. */
const EXECUTION_PREFIXES = new Set(['bpmn', 'zeebe']);

/** Elements the runtime accepts and ignores; a dangling reference from them is harmless. */
const IGNORED_TYPES = [
  'bpmn:Lane',
  'bpmn:LaneSet',
  'bpmn:Artifact',
  'bpmn:DataAssociation',
  'bpmn:Collaboration',
  'bpmn:MessageFlow',
  'bpmn:Participant',
];

interface Finding {
  message: string;
  /** the element named in the problem */
  subject: { id: string; type: string } | undefined;
  /** the parsed element the finding lies in; undefined when it could not be placed */
  context: ModdleElement | undefined;
  affectsExecution: boolean;
}

// the content quoted in the message may span lines (a tag with attributes on the next line)
const UNPARSABLE = /^unparsable content ([\s\S]*?) ?detected\s+line: (\d+)\s+column: (\d+)/;

function subjectOf(element: ModdleElement | undefined): Finding['subject'] {
  const named = element && nearestWithId(element);
  return named?.id ? { id: named.id, type: named.$type } : undefined;
}

function attributeFinding(warning: ModdleWarning, element: ModdleElement): Finding {
  const property = warning.property ?? '';
  const prefix = prefixOf(property) ?? prefixOf(element.$type);
  return {
    message: `unknown attribute ${property}${element.id ? '' : ` on <${element.$type}>`}`,
    subject: subjectOf(element),
    context: element,
    affectsExecution: prefix !== undefined && EXECUTION_PREFIXES.has(prefix),
  };
}

function referenceFinding(warning: ModdleWarning, element: ModdleElement): Finding | undefined {
  const property = warning.property ?? '';
  const isFlowEnd =
    element.$type === 'bpmn:SequenceFlow' &&
    (property === 'bpmn:sourceRef' || property === 'bpmn:targetRef');
  // validateProcess names a dangling sequence-flow end itself, with a clearer message
  if (isFlowEnd && isInExecutableProcess(element)) return undefined;
  return {
    message: `unresolved reference '${String(warning.value)}' (${property})`,
    subject: subjectOf(element),
    context: element,
    affectsExecution: !IGNORED_TYPES.some((type) => element.$instanceOf(type)),
  };
}

function nestedFinding(nested: string, tag: string): Pick<Finding, 'message' | 'affectsExecution'> {
  const typed = /^(?:unknown type|unrecognized element) <([^:>]+):/.exec(nested);
  if (typed) {
    const misplaced = nested.startsWith('unrecognized');
    return {
      message: misplaced ? `element <${tag}> is not allowed here` : `unknown element <${tag}>`,
      affectsExecution: EXECUTION_PREFIXES.has(typed[1] ?? ''),
    };
  }
  const duplicate = /^duplicate ID <(.*)>$/.exec(nested);
  if (duplicate) return { message: `duplicate id '${duplicate[1]}'`, affectsExecution: true };
  if (nested.startsWith('unexpected body text')) {
    return { message: `unexpected text in <${tag}>`, affectsExecution: false };
  }
  return { message: `cannot read <${tag}>: ${nested}`, affectsExecution: true };
}

function unparsableFinding(
  warning: ModdleWarning,
  xml: string,
  outline: () => XmlOutline,
  elementsById: Record<string, ModdleElement>,
): Finding | undefined {
  const match = UNPARSABLE.exec(warning.message);
  if (!match) {
    if (!warning.message.startsWith('unparsable content')) return undefined;
    // a reader failure that cannot be placed counts against the executable processes
    const nested = nestedFinding(warning.error?.message ?? warning.message, '?');
    return { ...nested, subject: undefined, context: undefined };
  }
  const offset = offsetOf(xml, Number(match[2]), Number(match[3]));
  const scanned = outline();
  const located = elementAt(scanned, offset);
  const failedHere = located !== undefined && located.start === offset;
  // moddle skipped the element that failed, so its parsed context is an ancestor
  const ancestors = located ? ancestorsOf(scanned, located) : [];
  const chain = located && !failedHere ? [located, ...ancestors] : ancestors;
  const parsed = chain.find((node) => node.id !== undefined && elementsById[node.id]);
  const context = parsed?.id === undefined ? undefined : elementsById[parsed.id];
  const tag = located?.name ?? match[1]?.replace(/^<\/?|\/?>$/g, '') ?? '';
  const { message, affectsExecution } = nestedFinding(warning.error?.message ?? '', tag);
  const ownId = failedHere && located.id ? { id: located.id, type: located.name } : undefined;
  return { message, subject: ownId ?? subjectOf(context), context, affectsExecution };
}

function describe(finding: Finding): string {
  return finding.subject
    ? `${finding.message} (element '${finding.subject.id}', ${finding.subject.type})`
    : finding.message;
}

/**
 * Sorts moddle's import warnings: those that change what an executable process does
 * (unknown `bpmn:`/`zeebe:` elements and attributes, dangling references, duplicate ids)
 * become problems naming the element; diagram-only findings, foreign namespaces and
 * anything outside executable processes become warning strings.
 *
 * @example
 * classifyWarnings(result.warnings, xml, result.elementsById).problems;
 * // [{ elementId: 'Task_1', elementType: 'bpmn:ServiceTask', message: 'unknown element <zeebe:fooBar>' }]
 */
export function classifyWarnings(
  moddleWarnings: ModdleWarning[],
  xml: string,
  elementsById: Record<string, ModdleElement>,
): ClassifiedWarnings {
  const result: ClassifiedWarnings = { problems: [], warnings: [] };
  let cached: XmlOutline | undefined;
  const outline = (): XmlOutline => (cached ??= scanXml(xml));

  for (const warning of moddleWarnings) {
    const element = warning.element;
    let finding: Finding | undefined;
    if (element && warning.message.startsWith('unknown attribute')) {
      finding = attributeFinding(warning, element);
    } else if (element && warning.message.startsWith('unresolved reference')) {
      finding = referenceFinding(warning, element);
      if (!finding) continue;
    } else {
      finding = unparsableFinding(warning, xml, outline, elementsById);
    }
    if (!finding) {
      result.warnings.push(warning.message);
      continue;
    }
    // a finding that cannot be placed is treated as if it were in an executable process
    const executable = finding.context ? isInExecutableProcess(finding.context) : true;
    if (finding.affectsExecution && executable) {
      result.problems.push({
        elementId: finding.subject?.id ?? null,
        ...(finding.subject ? { elementType: finding.subject.type } : {}),
        message: finding.message,
      });
    } else {
      result.warnings.push(describe(finding));
    }
  }
  return result;
}
