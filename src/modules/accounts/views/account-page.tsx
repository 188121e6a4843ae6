import { dateTime, type Zone } from '../../../platform/time.js';
import { AdminLayout, type AdminChrome, CsrfField, FormError, Notice } from '../../admin/views/admin-layout.js';
import type { Account } from '../accounts.service.js';
import type { StaffSession } from '../staff-sessions.js';
import type { TwoFactorStatus } from '../two-factor.service.js';
import type { QrPath } from '../two-factor.totp.js';

export interface AccountPageProps {
  chrome: AdminChrome;
  zone: Zone;
  account: Account;
  twoStep: TwoFactorStatus;
  sessions: StaffSession[];
  /** The site requires two-step sign-in for this person's role and they have not set it up. */
  setUpRequired: boolean;
  notice?: string;
  error?: string;
}

/** A QR code drawn as SVG from its modules, with a four-module quiet zone, dark on light whatever the theme. */
function QrCode({ qr, label }: { qr: QrPath; label: string }) {
  const side = qr.size + 8;
  return (
    <svg class="qr-code" role="img" aria-label={label} width={side * 5} height={side * 5} viewBox={`-4 -4 ${side} ${side}`} shape-rendering="crispEdges">
      <rect x={-4} y={-4} width={side} height={side} fill="#ffffff" />
      <path d={qr.d} fill="#000000" />
    </svg>
  );
}

function CodeField({ id, label, help, autocomplete = 'one-time-code' }: { id: string; label: string; help: string; autocomplete?: string }) {
  return (
    <>
      <label for={id}>{label}</label>
      <input id={id} name="code" type="text" inputMode="numeric" autocomplete={autocomplete} required maxLength={100} class="input-short" aria-describedby={`${id}-help`} spellcheck={false} />
      <p id={`${id}-help`} class="field-help">
        {help}
      </p>
    </>
  );
}

function SettingUp({ chrome, pending }: { chrome: AdminChrome; pending: NonNullable<TwoFactorStatus['pending']> }) {
  return (
    <>
      <ol class="steps">
        <li>Open an authenticator app on your phone (such as 1Password, Google Authenticator, Microsoft Authenticator or FreeOTP) and add an account.</li>
        <li>
          Scan this code with it:
          <div class="qr-wrap">
            <QrCode qr={pending.qr} label="QR code for your authenticator app" />
          </div>
          or type this key into the app instead (time-based, six digits):{' '}
          <code id="two-step-secret" class="secret-key">
            {pending.grouped}
          </code>
        </li>
        <li>Type the six-digit code the app now shows, to confirm it works.</li>
      </ol>
      <form method="post" action="/admin/account/two-step/confirm" class="admin-form">
        <CsrfField token={chrome.csrf} />
        <CodeField id="confirm-code" label="Code from the app" help="Six digits. A new one appears every 30 seconds; any current one will do." />
        <button type="submit">Turn on two-step sign-in</button>
      </form>
      <form method="post" action="/admin/account/two-step/cancel" class="admin-form">
        <CsrfField token={chrome.csrf} />
        <button type="submit" class="button--danger">
          Cancel setting up
        </button>
      </form>
    </>
  );
}

function TwoStepOn({ chrome, zone, twoStep }: { chrome: AdminChrome; zone: Zone; twoStep: TwoFactorStatus }) {
  const left = twoStep.recoveryCodesLeft;
  return (
    <>
      <p>
        <strong>On</strong>
        {twoStep.enabledAt ? (
          <>
            {' '}
            since <time dateTime={twoStep.enabledAt}>{dateTime(twoStep.enabledAt, zone)}</time>
          </>
        ) : null}
        . Signing in asks for your password and then a code from your authenticator app.
      </p>
      <p>
        You have {left} unused recovery code{left === 1 ? '' : 's'}. {left <= 3 ? 'Make new ones before you run out.' : ''}
      </p>
      <form method="post" action="/admin/account/two-step/recovery-codes" class="admin-form">
        <CsrfField token={chrome.csrf} />
        <button type="submit">Make new recovery codes</button>
        <p class="field-help">Your old recovery codes stop working.</p>
      </form>
      <form method="post" action="/admin/account/two-step/turn-off" class="admin-form">
        <CsrfField token={chrome.csrf} />
        <label for="turn-off-proof">Your password, or a current code from the app</label>
        <input id="turn-off-proof" name="passwordOrCode" type="password" autocomplete="current-password" required maxLength={1000} />
        <button type="submit" class="button--danger">
          Turn off two-step sign-in
        </button>
      </form>
    </>
  );
}

function TwoStepSection({ chrome, zone, twoStep }: { chrome: AdminChrome; zone: Zone; twoStep: TwoFactorStatus }) {
  let body;
  if (twoStep.enabled) body = <TwoStepOn chrome={chrome} zone={zone} twoStep={twoStep} />;
  else if (twoStep.pending) body = <SettingUp chrome={chrome} pending={twoStep.pending} />;
  else
    body = (
      <>
        <p>
          <strong>Off.</strong> With two-step sign-in, signing in needs your password and a code from an app on your phone, so a stolen password alone is not enough.
        </p>
        <form method="post" action="/admin/account/two-step/begin" class="admin-form">
          <CsrfField token={chrome.csrf} />
          <button type="submit">Set up two-step sign-in</button>
        </form>
      </>
    );
  return (
    <section class="admin-panel" id="two-step" aria-labelledby="two-step-heading">
      <h2 id="two-step-heading">Two-step sign-in</h2>
      {body}
    </section>
  );
}

