import type { Chrome } from '../../../views/chrome.js';
import { Layout } from '../../../views/layout.js';

export const UNSUBSCRIBED_NOTICE = 'You will no longer get emails about replies.';

/** The link from a reply email: one button to stop those emails, then the confirmation. */
export function UnsubscribePage({ chrome, token, done }: { chrome: Chrome; token: string; done: boolean }) {
  const title = done ? 'Unsubscribed' : 'Stop emails about replies?';
  return (
    <Layout chrome={chrome} title={title} bodyClass="page-unsubscribe">
      <div class="notice-page">
        <h1>{title}</h1>
        {done ? (
          <p class="form-notice" role="status">
            {UNSUBSCRIBED_NOTICE}
          </p>
        ) : (
          <>
            <p>We email you when someone replies to one of your comments on {chrome.site.name}. You can stop these emails here.</p>
            <form method="post" action={`/unsubscribe/${encodeURIComponent(token)}`} class="comment-confirm">
              <button type="submit">Stop emails about replies</button>
            </form>
          </>
        )}
        <p>
          <a href="/">Go to the front page</a>
        </p>
      </div>
    </Layout>
  );
}
