/*
 * The editor's media picker (built by scripts/build.mjs into
 * public/assets/media-picker.js). Without it, "Choose image" opens the media
 * library in picker mode, whose buttons save the choice at once; with it, the
 * library opens in a dialog over the editor:
 *
 *   - search the library (alt text, caption, credit, file name) and page on;
 *   - "Use as featured image" puts the image's id in the editor form's
 *     featuredImageId field and shows its thumbnail (saved with the form);
 *   - "Insert into body" puts the image's Markdown at the cursor in the body;
 *   - "Remove" (beside the thumbnail) empties the featured image.
 *
 * The images come from /admin/media/picker.json.
 */

interface PickerImage {
  id: number;
  alt: string;
  caption: string;
  credit: string;
  width: number | null;
  height: number | null;
  thumbnail: { url: string; width: number | null; height: number | null };
  markdown: string;
}

interface PickerPage {
  images: PickerImage[];
  next: number | null;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<Record<string, string>> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) if (v !== undefined) node.setAttribute(k, v);
  node.append(...children);
  return node;
}

/** Tell the editor form a field changed (its autosave listens for input events). */
function changed(field: HTMLInputElement | HTMLTextAreaElement): void {
  field.dispatchEvent(new Event('input', { bubbles: true }));
  field.dispatchEvent(new Event('change', { bubbles: true }));
}

/** Insert a block of Markdown at the cursor, as a paragraph of its own. */
function insertBlock(body: HTMLTextAreaElement, markdown: string): void {
  const start = body.selectionStart ?? body.value.length;
  const end = body.selectionEnd ?? start;
  const before = body.value.slice(0, start);
  const after = body.value.slice(end);
  const lead = before === '' ? '' : before.endsWith('\n\n') ? '' : before.endsWith('\n') ? '\n' : '\n\n';
  const tail = after === '' ? '\n' : after.startsWith('\n\n') ? '' : after.startsWith('\n') ? '\n' : '\n\n';
  body.value = `${before}${lead}${markdown}${tail}${after}`;
  const caret = before.length + lead.length + markdown.length;
  body.setSelectionRange(caret, caret);
  changed(body);
  body.focus();
}

function setUp(root: HTMLElement): void {
  const input = root.querySelector<HTMLInputElement>('input[name="featuredImageId"]');
  const choose = root.querySelector<HTMLAnchorElement>('a[data-choose]');
  const remove = root.querySelector<HTMLButtonElement>('button[data-remove]');
  const preview = root.querySelector<HTMLElement>('[data-preview]');
  if (!input || !choose || !remove || !preview) return;
  const body = document.querySelector<HTMLTextAreaElement>('textarea#body');

  const showFeatured = (image: PickerImage | null) => {
    if (image) {
      const img = el('img', { src: image.thumbnail.url, alt: image.alt, decoding: 'async' });
      if (image.thumbnail.width && image.thumbnail.height) {
        img.width = image.thumbnail.width;
        img.height = image.thumbnail.height;
      }
      preview.replaceChildren(el('figure', { class: 'editor-image' }, img, el('figcaption', {}, `Image ${image.id}. Alt text: ${image.alt}`)));
    } else {
      preview.replaceChildren(el('p', { class: 'field-help' }, 'No featured image.'));
    }
    remove.hidden = image === null;
  };
  remove.hidden = input.value === '';
  remove.addEventListener('click', () => {
    input.value = '';
    changed(input);
    showFeatured(null);
    choose.focus();
  });

  // The dialog lives outside the editor form: its search field must not be sent with the story.
  const title = el('h2', { id: 'media-picker-title' }, 'Choose an image');
  const search = el('input', { id: 'media-picker-q', type: 'search', maxlength: '200', autocomplete: 'off' });
  const searchButton = el('button', { type: 'submit' }, 'Search');
  const searchForm = el('form', { class: 'media-picker__search', role: 'search' }, el('label', { for: 'media-picker-q' }, 'Search images'), search, searchButton);
  const status = el('p', { class: 'field-help', role: 'status', 'aria-live': 'polite' });
  const list = el('ul', { class: 'media-picker__list', 'aria-labelledby': 'media-picker-title' });
  const more = el('button', { type: 'button', class: 'button--secondary' }, 'Older images');
  const close = el('button', { type: 'button', class: 'button--secondary media-picker__close' }, 'Close');
  const dialog = el('dialog', { class: 'media-picker', 'aria-labelledby': 'media-picker-title' }, el('div', { class: 'media-picker__head' }, title, close), searchForm, status, list, more);
  more.hidden = true;
  document.body.append(dialog);

  let next: number | null = null;
  let query = '';
  let loading = 0;

  const item = (image: PickerImage) => {
    const thumb = el('img', { src: image.thumbnail.url, alt: '', loading: 'lazy', decoding: 'async' });
    if (image.thumbnail.width && image.thumbnail.height) {
      thumb.width = image.thumbnail.width;
      thumb.height = image.thumbnail.height;
    }
    const feature = el('button', { type: 'button', 'data-feature': String(image.id) }, 'Use as featured image');
    feature.addEventListener('click', () => {
      input.value = String(image.id);
      changed(input);
      showFeatured(image);
      dialog.close();
      choose.focus();
    });
    const actions = el('p', { class: 'media-picker__actions' }, feature);
    if (body && !body.disabled && !body.readOnly) {
      const insert = el('button', { type: 'button', class: 'button--secondary', 'data-insert': String(image.id) }, 'Insert into body');
      insert.addEventListener('click', () => {
        dialog.close();
        insertBlock(body, image.markdown);
      });
      actions.append(' ', insert);
    }
    const text = el('p', { class: 'media-picker__alt' }, image.alt);
    const extra = [image.caption, image.credit].filter(Boolean).join(' — ');
    return el('li', { class: 'media-picker__item' }, thumb, el('div', {}, text, ...(extra ? [el('p', { class: 'field-help' }, extra)] : []), actions));
  };

  const load = async (append: boolean) => {
    const ticket = ++loading;
    const params = new URLSearchParams();
    if (query) params.set('q', query);
    if (append && next !== null) params.set('before', String(next));
    status.textContent = 'Loading images…';
    try {
      const res = await fetch(`/admin/media/picker.json?${params}`, { headers: { accept: 'application/json' }, credentials: 'same-origin' });
      if (!res.ok) throw new Error(String(res.status));
      const page = (await res.json()) as PickerPage;
      if (ticket !== loading) return;
      if (!append) list.replaceChildren();
      list.append(...page.images.map(item));
      next = page.next;
      more.hidden = next === null;
      const shown = list.children.length;
      status.textContent = shown === 0 ? (query ? `No image matches “${query}”.` : 'No images yet.') : `${shown} image${shown === 1 ? '' : 's'} shown${next === null ? '' : '; older ones below'}.`;
    } catch {
      if (ticket === loading) status.textContent = 'The images could not be loaded. Check the connection and try again.';
    }
  };

  searchForm.addEventListener('submit', (e) => {
    e.preventDefault();
    query = search.value.trim();
    void load(false);
  });
  more.addEventListener('click', () => void load(true));
  close.addEventListener('click', () => dialog.close());
  choose.addEventListener('click', (e) => {
    if (typeof dialog.showModal !== 'function') return; // No dialog support: the library page does the job.
    e.preventDefault();
    dialog.showModal();
    search.focus();
    void load(false);
  });
}

for (const root of document.querySelectorAll<HTMLElement>('[data-media-picker]')) setUp(root);
