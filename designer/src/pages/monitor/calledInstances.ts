/**
 * The instances an instance's call activities started, each linked to its own view,
 * with the call activity that started it and how it stands.
 */
import type { ProcessInstancePage } from '../../api/processInstances';
import { dataTable } from '../../dom/dataTable';
import { h } from '../../dom/h';
import { t } from '../../i18n';
import { dateTime, stateBadge } from './format';
import type { ElementNames } from './instanceDetails';
import { instanceUrl } from './monitorQuery';

export function calledInstancesPanel(
  called: ProcessInstancePage,
  names: ElementNames,
): HTMLElement {
  const rows = called.items.map((instance) => {
    const caller = instance.parentElementInstanceKey
      ? names.instance(instance.parentElementInstanceKey)
      : undefined;
    const name = instance.processDefinitionName || instance.processDefinitionId;
    return h(
      'tr',
      { 'data-process-instance-key': instance.processInstanceKey },
      h(
        'th',
        { scope: 'row' },
        h(
          'a',
          { href: instanceUrl(instance.processInstanceKey), 'data-route': '' },
          t('monitor.instance.title', { name, key: instance.processInstanceKey }),
        ),
      ),
      h('td', {}, caller ? (caller.elementName ?? caller.elementId) : '–'),
      h('td', {}, stateBadge(instance.state, instance.hasIncident)),
      h('td', {}, dateTime(instance.startDate)),
    );
  });
  return h(
    'section',
    { class: 'monitor-panel monitor-called', 'aria-labelledby': 'monitor-called-title' },
    h(
      'h2',
      { id: 'monitor-called-title' },
      t('monitor.called.title', { count: called.totalItems }),
    ),
    called.totalItems > called.items.length &&
      h(
        'p',
        { class: 'muted' },
        t('monitor.called.firstOnly', { shown: called.items.length, count: called.totalItems }),
      ),
    dataTable(
      { class: 'monitor-table' },
      {
        columns: [
          t('monitor.called.instance'),
          t('monitor.called.by'),
          t('monitor.called.state'),
          t('monitor.called.started'),
        ],
        rows,
      },
    ),
  );
}
