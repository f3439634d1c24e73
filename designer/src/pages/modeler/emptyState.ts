import { h } from '../../dom/h';
import { t } from '../../i18n';

/** What the modeler shows before a diagram is open: the three ways to get one. */
export function emptyState(actions: { newDiagram(): void; openFile(): void }): HTMLElement {
  return h(
    'div',
    { class: 'empty-state' },
    h(
      'div',
      { class: 'empty-state-card' },
      h('h2', {}, t('modeler.empty.title')),
      h('p', {}, t('modeler.empty.lead')),
      h(
        'div',
        { class: 'empty-state-actions' },
        h(
          'button',
          { type: 'button', class: 'button primary', onclick: actions.newDiagram },
          t('modeler.empty.new'),
        ),
        h(
          'button',
          { type: 'button', class: 'button', onclick: actions.openFile },
          t('modeler.empty.open'),
        ),
        h(
          'a',
          { href: '/processes', 'data-route': '', class: 'button' },
          t('modeler.empty.deployed'),
        ),
      ),
      h('p', { class: 'empty-state-hint' }, t('modeler.empty.drop')),
    ),
  );
}
