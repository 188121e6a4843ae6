import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { VNode } from 'preact';
import { badRequest, invalidInput } from '../../platform/errors.js';
import { IdPath } from '../../platform/route-schemas.js';
import { submitForm } from '../../views/forms.js';
import { sendPage } from '../../views/render.js';
import { type AdminPlugin, actorOf } from '../admin/admin.context.js';
import { pathId } from '../admin/admin.forms.js';
import type { Transition } from './editorial.types.js';
import { parseLocalDateTime, parseVersion, type SubmittedForm, value } from './editor.form.js';
import { editorPages, missingOrExpired, offeredSteps } from './editor.render.js';
import { CONFIRMED_STEPS, type ConfirmedStep, StepConfirmPage } from './views/step-confirm-page.js';

const TRANSITIONS: Transition[] = ['submit', 'return-to-draft', 'publish', 'schedule', 'unschedule', 'unpublish'];

/**
 * The editor's workflow steps (submit, publish, schedule, …), live updates
 * and corrections. Each answers with the editor again, with a notice or with
 * the step's error next to its form.
 */
export const editorWorkflowRoutes: AdminPlugin = async (fastify, { ctx }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { services, requireStaff, chrome } = ctx;
  const editorial = services.editorial;
  const { editorWithError } = editorPages(ctx);

  /** Whether `step` asks first (publish now, unpublish) and this person may take it: then the form must say `confirmed=1`. */
  const asksFirst = (step: Transition): step is ConfirmedStep => step in CONFIRMED_STEPS;

  app.post('/articles/:id/transition', { schema: { params: IdPath } }, async (req, reply) => {
    const id = pathId(req.params, 'article');
    await req.verifyCsrf();
    const account = requireStaff(req, reply);
    if (!account) return reply;
    const form = (req.body ?? {}) as SubmittedForm;
    const step = value(form, 'transition') as Transition | undefined;
    if (!step || !TRANSITIONS.includes(step)) throw badRequest(`"transition" must be one of ${TRANSITIONS.join(', ')}.`);
    const baseVersion = parseVersion(value(form, 'baseVersion'));
    const publishAtLocal = value(form, 'publishAt') ?? '';
    if (asksFirst(step) && value(form, 'confirmed') !== '1') {
      // Not confirmed (no script to ask): ask on a page of its own. A step this person may not take goes on, to be refused as usual.
      const article = await editorial.get(actorOf(account), id);
      if (offeredSteps(article)[step]) {
        return sendPage(reply, StepConfirmPage({ chrome: await chrome(req, reply), id, headline: article.headline, step, baseVersion }) as VNode);
      }
    }
    return submitForm(
      reply,
      async () => {
        const options: { publishAt?: string; baseVersion?: number } = baseVersion !== undefined ? { baseVersion } : {};
        const { timezone } = await services.settings.get();
        const at = parseLocalDateTime(publishAtLocal, timezone, 'The publication time');
        if (step === 'schedule' && at === null) throw invalidInput('Choose when the story should be published.');
        // A time sent with any step goes to the service, which honours it (publish, schedule) or refuses it: never dropped unread.
        if (at !== null) options.publishAt = at;
        await editorial.transition(actorOf(account), id, step, options);
        return reply.redirect(`/admin/articles/${id}?notice=${step}`, 303);
      },
      (err) => editorWithError(req, reply, account, id, err, { errorAt: 'status', scheduleValue: publishAtLocal }),
      missingOrExpired,
    );
  });

  for (const [kind, path] of [
    ['live-update', '/articles/:id/live-updates'],
    ['correction', '/articles/:id/corrections'],
  ] as const) {
    app.post(path, { schema: { params: IdPath } }, async (req, reply) => {
      const id = pathId(req.params, 'article');
      await req.verifyCsrf();
      const account = requireStaff(req, reply);
      if (!account) return reply;
      const text = (value((req.body ?? {}) as SubmittedForm, 'body') ?? '').replace(/\r\n?/g, '\n');
      return submitForm(
        reply,
        async () => {
          if (kind === 'live-update') await editorial.addLiveUpdate(actorOf(account), id, text);
          else await editorial.addCorrection(actorOf(account), id, text);
          return reply.redirect(`/admin/articles/${id}?notice=${kind}`, 303);
        },
        (err) => editorWithError(req, reply, account, id, err, kind === 'live-update' ? { errorAt: 'live-update', liveUpdateText: text } : { errorAt: 'correction', correctionText: text }),
        missingOrExpired,
      );
    });
  }
};
