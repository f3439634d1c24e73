import { h } from '../../dom/h';

export interface ConfirmOptions {
  title: string;
  message: string;
  confirm: string;
  dismiss: string;
}

/**
 * Asks in a modal dialog; resolves true only when the confirming button was pressed.
 * The dismissing button has the focus, so Enter or Escape never destroys anything.
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
    { class: 'monitor-dialog', 'aria-labelledby': 'monitor-dialog-title' },
    h('h2', { id: 'monitor-dialog-title' }, options.title),
    h('p', {}, options.message),
    h(
      'form',
      { method: 'dialog', class: 'monitor-dialog-actions' },
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
