/*
 * Copy buttons in the newsroom (built by scripts/build.mjs into
 * public/assets/copy.js). A button `<button data-copy="ID" hidden>` copies the
 * value of the field with that id and says so in the element named by its
 * `data-copy-status` (a role="status" region, so screen readers hear it).
 * Without JavaScript the button stays hidden and the field's text is there to
 * select and copy by hand.
 */

function setup(button: HTMLButtonElement): void {
  const field = document.getElementById(button.dataset.copy ?? '');
  const status = document.getElementById(button.dataset.copyStatus ?? '');
  if (!(field instanceof HTMLInputElement || field instanceof HTMLTextAreaElement)) return;
  button.hidden = false;
  let clear: number | undefined;
  const say = (message: string) => {
    if (!status) return;
    status.textContent = message;
    window.clearTimeout(clear);
    clear = window.setTimeout(() => (status.textContent = ''), 8000);
  };
  button.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(field.value);
      say('Copied.');
    } catch {
      // No clipboard permission (or an old browser): select the text so Ctrl+C / ⌘C copies it.
      field.focus();
      field.select();
      say('Could not copy by itself: the text is selected, so press Ctrl+C (⌘C on a Mac) to copy it.');
    }
  });
}

for (const button of document.querySelectorAll<HTMLButtonElement>('button[data-copy]')) setup(button);
