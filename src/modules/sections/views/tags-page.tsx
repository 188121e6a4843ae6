import { tagPath } from '../../../platform/urls.js';
import type { TagDetail } from '../sections.service.js';
import { TAG_NAME_MAX } from '../sections.service.js';
import { AdminLayout, type AdminChrome, CsrfField, FormError, TableScroll } from '../../admin/views/admin-layout.js';
import { articles, Notice } from './sections-page.js';
import { NameAndSlugCells } from './taxonomy-cells.js';

/** /admin/tags: every tag with how many articles carry it. */
export function TagsPage({ chrome, tags, notice }: { chrome: AdminChrome; tags: TagDetail[]; notice?: string }) {
  return (
    <AdminLayout chrome={chrome} title="Tags">
      <h1>Tags</h1>
      <Notice message={notice} />
      <p>Tags are made when stories are tagged. Here they can be renamed, merged into one another, or deleted.</p>
      {tags.length === 0 ? (
        <p>There are no tags yet.</p>
      ) : (
        <TableScroll label="Tags">
          <table class="admin-table">
            <caption>Every tag, by name. Article counts include drafts.</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Slug</th>
                <th scope="col" class="num">
                  Articles
                </th>
              </tr>
            </thead>
            <tbody>
              {tags.map((t) => (
                <tr key={t.id}>
                  <NameAndSlugCells name={t.name} editHref={`/admin/tags/${t.id}`} slug={t.slug} publicHref={tagPath(t.slug)} />
                  <td class="num">{t.articleCount}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </AdminLayout>
  );
}

export interface TagEditPageProps {
  chrome: AdminChrome;
  tag: TagDetail;
  /** The tags this one may be merged into (every other tag). */
  others: TagDetail[];
  notice?: string;
  /** An error, shown in the panel of the form that caused it. */
  error?: { form: 'rename' | 'merge' | 'delete'; message: string };
  values?: { name?: string; slug?: string; into?: string };
}

/** /admin/tags/:id: rename a tag, merge it into another, or delete it. */
export function TagEditPage({ chrome, tag, others, notice, error, values }: TagEditPageProps) {
  const errorFor = (form: 'rename' | 'merge' | 'delete') => (error?.form === form ? error.message : undefined);
  const name = values?.name ?? tag.name;
  const slug = values?.slug ?? tag.slug;
  return (
    <AdminLayout chrome={chrome} title={`Tag ${tag.name}`}>
      <p class="back-link">
        <a href="/admin/tags">All tags</a>
      </p>
      <h1>Tag “{tag.name}”</h1>
      <Notice message={notice} />
      <p>
        Carried by {articles(tag.articleCount)} (drafts included). <a href={tagPath(tag.slug)}>View the tag's page</a>
      </p>

      <section class="admin-panel" aria-labelledby="rename-tag">
        <h2 id="rename-tag">Rename</h2>
        <FormError message={errorFor('rename')} />
        <form method="post" action={`/admin/tags/${tag.id}`} class="admin-form">
          <CsrfField token={chrome.csrf} />
          <label for="tag-name">Name</label>
          <input id="tag-name" name="name" required maxLength={TAG_NAME_MAX} value={name} />
          <label for="tag-slug">Slug</label>
          <input id="tag-slug" name="slug" maxLength={200} pattern="[a-z0-9]+(-[a-z0-9]+)*" value={slug} aria-describedby="tag-slug-help" />
          <p id="tag-slug-help" class="field-help">
            Its address: /tag/slug. Changing it moves the page: the old address stops working. Leave it empty to make one from the name.
          </p>
          <button type="submit">Save changes</button>
        </form>
      </section>

      <section class="admin-panel" aria-labelledby="merge-tag">
        <h2 id="merge-tag">Merge into another tag</h2>
        <FormError message={errorFor('merge')} />
        {others.length === 0 ? (
          <p>There is no other tag to merge this one into.</p>
        ) : (
          <form method="post" action={`/admin/tags/${tag.id}/merge`} class="admin-form">
            <CsrfField token={chrome.csrf} />
            <label for="merge-into">Merge “{tag.name}” into</label>
            <select id="merge-into" name="into" required aria-describedby="merge-help">
              <option value="" selected={!values?.into}>
                Choose a tag…
              </option>
              {others.map((o) => (
                <option key={o.id} value={String(o.id)} selected={values?.into === String(o.id)}>
                  {o.name} ({articles(o.articleCount)})
                </option>
              ))}
            </select>
            <p id="merge-help" class="field-help">
              Every article tagged “{tag.name}” gets the chosen tag instead, and “{tag.name}” is deleted: its page will stop working.
            </p>
            <button type="submit">Merge tags</button>
          </form>
        )}
      </section>

      <section class="admin-panel admin-panel--danger" aria-labelledby="delete-tag">
        <h2 id="delete-tag">Delete this tag</h2>
        <FormError message={errorFor('delete')} />
        <form method="post" action={`/admin/tags/${tag.id}/delete`} class="admin-form">
          <CsrfField token={chrome.csrf} />
          <p>
            {tag.articleCount === 0 ? 'No article carries this tag.' : `Deleting it removes it from ${articles(tag.articleCount)}; the articles themselves stay as they are.`} Its page will stop
            working.
          </p>
          <button type="submit">Delete tag</button>
        </form>
      </section>
    </AdminLayout>
  );
}
