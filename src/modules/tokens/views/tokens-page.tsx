import type { Role } from '../../../platform/db/schema.js';
import { dateTime, type Zone } from '../../../platform/time.js';
import { ROLES } from '../../accounts/permissions.js';
import type { ApiToken, CreatedToken } from '../tokens.service.js';
import { MAX_NAME_LENGTH } from '../tokens.service.js';
import { AdminLayout, type AdminChrome, CsrfField, FormError } from '../../admin/views/admin-layout.js';

const ROLE_HELP: Record<Role, string> = {
  admin: 'Admin: everything the API offers',
  editor: 'Editor: write, edit, publish, schedule and unpublish any story; sections, tags, authors',
  author: 'Author: start drafts and upload images',
  contributor: 'Contributor: start drafts and upload images',
  moderator: 'Moderator: comments only (nothing to write through the API yet)',
};

export interface TokensPageProps {
  chrome: AdminChrome;
  zone: Zone;
  tokens: ApiToken[];
  /** Just created: the only time the token itself is shown. */
  created?: CreatedToken;
  notice?: string;
  error?: string;
  values?: { name?: string; role?: string };
}

const active = (tokens: ApiToken[]) => tokens.filter((t) => !t.revokedAt).length;

/**
 * Revoking is a second step: "Revoke…" opens a short confirmation (a
 * disclosure, so it needs no JavaScript) whose button does it.
 */
function RevokeControl({ token, csrf }: { token: ApiToken; csrf: string }) {
  return (
    <div class="token-status">
      <span>Active</span>
      <details class="confirm">
        <summary class="button-quiet button-quiet--danger">
          Revoke<span class="visually-hidden"> the token “{token.name}”</span>…
        </summary>
        <div class="confirm__body">
          <p>Integrations using “{token.name}” will be refused at once. This cannot be undone.</p>
          <form method="post" action={`/admin/tokens/${token.id}/revoke`} class="inline-form">
            <CsrfField token={csrf} />
            <button type="submit" class="button--danger button--small">
              Revoke “{token.name}”
            </button>
          </form>
        </div>
      </details>
    </div>
  );
}

const When = ({ at, zone, never }: { at: string | null; zone: Zone; never: string }) => (at ? <time dateTime={at}>{dateTime(at, zone)}</time> : <>{never}</>);

/** /admin/tokens: API tokens for integrations. Admins only. */
export function TokensPage({ chrome, zone, tokens, created, notice, error, values }: TokensPageProps) {
  const role = values?.role ?? 'editor';
  return (
    <AdminLayout chrome={chrome} title="API tokens">
      <p class="back-link">
        <a href="/admin">Dashboard</a>
      </p>
      <h1>API tokens</h1>
      <p>
        Integrations (a CMS sync, a wire importer) use the JSON API at <code>/api/v1</code> with a token in the header <code>Authorization: Bearer …</code>. A token acts with its role's permissions
        but belongs to no one, so it owns no stories: an author or contributor token can start drafts, not edit them. See <a href="/api/openapi.json">the API description</a>.
      </p>

      {created ? (
        <section class="admin-panel token-created" aria-labelledby="token-created">
          <h2 id="token-created">Token “{created.name}” created</h2>
          <p class="form-error">
            <strong>Copy this token now.</strong> It is shown only this once: Broadsheet keeps only a fingerprint of it and cannot show it again. If it is lost, revoke it and create another.
          </p>
          <div class="admin-form">
            <label for="new-token">Token ({created.role})</label>
            <div class="copy-field">
              <input id="new-token" class="token-value" type="text" readOnly value={created.token} autocomplete="off" spellcheck={false} aria-describedby="new-token-help" />
              <button type="button" class="button--secondary" data-copy="new-token" data-copy-status="new-token-copied" hidden>
                Copy token
              </button>
            </div>
            <p id="new-token-help" class="field-help">
              Select the token and copy it into the integration's settings.
            </p>
            <p id="new-token-copied" class="copy-status" role="status" aria-live="polite"></p>
          </div>
          <script type="module" src={`/assets/copy.js?v=${chrome.assetVersion}`}></script>
        </section>
      ) : null}

      {notice ? (
        <p class="form-notice" role="status">
          {notice}
        </p>
      ) : null}

      <section class="admin-section" aria-labelledby="tokens-heading">
        <h2 id="tokens-heading">Tokens {tokens.length > 0 ? <span class="section-count">{active(tokens)} active</span> : null}</h2>
        {tokens.length === 0 ? (
          <p class="empty-state">There are no API tokens yet. Create one below for each integration, so each can be revoked on its own.</p>
        ) : (
          <div class="table-wrap table-scroll" tabIndex={0} role="region" aria-label="Every API token">
            <table class="admin-table admin-table--stack">
              <caption>Every API token, active ones first.</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Role</th>
                  <th scope="col">Created</th>
                  <th scope="col">Last used</th>
                  <th scope="col">Status</th>
                </tr>
              </thead>
              <tbody>
                {tokens.map((t) => (
                  <tr key={t.id}>
                    <th scope="row">{t.name}</th>
                    <td data-label="Role">{t.role}</td>
                    <td data-label="Created">
                      <span>
                        <When at={t.createdAt} zone={zone} never="" />
                        {t.createdByName ? ` by ${t.createdByName}` : null}
                      </span>
                    </td>
                    <td data-label="Last used">
                      <When at={t.lastUsedAt} zone={zone} never="Never" />
                    </td>
                    <td data-label="Status">
                      {t.revokedAt ? (
                        <span>
                          Revoked <When at={t.revokedAt} zone={zone} never="" />
                        </span>
                      ) : (
                        <RevokeControl token={t} csrf={chrome.csrf} />
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section class="admin-panel" aria-labelledby="new-token-heading">
        <h2 id="new-token-heading">New token</h2>
        <FormError message={error} />
        <form method="post" action="/admin/tokens" class="admin-form">
          <CsrfField token={chrome.csrf} />
          <label for="token-name">Name</label>
          <input id="token-name" name="name" required maxLength={MAX_NAME_LENGTH} value={values?.name ?? ''} aria-describedby="token-name-help" autocomplete="off" />
          <p id="token-name-help" class="field-help">
            What uses it, such as “CMS sync”. It appears in the record of what the token did.
          </p>
          <label for="token-role">Role</label>
          <select id="token-role" name="role" aria-describedby="token-role-help">
            {ROLES.map((r) => (
              <option key={r} value={r} selected={r === role}>
                {ROLE_HELP[r]}
              </option>
            ))}
          </select>
          <p id="token-role-help" class="field-help">
            Give the least the integration needs. The role's permissions are those of docs/roles.md.
          </p>
          <button type="submit">Create token</button>
        </form>
      </section>
    </AdminLayout>
  );
}
