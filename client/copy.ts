/*
 * Copy buttons in the newsroom (built by scripts/build.mjs into
 * public/assets/copy.js). A button `<button data-copy="ID" hidden>` copies the
 * value of the field with that id and says so in the element named by its
 * `data-copy-status` (a role="status" region, so screen readers hear it).
 * Without JavaScript the button stays hidden and the field's text is there to
 * select and copy by hand.
 */

import { copyField, statusSayer } from './clipboard.js';

function setup(button: HTMLButtonElement): void {
  const field = document.getElementById(button.dataset.copy ?? '');
  const status = document.getElementById(button.dataset.copyStatus ?? '');
  if (!(field instanceof HTMLInputElement || field instanceof HTMLTextAreaElement)) return;
  button.hidden = false;
  const say = statusSayer(status);
  button.addEventListener('click', async () => {
    say((await copyField(field)) ? 'Copied.' : 'Could not copy by itself: the text is selected, so press Ctrl+C (⌘C on a Mac) to copy it.');
  });
}

for (const button of document.querySelectorAll<HTMLButtonElement>('button[data-copy]')) setup(button);
