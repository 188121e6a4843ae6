/**
 * Shapes of the demo content. The content files are plain data; the seeder
 * turns them into rows through the modules' services, the same code paths the
 * newsroom uses.
 */

export interface DemoSection {
  slug: string;
  name: string;
  description: string;
}

export interface DemoAuthor {
  slug: string;
  name: string;
  /** One or two sentences, plain text. */
  bio: string;
  /** Two hex colours for the generated portrait, e.g. ["#1d3557", "#e9c46a"]. */
  palette: [string, string];
  links: { label: string; url: string }[];
}

export interface DemoLiveUpdate {
  /** Minutes after the article's publication. */
  minutesAfter: number;
  /** Markdown. */
  body: string;
}

export interface DemoCorrection {
  minutesAfter: number;
  body: string;
}

export interface DemoComment {
  author: string;
  body: string;
  /** Minutes after the article's publication. */
  minutesAfter: number;
  /** Defaults to "approved". */
  status?: 'pending' | 'approved' | 'spam' | 'rejected' | 'deleted';
  replies?: DemoComment[];
}

export interface DemoArticle {
  slug: string;
  headline: string;
  dek: string;
  /** Markdown with the news blocks of docs/writing.md. */
  body: string;
  section: string;
  tags: string[];
  /** Author slugs, in byline order. */
  authors: string[];
  /** Days before "now" when the story was published (fractional allowed). 0..42 */
  daysAgo: number;
  /** Minutes after publication when the story was last changed, if it was. */
  updatedMinutesAfter?: number;
  developing?: boolean;
  liveUpdates?: DemoLiveUpdate[];
  corrections?: DemoCorrection[];
  commentPrompt?: string;
  /** Slug of the editor's READ NEXT choice. */
  readNext?: string;
  commentsClosed?: boolean;
  /** Name of a generated illustration: the seeder draws an SVG for it. */
  image?: { alt: string; caption: string; credit: string; palette: [string, string] };
  comments?: DemoComment[];
  /** Extra generated comments (for the long-thread article). */
  generatedComments?: number;
}
