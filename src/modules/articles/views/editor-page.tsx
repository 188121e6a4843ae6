import { dateTime, type Zone } from '../../../platform/time.js';
import { utcToZonedLocal } from '../../../platform/zoned-time.js';
import type { ArticleFields, EditableArticle, Transition } from '../editorial.types.js';
import type { Author } from '../../authors/authors.service.js';
import type { CheckResult } from '../../checks/checks.types.js';
import type { Image } from '../../media/media.service.js';
import type { Section } from '../../sections/sections.service.js';
import { Picture } from '../../../views/components.js';
import { SPARE_BYLINE_ROWS } from '../editor.form.js';
import { AdminLayout, type AdminChrome, CsrfField, FormError } from '../../admin/views/admin-layout.js';
import { Checklist, Notice, Panel, StatusBadge } from './editor-components.js';

/** What the editor offers as READ NEXT: recent published stories. */
export interface ReadNextOption {
  id: number;
  headline: string;
}

/** A save refused because someone saved first: what the page tells the editor. */
export interface ConflictInfo {
  /** The version now stored, which a second Save replaces. */
  currentVersion: number;
  /** When the stored version was saved. */
  savedAt: string;
  /** Fields the other save changed (labels), when the revisions say. */
  changed: string[];
  /** The diff from the version the editor started from to the stored one. */
  diffHref: string | null;
}

/** What was typed in the "Add an image" form, kept when the upload is refused. */
export interface ImageUploadValues {
  alt: string;
  caption: string;
  credit: string;
  featured: boolean;
}

/** An image just uploaded from the editor: the Markdown that shows it inside the body. */
export interface UploadedImageNotice {
  id: number;
  /** Whether it is now the featured image. */
  featured: boolean;
  markdown: string;
}

/** The image types the upload form offers (the media pipeline decides). */
export const ACCEPTED_IMAGES = 'image/jpeg,image/png,image/webp,image/avif,image/gif';

/** Workflow steps the page offers, decided by the route from `allowed` and the status. */
export type OfferedSteps = Partial<Record<Transition, boolean>>;

export interface ArticleEditorPageProps {
  chrome: AdminChrome;
  zone: Zone;
  /** The article as stored. */
  article: EditableArticle;
  /** What the form shows: the stored fields, or what the editor typed when a save was refused. */
  values: ArticleFields;
  /** The version the form's Save builds on. */
  baseVersion: number;
  checklist: CheckResult[];
  sections: Section[];
  authors: Author[];
  readNextOptions: ReadNextOption[];
  featuredImage: Image | null;
  /** Whether to offer the "Add an image" form (the article is editable and the role may upload). */
  canUploadImage: boolean;
  steps: OfferedSteps;
  /** The excerpt the body would give, so an automatic excerpt shows as empty. */
  autoExcerpt: string;
  notice?: string;
  error?: string;
  /** Which form the error belongs to, so it shows next to it. */
  errorAt?: 'save' | 'status' | 'live-update' | 'correction' | 'image';
  /** What was typed in the "Add an image" form, kept when the upload was refused. */
  imageValues?: ImageUploadValues;
  /** An image just uploaded, with the Markdown to paste. */
  uploaded?: UploadedImageNotice;
  conflict?: ConflictInfo;
  /** What was typed in the schedule, live update and correction forms, kept on error. */
  scheduleValue?: string;
  liveUpdateText?: string;
  correctionText?: string;
  /** The editor script's URL (with its version). */
  scriptSrc: string;
}

/** Labels of the editable fields, for messages and the diff. */
export const FIELD_LABEL: Record<keyof ArticleFields, string> = {
  headline: 'Headline',
  slug: 'Slug',
  dek: 'Dek',
  body: 'Body',
  excerpt: 'Excerpt',
  sectionId: 'Section',
  tags: 'Tags',
  authorIds: 'Byline',
  featuredImageId: 'Featured image',
  developing: 'Developing',
  readNextId: 'READ NEXT',
  commentPrompt: 'Comment prompt',
  commentStatus: 'Comments',
  commentsCloseAt: 'Comments close at',
  commentModeration: 'Moderation',
};

/** The per-article moderation choices by stored value ('null' for the site's default, as a diff shows it). */
export const MODERATION_LABEL: Record<string, string> = {
  null: 'Site default',
  none: 'None',
  first_time: 'First-time commenters',
  all: 'Everything',
};

