import type { AdminChrome } from '../../admin/views/admin-layout.js';
import { AdminLayout, CsrfField } from '../../admin/views/admin-layout.js';

/*
 * "Publish now" and "Unpublish" change what readers see at once, so each
 * asks first. With scripts, a dialog on the editor asks; without them, the
 * step's form answers with this page, whose button sends it again, confirmed.
 */

/** The steps that ask for confirmation, and what the question says. */
export const CONFIRMED_STEPS = {
  publish: {
    title: 'Publish this story now?',
    says: 'Readers will see it at once, on the home page, in its section, in feeds and in search.',
    button: 'Yes, publish now',
  },
  unpublish: {
    title: 'Unpublish this story?',
    says: 'It comes off the site at once: its address stops working, and it leaves listings, feeds and search until it is published again.',
    button: 'Yes, unpublish',
  },
} as const;

export type ConfirmedStep = keyof typeof CONFIRMED_STEPS;

export interface StepConfirmPageProps {
  chrome: AdminChrome;
  id: number;
  headline: string;
  step: ConfirmedStep;
  baseVersion: number | undefined;
}

/** The confirmation page of a step sent without a confirmation. */
export function StepConfirmPage({ chrome, id, headline, step, baseVersion }: StepConfirmPageProps) {
  const q = CONFIRMED_STEPS[step];
  return (
    <AdminLayout chrome={chrome} title={q.title}>
      <p class="admin-breadcrumb">
        <a href="/admin/articles">Articles</a> › <a href={`/admin/articles/${id}`}>{headline}</a>
      </p>
      <h1>{q.title}</h1>
      <p>
        “{headline}”. {q.says}
      </p>
      <form method="post" action={`/admin/articles/${id}/transition`} class="confirm-actions">
        <CsrfField token={chrome.csrf} />
        {baseVersion !== undefined ? <input type="hidden" name="baseVersion" value={String(baseVersion)} /> : null}
        <input type="hidden" name="transition" value={step} />
        <input type="hidden" name="confirmed" value="1" />
        <button type="submit" class={step === 'publish' ? 'button--primary' : 'button--danger'}>
          {q.button}
        </button>
        <a href={`/admin/articles/${id}`}>Cancel, back to the editor</a>
      </form>
    </AdminLayout>
  );
}
