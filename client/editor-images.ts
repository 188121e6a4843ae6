/*
 * Images dropped or pasted into the body, or chosen with the toolbar's Image
 * button: a dialog asks for each one's alt text (the media library requires
 * it), then each is uploaded (POST …/body-images, with progress) while a
 * placeholder holds its place at the cursor; the placeholder becomes the
 * image's Markdown when the upload is done, or goes, with a message saying
 * why, when it fails. Autosave waits while uploads are on their way, so a
 * placeholder is never saved.
 */
import { insertBlock } from './editor-markdown.js';

interface UploadAnswer {
  markdown?: string;
  error?: { code: string; message: string };
}

type Say = (message: string, kind?: 'info' | 'error') => void;

let uploads = 0;
let counter = 0;

/** Whether images are still on their way (autosave waits for them). */
export const uploadsPending = (): boolean => uploads > 0;

/** Put `text` where `token` is in the body, keeping where the editor is typing. */
function swap(body: HTMLTextAreaElement, token: string, text: string): void {
  let at = body.value.indexOf(token);
  if (at === -1) return; // the editor deleted the placeholder: nothing to put back
  let end = at + token.length;
  if (text === '') {
    // Take the blank line the placeholder stood on with it.
    if (body.value.slice(end, end + 2) === '\n\n') end += 2;
    else if (at >= 2 && body.value.slice(at - 2, at) === '\n\n') at -= 2;
  }
  const { selectionStart: s, selectionEnd: e } = body;
  const shift = (p: number) => (p >= end ? p + text.length - (end - at) : p > at ? at : p);
  const focused = document.activeElement === body;
  body.setRangeText(text, at, end, 'preserve');
  if (focused) body.setSelectionRange(shift(s), shift(e));
  body.dispatchEvent(new Event('input', { bubbles: true }));
}

/** Send one image, reporting progress; the answer's status and JSON, or status 0 when the newsroom could not be reached. */
function send(url: string, csrf: string, file: File, alt: string, progress: (fraction: number) => void): Promise<{ status: number; answer: UploadAnswer }> {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.setRequestHeader('x-csrf-token', csrf);
    xhr.setRequestHeader('accept', 'application/json');
    xhr.upload.addEventListener('progress', (e) => {
      if (e.lengthComputable) progress(e.loaded / e.total);
    });
    xhr.addEventListener('load', () => {
      let answer: UploadAnswer = {};
      try {
        answer = JSON.parse(xhr.responseText) as UploadAnswer;
      } catch {
        // not JSON: the status says enough
      }
      resolve({ status: xhr.status, answer });
    });
    xhr.addEventListener('error', () => resolve({ status: 0, answer: {} }));
    const data = new FormData();
    data.append('alt', alt);
    data.append('image', file, file.name || 'pasted-image.png');
    xhr.send(data);
  });
}

/** Ask for the alt text of `name` in a dialog; null when the editor cancels. */
function askAlt(name: string): Promise<string | null> {
  return new Promise((resolve) => {
    const dialog = document.createElement('dialog');
    dialog.className = 'confirm-dialog';
    dialog.setAttribute('aria-labelledby', 'alt-dialog-title');
    const form = document.createElement('form');
    form.method = 'dialog';
    const title = document.createElement('h2');
    title.id = 'alt-dialog-title';
    title.textContent = `Add ${name} to the body`;
    const label = document.createElement('label');
    label.htmlFor = 'alt-dialog-input';
    label.textContent = 'Alt text';
    const input = document.createElement('input');
    input.id = 'alt-dialog-input';
    input.required = true;
    input.maxLength = 500;
    input.setAttribute('aria-describedby', 'alt-dialog-help');
    const help = document.createElement('p');
    help.id = 'alt-dialog-help';
    help.className = 'field-help';
    help.textContent = 'What the image shows, for readers who cannot see it.';
    const actions = document.createElement('div');
    actions.className = 'confirm-actions';
    const ok = document.createElement('button');
    ok.type = 'submit';
    ok.className = 'button--primary';
    ok.textContent = 'Upload image';
    const cancel = document.createElement('button');
    cancel.type = 'button';
    cancel.className = 'button--secondary';
    cancel.textContent = 'Cancel';
    actions.append(ok, cancel);
    form.append(title, label, input, help, actions);
    dialog.append(form);
    document.body.append(dialog);
    const done = (value: string | null) => {
      dialog.close();
      dialog.remove();
      resolve(value);
    };
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      if (input.value.trim() !== '') done(input.value.trim());
    });
    cancel.addEventListener('click', () => done(null));
    dialog.addEventListener('cancel', (e) => {
      e.preventDefault();
      done(null);
    });
    dialog.showModal();
    input.focus();
  });
}

