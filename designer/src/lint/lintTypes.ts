/** The parts of bpmnlint's rule API (bpmnlint/lib/types.d.ts) the app's rules use. */

/** A bpmn-moddle element as bpmnlint hands it to a rule. */
export interface ModdleNode {
  readonly $type: string;
  readonly $parent?: ModdleNode;
  readonly id?: string;
  $instanceOf(type: string): boolean;
  readonly [property: string]: unknown;
}

export interface Reporter {
  report(id: string | undefined, message: string, path?: unknown): void;
}

export type EnterFn = (node: ModdleNode, reporter: Reporter) => boolean | void;
export type LeaveFn = (node: ModdleNode, reporter: Reporter) => void;

export interface LintRule {
  meta?: { documentation?: { url?: string } };
  check: EnterFn | { enter?: EnterFn; leave?: LeaveFn };
}

export type RuleFactory = (config?: unknown) => LintRule;

export type RuleCategory = 'error' | 'warn' | 'info' | 'off';
