/*
 * Keyboard shortcuts for the moderation queue and a comment's page (built
 * by scripts/build.mjs into public/assets/moderation.js). Everything here
 * is an extra: every action is a plain form that works without it.
 *
 *   j / k        next / previous comment (focused, so it shows the outline)
 *   a r s f      press that comment's Approve, Reject, Spam or Feature/Unfeature button
 *   x            tick or untick its checkbox for the bulk bar
 *   o / Enter    open the comment in its thread
 *
 * Keys are ignored while typing in a field, and with Ctrl, Alt or Meta held
 * (those belong to the browser). After an action the page reloads; the
 * position is remembered so the next comment is focused again.
 */

const ITEM = '[data-moderation-item]';
const POSITION_KEY = 'broadsheet.moderation.position';

function items(): HTMLElement[] {
  return [...document.querySelectorAll<HTMLElement>(ITEM)];
}

/** Whether a key press belongs to a field being typed in. */
function typing(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

function currentIndex(list: HTMLElement[]): number {
  const active = document.activeElement;
  return active ? list.findIndex((el) => el === active || el.contains(active)) : -1;
}

function focusItem(el: HTMLElement | undefined): void {
  if (!el) return;
  el.focus({ preventScroll: true });
  el.scrollIntoView({ block: 'nearest' });
}

function remember(index: number): void {
  try {
    sessionStorage.setItem(POSITION_KEY, JSON.stringify({ path: location.pathname, index }));
  } catch {
    // Storage may be off; the shortcut still works, focus just starts at the top.
  }
}

/** The position remembered before the last action, once (it is forgotten on reading). */
function recall(): { path?: unknown; index?: unknown } | null {
  try {
    const saved = JSON.parse(sessionStorage.getItem(POSITION_KEY) ?? 'null') as { path?: unknown; index?: unknown } | null;
    sessionStorage.removeItem(POSITION_KEY);
    return saved;
  } catch {
    return null;
  }
}

/** After an action reloaded the page, focus the comment now at the same place. */
function restore(): void {
  const saved = recall();
  if (!saved || saved.path !== location.pathname || typeof saved.index !== 'number') return;
  const list = items();
  if (list.length > 0) focusItem(list[Math.min(saved.index, list.length - 1)]);
}

function onKey(event: KeyboardEvent): void {
  if (event.defaultPrevented || event.ctrlKey || event.altKey || event.metaKey || typing(event.target)) return;
  const list = items();
  if (list.length === 0) return;
  const index = currentIndex(list);
  const item = index >= 0 ? list[index] : undefined;
  const key = event.key;

  if (key === 'j' || key === 'k') {
    event.preventDefault();
    const next = index < 0 ? 0 : key === 'j' ? Math.min(index + 1, list.length - 1) : Math.max(index - 1, 0);
    focusItem(list[next]);
    return;
  }
  if (!item) return;
  if (key === 'a' || key === 'r' || key === 's' || key === 'f') {
    // A held key repeats: one decision per press, not a second submit of the same form.
    if (event.repeat) return;
    const button = item.querySelector<HTMLButtonElement>(`button[data-shortcut="${key}"]`);
    if (!button) return;
    event.preventDefault();
    remember(index);
    button.click();
    return;
  }
  if (key === 'x') {
    const box = item.querySelector<HTMLInputElement>('input[type="checkbox"][data-select]');
    if (!box) return;
    event.preventDefault();
    box.checked = !box.checked;
    box.dispatchEvent(new Event('change', { bubbles: true }));
    return;
  }
  // Enter only on the comment itself: on a button or link it must keep doing what it does.
  if (key === 'o' || (key === 'Enter' && event.target === item)) {
    const link = item.querySelector<HTMLAnchorElement>('a[data-open]');
    if (!link) return;
    event.preventDefault();
    location.assign(link.href);
  }
}

if (document.querySelector(ITEM)) {
  document.addEventListener('keydown', onKey);
  restore();
}
