/*
 * Comments, with scripts on (built by scripts/build.mjs into
 * public/assets/comments.js; loaded by article pages and the comment pages).
 * Everything here is an extra: every form and link works without it.
 *
 *  - Tokens: pages shared through caches carry empty CSRF and form-time
 *    fields; they are filled from /comments/form-token (which also sets this
 *    browser's CSRF cookie) when the page loads and again before any send.
 *  - A character counter under each comment box.
 *  - Reply opens a copy of the main form under the comment instead of a new page.
 *  - Posting sends the form as JSON and puts the answer's comment in place
 *    (a held one marked as only visible to its author); errors show in the
 *    form, the text kept.
 *  - Recommend toggles in place; Delete asks first; "Load more replies"
 *    inserts the rest of the replies.
 */

interface Tokens {
  csrf: string;
  formToken: string;
}

interface ErrorAnswer {
  error?: { code?: string; message?: string };
}

interface PostAnswer extends ErrorAnswer {
  id: number;
  status: 'approved' | 'pending';
  heldReason: string;
  html: string;
}

const JSON_HEADERS = { 'content-type': 'application/json', accept: 'application/json' };
const NETWORK_PROBLEM = 'That could not be sent: check your connection and try again.';

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
async function fillTokens(root: ParentNode, fresh = false): Promise<void> {
  const fields = [...root.querySelectorAll<HTMLInputElement>('input[name="_csrf"], form.comment-form input[name="t"]')].filter((i) => fresh || !i.value);
  if (fields.length === 0) return;
  const t = await tokens(fresh);
  for (const input of fields) input.value = input.name === '_csrf' ? t.csrf : t.formToken;
}

const number = (n: number) => n.toLocaleString(document.documentElement.lang || undefined);
const length = (s: string) => [...s.replace(/\r\n?/g, '\n').trim()].length;

