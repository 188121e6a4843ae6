import multipart from '@fastify/multipart';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { invalidInput } from '../../platform/errors.js';
import { sendPage } from '../../views/render.js';
import { submitForm } from '../../views/forms.js';
import type { Account } from '../accounts/accounts.service.js';
import type { AdminPlugin, Form } from '../admin/admin.context.js';
import { field, logRefusal, noticeFrom } from '../admin/admin.forms.js';
import { readUploadForm, UPLOAD_RATE_LIMIT } from '../media/media.upload-form.js';
import { accentFrom, type BrandingValues, brandingValuesOf, footerLinksFrom, menuFrom, socialProfilesFrom } from './branding.form.js';
import { BRAND_MAX_BYTES } from './branding.images.js';
import type { SiteSettings } from './settings.service.js';
import { BrandingPage } from './views/branding-page.js';

/** The page's address, and its route inside the admin's /admin prefix. */
const PAGE = '/admin/settings/branding';
const ROUTE = '/settings/branding';
const NOTICES = { saved: 'Saved.', logo: 'The logo is uploaded and shown on the site.', icon: 'The icon is uploaded.', removed: 'Removed.' };
const BrandingQuery = Type.Object({ saved: Type.Optional(Type.String()), logo: Type.Optional(Type.String()), icon: Type.Optional(Type.String()), removed: Type.Optional(Type.String()) });
const Kind = Type.Object({ kind: Type.Union([Type.Literal('logo'), Type.Literal('icon')]) });

/**
 * /admin/settings/branding: the logo and icon (uploads), the accent colour,
 * the header's menu, the footer's links and social profiles. Admins only
 * ('settings.manage'); every change is in the audit log.
 */
export const brandingRoutes: AdminPlugin = async (fastify, { ctx }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { services, chrome, requireStaff } = ctx;
  const staff = (req: FastifyRequest, reply: FastifyReply) => requireStaff(req, reply, 'settings.manage');
  // This plugin's upload routes only: the byte limit is enforced while the body streams.
  await app.register(multipart, { limits: { fileSize: BRAND_MAX_BYTES, files: 1, fields: 1, fieldSize: 200, parts: 2, headerPairs: 50 } });

  async function page(req: FastifyRequest, reply: FastifyReply, extra: { values?: BrandingValues; notice?: string | undefined; error?: string } = {}) {
    const [c, site, sections] = await Promise.all([chrome(req, reply), services.settings.get(), services.sections.list()]);
    return BrandingPage({
      chrome: c,
      values: extra.values ?? brandingValuesOf(site, sections),
      sections,
      logo: site.logo ? { url: site.logo.url, width: site.logo.width, height: site.logo.height } : null,
      icon: site.icon?.icons.s192 ?? null,
      notice: extra.notice,
      ...(extra.error ? { error: extra.error } : {}),
    }) as VNode;
  }

  const record = (account: Account, action: string, details: Record<string, unknown>) =>
    services.audit.record({ accountId: account.id, action, subjectType: 'settings', subjectId: null, details: { by: account.name, ...details } });

  app.get(ROUTE, { schema: { querystring: BrandingQuery } }, async (req, reply) => {
    if (!staff(req, reply)) return reply;
    return sendPage(reply, await page(req, reply, { notice: noticeFrom(req.query, NOTICES) }));
  });

  app.post(ROUTE, async (req, reply) => {
    const account = staff(req, reply);
    if (!account) return reply;
    const form = (req.body ?? {}) as Form;
    const values: BrandingValues = {
      accentColor: field(form, 'accentColor'),
      menu: field(form, 'menu'),
      footerLinks: field(form, 'footerLinks'),
      socialProfiles: field(form, 'socialProfiles'),
    };
    return submitForm(
      reply,
      async () => {
        await req.verifyCsrf();
        const sections = await services.sections.list();
        const patch: Partial<SiteSettings> = {
          accentColor: accentFrom(values.accentColor),
          menu: menuFrom(values.menu, sections),
          footerLinks: footerLinksFrom(values.footerLinks),
          socialProfiles: socialProfilesFrom(values.socialProfiles),
        };
        await services.settings.update(patch);
        await record(account, 'settings.branding', patch);
        return reply.redirect(`${PAGE}?saved`, 303);
      },
      async (err) => {
        logRefusal(req, err, 'branding change');
        return page(req, reply, { values, error: err.message });
      },
    );
  });

  app.post(`${ROUTE}/:kind`, { schema: { params: Kind }, config: { rateLimit: UPLOAD_RATE_LIMIT } }, async (req, reply) => {
    const account = staff(req, reply);
    if (!account) return reply;
    const { kind } = req.params;
    return submitForm(
      reply,
      async () => {
        const file = await readUploadForm(
          req,
          {},
          {
            fields: ['_csrf'],
            fileField: 'image',
            maxBytes: BRAND_MAX_BYTES,
            noun: kind,
            tooLong: 'The form could not be read.',
            tooMany: `Send one image as the ${kind}.`,
          },
        );
        if (!file || file.data.length === 0) throw invalidInput(`Choose an image to upload as the ${kind}.`);
        const before = await services.settings.get();
        const made = kind === 'logo' ? await services.brandImages.logo(file.data) : await services.brandImages.icon(file.data);
        try {
          await services.settings.update(kind === 'logo' ? { logo: made as SiteSettings['logo'] } : { icon: made as SiteSettings['icon'] });
        } catch (err) {
          await services.brandImages.discard(made.keys);
          throw err;
        }
        const old = before[kind];
        // The same image uploaded again has the same files: keep them.
        if (old) await services.brandImages.discard(old.keys.filter((k) => !made.keys.includes(k)));
        await record(account, `settings.${kind}`, { uploaded: true, bytes: file.data.length });
        req.log.info({ accountId: account.id }, `site ${kind} uploaded`);
        return reply.redirect(`${PAGE}?${kind}`, 303);
      },
      async (err) => {
        logRefusal(req, err, `${kind} upload`);
        return page(req, reply, { error: err.message });
      },
    );
  });

  app.post(`${ROUTE}/:kind/remove`, { schema: { params: Kind } }, async (req, reply) => {
    const account = staff(req, reply);
    if (!account) return reply;
    const { kind } = req.params;
    return submitForm(
      reply,
      async () => {
        await req.verifyCsrf();
        const old = (await services.settings.get())[kind];
        await services.settings.update({ [kind]: null });
        if (old) await services.brandImages.discard(old.keys);
        await record(account, `settings.${kind}`, { removed: true });
        return reply.redirect(`${PAGE}?removed`, 303);
      },
      async (err) => {
        logRefusal(req, err, `${kind} removal`);
        return page(req, reply, { error: err.message });
      },
    );
  });
};
