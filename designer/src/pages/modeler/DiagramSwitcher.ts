import { h, replaceChildren } from '../../dom/h';
import { t } from '../../i18n';
import './diagramSwitcher.css';

/** A BPMNDiagram as bpmn-moddle reads it: what the switcher needs of it. */
export interface DiagramElement {
  id?: string;
  name?: string;
  plane?: { bpmnElement?: { $instanceOf(type: string): boolean } };
}

export interface DiagramChoice {
  diagram: DiagramElement;
  label: string;
}

/**
 * The diagrams of a file a user can switch between: every BPMNDiagram but those of a
 * sub-process, which bpmn-js shows through the sub-process's drill-down instead. Each is
 * labelled by its name, else its id, else its place in the file; a name two diagrams
 * share gets the id beside it.
 *
 * @example
 * diagramChoices(modeler.getDefinitions()); // [{ diagram, label: 'Sales' }, …]
 */
export function diagramChoices(
  definitions: { diagrams?: DiagramElement[] } | undefined,
): DiagramChoice[] {
  const diagrams = (definitions?.diagrams ?? []).filter(
    (diagram) => !diagram.plane?.bpmnElement?.$instanceOf('bpmn:SubProcess'),
  );
  const names = diagrams.map(
    (diagram, i) =>
      diagram.name?.trim() || diagram.id || t('modeler.diagrams.untitled', { number: i + 1 }),
  );
  return diagrams.map((diagram, i) => {
    const name = names[i]!;
    const shared = names.indexOf(name) !== names.lastIndexOf(name) && diagram.id;
    return { diagram, label: shared ? `${name} (${diagram.id})` : name };
  });
}

/**
 * A select in the toolbar that lists the diagrams of a file with more than one; the
 * modeler shows one at a time. Hidden when there is nothing to switch between.
 */
export class DiagramSwitcher {
  readonly element: HTMLElement;
  private readonly select: HTMLSelectElement;
  private choices: readonly DiagramChoice[] = [];

  constructor(onSwitch: (choice: DiagramChoice) => void) {
    this.select = h('select', {
      id: 'modeler-diagram',
      class: 'diagram-switcher-select',
      onchange: () => {
        const choice = this.choices[this.select.selectedIndex];
        if (choice) onSwitch(choice);
      },
    });
    this.element = h(
      'div',
      { class: 'diagram-switcher', hidden: true },
      h('label', { for: 'modeler-diagram' }, t('modeler.diagrams.label')),
      this.select,
    );
  }

  /** Lists `choices` with `shown` selected; hides the switcher for fewer than two. */
  show(choices: readonly DiagramChoice[], shown: DiagramElement | undefined): void {
    this.choices = choices;
    replaceChildren(
      this.select,
      choices.map((choice, i) =>
        h('option', { value: i, selected: choice.diagram === shown }, choice.label),
      ),
    );
    this.element.hidden = choices.length < 2;
  }
}
