/**
 * A labelled control of an admin form with room for the server's message about it. The
 * message sits under the control, tied to it by `aria-describedby`, and `aria-invalid`
 * marks the control while it shows.
 */
import { h, type Child } from '../../dom/h';

export type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement | HTMLElement;

let issued = 0;

/** A fresh element id for a control of `form`. */
export function controlId(form: string, name: string): string {
  issued += 1;
  return `admin-${form}-${name}-${issued}`;
}

export class FormField {
  readonly element: HTMLElement;
  private readonly message: HTMLElement;

  /**
   * @param pointer the JSON pointer of the body field the control writes (`/label`); the
   *   server's messages about it or anything below it (`/options/2`) show here.
   * @param label a `<label>` text for a control with an id, or a legend for a group.
   */
  constructor(
    readonly pointer: string,
    label: string,
    readonly control: Control,
    hint?: string,
  ) {
    const messageId = `${control.id || controlId('group', pointer.slice(1))}-message`;
    const hintId = hint ? `${messageId}-hint` : null;
    this.message = h('p', { id: messageId, class: 'field-error', hidden: true });
    control.setAttribute('aria-describedby', [hintId, messageId].filter(Boolean).join(' '));
    const isGroup = control instanceof HTMLFieldSetElement;
    const labelled: Child = isGroup
      ? null
      : h('label', { for: control.id, class: 'admin-label' }, label);
    if (isGroup) control.prepend(h('legend', { class: 'admin-label' }, label));
    this.element = h(
      'div',
      { class: 'admin-field', 'data-pointer': pointer },
      labelled,
      control,
      hint ? h('p', { id: hintId, class: 'admin-hint muted' }, hint) : null,
      this.message,
    );
  }

  /** Whether a message about `pointer` belongs to this field. */
  covers(pointer: string): boolean {
    return pointer === this.pointer || pointer.startsWith(`${this.pointer}/`);
  }

  showError(message: string | null): void {
    this.message.textContent = message ?? '';
    this.message.hidden = message === null;
    if (message === null) this.control.removeAttribute('aria-invalid');
    else this.control.setAttribute('aria-invalid', 'true');
  }

  /** The control, or the first input of a group, for the focus. */
  focus(): void {
    const target = this.control.matches('input, select, textarea')
      ? this.control
      : this.control.querySelector<HTMLElement>('input, select, textarea');
    target?.focus();
  }
}
