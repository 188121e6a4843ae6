/*
 * Passkeys in the newsroom (built by scripts/build.mjs into
 * public/assets/passkeys.js). Everything here is an extra: the sign-in page
 * works with a password without it, and its passkey button and the form to
 * add a passkey stay hidden unless the browser can use passkeys.
 *
 *   sign-in page     "Sign in with a passkey": ask the site for a challenge,
 *                    let the browser sign it with a passkey it holds, send
 *                    the answer, and go where the site says.
 *   passkeys page    "Add a passkey": the same, creating a passkey instead.
 *
 * Each JSON request carries the page's CSRF token in X-CSRF-Token; a refusal
 * comes back as { error: { message } }, shown in the section's alert.
 */
import { browserSupportsWebAuthn, startAuthentication, startRegistration, WebAuthnError } from '@simplewebauthn/browser';

interface Answer {
  options?: unknown;
  redirect?: string;
  error?: { code?: string; message?: string };
}

const csrfToken = (): string => document.querySelector<HTMLInputElement>('input[name="_csrf"]')?.value ?? '';

/** POST JSON to the site; the parsed answer, or a stand-in error when there is none. */
async function post(url: string, body: unknown): Promise<{ ok: boolean; answer: Answer }> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': csrfToken() },
      body: JSON.stringify(body),
    });
    const answer = (await res.json().catch(() => ({}))) as Answer;
    return { ok: res.ok, answer };
  } catch {
    return { ok: false, answer: { error: { message: 'The site could not be reached. Check your connection and try again.' } } };
  }
}

/** What to tell the person when the browser's passkey step did not finish. */
function browserProblem(err: unknown): string {
  if (err instanceof WebAuthnError && err.code === 'ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED') return 'This device already has a passkey for your account.';
  if (err instanceof Error && err.name === 'NotAllowedError') return 'No passkey was used: the request was cancelled or timed out. Try again.';
  return 'Your browser could not use a passkey here. Try again, or use your password.';
}

function showError(section: HTMLElement, message: string): void {
  const alert = section.querySelector<HTMLElement>('[data-passkey-error]');
  if (!alert) return;
  alert.textContent = message;
  alert.hidden = false;
}

function clearError(section: HTMLElement): void {
  const alert = section.querySelector<HTMLElement>('[data-passkey-error]');
  if (alert) alert.hidden = true;
}

const refused = (answer: Answer) => answer.error?.message ?? 'Something went wrong. Try again.';

function enhanceSignIn(section: HTMLElement): void {
  const button = section.querySelector<HTMLButtonElement>('[data-passkey-button]');
  if (!button) return;
  section.hidden = false;
  button.addEventListener('click', async () => {
    clearError(section);
    button.disabled = true;
    try {
      const start = await post('/admin/sign-in/passkey/options', {});
      if (!start.ok) return showError(section, refused(start.answer));
      let response;
      try {
        response = await startAuthentication({ optionsJSON: start.answer.options as Parameters<typeof startAuthentication>[0]['optionsJSON'] });
      } catch (err) {
        return showError(section, browserProblem(err));
      }
      const done = await post('/admin/sign-in/passkey', { response, next: section.dataset.next ?? '' });
      if (!done.ok || !done.answer.redirect) return showError(section, refused(done.answer));
      window.location.assign(done.answer.redirect);
    } finally {
      button.disabled = false;
    }
  });
}

function enhanceAdd(form: HTMLFormElement): void {
  const section = form.parentElement;
  if (!section) return;
  section.querySelector<HTMLElement>('[data-passkey-unsupported]')?.remove();
  form.hidden = false;
  const button = form.querySelector<HTMLButtonElement>('button[type="submit"]');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearError(section);
    if (button) button.disabled = true;
    try {
      const start = await post('/admin/account/passkeys/options', {});
      if (!start.ok) return showError(section, refused(start.answer));
      let response;
      try {
        response = await startRegistration({ optionsJSON: start.answer.options as Parameters<typeof startRegistration>[0]['optionsJSON'] });
      } catch (err) {
        return showError(section, browserProblem(err));
      }
      const name = form.querySelector<HTMLInputElement>('input[name="name"]')?.value ?? '';
      const done = await post('/admin/account/passkeys', { name, response });
      if (!done.ok || !done.answer.redirect) return showError(section, refused(done.answer));
      window.location.assign(done.answer.redirect);
    } finally {
      if (button) button.disabled = false;
    }
  });
}

if (browserSupportsWebAuthn()) {
  const signIn = document.querySelector<HTMLElement>('[data-passkey-sign-in]');
  if (signIn) enhanceSignIn(signIn);
  const add = document.querySelector<HTMLFormElement>('form[data-passkey-add]');
  if (add) enhanceAdd(add);
}
