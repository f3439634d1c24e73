/**
 * The lint set-up bpmn-js-bpmnlint runs on every change: Relata's own rules (what the
 * runtime cannot execute) as errors, and a few bpmnlint core rules with texts from the
 * i18n layer. This is the `{ config, resolver }` pair bpmnlint's packer would generate
 * from a `.bpmnlintrc`, written out so the app needs no bundler plugin.
 */
import endEventRequired from 'bpmnlint/rules/end-event-required';
import fakeJoin from 'bpmnlint/rules/fake-join';
import noDisconnected from 'bpmnlint/rules/no-disconnected';
import noImplicitSplit from 'bpmnlint/rules/no-implicit-split';
import startEventRequired from 'bpmnlint/rules/start-event-required';
import superfluousGateway from 'bpmnlint/rules/superfluous-gateway';
import { t, type MessageKey } from '../i18n';
import { PLUGIN_PACKAGE, recommended, rules as relataRules } from './bpmnlint-plugin-relata';
import type { RuleCategory, RuleFactory } from './lintTypes';
import { translatedRule } from './translatedRule';

const CORE_RULES: Readonly<Record<string, [RuleFactory, MessageKey, RuleCategory]>> = {
  'start-event-required': [startEventRequired, 'lint.startEventRequired', 'error'],
  'end-event-required': [endEventRequired, 'lint.endEventRequired', 'warn'],
  'no-disconnected': [noDisconnected, 'lint.noDisconnected', 'warn'],
  'no-implicit-split': [noImplicitSplit, 'lint.noImplicitSplit', 'warn'],
  'fake-join': [fakeJoin, 'lint.fakeJoin', 'warn'],
  'superfluous-gateway': [superfluousGateway, 'lint.superfluousGateway', 'warn'],
};

const factories = new Map<string, RuleFactory>([
  ...Object.entries(relataRules).map(
    ([name, factory]) => [`${PLUGIN_PACKAGE}/${name}`, factory] as const,
  ),
  ...Object.entries(CORE_RULES).map(
    ([name, [factory, key]]) =>
      [`bpmnlint/${name}`, translatedRule(factory, () => t(key))] as const,
  ),
]);

export const lintConfig = {
  config: {
    rules: {
      ...Object.fromEntries(
        Object.entries(CORE_RULES).map(([name, [, , category]]) => [name, category]),
      ),
      ...recommended,
    },
  },
  resolver: {
    resolveRule(pkg: string, ruleName: string): RuleFactory {
      const factory = factories.get(`${pkg}/${ruleName}`);
      if (!factory) throw new Error(`unknown lint rule <${pkg}/${ruleName}>`);
      return factory;
    },
    resolveConfig(pkg: string, configName: string): never {
      throw new Error(`no lint config <${pkg}/${configName}> is bundled`);
    },
  },
};
