/**
 * One instance: its diagram with the marks of where it stands, its incidents (with
 * Retry), the messages it waits for, variables and history, and Cancel. Every action
 * (and Refresh) reloads the view.
 *
 *   ?instance=<key> ──▶ instance ─▶ header, actions
 *                       definition XML ─▶ diagram ◀── marks ◀── element instances + incidents
 *                       incidents, message subscriptions, called instances, variables,
 *                       element instances ─▶ tables
 */
import { elementInstancesOf, type ElementInstance } from '../../api/elementInstances';
import { activeIncidentsOf, type Incident } from '../../api/incidents';
import { messageSubscriptionsOf, type MessageSubscription } from '../../api/messageSubscriptions';
import { processDefinitionXml } from '../../api/processDefinitions';
import {
  cancelProcessInstance,
  getProcessInstance,
  searchProcessInstances,
  type ProcessInstance,
  type ProcessInstancePage,
} from '../../api/processInstances';
import { variablesOf, type Variable } from '../../api/variables';
import { describeError } from '../../app/describeError';
import { confirmDialog } from '../../dom/confirmDialog';
import { h, replaceChildren } from '../../dom/h';
import { t } from '../../i18n';
import { elementStatuses, takenFlows, type Flow } from './diagramMarks';
import { dateTime, stateBadge } from './format';
import { InstanceDiagram } from './InstanceDiagram';
import {
  ElementNames,
  historyTable,
  incidentTable,
  subscriptionTable,
  variableTable,
} from './instanceDetails';
import { instanceUrl, listUrl } from './monitorQuery';
import { calledInstancesPanel } from './calledInstances';
import { retryIncident } from './retryIncident';

type StatusKind = 'success' | 'error';

/** Called instances listed under an instance (a multi-instance call activity may start many). */
const CALLED_LIMIT = 100;

export class InstanceView {
  readonly element: HTMLElement;
  private readonly diagram = new InstanceDiagram();
  private readonly header = h('header', { class: 'monitor-instance-header' });
  private readonly status = h('p', {
    class: 'status-line monitor-status',
    role: 'status',
    hidden: true,
  });
  private readonly details = h('div', { class: 'monitor-details' });
  private key = '';
  private generation = 0;
  private busy = false;

  constructor() {
    this.element = h(
      'div',
      { class: 'monitor-instance' },
      this.header,
      this.status,
      this.diagram.element,
      this.details,
    );
  }

  async show(processInstanceKey: string): Promise<void> {
    if (processInstanceKey !== this.key) {
      this.key = processInstanceKey;
      replaceChildren(this.header, h('p', { class: 'muted' }, t('monitor.instance.loading')));
      replaceChildren(this.details);
    }
    this.status.hidden = true;
    this.diagram.resized();
    await this.load();
  }

  private async load() {
    const generation = ++this.generation;
    const key = this.key;
    let instance: ProcessInstance;
    try {
      instance = await getProcessInstance(key);
    } catch (error) {
      if (generation !== this.generation) return;
      replaceChildren(this.header, backLink(null));
      this.diagram.element.hidden = true;
      replaceChildren(this.details);
      this.setStatus(
        'error',
        t('monitor.instance.loadFailed', { key, detail: describeError(error) }),
      );
      return;
    }
    this.diagram.element.hidden = false;
    const definitionKey = instance.processDefinitionKey;
    const opened = this.diagram
      .open(definitionKey, () => processDefinitionXml(definitionKey))
      .catch((error: unknown): Flow[] => {
        this.setStatus('error', t('monitor.diagram.failed', { detail: describeError(error) }));
        return [];
      });
    let history: ElementInstance[];
    let incidents: Incident[];
    let variables: Variable[];
    let subscriptions: MessageSubscription[];
    let called: ProcessInstancePage;
    try {
      [history, incidents, variables, subscriptions, called] = await Promise.all([
        elementInstancesOf(key),
        activeIncidentsOf(key),
        variablesOf(key),
        messageSubscriptionsOf(key),
        searchProcessInstances({ parentProcessInstanceKey: key }, 0, CALLED_LIMIT),
      ]);
    } catch (error) {
      if (generation !== this.generation) return;
      this.renderHeader(instance);
      this.setStatus(
        'error',
        t('monitor.instance.loadFailed', { key, detail: describeError(error) }),
      );
      return;
    }
    const flows = await opened;
    if (generation !== this.generation) return;
    this.renderHeader(instance);
    this.diagram.mark(elementStatuses(history, incidents), takenFlows(flows, history));
    const names = new ElementNames(history, (elementId) => this.diagram.elementName(elementId));
    const focus = (elementId: string) => this.diagram.focusElement(elementId);
    replaceChildren(
      this.details,
      incidentTable(incidents, names, {
        retry: (incident, button) => void this.retry(incident, button),
        focus,
      }),
      subscriptionTable(subscriptions, names, focus),
      called.totalItems > 0 && calledInstancesPanel(called, names),
      variableTable(variables, key, names),
      historyTable(history),
    );
  }

