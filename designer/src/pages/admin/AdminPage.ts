/**
 * Administration (admins only): the custom fields of clients, users and groups, one tab
 * each. The tab shows in the URL (`/admin?tab=users`), and each tab loads afresh when it
 * opens. The tabs follow the WAI-ARIA tabs pattern: arrow keys, Home and End move
 * between them, Tab goes into the open panel.
 *
 *   /admin?tab= ──▶ tablist ──▶ FieldsPanel | UsersPanel | GroupsPanel ──▶ load()
 */
import type { Page } from '../../app/Page';
import { h } from '../../dom/h';
import { t, type MessageKey } from '../../i18n';
import type { AdminPanel } from './AdminPanel';
import { FieldsPanel } from './FieldsPanel';
import { GroupsPanel } from './GroupsPanel';
import { UsersPanel } from './UsersPanel';
import './admin.css';

const TABS = ['fields', 'users', 'groups'] as const;
type Tab = (typeof TABS)[number];

const TAB_LABELS: Readonly<Record<Tab, MessageKey>> = {
  fields: 'admin.tab.fields',
  users: 'admin.tab.users',
  groups: 'admin.tab.groups',
};

export class AdminPage implements Page {
  readonly element: HTMLElement;
  private readonly panels: Readonly<Record<Tab, AdminPanel>> = {
    fields: new FieldsPanel(),
    users: new UsersPanel(),
    groups: new GroupsPanel(),
  };
  private readonly tabs: Readonly<Record<Tab, HTMLButtonElement>>;
  private readonly panelElements: Readonly<Record<Tab, HTMLElement>>;
  private current: Tab | null = null;

  constructor() {
    const tabs = {} as Record<Tab, HTMLButtonElement>;
    const panelElements = {} as Record<Tab, HTMLElement>;
    for (const tab of TABS) {
      tabs[tab] = h(
        'button',
        {
          type: 'button',
          role: 'tab',
          id: `admin-tab-${tab}`,
          class: 'admin-tab',
          'aria-controls': `admin-panel-${tab}`,
          'aria-selected': 'false',
          tabindex: '-1',
          onclick: () => this.select(tab, { updateUrl: true }),
        },
        t(TAB_LABELS[tab]),
      );
      panelElements[tab] = h(
        'section',
        {
          role: 'tabpanel',
          id: `admin-panel-${tab}`,
          class: 'admin-panel',
          'aria-labelledby': `admin-tab-${tab}`,
          tabindex: '0',
          hidden: true,
        },
        this.panels[tab].element,
      );
    }
    this.tabs = tabs;
    this.panelElements = panelElements;
    this.element = h(
      'section',
      { class: 'admin-page' },
      h('header', { class: 'page-header' }, h('h1', {}, t('admin.title'))),
      h(
        'div',
        {
          role: 'tablist',
          class: 'admin-tabs',
          'aria-label': t('admin.tabsLabel'),
          onkeydown: (event) => this.moveBetweenTabs(event as KeyboardEvent),
        },
        TABS.map((tab) => tabs[tab]),
      ),
      TABS.map((tab) => panelElements[tab]),
    );
  }

  async show(query: URLSearchParams): Promise<void> {
    const asked = query.get('tab');
    await this.select(TABS.find((tab) => tab === asked) ?? 'fields', { updateUrl: false });
  }

  private async select(tab: Tab, options: { updateUrl: boolean; focus?: boolean }) {
    if (options.updateUrl && tab !== this.current) {
      history.replaceState(null, '', `/admin?${new URLSearchParams({ tab })}`);
    }
    this.current = tab;
    for (const other of TABS) {
      const selected = other === tab;
      this.tabs[other].setAttribute('aria-selected', String(selected));
      this.tabs[other].tabIndex = selected ? 0 : -1;
      this.panelElements[other].hidden = !selected;
    }
    if (options.focus) this.tabs[tab].focus();
    await this.panels[tab].load();
  }

  private moveBetweenTabs(event: KeyboardEvent) {
    if (!this.current) return;
    const index = TABS.indexOf(this.current);
    const next: Record<string, number> = {
      ArrowRight: (index + 1) % TABS.length,
      ArrowLeft: (index - 1 + TABS.length) % TABS.length,
      Home: 0,
      End: TABS.length - 1,
    };
    const target = next[event.key];
    if (target === undefined) return;
    event.preventDefault();
    void this.select(TABS[target] as Tab, { updateUrl: true, focus: true });
  }
}
