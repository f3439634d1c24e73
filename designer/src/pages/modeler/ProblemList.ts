import { h, replaceChildren } from '../../dom/h';
import { t } from '../../i18n';

export interface ListedProblem {
  elementId: string | null;
  /** The element's name or id, as the list shows it. */
  elementLabel: string | null;
  message: string;
}

/**
 * The deploy problems as a list under the canvas; an entry with an element selects it.
 */
export class ProblemList {
  readonly element = h('section', { class: 'problem-list', 'aria-live': 'polite', hidden: true });

  constructor(private readonly onSelect: (elementId: string) => void) {}

  show(heading: string, problems: readonly ListedProblem[]): void {
    const items = problems.map((problem) =>
      h(
        'li',
        {},
        problem.elementId
          ? h(
              'button',
              {
                type: 'button',
                class: 'problem-element',
                'data-element-id': problem.elementId,
                onclick: () => this.onSelect(problem.elementId as string),
              },
              problem.elementLabel ?? problem.elementId,
            )
          : problem.elementLabel && h('span', { class: 'problem-element' }, problem.elementLabel),
        h('span', { class: 'problem-message' }, problem.message),
      ),
    );
    replaceChildren(
      this.element,
      h(
        'header',
        {},
        h('h2', {}, heading),
        h(
          'button',
          { type: 'button', class: 'button subtle', onclick: () => this.clear() },
          t('modeler.problems.dismiss'),
        ),
      ),
      h('ul', {}, items),
    );
    this.element.hidden = false;
  }

  clear(): void {
    this.element.replaceChildren();
    this.element.hidden = true;
  }
}
