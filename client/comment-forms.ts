/*
 * What every comment form on the page shares, with scripts on: this
 * browser's CSRF and form-time tokens (fetched once, refreshed when the
 * server says they are stale), sending a form as JSON, the character
 * counter, and errors shown inside the form. Bundled into comments.js.
 */

interface Tokens {
  csrf: string;
  formToken: string;
}

export interface ErrorAnswer {
  error?: { code?: string; message?: string };
}

const JSON_HEADERS = { 'content-type': 'application/json', accept: 'application/json' };

let tokenRequest: Promise<Tokens> | undefined;

/** This browser's tokens, fetched once (or again when the server said they were stale). */
function tokens(fresh = false): Promise<Tokens> {
  if (!tokenRequest || fresh) {
    tokenRequest = fetch('/comments/form-token', { credentials: 'same-origin', headers: { accept: 'application/json' } }).then((res) => {
      if (!res.ok) throw new Error(`form-token ${res.status}`);
      return res.json() as Promise<Tokens>;
    });
    tokenRequest.catch(() => {
      tokenRequest = undefined;
    });
  }
  return tokenRequest;
}

/** Fill the empty token fields below `root` (all of them when `fresh`). */
export async function fillTokens(root: ParentNode, fresh = false): Promise<void> {
  const fields = [...root.querySelectorAll<HTMLInputElement>('input[name="_csrf"], form.comment-form input[name="t"]')].filter((i) => fresh || !i.value);
  if (fields.length === 0) return;
  const t = await tokens(fresh);
  for (const input of fields) input.value = input.name === '_csrf' ? t.csrf : t.formToken;
}

const number = (n: number) => n.toLocaleString(document.documentElement.lang || undefined);
const length = (s: string) => [...s.replace(/\r\n?/g, '\n').trim()].length;

/** A polite live region inside `host`, for what a screen reader should hear once. */
export function announcer(host: Element): HTMLElement {
  let el = host.querySelector<HTMLElement>(':scope > .comments__announce');
  if (!el) {
    el = document.createElement('p');
    el.className = 'comments__announce visually-hidden';
    el.setAttribute('role', 'status');
    host.append(el);
  }
  return el;
}

/** "2,940 characters left" under the box; crossing the last hundred and the limit are announced. */
export function setupCounter(form: HTMLFormElement): void {
  const box = form.querySelector<HTMLTextAreaElement>('textarea[name="body"]');
  const out = form.querySelector<HTMLElement>('.comment-form__count[data-max]');
  if (!box || !out || box.dataset.counted) return;
  box.dataset.counted = '1';
  const max = Number(out.dataset.max);
  let zone: 'ok' | 'near' | 'over' = 'ok';
  const update = () => {
    const left = max - length(box.value);
    out.textContent = left >= 0 ? `${number(left)} ${left === 1 ? 'character' : 'characters'} left` : `${number(-left)} ${left === -1 ? 'character' : 'characters'} too many`;
    out.classList.toggle('comment-form__count--over', left < 0);
    const now = left < 0 ? 'over' : left <= 100 ? 'near' : 'ok';
    if (now !== zone && now !== 'ok') announcer(form).textContent = out.textContent;
    zone = now;
  };
  box.addEventListener('input', update);
  update();
}

export function showError(form: HTMLFormElement, message: string): void {
  let el = form.querySelector<HTMLElement>('.form-error');
  if (!el) {
    el = document.createElement('p');
    el.className = 'form-error';
    el.setAttribute('role', 'alert');
    el.id = `${form.id || 'respond'}-error`;
    const heading = form.querySelector('.comment-form__heading');
    if (heading) heading.after(el);
    else form.prepend(el);
  }
  el.textContent = message;
  const box = form.querySelector<HTMLTextAreaElement>('textarea[name="body"]');
  if (box) {
    box.setAttribute('aria-invalid', 'true');
    const ids = new Set((box.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean));
    ids.add(el.id);
    box.setAttribute('aria-describedby', [...ids].join(' '));
  }
}

export function clearError(form: HTMLFormElement): void {
  const el = form.querySelector('.form-error');
  if (!el) return;
  const box = form.querySelector<HTMLTextAreaElement>('textarea[name="body"]');
  if (box) {
    box.removeAttribute('aria-invalid');
    const ids = (box.getAttribute('aria-describedby') ?? '').split(/\s+/).filter((id) => id && id !== el.id);
    box.setAttribute('aria-describedby', ids.join(' '));
  }
  el.remove();
}

/** Send JSON to the site with the CSRF token; a stale token is refreshed and the request tried once more. */
export async function send(url: string, form: HTMLFormElement, payload: () => Record<string, unknown>): Promise<Response> {
  await fillTokens(form);
  const attempt = () => {
    const csrf = form.querySelector<HTMLInputElement>('input[name="_csrf"]')?.value ?? '';
    return fetch(url, { method: 'POST', credentials: 'same-origin', headers: { ...JSON_HEADERS, 'x-csrf-token': csrf }, body: JSON.stringify({ ...payload(), _csrf: csrf }) });
  };
  const res = await attempt();
  if (res.status !== 403) return res;
  const answer = (await res
    .clone()
    .json()
    .catch(() => ({}))) as ErrorAnswer;
  if (answer.error?.code !== 'csrf') return res;
  await fillTokens(form, true);
  return attempt();
}

export function formValues(form: HTMLFormElement): Record<string, string> {
  const out: Record<string, string> = {};
  new FormData(form).forEach((value, name) => {
    if (typeof value === 'string') out[name] = value;
  });
  return out;
}
