/**
 * One task: what it is, who holds it, claim and release, its form, Complete, and the
 * client beside it. The server decides who may do what; the page offers what it allows
 * (only the assignee completes, so an unassigned task is claimed first).
 *
 *   load(key) ─▶ task + variables of its scope ─▶ header, TaskForm, clientCard
 *   Claim / Release / Complete ─▶ /v2 ─▶ onChange(event) (the page refreshes its list)
 */
import type { SessionUser } from '../../api/session';
import {
  assignUserTask,
  completeUserTask,
  getUserTask,
  searchTaskVariables,
  unassignUserTask,
  type UserTask,
} from '../../api/userTasks';
import { ApiProblem } from '../../api/ApiProblem';
import { h, replaceChildren } from '../../dom/h';
import { timeElement } from '../../dom/timeElement';
import { t } from '../../i18n';
import { formatDateTime } from '../../i18n/formatDateTime';
import { clientCard } from './ClientCard';
import { TaskForm } from './TaskForm';
import { dueDate, problemAlert, processName, taskName } from './taskFormat';

/** What happened to the task; `refused` means the server said no, so the list may be stale. */
export type TaskChange = 'claimed' | 'released' | 'completed' | 'refused';

/** Roles that may work any task, whoever holds it (the server's `userTask.read.all`). */
const SUPERVISING_ROLES = ['admin', 'analyst'];

export class TaskDetail {
  readonly element = h('article', { class: 'task-detail', 'aria-labelledby': 'task-title' });
  private readonly status = h('div', { class: 'task-status', 'aria-live': 'polite' });
  private readonly header = h('header', { class: 'task-detail-header' });
  private readonly formHint = h('p', { class: 'task-form-hint' });
  private readonly completeButton = h(
    'button',
    { type: 'button', class: 'button primary', onclick: () => void this.complete() },
    t('tasks.complete'),
  );
  private task: UserTask | null = null;
  private form: TaskForm | null = null;
  private busy = false;
  /** Bumped by every load, so a slow answer for an earlier task never replaces a newer one. */
  private generation = 0;

  constructor(
    private readonly user: SessionUser,
    private readonly onChange: (change: TaskChange, task: UserTask) => void,
  ) {}

  /** The key of the task shown, if any. */
  get taskKey(): string | null {
    return this.task?.userTaskKey ?? null;
  }

  async load(key: string): Promise<void> {
    const generation = ++this.generation;
    this.task = null;
    this.element.setAttribute('aria-busy', 'true');
    replaceChildren(this.element, h('p', { class: 'muted' }, t('tasks.detail.loading')));
    try {
      const task = await getUserTask(key);
      const variables = await searchTaskVariables(key, { scopeKey: task.elementInstanceKey });
      if (generation !== this.generation) return;
      this.task = task;
      this.form = new TaskForm(variables);
      this.render();
    } catch (error) {
      if (generation !== this.generation) return;
      const lead =
        error instanceof ApiProblem && error.status === 404
          ? t('tasks.detail.notFound', { key })
          : t('tasks.detail.loadFailed');
      replaceChildren(this.element, problemAlert(lead, error));
    } finally {
      if (generation === this.generation) this.element.removeAttribute('aria-busy');
    }
  }

  private render() {
    const task = this.task as UserTask;
    const open = task.state === 'CREATED';
    replaceChildren(this.status);
    this.renderHeader();
    replaceChildren(
      this.element,
      h(
        'div',
        { class: 'task-detail-main' },
        this.header,
        this.status,
        h(
          'section',
          { class: 'task-form-section', 'aria-labelledby': 'task-form-title' },
          h('h3', { id: 'task-form-title' }, t('tasks.form.title')),
          this.formHint,
          this.form?.element,
          open ? h('div', { class: 'task-form-actions' }, this.completeButton) : null,
        ),
      ),
      clientCard(task),
    );
    this.updateControls();
  }

  private renderHeader() {
    const task = this.task as UserTask;
    const open = task.state === 'CREATED';
    const mine = task.assignee === this.user.username;
    const supervising = this.user.roles.some((role) => SUPERVISING_ROLES.includes(role));
    const actions: HTMLElement[] = [];
    if (open && task.assignee === null) {
      actions.push(this.actionButton(t('tasks.claim'), () => this.claim(), true));
    }
    if (open && task.assignee !== null && (mine || supervising)) {
      actions.push(this.actionButton(t('tasks.release'), () => this.release(), false));
    }
    replaceChildren(
      this.header,
      h('h2', { id: 'task-title' }, taskName(task)),
      h(
        'p',
        { class: 'task-meta' },
        h('span', {}, processName(task)),
        h('span', {}, t('tasks.created'), ' ', timeElement(task.creationDate)),
        dueDate(task),
      ),
      h('p', { class: 'task-assignee' }, this.holderText()),
      actions.length > 0 ? h('div', { class: 'task-actions' }, actions) : null,
    );
  }

