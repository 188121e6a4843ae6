import { dateTime, type Zone } from '../../../platform/time.js';
import { CsrfField, FormError } from '../../admin/views/admin-layout.js';
import type { Transition } from '../editorial.types.js';
import { Panel, StatusBadge, textareaValue as ta } from './editor-components.js';
import { CONFIRMED_STEPS } from './step-confirm-page.js';
import { ACCEPTED_IMAGES, type ArticleEditorPageProps, type ChecklistTime, type ConflictInfo, type UploadedImageNotice } from './editor-props.js';

/*
 * The editor's side panels (status and workflow steps, adding an image, live
 * updates, corrections) and the notices above the form.
 */

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

function StepForm({ id, step, csrf, baseVersion, help }: { id: number; step: Exclude<Transition, 'schedule'>; csrf: string; baseVersion: number; help: string }) {
  const helpId = `step-${step}-help`;
  const ask = step === 'publish' || step === 'unpublish' ? CONFIRMED_STEPS[step] : undefined;
  // With scripts, a dialog asks before the form goes (data-confirm-*); without, the server answers with a confirmation page.
  const confirm = ask ? { 'data-confirm-title': ask.title, 'data-confirm-text': ask.says, 'data-confirm-button': ask.button } : {};
  return (
    <form method="post" action={`/admin/articles/${id}/transition`} class="workflow-step" {...confirm}>
      <CsrfField token={csrf} />
      <input type="hidden" name="baseVersion" value={String(baseVersion)} />
      <input type="hidden" name="transition" value={step} />
      <button type="submit" class={step === 'unpublish' ? 'button--danger' : step === 'publish' ? 'button--primary' : undefined} aria-describedby={helpId}>
        {STEP_BUTTON[step]}
      </button>
      <p id={helpId} class="field-help">
        {help}
      </p>
    </form>
  );
}

/** The status panel: where the story is, and the steps this person may take from here. */
export function Workflow(props: ArticleEditorPageProps) {
  const { article, steps, chrome, zone, baseVersion } = props;
  const offered = (['submit', 'return-to-draft', 'publish', 'unschedule', 'unpublish'] as const).filter((s) => steps[s]);
  const tzLabel = zone.timezone.replace(/_/g, ' ');
  // Publishing keeps a date the story already carries (an original publication date, or its first publication's).
  const helpFor = (step: Exclude<Transition, 'schedule'>) =>
    step === 'publish' && article.publishedAt && article.status !== 'scheduled' ? `Readers see it at once, dated ${dateTime(article.publishedAt, zone)}.` : STEP_HELP[step];
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
        <StepForm key={step} id={article.id} step={step} csrf={chrome.csrf} baseVersion={baseVersion} help={helpFor(step)} />
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
            {article.publishedAt && article.status !== 'unpublished' ? ' It carries an original publication date: empty that field and save before scheduling.' : ''}
          </p>
          <button type="submit">Schedule</button>
        </form>
      ) : null}
    </Panel>
  );
}

/**
 * Read the checklist for a publication at another time: a GET form, so the
 * address says what was checked. Without a time, the story's own date (or now).
 */
export function ChecklistTimeForm({ id, zone, checkAt, publishedAt }: { id: number; zone: Zone; checkAt: ChecklistTime | undefined; publishedAt: string | null }) {
  const tzLabel = zone.timezone.replace(/_/g, ' ');
  const when = checkAt?.iso ? `as if published ${dateTime(checkAt.iso, zone)}` : publishedAt ? `for the story's date, ${dateTime(publishedAt, zone)}` : 'as if published now';
  return (
    <form method="get" action={`/admin/articles/${id}`} class="checklist__time">
      <p class="field-help checklist__when">Dates and words such as “yesterday” are read {when}.</p>
      <FormError message={checkAt?.error} />
      <label for="checklist-publishAt">Check for publication at ({tzLabel} time)</label>
      <input id="checklist-publishAt" name="publishAt" type="datetime-local" step={1} value={checkAt?.value ?? ''} aria-describedby="checklist-publishAt-help" />
      <p id="checklist-publishAt-help" class="field-help">
        Leave empty to check for the story’s own date, or for now when it has none.
      </p>
      <button type="submit">Check</button>
    </form>
  );
}

/**
 * After an upload: what happened, and, for an image that is not the featured
 * image, the Markdown that shows it inside the story. A featured image is
 * shown above the story already: pasting it into the body would show it twice.
 */
export function UploadedNotice({ uploaded }: { uploaded: UploadedImageNotice }) {
  if (uploaded.featured) {
    return (
      <div class="form-notice uploaded-image" role="status">
        <p>Image {uploaded.id} uploaded and set as the featured image. Readers see it above the story, so it needs no place in the body.</p>
      </div>
    );
  }
  return (
    <div class="form-notice uploaded-image" role="status">
      <p>Image {uploaded.id} uploaded to the media library. To show it inside the story, paste this into the body, in a paragraph of its own:</p>
      <p>
        <code class="uploaded-image__markdown">{uploaded.markdown}</code>
      </p>
    </div>
  );
}

/** Upload an image through the media pipeline, optionally as the featured image (works without scripts). */
export function AddImage(props: ArticleEditorPageProps) {
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
          JPEG, PNG, WebP, AVIF or GIF. An image that is not the featured one comes back with the Markdown that shows it inside the body; with scripts on, you can also drop or paste an image into the
          body.
        </p>
        <button type="submit">Upload image</button>
      </form>
    </Panel>
  );
}

/** A save refused because someone saved first: what changed, and how to go on. */
export function ConflictNotice({ conflict, zone }: { conflict: ConflictInfo; zone: Zone }) {
  return (
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
  );
}

/** Post a live update to a developing story. */
export function LiveUpdatePanel(props: ArticleEditorPageProps) {
  const { article, chrome } = props;
  const id = article.id;
  return (
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
  );
}

/** Append a dated correction. */
export function CorrectionPanel(props: ArticleEditorPageProps) {
  const { article, chrome } = props;
  const id = article.id;
  return (
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
  );
}
