import { dateTime, type Zone } from '../../../platform/time.js';
import { AdminLayout, type AdminChrome, CsrfField, FormError, Notice } from '../../admin/views/admin-layout.js';
import { MAX_PASSKEY_NAME_LENGTH, type Passkey } from '../passkeys.service.js';

export interface PasskeysPageProps {
  chrome: AdminChrome;
  zone: Zone;
  passkeys: Passkey[];
  notice?: string | undefined;
  error?: string | undefined;
}

const When = ({ at, zone, never }: { at: string | null; zone: Zone; never: string }) => (at ? <time dateTime={at}>{dateTime(at, zone)}</time> : <>{never}</>);

function PasskeyItem({ passkey: p, zone, csrf }: { passkey: Passkey; zone: Zone; csrf: string }) {
  return (
    <li class="passkey">
      <h3>{p.name}</h3>
      <p class="passkey-dates">
        Added <When at={p.createdAt} zone={zone} never="" />. Last used: <When at={p.lastUsedAt} zone={zone} never="never" />.{p.backedUp ? ' Synced to your other devices.' : null}
      </p>
      <form method="post" action={`/admin/account/passkeys/${p.id}/rename`} class="passkey-action">
        <CsrfField token={csrf} />
        <label for={`passkey-name-${p.id}`}>New name</label>
        <input id={`passkey-name-${p.id}`} name="name" required maxLength={MAX_PASSKEY_NAME_LENGTH} value={p.name} autocomplete="off" />
        <button type="submit">Rename</button>
      </form>
      <form method="post" action={`/admin/account/passkeys/${p.id}/delete`} class="passkey-action">
        <CsrfField token={csrf} />
        <label for={`passkey-password-${p.id}`}>Your password, to delete it</label>
        <input id={`passkey-password-${p.id}`} name="password" type="password" required autocomplete="current-password" maxLength={1000} />
        <button type="submit">Delete</button>
      </form>
    </li>
  );
}

/** /admin/account/passkeys: a staff member's own passkeys, and adding one. */
export function PasskeysPage({ chrome, zone, passkeys, notice, error }: PasskeysPageProps) {
  return (
    <AdminLayout chrome={chrome} title="Passkeys">
      <p class="back-link">
        <a href="/admin">Dashboard</a>
      </p>
      <h1>Passkeys</h1>
      <p>
        A passkey lets you sign in with this device's screen lock (a fingerprint, your face or a PIN) or a security key instead of your password. It only works on this site, and nobody who learns your
        password can use it.
      </p>
      <Notice message={notice} />
      <FormError message={error} />

      {passkeys.length === 0 ? (
        <p>You have no passkeys yet.</p>
      ) : (
        <>
          <h2>Your passkeys</h2>
          <ul class="passkey-list">
            {passkeys.map((p) => (
              <PasskeyItem key={p.id} passkey={p} zone={zone} csrf={chrome.csrf} />
            ))}
          </ul>
        </>
      )}

      <section class="admin-panel" aria-labelledby="add-passkey-heading">
        <h2 id="add-passkey-heading">Add a passkey</h2>
        <p data-passkey-unsupported>Adding a passkey needs a browser that supports passkeys, with JavaScript turned on.</p>
        <p class="form-error" role="alert" data-passkey-error hidden></p>
        <form class="admin-form" data-passkey-add hidden>
          <CsrfField token={chrome.csrf} />
          <label for="passkey-name">Name</label>
          <input id="passkey-name" name="name" required maxLength={MAX_PASSKEY_NAME_LENGTH} aria-describedby="passkey-name-help" autocomplete="off" />
          <p id="passkey-name-help" class="field-help">
            Which device or key it is on, such as “Work laptop”, so you can tell your passkeys apart.
          </p>
          <button type="submit">Add a passkey</button>
        </form>
      </section>
      <script type="module" src={`/assets/passkeys.js?v=${chrome.assetVersion}`}></script>
    </AdminLayout>
  );
}
