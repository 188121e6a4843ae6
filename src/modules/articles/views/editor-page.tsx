import { dateTime } from '../../../platform/time.js';
import { utcToZonedLocal } from '../../../platform/zoned-time.js';
import { AdminLayout, CsrfField, FormError } from '../../admin/views/admin-layout.js';
import { Checklist, Notice, StatusBadge } from './editor-components.js';
import { CommentFields, PlacementFields, PublicationDateFields, StoryFields } from './editor-fields.js';
import { AddImage, ChecklistTimeForm, ConflictNotice, CorrectionPanel, LiveUpdatePanel, UploadedNotice, Workflow } from './editor-panels.js';
import type { ArticleEditorPageProps } from './editor-props.js';

/** The article editor: every field, the status and its steps, the checklist, live updates and corrections. */
export function ArticleEditorPage(props: ArticleEditorPageProps) {
  const { chrome, zone, article, values, baseVersion, sections, authors, readNextOptions, featuredImage, conflict } = props;
  const id = article.id;
  const editable = article.allowed.edit;
  const excerptShown = values.excerpt === props.autoExcerpt ? '' : values.excerpt;
  const closeAt = values.commentsCloseAt ? utcToZonedLocal(values.commentsCloseAt, zone.timezone, 'auto') : '';
  const publishedAt = values.publishedAt ? utcToZonedLocal(values.publishedAt, zone.timezone, 'auto') : '';
  const readNext =
    values.readNextId !== null && !readNextOptions.some((o) => o.id === values.readNextId)
      ? [{ id: values.readNextId, headline: `Article ${values.readNextId}` }, ...readNextOptions]
      : readNextOptions;
  const tzLabel = zone.timezone.replace(/_/g, ' ');
  return (
    <AdminLayout chrome={chrome} title={`Edit: ${article.headline}`}>
      <p class="admin-breadcrumb">
        <a href="/admin/articles">Articles</a>
      </p>
      <div class="admin-titlebar">
        <h1>Edit article</h1>
        <nav class="editor-links" aria-label="This article">
          <a href={`/admin/articles/${id}/preview`} target="_blank" rel="noopener">
            Preview<span class="visually-hidden"> the saved version</span> (new tab)
          </a>
          <a href={`/admin/articles/${id}/revisions`}>Revisions</a>
          {article.path ? <a href={article.path}>View on site</a> : null}
        </nav>
      </div>
      <p class="editor-meta">
        <StatusBadge status={article.status} /> · Version <span id="editor-version">{article.version}</span> · Last saved{' '}
        <time dateTime={article.modifiedAt}>{dateTime(article.modifiedAt, zone)}</time>
      </p>
      <Notice message={props.notice} />
      {props.uploaded ? <UploadedNotice uploaded={props.uploaded} /> : null}
      {conflict ? <ConflictNotice conflict={conflict} zone={zone} /> : null}
      {props.errorAt === 'save' || (props.error && !props.errorAt) ? <FormError message={props.error} /> : null}

      <div class="editor-grid">
        <form
          id="editor-form"
          method="post"
          action={`/admin/articles/${id}`}
          class="admin-form editor-form"
          data-article-id={String(id)}
          data-preview-url={`/admin/articles/${id}/preview`}
          {...(props.canUploadImage ? { 'data-upload-url': `/admin/articles/${id}/body-images` } : {})}
          data-timezone={zone.timezone}
          data-locale={zone.locale}
        >
          <CsrfField token={chrome.csrf} />
          <input type="hidden" name="baseVersion" value={String(baseVersion)} />
          <StoryFields values={values} excerptShown={excerptShown} editable={editable} locale={zone.locale} />

          <PlacementFields id={id} values={values} sections={sections} authors={authors} readNext={readNext} featuredImage={featuredImage} editable={editable} />

          {article.allowed.date ? <PublicationDateFields value={publishedAt} published={article.status === 'published'} tzLabel={tzLabel} /> : null}

          <CommentFields values={values} closeAt={closeAt} tzLabel={tzLabel} editable={editable} />

          <div class="editor-actions">
            {/* First, on a line of its own: what autosave says never moves the buttons under the pointer. */}
            <p id="autosave-status" class="autosave-status" role="status" aria-live="polite"></p>
            <button type="submit" class="button--primary" disabled={!editable}>
              Save
            </button>
            <button type="submit" class="button--secondary" formaction={`/admin/articles/${id}/preview`} formtarget="_blank" formnovalidate>
              Preview (new tab)
            </button>
            <div class="live-preview-toggle" id="live-preview-toggle" hidden>
              <input id="live-preview" type="checkbox" aria-controls="live-preview-slot" />
              <label for="live-preview">Live preview beside the editor</label>
            </div>
          </div>
        </form>
        {/* The editor's script puts the live preview here, beside the form. */}
        <div id="live-preview-slot" class="live-preview-slot" hidden></div>

        <div class="editor-side">
          <Checklist results={props.checklist} headingId="checklist-heading">
            <ChecklistTimeForm id={id} zone={zone} checkAt={props.checkAt} publishedAt={article.publishedAt} />
          </Checklist>
          <Workflow {...props} />
          {props.canUploadImage ? <AddImage {...props} /> : null}
          {article.allowed.liveUpdate && article.developing ? <LiveUpdatePanel {...props} /> : null}
          {article.allowed.correct ? <CorrectionPanel {...props} /> : null}
        </div>
      </div>
      <script type="module" src={props.scriptSrc}></script>
      <script type="module" src={`/assets/media-picker.js?v=${chrome.assetVersion}`}></script>
    </AdminLayout>
  );
}
