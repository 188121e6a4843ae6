import type { ArticleStatus } from '../../../platform/db/schema.js';
import type { Page } from '../../../platform/pagination.js';
import { dateTime, type Zone } from '../../../platform/time.js';
import type { ArticleListItem } from '../editorial.types.js';
import type { Section } from '../../sections/sections.service.js';
import { AdminLayout, type AdminChrome, CsrfField, FormError } from '../../admin/views/admin-layout.js';
import { Notice, Pager, STATUS_LABEL, StatusBadge, STATUSES } from './editor-components.js';

/** The list's filters, as the query string carries them. */
export interface ArticleListQuery {
  q: string;
  status: ArticleStatus | '';
  sectionId: number | null;
  mine: boolean;
}

/** The list's address for a set of filters and a page; empty filters are left out. */
export function listHref(query: ArticleListQuery, page = 1): string {
  const params = new URLSearchParams();
  if (query.q) params.set('q', query.q);
  if (query.status) params.set('status', query.status);
  if (query.sectionId !== null) params.set('section', String(query.sectionId));
  if (query.mine) params.set('mine', '1');
  if (page > 1) params.set('page', String(page));
  const s = params.toString();
  return s ? `/admin/articles?${s}` : '/admin/articles';
}

export interface ArticleListPageProps {
  chrome: AdminChrome;
  zone: Zone;
  query: ArticleListQuery;
  result: Page<ArticleListItem>;
  sections: Section[];
  canCreate: boolean;
  notice?: string;
}

const filtered = (q: ArticleListQuery) => q.q !== '' || q.status !== '' || q.sectionId !== null || q.mine;

/** The newsroom's article list: filters that work without scripts, a table, pages. */
export function ArticleListPage({ chrome, zone, query, result, sections, canCreate, notice }: ArticleListPageProps) {
  const { items, total, page, pageCount } = result;
  return (
    <AdminLayout chrome={chrome} title={page > 1 ? `Articles, page ${page}` : 'Articles'}>
      <div class="admin-titlebar">
        <h1>Articles</h1>
        {canCreate ? (
          <a class="button-link" href="/admin/articles/new">
            New article
          </a>
        ) : null}
      </div>
      <Notice message={notice} />
      <form method="get" action="/admin/articles" class="article-filters" role="search" aria-label="Filter articles">
        <div class="article-filters__field article-filters__field--wide">
          <label for="filter-q">Headline words</label>
          <input id="filter-q" name="q" type="search" value={query.q} maxLength={200} />
        </div>
        <div class="article-filters__field">
          <label for="filter-status">Status</label>
          <select id="filter-status" name="status">
            <option value="" selected={query.status === ''}>
              Any status
            </option>
            {STATUSES.map((s) => (
              <option key={s} value={s} selected={query.status === s}>
                {STATUS_LABEL[s]}
              </option>
            ))}
          </select>
        </div>
        <div class="article-filters__field">
          <label for="filter-section">Section</label>
          <select id="filter-section" name="section">
            <option value="" selected={query.sectionId === null}>
              Any section
            </option>
            {sections.map((s) => (
              <option key={s.id} value={String(s.id)} selected={query.sectionId === s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </div>
        <div class="article-filters__check">
          <input id="filter-mine" name="mine" type="checkbox" value="1" checked={query.mine} />
          <label for="filter-mine">Only mine</label>
        </div>
        <div class="article-filters__actions">
          <button type="submit">Filter</button>
          {filtered(query) ? <a href="/admin/articles">Clear filters</a> : null}
        </div>
      </form>

      <p class="article-count" id="article-count">
        {total === 0
          ? filtered(query)
            ? 'No articles match these filters.'
            : 'No articles yet.'
          : `${total.toLocaleString('en-US')} ${total === 1 ? 'article' : 'articles'}${filtered(query) ? ' match' : ''}, most recently changed first.`}
      </p>
      {items.length > 0 ? (
        <div class="table-scroll">
          <table class="article-table" aria-describedby="article-count">
            <caption class="visually-hidden">Articles{pageCount > 1 ? `, page ${page} of ${pageCount}` : ''}</caption>
            <thead>
              <tr>
                <th scope="col">Headline</th>
                <th scope="col">Status</th>
                <th scope="col">Section</th>
                <th scope="col">Byline</th>
                <th scope="col">Modified</th>
              </tr>
            </thead>
            <tbody>
              {items.map((a) => (
                <tr key={a.id}>
                  <th scope="row" class="article-table__headline">
                    <a href={`/admin/articles/${a.id}`}>{a.headline}</a>
                    {a.path ? (
                      <>
                        {' '}
                        <a class="article-table__site" href={a.path}>
                          View on site<span class="visually-hidden">: {a.headline}</span>
                        </a>
                      </>
                    ) : null}
                  </th>
                  <td>
                    <StatusBadge status={a.status} />
                    {a.status === 'scheduled' && a.publishedAt ? (
                      <span class="article-table__when">
                        for <time dateTime={a.publishedAt}>{dateTime(a.publishedAt, zone)}</time>
                      </span>
                    ) : null}
                  </td>
                  <td>{a.sectionName ?? <span class="muted">None</span>}</td>
                  <td>{a.authorNames.length > 0 ? a.authorNames.join(', ') : <span class="muted">No byline</span>}</td>
                  <td>
                    <time dateTime={a.modifiedAt}>{dateTime(a.modifiedAt, zone)}</time>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <Pager page={page} pageCount={pageCount} href={(p) => listHref(query, p)} label="Pages of articles" />
    </AdminLayout>
  );
}

/** The first step of a new story: its headline. Everything else comes in the editor. */
export function NewArticlePage({ chrome, headline, error }: { chrome: AdminChrome; headline?: string; error?: string }) {
  return (
    <AdminLayout chrome={chrome} title="New article">
      <div class="admin-narrow">
        <p class="admin-breadcrumb">
          <a href="/admin/articles">Articles</a>
        </p>
        <h1>New article</h1>
        <FormError message={error} />
        <form method="post" action="/admin/articles" class="admin-form">
          <CsrfField token={chrome.csrf} />
          <label for="headline">Headline</label>
          <input id="headline" name="headline" required maxLength={300} value={headline ?? ''} aria-describedby="headline-help" />
          <p id="headline-help" class="field-help">
            A working headline is fine: you can change it, and everything else, in the editor. The story starts as a draft that only the newsroom sees.
          </p>
          <button type="submit">Create draft</button>
        </form>
      </div>
    </AdminLayout>
  );
}
