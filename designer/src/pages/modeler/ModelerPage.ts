/**
 * The modeler: bpmn-js with the Zeebe properties panel and live lint; new, open (file,
 * drop or deployed definition), save, SVG export and deploy with the server's problems
 * drawn on their elements; a switcher between the diagrams of a file that has several.
 *
 *   file / definition XML ──importXML──▶ bpmn-js ──saveXML──▶ download | POST /v2/deployments
 *                                                  400 errors[{elementId}] ──▶ markers + list
 */
import type BpmnModeler from 'bpmn-js/lib/Modeler';
import type Canvas from 'diagram-js/lib/core/Canvas';
import type ElementRegistry from 'diagram-js/lib/core/ElementRegistry';
import type EventBus from 'diagram-js/lib/core/EventBus';
import type Selection from 'diagram-js/lib/features/selection/Selection';
import { ApiProblem } from '../../api/ApiProblem';
import { deployResource } from '../../api/deployments';
import { getProcessDefinition, processDefinitionXml } from '../../api/processDefinitions';
import { describeError } from '../../app/describeError';
import type { Page } from '../../app/Page';
import { download } from '../../dom/download';
import { h } from '../../dom/h';
import { t } from '../../i18n';
import { createModeler } from '../../modeler/createModeler';
import type DeployProblems from '../../modeler/deploy-problems/DeployProblems';
import { newDiagramXml } from '../../modeler/newDiagram';
import { problemText, resourceName, svgName } from './diagramFile';
import { diagramChoices, DiagramSwitcher, type DiagramChoice } from './DiagramSwitcher';
import { emptyState } from './emptyState';
import { ModelerToolbar } from './ModelerToolbar';
import { ProblemList, type ListedProblem } from './ProblemList';
import { shortcutsDialog } from './shortcutsDialog';

type StatusKind = 'info' | 'success' | 'error';

export class ModelerPage implements Page {
  readonly element: HTMLElement;
  private readonly modeler: BpmnModeler;
  private readonly toolbar: ModelerToolbar;
  private readonly problems: ProblemList;
  private readonly diagrams = new DiagramSwitcher((choice) => this.switchDiagram(choice));
  /** The diagram switches asked for, one after the other. */
  private switching = Promise.resolve();
  private readonly status = h('p', { class: 'modeler-status', role: 'status', hidden: true });
  private readonly fileInput = h('input', { type: 'file', accept: '.bpmn,.xml', hidden: true });
  private readonly empty: HTMLElement;
  private readonly shortcuts = shortcutsDialog();
  /** The name the diagram was opened as (file or deployed resource), null for a new one. */
  private openedAs: string | null = null;
  private openedDefinitionKey: string | null = null;
  private loaded = false;
  private unsaved = false;

  constructor() {
    const canvas = h('div', { class: 'modeler-canvas' });
    const properties = h('aside', {
      class: 'modeler-properties',
      'aria-label': t('modeler.properties'),
    });
    const actions = {
      newDiagram: () => void this.newDiagram(),
      openFile: () => this.chooseFile(),
      save: () => void this.save(),
      exportSvg: () => void this.exportSvg(),
      deploy: () => void this.deploy(),
      showShortcuts: () => this.shortcuts.showModal(),
    };
    this.toolbar = new ModelerToolbar(actions, this.diagrams.element);
    this.problems = new ProblemList((elementId) => this.selectElement(elementId));
    this.empty = emptyState(actions);
    const stage = h('div', { class: 'modeler-stage' }, canvas, this.empty);
    this.element = h(
      'section',
      { class: 'modeler-page', onkeydown: (event) => this.onKeyDown(event as KeyboardEvent) },
      this.toolbar.element,
      this.status,
      h(
        'div',
        { class: 'modeler-body' },
        h('div', { class: 'modeler-main' }, stage, this.problems.element),
        properties,
      ),
      this.fileInput,
      this.shortcuts,
    );
    this.fileInput.addEventListener('change', () => {
      const file = this.fileInput.files?.[0];
      this.fileInput.value = '';
      if (file) void this.openFile(file);
    });
    stage.addEventListener('dragover', (event) => event.preventDefault());
    stage.addEventListener('drop', (event) => {
      event.preventDefault();
      const file = event.dataTransfer?.files[0];
      if (file) void this.openFile(file);
    });

    this.modeler = createModeler({ canvas, properties });
    this.modeler.get<EventBus>('eventBus').on('commandStack.changed', () => this.markUnsaved(true));
    this.render();
  }

