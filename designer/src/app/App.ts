/**
 * The shell: who is signed in, which page the URL shows, the navigation bar.
 *
 *   URL ──route()──▶ signed in? ── no ──▶ LoginPage ──signIn──▶ back to the URL
 *                        └─ yes ─▶ Route.load() (kept pages are reused) ──▶ page.show(query)
 */
import { onSessionEnded } from '../api/http';
import { currentUser, signOut, type SessionUser } from '../api/session';
import { h, replaceChildren } from '../dom/h';
import { t } from '../i18n';
import { LoginPage } from '../pages/login/LoginPage';
import { navBar } from './NavBar';
import type { Page } from './Page';
import { homePathFor, LOGIN_PATH, routesFor, type Route } from './routes';

export class App {
  private user: SessionUser | null = null;
  private readonly header = h('div', { class: 'app-header' });
  private readonly main = h('main', { class: 'app-main' });
  private readonly keptPages = new Map<string, Page>();
  private current: Page | null = null;
  /** Bumped by every navigation, so a page that loads slowly never replaces a newer one. */
  private generation = 0;

  constructor(private readonly root: HTMLElement) {
    replaceChildren(root, this.header, this.main);
    root.addEventListener('click', (event) => this.followLink(event));
    window.addEventListener('popstate', () => void this.route());
    window.addEventListener('beforeunload', (event) => {
      if (this.hasUnsavedWork()) event.preventDefault();
    });
    onSessionEnded(() => this.sessionEnded());
  }

  async start(): Promise<void> {
    try {
      this.user = await currentUser();
    } catch {
      this.user = null;
    }
    await this.route();
  }

  /** Goes to an app URL as a link click would. */
  navigate(url: string, options: { replace?: boolean } = {}): void {
    if (options.replace) history.replaceState(null, '', url);
    else history.pushState(null, '', url);
    void this.route();
  }

  private async route(): Promise<void> {
    const generation = ++this.generation;
    const { pathname, search } = window.location;
    const query = new URLSearchParams(search);
    if (!this.user) {
      if (pathname !== LOGIN_PATH) {
        const next = pathname === '/' ? '' : `?${new URLSearchParams({ next: pathname + search })}`;
        history.replaceState(null, '', `${LOGIN_PATH}${next}`);
      }
      this.showLogin(new URLSearchParams(window.location.search));
      return;
    }
    const route = routesFor(this.user.roles).find((candidate) => candidate.path === pathname);
    if (!route) {
      this.navigate(homePathFor(this.user.roles), { replace: true });
      return;
    }
    const page = await this.loadPage(route);
    if (generation !== this.generation) return;
    this.renderHeader(route.path);
    this.swap(page, route);
    await page.show(query);
  }

  private async loadPage(route: Route): Promise<Page> {
    const kept = this.keptPages.get(route.path);
    if (kept) return kept;
    const page = await route.load();
    if (route.keepAlive) this.keptPages.set(route.path, page);
    return page;
  }

  private swap(page: Page, route: Route) {
    document.title = t('app.documentTitle', { page: t(route.title) });
    if (this.current === page) return;
    this.current?.hide?.();
    for (const child of [...this.main.children]) {
      if (child === page.element) continue;
      if ([...this.keptPages.values()].some((kept) => kept.element === child)) {
        (child as HTMLElement).hidden = true;
      } else {
        child.remove();
      }
    }
    page.element.hidden = false;
    if (page.element.parentElement !== this.main) this.main.appendChild(page.element);
    this.current = page;
  }

  private showLogin(query: URLSearchParams) {
    document.title = t('app.documentTitle', { page: t('login.title') });
    this.header.replaceChildren();
    this.current?.hide?.();
    this.current = null;
    const login = new LoginPage((user) => this.signedIn(user, query.get('next')));
    for (const child of [...this.main.children]) (child as HTMLElement).hidden = true;
    this.main.querySelector('.login-page')?.remove();
    this.main.appendChild(login.element);
    login.show(query);
  }

  private signedIn(user: SessionUser, next: string | null) {
    if (this.user?.username !== user.username) this.forgetPages();
    this.main.querySelector('.login-page')?.remove();
    this.user = user;
    // Only app paths: a `next` pointing elsewhere is ignored.
    const home = homePathFor(user.roles);
    const target = next && next.startsWith('/') && !next.startsWith('//') ? next : home;
    this.navigate(target, { replace: true });
  }

  private async signOut() {
    if (this.hasUnsavedWork() && !window.confirm(t('nav.signOutUnsaved'))) return;
    try {
      await signOut();
    } finally {
      this.forgetPages();
      this.user = null;
      this.navigate(LOGIN_PATH, { replace: true });
    }
  }

  /** A 401 on some request: sign in again; kept pages stay, should the same person return. */
  private sessionEnded() {
    if (!this.user) return;
    this.user = null;
    const { pathname, search } = window.location;
    const query = new URLSearchParams({ next: pathname + search, ended: '1' });
    this.navigate(`${LOGIN_PATH}?${query}`, { replace: true });
  }

  private forgetPages() {
    for (const page of this.keptPages.values()) {
      page.hide?.();
      page.element.remove();
    }
    this.keptPages.clear();
    this.current = null;
  }

  private hasUnsavedWork(): boolean {
    return [...this.keptPages.values()].some((page) => page.hasUnsavedWork?.() ?? false);
  }

  private renderHeader(path: string) {
    replaceChildren(
      this.header,
      navBar({ user: this.user as SessionUser, path, onSignOut: () => void this.signOut() }),
    );
  }

  /** Same-app links (`data-route`) navigate without reloading the page. */
  private followLink(event: MouseEvent) {
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const link = (event.target as Element | null)?.closest('a[data-route]');
    if (!(link instanceof HTMLAnchorElement) || !this.root.contains(link)) return;
    event.preventDefault();
    this.navigate(link.pathname + link.search);
  }
}
