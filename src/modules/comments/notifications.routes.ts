import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { VNode } from 'preact';
import { AppError, isAppError } from '../../platform/errors.js';
import { sendPage } from '../../views/render.js';
import { requestLogWithout } from '../../platform/log-redaction.js';
import type { Services } from '../../services.js';
import type { Chrome } from '../../views/chrome.js';
import { readUnsubscribe } from '../readers/readers.service.js';
import { UnsubscribePage } from './views/unsubscribe-page.js';
import { RATE_LIMITS } from '../../platform/rate-limit.js';

interface Deps {
  services: Services;
  chrome: () => Promise<Chrome>;
}

/** The token as it comes: readUnsubscribe checks it, and a bad one gets BAD_UNSUBSCRIBE_LINK's 400. */
const TokenPath = Type.Object({ token: Type.String() });

/**
 * Generous: one-click unsubscribes (RFC 8058) arrive from the mailbox
 * provider's servers, so many readers share a few addresses.
 */
export const BAD_UNSUBSCRIBE_LINK = 'This unsubscribe link is not valid. Check that you opened or copied the whole link from the email; you can also turn reply emails off on your account page.';

const badLinkError = () => new AppError('unsubscribe_link_invalid', 400, BAD_UNSUBSCRIBE_LINK);

/** An unsubscribe URL with its token masked, for logs: the token turns a reader's emails off. */
export const redactUnsubscribeUrl = (url: string): string => url.replace(/(\/unsubscribe\/)[^/?#]+/, '$1[token]');

/** Fastify's request log line, with the token left out of the URL. */
const tokenFreeLogs = requestLogWithout(redactUnsubscribeUrl);

/**
 * The unsubscribe link of reply emails. Neither request carries a CSRF
 * token: the token in the URL is the credential, known only to the reader's
 * mailbox, and the only thing it can do is turn reply emails off. Mail
 * programs' one-click unsubscribe (RFC 8058) POSTs to the same URL with the
 * body "List-Unsubscribe=One-Click" and no cookies, and must work as is.
 */
export async function notificationRoutes(fastify: FastifyInstance, { services, chrome }: Deps) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  // RFC 8058 lets mail programs send the one-click body as multipart/form-data;
  // the body says nothing the URL does not, so it is read and set aside.
  if (!app.hasContentTypeParser('multipart/form-data')) {
    app.addContentTypeParser('multipart/form-data', { parseAs: 'string', bodyLimit: 16 * 1024 }, (_req, _body, done) => done(null, {}));
  }

  app.addHook('onRequest', async (_req, reply) => {
    reply.header('cache-control', 'no-store');
  });

  /** A token the readers service refuses becomes a 400 saying what to do. */
  function badLink(err: unknown): never {
    if (isAppError(err) && err.status < 500) throw badLinkError();
    throw err;
  }

  const page = async (reply: FastifyReply, token: string, done: boolean) => sendPage(reply, UnsubscribePage({ chrome: await chrome(), token, done }) as VNode);

  app.get('/unsubscribe/:token', { schema: { params: TokenPath }, logSerializers: tokenFreeLogs, config: { rateLimit: RATE_LIMITS.unsubscribe } }, async (req, reply) => {
    // Checked without acting on it: opening the page turns nothing off.
    const id = readUnsubscribe(await services.settings.secret(), req.params.token);
    const reader = id === undefined ? undefined : await services.readers.byId(id);
    if (!reader) throw badLinkError();
    req.log.info({ readerId: reader.id }, 'unsubscribe link opened');
    return page(reply, req.params.token, false);
  });

  app.post('/unsubscribe/:token', { schema: { params: TokenPath }, logSerializers: tokenFreeLogs, config: { rateLimit: RATE_LIMITS.unsubscribe } }, async (req, reply) => {
    const reader = await services.readers.unsubscribe(req.params.token).catch(badLink);
    req.log.info({ readerId: reader.id }, 'reader unsubscribed from reply emails');
    return page(reply, req.params.token, true);
  });
}