  async show(query: URLSearchParams): Promise<void> {
    const key = query.get('definition');
    if (key && key !== this.openedDefinitionKey) await this.openDefinition(key);
  }

  hasUnsavedWork(): boolean {
    return this.unsaved;
  }

  private async newDiagram() {
    if (!this.mayDiscard()) return;
    await this.importDiagram(newDiagramXml(), null, null);
  }

  private chooseFile() {
    if (this.mayDiscard()) this.fileInput.click();
  }

  private async openFile(file: File) {
    await this.importDiagram(await file.text(), file.name, null);
  }

  private async openDefinition(key: string) {
    if (!this.mayDiscard()) return;
    try {
      const [definition, xml] = await Promise.all([
        getProcessDefinition(key),
        processDefinitionXml(key),
      ]);
      await this.importDiagram(xml, definition.resourceName, key);
    } catch (error) {
      this.setStatus('error', t('modeler.openDefinitionFailed', { detail: describeError(error) }));
    }
  }

  private async importDiagram(xml: string, openedAs: string | null, definitionKey: string | null) {
    this.problems.clear();
    try {
      const { warnings } = await this.modeler.importXML(xml);
      this.openedAs = openedAs;
      this.openedDefinitionKey = definitionKey;
      this.loaded = true;
      this.unsaved = false;
      // importXML shows the first diagram.
      const definitions = this.modeler.getDefinitions() as Parameters<typeof diagramChoices>[0];
      this.diagrams.show(diagramChoices(definitions), definitions?.diagrams?.[0]);
      // Show the properties panel first, so the diagram fits the canvas that remains.
      this.render();
      this.fitDiagram(openedAs !== null);
      this.setStatus(
        'info',
        warnings.length
          ? t('modeler.openedWithWarnings', { count: warnings.length })
          : t('modeler.opened', { name: this.resource() }),
      );
    } catch (error) {
      this.setStatus('error', t('modeler.openFailed', { detail: describeError(error) }));
    }
    this.render();
  }

  private switchDiagram(choice: DiagramChoice) {
    this.switching = this.switching.then(() => this.showDiagram(choice));
  }

  private async showDiagram({ diagram, label }: DiagramChoice) {
    // A switch asked for before another file was opened has nothing left to show.
    const definitions = this.modeler.getDefinitions() as { diagrams?: unknown[] } | undefined;
    if (!definitions?.diagrams?.includes(diagram)) return;
    // Switching re-renders; the edits stay in the definitions, and so does their mark.
    const unsaved = this.unsaved;
    try {
      const { warnings } = await this.modeler.open(diagram as Parameters<BpmnModeler['open']>[0]);
      // open() ends without the import.done of importXML, on which lint and the
      // properties panel take up the diagram now shown.
      this.modeler.get<EventBus>('eventBus').fire('import.done', { error: null, warnings });
      // The focus stays on the switcher, so the next diagram is one key away.
      this.fitDiagram(true, false);
      this.setStatus('info', t('modeler.diagrams.shown', { name: label }));
    } catch (error) {
      this.setStatus('error', t('modeler.diagrams.failed', { detail: describeError(error) }));
    }
    this.unsaved = unsaved;
    this.render();
  }

  private async save() {
    if (!this.loaded) return;
    const { xml } = await this.modeler.saveXML({ format: true });
    download(this.resource(), xml ?? '', 'application/bpmn+xml');
    this.markUnsaved(false);
    this.setStatus('info', t('modeler.saved', { name: this.resource() }));
  }

  private async exportSvg() {
    if (!this.loaded) return;
    const { svg } = await this.modeler.saveSVG();
    download(svgName(this.resource()), svg, 'image/svg+xml');
  }

