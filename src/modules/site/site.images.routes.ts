import fs from 'node:fs/promises';
import crypto from 'node:crypto';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../services.js';
import { siteBrandRoutes } from './site.brand.routes.js';
import { SITE_CARD_PATH, SITE_CARD_SIZE, SITE_LOGO_PATH, SITE_LOGO_SIZE, siteCardSvg, siteCardVersion } from './site.images.js';

interface Deps {
  services: Services;
  siteUrl: string;
  /** The favicon (public/assets/favicon.svg): the mark on the card and the logo. */
  faviconFile: string;
}

/** The card changes with the site's name; its address carries a version (?v=), the bare address always answers the current card. */
const CARD_CACHE = 'public, max-age=86400';
const LOGO_CACHE = 'public, max-age=604800';

const CardQuery = Type.Object({ v: Type.Optional(Type.String({ maxLength: 40 })) });

interface Rendered {
  png: Buffer;
  etag: string;
}

const rendered = (png: Buffer): Rendered => ({ png, etag: `"${crypto.createHash('sha256').update(png).digest('hex').slice(0, 16)}"` });

function send(req: FastifyRequest, reply: FastifyReply, image: Rendered, cacheControl: string): FastifyReply {
  // Made to be shown on other sites and apps, so other origins may load it (the site's default is same-origin).
  reply.header('cache-control', cacheControl).header('etag', image.etag).header('cross-origin-resource-policy', 'cross-origin');
  if (req.headers['if-none-match'] === image.etag) return reply.code(304).send();
  return reply.type('image/png').header('content-length', image.png.length).send(image.png);
}

/**
 * `/site/card.png` and `/site/logo.png`: the site's preview card and logo, drawn once per process (and again when the site is renamed);
 * with the web manifest and the accent colour's stylesheet (site.brand.routes.ts).
 */
export async function siteImageRoutes(fastify: FastifyInstance, { services, siteUrl, faviconFile }: Deps) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  await siteBrandRoutes(fastify, { services, siteUrl });
  let mark: Promise<string> | null = null;
  const favicon = () => (mark ??= fs.readFile(faviconFile, 'utf8'));
  let card: { version: string; image: Promise<Rendered> } | null = null;
  let logo: Promise<Rendered> | null = null;

  app.get(SITE_CARD_PATH, { schema: { querystring: CardQuery } }, async (req, reply) => {
    const site = await services.settings.get();
    const version = siteCardVersion(site, siteUrl);
    if (card?.version !== version) {
      const image = favicon().then(async (svg) => rendered(await services.mediaPreviews.svgToPng(siteCardSvg(site, siteUrl, svg), SITE_CARD_SIZE.width, SITE_CARD_SIZE.height)));
      card = { version, image };
      // A failed drawing is tried again on the next request rather than remembered.
      image.catch(() => {
        if (card?.image === image) card = null;
      });
    }
    return send(req, reply, await card.image, CARD_CACHE);
  });

  app.get(SITE_LOGO_PATH, async (req, reply) => {
    if (!logo) {
      const image = favicon().then(async (svg) => rendered(await services.mediaPreviews.svgToPng(svg, SITE_LOGO_SIZE.width, SITE_LOGO_SIZE.height)));
      logo = image;
      image.catch(() => {
        if (logo === image) logo = null;
      });
    }
    return send(req, reply, await logo, LOGO_CACHE);
  });
}
