import { h } from '../../dom/h';
import { t, type MessageKey } from '../../i18n';

export interface ToolbarActions {
  newDiagram(): void;
  openFile(): void;
  save(): void;
  exportSvg(): void;
  deploy(): void;
  showShortcuts(): void;
}

/**
 * The modeler's commands above the canvas, the name of the open diagram and, after it,
 * `diagramSwitcher` (the page's, shown for files with several diagrams).
 */
export class ModelerToolbar {
  readonly element: HTMLElement;
  private readonly title = h('span', { class: 'toolbar-title' });
  private readonly diagramOnly: HTMLButtonElement[];
  private readonly deployButton: HTMLButtonElement;

  constructor(actions: ToolbarActions, diagramSwitcher: HTMLElement) {
    const button = (label: MessageKey, onclick: () => void, extra: Record<string, string> = {}) =>
      h('button', { type: 'button', class: 'button', onclick, ...extra }, t(label));
    const save = button('modeler.save', actions.save, { title: t('modeler.saveHint') });
    const exportSvg = button('modeler.exportSvg', actions.exportSvg);
    this.deployButton = button('modeler.deploy', actions.deploy, { class: 'button primary' });
    this.diagramOnly = [save, exportSvg, this.deployButton];
    this.element = h(
      'div',
      { class: 'modeler-toolbar', role: 'toolbar', 'aria-label': t('modeler.toolbar') },
      button('modeler.new', actions.newDiagram),
      button('modeler.open', actions.openFile, { title: t('modeler.openHint') }),
      save,
      exportSvg,
      this.deployButton,
      this.title,
      diagramSwitcher,
      button('modeler.shortcuts', actions.showShortcuts, { class: 'button subtle' }),
    );
    this.setDiagram(null, false);
  }

  /** Shows the open diagram's name (null: none open) and whether it has unsaved changes. */
  setDiagram(name: string | null, unsaved: boolean): void {
    for (const button of this.diagramOnly) button.disabled = name === null;
    this.title.textContent = name === null ? '' : name;
    this.title.classList.toggle('unsaved', unsaved);
    this.title.title = unsaved ? t('modeler.unsaved') : '';
  }

  setDeploying(deploying: boolean): void {
    this.deployButton.disabled = deploying;
    this.deployButton.textContent = deploying ? t('modeler.deploying') : t('modeler.deploy');
  }
}
