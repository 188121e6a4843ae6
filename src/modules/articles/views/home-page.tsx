import type { Zone } from '../../../platform/time.js';
import type { Chrome } from '../../../views/chrome.js';
import { Teaser } from '../../../views/components.js';
import { listingFeeds } from '../../../views/feed-links.js';
import { Layout } from '../../../views/layout.js';
import { JsonLd, organizationJsonLd, webSiteJsonLd } from '../../../views/structured-data.js';
import type { Section } from '../../sections/sections.service.js';
import type { ArticleCard } from '../articles.service.js';
import { sectionPath } from '../../../platform/urls.js';

export interface HomePageProps {
  chrome: Chrome;
  lead: ArticleCard | null;
  latest: ArticleCard[];
  bySection: { section: Section; articles: ArticleCard[] }[];
  commentCounts: Map<number, number>;
}

/** The front page: the lead story, the latest, then each section's newest. */
export function HomePage({ chrome, lead, latest, bySection, commentCounts }: HomePageProps) {
  const zone: Zone = chrome.site;
  return (
    <Layout
      chrome={chrome}
      canonicalPath="/"
      description={chrome.site.tagline}
      feeds={listingFeeds('', chrome.site.name)}
      bodyClass="page-home"
      // The site's card is the front page's own picture.
      social={{ image: chrome.socialCard }}
      head={<JsonLd nodes={[webSiteJsonLd(chrome), organizationJsonLd(chrome)]} />}
    >
      <h1 class="visually-hidden">{chrome.site.name}</h1>
      {lead ? (
        <section class="home-lead" aria-label="Lead story">
          <Teaser article={lead} zone={zone} variant="lead" headingLevel={2} commentCount={commentCounts.get(lead.id)} />
        </section>
      ) : (
        <p class="empty">Nothing has been published yet.</p>
      )}
      {latest.length > 0 ? (
        <section class="home-latest" aria-labelledby="home-latest-heading">
          <h2 id="home-latest-heading" class="section-heading">
            Latest
          </h2>
          <ul class="teaser-grid">
            {latest.map((a) => (
              <li key={a.id}>
                <Teaser article={a} zone={zone} commentCount={commentCounts.get(a.id)} />
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {bySection.map(({ section, articles }) =>
        articles.length > 0 ? (
          <section key={section.id} class="home-section" aria-labelledby={`home-section-${section.slug}`}>
            <h2 id={`home-section-${section.slug}`} class="section-heading">
              <a href={sectionPath(section.slug)}>{section.name}</a>
            </h2>
            <ul class="teaser-grid">
              {articles.map((a) => (
                <li key={a.id}>
                  <Teaser article={a} zone={zone} showSection={false} commentCount={commentCounts.get(a.id)} />
                </li>
              ))}
            </ul>
          </section>
        ) : null,
      )}
    </Layout>
  );
}
