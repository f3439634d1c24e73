import type { SessionUser } from '../api/session';
import { h } from '../dom/h';
import { t } from '../i18n';
import { routesFor } from './routes';

/**
 * The bar above every page: the app's name, the pages, who is signed in, sign out.
 *
 * @example
 * navBar({ user, path: '/modeler', onSignOut: () => app.signOut() });
 */
export function navBar(options: {
  user: SessionUser;
  path: string;
  onSignOut: () => void;
}): HTMLElement {
  const { user, path, onSignOut } = options;
  const links = routesFor(user.roles).map((route) =>
    h(
      'a',
      {
        href: route.path,
        class: 'nav-link',
        'data-route': '',
        'aria-current': route.path === path ? 'page' : null,
      },
      t(route.title),
    ),
  );
  return h(
    'header',
    { class: 'nav-bar' },
    h('span', { class: 'nav-brand' }, t('app.name')),
    h('nav', { class: 'nav-links', 'aria-label': t('nav.label') }, links),
    h(
      'span',
      { class: 'nav-user', title: user.username },
      t('nav.signedInAs', { name: user.displayName || user.username }),
    ),
    h(
      'button',
      { type: 'button', class: 'button nav-sign-out', onclick: onSignOut },
      t('nav.signOut'),
    ),
  );
}
