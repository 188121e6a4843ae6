import type { Chrome } from '../../../views/chrome.js';
import type { SocialMeta } from '../../../views/social-meta.js';
import { absoluteUrl, imageObject, type JsonLdNode } from '../../../views/structured-data.js';
import { authorPath } from '../../../platform/urls.js';
import type { Author } from '../authors.service.js';

/** The author page as a ProfilePage whose main entity is the author, a Person. */
export function authorJsonLd(author: Author, chrome: Chrome): JsonLdNode {
  const url = absoluteUrl(chrome, authorPath(author.slug));
  const square = author.photo?.previews?.['1x1'];
  return {
    '@type': 'ProfilePage',
    '@id': url,
    url,
    mainEntity: {
      '@type': 'Person',
      '@id': `${url}#person`,
      name: author.name,
      url,
      ...(author.bio ? { description: author.bio } : {}),
      ...(square ? { image: imageObject(chrome, { ...square, alt: `Portrait of ${author.name}` }) } : {}),
      ...(author.links.length > 0 ? { sameAs: author.links.map((l) => l.url) } : {}),
    },
  };
}

/** Link previews of an author page: a profile, with the author's photo when there is one. */
export function authorSocial(author: Author): SocialMeta {
  const wide = author.photo?.previews?.wide;
  return { type: 'profile', image: wide ? { ...wide, alt: `Portrait of ${author.name}` } : null };
}
