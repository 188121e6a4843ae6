import type { Author } from '../../authors/authors.service.js';
import type { Image } from '../../media/media.service.js';
import type { Section } from '../../sections/sections.service.js';
import { FeaturedImageField } from '../../media/views/featured-image-field.js';
import { SPARE_BYLINE_ROWS } from '../editor.form.js';
import type { ArticleFields } from '../editorial.types.js';
import { textareaValue as ta } from './editor-components.js';
import { describeLength } from '../../markdown/word-count.js';
import { MODERATION_LABEL, type ReadNextOption } from './editor-props.js';
import { MarkdownToolbar } from './editor-toolbar.js';

/*
 * The editor form's fieldsets: the story's text, where it is placed, and its
 * comments. Each is disabled as a whole when the role may not change the story.
 */

/** One select per byline position, with spare rows to add authors. */
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

/** Headline, slug, dek, body and excerpt. */
export function StoryFields({ values, excerptShown, editable, locale }: { values: ArticleFields; excerptShown: string; editable: boolean; locale: string }) {
  return (
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
      <MarkdownToolbar />
      <textarea id="body" name="body" rows={22} class="editor-body" spellcheck aria-describedby="body-help body-count">
        {ta(values.body)}
      </textarea>
      <p id="body-count" class="body-count">
        {describeLength(values.body, locale)}
      </p>
      <p id="body-upload-status" class="body-upload-status" role="status" aria-live="polite"></p>
      <p id="body-help" class="field-help">
        Markdown, with attributed quotes, pull quotes and captions (with scripts on, the toolbar and Ctrl+B, I and K write it for you, and Ctrl+S saves): see the{' '}
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
  );
}

/** Section, tags, byline, featured image, the developing flag and READ NEXT. */
export function PlacementFields(props: { id: number; values: ArticleFields; sections: Section[]; authors: Author[]; readNext: ReadNextOption[]; featuredImage: Image | null; editable: boolean }) {
  const { id, values, sections, authors, readNext, featuredImage, editable } = props;
  return (
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

      <FeaturedImageField articleId={id} imageId={values.featuredImageId} image={featuredImage} />

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
  );
}

/** The comment prompt, whether comments are open, how they are moderated and when they close. */
export function CommentFields({ values, closeAt, tzLabel, editable }: { values: ArticleFields; closeAt: string; tzLabel: string; editable: boolean }) {
  return (
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
  );
}

/**
 * The original publication date, for editors and admins (docs/archive-dates.md).
 * Before publication it is the date publishing keeps; after, the story's date.
 */
export function PublicationDateFields({ value, published, tzLabel }: { value: string; published: boolean; tzLabel: string }) {
  return (
    <fieldset class="editor-fieldset">
      <legend>Publication date</legend>
      <label for="publishedAt">Original publication date ({tzLabel} time)</label>
      <input id="publishedAt" name="publishedAt" type="datetime-local" step={1} min="1970-01-01T00:00" value={value} aria-describedby="publishedAt-help" />
      <p id="publishedAt-help" class="field-help">
        {published
          ? 'The date readers see. Changing it moves the story to that day’s address (the old address redirects there) and to that day in listings, feeds and sitemaps.'
          : 'For a story first published earlier, here or elsewhere: publishing keeps this date, in the address, the date line, feeds and sitemaps, and the story takes its place among that day’s stories instead of leading as new. Leave empty to date it when it is published.'}
      </p>
    </fieldset>
  );
}