const STEP_BUTTON: Record<Transition, string> = {
  submit: 'Submit for review',
  'return-to-draft': 'Return to draft',
  publish: 'Publish now',
  schedule: 'Schedule',
  unschedule: 'Unschedule',
  unpublish: 'Unpublish',
};

const STEP_HELP: Record<Transition, string> = {
  submit: 'Send it to an editor to check and publish.',
  'return-to-draft': 'Take it back out of review to keep working on it.',
  publish: 'Readers see it at once, dated now.',
  schedule: '',
  unschedule: 'Cancel the scheduled time; it goes back to draft.',
  unpublish: 'Take it off the site. Its address stops working until it is published again.',
};

/** Textarea content: HTML drops one newline right after <textarea>, so a value starting with one gets another. */
const ta = (v: string) => (v.startsWith('\n') ? `\n${v}` : v);

function StepForm({ id, step, csrf, baseVersion }: { id: number; step: Exclude<Transition, 'schedule'>; csrf: string; baseVersion: number }) {
  const helpId = `step-${step}-help`;
  return (
    <form method="post" action={`/admin/articles/${id}/transition`} class="workflow-step">
      <CsrfField token={csrf} />
      <input type="hidden" name="baseVersion" value={String(baseVersion)} />
      <input type="hidden" name="transition" value={step} />
      <button type="submit" class={step === 'unpublish' ? 'button--danger' : step === 'publish' ? 'button--primary' : undefined} aria-describedby={helpId}>
        {STEP_BUTTON[step]}
      </button>
      <p id={helpId} class="field-help">
        {STEP_HELP[step]}
      </p>
    </form>
  );
}

/** The status panel: where the story is, and the steps this person may take from here. */
function Workflow(props: ArticleEditorPageProps) {
  const { article, steps, chrome, zone, baseVersion } = props;
  const offered = (['submit', 'return-to-draft', 'publish', 'unschedule', 'unpublish'] as const).filter((s) => steps[s]);
  const tzLabel = zone.timezone.replace(/_/g, ' ');
  return (
    <Panel id="status-heading" title="Status" class="editor-panel--status">
      <p class="editor-status">
        <StatusBadge status={article.status} />
        {article.status === 'scheduled' && article.publishedAt ? (
          <>
            {' '}
            for <time dateTime={article.publishedAt}>{dateTime(article.publishedAt, zone)}</time>
          </>
        ) : null}
        {article.status === 'published' && article.publishedAt ? (
          <>
            {' '}
            since <time dateTime={article.publishedAt}>{dateTime(article.publishedAt, zone)}</time>
          </>
        ) : null}
      </p>
      {props.errorAt === 'status' ? <FormError message={props.error} /> : null}
      {offered.length === 0 && !steps.schedule ? <p class="field-help">There is no workflow step you can take from here.</p> : null}
      {offered.length > 0 || steps.schedule ? <p class="field-help">Save your changes first: these steps act on the saved version.</p> : null}
      {offered.map((step) => (
        <StepForm key={step} id={article.id} step={step} csrf={chrome.csrf} baseVersion={baseVersion} />
      ))}
      {steps.schedule ? (
        <form method="post" action={`/admin/articles/${article.id}/transition`} class="workflow-step workflow-step--schedule">
          <CsrfField token={chrome.csrf} />
          <input type="hidden" name="baseVersion" value={String(baseVersion)} />
          <input type="hidden" name="transition" value="schedule" />
          <label for="publishAt">Publish at ({tzLabel} time)</label>
          <input id="publishAt" name="publishAt" type="datetime-local" step={1} required value={props.scheduleValue ?? ''} aria-describedby="publishAt-help" />
          <p id="publishAt-help" class="field-help">
            In the site’s time zone, {zone.timezone}. The story goes live by itself at that moment.
          </p>
          <button type="submit">Schedule</button>
        </form>
      ) : null}
    </Panel>
  );
}

function BylineRows({ authors, chosen }: { authors: Author[]; chosen: number[] }) {
  const rows = Math.max(chosen.length + SPARE_BYLINE_ROWS, 3);
  return (
    <fieldset class="editor-fieldset byline-rows" aria-describedby="byline-help">
      <legend>Byline</legend>
      <p id="byline-help" class="field-help">
        One author per row, in the order readers see them: row 1 is named first. Leave a row on “No author” to drop it. Save to get more empty rows.
      </p>
      {Array.from({ length: rows }, (_, i) => {
        const current = chosen[i];
        return (
          <div class="byline-row" key={i}>
            <label for={`author${i + 1}`}>Byline {i + 1}</label>
            <select id={`author${i + 1}`} name={`author${i + 1}`}>
              <option value="" selected={current === undefined}>
                No author
              </option>
              {authors.map((a) => (
                <option key={a.id} value={String(a.id)} selected={current === a.id}>
                  {a.name}
                </option>
              ))}
            </select>
          </div>
        );
      })}
    </fieldset>
  );
}