function SessionsSection({ chrome, zone, sessions }: { chrome: AdminChrome; zone: Zone; sessions: StaffSession[] }) {
  const others = sessions.filter((s) => !s.current).length;
  return (
    <section class="admin-panel" id="sessions" aria-labelledby="sessions-heading">
      <h2 id="sessions-heading">Where you are signed in</h2>
      {/* Scrolls sideways on a narrow screen: focusable, so the keyboard can scroll it too. */}
      <div class="table-wrap account-sessions" tabIndex={0} role="region" aria-label="Your sessions">
        <table class="admin-table">
          <caption>Your sessions, the most recently used first.</caption>
          <thead>
            <tr>
              <th scope="col">Browser</th>
              <th scope="col">Address</th>
              <th scope="col">Signed in</th>
              <th scope="col">Last seen</th>
              <th scope="col">
                <span class="visually-hidden">Action</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {sessions.map((s) => (
              <tr key={s.id} class={s.current ? 'session--current' : undefined}>
                <th scope="row">
                  {s.browser}
                  {s.current ? <strong class="session-current"> (this browser)</strong> : null}
                </th>
                <td>{s.address || 'Not known'}</td>
                <td>
                  <time dateTime={s.createdAt}>{dateTime(s.createdAt, zone)}</time>
                </td>
                <td>
                  <time dateTime={s.lastSeenAt}>{dateTime(s.lastSeenAt, zone)}</time>
                </td>
                <td>
                  {s.current ? null : (
                    <form method="post" action="/admin/account/sessions/sign-out" class="inline-form">
                      <CsrfField token={chrome.csrf} />
                      <input type="hidden" name="session" value={s.id} />
                      <button type="submit" aria-label={`Sign out ${s.browser}, signed in ${dateTime(s.createdAt, zone)}`}>
                        Sign out
                      </button>
                    </form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {others > 0 ? (
        <form method="post" action="/admin/account/sessions/sign-out-others" class="admin-form">
          <CsrfField token={chrome.csrf} />
          <button type="submit" class="button--danger">
            Sign out everywhere else
          </button>
        </form>
      ) : (
        <p>You are signed in nowhere else.</p>
      )}
    </section>
  );
}

/** /admin/account: the signed-in staff member's own account, two-step sign-in and sessions. */
export function AccountPage({ chrome, zone, account, twoStep, sessions, setUpRequired, notice, error }: AccountPageProps) {
  return (
    <AdminLayout chrome={chrome} title="Your account">
      <h1>Your account</h1>
      {setUpRequired ? (
        <p class="form-error" role="alert" id="two-step-required">
          This site requires two-step sign-in for your role. Set it up below to carry on to the rest of the newsroom.
        </p>
      ) : null}
      <Notice message={notice} />
      <FormError message={error} />
      <dl class="account-facts">
        <dt>Name</dt>
        <dd>{account.name}</dd>
        <dt>Email</dt>
        <dd>{account.email}</dd>
        <dt>Role</dt>
        <dd>{account.role}</dd>
      </dl>
      <TwoStepSection chrome={chrome} zone={zone} twoStep={twoStep} />
      <SessionsSection chrome={chrome} zone={zone} sessions={sessions} />
    </AdminLayout>
  );
}

/** The recovery codes, shown once: after turning two-step sign-in on, and after making new ones. */
export function RecoveryCodesPage({ chrome, codes, justEnabled }: { chrome: AdminChrome; codes: string[]; justEnabled: boolean }) {
  return (
    <AdminLayout chrome={chrome} title="Your recovery codes">
      <h1>Your recovery codes</h1>
      {justEnabled ? (
        <p class="form-notice" role="status">
          Two-step sign-in is on.
        </p>
      ) : null}
      <p>
        <strong>Keep these somewhere safe now: they are shown only this once.</strong> If you lose your phone, each one signs you in once in place of a code from the app.
      </p>
      <ol class="recovery-codes" id="recovery-codes">
        {codes.map((c) => (
          <li key={c}>
            <code>{c}</code>
          </li>
        ))}
      </ol>
      <p>
        <a href="/admin/account">Back to your account</a>
      </p>
    </AdminLayout>
  );
}

/** /admin/sign-in/code: the second step of signing in, or why it cannot be taken. */
export function SignInCodePage({ chrome, error, expired }: { chrome: AdminChrome; error?: string; expired?: boolean }) {
  return (
    <AdminLayout chrome={chrome} title="Two-step sign-in">
      <div class="admin-narrow">
        <h1>Two-step sign-in</h1>
        <FormError message={error} />
        {expired ? (
          <p>
            <a href="/admin/sign-in">Sign in again</a>
          </p>
        ) : (
          <form method="post" action="/admin/sign-in/code" class="admin-form">
            <CsrfField token={chrome.csrf} />
            <CodeField id="code" label="Code from your authenticator app" help="The six digits your app shows now. Lost your phone? Type one of your recovery codes instead." />
            <button type="submit">Sign in</button>
          </form>
        )}
      </div>
    </AdminLayout>
  );
}
