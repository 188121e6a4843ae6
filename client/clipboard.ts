/*
 * Copying a field's text, for the copy buttons of the newsroom (copy.ts) and
 * of the share block (share.ts).
 */

/** Say something in a status region, and clear it after a while (so the next copy is announced again). */
export function statusSayer(status: HTMLElement | null): (message: string) => void {
  let clear: number | undefined;
  return (message) => {
    if (!status) return;
    status.textContent = message;
    window.clearTimeout(clear);
    clear = window.setTimeout(() => (status.textContent = ''), 8000);
  };
}

/**
 * Copy the field's text to the clipboard; true when it was copied. Without
 * clipboard permission (or in an old browser) the text is selected instead,
 * so Ctrl+C / ⌘C copies it, and the answer is false.
 */
export async function copyField(field: HTMLInputElement | HTMLTextAreaElement): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(field.value);
    return true;
  } catch {
    field.focus();
    field.select();
    return false;
  }
}
