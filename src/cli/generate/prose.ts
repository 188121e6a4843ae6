import { seededRandom } from '../../platform/seeded-random.js';
import { ADJECTIVES, BODIES, COMMENT_CLOSERS, COMMENT_MIDDLES, COMMENT_OPENERS, FIRST_NAMES, HANDLES, LAST_NAMES, NUMBERS, PLACES, ROLES, SUBHEADS, TOPICS, VERBS, WHEN } from './words.js';

/*
 * Generated text: headlines, standfirsts, article bodies (Markdown) and
 * comments, all drawn from a seeded random source so the same seed writes
 * the same site.
 */

export type Rnd = () => number;

/** The seeded source every generated text draws from. */
export const seeded: (seed: number) => Rnd = seededRandom;

export const pick = <T>(rnd: Rnd, xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
/** A whole number from min to max, both included. */
export const between = (rnd: Rnd, min: number, max: number): number => min + Math.floor(rnd() * (max - min + 1));
const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const person = (rnd: Rnd) => `${pick(rnd, FIRST_NAMES)} ${pick(rnd, LAST_NAMES)}`;

/** What one story is about; its headline, standfirst and body all follow from it. */
export interface Story {
  place: string;
  body: string;
  verb: string;
  adjective: string;
  topic: string;
  headline: string;
  dek: string;
  markdown: string;
}

function sentence(rnd: Rnd, s: Pick<Story, 'place' | 'body' | 'topic'>): string {
  const other = pick(rnd, PLACES);
  switch (between(rnd, 0, 9)) {
    case 0:
      return `The ${s.body} in ${s.place} met ${pick(rnd, WHEN)} to consider the ${s.topic}, which has been discussed in one form or another for ${pick(rnd, NUMBERS)}.`;
    case 1:
      return `Officials put the cost at ${pick(rnd, NUMBERS)}, a figure critics say leaves out maintenance and staffing.`;
    case 2:
      return `Residents of ${other} have watched the debate closely, since a similar ${pick(rnd, TOPICS)} there ran over budget.`;
    case 3:
      return `A report presented to members found that ${pick(rnd, NUMBERS)} would be affected in the first phase alone.`;
    case 4:
      return `The proposal now goes to a second reading, where amendments from ${pick(rnd, FIRST_NAMES)} ${pick(rnd, LAST_NAMES)} are expected.`;
    case 5:
      return `Supporters argue the ${s.topic} is overdue; opponents say the consultation was rushed and too few people knew about it.`;
    case 6:
      return `Neighbouring ${other} adopted its own version ${pick(rnd, WHEN)}, and early figures there are mixed.`;
    case 7:
      return `Staff will return with a revised timetable and a breakdown of costs by neighbourhood.`;
    case 8:
      return `The ${pick(rnd, BODIES)} said it had not been consulted and would ask for a pause until its concerns are answered.`;
    default:
      return `Several speakers asked how the ${s.topic} would be paid for once the initial grant runs out.`;
  }
}

function paragraph(rnd: Rnd, s: Pick<Story, 'place' | 'body' | 'topic'>): string {
  const n = between(rnd, 2, 4);
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(sentence(rnd, s));
  return out.join(' ');
}

function quote(rnd: Rnd, s: Pick<Story, 'topic'>): string {
  const said = [
    `“We have waited long enough for the ${s.topic}, and people deserve an answer,”`,
    `“Nobody is against improving things, but this plan asks too much of too few,”`,
    `“The figures have changed three times since spring, and I would like to see the final ones,”`,
    `“If we get this right, it will outlast every one of us in this room,”`,
  ];
  return `${pick(rnd, said)} said ${person(rnd)}, ${pick(rnd, ROLES)}.`;
}

/** A whole story: several paragraphs, a quote or two, sometimes a subheading. */
export function story(rnd: Rnd): Story {
  const s = { place: pick(rnd, PLACES), body: pick(rnd, BODIES), verb: pick(rnd, VERBS), adjective: pick(rnd, ADJECTIVES), topic: pick(rnd, TOPICS) };
  const headline = `${s.place} ${s.body} ${s.verb} ${s.adjective} ${s.topic}`;
  const dek = `${capital(pick(rnd, WHEN))}, members of the ${s.body} ${pick(rnd, ['agreed on', 'argued over', 'heard evidence about', 'voted on'])} a ${s.topic} that ${pick(rnd, ['has divided', 'matters to', 'will change daily life for', 'has been promised to'])} ${pick(rnd, NUMBERS)} in ${s.place}.`;
  const paragraphs: string[] = [];
  const count = between(rnd, 4, 8);
  for (let i = 0; i < count; i++) {
    if (i === 2 || (i > 2 && rnd() < 0.2)) paragraphs.push(quote(rnd, s));
    if (i === 4 && rnd() < 0.5) paragraphs.push(`## ${pick(rnd, SUBHEADS)}`);
    paragraphs.push(paragraph(rnd, s));
  }
  return { ...s, headline: capital(headline), dek, markdown: paragraphs.join('\n\n') };
}

/** A plausible commenter: a full name, an initial, or a handle. */
export function commenterName(rnd: Rnd): string {
  const r = rnd();
  if (r < 0.4) return person(rnd);
  if (r < 0.7) return `${pick(rnd, FIRST_NAMES)} ${pick(rnd, LAST_NAMES).charAt(0)}.`;
  return `${pick(rnd, HANDLES)}${between(rnd, 1, 99)}`;
}

/** One to three sentences a reader might post; replies sometimes answer the comment above. */
export function commentText(rnd: Rnd, reply: boolean): string {
  const opener = reply && rnd() < 0.5 ? pick(rnd, ['Fair point, but', 'Exactly this.', 'I disagree:', 'Thank you for saying it.', 'Not quite:']) : pick(rnd, COMMENT_OPENERS);
  const middle = pick(rnd, COMMENT_MIDDLES);
  const extra = rnd() < 0.35 ? ` Also, ${pick(rnd, COMMENT_MIDDLES)}.` : '';
  return `${opener} ${middle}.${extra} ${pick(rnd, COMMENT_CLOSERS)}`.trim();
}

/** The editor's question under some stories. */
export function commentPrompt(rnd: Rnd, s: Pick<Story, 'topic' | 'place'>): string {
  return pick(rnd, [`Would the ${s.topic} change how you get around ${s.place}? Tell us below.`, `So, what do you think of the ${s.topic}?`, `Were you at the meeting? Share what you heard.`]);
}
