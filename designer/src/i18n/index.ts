/**
 * The i18n layer: every string the app shows comes from a catalogue through {@link t}.
 * English is the reference catalogue; Ukrainian and Russian follow (D5) as catalogues
 * with the same keys.
 *
 *   key + params ──t()──▶ catalogue[locale][key] (or English) ──interpolate──▶ text
 */
import { en, type MessageKey } from './en';

export type { MessageKey } from './en';

/** A catalogue: a text for every key; `{name}` marks a parameter. */
export type Catalogue = Readonly<Record<MessageKey, string>>;

export type MessageParams = Readonly<Record<string, string | number>>;

const catalogues: Readonly<Record<string, Catalogue>> = { en };

let locale = 'en';

/**
 * The text of `key` in the current locale, with `{name}` replaced by `params.name`.
 *
 * @example
 * t('modeler.deploy.success', { name: 'Complaint handling', version: 3 });
 */
export function t(key: MessageKey, params: MessageParams = {}): string {
  const template = catalogues[locale]?.[key] ?? en[key];
  return interpolate(template, params);
}

/** Replaces `{name}` by `params.name`; unknown names stay as they are. */
export function interpolate(template: string, params: MessageParams): string {
  return template.replace(/\{([A-Za-z0-9_]+)\}/g, (whole, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : whole,
  );
}

/**
 * bpmn-js and its plugins pass English templates (`'Append {type}'`) to their `translate`
 * service; a locale maps those templates here. English needs no entries.
 */
const diagramCatalogues: Readonly<Record<string, Readonly<Record<string, string>>>> = { en: {} };

/**
 * bpmn-js's `translate` service, through this layer (see modeler/translate).
 *
 * @example
 * translateDiagram('Append {type}', { type: 'Task' }); // 'Append Task'
 */
export function translateDiagram(template: string, replacements: MessageParams = {}): string {
  const localized = diagramCatalogues[locale]?.[template] ?? template;
  return interpolate(localized, replacements);
}

/** The locales that have a catalogue. */
export function availableLocales(): string[] {
  return Object.keys(catalogues);
}

export function currentLocale(): string {
  return locale;
}

/**
 * Switches to the first of `preferred` (BCP 47 tags, best first) that has a catalogue,
 * matching on the language part; English when none has.
 *
 * @example
 * setLocale(navigator.languages); // 'uk-UA' picks 'uk' once that catalogue exists
 */
export function setLocale(preferred: readonly string[]): string {
  const found = preferred
    .map((tag) => tag.toLowerCase().split('-')[0] ?? '')
    .find((language) => Object.hasOwn(catalogues, language));
  locale = found ?? 'en';
  document.documentElement.lang = locale;
  return locale;
}
