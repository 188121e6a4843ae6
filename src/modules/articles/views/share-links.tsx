/*
 * Sharing a story: its address to copy, an email, and the main networks as
 * plain links (no scripts of theirs, nothing loaded from them). With scripts
 * on, share.js shows a Copy button and, where the browser has one, its own
 * share sheet (the Web Share API).
 */

export interface ShareNetwork {
  name: string;
  href: string;
}

const q = encodeURIComponent;

/** The networks' share addresses for a story's URL and headline. */
export function shareNetworks(url: string, headline: string): ShareNetwork[] {
  const both = `${headline} ${url}`;
  return [
    { name: 'Bluesky', href: `https://bsky.app/intent/compose?text=${q(both)}` },
    { name: 'Mastodon', href: `https://mastodonshare.com/?text=${q(headline)}&url=${q(url)}` },
    { name: 'Facebook', href: `https://www.facebook.com/sharer/sharer.php?u=${q(url)}` },
    { name: 'LinkedIn', href: `https://www.linkedin.com/sharing/share-offsite/?url=${q(url)}` },
    { name: 'X', href: `https://x.com/intent/post?text=${q(headline)}&url=${q(url)}` },
    { name: 'WhatsApp', href: `https://wa.me/?text=${q(both)}` },
    { name: 'Reddit', href: `https://www.reddit.com/submit?url=${q(url)}&title=${q(headline)}` },
  ];
}

/** A mailto: link with the headline as subject and the address in the body. */
export const mailtoShare = (url: string, headline: string): string => `mailto:?subject=${q(headline)}&body=${q(`${headline}\n\n${url}`)}`;

/** The share block under a story. */
export function ShareLinks({ url, headline }: { url: string; headline: string }) {
  return (
    <section class="share" aria-labelledby="share-heading" data-share-title={headline}>
      <h2 id="share-heading" class="share__heading">
        Share this story
      </h2>
      <p class="share__copy">
        <label for="share-url">Link to this story</label>
        <input id="share-url" class="share__url" type="url" value={url} readOnly />
        <button type="button" class="share__button" data-share-copy="share-url" hidden>
          Copy link
        </button>
        <button type="button" class="share__button" data-share-native="" hidden>
          Share…
        </button>
        <span id="share-status" class="share__status" role="status" />
      </p>
      <ul class="share__links">
        <li>
          <a href={mailtoShare(url, headline)}>Email</a>
        </li>
        {shareNetworks(url, headline).map((n) => (
          <li key={n.name}>
            <a href={n.href} rel="noopener noreferrer" target="_blank">
              {n.name}
              <span class="visually-hidden"> (opens in a new tab)</span>
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}
