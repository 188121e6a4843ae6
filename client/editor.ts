/*
 * The article editor, with scripts on (built by scripts/build.mjs into
 * public/assets/editor.js and loaded only by the editor page). Everything
 * here is an extra: the form saves and previews without it.
 *
 *  - Autosave: 10 seconds after a change, or when a field loses focus, the
 *    form is posted as JSON with the version it builds on. The answer's new
 *    version goes into every baseVersion field on the page, so the next save
 *    (and the workflow buttons) build on it. If someone else saved in the
 *    meantime the server refuses (409): autosave stops, nothing is
 *    overwritten, and the message says what to do.
 *    Each answer carries the checklist of the version saved, which replaces
 *    the one on the page, so it never lags behind "Saved".
 *  - Live preview: a checkbox shows the public article page, rendered from
 *    the form as it is, in a sandboxed iframe beside the form, refreshed a
 *    second after typing stops.
 *  - The Markdown toolbar and shortcuts (editor-toolbar.ts), images dropped
 *    or pasted into the body (editor-images.ts), the body's word count and
 *    reading time as it is typed, and a dialog before "Publish now" and
 *    "Unpublish" (editor-confirm.ts).
 *
 * What happens is announced in the form's status region (aria-live).
 */
import { describeLength } from '../src/modules/markdown/word-count.js';
import { setupConfirmations } from './editor-confirm.js';
import { setupBodyImages, uploadsPending } from './editor-images.js';
import { setupSaveShortcut, setupToolbar } from './editor-toolbar.js';

const AUTOSAVE_MS = 10_000;
const PREVIEW_MS = 1_000;

interface SaveAnswer {
  version?: number;
  savedAt?: string;
  /** The checklist of the version saved, as the page shows it (server-rendered, escaped). */
  checklistHtml?: string;
  error?: { code: string; message: string };
}

/** The form's current values, one per name, the last one winning (the developing checkbox follows its hidden "0"). */
function formValues(form: HTMLFormElement): Record<string, string> {
  const out: Record<string, string> = {};
  new FormData(form).forEach((value, name) => {
    if (typeof value === 'string') out[name] = value;
  });
  return out;
}

/** Says what happened, in the form's status region; errors are marked as such. */
type Say = (message: string, kind?: 'info' | 'error') => void;

/** Says things in the status region (aria-live), when the page has one. */
function announcer(status: HTMLElement | null): Say {
  return (message, kind = 'info') => {
    if (!status) return;
    status.textContent = message;
    status.classList.toggle('autosave-status--error', kind === 'error');
  };
}

/** Puts a saved version into every baseVersion field, so the next save and the workflow buttons build on it. */
function setBaseVersion(version: number): void {
  for (const input of document.querySelectorAll<HTMLInputElement>('input[name="baseVersion"]')) input.value = String(version);
  const shown = document.getElementById('editor-version');
  if (shown) shown.textContent = String(version);
}

/** Posts the form as JSON; undefined when the newsroom could not be reached. */
async function postForm(form: HTMLFormElement, saveUrl: string, csrf: string): Promise<{ httpStatus: number; answer: SaveAnswer } | undefined> {
  try {
    const res = await fetch(saveUrl, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': csrf },
      body: JSON.stringify(formValues(form)),
    });
    const httpStatus = res.status;
    const answer = (await res.json().catch(() => ({}))) as SaveAnswer;
    return { httpStatus, answer };
  } catch {
    return undefined;
  }
}

