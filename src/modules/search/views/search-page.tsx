import type { Zone } from '../../../platform/time.js';
import type { Chrome } from '../../../views/chrome.js';
import { Byline, Pagination, Time } from '../../../views/components.js';
import { Layout } from '../../../views/layout.js';
import type { NamedLink } from '../../../views/view-data.js';
import { sectionPath } from '../../../platform/urls.js';
import type { SearchHit, SearchResults } from '../search.service.js';
import type { Segment } from '../search.text.js';

/*
 * /search: a GET form (words, section, author, dates) and the stories found,
 * best first, each with its passage around the words found. Plain links and
 * forms: it works without scripts. Search results are kept out of search
 * engines (noindex).
 */

/** What the form shows back: the request as typed. */
export interface SearchFormValues {
  q: string;
  section: string;
  author: string;
  from: string;
  to: string;
}

export interface SearchPageProps {
  chrome: Chrome;
  values: SearchFormValues;
  /** Every author, for the author filter. */
  authors: NamedLink[];
  results: SearchResults;
}

/** The search page's address for these values and a page. */
export function searchHref(values: SearchFormValues, page = 1): string {
  const params = new URLSearchParams();
  for (const key of ['q', 'section', 'author', 'from', 'to'] as const) if (values[key] !== '') params.set(key, values[key]);
  if (page > 1) params.set('page', String(page));
  const query = params.toString();
  return query ? `/search?${query}` : '/search';
}

/** Text with the words found in <mark>; Preact escapes every piece. */
export function Marked({ segments }: { segments: Segment[] }) {
  return <>{segments.map((s, i) => (s.mark ? <mark key={i}>{s.text}</mark> : s.text))}</>;
}

function SearchForm({ chrome, values, authors }: Pick<SearchPageProps, 'chrome' | 'values' | 'authors'>) {
  return (
    <form class="search-form" role="search" action="/search" method="get" aria-label="Search stories">
      <div class="search-form__main">
        <label for="search-q">Words to look for</label>
        <div class="search-form__row">
          <input id="search-q" type="search" name="q" value={values.q} maxLength={200} autocomplete="off" />
          <button type="submit">Search</button>
        </div>
      </div>
      <fieldset class="search-form__filters">
        <legend>Only stories…</legend>
        <div class="search-form__field">
          <label for="search-section">in the section</label>
          <select id="search-section" name="section">
            <option value="">All sections</option>
            {chrome.sections.map((s) => (
              <option key={s.id} value={s.slug} selected={s.slug === values.section}>
                {s.name}
              </option>
            ))}
          </select>
        </div>
        <div class="search-form__field">
          <label for="search-author">by</label>
          <select id="search-author" name="author">
            <option value="">Any author</option>
            {authors.map((a) => (
              <option key={a.id} value={a.slug} selected={a.slug === values.author}>
                {a.name}
              </option>
            ))}
          </select>
        </div>
        <div class="search-form__field">
          <label for="search-from">published from</label>
          <input id="search-from" type="date" name="from" value={values.from} />
        </div>
        <div class="search-form__field">
          <label for="search-to">to</label>
          <input id="search-to" type="date" name="to" value={values.to} />
        </div>
      </fieldset>
    </form>
  );
}

function Result({ hit, zone }: { hit: SearchHit; zone: Zone }) {
  return (
    <article class="search-result">
      {hit.section ? (
        <p class="kicker">
          <a href={sectionPath(hit.section.slug)}>{hit.section.name}</a>
        </p>
      ) : null}
      <h2 class="search-result__headline">
        <a href={hit.path}>
          <Marked segments={hit.headlineMarked} />
        </a>
      </h2>
      {hit.snippet.length > 0 ? (
        <p class="search-result__snippet">
          <Marked segments={hit.snippet} />
        </p>
      ) : null}
      <p class="search-result__meta">
        <Byline authors={hit.authors} />
        {hit.authors.length > 0 ? ' · ' : null}
        <Time iso={hit.publishedAt} zone={zone} />
      </p>
    </article>
  );
}

