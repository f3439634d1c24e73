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
export const LOGIN_PATH = '/login';

export const ROUTES: readonly Route[] = [
  {
    path: '/modeler',
    title: 'nav.modeler',
    keepAlive: true,
    load: async () => new (await import('../pages/modeler/ModelerPage')).ModelerPage(),
  },
  {
    path: '/processes',
    title: 'nav.processes',
    keepAlive: false,
    load: async () => new (await import('../pages/processes/ProcessesPage')).ProcessesPage(),
  },
];

/** The routes a user with `roles` may open. */
export function routesFor(roles: readonly string[]): Route[] {
  return ROUTES.filter((route) => !route.roles || route.roles.some((role) => roles.includes(role)));
}

export function findRoute(path: string): Route | undefined {
  return ROUTES.find((route) => route.path === path);
}