/** Saves the form by itself after changes; `onChange` hears every change to a field. */
function setupAutosave(form: HTMLFormElement, saveUrl: string, say: Say, onChange: () => void): void {
  const csrf = form.querySelector<HTMLInputElement>('input[name="_csrf"]')?.value ?? '';
  const timeZone = form.dataset.timezone || undefined;
  const locale = form.dataset.locale || undefined;
  const editable = !form.querySelector('fieldset[disabled]');

  let dirty = false;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let inflight: Promise<void> | undefined;
  /** Whether autosave has saved this page's changes (and nothing changed since: see `dirty`). */
  let autosaved = false;

  function savedAtText(iso: string | undefined): string {
    const at = iso ? new Date(iso) : new Date();
    try {
      return at.toLocaleTimeString(locale, { hour: 'numeric', minute: '2-digit', timeZone });
    } catch {
      return at.toLocaleTimeString();
    }
  }

  async function save(): Promise<void> {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (!dirty || stopped || !editable) return;
    if (uploadsPending()) {
      // An image placeholder is in the body: save once it has become the image.
      timer = setTimeout(() => void save(), 1_000);
      return;
    }
    if (inflight) {
      // One save at a time; the next picks up what changed meanwhile.
      await inflight;
      return save();
    }
    dirty = false;
    say('Saving…');
    inflight = (async () => {
      const posted = await postForm(form, saveUrl, csrf);
      if (!posted) {
        dirty = true;
        say('Could not reach the newsroom to save. Your changes are still here; autosave will try again.', 'error');
        return;
      }
      const { httpStatus, answer } = posted;
      if (httpStatus === 200 && typeof answer.version === 'number') {
        setBaseVersion(answer.version);
        const results = document.getElementById('checklist-results');
        if (results && typeof answer.checklistHtml === 'string') results.innerHTML = answer.checklistHtml;
        autosaved = true;
        say(`Saved at ${savedAtText(answer.savedAt)}.`);
        return;
      }
      const message = answer.error?.message ?? 'The story could not be saved.';
      if (httpStatus === 409 || httpStatus === 401 || httpStatus === 403) {
        // Someone else saved, or this session cannot save: stop rather than overwrite or retry.
        stopped = true;
        dirty = true;
        say(`Autosave stopped. ${message}`, 'error');
      } else {
        // Something to fix in a field (422): say so, and try again after the next change.
        dirty = true;
        say(`Not saved: ${message}`, 'error');
      }
    })();
    try {
      await inflight;
    } finally {
      inflight = undefined;
    }
  }

  function changed(): void {
    dirty = true;
    if (!timer && !stopped) timer = setTimeout(() => void save(), AUTOSAVE_MS);
    onChange();
  }

  const isEditorField = (t: EventTarget | null) => (t instanceof HTMLInputElement || t instanceof HTMLTextAreaElement || t instanceof HTMLSelectElement) && t.form === form && t.name !== '';

  form.addEventListener('input', (e) => {
    if (isEditorField(e.target)) changed();
  });
  form.addEventListener('change', (e) => {
    if (isEditorField(e.target)) changed();
  });
  form.addEventListener('focusout', (e) => {
    if (isEditorField(e.target) && dirty) void save();
  });

  /*
   * Saving by hand. An autosave in flight finishes first, so the form posts
   * the version it returned. When autosave has already saved everything
   * typed, posting again would only add an identical revision: show the
   * saved page instead. Otherwise (changes left, or autosave was refused)
   * the form posts as usual, and the server's page says what happened.
   */
  form.addEventListener('submit', (e) => {
    const submitter = (e as SubmitEvent).submitter as HTMLButtonElement | null;
    if (submitter?.hasAttribute('formaction')) return; // the preview button
    if (uploadsPending()) {
      e.preventDefault();
      say('An image is still uploading into the body: save when it is done.', 'error');
      return;
    }
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (inflight) {
      e.preventDefault();
      void inflight.then(() => form.requestSubmit(submitter ?? undefined));
      return;
    }
    stopped = true; // the page is leaving; no more autosaves from it
    if (!dirty && autosaved) {
      e.preventDefault();
      location.assign(`${saveUrl}?notice=saved`);
    }
  });
}

