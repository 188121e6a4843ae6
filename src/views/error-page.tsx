import type { Chrome } from './chrome.js';
import { Teaser } from './components.js';
import { Layout } from './layout.js';
import type { TeaserData } from './view-data.js';

export interface ErrorPageProps {
  chrome: Chrome;
  status: number;
  message: string;
  /** For a missing page: the newest stories, offered as a way on. */
  latest?: TeaserData[];
  /** For a failure on our side: the request's id, to quote to the site's operator. */
  requestId?: string | undefined;
}

/** The page a reader sees for a missing page or a bad request. */
export function ErrorPage({ chrome, status, message, latest = [], requestId }: ErrorPageProps) {
  const heading = status === 404 ? 'Page not found' : status >= 500 ? 'Something went wrong' : 'That request did not work';
  return (
    <Layout chrome={chrome} title={heading} bodyClass="page-error">
      <div class="error-page">
        <p class="error-page__status">Error {status}</p>
        <h1>{heading}</h1>
        <p>{message}</p>
        {status >= 500 && requestId ? (
          <p class="error-page__reference">
            If you report this, quote the reference <code>{requestId}</code>.
          </p>
        ) : null}
        {status === 404 ? (
          <form class="search-form search-form--compact error-page__search" role="search" action="/search" method="get" aria-label="Search the site">
            <label for="error-search-q">Search for a story instead</label>
            <div class="search-form__row">
              <input id="error-search-q" type="search" name="q" maxLength={200} autocomplete="off" />
              <button type="submit">Search</button>
            </div>
          </form>
        ) : null}
        <p>
          <a href="/">Go to the front page</a>
        </p>
      </div>
      {status === 404 && latest.length > 0 ? (
        <section class="error-page__latest" aria-labelledby="error-latest-heading">
          <h2 id="error-latest-heading" class="section-heading">
            Latest stories
          </h2>
          <ol class="error-page__list">
            {latest.map((a) => (
              <li key={a.id}>
                <Teaser article={a} zone={chrome.site} variant="compact" headingLevel={3} />
              </li>
            ))}
          </ol>
        </section>
      ) : null}
    </Layout>
  );
}
