import { Notice } from '../../admin/views/admin-layout.js';
import type { ComponentChildren } from 'preact';
import type { ArticleStatus } from '../../../platform/db/schema.js';
import type { CheckResult } from '../../checks/checks.types.js';
import type { DiffLine } from '../editorial.types.js';

/** Statuses as the newsroom says them. */
export const STATUS_LABEL: Record<ArticleStatus, string> = {
  draft: 'Draft',
  in_review: 'In review',
  scheduled: 'Scheduled',
  published: 'Published',
  unpublished: 'Unpublished',
};

export const STATUSES = Object.keys(STATUS_LABEL) as ArticleStatus[];

/** A status as a small label; the word carries the meaning, the colour only repeats it. */
export function StatusBadge({ status }: { status: ArticleStatus }) {
  return <span class={`status-badge status-badge--${status}`}>{STATUS_LABEL[status]}</span>;
}

export { Notice };

const SEVERITY_WORD: Record<CheckResult['severity'], [string, string]> = {
  blocker: ['blocker', 'blockers'],
  warning: ['warning', 'warnings'],
  note: ['note', 'notes'],
};

const count = (n: number, severity: CheckResult['severity']): string => `${n} ${SEVERITY_WORD[severity][n === 1 ? 0 : 1]}`;

/**
 * The pre-publish checklist: blockers first, then warnings, then notes (the
 * service already orders them), each with its severity in words, its message
 * and the text it found. Notes (reminders, nothing wrong) look quieter than
 * warnings, and say so in words, not by colour alone.
 */
export function Checklist({ results, headingId, children }: { results: CheckResult[]; headingId: string; children?: ComponentChildren }) {
  return (
    <section class="checklist" aria-labelledby={headingId}>
      <h2 id={headingId}>Pre-publish checklist</h2>
      <div id="checklist-results">
        <ChecklistResults results={results} />
      </div>
      {children}
    </section>
  );
}

/** The checklist's summary and its items: what the editor's script replaces after each autosave. */
export function ChecklistResults({ results }: { results: CheckResult[] }) {
  const of = (severity: CheckResult['severity']) => results.filter((r) => r.severity === severity);
  const blockers = of('blocker');
  const warnings = of('warning');
  const notes = of('note');
  const ordered = [...blockers, ...warnings, ...notes];
  return (
    <>
      <p class="field-help">
        Checked on the saved version. {ordered.length === 0 ? 'Nothing to flag.' : `${count(blockers.length, 'blocker')}, ${count(warnings.length, 'warning')}, ${count(notes.length, 'note')}.`}
        {blockers.length > 0 ? ' Blockers must be fixed before the story can be published or scheduled.' : ''}
        {notes.length > 0 ? ' Notes are reminders about words that are right for this date but will age.' : ''}
      </p>
      {ordered.length > 0 ? (
        <ul class="checklist__items">
          {ordered.map((r, i) => (
            <li key={`${r.id}-${i}`} class={`check check--${r.severity}`} data-check={r.id} data-severity={r.severity}>
              <strong class="check__severity">{SEVERITY_WORD[r.severity][0].replace(/^./, (c) => c.toUpperCase())}</strong> <span class="check__message">{r.message}</span>
              {r.excerpt ? (
                <>
                  {' '}
                  <q class="check__excerpt">{r.excerpt}</q>
                </>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
}

/** Unchanged lines kept around each change; longer unchanged runs are folded. */
const CONTEXT = 3;

type Shown = { kind: 'line'; line: DiffLine } | { kind: 'fold'; count: number };

/** Fold long unchanged stretches, keeping CONTEXT lines next to each change. */
export function foldDiff(lines: DiffLine[], context = CONTEXT): Shown[] {
  const near = lines.map((_, i) => lines.slice(Math.max(0, i - context), i + context + 1).some((l) => l.op !== 'same'));
  const out: Shown[] = [];
  let folded = 0;
  lines.forEach((line, i) => {
    if (line.op === 'same' && !near[i]) {
      folded++;
      return;
    }
    if (folded > 0) out.push({ kind: 'fold', count: folded });
    folded = 0;
    out.push({ kind: 'line', line });
  });
  if (folded > 0) out.push({ kind: 'fold', count: folded });
  return out;
}

/**
 * A line diff. Added lines are <ins> with a "+", removed ones <del> with a
 * "−": the signs and the elements say it, not only the colours; each line
 * also starts with hidden words for screen readers, which rarely announce
 * <ins> and <del>.
 */
export function DiffView({ lines, label }: { lines: DiffLine[]; label: string }) {
  const added = lines.filter((l) => l.op === 'add').length;
  const removed = lines.filter((l) => l.op === 'remove').length;
  if (added === 0 && removed === 0) return <p class="diff__none">No changes.</p>;
  return (
    <>
      <p class="diff__summary">
        {added} {added === 1 ? 'line' : 'lines'} added, {removed} removed.
      </p>
      <ol class="diff" aria-label={label}>
        {foldDiff(lines).map((s, i) =>
          s.kind === 'fold' ? (
            <li key={i} class="diff__fold">
              … {s.count} unchanged {s.count === 1 ? 'line' : 'lines'} …
            </li>
          ) : (
            <DiffRow key={i} line={s.line} />
          ),
        )}
      </ol>
    </>
  );
}

function DiffRow({ line }: { line: DiffLine }) {
  const text = line.text === '' ? '\u00a0' : line.text;
  if (line.op === 'add') {
    return (
      <li class="diff__line diff__line--add">
        <ins>
          <span class="diff__sign" aria-hidden="true">
            +
          </span>
          <span class="visually-hidden">Added: </span>
          {text}
        </ins>
      </li>
    );
  }
  if (line.op === 'remove') {
    return (
      <li class="diff__line diff__line--remove">
        <del>
          <span class="diff__sign" aria-hidden="true">
            −
          </span>
          <span class="visually-hidden">Removed: </span>
          {text}
        </del>
      </li>
    );
  }
  return (
    <li class="diff__line">
      <span class="diff__sign" aria-hidden="true">
        {' '}
      </span>
      {text}
    </li>
  );
}

/** Links to the previous and next pages, keeping the rest of the query. */
export function Pager({ page, pageCount, href, label }: { page: number; pageCount: number; href: (page: number) => string; label: string }) {
  if (pageCount <= 1) return null;
  return (
    <nav class="admin-pager" aria-label={label}>
      {page > 1 ? (
        <a href={href(page - 1)} rel="prev">
          ← Previous page
        </a>
      ) : null}
      <span class="admin-pager__position">
        Page {page} of {pageCount}
      </span>
      {page < pageCount ? (
        <a href={href(page + 1)} rel="next">
          Next page →
        </a>
      ) : null}
    </nav>
  );
}

/** A group of editor controls under a heading of its own. */
export function Panel({ id, title, children, class: cls }: { id: string; title: string; children: ComponentChildren; class?: string }) {
  return (
    <section class={`editor-panel${cls ? ` ${cls}` : ''}`} aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}

/** A textarea's content: HTML drops one newline right after <textarea>, so a value starting with one gets another. */
export const textareaValue = (v: string) => (v.startsWith('\n') ? `\n${v}` : v);
