/**
 * The pages of the app by path. Pages load on first use, so the sign-in page does not
 * wait for bpmn-js; kept pages (the modeler) live on while another page is shown, so
 * a diagram survives a look at the process list.
 */
import type { MessageKey } from '../i18n';
import type { Page } from './Page';

export interface Route {
  path: string;
  /** The navigation bar's label and the document title. */
  title: MessageKey;
  keepAlive: boolean;
  /** Roles that see the page; every signed-in user when absent. */
  roles?: readonly string[];
  load(): Promise<Page>;
}

export const HOME_PATH = '/modeler';
/** Where staff land: their task inbox. */
export const STAFF_HOME_PATH = '/tasks';
export const LOGIN_PATH = '/login';

/** Who draws, deploys and watches processes. */
const DESIGNERS = ['admin', 'analyst'];

export const ROUTES: readonly Route[] = [
  {
    path: '/modeler',
    title: 'nav.modeler',
    keepAlive: true,
    roles: DESIGNERS,
    load: async () => new (await import('../pages/modeler/ModelerPage')).ModelerPage(),
  },
  {
    path: '/processes',
    title: 'nav.processes',
    keepAlive: false,
    roles: DESIGNERS,
    load: async () => new (await import('../pages/processes/ProcessesPage')).ProcessesPage(),
  },
  {
    path: '/clients',
    title: 'nav.clients',
    // Kept, so a half-filled client form counts as unsaved work on sign-out and unload.
    keepAlive: true,
    load: async () => new (await import('../pages/clients/ClientsPage')).ClientsPage(),
  },
  {
    path: '/tasks',
    title: 'nav.tasks',
    // Kept, so a half-filled task form survives a look at another page.
    keepAlive: true,
    load: async () => new (await import('../pages/tasks/TasksPage')).TasksPage(),
  },
  {
    path: '/monitor',
    title: 'nav.monitor',
    // Kept, so the diagram of an instance is not drawn again on every look.
    keepAlive: true,
    roles: ['admin', 'analyst'],
    load: async () => new (await import('../pages/monitor/MonitorPage')).MonitorPage(),
  },
  {
    path: '/admin',
    title: 'nav.admin',
    keepAlive: false,
    roles: ['admin'],
    load: async () => new (await import('../pages/admin/AdminPage')).AdminPage(),
  },
];

/** Where a user lands after sign-in: analysts and admins in the modeler, others on their tasks. */
export function homePathFor(roles: readonly string[]): string {
  return roles.includes('analyst') || roles.includes('admin') ? HOME_PATH : STAFF_HOME_PATH;
}

/** The routes a user with `roles` may open. */
export function routesFor(roles: readonly string[]): Route[] {
  return ROUTES.filter((route) => !route.roles || route.roles.some((role) => roles.includes(role)));
}

export function findRoute(path: string): Route | undefined {
  return ROUTES.find((route) => route.path === path);
}
