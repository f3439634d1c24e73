/**
 * The processes of a client on its card: the running ones, the ended ones folded away,
 * and a start form listing the latest version of each process the user may start. A
 * started instance is bound to the client (`clientId`) and shows in the running list.
 */
import {
  clientProcessInstances,
  startableProcesses,
  startProcessForClient,
  type ClientProcessInstance,
} from '../../api/clientProcesses';
import type { Client } from '../../api/clients';
import type { ProcessDefinition } from '../../api/processDefinitions';
import { describeError } from '../../app/describeError';
import { dataTable } from '../../dom/dataTable';
import { h, replaceChildren } from '../../dom/h';
import { timeElement } from '../../dom/timeElement';
import { t, type MessageKey } from '../../i18n';

const STATE_LABELS: Readonly<Record<ClientProcessInstance['state'], MessageKey>> = {
  ACTIVE: 'clients.processes.state.active',
  COMPLETED: 'clients.processes.state.completed',
  TERMINATED: 'clients.processes.state.terminated',
};

/** How long a started instance may take to show in the client's list (it is indexed after the start). */
const LIST_ATTEMPTS = 10;
const LIST_RETRY_MS = 300;

export class ClientProcesses {
  readonly element: HTMLElement;
  private readonly starter = h('div', { class: 'process-starter' });
  private readonly status = h('p', {
    class: 'section-status status-line',
    role: 'status',
    hidden: true,
  });
  private readonly list = h('div', { class: 'process-list' });

  constructor(private readonly client: Client) {
    this.element = h(
      'section',
      { class: 'card-section client-processes', 'aria-labelledby': 'client-processes-title' },
      h('h2', { id: 'client-processes-title' }, t('clients.processes.title')),
      this.starter,
      this.status,
      this.list,
    );
  }

  async load(): Promise<void> {
    replaceChildren(this.list, h('p', { class: 'muted' }, t('clients.loading')));
    await Promise.all([this.loadStarter(), this.loadInstances()]);
  }

  private async loadStarter() {
    if (this.client.archived) {
      replaceChildren(this.starter, h('p', { class: 'muted' }, t('clients.processes.archived')));
      return;
    }
    let definitions: ProcessDefinition[];
    try {
      definitions = await startableProcesses();
    } catch (error) {
      replaceChildren(
        this.starter,
        h(
          'p',
          { class: 'section-error status-line error' },
          t('clients.processes.startableFailed', { detail: describeError(error) }),
        ),
      );
      return;
    }
    if (definitions.length === 0) {
      replaceChildren(
        this.starter,
        h('p', { class: 'muted' }, t('clients.processes.noneStartable')),
      );
      return;
    }
    const select = h(
      'select',
      { id: 'start-process-definition', required: true },
      [...definitions]
        .sort((a, b) => labelOf(a).localeCompare(labelOf(b)))
        .map((definition) =>
          h(
            'option',
            { value: definition.processDefinitionKey },
            t('clients.processes.option', {
              name: labelOf(definition),
              version: definition.version,
            }),
          ),
        ),
    );
    const button = h(
      'button',
      { type: 'submit', class: 'button primary' },
      t('clients.processes.start'),
    );
    const form = h(
      'form',
      {
        class: 'start-process',
        onsubmit: (event) => {
          event.preventDefault();
          const chosen = definitions.find((d) => d.processDefinitionKey === select.value);
          if (chosen) void this.start(chosen, button);
        },
      },
      h('label', { for: 'start-process-definition' }, t('clients.processes.startLabel')),
      select,
      button,
    );
    replaceChildren(this.starter, form);
  }

  private async start(definition: ProcessDefinition, button: HTMLButtonElement) {
    button.disabled = true;
    this.showStatus(t('clients.processes.starting', { name: labelOf(definition) }), 'info');
    try {
      const started = await startProcessForClient(definition.processDefinitionKey, this.client.id);
      this.showStatus(t('clients.processes.started', { name: labelOf(definition) }), 'success');
      await this.loadInstances(started.processInstanceKey);
    } catch (error) {
      this.showStatus(
        t('clients.processes.startFailed', {
          name: labelOf(definition),
          detail: describeError(error),
        }),
        'error',
      );
    } finally {
      button.disabled = false;
    }
  }

  /** Loads the instances; with `expected`, retries briefly until that instance is listed. */
  private async loadInstances(expected?: string) {
    let instances: ClientProcessInstance[] = [];
    try {
      for (let attempt = 1; attempt <= LIST_ATTEMPTS; attempt++) {
        instances = await clientProcessInstances(this.client.id);
        if (!expected || instances.some((i) => i.processInstanceKey === expected)) break;
        await new Promise((resolve) => setTimeout(resolve, LIST_RETRY_MS));
      }
    } catch (error) {
      replaceChildren(
        this.list,
        h(
          'p',
          { class: 'section-error status-line error' },
          t('clients.processes.loadFailed', { detail: describeError(error) }),
        ),
      );
      return;
    }
    this.render(instances);
  }

  private render(instances: ClientProcessInstance[]) {
    const byStart = [...instances].sort((a, b) => b.startDate.localeCompare(a.startDate));
    const running = byStart.filter((instance) => instance.state === 'ACTIVE');
    const ended = byStart.filter((instance) => instance.state !== 'ACTIVE');
    replaceChildren(
      this.list,
      h('h3', {}, t('clients.processes.running', { count: running.length })),
      running.length
        ? instanceTable(running, 'running')
        : h('p', { class: 'muted' }, t('clients.processes.noneRunning')),
      ended.length
        ? h(
            'details',
            { class: 'ended-processes' },
            h('summary', {}, t('clients.processes.ended', { count: ended.length })),
            instanceTable(ended, 'ended'),
          )
        : null,
    );
  }

  private showStatus(text: string, tone: 'info' | 'success' | 'error') {
    this.status.className = `section-status status-line ${tone}`;
    this.status.textContent = text;
    this.status.hidden = false;
  }
}

function instanceTable(instances: ClientProcessInstance[], kind: 'running' | 'ended'): HTMLElement {
  const ended = kind === 'ended';
  return dataTable(
    { class: 'card-table', 'data-processes': kind },
    {
      columns: [
        t('clients.processes.column.process'),
        t('clients.processes.column.state'),
        t('clients.processes.column.started'),
        ended ? t('clients.processes.column.ended') : null,
        t('clients.processes.column.key'),
      ],
      rows: instances.map((instance) =>
        h(
          'tr',
          { 'data-process-instance-key': instance.processInstanceKey },
          h(
            'th',
            { scope: 'row' },
            t('clients.processes.option', {
              name: instance.processDefinitionName || instance.processDefinitionId,
              version: instance.processDefinitionVersion,
            }),
          ),
          h(
            'td',
            {},
            stateLabel(instance.state),
            instance.hasIncident
              ? h('span', { class: 'badge error' }, t('clients.processes.incident'))
              : null,
          ),
          h('td', {}, timeElement(instance.startDate)),
          ended ? h('td', {}, instance.endDate ? timeElement(instance.endDate) : '') : null,
          h('td', {}, h('code', {}, instance.processInstanceKey)),
        ),
      ),
    },
  );
}

function stateLabel(state: string): string {
  return Object.hasOwn(STATE_LABELS, state)
    ? t(STATE_LABELS[state as ClientProcessInstance['state']])
    : state;
}

function labelOf(definition: ProcessDefinition): string {
  return definition.name || definition.processDefinitionId;
}
