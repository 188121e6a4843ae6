import type { Chrome } from './chrome.js';
import { Layout } from './layout.js';

export interface ErrorPageProps {
  chrome: Chrome;
  status: number;
  message: string;
}

/** The page a reader sees for a missing page or a bad request. */
export function ErrorPage({ chrome, status, message }: ErrorPageProps) {
  const heading = status === 404 ? 'Page not found' : status >= 500 ? 'Something went wrong' : 'That request did not work';
  return (
    <Layout chrome={chrome} title={heading} bodyClass="page-error">
      <div class="error-page">
        <p class="error-page__status">Error {status}</p>
        <h1>{heading}</h1>
        <p>{message}</p>
        <p>
          <a href="/">Go to the front page</a>
        </p>
      </div>
    </Layout>
  );
}
