// Packages of the bpmn-io family that ship no TypeScript declarations: the few exports
// the app uses, typed as loosely as they are documented.

declare module 'bpmn-js-properties-panel' {
  import type { ModuleDeclaration } from 'didi';
  export const BpmnPropertiesPanelModule: ModuleDeclaration;
  export const BpmnPropertiesProviderModule: ModuleDeclaration;
  export const ZeebePropertiesProviderModule: ModuleDeclaration;
}

declare module 'camunda-bpmn-js-behaviors/lib/camunda-cloud' {
  import type { ModuleDeclaration } from 'didi';
  const ZeebeBehaviorsModule: ModuleDeclaration;
  export default ZeebeBehaviorsModule;
}

declare module 'bpmn-js-bpmnlint' {
  import type { ModuleDeclaration } from 'didi';
  const LintModule: ModuleDeclaration;
  export default LintModule;
}

declare module 'bpmnlint/rules/*' {
  /** A bpmnlint rule factory; designer/src/lint/lintTypes.ts types what it returns. */
  const rule: (config?: unknown) => import('../lint/lintTypes').LintRule;
  export default rule;
}
