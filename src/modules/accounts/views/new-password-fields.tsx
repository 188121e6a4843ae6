import { MIN_PASSWORD_LENGTH } from '../accounts.passwords.js';

/** A new password and its confirmation, as every form that sets one asks for them (reset link, invitation). */
export function NewPasswordFields({ label }: { label: string }) {
  return (
    <>
      <label for="password">{label}</label>
      <input id="password" name="password" type="password" required minLength={MIN_PASSWORD_LENGTH} maxLength={200} autocomplete="new-password" aria-describedby="password-help" />
      <p id="password-help" class="field-help">
        At least {MIN_PASSWORD_LENGTH} characters. A few unrelated words make a strong one.
      </p>
      <label for="confirmation">{label} again</label>
      <input id="confirmation" name="confirmation" type="password" required minLength={MIN_PASSWORD_LENGTH} maxLength={200} autocomplete="new-password" />
    </>
  );
}
