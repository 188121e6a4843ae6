/*
 * "Publish now" and "Unpublish" ask first, in a dialog. The form is sent
 * with confirmed=1 only when the editor says yes; without this script the
 * server asks on a page of its own instead.
 */

/** Ask before each form with `data-confirm-title` is sent. */
export function setupConfirmations(): void {
  for (const form of document.querySelectorAll<HTMLFormElement>('form[data-confirm-title]')) {
    form.addEventListener('submit', (e) => {
      if (form.querySelector('input[name="confirmed"]')) return; // answered yes: let it go
      e.preventDefault();
      ask(form);
    });
  }
}

function ask(form: HTMLFormElement): void {
  const dialog = document.createElement('dialog');
  dialog.className = 'confirm-dialog';
  dialog.setAttribute('aria-labelledby', 'confirm-dialog-title');
  dialog.setAttribute('aria-describedby', 'confirm-dialog-text');
  const title = document.createElement('h2');
  title.id = 'confirm-dialog-title';
  title.textContent = form.dataset.confirmTitle ?? 'Are you sure?';
  const text = document.createElement('p');
  text.id = 'confirm-dialog-text';
  text.textContent = form.dataset.confirmText ?? '';
  const actions = document.createElement('div');
  actions.className = 'confirm-actions';
  const yes = document.createElement('button');
  yes.type = 'button';
  yes.className = form.querySelector('.button--danger') ? 'button--danger' : 'button--primary';
  yes.textContent = form.dataset.confirmButton ?? 'Yes';
  const no = document.createElement('button');
  no.type = 'button';
  no.className = 'button--secondary';
  no.textContent = 'Cancel';
  actions.append(yes, no);
  dialog.append(title, text, actions);
  document.body.append(dialog);
  const opener = form.querySelector<HTMLButtonElement>('button[type="submit"]');
  const close = () => {
    dialog.close();
    dialog.remove();
    opener?.focus();
  };
  no.addEventListener('click', close);
  dialog.addEventListener('cancel', (e) => {
    e.preventDefault();
    close();
  });
  yes.addEventListener('click', () => {
    const confirmed = document.createElement('input');
    confirmed.type = 'hidden';
    confirmed.name = 'confirmed';
    confirmed.value = '1';
    form.append(confirmed);
    dialog.close();
    dialog.remove();
    form.submit();
  });
  dialog.showModal();
  // The safe choice has the focus: Enter does not publish by accident.
  no.focus();
}
