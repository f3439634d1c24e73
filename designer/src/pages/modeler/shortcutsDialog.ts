import { isMac } from 'diagram-js/lib/util/Platform';
import { h } from '../../dom/h';
import { t, type MessageKey } from '../../i18n';

/** bpmn-js's keyboard bindings (diagram-js KeyboardBindings, bpmn-js BpmnKeyboardBindings) and the page's own. */
const SHORTCUTS: readonly [MessageKey, string][] = [
  ['shortcuts.save', 'Mod+S'],
  ['shortcuts.open', 'Mod+O'],
  ['shortcuts.undo', 'Mod+Z'],
  ['shortcuts.redo', 'Mod+Shift+Z / Mod+Y'],
  ['shortcuts.copy', 'Mod+C'],
  ['shortcuts.cut', 'Mod+X'],
  ['shortcuts.paste', 'Mod+V'],
  ['shortcuts.duplicate', 'Mod+D'],
  ['shortcuts.selectAll', 'Mod+A'],
  ['shortcuts.delete', 'Delete / Backspace'],
  ['shortcuts.find', 'Mod+F'],
  ['shortcuts.editLabel', 'E'],
  ['shortcuts.replace', 'R'],
  ['shortcuts.hand', 'H'],
  ['shortcuts.lasso', 'L'],
  ['shortcuts.space', 'S'],
  ['shortcuts.connect', 'C'],
  ['shortcuts.moveSelection', '← ↑ → ↓ (+Shift)'],
  ['shortcuts.scroll', 'Mod+← ↑ → ↓ (+Shift)'],
  ['shortcuts.zoom', 'Mod+= / Mod+- / Mod+0'],
];

/** A dialog listing the keyboard shortcuts; they work while the canvas has focus. */
export function shortcutsDialog(): HTMLDialogElement {
  const mod = isMac() ? '⌘' : 'Ctrl';
  const dialog = h(
    'dialog',
    { class: 'shortcuts-dialog', 'aria-labelledby': 'shortcuts-title' },
    h('h2', { id: 'shortcuts-title' }, t('shortcuts.title')),
    h('p', {}, t('shortcuts.lead')),
    h(
      'table',
      {},
      h(
        'tbody',
        {},
        SHORTCUTS.map(([label, keys]) =>
          h(
            'tr',
            {},
            h('th', { scope: 'row' }, t(label)),
            h('td', {}, h('kbd', {}, keys.replaceAll('Mod', mod))),
          ),
        ),
      ),
    ),
    h(
      'form',
      { method: 'dialog' },
      h('button', { type: 'submit', class: 'button primary' }, t('shortcuts.close')),
    ),
  );
  return dialog;
}
