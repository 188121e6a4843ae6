import type { DemoArticle } from '../types.js';
import { articlesNews } from './articles-news.js';
import { articlesPolitics } from './articles-politics.js';
import { articlesBusiness } from './articles-business.js';
import { articlesClimateCulture } from './articles-climate-culture.js';

export { sections } from './sections.js';
export { authors } from './authors.js';

/** Every demo story, in no particular order; the seeder dates them by `daysAgo`. */
export const articles: DemoArticle[] = [...articlesNews, ...articlesPolitics, ...articlesBusiness, ...articlesClimateCulture];
