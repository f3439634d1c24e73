/** The question before a client is archived; Escape or Cancel keeps it. */
import { h } from '../../dom/h';
import { t } from '../../i18n';

/**
 * A modal dialog that calls `onConfirm` when the user confirms.
 *
 * @example
 * const dialog = archiveDialog('Acme Ltd', () => archive());
 * document.body.append(dialog);
 * dialog.showModal();
 */
export function archiveDialog(name: string, onConfirm: () => void): HTMLDialogElement {
  const cancel = h(
    'button',
    { type: 'button', class: 'button', onclick: () => dialog.close() },
    t('clients.archive.cancel'),
  );
  const confirm = h(
    'button',
    {
      type: 'button',
      class: 'button danger',
      onclick: () => {
        dialog.close();
        onConfirm();
      },
    },
    t('clients.archive.confirm'),
  );
  const dialog = h(
    'dialog',
    {
      class: 'archive-dialog',
      'aria-labelledby': 'archive-dialog-title',
      'aria-describedby': 'archive-dialog-text',
    },
    h('h2', { id: 'archive-dialog-title' }, t('clients.archive.title', { name })),
    h('p', { id: 'archive-dialog-text' }, t('clients.archive.text')),
    h('div', { class: 'form-actions' }, cancel, confirm),
  );
  // The safe choice has the focus when the dialog opens.
  cancel.autofocus = true;
  return dialog;
}
