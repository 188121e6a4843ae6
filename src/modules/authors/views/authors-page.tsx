import { authorPath } from '../../../platform/urls.js';
import type { Author } from '../authors.service.js';
import { AUTHOR_LIMITS } from '../authors.service.js';
import { AdminLayout, type AdminChrome, CsrfField, FormError, TableScroll } from '../../admin/views/admin-layout.js';
import { Notice } from '../../sections/views/sections-page.js';

export interface NewAuthorValues {
  name?: string;
  slug?: string;
  bio?: string;
}

export interface AuthorsPageProps {
  chrome: AdminChrome;
  authors: Author[];
  notice?: string;
  error?: string;
  values?: NewAuthorValues;
}

/** /admin/authors: every author profile, and a form for a new one. */
export function AuthorsPage({ chrome, authors, notice, error, values }: AuthorsPageProps) {
  const v = values ?? {};
  return (
    <AdminLayout chrome={chrome} title="Authors">
      <h1>Authors</h1>
      <Notice message={notice} />
      {authors.length === 0 ? (
        <p>There are no author profiles yet. Create the first one below.</p>
      ) : (
        <TableScroll label="Authors">
          <table class="admin-table">
            <caption>Author profiles, by name</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Slug</th>
                <th scope="col">Photo</th>
                <th scope="col" class="num">
                  Links
                </th>
              </tr>
            </thead>
            <tbody>
              {authors.map((a) => (
                <tr key={a.id}>
                  <th scope="row">
                    <a href={`/admin/authors/${a.id}`}>{a.name}</a>
                  </th>
                  <td>
                    <a href={authorPath(a.slug)}>{a.slug}</a>
                  </td>
                  <td>{a.photo ? 'Yes' : 'No'}</td>
                  <td class="num">{a.links.length}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      <section class="admin-panel" aria-labelledby="new-author">
        <h2 id="new-author">New author</h2>
        <p>Photo and links can be added once the profile exists.</p>
        <FormError message={error} />
        <form method="post" action="/admin/authors" class="admin-form">
          <CsrfField token={chrome.csrf} />
          <label for="new-author-name">Name</label>
          <input id="new-author-name" name="name" required maxLength={AUTHOR_LIMITS.name} autocomplete="off" value={v.name ?? ''} />
          <label for="new-author-slug">Slug</label>
          <input id="new-author-slug" name="slug" maxLength={200} pattern="[a-z0-9]+(-[a-z0-9]+)*" value={v.slug ?? ''} aria-describedby="new-author-slug-help" />
          <p id="new-author-slug-help" class="field-help">
            The profile's address: /author/slug. Leave it empty to make one from the name.
          </p>
          <label for="new-author-bio">Bio</label>
          <textarea id="new-author-bio" name="bio" rows={4} maxLength={AUTHOR_LIMITS.bio}>
            {v.bio ?? ''}
          </textarea>
          <button type="submit">Create author</button>
        </form>
      </section>
    </AdminLayout>
  );
}
