import type Canvas from 'diagram-js/lib/core/Canvas';
import type ElementRegistry from 'diagram-js/lib/core/ElementRegistry';
import type EventBus from 'diagram-js/lib/core/EventBus';
import type Overlays from 'diagram-js/lib/features/overlays/Overlays';
import { h } from '../../dom/h';
import { t } from '../../i18n';

/** A problem the server found in one element of a deployed model. */
export interface ElementProblem {
  elementId: string;
  message: string;
}

export const PROBLEM_MARKER = 'relata-deploy-problem';
const OVERLAY_TYPE = 'relata-deploy-problem';

/**
 * Shows the server's deploy problems on the diagram: a marker on each offending element
 * and an overlay with its messages, until the next deploy, import or {@link clear}.
 *
 * @example
 * const unplaced = modeler.get<DeployProblems>('deployProblems').show(problems);
 */
export default class DeployProblems {
  static $inject = ['canvas', 'elementRegistry', 'overlays', 'eventBus'];

  private marked: string[] = [];

  constructor(
    private readonly canvas: Canvas,
    private readonly elementRegistry: ElementRegistry,
    private readonly overlays: Overlays,
    eventBus: EventBus,
  ) {
    eventBus.on(['import.done', 'diagram.clear'], () => this.clear());
  }

  /** Marks the elements; answers the problems whose element is not drawn (or is the root). */
  show(problems: readonly ElementProblem[]): ElementProblem[] {
    this.clear();
    const root = this.canvas.getRootElement();
    const byElement = new Map<string, string[]>();
    const unplaced: ElementProblem[] = [];
    for (const problem of problems) {
      const element = this.elementRegistry.get(problem.elementId);
      if (!element || element === root) {
        unplaced.push(problem);
        continue;
      }
      byElement.set(problem.elementId, [
        ...(byElement.get(problem.elementId) ?? []),
        problem.message,
      ]);
    }
    for (const [elementId, messages] of byElement) {
      this.canvas.addMarker(elementId, PROBLEM_MARKER);
      this.overlays.add(elementId, OVERLAY_TYPE, {
        // Above the element: event labels sit below it; the overlay's CSS lifts it by its height.
        position: { top: -8, left: 0 },
        html: h(
          'div',
          { class: 'deploy-problem-overlay', role: 'note', 'data-element-id': elementId },
          h('strong', {}, t('modeler.problems.overlayTitle')),
          messages.map((message) => h('div', {}, message)),
        ),
      });
      this.marked.push(elementId);
    }
    return unplaced;
  }

  clear(): void {
    for (const elementId of this.marked) {
      if (this.elementRegistry.get(elementId)) this.canvas.removeMarker(elementId, PROBLEM_MARKER);
    }
    this.marked = [];
    this.overlays.remove({ type: OVERLAY_TYPE });
  }
}
