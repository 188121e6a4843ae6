import type { Role } from '../../../platform/db/schema.js';
import { dateTime, type Zone } from '../../../platform/time.js';
import { ROLES } from '../permissions.js';
import type { StaffMember, StaffStatus } from '../staff.service.js';
import { AdminLayout, type AdminChrome, CsrfField, FormError, Notice } from '../../admin/views/admin-layout.js';

const ROLE_NAMES: Record<Role, string> = {
  admin: 'Admin: everything, including staff, tokens and settings',
  editor: 'Editor: every story, sections, tags and authors',
  author: 'Author: writes and publishes their own stories',
  contributor: 'Contributor: writes drafts for an editor to publish',
  moderator: 'Moderator: comments only',
};

const STATUS: Record<StaffStatus, string> = { active: 'Active', invited: 'Invited', disabled: 'Disabled' };

const When = ({ at, zone, never }: { at: string | null; zone: Zone; never: string }) => (at ? <time dateTime={at}>{dateTime(at, zone)}</time> : <>{never}</>);

export interface StaffListProps {
  chrome: AdminChrome;
  zone: Zone;
  staff: StaffMember[];
  notice?: string | undefined;
  error?: string | undefined;
  values?: { email?: string; name?: string; role?: string };
}

/** /admin/staff: every staff account, and inviting someone new. Admins only. */
export function StaffListPage({ chrome, zone, staff, notice, error, values }: StaffListProps) {
  const role = values?.role ?? 'author';
  return (
    <AdminLayout chrome={chrome} title="Staff">
      <p class="back-link">
        <a href="/admin">Dashboard</a>
      </p>
      <h1>Staff</h1>
      <p>Everyone who can sign in to the newsroom. Choose a name to change that person's role, disable or delete the account, or reset their two-step sign-in.</p>
      <Notice message={notice} />
      <div class="table-wrap">
        <table class="admin-table staff-table">
          <caption>Staff accounts, by name.</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">Status</th>
              <th scope="col">Last sign-in</th>
              <th scope="col">Two-step</th>
            </tr>
          </thead>
          <tbody>
            {staff.map((m) => (
              <tr key={m.id}>
                <th scope="row">
                  <a href={`/admin/staff/${m.id}`}>{m.name}</a>
                </th>
                <td class="staff-email" data-label="Email">
                  {m.email}
                </td>
                <td data-label="Role">{m.role}</td>
                <td data-label="Status">{STATUS[m.status]}</td>
                <td data-label="Last sign-in">
                  <When at={m.lastSignInAt} zone={zone} never="Never" />
                </td>
                <td data-label="Two-step">{m.twoStep ? 'On' : 'Off'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <section class="admin-panel" aria-labelledby="invite-heading">
        <h2 id="invite-heading">Invite someone</h2>
        <FormError message={error} />
        <form method="post" action="/admin/staff/invite" class="admin-form staff-form">
          <CsrfField token={chrome.csrf} />
          <label for="invite-name">Name</label>
          <input id="invite-name" name="name" required maxLength={200} value={values?.name ?? ''} autocomplete="off" />
          <label for="invite-email">Email</label>
          <input id="invite-email" name="email" type="email" required maxLength={320} value={values?.email ?? ''} autocomplete="off" aria-describedby="invite-email-help" />
          <p id="invite-email-help" class="field-help">
            They get an email with a link to choose their password. The link works once, for seven days. Inviting the same address again sends a new link.
          </p>
          <label for="invite-role">Role</label>
          <select id="invite-role" name="role">
            {ROLES.map((r) => (
              <option key={r} value={r} selected={r === role}>
                {ROLE_NAMES[r]}
              </option>
            ))}
          </select>
          <button type="submit">Send invitation</button>
        </form>
      </section>
    </AdminLayout>
  );
}

export type StaffForm = 'role' | 'disable' | 'enable' | 'two-step' | 'delete';

export interface StaffMemberProps {
  chrome: AdminChrome;
  zone: Zone;
  member: StaffMember;
  /** Whether this is the signed-in admin's own account (which cannot be changed here). */
  self: boolean;
  /** Authors who can take over the bylines when the account is deleted. */
  authors: { id: number; name: string }[];
  notice?: string | undefined;
  error?: { form: StaffForm; message: string } | undefined;
}

/** A confirmation box the server checks too: destructive actions need it ticked. */
const Confirm = ({ id, children }: { id: string; children: string }) => (
  <p class="checkbox-field">
    <input type="checkbox" id={id} name="confirm" value="yes" required />
    <label for={id}>{children}</label>
  </p>
);

/** /admin/staff/:id: one account, and everything an admin can do to it. */
export function StaffMemberPage({ chrome, zone, member: m, self, authors, notice, error }: StaffMemberProps) {
  const errorFor = (form: StaffForm) => (error?.form === form ? error.message : undefined);
  const base = `/admin/staff/${m.id}`;
  const others = authors.filter((a) => a.id !== m.authorId);
  return (
    <AdminLayout chrome={chrome} title={`${m.name} — Staff`}>
      <p class="back-link">
        <a href="/admin/staff">Staff</a>
      </p>
      <h1>{m.name}</h1>
      <Notice message={notice} />
      <dl class="staff-facts">
        <dt>Email</dt>
        <dd class="staff-email">{m.email}</dd>
        <dt>Role</dt>
        <dd>{m.role}</dd>
        <dt>Status</dt>
        <dd>
          {STATUS[m.status]}
          {m.disabledAt ? (
            <>
              {' '}
              since <When at={m.disabledAt} zone={zone} never="" />
            </>
          ) : null}
        </dd>
        <dt>Last sign-in</dt>
        <dd>
          <When at={m.lastSignInAt} zone={zone} never="Never" />
        </dd>
        <dt>Two-step sign-in</dt>
        <dd>{m.twoStep ? 'On' : 'Off'}</dd>
      </dl>

      {self ? (
        <p>
          This is your own account: change it on <a href="/admin/account">your account page</a>. Another admin can change its role, disable or delete it.
        </p>
      ) : (
        <>
          <section class="admin-panel" aria-labelledby="role-heading">
            <h2 id="role-heading">Role</h2>
            <FormError message={errorFor('role')} />
            <form method="post" action={`${base}/role`} class="admin-form staff-form">
              <CsrfField token={chrome.csrf} />
              <label for="staff-role">Role</label>
              <select id="staff-role" name="role">
                {ROLES.map((r) => (
                  <option key={r} value={r} selected={r === m.role}>
                    {ROLE_NAMES[r]}
                  </option>
                ))}
              </select>
              <button type="submit">Change role</button>
            </form>
          </section>

          {m.twoStep ? (
            <section class="admin-panel" aria-labelledby="two-step-heading">
              <h2 id="two-step-heading">Reset two-step sign-in</h2>
              <FormError message={errorFor('two-step')} />
              <form method="post" action={`${base}/two-step/reset`} class="admin-form staff-form">
                <CsrfField token={chrome.csrf} />
                <p>For a lost authenticator and lost recovery codes: {m.name} then signs in with their password alone, and can set up two-step sign-in again.</p>
                <Confirm id="confirm-two-step">{`I have checked that this request really comes from ${m.name}`}</Confirm>
                <button type="submit">Reset two-step sign-in</button>
              </form>
            </section>
          ) : null}

          {m.status === 'disabled' ? (
            <section class="admin-panel" aria-labelledby="enable-heading">
              <h2 id="enable-heading">Enable this account</h2>
              <FormError message={errorFor('enable')} />
              <form method="post" action={`${base}/enable`} class="admin-form staff-form">
                <CsrfField token={chrome.csrf} />
                <p>{m.name} can sign in again. API tokens revoked when the account was disabled stay revoked.</p>
                <button type="submit">Enable account</button>
              </form>
            </section>
          ) : (
            <section class="admin-panel admin-panel--danger" aria-labelledby="disable-heading">
              <h2 id="disable-heading">Disable this account</h2>
              <FormError message={errorFor('disable')} />
              <form method="post" action={`${base}/disable`} class="admin-form staff-form">
                <CsrfField token={chrome.csrf} />
                <p>At once: every session of {m.name} ends, every API token they created is revoked, and they cannot sign in. Their bylines and author page stay.</p>
                <Confirm id="confirm-disable">{`Yes, disable ${m.name}'s account`}</Confirm>
                <button type="submit" class="button--danger">
                  Disable account
                </button>
              </form>
            </section>
          )}

          <section class="admin-panel admin-panel--danger" aria-labelledby="delete-heading">
            <h2 id="delete-heading">Delete this account</h2>
            <FormError message={errorFor('delete')} />
            <form method="post" action={`${base}/delete`} class="admin-form staff-form">
              <CsrfField token={chrome.csrf} />
              {m.authorId !== null ? (
                <>
                  <label for="bylines-to">Give their bylines to</label>
                  <select id="bylines-to" name="bylinesTo" required aria-describedby="bylines-help">
                    <option value="">Choose an author…</option>
                    {others.map((a) => (
                      <option key={a.id} value={String(a.id)}>
                        {a.name}
                      </option>
                    ))}
                  </select>
                  <p id="bylines-help" class="field-help">
                    Every story carrying {m.name}'s byline carries this author's instead. {m.name}'s author page stays, without those stories.
                  </p>
                </>
              ) : (
                <p>{m.name} has no author profile, so no byline changes.</p>
              )}
              <p>The account and its sessions, passkeys and two-step sign-in are deleted for good; the audit log keeps what they did. To keep the account for later, disable it instead.</p>
              <Confirm id="confirm-delete">{`Yes, delete ${m.name}'s account for good`}</Confirm>
              <button type="submit" class="button--danger">
                Delete account
              </button>
            </form>
          </section>
        </>
      )}
    </AdminLayout>
  );
}
