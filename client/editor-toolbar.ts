/*
 * The Markdown toolbar above the body, and the editor's keyboard shortcuts:
 * Ctrl/Cmd+B bold, I italic, K link (in the body), Ctrl/Cmd+S save (anywhere
 * on the page, instead of the browser's "Save page" dialog). The toolbar is
 * one tab stop; arrow keys, Home and End move between its buttons.
 */
import { ACTIONS } from './editor-markdown.js';

const SHORTCUTS: Record<string, string> = { b: 'bold', i: 'italic', k: 'link' };

/** Shows the toolbar and makes its buttons write into `body`; `image` is what the Image button does. */
export function setupToolbar(toolbar: HTMLElement, body: HTMLTextAreaElement, image: () => void): void {
  const buttons = [...toolbar.querySelectorAll<HTMLButtonElement>('button[data-md]')];
  const run = (action: string) => {
    if (body.disabled || body.readOnly) return;
    if (action === 'image') image();
    else ACTIONS[action]?.(body);
  };
  toolbar.hidden = false;
  toolbar.addEventListener('mousedown', (e) => {
    // Keep the body's selection: a click on a button must not take the focus (and the selection) away first.
    if ((e.target as Element).closest('button')) e.preventDefault();
  });
  toolbar.addEventListener('click', (e) => {
    const button = (e.target as Element).closest<HTMLButtonElement>('button[data-md]');
    if (button) run(button.dataset.md!);
  });
  toolbar.addEventListener('keydown', (e) => {
    const i = buttons.indexOf(document.activeElement as HTMLButtonElement);
    if (i === -1) return;
    const to = e.key === 'ArrowRight' ? i + 1 : e.key === 'ArrowLeft' ? i - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? buttons.length - 1 : null;
    if (to === null) return;
    e.preventDefault();
    const next = buttons[(to + buttons.length) % buttons.length]!;
    for (const b of buttons) b.tabIndex = b === next ? 0 : -1;
    next.focus();
  });
  body.addEventListener('keydown', (e) => {
    if (!(e.ctrlKey || e.metaKey) || e.altKey || e.shiftKey) return;
    const action = SHORTCUTS[e.key.toLowerCase()];
    if (!action) return;
    e.preventDefault();
    run(action);
  });
}

/** Ctrl/Cmd+S anywhere on the page presses Save (when the story can be saved). */
export function setupSaveShortcut(form: HTMLFormElement): void {
  document.addEventListener('keydown', (e) => {
    if (!(e.ctrlKey || e.metaKey) || e.altKey || e.key.toLowerCase() !== 's') return;
    e.preventDefault();
    const save = form.querySelector<HTMLButtonElement>('button[type="submit"]:not([formaction])');
    if (save && !save.disabled) form.requestSubmit(save);
  });
}
