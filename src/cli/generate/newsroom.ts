import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../../platform/db/database.js';
import { slugify } from '../../platform/slug.js';
import type { Services } from '../../services.js';
import { illustration, ILLUSTRATION_SIZE, portrait, PORTRAIT_SIZE } from '../demo/illustrations.js';
import { BODIES, FIRST_NAMES, LAST_NAMES, PLACES, SECTIONS, TOPICS } from './words.js';

/*
 * What generated stories point at, made through the modules' services (a
 * few dozen calls, once): the sections (the site's own when it has any),
 * a pool of staff writers, the tags, and a few illustrations. Running again
 * finds them in place and makes nothing twice.
 */

/** How many writers share the generated stories. */
const WRITERS = 40;
/** How many illustrations the stories with an image share. */
const IMAGES = 8;
const PALETTES: [string, string][] = [
  ['#1f4e79', '#e0a526'],
  ['#2d6a4f', '#f4a261'],
  ['#6d2e46', '#d5b9b2'],
  ['#264653', '#e9c46a'],
  ['#3d405b', '#e07a5f'],
  ['#184e77', '#99d98c'],
];

export interface Newsroom {
  sectionIds: number[];
  authorIds: number[];
  /** Tag ids by slug (slugify of the name). */
  tagIds: Map<string, number>;
  imageIds: number[];
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
export const topicTag = (topic: string) => capital(topic);
export const bodyTag = (body: string) => capital(body);

/** The writers' names: the same forty on every run. */
export function writerNames(): string[] {
  // The surname moves on by one each time the first names come round again, so no two writers share a name.
  return Array.from({ length: WRITERS }, (_, i) => `${FIRST_NAMES[i % FIRST_NAMES.length]} ${LAST_NAMES[(i * 11 + 3 + Math.floor(i / FIRST_NAMES.length)) % LAST_NAMES.length]}`);
}

async function ensureSections(services: Services): Promise<number[]> {
  const existing = await services.sections.list();
  if (existing.length > 0) return existing.map((s) => s.id);
  const ids: number[] = [];
  for (const [i, s] of SECTIONS.entries()) ids.push((await services.sections.create({ ...s, position: i })).id);
  return ids;
}

async function ensureWriters(services: Services, mediaDir: string): Promise<number[]> {
  const ids: number[] = [];
  for (const [i, name] of writerNames().entries()) {
    const slug = slugify(name);
    const found = await services.authors.bySlug(slug);
    if (found) {
      ids.push(found.id);
      continue;
    }
    const file = `writer-${slug}.svg`;
    fs.writeFileSync(path.join(mediaDir, file), portrait(name, PALETTES[i % PALETTES.length]!));
    const photo = await services.media.register({ url: `/media/generated/${file}`, mime: 'image/svg+xml', ...PORTRAIT_SIZE, alt: `Portrait of ${name}` });
    const bio = `${name} covers the ${BODIES[i % BODIES.length]} and the towns around it for the news desk.`;
    ids.push((await services.authors.create({ slug, name, bio, photoId: photo.id })).id);
  }
  return ids;
}

/** The illustrations, registered once; their ids by position. */
async function ensureImages(db: Db, services: Services, mediaDir: string): Promise<number[]> {
  const urls = Array.from({ length: IMAGES }, (_, i) => `/media/generated/scene-${i + 1}.svg`);
  const rows = await db.selectFrom('media').select(['id', 'url']).where('url', 'in', urls).execute();
  const known = new Map(rows.map((r) => [r.url, r.id]));
  const ids: number[] = [];
  for (const [i, url] of urls.entries()) {
    const have = known.get(url);
    if (have !== undefined) {
      ids.push(have);
      continue;
    }
    const alt = `Hills over ${PLACES[i * 37]} at dawn`;
    fs.writeFileSync(path.join(mediaDir, path.basename(url)), illustration(url, PALETTES[i % PALETTES.length]!, alt));
    const image = await services.media.register({ url, mime: 'image/svg+xml', ...ILLUSTRATION_SIZE, alt, caption: `Morning light over ${PLACES[i * 37]}.`, credit: 'Staff illustration' });
    ids.push(image.id);
  }
  return ids;
}

/** Everything generated stories point at, made where missing. */
export async function prepareNewsroom(db: Db, services: Services, dataDir: string): Promise<Newsroom> {
  const mediaDir = path.join(dataDir, 'media', 'generated');
  fs.mkdirSync(mediaDir, { recursive: true });
  const sectionIds = await ensureSections(services);
  const authorIds = await ensureWriters(services, mediaDir);
  const names = [...PLACES, ...TOPICS.map(topicTag), ...BODIES.map(bodyTag)];
  const tags = await services.sections.ensureTags(names);
  const tagIds = new Map(tags.map((t) => [t.slug, t.id]));
  const imageIds = await ensureImages(db, services, mediaDir);
  return { sectionIds, authorIds, tagIds, imageIds };
}
