import type { EnterFn, LeaveFn, LintRule, Reporter, RuleFactory } from './lintTypes';

/**
 * A bpmnlint core rule whose reports say `message()` (from the i18n layer) instead of its
 * built-in English text. Only for rules that report one kind of finding.
 *
 * @example
 * translatedRule(noDisconnected, () => t('lint.noDisconnected'));
 */
export function translatedRule(factory: RuleFactory, message: () => string): RuleFactory {
  return (config) => {
    const rule: LintRule = factory(config);
    const translating = (reporter: Reporter): Reporter => ({
      report: (id, _message, path) => reporter.report(id, message(), path),
    });
    const { check } = rule;
    if (typeof check === 'function') {
      return { ...rule, check: (node, reporter) => check(node, translating(reporter)) };
    }
    const enter: EnterFn | undefined = check.enter;
    const leave: LeaveFn | undefined = check.leave;
    return {
      ...rule,
      check: {
        ...(enter && { enter: (node, reporter) => enter(node, translating(reporter)) }),
        ...(leave && { leave: (node, reporter) => leave(node, translating(reporter)) }),
      },
    };
  };
}
