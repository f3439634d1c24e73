/**
 * The inbox's views: which open tasks each one lists, and who sees it. Staff see their
 * own tasks and their groups' unassigned tasks; analysts and admins also every open task.
 */
import type { SessionUser } from '../../api/session';
import type { UserTaskFilter } from '../../api/userTasks';
import type { MessageKey } from '../../i18n';

export type InboxView = 'mine' | 'groups' | 'all';

export interface InboxViewSpec {
  view: InboxView;
  label: MessageKey;
  emptyTitle: MessageKey;
  emptyLead: MessageKey;
  /** The search filter, or null when the view cannot hold any task for this user. */
  filter(user: SessionUser): UserTaskFilter | null;
}

const OPEN = { state: 'CREATED' } as const;

export const INBOX_VIEWS: readonly InboxViewSpec[] = [
  {
    view: 'mine',
    label: 'tasks.view.mine',
    emptyTitle: 'tasks.empty.mine.title',
    emptyLead: 'tasks.empty.mine.lead',
    filter: (user) => ({ ...OPEN, assignee: user.username }),
  },
  {
    view: 'groups',
    label: 'tasks.view.groups',
    emptyTitle: 'tasks.empty.groups.title',
    emptyLead: 'tasks.empty.groups.lead',
    filter: (user) =>
      user.groups.length === 0
        ? null
        : { ...OPEN, assignee: { $exists: false }, candidateGroup: { $in: user.groups } },
  },
  {
    view: 'all',
    label: 'tasks.view.all',
    emptyTitle: 'tasks.empty.all.title',
    emptyLead: 'tasks.empty.all.lead',
    filter: () => ({ ...OPEN }),
  },
];

/** Roles that see every open task (the server's `userTask.read.all`). */
const ALL_TASK_ROLES = ['admin', 'analyst'];

/** The views `user` may open, in the order the inbox shows them. */
export function viewsFor(user: SessionUser): InboxViewSpec[] {
  const seesAll = user.roles.some((role) => ALL_TASK_ROLES.includes(role));
  return INBOX_VIEWS.filter((spec) => spec.view !== 'all' || seesAll);
}
