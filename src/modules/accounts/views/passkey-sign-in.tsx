/**
 * "Sign in with a passkey" on the sign-in page: hidden until the passkeys
 * script finds the browser can use passkeys (the password form works
 * without it), and the script itself.
 */
export function PasskeySignIn({ assetVersion, next }: { assetVersion: string; next?: string | undefined }) {
  return (
    <>
      <section class="passkey-sign-in" aria-labelledby="passkey-sign-in-heading" data-passkey-sign-in data-next={next ?? ''} hidden>
        <h2 id="passkey-sign-in-heading">Or use a passkey</h2>
        <p class="form-error" role="alert" data-passkey-error hidden></p>
        <button type="button" data-passkey-button>
          Sign in with a passkey
        </button>
      </section>
      <script type="module" src={`/assets/passkeys.js?v=${assetVersion}`}></script>
    </>
  );
}
