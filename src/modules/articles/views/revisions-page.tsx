import { dateTime, type Zone } from '../../../platform/time.js';
import type { ArticleFields, EditableArticle, Revision, RevisionDiff, RevisionKind } from '../editorial.types.js';
import { AdminLayout, type AdminChrome, CsrfField, FormError } from '../../admin/views/admin-layout.js';
import { DiffView, Notice } from './editor-components.js';
import { FIELD_LABEL } from './editor-props.js';

/** What made a revision, as the history says it. */
export const KIND_LABEL: Record<RevisionKind, string> = {
  autosave: 'Autosave',
  save: 'Saved',
  create: 'Created',
  import: 'Imported',
  restore: 'Restored an older version',
  workflow: 'Workflow step',
  submit: 'Submitted for review',
  'return-to-draft': 'Returned to draft',
  publish: 'Published',
  schedule: 'Scheduled',
  unschedule: 'Unscheduled',
  unpublish: 'Unpublished',
};

/** A changed field's name as the editor labels it. */
const fieldName = (key: string) => FIELD_LABEL[key as keyof ArticleFields] ?? key;

/** What a revision did: its kind, and the fields it changed (the headline it gave, when it changed that). */
function WhatHappened({ r }: { r: Revision }) {
  return (
    <>
      <strong class="revision-kind" data-kind={r.kind}>
        {KIND_LABEL[r.kind] ?? r.kind}
      </strong>
      {r.changed.length > 0 ? <span class="revision-changed">Changed: {r.changed.map(fieldName).join(', ')}.</span> : null}
      {r.changed.includes('headline') ? <span class="revision-changed">Headline: “{r.headline}”</span> : null}
    </>
  );
}

export interface RevisionsPageProps {
  chrome: AdminChrome;
  zone: Zone;
  article: EditableArticle;
  /** Newest first. */
  revisions: Revision[];
  error?: string;
  notice?: string;
}

function ArticleCrumbs({ article }: { article: EditableArticle }) {
  return (
    <p class="admin-breadcrumb">
      <a href="/admin/articles">Articles</a> › <a href={`/admin/articles/${article.id}`}>{article.headline}</a>
    </p>
  );
}

/**
 * Every saved version of an article: pick two to compare (a GET form, so it
 * works without scripts), or restore one (a POST per version, on the
 * version the page was built from, so a restore never overwrites unseen work).
 */
