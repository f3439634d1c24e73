/** The question before an action that cannot be undone (archive a client, cancel an instance). */
import { h } from './h';

export interface ConfirmOptions {
  title: string;
  message: string;
  /** The label of the button that goes ahead. */
  confirm: string;
  /** The label of the button that keeps things as they are. */
  dismiss: string;
}

/**
 * Asks in a modal dialog inside `parent`; resolves true only when the confirming button
 * was pressed. The dismissing button has the focus, so Enter or Escape never destroys
 * anything.
 *
 * @example
 * if (await confirmDialog(page, { title, message, confirm: 'Cancel instance', dismiss: 'Keep' })) …
 */
export function confirmDialog(parent: HTMLElement, options: ConfirmOptions): Promise<boolean> {
  const dismiss = h(
    'button',
    { type: 'submit', value: 'dismiss', class: 'button', autofocus: true },
    options.dismiss,
  );
  const dialog = h(
    'dialog',
    {
      class: 'confirm-dialog',
      'aria-labelledby': 'confirm-dialog-title',
      'aria-describedby': 'confirm-dialog-text',
    },
    h('h2', { id: 'confirm-dialog-title' }, options.title),
    h('p', { id: 'confirm-dialog-text' }, options.message),
    h(
      'form',
      { method: 'dialog', class: 'confirm-dialog-actions' },
      dismiss,
      h('button', { type: 'submit', value: 'confirm', class: 'button danger' }, options.confirm),
    ),
  );
  parent.appendChild(dialog);
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => {
      resolve(dialog.returnValue === 'confirm');
      dialog.remove();
    });
    dialog.showModal();
    dismiss.focus();
  });
}