const storyCount = (n: number) => (n === 1 ? '1 story' : `${n.toLocaleString('en-US')} stories`);

/** What was asked, for the sentences about the results: “budget” in Politics by Ana Ruiz from 2024-03-01 to 2024-03-29. */
function describe(results: SearchResults): string {
  const parts = [`“${results.query.text}”`];
  if (results.section) parts.push(`in ${results.section.name}`);
  if (results.author) parts.push(`by ${results.author.name}`);
  if (results.from) parts.push(`from ${results.from}`);
  if (results.to) parts.push(`${results.from ? 'to' : 'until'} ${results.to}`);
  return parts.join(' ');
}

function NoResults({ results, values }: { results: SearchResults; values: SearchFormValues }) {
  const filtered = values.section !== '' || values.author !== '' || values.from !== '' || values.to !== '';
  return (
    <div class="search-empty">
      <p class="search__count">No stories match {describe(results)}.</p>
      <p>You could:</p>
      <ul>
        <li>check the spelling, or try another word for the same thing;</li>
        {results.query.terms.length > 1 ? <li>use fewer words: a story is found only when it contains every one;</li> : null}
        {filtered ? (
          <li>
            <a href={searchHref({ q: values.q, section: '', author: '', from: '', to: '' })}>search every section, author and date</a>;
          </li>
        ) : null}
        <li>
          or browse <a href="/">the front page</a>.
        </li>
      </ul>
    </div>
  );
}

function Results({ results, values, zone }: { results: SearchResults; values: SearchFormValues; zone: Zone }) {
  if (results.query.terms.length === 0) {
    return <p class="search__hint">{results.query.text === '' ? 'Type a word or two above to search every story.' : `“${results.query.text}” has no words to look for: try letters or numbers.`}</p>;
  }
  if (results.total === 0) return <NoResults results={results} values={values} />;
  const first = (results.page - 1) * results.perPage + 1;
  const last = first + results.items.length - 1;
  return (
    <section aria-labelledby="search-count">
      {results.more ? (
        <>
          <p class="search__count" id="search-count">
            More than {storyCount(results.total)} match {describe(results)}: the {results.total.toLocaleString('en-US')} most recent, best first; {first}–{last} shown.
          </p>
          <p class="search__hint">To find older stories, add a word, or choose a section, an author or dates above.</p>
        </>
      ) : (
        <p class="search__count" id="search-count">
          {storyCount(results.total)} {results.total === 1 ? 'matches' : 'match'} {describe(results)}
          {results.pageCount > 1 ? `; ${first}–${last} shown, best first.` : ', best first.'}
        </p>
      )}
      <ol class="search-results" start={first}>
        {results.items.map((hit) => (
          <li key={hit.id}>
            <Result hit={hit} zone={zone} />
          </li>
        ))}
      </ol>
      <Pagination page={results.page} pageCount={results.pageCount} hrefFor={(p) => searchHref(values, p)} label="Pages of results" prevLabel="← Better matches" nextLabel="More results →" />
    </section>
  );
}

/** /search */
export function SearchPage({ chrome, values, authors, results }: SearchPageProps) {
  const asked = results.query.terms.length > 0;
  const title = asked ? `Search: ${results.query.text}${results.page > 1 ? ` (page ${results.page})` : ''}` : 'Search';
  return (
    <Layout
      chrome={chrome}
      title={title}
      bodyClass="page-search"
      head={
        <>
          <meta name="robots" content="noindex" />
          {results.page > 1 ? <link rel="prev" href={searchHref(values, results.page - 1)} /> : null}
          {results.page < results.pageCount ? <link rel="next" href={searchHref(values, results.page + 1)} /> : null}
        </>
      }
    >
      <div class="search">
        <h1 class="search__heading">Search</h1>
        <SearchForm chrome={chrome} values={values} authors={authors} />
        <Results results={results} values={values} zone={chrome.site} />
      </div>
    </Layout>
  );
}