export function RevisionsPage({ chrome, zone, article, revisions, error, notice }: RevisionsPageProps) {
  const id = article.id;
  const [newest, previous] = revisions;
  const compareDefaults = { from: previous?.version ?? newest?.version, to: newest?.version };
  return (
    <AdminLayout chrome={chrome} title={`Revisions: ${article.headline}`}>
      <ArticleCrumbs article={article} />
      <h1>Revisions</h1>
      <p>Every save of “{article.headline}” is kept. Compare two versions, or restore an old one: restoring saves it again as the newest version, so nothing is lost.</p>
      <Notice message={notice} />
      <FormError message={error} />
      {revisions.length === 0 ? (
        <p>No revisions yet.</p>
      ) : (
        <>
          <form method="get" action={`/admin/articles/${id}/revisions/diff`} id="compare-form" class="revisions-compare">
            <div class="table-scroll">
              <table class="revisions-table">
                <caption class="visually-hidden">Versions of this article, newest first</caption>
                <thead>
                  <tr>
                    <th scope="col">Version</th>
                    <th scope="col">Saved</th>
                    <th scope="col">By</th>
                    <th scope="col">What happened</th>
                    <th scope="col">Compare from</th>
                    <th scope="col">Compare to</th>
                    <th scope="col">Restore</th>
                  </tr>
                </thead>
                <tbody>
                  {revisions.map((r) => (
                    <tr key={r.version}>
                      <th scope="row">
                        {r.version}
                        {r.version === article.version ? <span class="revisions-table__current"> (current)</span> : null}
                      </th>
                      <td>
                        <time dateTime={r.createdAt}>{dateTime(r.createdAt, zone)}</time>
                      </td>
                      <td>{r.accountName ?? (r.accountId === null ? 'API or system' : `Account ${r.accountId}`)}</td>
                      <td>
                        <WhatHappened r={r} />
                      </td>
                      <td class="revisions-table__radio">
                        <input type="radio" name="from" value={String(r.version)} id={`from-${r.version}`} checked={r.version === compareDefaults.from} />
                        <label for={`from-${r.version}`}>
                          <span class="visually-hidden">Compare from version {r.version}</span>
                        </label>
                      </td>
                      <td class="revisions-table__radio">
                        <input type="radio" name="to" value={String(r.version)} id={`to-${r.version}`} checked={r.version === compareDefaults.to} />
                        <label for={`to-${r.version}`}>
                          <span class="visually-hidden">Compare to version {r.version}</span>
                        </label>
                      </td>
                      <td>
                        {r.version !== article.version && article.allowed.edit ? (
                          <button type="submit" form={`restore-${r.version}`} class="button--small">
                            Restore<span class="visually-hidden"> version {r.version}</span>
                          </button>
                        ) : (
                          <span class="muted">—</span>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {revisions.length > 1 ? <button type="submit">Compare selected versions</button> : null}
          </form>
          {/* Restore forms live outside the compare form (forms cannot nest); the buttons point at them. */}
          {revisions
            .filter((r) => r.version !== article.version && article.allowed.edit)
            .map((r) => (
              <form key={r.version} id={`restore-${r.version}`} method="post" action={`/admin/articles/${id}/revisions/${r.version}/restore`} class="restore-form">
                <CsrfField token={chrome.csrf} />
                <input type="hidden" name="baseVersion" value={String(article.version)} />
              </form>
            ))}
        </>
      )}
    </AdminLayout>
  );
}

export interface DiffPageProps {
  chrome: AdminChrome;
  article: EditableArticle;
  diff: RevisionDiff;
  /** Changed fields other than headline, dek and body, as label → [before, after] display text. */
  fields: [string, string, string][];
}

/** What changed between two versions: headline, dek and body line by line, then other fields. */
export function RevisionDiffPage({ chrome, article, diff, fields }: DiffPageProps) {
  const id = article.id;
  return (
    <AdminLayout chrome={chrome} title={`Changes from version ${diff.from} to ${diff.to}: ${article.headline}`}>
      <ArticleCrumbs article={article} />
      <h1>
        Changes from version {diff.from} to version {diff.to}
      </h1>
      <p>
        <a href={`/admin/articles/${id}/revisions`}>All revisions</a>. Added lines are marked “+” and underlined, removed lines “−” and struck through.
      </p>
      <section class="diff-section" aria-labelledby="diff-headline">
        <h2 id="diff-headline">Headline</h2>
        <DiffView lines={diff.headline} label="Headline changes" />
      </section>
      <section class="diff-section" aria-labelledby="diff-dek">
        <h2 id="diff-dek">Dek</h2>
        <DiffView lines={diff.dek} label="Dek changes" />
      </section>
      <section class="diff-section" aria-labelledby="diff-body">
        <h2 id="diff-body">Body</h2>
        <DiffView lines={diff.body} label="Body changes" />
      </section>
      <section class="diff-section" aria-labelledby="diff-fields">
        <h2 id="diff-fields">Other fields</h2>
        {fields.length === 0 ? (
          <p class="diff__none">No other field changed.</p>
        ) : (
          <div class="table-scroll">
            <table class="diff-fields">
              <caption class="visually-hidden">Other changed fields</caption>
              <thead>
                <tr>
                  <th scope="col">Field</th>
                  <th scope="col">Version {diff.from}</th>
                  <th scope="col">Version {diff.to}</th>
                </tr>
              </thead>
              <tbody>
                {fields.map(([label, before, after]) => (
                  <tr key={label}>
                    <th scope="row">{label}</th>
                    <td>
                      <del>{before}</del>
                    </td>
                    <td>
                      <ins>{after}</ins>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </AdminLayout>
  );
}
