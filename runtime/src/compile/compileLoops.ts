/**
 * Multi-instance loop characteristics compiled to data: `zeebe:loopCharacteristics`
 * (input collection and element, output collection and element) and the BPMN
 * completion condition. The same reader serves validation.
 */
import type { MultiInstanceDefinition } from '../model/CompiledDefinition';
import { booleanProp, elementProp, stringProp, type ModdleElement } from '../parse/moddleElement';
import { isFeel, toExpression } from './expressions';
import type { ProblemCollector } from './problemCollector';
import { validateExpression } from './validateExpression';
import { findExtension } from './zeebeExtensions';

/** The written parts of an activity's multi-instance characteristics, trimmed. */
export interface LoopParts {
  sequential: boolean;
  inputCollection: string;
  inputElement: string;
  outputCollection: string;
  outputElement: string;
  completionCondition: string;
}

export function loopPartsOf(activity: ModdleElement): LoopParts | undefined {
  const loop = elementProp(activity, 'loopCharacteristics');
  if (loop?.$type !== 'bpmn:MultiInstanceLoopCharacteristics') return undefined;
  const zeebe = findExtension(loop, 'zeebe:LoopCharacteristics');
  const read = (name: string) => ((zeebe && stringProp(zeebe, name)) ?? '').trim();
  const condition = elementProp(loop, 'completionCondition');
  return {
    sequential: booleanProp(loop, 'isSequential') === true,
    inputCollection: read('inputCollection'),
    inputElement: read('inputElement'),
    outputCollection: read('outputCollection'),
    outputElement: read('outputElement'),
    completionCondition: ((condition && stringProp(condition, 'body')) ?? '').trim(),
  };
}

export function compileMultiInstance(activity: ModdleElement): MultiInstanceDefinition | undefined {
  const parts = loopPartsOf(activity);
  if (!parts) return undefined;
  return {
    sequential: parts.sequential,
    inputCollection: toExpression(parts.inputCollection),
    inputElement: parts.inputElement || null,
    outputCollection: parts.outputCollection || null,
    outputElement: parts.outputElement ? toExpression(parts.outputElement) : null,
    completionCondition: parts.completionCondition
      ? parts.completionCondition.replace(/^=/, '').trim()
      : null,
  };
}

/** Zeebe's rules: an input collection (FEEL), variable names for the rest, FEEL outputs. */
export function validateMultiInstance(activity: ModdleElement, c: ProblemCollector): void {
  const parts = loopPartsOf(activity);
  if (!parts) return;
  if (!parts.inputCollection) {
    c.add(
      activity,
      'a multi-instance activity must have an input collection (zeebe:loopCharacteristics inputCollection)',
    );
  } else if (!isFeel(parts.inputCollection)) {
    c.add(
      activity,
      `the input collection must be a FEEL expression starting with '=', not '${parts.inputCollection}'`,
    );
  } else validateExpression(c, activity, 'the input collection', parts.inputCollection);
  for (const [name, value] of [
    ['inputElement', parts.inputElement],
    ['outputCollection', parts.outputCollection],
  ] as const) {
    if (value && !VARIABLE_NAME.test(value)) {
      c.add(activity, `${name} '${value}' must be a variable name`);
    }
  }
  if (parts.outputCollection && !parts.outputElement) {
    c.add(
      activity,
      'an output collection needs an output element (zeebe:loopCharacteristics outputElement)',
    );
  }
  if (parts.outputElement && !parts.outputCollection) {
    c.add(
      activity,
      'an output element needs an output collection (zeebe:loopCharacteristics outputCollection)',
    );
  }
  if (parts.outputElement)
    validateExpression(c, activity, 'the output element', parts.outputElement);
  if (parts.completionCondition) {
    const condition = isFeel(parts.completionCondition)
      ? parts.completionCondition
      : `=${parts.completionCondition}`;
    validateExpression(c, activity, 'the completion condition', condition);
  }
}

const VARIABLE_NAME = /^[A-Za-z_][\w]*$/;