/** After an upload: what happened, and the Markdown that shows the image inside the story. */
function UploadedNotice({ uploaded }: { uploaded: UploadedImageNotice }) {
  return (
    <div class="form-notice uploaded-image" role="status">
      <p>
        Image {uploaded.id} uploaded{uploaded.featured ? ' and set as the featured image' : ' to the media library'}. To show it inside the story, paste this into the body, in a paragraph of its
        own:
      </p>
      <p>
        <code class="uploaded-image__markdown">{uploaded.markdown}</code>
      </p>
    </div>
  );
}

/** Upload an image through the media pipeline, optionally as the featured image (works without scripts). */
function AddImage(props: ArticleEditorPageProps) {
  const { article, chrome, baseVersion, imageValues } = props;
  const featured = imageValues ? imageValues.featured : props.values.featuredImageId === null;
  return (
    <Panel id="add-image-heading" title="Add an image">
      {props.errorAt === 'image' ? <FormError message={props.error} /> : null}
      <form method="post" action={`/admin/articles/${article.id}/images`} enctype="multipart/form-data" class="admin-form add-image">
        <CsrfField token={chrome.csrf} />
        <input type="hidden" name="baseVersion" value={String(baseVersion)} />
        <label for="image-alt">Alt text</label>
        <input id="image-alt" name="alt" required maxLength={500} value={imageValues?.alt ?? ''} aria-describedby="image-alt-help" />
        <p id="image-alt-help" class="field-help">
          What the image shows, for readers who cannot see it.
        </p>
        <label for="image-caption">Caption</label>
        <input id="image-caption" name="caption" maxLength={1000} value={imageValues?.caption ?? ''} />
        <label for="image-credit">Credit</label>
        <input id="image-credit" name="credit" maxLength={200} value={imageValues?.credit ?? ''} aria-describedby="image-credit-help" />
        <p id="image-credit-help" class="field-help">
          Who took it, for example “Photo: Ana Ruiz”.
        </p>
        <div class="editor-check">
          <input id="image-featured" name="featured" type="checkbox" value="1" checked={featured} aria-describedby="image-featured-help" />
          <label for="image-featured">Use as the featured image</label>
        </div>
        <p id="image-featured-help" class="field-help">
          Shown above the story and in listings. Save your changes first: this replaces the saved featured image.
        </p>
        <label for="image-file">Image</label>
        <input id="image-file" name="image" type="file" required accept={ACCEPTED_IMAGES} aria-describedby="image-file-help" />
        <p id="image-file-help" class="field-help">
          JPEG, PNG, WebP, AVIF or GIF. After the upload, the page gives the Markdown that shows it inside the body.
        </p>
        <button type="submit">Upload image</button>
      </form>
    </Panel>
  );
}

