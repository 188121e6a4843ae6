import { sectionPath } from '../../../platform/urls.js';
import type { SectionDetail } from '../sections.service.js';
import { SECTION_LIMITS } from '../sections.service.js';
import { AdminLayout, type AdminChrome, CsrfField, FormError, Notice, TableScroll } from '../../admin/views/admin-layout.js';
import { NameAndSlugCells } from './taxonomy-cells.js';

export { Notice };

export const articles = (n: number) => `${n} ${n === 1 ? 'article' : 'articles'}`;

export interface SectionValues {
  name?: string;
  slug?: string;
  description?: string;
  position?: string;
}

/** The fields of a section, for creating and for editing. */
function SectionFields({ values, idPrefix, slugHelp }: { values: SectionValues; idPrefix: string; slugHelp: string }) {
  const id = (f: string) => `${idPrefix}-${f}`;
  return (
    <>
      <label for={id('name')}>Name</label>
      <input id={id('name')} name="name" required maxLength={SECTION_LIMITS.name} value={values.name ?? ''} />
      <label for={id('slug')}>Slug</label>
      <input id={id('slug')} name="slug" maxLength={200} pattern="[a-z0-9]+(-[a-z0-9]+)*" value={values.slug ?? ''} aria-describedby={id('slug-help')} />
      <p id={id('slug-help')} class="field-help">
        {slugHelp}
      </p>
      <label for={id('description')}>Description</label>
      <textarea id={id('description')} name="description" rows={3} maxLength={SECTION_LIMITS.description} aria-describedby={id('description-help')}>
        {values.description ?? ''}
      </textarea>
      <p id={id('description-help')} class="field-help">
        Shown at the top of the section's page and to search engines.
      </p>
      <label for={id('position')}>Position</label>
      <input
        id={id('position')}
        name="position"
        type="number"
        step={1}
        min={-SECTION_LIMITS.position}
        max={SECTION_LIMITS.position}
        value={values.position ?? '0'}
        aria-describedby={id('position-help')}
        class="input-short"
      />
      <p id={id('position-help')} class="field-help">
        Sections are listed in the site's navigation from the lowest position up.
      </p>
    </>
  );
}

export interface SectionsPageProps {
  chrome: AdminChrome;
  sections: SectionDetail[];
  notice?: string;
  error?: string;
  values?: SectionValues;
}

/** /admin/sections: every section with its article count, and a form for a new one. */
export function SectionsPage({ chrome, sections, notice, error, values }: SectionsPageProps) {
  return (
    <AdminLayout chrome={chrome} title="Sections">
      <h1>Sections</h1>
      <Notice message={notice} />
      {sections.length === 0 ? (
        <p>There are no sections yet. Create the first one below.</p>
      ) : (
        <TableScroll label="Sections">
          <table class="admin-table">
            <caption>The site's sections, in navigation order. Article counts include drafts.</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Slug</th>
                <th scope="col">Description</th>
                <th scope="col" class="num">
                  Position
                </th>
                <th scope="col" class="num">
                  Articles
                </th>
              </tr>
            </thead>
            <tbody>
              {sections.map((s) => (
                <tr key={s.id}>
                  <NameAndSlugCells name={s.name} editHref={`/admin/sections/${s.id}`} slug={s.slug} publicHref={sectionPath(s.slug)} />
                  <td>{s.description}</td>
                  <td class="num">{s.position}</td>
                  <td class="num">{s.articleCount}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      <section class="admin-panel" aria-labelledby="new-section">
        <h2 id="new-section">New section</h2>
        <FormError message={error} />
        <form method="post" action="/admin/sections" class="admin-form">
          <CsrfField token={chrome.csrf} />
          <SectionFields values={values ?? {}} idPrefix="new-section" slugHelp="Its address: /section/slug. Leave it empty to make one from the name." />
          <button type="submit">Create section</button>
        </form>
      </section>
    </AdminLayout>
  );
}

export interface SectionEditPageProps {
  chrome: AdminChrome;
  section: SectionDetail;
  notice?: string;
  error?: string;
  /** What went wrong when deleting, shown next to the delete button. */
  deleteError?: string;
  values?: SectionValues;
}

/** /admin/sections/:id: change a section, or delete it while no article is filed under it. */
export function SectionEditPage({ chrome, section, notice, error, deleteError, values }: SectionEditPageProps) {
  const v: SectionValues = values ?? { name: section.name, slug: section.slug, description: section.description, position: String(section.position) };
  return (
    <AdminLayout chrome={chrome} title={`Section ${section.name}`}>
      <p class="back-link">
        <a href="/admin/sections">All sections</a>
      </p>
      <h1>Section “{section.name}”</h1>
      <Notice message={notice} />
      <p>
        {articles(section.articleCount)} filed here (drafts included). <a href={sectionPath(section.slug)}>View the section's page</a>
      </p>
      <section class="admin-panel" aria-labelledby="edit-section">
        <h2 id="edit-section">Details</h2>
        <FormError message={error} />
        <form method="post" action={`/admin/sections/${section.id}`} class="admin-form">
          <CsrfField token={chrome.csrf} />
          <SectionFields values={v} idPrefix="section" slugHelp="Its address: /section/slug. Changing it moves the page: the old address stops working." />
          <button type="submit">Save changes</button>
        </form>
      </section>
      <section class="admin-panel admin-panel--danger" aria-labelledby="delete-section">
        <h2 id="delete-section">Delete this section</h2>
        <FormError message={deleteError} />
        {section.articleCount > 0 ? (
          <p>
            {articles(section.articleCount)} {section.articleCount === 1 ? 'is' : 'are'} filed under this section. Move {section.articleCount === 1 ? 'it' : 'them'} to another section before deleting
            it.
          </p>
        ) : (
          <form method="post" action={`/admin/sections/${section.id}/delete`} class="admin-form">
            <CsrfField token={chrome.csrf} />
            <p>No article is filed under this section. Deleting it removes it from the site's navigation; its page will stop working.</p>
            <button type="submit">Delete section</button>
          </form>
        )}
      </section>
    </AdminLayout>
  );
}