  private async deploy() {
    if (!this.loaded) return;
    const deployProblems = this.modeler.get<DeployProblems>('deployProblems');
    deployProblems.clear();
    this.problems.clear();
    this.toolbar.setDeploying(true);
    this.setStatus('info', t('modeler.deploying'));
    const resource = this.resource();
    try {
      const { xml } = await this.modeler.saveXML({ format: true });
      const deployed = await deployResource(resource, xml ?? '');
      const summary = deployed
        .map((d) =>
          t('modeler.deploy.version', {
            id: d.processDefinitionId,
            version: d.processDefinitionVersion,
          }),
        )
        .join(', ');
      this.setStatus('success', t('modeler.deploy.success', { processes: summary }));
      this.markUnsaved(false);
    } catch (error) {
      this.deployFailed(error, resource, deployProblems);
    } finally {
      this.toolbar.setDeploying(false);
    }
  }

  private deployFailed(error: unknown, resource: string, deployProblems: DeployProblems) {
    if (!(error instanceof ApiProblem) || error.errors.length === 0) {
      this.setStatus('error', t('modeler.deploy.failed', { detail: describeError(error) }));
      return;
    }
    const items = error.errors.map((item) => ({
      elementId: item.elementId ?? null,
      message: problemText(item.message, resource, item.elementId),
    }));
    deployProblems.show(
      items.flatMap((item) =>
        item.elementId ? [{ elementId: item.elementId, message: item.message }] : [],
      ),
    );
    const registry = this.modeler.get<ElementRegistry>('elementRegistry');
    const root = this.modeler.get<Canvas>('canvas').getRootElement();
    const listed: ListedProblem[] = items.map((item) => {
      const found = item.elementId ? registry.get(item.elementId) : undefined;
      const element = found === root ? undefined : found;
      const name = (element?.businessObject as { name?: string } | undefined)?.name;
      return {
        elementId: element ? item.elementId : null,
        elementLabel: element ? name || item.elementId : item.elementId,
        message: item.message,
      };
    });
    this.problems.show(t('modeler.problems.title', { count: listed.length }), listed);
    this.setStatus('error', t('modeler.deploy.rejected', { count: listed.length }));
  }

  private selectElement(elementId: string) {
    const element = this.modeler.get<ElementRegistry>('elementRegistry').get(elementId);
    if (!element) return;
    this.modeler.get<Canvas>('canvas').scrollToElement(element);
    this.modeler.get<Selection>('selection').select(element);
  }

  private onKeyDown(event: KeyboardEvent) {
    if (!(event.ctrlKey || event.metaKey) || event.altKey) return;
    const key = event.key.toLowerCase();
    if (key === 's') {
      event.preventDefault();
      void this.save();
    } else if (key === 'o') {
      event.preventDefault();
      this.chooseFile();
    }
  }

  private fitDiagram(opened: boolean, focusCanvas = true) {
    const canvas = this.modeler.get<Canvas>('canvas');
    canvas.resized();
    if (opened) {
      // diagram-js centres on `'auto'`, which its declarations do not list.
      const zoom = canvas.zoom.bind(canvas) as unknown as (
        scale: number | 'fit-viewport',
        center: 'auto',
      ) => number;
      // Fit with a margin, so the palette does not cover the diagram's edge; never enlarge.
      zoom(Math.min(1, zoom('fit-viewport', 'auto') * 0.85), 'auto');
    }
    if (focusCanvas) canvas.focus();
  }

  private mayDiscard(): boolean {
    return !this.unsaved || window.confirm(t('modeler.discardChanges'));
  }

  private markUnsaved(unsaved: boolean) {
    this.unsaved = unsaved && this.loaded;
    this.render();
  }

  /** The resource name the diagram is saved and deployed under. */
  private resource(): string {
    const definitions = this.modeler.getDefinitions() as
      { rootElements?: { $type: string; id?: string }[] } | undefined;
    const process = definitions?.rootElements?.find((root) => root.$type === 'bpmn:Process');
    return resourceName(this.openedAs, process?.id);
  }

  private setStatus(kind: StatusKind, text: string) {
    this.status.textContent = text;
    this.status.className = `modeler-status ${kind}`;
    this.status.hidden = false;
  }

  private render() {
    this.empty.hidden = this.loaded;
    this.element.classList.toggle('is-empty', !this.loaded);
    this.toolbar.setDiagram(this.loaded ? this.resource() : null, this.unsaved);
  }
}
