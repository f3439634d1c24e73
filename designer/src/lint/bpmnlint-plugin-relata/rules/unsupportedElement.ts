import { unsupportedReason } from '../../../../../runtime/src/compile/supportedElements';
import { t } from '../../../i18n';
import type { LintRule } from '../../lintTypes';

/**
 * `relata/unsupported-element`: flags each flow element of a process that the runtime
 * cannot execute yet (script tasks, compensation, …), for the reason the
 * runtime itself gives at deploy (runtime/src/compile/supportedElements.ts), so the
 * designer and the server never disagree.
 */
export default function unsupportedElement(): LintRule {
  return {
    check(node, reporter) {
      if (!node.$instanceOf('bpmn:FlowElement')) return;
      // The runtime validates the flow elements of a process and of its subprocesses;
      // what sits inside an unsupported subprocess is covered by that one's own report.
      for (let scope = node.$parent; !scope?.$instanceOf('bpmn:Process'); scope = scope.$parent) {
        if (!scope || unsupportedReason(scope)) return;
      }
      const reason = unsupportedReason(node);
      if (reason) reporter.report(node.id, t('lint.unsupportedElement', { reason }));
    },
  };
}