/** A polite live region inside `host`, for what a screen reader should hear once. */
function announcer(host: Element): HTMLElement {
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
function setupCounter(form: HTMLFormElement): void {
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

function showError(form: HTMLFormElement, message: string): void {
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

function clearError(form: HTMLFormElement): void {
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
async function send(url: string, form: HTMLFormElement, payload: () => Record<string, unknown>): Promise<Response> {
  await fillTokens(form);
  const attempt = () => {
    const csrf = form.querySelector<HTMLInputElement>('input[name="_csrf"]')?.value ?? '';
    return fetch(url, { method: 'POST', credentials: 'same-origin', headers: { ...JSON_HEADERS, 'x-csrf-token': csrf }, body: JSON.stringify({ ...payload(), _csrf: csrf }) });
  };
  const res = await attempt();
  if (res.status !== 403) return res;
  const answer = (await res.clone().json().catch(() => ({}))) as ErrorAnswer;
  if (answer.error?.code !== 'csrf') return res;
  await fillTokens(form, true);
  return attempt();
}

function formValues(form: HTMLFormElement): Record<string, string> {
  const out: Record<string, string> = {};
  new FormData(form).forEach((value, name) => {
    if (typeof value === 'string') out[name] = value;
  });
  return out;
}

function fromHtml(html: string): HTMLElement | null {
  const template = document.createElement('template');
  template.innerHTML = html.trim();
  return template.content.firstElementChild as HTMLElement | null;
}

/** Put a posted comment where it belongs: under its parent, or in the list in the page's order. */
function place(li: HTMLElement, parentId: string): void {
  const section = document.getElementById('comments');
  if (parentId) {
    const parent = document.getElementById(`comment-${parentId}`);
    if (!parent) return;
    let replies = parent.querySelector<HTMLOListElement>(':scope > ol.comment-replies');
    if (!replies) {
      replies = document.createElement('ol');
      replies.className = 'comment-replies';
      const author = parent.querySelector(':scope > article .comment__author')?.textContent;
      replies.setAttribute('aria-label', author ? `Replies to ${author}` : 'Replies');
      const more = parent.querySelector(':scope > .comment__more');
      if (more) more.before(replies);
      else parent.append(replies);
    }
    replies.append(li);
    return;
  }
  if (!section) return;
  let list = section.querySelector<HTMLOListElement>('ol.comment-list');
  if (!list) {
    list = document.createElement('ol');
    list.className = 'comment-list';
    const anchor = section.querySelector('.comments__empty') ?? section.querySelector('.pagination') ?? document.getElementById('respond');
    if (anchor) anchor.before(list);
    else section.append(list);
    section.querySelector('.comments__empty')?.remove();
  }
  if (section.dataset.sort === 'newest') list.prepend(li);
  else list.append(li);
}

async function post(form: HTMLFormElement): Promise<void> {
  const button = form.querySelector<HTMLButtonElement>('button[type="submit"]');
  if (form.getAttribute('aria-busy') === 'true') return;
  form.setAttribute('aria-busy', 'true');
  if (button) button.disabled = true;
  clearError(form);
  try {
    const res = await send('/comments', form, () => formValues(form));
    const answer = (await res.json().catch(() => ({}))) as PostAnswer;
    if (!res.ok) {
      showError(form, answer.error?.message ?? `Your comment could not be posted (error ${res.status}). Try again in a moment.`);
      return;
    }
    const li = fromHtml(answer.html);
    if (!li) return;
    const parentId = form.querySelector<HTMLInputElement>('input[name="parentId"]')?.value ?? '';
    document.getElementById(li.id)?.remove();
    li.classList.add('comment--new');
    place(li, parentId);
    li.tabIndex = -1;
    li.focus({ preventScroll: true });
    li.scrollIntoView({ block: 'nearest' });
    const host = document.getElementById('comments') ?? form;
    announcer(host).textContent =
      answer.status === 'approved' ? 'Your comment is posted.' : 'Your comment is awaiting moderation. Only you can see it until a moderator approves it.';
    if (form.classList.contains('comment-form--inline')) form.remove();
    else {
      const box = form.querySelector<HTMLTextAreaElement>('textarea[name="body"]');
      if (box) {
        box.value = '';
        box.dispatchEvent(new Event('input'));
      }
    }
  } catch {
    showError(form, NETWORK_PROBLEM);
  } finally {
    form.removeAttribute('aria-busy');
    if (button) button.disabled = false;
  }
}

/** A copy of the main form under a comment, for a reply; ids made unique so labels still point at their fields. */
function openReply(link: HTMLAnchorElement, main: HTMLFormElement): void {
  const id = link.dataset.replyTo ?? '';
  const item = link.closest<HTMLElement>('li.comment');
  if (!item || !id) return;
  const open = item.querySelector<HTMLFormElement>(':scope > form.comment-form--inline');
  if (open) {
    open.querySelector<HTMLTextAreaElement>('textarea')?.focus();
    return;
  }
  const form = main.cloneNode(true) as HTMLFormElement;
  const suffix = `-reply-${id}`;
  const rename = (value: string) => value.split(/\s+/).filter(Boolean).map((v) => `${v}${suffix}`).join(' ');
  form.id = `respond${suffix}`;
  form.classList.add('comment-form--inline');
  form.querySelectorAll('.form-error, .comments__announce').forEach((el) => el.remove());
  for (const el of form.querySelectorAll<HTMLElement>('[id]')) el.id = `${el.id}${suffix}`;
  for (const el of form.querySelectorAll<HTMLLabelElement>('label[for]')) el.htmlFor = `${el.htmlFor}${suffix}`;
  for (const attr of ['aria-describedby', 'aria-labelledby']) {
    for (const el of form.querySelectorAll<HTMLElement>(`[${attr}]`)) el.setAttribute(attr, rename(el.getAttribute(attr) ?? ''));
  }
  form.setAttribute('aria-labelledby', `respond-heading${suffix}`);
  const author = item.querySelector(':scope > article .comment__author')?.textContent ?? '';
  const heading = form.querySelector('.comment-form__heading');
  if (heading) heading.textContent = author ? `Reply to ${author}` : 'Your reply';
  const parent = form.querySelector<HTMLInputElement>('input[name="parentId"]');
  if (parent) parent.value = id;
  const box = form.querySelector<HTMLTextAreaElement>('textarea[name="body"]');
  if (box) {
    box.value = '';
    box.removeAttribute('aria-invalid');
    delete box.dataset.counted;
  }
  const submit = form.querySelector<HTMLButtonElement>('button[type="submit"]');
  if (submit) submit.textContent = 'Post reply';
  const cancel = document.createElement('button');
  cancel.type = 'button';
  cancel.className = 'comment-form__cancel';
  cancel.textContent = 'Cancel';
  cancel.addEventListener('click', () => {
    form.remove();
    link.focus();
  });
  submit?.after(' ', cancel);
  const article = item.querySelector(':scope > article');
  if (article) article.after(form);
  else item.prepend(form);
  setupCounter(form);
  box?.focus();
}

async function react(form: HTMLFormElement): Promise<void> {
  const button = form.querySelector<HTMLButtonElement>('button');
  const onField = form.querySelector<HTMLInputElement>('input[name="on"]');
  if (!button || !onField || button.disabled) return;
  button.disabled = true;
  form.querySelector('.comment__react-error')?.remove();
  const problem = (message: string) => {
    const note = document.createElement('span');
    note.className = 'comment__react-error';
    note.setAttribute('role', 'alert');
    note.textContent = message;
    form.append(note);
  };
  try {
    const res = await send(form.action, form, () => ({ on: onField.value === '1' }));
    const answer = (await res.json().catch(() => ({}))) as { count?: number; reacted?: boolean } & ErrorAnswer;
    if (!res.ok || typeof answer.count !== 'number') {
      problem(answer.error?.message ?? 'That did not work. Try again in a moment.');
      return;
    }
    button.setAttribute('aria-pressed', answer.reacted ? 'true' : 'false');
    onField.value = answer.reacted ? '0' : '1';
    const count = button.querySelector('.comment__recommend-count');
    if (count) count.textContent = String(answer.count);
  } catch {
    problem(NETWORK_PROBLEM);
  } finally {
    button.disabled = false;
  }
}

async function confirmDelete(form: HTMLFormElement): Promise<void> {
  if (!window.confirm('Delete your comment? This cannot be undone.')) return;
  let confirm = form.querySelector<HTMLInputElement>('input[name="confirm"]');
  if (!confirm) {
    confirm = document.createElement('input');
    confirm.type = 'hidden';
    confirm.name = 'confirm';
    form.append(confirm);
  }
  confirm.value = '1';
  try {
    await fillTokens(form);
  } catch {
    // Without a token the server answers with its own confirmation page.
  }
  form.submit();
}

async function loadReplies(link: HTMLAnchorElement): Promise<void> {
  const url = link.dataset.fragment;
  const item = link.closest<HTMLElement>('li.comment');
  if (!url || !item) return;
  link.setAttribute('aria-busy', 'true');
  try {
    const res = await fetch(url, { credentials: 'same-origin', headers: { accept: 'text/html' } });
    if (!res.ok) throw new Error(String(res.status));
    const list = fromHtml(await res.text());
    if (!list) throw new Error('empty');
    const shown = new Set([...item.querySelectorAll('li.comment')].map((li) => li.id));
    const current = item.querySelector(':scope > ol.comment-replies');
    if (current) current.replaceWith(list);
    else link.closest('.comment__more')?.before(list);
    link.closest('.comment__more')?.remove();
    await fillTokens(list).catch(() => undefined);
    const first = [...list.querySelectorAll<HTMLElement>('li.comment')].find((li) => !shown.has(li.id));
    if (first) {
      first.tabIndex = -1;
      first.focus();
    }
  } catch {
    // The replies page has them all.
    window.location.href = link.href;
  }
}

function start(): void {
  const forms = [...document.querySelectorAll<HTMLFormElement>('form.comment-form')];
  forms.forEach(setupCounter);
  if (document.querySelector('input[name="_csrf"][value=""], form.comment-form input[name="t"][value=""]')) {
    fillTokens(document).catch(() => undefined);
  }

  document.addEventListener('click', (event) => {
    const target = event.target as Element | null;
    const reply = target?.closest<HTMLAnchorElement>('a.comment__reply[data-reply-to]');
    const main = document.getElementById('respond') as HTMLFormElement | null;
    if (reply && main && main.matches('form')) {
      event.preventDefault();
      openReply(reply, main);
      return;
    }
    const more = target?.closest<HTMLAnchorElement>('.comment__more a[data-fragment]');
    if (more) {
      event.preventDefault();
      void loadReplies(more);
    }
  });

  document.addEventListener('submit', (event) => {
    const form = event.target as HTMLFormElement;
    if (form.matches('form.comment__react')) {
      event.preventDefault();
      void react(form);
    } else if (form.matches('form.comment__delete')) {
      event.preventDefault();
      void confirmDelete(form);
    } else if (form.matches('form.comment-form') && form.getAttribute('action') === '/comments') {
      event.preventDefault();
      void post(form);
    }
  });
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
