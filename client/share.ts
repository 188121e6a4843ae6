/*
 * The share block under a story (built by scripts/build.mjs into
 * public/assets/share.js). Without JavaScript the story's address is there
 * to select and copy, and the networks are plain links. With it, a Copy
 * button copies the address, and a Share button opens the browser's own
 * share sheet, shown only where the browser has one (the Web Share API).
 */

import { copyField, statusSayer } from './clipboard.js';

function setup(block: HTMLElement): void {
  const status = block.querySelector<HTMLElement>('.share__status');
  const field = block.querySelector<HTMLInputElement>('input.share__url');
  if (!field) return;
  const say = statusSayer(status);

  const copy = block.querySelector<HTMLButtonElement>('button[data-share-copy]');
  if (copy) {
    copy.hidden = false;
    copy.addEventListener('click', async () => {
      say((await copyField(field)) ? 'Link copied.' : 'Could not copy by itself: the link is selected, so press Ctrl+C (⌘C on a Mac) to copy it.');
    });
  }

  const native = block.querySelector<HTMLButtonElement>('button[data-share-native]');
  if (native && typeof navigator.share === 'function') {
    native.hidden = false;
    native.addEventListener('click', () => {
      navigator.share({ title: block.dataset.shareTitle ?? document.title, url: field.value }).catch(() => {
        // Dismissed by the reader, or refused: nothing to say.
      });
    });
  }
}

for (const block of document.querySelectorAll<HTMLElement>('section.share')) setup(block);
