import { Picture } from '../../../views/components.js';
import type { Author } from '../authors.service.js';

/** The profile block at the top of an author's page. */
export function AuthorIntro({ author }: { author: Author }) {
  if (!author.photo && author.links.length === 0) return null;
  return (
    <div class="author-intro">
      {author.photo ? <Picture class="author-intro__photo" image={{ ...author.photo, alt: `Portrait of ${author.name}` }} eager /> : null}
      {author.links.length > 0 ? (
        <ul class="author-intro__links" aria-label={`Elsewhere: ${author.name}`}>
          {author.links.map((l) => (
            <li key={l.url}>
              <a href={l.url} rel="me noopener">
                {l.label}
              </a>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