/** The article editor: every field, the status and its steps, the checklist, live updates and corrections. */
export function ArticleEditorPage(props: ArticleEditorPageProps) {
  const { chrome, zone, article, values, baseVersion, sections, authors, readNextOptions, featuredImage, conflict } = props;
  const id = article.id;
  const editable = article.allowed.edit;
  const excerptShown = values.excerpt === props.autoExcerpt ? '' : values.excerpt;
  const closeAt = values.commentsCloseAt ? utcToZonedLocal(values.commentsCloseAt, zone.timezone, 'auto') : '';
  const readNext = values.readNextId !== null && !readNextOptions.some((o) => o.id === values.readNextId) ? [{ id: values.readNextId, headline: `Article ${values.readNextId}` }, ...readNextOptions] : readNextOptions;
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
        <StatusBadge status={article.status} /> · Version <span id="editor-version">{article.version}</span> · Last saved <time dateTime={article.modifiedAt}>{dateTime(article.modifiedAt, zone)}</time>
      </p>
      <Notice message={props.notice} />
      {props.uploaded ? <UploadedNotice uploaded={props.uploaded} /> : null}
      {conflict ? (
        <div class="form-error editor-conflict" role="alert">
          <p>
            <strong>Not saved: someone else saved this article</strong> (version {conflict.currentVersion}, <time dateTime={conflict.savedAt}>{dateTime(conflict.savedAt, zone)}</time>) after you opened
            it.
            {conflict.changed.length > 0 ? ` They changed: ${conflict.changed.join(', ')}.` : ''}
          </p>
          <p>
            Your text is still in the form below, unsaved. {conflict.diffHref ? <a href={conflict.diffHref}>See what they changed</a> : null}
            {conflict.diffHref ? ', then' : 'Check their version,'} press Save again to replace their version with yours, or reload the page to take theirs.
          </p>
        </div>
      ) : null}
      {props.errorAt === 'save' || (props.error && !props.errorAt) ? <FormError message={props.error} /> : null}

      <div class="editor-grid">
        <form id="editor-form" method="post" action={`/admin/articles/${id}`} class="admin-form editor-form" data-article-id={String(id)} data-preview-url={`/admin/articles/${id}/preview`} data-timezone={zone.timezone} data-locale={zone.locale}>
          <CsrfField token={chrome.csrf} />
          <input type="hidden" name="baseVersion" value={String(baseVersion)} />
          <fieldset class="editor-fieldset editor-fieldset--plain" disabled={!editable}>
            <legend class="visually-hidden">Story</legend>
            {!editable ? <p class="field-help">You can read this story but your role does not let you change it in its current status.</p> : null}
            <label for="headline">Headline</label>
            <input id="headline" name="headline" required maxLength={300} value={values.headline} />

            <label for="slug">Slug</label>
            <input id="slug" name="slug" required maxLength={200} pattern="[a-z0-9]+(-[a-z0-9]+)*" value={values.slug} aria-describedby="slug-help" />
            <p id="slug-help" class="field-help">
              The last part of the address: lower-case letters, digits and hyphens. Changing it after publication keeps the old address redirecting.
            </p>

            <label for="dek">Dek</label>
            <textarea id="dek" name="dek" rows={2} maxLength={1000} aria-describedby="dek-help">
              {ta(values.dek)}
            </textarea>
            <p id="dek-help" class="field-help">
              The line under the headline.
            </p>

            <label for="body">Body</label>
            <textarea id="body" name="body" rows={22} class="editor-body" spellcheck aria-describedby="body-help">
              {ta(values.body)}
            </textarea>
            <p id="body-help" class="field-help">
              Markdown, with attributed quotes, pull quotes and captions: see the{' '}
              <a href="/admin/writing-guide" target="_blank" rel="noopener">
                writing guide (new tab)
              </a>
              .
            </p>

            <label for="excerpt">Excerpt</label>
            <textarea id="excerpt" name="excerpt" rows={3} maxLength={1000} aria-describedby="excerpt-help">
              {ta(excerptShown)}
            </textarea>
            <p id="excerpt-help" class="field-help">
              Shown in listings and search results. Leave empty to use the start of the body.
            </p>
          </fieldset>

          <fieldset class="editor-fieldset" disabled={!editable}>
            <legend>Placement</legend>
            <label for="sectionId">Section</label>
            <select id="sectionId" name="sectionId">
              <option value="" selected={values.sectionId === null}>
                No section
              </option>
              {sections.map((s) => (
                <option key={s.id} value={String(s.id)} selected={values.sectionId === s.id}>
                  {s.name}
                </option>
              ))}
            </select>

            <label for="tags">Tags</label>
            <input id="tags" name="tags" value={values.tags.join(', ')} aria-describedby="tags-help" />
            <p id="tags-help" class="field-help">
              Separate tags with commas. New tags are created when you save.
            </p>

            <BylineRows authors={authors} chosen={values.authorIds} />

            <label for="featuredImageId">Featured image id</label>
            <input id="featuredImageId" name="featuredImageId" type="number" min={1} step={1} inputMode="numeric" value={values.featuredImageId === null ? '' : String(values.featuredImageId)} aria-describedby="featuredImageId-help" />
            <p id="featuredImageId-help" class="field-help">
              The number of an uploaded image; leave empty for none.
            </p>
            {featuredImage ? (
              <figure class="editor-image">
                <Picture image={featuredImage} sizes="16rem" />
                <figcaption>
                  Image {featuredImage.id}
                  {featuredImage.alt ? `. Alt text: ${featuredImage.alt}` : ' has no alt text.'}
                </figcaption>
              </figure>
            ) : null}

            <div class="editor-check">
              <input type="hidden" name="developing" value="0" />
              <input id="developing" name="developing" type="checkbox" value="1" checked={values.developing} aria-describedby="developing-help" />
              <label for="developing">Developing story</label>
            </div>
            <p id="developing-help" class="field-help">
              Marks the story as developing and lets the newsroom post live updates to it.
            </p>

            <label for="readNextId">READ NEXT</label>
            <select id="readNextId" name="readNextId" aria-describedby="readNextId-help">
              <option value="" selected={values.readNextId === null}>
                Chosen automatically
              </option>
              {readNext
                .filter((o) => o.id !== id)
                .map((o) => (
                  <option key={o.id} value={String(o.id)} selected={values.readNextId === o.id}>
                    {o.headline}
                  </option>
                ))}
            </select>
            <p id="readNextId-help" class="field-help">
              The story suggested at the end. Automatically, the most related recent story.
            </p>
          </fieldset>

          <fieldset class="editor-fieldset" disabled={!editable}>
            <legend>Comments</legend>
            <label for="commentPrompt">Comment prompt</label>
            <input id="commentPrompt" name="commentPrompt" maxLength={500} value={values.commentPrompt} aria-describedby="commentPrompt-help" />
            <p id="commentPrompt-help" class="field-help">
              A question to readers shown above the comments, if any.
            </p>

            <label for="commentStatus">Comments</label>
            <select id="commentStatus" name="commentStatus">
              <option value="open" selected={values.commentStatus === 'open'}>
                Open
              </option>
              <option value="closed" selected={values.commentStatus === 'closed'}>
                Closed
              </option>
            </select>

            <label for="commentModeration">Moderation</label>
            <select id="commentModeration" name="commentModeration" aria-describedby="commentModeration-help">
              {(['', 'none', 'first_time', 'all'] as const).map((m) => (
                <option key={m} value={m} selected={(values.commentModeration ?? '') === m}>
                  {MODERATION_LABEL[m || 'null']}
                </option>
              ))}
            </select>
            <p id="commentModeration-help" class="field-help">
              Which comments wait for a moderator on this story: the site’s setting, none, those from guests and new readers, or every one.
            </p>

            <label for="commentsCloseAt">Comments close at ({tzLabel} time)</label>
            <input id="commentsCloseAt" name="commentsCloseAt" type="datetime-local" step={1} value={closeAt} aria-describedby="commentsCloseAt-help" />
            <p id="commentsCloseAt-help" class="field-help">
              Optional. Leave empty to keep comments open (the site may still close them some days after publication).
            </p>
          </fieldset>

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
          <Checklist results={props.checklist} headingId="checklist-heading" />
          <Workflow {...props} />
          {props.canUploadImage ? <AddImage {...props} /> : null}
          {article.allowed.liveUpdate && article.developing ? (
            <Panel id="live-update-heading" title="Post a live update">
              {props.errorAt === 'live-update' ? <FormError message={props.error} /> : null}
              <form method="post" action={`/admin/articles/${id}/live-updates`} class="admin-form">
                <CsrfField token={chrome.csrf} />
                <label for="live-update-body">Live update</label>
                <textarea id="live-update-body" name="body" rows={4} required maxLength={10000} aria-describedby="live-update-help">
                  {ta(props.liveUpdateText ?? '')}
                </textarea>
                <p id="live-update-help" class="field-help">
                  Markdown. Published at once at the top of the story’s updates, timed now.
                </p>
                <button type="submit">Post live update</button>
              </form>
            </Panel>
          ) : null}
          {article.allowed.correct ? (
            <Panel id="correction-heading" title="Append a correction">
              {props.errorAt === 'correction' ? <FormError message={props.error} /> : null}
              <form method="post" action={`/admin/articles/${id}/corrections`} class="admin-form">
                <CsrfField token={chrome.csrf} />
                <label for="correction-body">Correction</label>
                <textarea id="correction-body" name="body" rows={3} required maxLength={5000} aria-describedby="correction-help">
                  {ta(props.correctionText ?? '')}
                </textarea>
                <p id="correction-help" class="field-help">
                  Say what was wrong and what is right. Corrections are dated and shown under the story; they cannot be edited away.
                </p>
                <button type="submit">Append correction</button>
              </form>
            </Panel>
          ) : null}
        </div>
      </div>
      <script type="module" src={props.scriptSrc} defer></script>
    </AdminLayout>
  );
}
