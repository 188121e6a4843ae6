import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { type AppError, invalidInput } from '../../platform/errors.js';
import { IdPath } from '../../platform/route-schemas.js';
import { sendPage } from '../../views/render.js';
import { type AdminPlugin, actorOf, type Form } from '../admin/admin.context.js';
import { field, logRefusal, noticeFrom, parseId, pathId } from '../admin/admin.forms.js';
import { missingOrForbidden, submitForm } from '../../views/forms.js';
import type { Account } from './accounts.service.js';
import type { StaffMember } from './staff.service.js';
import { type StaffForm, StaffListPage, StaffMemberPage } from './views/staff-pages.js';

const LIST_NOTICES = {
  invited: 'Invitation sent.',
  deleted: 'Account deleted.',
};

const MEMBER_NOTICES = {
  role: 'Role changed: it applies from their next request.',
  disabled: 'Account disabled: its sessions have ended and its API tokens are revoked.',
  enabled: 'Account enabled: they can sign in again.',
  reset: 'Two-step sign-in reset: they sign in with their password alone until they set it up again.',
};

/** A destructive form's confirmation box must be ticked; the browser checks it too. */
function confirmed(form: Form, what: string): void {
  if (field(form, 'confirm') !== 'yes') throw invalidInput(`Tick the box to confirm that you want to ${what}.`);
}

/**
 * /admin/staff: admins list staff, invite people, change roles, disable,
 * re-enable and delete accounts, and reset a lost two-step sign-in. The
 * rules (and the audit log) are the staff service's; every form carries a
 * CSRF token.
 */
export const staffRoutes: AdminPlugin = async (app, { ctx }) => {
  const { services, chrome, requireStaff } = ctx;

  /** The admin, or null when the visitor was sent to sign in; CSRF checked for posts. */
  async function admin(req: FastifyRequest, reply: FastifyReply, post: boolean): Promise<Account | null> {
    const account = requireStaff(req, reply, 'accounts.manage');
    if (account && post) await req.verifyCsrf();
    return account;
  }

  async function listPage(req: FastifyRequest, reply: FastifyReply, account: Account, extra: { notice?: string | undefined; error?: string; values?: Form } = {}) {
    const [c, zone, staff] = await Promise.all([chrome(req, reply), services.settings.get(), services.staff.list(actorOf(account))]);
    return StaffListPage({ chrome: c, zone, staff, ...extra }) as VNode;
  }

  async function memberPage(req: FastifyRequest, reply: FastifyReply, account: Account, id: number, extra: { notice?: string | undefined; error?: { form: StaffForm; message: string } } = {}) {
    const [c, zone, member, authors] = await Promise.all([chrome(req, reply), services.settings.get(), services.staff.byId(actorOf(account), id), services.authors.list()]);
    return StaffMemberPage({ chrome: c, zone, member, self: member.id === account.id, authors: authors.map((a) => ({ id: a.id, name: a.name })), ...extra }) as VNode;
  }

  app.get('/staff', async (req, reply) => {
    const account = await admin(req, reply, false);
    if (!account) return reply;
    return sendPage(reply, await listPage(req, reply, account, { notice: noticeFrom(req.query, LIST_NOTICES) }));
  });

  app.post('/staff/invite', async (req, reply) => {
    const account = await admin(req, reply, true);
    if (!account) return reply;
    const form = (req.body ?? {}) as Form;
    return submitForm(
      reply,
      async () => {
        const { member } = await services.staff.invite(actorOf(account), { email: field(form, 'email'), name: field(form, 'name'), role: field(form, 'role') });
        req.log.info({ accountId: account.id, invitedId: member.id, role: member.role }, 'staff invited');
        return reply.redirect('/admin/staff?invited', 303);
      },
      (err) => {
        logRefusal(req, err, 'staff invitation');
        return listPage(req, reply, account, { error: err.message, values: { email: field(form, 'email'), name: field(form, 'name'), role: field(form, 'role') } });
      },
      missingOrForbidden,
    );
  });

  app.get<{ Params: { id: string } }>('/staff/:id', { schema: { params: IdPath } }, async (req, reply) => {
    const account = await admin(req, reply, false);
    if (!account) return reply;
    return sendPage(reply, await memberPage(req, reply, account, pathId(req.params, 'staff account'), { notice: noticeFrom(req.query, MEMBER_NOTICES) }));
  });

  /** One action on one account: run it, then show the account (or the list) with a notice, or the form again with what went wrong. */
  function action(path: string, form: StaffForm, run: (actor: Account, id: number, body: Form) => Promise<StaffMember | { bylinesMoved: number }>, done: (id: number) => string) {
    app.post(`/staff/:id/${path}`, { schema: { params: IdPath } }, async (req, reply) => {
      const account = await admin(req, reply, true);
      if (!account) return reply;
      const id = pathId(req.params as { id: string }, 'staff account');
      const body = (req.body ?? {}) as Form;
      return submitForm(
        reply,
        async () => {
          await run(account, id, body);
          req.log.info({ accountId: account.id, staffId: id, action: path }, 'staff account changed');
          return reply.redirect(done(id), 303);
        },
        (err: AppError) => {
          logRefusal(req, err, `staff ${path}`);
          return memberPage(req, reply, account, id, { error: { form, message: err.message } });
        },
        missingOrForbidden,
      );
    });
  }

  const staff = () => services.staff;
  action(
    'role',
    'role',
    (a, id, f) => staff().changeRole(actorOf(a), id, field(f, 'role')),
    (id) => `/admin/staff/${id}?role`,
  );
  action(
    'disable',
    'disable',
    async (a, id, f) => {
      confirmed(f, 'disable this account');
      return staff().disable(actorOf(a), id);
    },
    (id) => `/admin/staff/${id}?disabled`,
  );
  action(
    'enable',
    'enable',
    (a, id) => staff().enable(actorOf(a), id),
    (id) => `/admin/staff/${id}?enabled`,
  );
  action(
    'two-step/reset',
    'two-step',
    async (a, id, f) => {
      confirmed(f, 'reset their two-step sign-in');
      return staff().resetTwoStep(actorOf(a), id);
    },
    (id) => `/admin/staff/${id}?reset`,
  );
  action(
    'delete',
    'delete',
    async (a, id, f) => {
      confirmed(f, 'delete this account');
      const raw = field(f, 'bylinesTo');
      const to = raw ? parseId(raw) : null;
      if (to === undefined) throw invalidInput('Choose the author who takes over the bylines from the list.');
      return staff().remove(actorOf(a), id, to);
    },
    () => '/admin/staff?deleted',
  );
};
