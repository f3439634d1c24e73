/**
 * The interaction history of a client on its card, newest first: what happened, who,
 * when, and the process step it came from when a process logged it; above it a form
 * to log a call, a meeting or a note. The server validates the entry: a 400 names the
 * field, and its message shows below that field.
 */
import { ApiProblem } from '../../api/ApiProblem';
import { clientInteractions, logInteraction, type Interaction } from '../../api/clients';
import { describeError } from '../../app/describeError';
import { h, replaceChildren } from '../../dom/h';
import { timeElement } from '../../dom/timeElement';
import { t, type MessageKey } from '../../i18n';
import { INTERACTION_KINDS, type InteractionKind } from '../../../../schemas/crm';

const KIND_LABELS: Readonly<Record<InteractionKind, MessageKey>> = {
  call: 'clients.interactions.kind.call',
  email: 'clients.interactions.kind.email',
  meeting: 'clients.interactions.kind.meeting',
  note: 'clients.interactions.kind.note',
  complaint: 'clients.interactions.kind.complaint',
  feedback: 'clients.interactions.kind.feedback',
  offer: 'clients.interactions.kind.offer',
  task: 'clients.interactions.kind.task',
};

export class ClientInteractions {
  readonly element: HTMLElement;
  private readonly list = h('div', { class: 'interaction-list' });
  private readonly kind = h(
    'select',
    { id: 'interaction-kind', 'aria-describedby': 'interaction-kind-error' },
    INTERACTION_KINDS.map((kind) => h('option', { value: kind }, kindLabel(kind))),
  );
  private readonly summary = h('textarea', {
    id: 'interaction-summary',
    rows: 2,
    maxlength: 2000,
    required: true,
    'aria-describedby': 'interaction-summary-error',
  });
  private readonly kindError = h('p', {
    id: 'interaction-kind-error',
    class: 'field-error',
    hidden: true,
  });
  private readonly summaryError = h('p', {
    id: 'interaction-summary-error',
    class: 'field-error',
    hidden: true,
  });
  private readonly formError = h('p', {
    class: 'section-error status-line error',
    role: 'alert',
    hidden: true,
  });
  private readonly submit = h(
    'button',
    { type: 'submit', class: 'button' },
    t('clients.interactions.log'),
  );

  constructor(
    private readonly clientId: string,
    archived: boolean,
  ) {
    const form = h(
      'form',
      { class: 'log-interaction', novalidate: true, onsubmit: (event) => void this.log(event) },
      h(
        'div',
        { class: 'form-field' },
        h('label', { for: 'interaction-kind' }, t('clients.interactions.kindLabel')),
        this.kind,
        this.kindError,
      ),
      h(
        'div',
        { class: 'form-field log-summary' },
        h('label', { for: 'interaction-summary' }, t('clients.interactions.summaryLabel')),
        this.summary,
        this.summaryError,
      ),
      this.submit,
    );
    this.element = h(
      'section',
      { class: 'card-section client-interactions', 'aria-labelledby': 'client-interactions-title' },
      h('h2', { id: 'client-interactions-title' }, t('clients.interactions.title')),
      archived ? null : form,
      this.formError,
      this.list,
    );
  }

  async load(): Promise<void> {
    if (!this.list.firstChild)
      replaceChildren(this.list, h('p', { class: 'muted' }, t('clients.loading')));
    let interactions: Interaction[];
    try {
      interactions = await clientInteractions(this.clientId);
    } catch (error) {
      replaceChildren(
        this.list,
        h(
          'p',
          { class: 'section-error status-line error' },
          t('clients.interactions.loadFailed', { detail: describeError(error) }),
        ),
      );
      return;
    }
    if (interactions.length === 0) {
      replaceChildren(this.list, h('p', { class: 'muted' }, t('clients.interactions.empty')));
      return;
    }
    replaceChildren(
      this.list,
      h(
        'ol',
        { class: 'timeline', 'aria-label': t('clients.interactions.listLabel') },
        interactions.map((interaction) => entry(interaction)),
      ),
    );
  }

  private async log(event: Event) {
    event.preventDefault();
    this.showProblems([]);
    this.submit.disabled = true;
    try {
      await logInteraction(this.clientId, {
        kind: this.kind.value as InteractionKind,
        summary: this.summary.value.trim(),
      });
      this.summary.value = '';
      await this.load();
    } catch (error) {
      if (error instanceof ApiProblem && error.status === 400 && error.errors.length) {
        this.showProblems(error.errors.map((e) => ({ pointer: e.pointer, message: e.message })));
      } else {
        this.formError.textContent = t('clients.interactions.logFailed', {
          detail: describeError(error),
        });
        this.formError.hidden = false;
      }
    } finally {
      this.submit.disabled = false;
    }
  }

  private showProblems(problems: { pointer?: string; message: string }[]) {
    const inputs = [
      { pointer: '/kind', control: this.kind, error: this.kindError },
      { pointer: '/summary', control: this.summary, error: this.summaryError },
    ];
    for (const { pointer, control, error } of inputs) {
      const messages = problems.filter((p) => p.pointer === pointer).map((p) => p.message);
      error.textContent = messages.join('; ');
      error.hidden = messages.length === 0;
      if (messages.length) control.setAttribute('aria-invalid', 'true');
      else control.removeAttribute('aria-invalid');
    }
    const unplaced = problems.filter((p) => !inputs.some((input) => input.pointer === p.pointer));
    this.formError.textContent = unplaced.map((p) => p.message).join('; ');
    this.formError.hidden = unplaced.length === 0;
    inputs.find((input) => !input.error.hidden)?.control.focus();
  }
}

function entry(interaction: Interaction): HTMLElement {
  const source = interaction.processDefinitionId
    ? h(
        'p',
        { class: 'timeline-source muted' },
        interaction.taskName
          ? t('clients.interactions.fromTask', {
              process: interaction.processDefinitionId,
              task: interaction.taskName,
            })
          : t('clients.interactions.fromProcess', { process: interaction.processDefinitionId }),
      )
    : null;
  return h(
    'li',
    { class: 'timeline-entry', 'data-interaction-id': interaction.id },
    h(
      'p',
      { class: 'timeline-meta' },
      h('span', { class: 'badge' }, kindLabel(interaction.kind)),
      ' ',
      timeElement(interaction.at),
      ' · ',
      t('clients.interactions.by', { who: interaction.who }),
    ),
    h('p', { class: 'timeline-summary' }, interaction.summary),
    source,
  );
}

function kindLabel(kind: string): string {
  return Object.hasOwn(KIND_LABELS, kind) ? t(KIND_LABELS[kind as InteractionKind]) : kind;
}
