import { h } from '../../dom/h';
import { t, type MessageKey } from '../../i18n';

/** The marks of the diagram, each with the swatch its CSS class draws. */
const ENTRIES: readonly [string, MessageKey][] = [
  ['active', 'monitor.legend.active'],
  ['incident', 'monitor.legend.incident'],
  ['completed', 'monitor.legend.completed'],
  ['terminated', 'monitor.legend.terminated'],
  ['taken', 'monitor.legend.taken'],
];

/** What the colours on the diagram mean. */
export function diagramLegend(): HTMLElement {
  return h(
    'ul',
    { class: 'monitor-legend', 'aria-label': t('monitor.legend.label') },
    ENTRIES.map(([kind, label]) =>
      h('li', {}, h('span', { class: `monitor-swatch ${kind}`, 'aria-hidden': 'true' }), t(label)),
    ),
  );
}