  private renderHeader(instance: ProcessInstance) {
    const name = instance.processDefinitionName || instance.processDefinitionId;
    const refresh = h(
      'button',
      { type: 'button', class: 'button', onclick: () => void this.refresh() },
      t('monitor.refresh'),
    );
    // A called instance ends with its caller: it is cancelled through the root instance.
    const parentKey = instance.parentProcessInstanceKey;
    const cancel =
      instance.state === 'ACTIVE' &&
      !parentKey &&
      h(
        'button',
        { type: 'button', class: 'button danger', onclick: () => void this.cancel() },
        t('monitor.instance.cancel'),
      );
    replaceChildren(
      this.header,
      backLink(instance),
      h(
        'div',
        { class: 'page-header' },
        h(
          'h1',
          { tabindex: -1 },
          t('monitor.instance.title', { name, key: instance.processInstanceKey }),
        ),
        stateBadge(instance.state, instance.hasIncident),
        h('span', { class: 'monitor-actions' }, refresh, cancel),
      ),
      h(
        'dl',
        { class: 'monitor-facts' },
        fact(t('monitor.instance.process'), h('code', {}, instance.processDefinitionId)),
        fact(
          t('monitor.instance.version'),
          t('monitor.version', { version: instance.processDefinitionVersion }),
        ),
        fact(t('monitor.instance.started'), dateTime(instance.startDate)),
        fact(t('monitor.instance.ended'), dateTime(instance.endDate)),
        parentKey &&
          fact(
            t('monitor.instance.calledBy'),
            h('a', { href: instanceUrl(parentKey), 'data-route': '' }, parentKey),
          ),
      ),
    );
  }

  private async refresh() {
    this.status.hidden = true;
    await this.load();
  }

  private async cancel() {
    if (this.busy) return;
    const key = this.key;
    const confirmed = await confirmDialog(this.element, {
      title: t('monitor.cancel.title', { key }),
      message: t('monitor.cancel.message'),
      confirm: t('monitor.cancel.confirm'),
      dismiss: t('monitor.cancel.dismiss'),
    });
    if (!confirmed) return;
    await this.act(
      () => cancelProcessInstance(key),
      t('monitor.cancel.done', { key }),
      'monitor.cancel.failed',
    );
  }

  private async retry(incident: Incident, button: HTMLButtonElement) {
    if (this.busy) return;
    button.disabled = true;
    await this.act(
      () => retryIncident(incident),
      t('monitor.incidents.retried'),
      'monitor.incidents.retryFailed',
    );
    button.disabled = false;
  }

  /** Runs an action, says how it went, and reloads the view either way. */
  private async act(
    action: () => Promise<void>,
    done: string,
    failed: 'monitor.cancel.failed' | 'monitor.incidents.retryFailed',
  ) {
    this.busy = true;
    try {
      await action();
      this.setStatus('success', done);
    } catch (error) {
      this.setStatus('error', t(failed, { detail: describeError(error) }));
    } finally {
      this.busy = false;
    }
    await this.load();
    // The button pressed may be gone (Cancel, Retry): keep keyboard users on the page.
    if (document.activeElement === document.body) this.header.querySelector('h1')?.focus();
  }

  private setStatus(kind: StatusKind, text: string) {
    this.status.textContent = text;
    this.status.className = `status-line monitor-status ${kind}`;
    this.status.hidden = false;
  }
}

function backLink(instance: ProcessInstance | null): HTMLElement {
  const href = listUrl({ process: instance?.processDefinitionId ?? null });
  const label = instance
    ? t('monitor.instance.back', {
        name: instance.processDefinitionName || instance.processDefinitionId,
      })
    : t('monitor.instance.backAll');
  return h('a', { href, 'data-route': '', class: 'monitor-back' }, label);
}

function fact(term: string, value: HTMLElement | string): HTMLElement {
  return h('div', {}, h('dt', {}, term), h('dd', {}, value));
}
