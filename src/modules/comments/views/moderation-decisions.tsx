import { CsrfField } from '../../admin/views/admin-layout.js';

/*
 * What the queue shows around a decision: the notice (a live region that
 * client/moderation.ts also writes to when it decides without reloading),
 * the Undo form for the last decision, and the bulk form's "Select all on
 * this page", which works without scripts too: the page's ids travel with
 * the form, and the box says to use them all.
 */

export interface DecisionNoticeProps {
  notice?: string | undefined;
  csrf: string;
  /** Where the Undo form sends the moderator back to. */
  back: string;
  /** The handle of the decision that can still be undone, if any. */
  undo?: string | undefined;
}

/** The notice of the last decision and, while it can be undone, its Undo button. */
export function DecisionNotice({ notice, csrf, back, undo }: DecisionNoticeProps) {
  return (
    <div class="moderation-notice" data-decision-notice>
      <p class="form-notice" role="status" id="moderation-live">
        {notice ?? ''}
      </p>
      <form method="post" action="/admin/comments/undo" class="moderation-undo" data-undo-form hidden={undo === undefined}>
        <CsrfField token={csrf} />
        <input type="hidden" name="back" value={back} />
        <input type="hidden" name="decision" value={undo ?? ''} />
        <button type="submit" class="button--small button--secondary">
          Undo<span class="visually-hidden"> the last decision</span>
        </button>
      </form>
    </div>
  );
}

/** "Select all on this page": ticks every comment's box with scripts; without, the page's ids below are used. */
export function SelectAll({ ids }: { ids: number[] }) {
  return (
    <div class="moderation-select-all">
      <input id="select-all" type="checkbox" name="all" value="1" data-select-all />
      <label for="select-all">Select all {ids.length.toLocaleString('en-US')} on this page</label>
      {ids.map((id) => (
        <input key={id} type="hidden" name="page_ids" value={String(id)} />
      ))}
    </div>
  );
}
