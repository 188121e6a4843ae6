import { Type } from '@sinclair/typebox';
import type { FastifyReply } from 'fastify';
import type { ComponentChildren, VNode } from 'preact';
import { notFound } from '../../platform/errors.js';
import { PUBLIC_PAGE_CACHE } from '../../platform/http.js';
import { sendPage } from '../../views/render.js';
import type { Services } from '../../services.js';
import type { Chrome } from '../../views/chrome.js';
import type { JsonLdNode } from '../../views/structured-data.js';
import type { ListOptions } from './articles.service.js';
import { ListingPage, type ListingPageProps } from './views/listing-page.js';
import { PageNumber } from '../../platform/route-schemas.js';

export const LISTING_PER_PAGE = 20;

/** `/section/:slug`, `/tag/:slug`, `/author/:slug`: the slug is looked up as it comes. */
export const ListingPath = Type.Object({ slug: Type.String() });

/** `?page=`, checked by parsePage, whose answer says what it accepts. */
export const ListingQuery = Type.Object({ page: Type.Optional(PageNumber) });

export interface ListingRequest {
  filter: Pick<ListOptions, 'sectionId' | 'tagId' | 'authorId'>;
  page: number;
  heading: string;
  kind: ListingPageProps['kind'];
  basePath: string;
  description?: string;
  intro?: ComponentChildren;
  currentSection?: string;
  social?: ListingPageProps['social'];
  /** The page's own structured data, made with the page chrome (absolute addresses need the site's). */
  structuredData?: (chrome: Chrome) => JsonLdNode[];
}

/**
 * Render one page of a section, tag or author listing; a page past the last
 * is a 404 (the first page of an empty listing is not).
 */
export async function sendListing(reply: FastifyReply, services: Services, chrome: () => Promise<Chrome>, req: ListingRequest): Promise<FastifyReply> {
  const articles = await services.articles.list({ ...req.filter, page: req.page, perPage: LISTING_PER_PAGE });
  if (req.page > articles.pageCount) throw notFound('page');
  const [c, commentCounts] = await Promise.all([chrome(), services.comments.counts(articles.items.map((a) => a.id))]);
  reply.header('cache-control', PUBLIC_PAGE_CACHE);
  const { filter: _filter, page: _page, structuredData, ...view } = req;
  return sendPage(reply, ListingPage({ ...view, chrome: c, articles, commentCounts, structuredData: structuredData?.(c) ?? [] }) as VNode);
}
