/**
 * The Monitor (M6): instances per process, and one instance with its diagram. Which of
 * the two the URL shows: `?instance=<key>` is one instance, anything else the list.
 */
import type { Page } from '../../app/Page';
import { h } from '../../dom/h';
import { InstanceListView } from './InstanceListView';
import { InstanceView } from './InstanceView';
import { parseListQuery } from './monitorQuery';
import './monitor.css';

export class MonitorPage implements Page {
  readonly element: HTMLElement;
  private readonly list = new InstanceListView();
  private readonly instance = new InstanceView();

  constructor() {
    this.element = h(
      'section',
      { class: 'monitor-page' },
      this.list.element,
      this.instance.element,
    );
  }

  async show(query: URLSearchParams): Promise<void> {
    const key = query.get('instance');
    const here = window.location.pathname + window.location.search;
    this.list.element.hidden = key !== null;
    this.instance.element.hidden = key === null;
    const view = key !== null ? this.instance.element : this.list.element;
    if (key !== null) await this.instance.show(key);
    else await this.list.show(parseListQuery(query));
    keepFocus(view, here);
  }
}

/**
 * A link followed inside the page is redrawn or hidden with the view: give the focus to
 * the same link in the new view, or else to its heading, so keyboard users stay in place.
 */
function keepFocus(view: HTMLElement, href: string) {
  const active = document.activeElement;
  if (active && active !== document.body && !active.closest('[hidden]')) return;
  const same = [...view.querySelectorAll<HTMLAnchorElement>('a[href]')].find(
    (link) => link.getAttribute('href') === href,
  );
  (same ?? view.querySelector<HTMLElement>('h1'))?.focus();
}