/** Upload `file` into the body at the cursor. */
async function uploadOne(body: HTMLTextAreaElement, url: string, csrf: string, file: File, say: Say): Promise<void> {
  const name = file.name || 'pasted image';
  const where = [body.selectionStart, body.selectionEnd] as const;
  const alt = await askAlt(name);
  body.focus();
  body.setSelectionRange(...where);
  if (alt === null) {
    say(`${name} was not added.`);
    return;
  }
  const token = `![Uploading ${name.replace(/[[\]\\]/g, '')}…](#uploading-${++counter})`;
  uploads++;
  insertBlock(body, token);
  say(`Uploading ${name}…`);
  try {
    const { status, answer } = await send(url, csrf, file, alt, (f) => say(`Uploading ${name}: ${Math.round(f * 100)}%`));
    if (status === 201 && answer.markdown) {
      swap(body, token, answer.markdown);
      say(`${name} uploaded and added to the body.`);
      return;
    }
    swap(body, token, '');
    const why = status === 0 ? 'the newsroom could not be reached.' : (answer.error?.message ?? `the server answered ${status}.`);
    say(`${name} was not uploaded: ${why}`, 'error');
  } finally {
    uploads--;
  }
}

/** The image files among `files`; says so for the ones that are not images. */
function imagesOf(files: FileList | null | undefined, say: Say): File[] {
  const all = [...(files ?? [])];
  const images = all.filter((f) => f.type.startsWith('image/'));
  if (images.length < all.length) say('Only images can be added to the body (JPEG, PNG, WebP, AVIF or GIF).', 'error');
  return images;
}

/** Drop and paste of images into the body; the returned function opens a file picker (the toolbar's Image button). */
export function setupBodyImages(body: HTMLTextAreaElement, url: string, csrf: string, say: Say): () => void {
  const upload = async (files: File[]) => {
    for (const file of files) await uploadOne(body, url, csrf, file, say);
  };
  const hasFiles = (e: DragEvent) => [...(e.dataTransfer?.types ?? [])].includes('Files');
  body.addEventListener('dragover', (e) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    body.classList.add('is-dropping');
  });
  body.addEventListener('dragleave', () => body.classList.remove('is-dropping'));
  body.addEventListener('drop', (e) => {
    body.classList.remove('is-dropping');
    if (!e.dataTransfer || e.dataTransfer.files.length === 0) return; // dropped text: the browser inserts it
    e.preventDefault();
    void upload(imagesOf(e.dataTransfer.files, say));
  });
  body.addEventListener('paste', (e) => {
    const files = imagesOf(e.clipboardData?.files, () => undefined);
    if (files.length === 0) return; // pasted text
    e.preventDefault();
    void upload(files);
  });
  const picker = document.createElement('input');
  picker.type = 'file';
  picker.accept = 'image/jpeg,image/png,image/webp,image/avif,image/gif';
  picker.multiple = true;
  picker.hidden = true;
  picker.addEventListener('change', () => {
    void upload(imagesOf(picker.files, say));
    picker.value = '';
  });
  body.after(picker);
  return () => picker.click();
}
