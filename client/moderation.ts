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
 * (those belong to the browser).
 *
 * On the queue, decisions (one comment's buttons, the bulk form, Undo) are
 * sent with fetch and answered in JSON (see moderation.responses.ts): the
 * comment leaves the list or is redrawn in place, focus moves to the next
 * one, the notice (a live region) says what happened, and Undo appears for
 * a minute. "Select all on this page" ticks every comment. Elsewhere (a
 * comment's page) an action reloads the page; the position is remembered
 * so the next comment is focused again.
 */

const ITEM = '[data-moderation-item]';
const POSITION_KEY = 'broadsheet.moderation.position';

/** The comments on the page, leaving out those a decision took off the list. */
function items(): HTMLElement[] {
  return [...document.querySelectorAll<HTMLElement>(ITEM)].filter((el) => !el.closest('li[hidden]'));
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

interface ItemPayload {
  id: number;
  listed: boolean;
  html?: string;
}
interface DecisionAnswer {
  message: string;
  items: ItemPayload[];
  counts: Record<string, number>;
  undo: { handle: string; until: string } | null;
}

const list = document.querySelector<HTMLElement>('[data-queue-list]');
const live = document.getElementById('moderation-live');
const undoForm = document.querySelector<HTMLFormElement>('form[data-undo-form]');
const selectAll = document.querySelector<HTMLInputElement>('input[data-select-all]');
let undoTimer: number | undefined;

const boxes = () =>
  items()
    .map((el) => el.querySelector<HTMLInputElement>('input[data-select]'))
    .filter((b): b is HTMLInputElement => b !== null);
const rowOf = (id: number) => document.querySelector<HTMLElement>(`${ITEM}[data-moderation-item="${id}"]`)?.closest<HTMLElement>('li') ?? null;

/** "Select all" follows the boxes: ticked when all are, half when some are. */
function syncSelectAll(): void {
  if (!selectAll) return;
  const all = boxes();
  const ticked = all.filter((b) => b.checked).length;
  selectAll.checked = all.length > 0 && ticked === all.length;
  selectAll.indeterminate = ticked > 0 && ticked < all.length;
}

function announce(message: string): void {
  if (!live) return;
  // A fresh node, so the same words said twice are announced twice.
  live.textContent = '';
  live.append(document.createTextNode(message));
}

function showUndo(undo: DecisionAnswer['undo']): void {
  if (!undoForm) return;
  window.clearTimeout(undoTimer);
  const field = undoForm.querySelector<HTMLInputElement>('input[name="decision"]');
  if (!undo || !field) {
    undoForm.hidden = true;
    return;
  }
  field.value = undo.handle;
  undoForm.hidden = false;
  undoTimer = window.setTimeout(() => (undoForm.hidden = true), Math.max(Date.parse(undo.until) - Date.now(), 0));
}

/** Take a comment off the list or draw it anew, as the answer says. */
function applyItems(answer: DecisionAnswer): HTMLElement[] {
  const shown: HTMLElement[] = [];
  for (const item of answer.items) {
    const row = rowOf(item.id);
    if (!row) continue;
    if (item.listed && item.html !== undefined) {
      row.innerHTML = item.html;
      row.hidden = false;
      shown.push(row);
    } else {
      row.querySelectorAll<HTMLInputElement>('input[data-select]').forEach((b) => (b.checked = false));
      row.hidden = true;
    }
  }
  for (const [queue, n] of Object.entries(answer.counts)) {
    const count = document.querySelector(`[data-queue="${queue}"] .moderation-tabs__count`);
    if (count) count.textContent = `(${n.toLocaleString('en-US')})`;
  }
  syncSelectAll();
  return shown;
}

/** Focus the comment at `index` in the list as it now is, or the notice when none is left. */
function focusAt(index: number): void {
  const now = items();
  if (now.length > 0) focusItem(now[Math.min(Math.max(index, 0), now.length - 1)]);
  else if (live) {
    live.tabIndex = -1;
    live.focus();
  }
}

/** Send a form as the page would, asking for JSON; undefined (after saying why) when refused. */
async function send(form: HTMLFormElement): Promise<DecisionAnswer | undefined> {
  let res: Response;
  try {
    // getAttribute: the bulk form's "action" select hides the form's own action property.
    res = await fetch(form.getAttribute('action') ?? location.href, {
      method: 'POST',
      body: new URLSearchParams(new FormData(form) as unknown as Record<string, string>),
      headers: { Accept: 'application/json' },
      credentials: 'same-origin',
    });
  } catch {
    announce('The server could not be reached; nothing was changed. Try again.');
    return undefined;
  }
  const body = (await res.json().catch(() => null)) as (DecisionAnswer & { error?: { message?: string } }) | null;
  if (!res.ok || !body || !Array.isArray(body.items)) {
    announce(body?.error?.message ?? 'That did not work; reload the page and try again.');
    return undefined;
  }
  return body;
}

function pending(form: HTMLFormElement, on: boolean): void {
  form.querySelectorAll('button').forEach((b) => (b.disabled = on));
}

async function onSubmit(event: SubmitEvent): Promise<void> {
  const form = event.target;
  if (!(form instanceof HTMLFormElement)) return;
  const decide = form.matches('form[data-decide]') && list?.contains(form);
  if (!decide && form !== undoForm && form.id !== 'bulk-form') return;
  if (form.id === 'bulk-form' && !form.reportValidity()) return;
  event.preventDefault();
  const before = items();
  const itemEl = form.closest<HTMLElement>(ITEM);
  const index = itemEl ? before.indexOf(itemEl) : currentIndex(before);
  pending(form, true);
  const answer = await send(form);
  pending(form, false);
  if (!answer) return;
  const shown = applyItems(answer);
  announce(answer.message);
  if (form === undoForm) {
    showUndo(null);
    focusItem(shown[0]);
    return;
  }
  showUndo(answer.undo);
  if (form.id === 'bulk-form') {
    // Done with this selection, including comments that already were as asked.
    for (const box of boxes()) box.checked = false;
    syncSelectAll();
  }
  focusAt(index < 0 ? 0 : index);
}

if (document.querySelector(ITEM)) {
  document.addEventListener('keydown', onKey);
  restore();
}
if (list) {
  // With scripts, "Select all" ticks the boxes themselves; sent as well, it would bring back comments already decided.
  selectAll?.removeAttribute('name');
  document.addEventListener('submit', (event) => void onSubmit(event));
  selectAll?.addEventListener('change', () => {
    for (const box of boxes()) box.checked = selectAll.checked;
    syncSelectAll();
  });
  document.addEventListener('change', (event) => {
    if (event.target instanceof HTMLInputElement && event.target.matches('input[data-select]')) syncSelectAll();
  });
}
