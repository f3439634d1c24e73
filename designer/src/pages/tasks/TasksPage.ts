/**
 * The staff workspace (M5): the inbox on the left, the chosen task beside it.
 * `/tasks?view=mine|groups|all&task=<key>` names both, so a task can be linked to.
 *
 *   show(query) ─▶ views + counts ─▶ taskList (links) ─click─▶ show(…&task=key)
 *                                   └─▶ TaskDetail.load(key) ─claim/release/complete─▶ refresh
 */
import { currentUser, type SessionUser } from '../../api/session';
import { searchUserTasks, type UserTask } from '../../api/userTasks';
import type { Page } from '../../app/Page';
import { h, replaceChildren } from '../../dom/h';
import { t } from '../../i18n';
import { viewsFor, type InboxView, type InboxViewSpec } from './inboxViews';
import { TaskDetail, type TaskChange } from './TaskDetail';
import { problemAlert } from './taskFormat';
import { taskList, taskUrl } from './taskList';
import './tasks.css';

const TASK_KEY = /^[0-9]{1,25}$/;

export class TasksPage implements Page {
  readonly element: HTMLElement;
  private readonly viewNav = h('nav', { class: 'tasks-views', 'aria-label': t('tasks.views') });
  private readonly list = h('div', { class: 'tasks-list', 'aria-live': 'polite' });
  private readonly detailPane = h('div', { class: 'tasks-detail-pane' });
  private readonly refreshButton = h(
    'button',
    { type: 'button', class: 'button', onclick: () => void this.refresh() },
    t('tasks.refresh'),
  );
  private user: SessionUser | null = null;
  private detail: TaskDetail | null = null;
  private view: InboxView = 'mine';
  private taskKey: string | null = null;
  private counts = new Map<InboxView, number>();
  /** Bumped by every list load, so a slow answer never replaces a newer one. */
  private listGeneration = 0;

  constructor() {
    this.element = h(
      'section',
      { class: 'tasks-page' },
      h('header', { class: 'page-header' }, h('h1', {}, t('tasks.title')), this.refreshButton),
      h(
        'div',
        { class: 'tasks-body' },
        h('div', { class: 'tasks-inbox' }, this.viewNav, this.list),
        this.detailPane,
      ),
    );
  }

  async show(query: URLSearchParams): Promise<void> {
    const user = await this.signedInUser();
    if (!user) return;
    const views = viewsFor(user);
    const asked = views.find((spec) => spec.view === query.get('view'));
    this.view = (asked ?? (views[0] as InboxViewSpec)).view;
    const key = query.get('task');
    // The same task stays as it is, with what was typed into its form; Refresh reloads it.
    const showsKey = this.detailPane.childElementCount > 0 && key === this.taskKey;
    this.taskKey = key;
    await Promise.all([this.loadList(), showsKey ? null : this.showDetail()]);
  }

  private async signedInUser(): Promise<SessionUser | null> {
    if (this.user) return this.user;
    try {
      this.user = await currentUser();
    } catch (error) {
      replaceChildren(this.list, problemAlert(t('tasks.loadFailed'), error));
    }
    return this.user;
  }

  private async refresh() {
    this.refreshButton.disabled = true;
    try {
      await Promise.all([this.loadList(), this.showDetail()]);
    } finally {
      this.refreshButton.disabled = false;
    }
  }

  private async showDetail() {
    const user = this.user as SessionUser;
    if (this.taskKey === null) {
      this.detail = null;
      replaceChildren(
        this.detailPane,
        h('p', { class: 'tasks-pick muted' }, t('tasks.detail.pick')),
      );
      return;
    }
    if (!TASK_KEY.test(this.taskKey)) {
      this.detail = null;
      replaceChildren(
        this.detailPane,
        h(
          'p',
          { class: 'task-problem status-line error', role: 'alert' },
          t('tasks.detail.badKey'),
        ),
      );
      return;
    }
    this.detail ??= new TaskDetail(user, (change, task) => this.changed(change, task));
    replaceChildren(this.detailPane, this.detail.element);
    await this.detail.load(this.taskKey);
  }

  /** After a claim, release, completion or refusal: the list and counts may have changed. */
  private changed(change: TaskChange, task: UserTask) {
    if (change === 'claimed' && this.view === 'groups') {
      // The claimed task is now in "My tasks": follow it there.
      this.view = 'mine';
      history.replaceState(null, '', taskUrl(this.view, task.userTaskKey));
    }
    void this.loadList();
  }

  private async loadList() {
    const user = this.user as SessionUser;
    const generation = ++this.listGeneration;
    const views = viewsFor(user);
    this.renderViews(views);
    const current = views.find((spec) => spec.view === this.view) as InboxViewSpec;
    if (this.list.childElementCount === 0) {
      replaceChildren(this.list, h('p', { class: 'muted' }, t('tasks.loading')));
    }
    this.list.setAttribute('aria-busy', 'true');
    try {
      const pages = await Promise.all(
        views.map((spec) => this.search(spec, user, spec === current ? 200 : 1)),
      );
      if (generation !== this.listGeneration) return;
      this.counts = new Map(views.map((spec, index) => [spec.view, pages[index]?.totalItems ?? 0]));
      const page = pages[views.indexOf(current)];
      this.renderViews(views);
      this.renderList(current, user, page?.items ?? [], page?.totalItems ?? 0);
    } catch (error) {
      if (generation !== this.listGeneration) return;
      replaceChildren(this.list, problemAlert(t('tasks.loadFailed'), error));
    } finally {
      if (generation === this.listGeneration) this.list.removeAttribute('aria-busy');
    }
  }

  private async search(spec: InboxViewSpec, user: SessionUser, limit: number) {
    const filter = spec.filter(user);
    return filter ? searchUserTasks(filter, limit) : { items: [], totalItems: 0 };
  }

  private renderViews(views: readonly InboxViewSpec[]) {
    replaceChildren(
      this.viewNav,
      views.map((spec) => {
        const count = this.counts.get(spec.view);
        return h(
          'a',
          {
            href: taskUrl(spec.view),
            'data-route': '',
            class: 'tasks-view-link',
            'aria-current': spec.view === this.view ? 'page' : null,
          },
          t(spec.label),
          count === undefined ? null : [' ', h('span', { class: 'tasks-count' }, count)],
        );
      }),
    );
  }

  private renderList(spec: InboxViewSpec, user: SessionUser, tasks: UserTask[], total: number) {
    if (tasks.length === 0) {
      const lead = spec.filter(user) === null ? 'tasks.empty.noGroups' : spec.emptyLead;
      replaceChildren(
        this.list,
        h('div', { class: 'tasks-empty' }, h('h2', {}, t(spec.emptyTitle)), h('p', {}, t(lead))),
      );
      return;
    }
    replaceChildren(
      this.list,
      taskList(tasks, spec.view, this.taskKey),
      total > tasks.length
        ? h('p', { class: 'muted' }, t('tasks.more', { shown: tasks.length, total }))
        : null,
    );
  }
}
