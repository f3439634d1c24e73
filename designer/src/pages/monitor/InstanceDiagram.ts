/**
 * The instance's process drawn by bpmn-js's NavigatedViewer (pan with the mouse or the
 * arrow keys, zoom with the wheel or the buttons), its elements marked by state and
 * badged with their token and incident counts, and a legend.
 *
 *   definition XML ──importXML (once per definition)──▶ viewer
 *   statuses + taken flows ──canvas markers + overlays──▶ `monitor-<mark>`, `monitor-taken`
 */
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn-embedded.css';
import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import type Canvas from 'diagram-js/lib/core/Canvas';
import type ElementRegistry from 'diagram-js/lib/core/ElementRegistry';
import type Overlays from 'diagram-js/lib/features/overlays/Overlays';
import type Selection from 'diagram-js/lib/features/selection/Selection';
import { h } from '../../dom/h';
import { t } from '../../i18n';
import TranslateModule from '../../modeler/translate';
import type { ElementStatus, Flow } from './diagramMarks';
import { diagramLegend } from './diagramLegend';

const BADGE_OVERLAY = 'monitor-badge';
const TAKEN_MARKER = 'monitor-taken';
const ZOOM_STEP = 1.2;

interface DiagramElement {
  id: string;
  type: string;
  source?: { id: string };
  target?: { id: string };
}

export class InstanceDiagram {
  readonly element: HTMLElement;
  private readonly viewer: NavigatedViewer;
  private definitionKey: string | null = null;
  private marked: [string, string][] = [];
  private importing: { definitionKey: string; promise: Promise<void> } | null = null;

  constructor() {
    const container = h('div', { class: 'monitor-canvas' });
    const zoom = (label: string, action: () => void) =>
      h('button', { type: 'button', class: 'button', onclick: action }, label);
    this.element = h(
      'section',
      { class: 'monitor-diagram', 'aria-label': t('monitor.diagram.label') },
      h(
        'div',
        {
          class: 'monitor-diagram-tools',
          role: 'toolbar',
          'aria-label': t('monitor.diagram.zoom'),
        },
        zoom(t('monitor.diagram.zoomIn'), () => this.zoomBy(ZOOM_STEP)),
        zoom(t('monitor.diagram.zoomOut'), () => this.zoomBy(1 / ZOOM_STEP)),
        zoom(t('monitor.diagram.fit'), () => this.fit()),
        h('span', { class: 'monitor-diagram-hint muted' }, t('monitor.diagram.keyboardHint')),
      ),
      container,
      diagramLegend(),
    );
    this.viewer = new NavigatedViewer({
      container,
      keyboard: { bind: true },
      additionalModules: [TranslateModule],
    });
  }

  /**
   * Draws the definition (imported only when it differs from the one shown) and marks it.
   * Answers its sequence flows, from which the taken ones are worked out.
   */
  async open(definitionKey: string, loadXml: () => Promise<string>): Promise<Flow[]> {
    if (definitionKey !== this.definitionKey) {
      // Two reloads in a row share one import.
      if (this.importing?.definitionKey !== definitionKey) {
        const promise = this.importDefinition(definitionKey, loadXml);
        this.importing = { definitionKey, promise };
        promise
          .catch(() => undefined)
          .finally(() => {
            if (this.importing?.promise === promise) this.importing = null;
          });
      }
      await this.importing.promise;
    }
    return this.registry()
      .getAll()
      .flatMap((element) => {
        const { id, type, source, target } = element as DiagramElement;
        return type === 'bpmn:SequenceFlow' && source && target
          ? [{ id, sourceId: source.id, targetId: target.id }]
          : [];
      });
  }

  private async importDefinition(definitionKey: string, loadXml: () => Promise<string>) {
    this.definitionKey = null;
    const xml = await loadXml();
    await this.viewer.importXML(xml);
    this.marked = [];
    this.definitionKey = definitionKey;
    this.fit();
  }

  /** Replaces the marks: one marker per element, badges with counts, taken flows. */
  mark(statuses: ReadonlyMap<string, ElementStatus>, taken: ReadonlySet<string>): void {
    const canvas = this.viewer.get<Canvas>('canvas');
    const overlays = this.viewer.get<Overlays>('overlays');
    const registry = this.registry();
    for (const [elementId, marker] of this.marked) {
      if (registry.get(elementId)) canvas.removeMarker(elementId, marker);
    }
    this.marked = [];
    overlays.remove({ type: BADGE_OVERLAY });
    const root = canvas.getRootElement();
    const add = (elementId: string, marker: string) => {
      const element = registry.get(elementId);
      if (!element || element === root) return false;
      canvas.addMarker(elementId, marker);
      this.marked.push([elementId, marker]);
      return true;
    };
    for (const [elementId, status] of statuses) {
      if (!add(elementId, `monitor-${status.mark}`)) continue;
      const badges = [
        status.active > 0 &&
          badge(
            'active',
            status.active,
            t('monitor.diagram.activeBadge', { count: status.active }),
          ),
        status.incidents > 0 &&
          badge(
            'incident',
            status.incidents,
            t('monitor.diagram.incidentBadge', { count: status.incidents }),
          ),
      ].filter((element): element is HTMLElement => element !== false);
      if (badges.length > 0) {
        overlays.add(elementId, BADGE_OVERLAY, {
          position: { bottom: 10, left: -10 },
          html: h('div', { class: 'monitor-badges', 'data-element-id': elementId }, badges),
        });
      }
    }
    for (const flowId of taken) add(flowId, TAKEN_MARKER);
  }

  /** Brings the element into view and selects it. */
  focusElement(elementId: string): void {
    const element = this.registry().get(elementId);
    if (!element) return;
    this.viewer.get<Canvas>('canvas').scrollToElement(element);
    this.viewer.get<Selection>('selection').select(element);
  }

  /** The name the diagram gives the element; null when it has none or is not drawn. */
  elementName(elementId: string): string | null {
    const element = this.registry().get(elementId) as
      { businessObject?: { name?: unknown } } | undefined;
    const name = element?.businessObject?.name;
    return typeof name === 'string' && name !== '' ? name : null;
  }

  /** The page became visible again: the canvas may have changed size. */
  resized(): void {
    this.viewer.get<Canvas>('canvas').resized();
  }

  private registry() {
    return this.viewer.get<ElementRegistry>('elementRegistry');
  }

  private zoomBy(factor: number) {
    const canvas = this.viewer.get<Canvas>('canvas');
    canvas.zoom(canvas.zoom() * factor);
  }

  private fit() {
    const canvas = this.viewer.get<Canvas>('canvas');
    canvas.resized();
    // diagram-js centres on `'auto'`, which its declarations do not list.
    const zoom = canvas.zoom.bind(canvas) as unknown as (
      scale: number | 'fit-viewport',
      center: 'auto',
    ) => number;
    zoom(Math.min(1, zoom('fit-viewport', 'auto') * 0.9), 'auto');
  }
}

function badge(kind: 'active' | 'incident', count: number, label: string): HTMLElement {
  return h('span', { class: `monitor-badge ${kind}`, title: label, 'aria-label': label }, count);
}