/** Offers the live preview checkbox; the returned function asks for a refresh after a change. */
function setupLivePreview(form: HTMLFormElement, previewUrl: string, say: Say): () => void {
  const toggleBox = document.getElementById('live-preview-toggle');
  const toggle = document.getElementById('live-preview') as HTMLInputElement | null;
  let frame: HTMLIFrameElement | undefined;
  let previewTimer: ReturnType<typeof setTimeout> | undefined;
  let previewSeq = 0;

  function schedulePreview(): void {
    if (!frame) return;
    if (previewTimer) clearTimeout(previewTimer);
    previewTimer = setTimeout(() => void refreshPreview(), PREVIEW_MS);
  }

  async function refreshPreview(): Promise<void> {
    if (!frame) return;
    const seq = ++previewSeq;
    const body = new URLSearchParams();
    new FormData(form).forEach((value, name) => {
      if (typeof value === 'string') body.append(name, value);
    });
    let html: string;
    try {
      const res = await fetch(previewUrl, { method: 'POST', credentials: 'same-origin', headers: { accept: 'text/html' }, body });
      html = await res.text();
      if (!res.ok) throw new Error(String(res.status));
    } catch {
      if (seq === previewSeq) say('The live preview could not be refreshed.', 'error');
      return;
    }
    if (seq !== previewSeq || !frame) return; // a newer refresh is on its way
    // Keep the reader's place across refreshes.
    const y = frame.contentWindow?.scrollY ?? 0;
    frame.addEventListener('load', () => frame?.contentWindow?.scrollTo(0, y), { once: true });
    frame.srcdoc = html;
  }

  if (toggleBox && toggle) {
    toggleBox.hidden = false;
    toggle.addEventListener('change', () => {
      if (toggle.checked) {
        frame = document.createElement('iframe');
        frame.id = 'live-preview-frame';
        frame.className = 'live-preview__frame';
        frame.title = 'Live preview of the article';
        // Same origin so its stylesheet loads; no scripts, forms or navigation of this page.
        frame.setAttribute('sandbox', 'allow-same-origin');
        const slot = document.getElementById('live-preview-slot');
        if (slot) {
          slot.append(frame);
          slot.hidden = false;
        } else toggleBox.after(frame);
        document.body.classList.add('has-live-preview');
        void refreshPreview();
      } else {
        frame?.remove();
        frame = undefined;
        const slot = document.getElementById('live-preview-slot');
        if (slot) slot.hidden = true;
        document.body.classList.remove('has-live-preview');
      }
    });
  }
  return schedulePreview;
}

/** The body's length, kept up to date as it is typed. */
function setupWordCount(body: HTMLTextAreaElement, out: HTMLElement, locale: string | undefined): void {
  let frame = 0;
  const update = () => {
    frame = 0;
    out.textContent = describeLength(body.value, locale);
  };
  body.addEventListener('input', () => {
    if (!frame) frame = requestAnimationFrame(update);
  });
  update();
}

/** The editor's extras: the live preview, and autosave, whose changes refresh it; the toolbar, shortcuts, images, counts and confirmations. */
function setup(form: HTMLFormElement): void {
  const say = announcer(document.getElementById('autosave-status'));
  const saveUrl = form.getAttribute('action') ?? location.pathname;
  const schedulePreview = setupLivePreview(form, form.dataset.previewUrl ?? `${saveUrl}/preview`, say);
  setupAutosave(form, saveUrl, say, schedulePreview);
  setupSaveShortcut(form);
  setupConfirmations();
  const body = document.getElementById('body');
  if (!(body instanceof HTMLTextAreaElement)) return;
  const count = document.getElementById('body-count');
  if (count) setupWordCount(body, count, form.dataset.locale || undefined);
  if (body.closest('fieldset')?.disabled) return;
  const csrf = form.querySelector<HTMLInputElement>('input[name="_csrf"]')?.value ?? '';
  const uploadUrl = form.dataset.uploadUrl;
  const pickImage = uploadUrl ? setupBodyImages(body, uploadUrl, csrf, announcer(document.getElementById('body-upload-status'))) : undefined;
  const toolbar = document.getElementById('md-toolbar');
  if (toolbar) {
    if (!pickImage) toolbar.querySelector('button[data-md="image"]')?.remove();
    setupToolbar(toolbar, body, () => pickImage?.());
  }
}

const editorForm = document.getElementById('editor-form');
if (editorForm instanceof HTMLFormElement) setup(editorForm);