  private holderText(): string {
    const task = this.task as UserTask;
    if (task.state === 'COMPLETED') {
      return task.completionDate
        ? t('tasks.state.completedOn', { date: formatDateTime(task.completionDate) })
        : t('tasks.state.completed');
    }
    if (task.state !== 'CREATED') return t('tasks.state.closed');
    if (task.assignee === null) {
      return task.candidateGroups.length > 0
        ? t('tasks.assignee.noneGroups', { groups: task.candidateGroups.join(', ') })
        : t('tasks.assignee.none');
    }
    if (task.assignee === this.user.username) return t('tasks.assignee.you');
    return t('tasks.assignee.other', { name: task.assignee });
  }

  /** The form is editable, and Complete offered, only to the assignee of an open task. */
  private updateControls() {
    const task = this.task as UserTask;
    const workable = task.state === 'CREATED' && task.assignee === this.user.username;
    this.form?.setDisabled(!workable || this.busy);
    this.completeButton.disabled = !workable || this.busy;
    for (const button of this.header.querySelectorAll('button')) button.disabled = this.busy;
    let hint: string | null = null;
    if (task.state !== 'CREATED') hint = t('tasks.form.closedHint');
    else if (task.assignee === null) hint = t('tasks.form.claimHint');
    else if (!workable) hint = t('tasks.form.otherHint', { name: task.assignee });
    this.formHint.textContent = hint ?? '';
    this.formHint.hidden = hint === null;
  }

  private actionButton(label: string, run: () => Promise<void>, primary: boolean) {
    return h(
      'button',
      { type: 'button', class: primary ? 'button primary' : 'button', onclick: () => void run() },
      label,
    );
  }

  private async claim() {
    const task = this.task as UserTask;
    await this.act(t('tasks.claim.failed'), async () => {
      await assignUserTask(task.userTaskKey, this.user.username);
      this.task = { ...task, assignee: this.user.username };
      this.renderHeader();
      this.status.replaceChildren(
        h('p', { class: 'task-note status-line info' }, t('tasks.claim.done')),
      );
      this.onChange('claimed', this.task);
    });
  }

  private async release() {
    const task = this.task as UserTask;
    await this.act(t('tasks.release.failed'), async () => {
      await unassignUserTask(task.userTaskKey);
      this.task = { ...task, assignee: null };
      this.renderHeader();
      this.status.replaceChildren(
        h('p', { class: 'task-note status-line info' }, t('tasks.release.done')),
      );
      this.onChange('released', this.task);
    });
  }

  private async complete() {
    const task = this.task as UserTask;
    const result = this.form?.read() ?? { ok: true as const, variables: {} };
    if (!result.ok) {
      replaceChildren(
        this.status,
        h(
          'p',
          { class: 'task-problem status-line error', role: 'alert' },
          t('tasks.complete.invalid', { count: result.problems }),
        ),
      );
      return;
    }
    await this.act(t('tasks.complete.failed'), async () => {
      try {
        await completeUserTask(task.userTaskKey, result.variables);
      } catch (error) {
        this.markServerFindings(error);
        throw error;
      }
      this.task = { ...task, state: 'COMPLETED', completionDate: new Date().toISOString() };
      this.render();
      this.status.replaceChildren(
        h(
          'p',
          { class: 'task-success status-line success', role: 'status' },
          t('tasks.complete.done'),
        ),
      );
      this.onChange('completed', this.task);
    });
  }

  /** Puts findings the server made about `/variables/<name>` on those fields. */
  private markServerFindings(error: unknown) {
    if (!(error instanceof ApiProblem)) return;
    for (const item of error.errors) {
      const match = /^\/variables\/([^/]+)/.exec(item.pointer ?? '');
      const name = match?.[1]?.replace(/~1/g, '/').replace(/~0/g, '~');
      if (name) this.form?.showProblem(name, item.message);
    }
  }

  /** Runs a command with the controls off; a refusal shows the server's problem. */
  private async act(failure: string, run: () => Promise<void>) {
    if (this.busy) return;
    this.busy = true;
    this.updateControls();
    replaceChildren(this.status);
    try {
      await run();
    } catch (error) {
      replaceChildren(this.status, problemAlert(failure, error));
      if (this.task) this.onChange('refused', this.task);
    } finally {
      this.busy = false;
      if (this.task) this.updateControls();
    }
  }
}
