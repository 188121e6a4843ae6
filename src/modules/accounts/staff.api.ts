import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { ErrorBody, Nullable, rejectUnknownFields, StringEnum } from '../../platform/api-schemas.js';
import { badRequest, notFound } from '../../platform/errors.js';
import { IdPath } from '../../platform/route-schemas.js';
import { BEARER_SECURITY, needsToken, requireActor } from '../tokens/tokens.auth.js';
import { ROLES } from './permissions.js';
import type { StaffService } from './staff.service.js';

const StaffMemberSchema = Type.Object(
  {
    id: Type.Integer(),
    name: Type.String(),
    email: Type.String(),
    role: StringEnum(ROLES),
    status: StringEnum(['active', 'invited', 'disabled'], { description: '`invited`: the emailed link to choose a password is not used yet.' }),
    authorId: Nullable(Type.Integer(), { description: 'The author profile the account writes as, if any.' }),
    lastSignInAt: Nullable(Type.String()),
    disabledAt: Nullable(Type.String()),
    createdAt: Type.String(),
    twoStep: Type.Boolean({ description: 'Whether two-step sign-in is on.' }),
  },
  { $id: 'StaffMember' },
);

const Invite = Type.Object({
  email: Type.String({ maxLength: 320 }),
  name: Type.String({ maxLength: 200 }),
  role: Type.String({ maxLength: 40, description: 'admin, editor, author, contributor or moderator.' }),
});

const Change = Type.Object({
  role: Type.Optional(Type.String({ maxLength: 40 })),
  disabled: Type.Optional(Type.Boolean({ description: 'true ends every session of the account, revokes every API token it made and spends its emailed links; false lets it sign in again.' })),
});

const DeleteQuery = Type.Object({
  bylinesTo: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,9}$', description: 'The author who takes over the account’s bylines (required when it has an author profile).' })),
});

const errors = (...statuses: number[]) => Object.fromEntries(statuses.map((s) => [s, ErrorBody]));
const one = Type.Object({ data: StaffMemberSchema });
const ADMIN_ONLY = 'Needs a token with the admin role.';

/**
 * /api/v1/staff: the newsroom's accounts, for admins' tokens, with the same
 * rules as the staff page (docs/accounts.md): no change may leave the site
 * without an active admin, and every change is in the audit log.
 */
export async function staffApi(fastify: FastifyInstance, { staff }: { staff: StaffService }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const id = (params: { id: string }) => {
    const n = Number(params.id);
    if (!Number.isSafeInteger(n) || n < 1) throw notFound('account');
    return n;
  };
  const route = <S extends object>(summary: string, extra: S) => ({
    onRequest: needsToken('accounts.manage'),
    schema: { tags: ['staff'], security: BEARER_SECURITY, summary, description: ADMIN_ONLY, ...extra },
  });

  app.get('/staff', route('Every staff account', { response: { 200: Type.Object({ data: Type.Array(StaffMemberSchema) }), ...errors(401, 403) } }), async (req, reply) => ({
    data: await staff.list(requireActor(req, reply, 'accounts.manage')),
  }));

  app.get('/staff/:id', route('One staff account', { params: IdPath, response: { 200: one, ...errors(401, 403, 404) } }), async (req, reply) => ({
    data: await staff.byId(requireActor(req, reply, 'accounts.manage'), id(req.params)),
  }));

  app.post(
    '/staff',
    {
      ...route('Invite someone by email', {
        description: `${ADMIN_ONLY} Makes the account and emails a link, good once for seven days, to choose a password. Inviting an address whose invitation is still open sends a new link (\`resent\`). 503 when the email could not be sent (no link is then out).`,
        body: Invite,
        response: { 201: Type.Object({ data: StaffMemberSchema, resent: Type.Boolean() }), ...errors(400, 401, 403, 409, 422, 503) },
      }),
      preValidation: rejectUnknownFields,
    },
    async (req, reply) => {
      const invitation = await staff.invite(requireActor(req, reply, 'accounts.manage'), req.body);
      return reply.code(201).send({ data: invitation.member, resent: invitation.resent });
    },
  );

  app.patch(
    '/staff/:id',
    {
      ...route('Change an account’s role, or disable or enable it', { params: IdPath, body: Change, response: { 200: one, ...errors(400, 401, 403, 404, 409, 422) } }),
      preValidation: rejectUnknownFields,
    },
    async (req, reply) => {
      const actor = requireActor(req, reply, 'accounts.manage');
      const target = id(req.params);
      const { role, disabled } = req.body ?? {};
      if (role === undefined && disabled === undefined) throw badRequest('Send role, disabled or both.');
      // Enable before a role change and disable after it, so an account is never changed while it could still act.
      if (disabled === false) await staff.enable(actor, target);
      if (role !== undefined) await staff.changeRole(actor, target, role);
      if (disabled === true) await staff.disable(actor, target);
      return { data: await staff.byId(actor, target) };
    },
  );

  app.delete(
    '/staff/:id',
    route('Delete an account, handing on its bylines', {
      description: `${ADMIN_ONLY} Answers 200 with how many stories changed byline. The author profile stays as a page of its own.`,
      params: IdPath,
      querystring: DeleteQuery,
      response: { 200: Type.Object({ data: Type.Object({ bylinesMoved: Type.Integer() }) }), ...errors(400, 401, 403, 404, 409, 422) },
    }),
    async (req, reply) => {
      const actor = requireActor(req, reply, 'accounts.manage');
      const to = req.query.bylinesTo === undefined ? null : Number(req.query.bylinesTo);
      return { data: await staff.remove(actor, id(req.params), to) };
    },
  );

  app.delete(
    '/staff/:id/two-step',
    route('Turn off an account’s two-step sign-in (a lost authenticator)', { params: IdPath, response: { 200: one, ...errors(401, 403, 404, 409) } }),
    async (req, reply) => ({ data: await staff.resetTwoStep(requireActor(req, reply, 'accounts.manage'), id(req.params)) }),
  );
}
