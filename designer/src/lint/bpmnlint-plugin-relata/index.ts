/**
 * A local bpmnlint plugin (`relata/…` in a bpmnlint config): the rules that know what
 * Relata's runtime executes, and the config that turns them on.
 */
import type { RuleCategory, RuleFactory } from '../lintTypes';
import jobTypeRequired from './rules/jobTypeRequired';
import unsupportedElement from './rules/unsupportedElement';
import userTaskInputsKept from './rules/userTaskInputsKept';

export const PLUGIN_PACKAGE = 'bpmnlint-plugin-relata';

export const rules: Readonly<Record<string, RuleFactory>> = {
  'unsupported-element': unsupportedElement,
  'job-type-required': jobTypeRequired,
  'user-task-inputs-kept': userTaskInputsKept,
};

export const recommended: Readonly<Record<string, RuleCategory>> = {
  'relata/unsupported-element': 'error',
  'relata/job-type-required': 'error',
  'relata/user-task-inputs-kept': 'warn',
};
