import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { VNode } from 'preact';
import { sendPage } from '../../views/render.js';
import { submitForm } from '../../views/forms.js';
import { requestLogWithout } from '../../platform/log-redaction.js';
import { RATE_LIMITS } from '../../platform/rate-limit.js';
import type { AdminPlugin, Form } from '../admin/admin.context.js';
import { field } from '../admin/admin.forms.js';
import { invitationProblem } from './staff-invitations.js';
import { AcceptInvitationPage, InvitationProblemPage } from './views/invitation-pages.js';

/** An invitation URL with its token masked, for logs. */
export const redactInvitationUrl = (url: string): string => url.replace(/(\/invitation\/)[^/?#]+/, '$1[token]');

const tokenFreeLogs = requestLogWithout(redactInvitationUrl);
const TokenPath = Type.Object({ token: Type.String() });

/** /admin/invitation/:token: an invited person chooses their first password, then signs in. */
export const invitationRoutes: AdminPlugin = async (fastify, { ctx }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { services, chrome } = ctx;

  app.get('/invitation/:token', { schema: { params: TokenPath }, logSerializers: tokenFreeLogs }, async (req, reply) => {
    const link = await services.invitations.check(req.params.token);
    if (link.state !== 'valid') {
      const problem = invitationProblem(link);
      return sendPage(reply, InvitationProblemPage({ chrome: await chrome(req, reply), status: problem.status, message: problem.message }) as VNode, problem.status);
    }
    return sendPage(reply, AcceptInvitationPage({ chrome: await chrome(req, reply), token: req.params.token, name: link.name, email: link.email }) as VNode);
  });

  app.post('/invitation/:token', { schema: { params: TokenPath }, logSerializers: tokenFreeLogs, config: { rateLimit: RATE_LIMITS.linkUse } }, async (req, reply) => {
    const { token } = req.params;
    const form = (req.body ?? {}) as Form;
    const link = await services.invitations.check(token);
    if (link.state !== 'valid') {
      const problem = invitationProblem(link);
      return sendPage(reply, InvitationProblemPage({ chrome: await chrome(req, reply), status: problem.status, message: problem.message }) as VNode, problem.status);
    }
    return submitForm(
      reply,
      async () => {
        await req.verifyCsrf();
        const { accountId } = await services.invitations.accept(token, field(form, 'password'), field(form, 'confirmation'));
        req.log.info({ accountId }, 'invitation accepted');
        return reply.redirect('/admin/sign-in', 303);
      },
      async (err) => {
        if (err.status === 404 || err.status === 410) return InvitationProblemPage({ chrome: await chrome(req, reply), status: err.status, message: err.message }) as VNode;
        return AcceptInvitationPage({ chrome: await chrome(req, reply), token, name: link.name, email: link.email, error: err.message }) as VNode;
      },
    );
  });
};
