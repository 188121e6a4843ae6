import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db/database.js';
import type { Role } from '../../platform/db/schema.js';
import { AppError, conflict, forbidden, invalidInput, notFound } from '../../platform/errors.js';
import type { Mailer } from '../../platform/mailer.js';
import { newToken, tokenHash } from '../../platform/secret-token.js';
import { singleLine } from '../../platform/text-rules.js';
import type { Actor } from '../articles/editorial.types.js';
import type { AuditService } from '../audit/audit.service.js';
import type { SettingsService } from '../settings/settings.service.js';
import * as repo from './accounts.repository.js';
import * as staff from './staff.repository.js';
import { normaliseEmail } from './accounts.service.js';
import { lockFirstAdmin } from './first-admin.js';
import { can, isRole } from './permissions.js';
import { invitationMessage } from './staff-invitations.js';

const DAY = 86_400_000;
/** An invitation link works for this long after it is sent. */
export const INVITATION_TTL_MS = 7 * DAY;

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,255}\.[^\s@]{2,}$/;

/** An invited account has no password until the person sets one through the link. */
export const NO_PASSWORD = '';

export type StaffStatus = 'active' | 'invited' | 'disabled';

/** A staff member as the staff list shows it: never a password hash or a secret. */
export interface StaffMember {
  id: number;
  name: string;
  email: string;
  role: Role;
  status: StaffStatus;
  authorId: number | null;
  lastSignInAt: string | null;
  disabledAt: string | null;
  createdAt: string;
  twoStep: boolean;
}

/** How an invitation went: the account, and whether its email reached the mail server. */
export interface Invitation {
  member: StaffMember;
  resent: boolean;
}

export interface StaffDeps {
  db: Db;
  clock: Clock;
  settings: SettingsService;
  mailer: Mailer;
  siteUrl: string;
  audit: Pick<AuditService, 'record'>;
  tokens: { revokeAllCreatedBy(accountId: number, trx?: Db): Promise<number> };
  bylines: { moveBylines(fromAuthorId: number, toAuthorId: number, trx?: Db): Promise<number[]>; announce(articleIds: number[]): void };
  authors: { byId(id: number): Promise<{ id: number; name: string } | undefined> };
}

type StaffRow = Awaited<ReturnType<typeof staff.listStaff>>[number];

const present = (r: StaffRow): StaffMember => ({
  id: r.id,
  name: r.name,
  email: r.email,
  role: r.role,
  status: r.disabled === 1 ? 'disabled' : r.password_hash === NO_PASSWORD ? 'invited' : 'active',
  authorId: r.author_id,
  lastSignInAt: r.last_sign_in_at,
  disabledAt: r.disabled_at,
  createdAt: r.created_at,
  twoStep: Boolean(r.secret),
});

const onlyAdmins = () => forbidden('Only admins can manage staff accounts.');
const lastAdmin = (what: string) => conflict(`${what} would leave the newsroom without an active admin. Make another account an admin first.`);

export type StaffService = ReturnType<typeof createStaffService>;

async function memberById(db: Db, id: number): Promise<StaffMember> {
  const row = (await staff.listStaff(db)).find((r) => r.id === id);
  if (!row) throw notFound('staff account');
  return present(row);
}

/** Inside a transaction: refuse when the change leaves no other active admin. */
async function keepAnAdmin(trx: Db, target: StaffMember, what: string): Promise<void> {
  if (target.role !== 'admin' || target.status === 'disabled') return;
  await lockFirstAdmin(trx);
  if ((await staff.countOtherActiveAdmins(trx, target.id)) === 0) throw lastAdmin(what);
}

function allowed(actor: Actor): void {
  if (!can(actor.role, 'accounts.manage')) throw onlyAdmins();
}

function notYourself(actor: Actor, target: StaffMember, what: string): void {
  if (actor.accountId === target.id) throw conflict(`You cannot ${what} your own account here; ask another admin.`);
}

/** Store a new invitation link for an account (ending its older links); returns how to send its email. */
async function storeInvitation(
  trx: Db,
  deps: Pick<StaffDeps, 'clock' | 'mailer' | 'siteUrl'>,
  siteName: string,
  target: { id: number; email: string; name: string },
  inviter: string,
): Promise<() => Promise<void>> {
  const token = newToken();
  const at = deps.clock.now();
  await staff.spendLinksOf(trx, target.id, at.toISOString());
  await trx
    .insertInto('password_resets')
    .values({
      token_hash: tokenHash(token),
      account_id: target.id,
      created_at: at.toISOString(),
      expires_at: new Date(at.getTime() + INVITATION_TTL_MS).toISOString(),
      used_at: null,
      purpose: 'invite',
    })
    .execute();
  const link = `${deps.siteUrl.replace(/\/+$/, '')}/admin/invitation/${token}`;
  const message = invitationMessage({ to: target.email, name: target.name, inviter, siteName, link });
  return () => deps.mailer.send(message);
}

/** An invitation's email, name and role, checked; every problem a 422 saying what to fix. */
function checkedInvitation(input: { email: string; name: string; role: string }): { email: string; name: string; role: Role } {
  const email = normaliseEmail(String(input.email ?? ''));
  if (!EMAIL.test(email) || email.length > 320) throw invalidInput(`"${String(input.email ?? '')}" is not an email address.`);
  const name = String(input.name ?? '').trim();
  if (!name || name.length > 200) throw invalidInput('Give the person a name of 1 to 200 characters.');
  singleLine('The name', name);
  if (!isRole(input.role)) throw invalidInput(`"${String(input.role ?? '')}" is not a role; use admin, editor, author, contributor or moderator.`);
  return { email, name, role: input.role };
}

/**
 * Admins managing the newsroom's accounts: inviting, changing roles,
 * disabling and re-enabling, deleting (with the bylines handed on), and
 * resetting a lost two-step sign-in. Every change is in the audit log, in
 * the transaction that makes it; none may leave the site without an active
 * admin, and no admin may disable, demote or delete themself here.
 */
export function createStaffService({ db, clock, settings, mailer, siteUrl, audit, tokens, bylines, authors }: StaffDeps) {
  const now = () => clock.now().toISOString();
  const sendInvitation = (trx: Db, siteName: string, target: { id: number; email: string; name: string }, inviter: string) =>
    storeInvitation(trx, { clock, mailer, siteUrl }, siteName, target, inviter);

  const member = (id: number, trx: Db = db) => memberById(trx, id);

  return {
    async list(actor: Actor): Promise<StaffMember[]> {
      allowed(actor);
      return (await staff.listStaff(db)).map(present);
    },

    async byId(actor: Actor, id: number): Promise<StaffMember> {
      allowed(actor);
      return member(id);
    },

    /**
     * Invite someone by email: an account with no password yet, and a link,
     * good for a week and once, to choose one. Inviting an address whose
     * invitation is still open sends a new link (the old one stops working).
     * The email is sent before this answers, so the admin learns if it failed.
     */
    async invite(actor: Actor, input: { email: string; name: string; role: string }): Promise<Invitation> {
      allowed(actor);
      const { email, name, role } = checkedInvitation(input);
      // Read before the transaction: on SQLite it holds the one connection.
      const siteName = (await settings.get()).name;
      const { id, resent, send } = await db.transaction().execute(async (trx) => {
        const existing = await repo.findByEmail(trx, email);
        if (existing && (existing.password_hash !== NO_PASSWORD || existing.disabled === 1)) throw conflict(`An account for ${email} already exists.`);
        const at = now();
        const row =
          existing ?? (await repo.insertAccount(trx, { email, name, role, password_hash: NO_PASSWORD, author_id: null, disabled: 0, created_at: at, updated_at: at, password_changed_at: at }));
        if (existing) await staff.setRole(trx, row.id, role, at);
        const send = await sendInvitation(trx, siteName, row, actor.name);
        await audit.record({ accountId: actor.accountId, action: existing ? 'account.reinvite' : 'account.invite', subjectType: 'account', subjectId: row.id, details: { email, role } }, trx);
        return { id: row.id, resent: Boolean(existing), send };
      });
      try {
        await send();
      } catch {
        await staff.spendLinksOf(db, id, now());
        throw new AppError('mail_failed', 503, `The invitation email to ${email} could not be sent, so no link is out. Check the mail settings (SMTP_URL), then invite ${email} again.`, {
          accountId: id,
        });
      }
      return { member: await member(id), resent };
    },

    /** Change an account's role. An admin cannot demote themself or the last active admin. */
    async changeRole(actor: Actor, id: number, role: string): Promise<StaffMember> {
      allowed(actor);
      if (!isRole(role)) throw invalidInput(`"${String(role ?? '')}" is not a role; use admin, editor, author, contributor or moderator.`);
      return db.transaction().execute(async (trx) => {
        const target = await member(id, trx);
        if (target.role === role) return target;
        notYourself(actor, target, 'change the role of');
        if (role !== 'admin') await keepAnAdmin(trx, target, 'Changing this role');
        await staff.setRole(trx, id, role, now());
        await audit.record({ accountId: actor.accountId, action: 'account.role', subjectType: 'account', subjectId: id, details: { from: target.role, to: role } }, trx);
        return member(id, trx);
      });
    },

    /**
     * Disable an account: at once, every session it has ends, every API
     * token it made is revoked and every emailed link stops working. Its
     * author profile and bylines stay. Disabling twice changes nothing.
     */
    async disable(actor: Actor, id: number): Promise<StaffMember> {
      allowed(actor);
      return db.transaction().execute(async (trx) => {
        const target = await member(id, trx);
        if (target.status === 'disabled') return target;
        notYourself(actor, target, 'disable');
        await keepAnAdmin(trx, target, 'Disabling this account');
        const at = now();
        await staff.setDisabled(trx, id, at, at);
        const sessionsEnded = await repo.deleteSessionsOf(trx, id);
        const tokensRevoked = await tokens.revokeAllCreatedBy(id, trx);
        await staff.spendLinksOf(trx, id, at);
        await audit.record({ accountId: actor.accountId, action: 'account.disable', subjectType: 'account', subjectId: id, details: { sessionsEnded, tokensRevoked } }, trx);
        return member(id, trx);
      });
    },

    /** Let a disabled account sign in again (its revoked API tokens stay revoked). */
    async enable(actor: Actor, id: number): Promise<StaffMember> {
      allowed(actor);
      return db.transaction().execute(async (trx) => {
        const target = await member(id, trx);
        if (target.status !== 'disabled') return target;
        await staff.setDisabled(trx, id, null, now());
        await audit.record({ accountId: actor.accountId, action: 'account.enable', subjectType: 'account', subjectId: id }, trx);
        return member(id, trx);
      });
    },

    /**
     * Delete an account. Its bylines go to the author `bylinesTo` (required
     * when the account has an author profile); the profile itself stays, as
     * a page of its own. Refused for yourself and for the last active admin.
     */
    async remove(actor: Actor, id: number, bylinesTo: number | null): Promise<{ bylinesMoved: number }> {
      allowed(actor);
      const into = bylinesTo === null ? undefined : await authors.byId(bylinesTo);
      if (bylinesTo !== null && !into) throw invalidInput('The author to give the bylines to no longer exists; choose another.');
      const result = await db.transaction().execute(async (trx) => {
        const target = await member(id, trx);
        notYourself(actor, target, 'delete');
        await keepAnAdmin(trx, target, 'Deleting this account');
        if (target.authorId !== null && !into) throw invalidInput(`Choose the author who takes over ${target.name}'s bylines.`);
        if (target.authorId !== null && into && into.id === target.authorId) throw invalidInput(`Choose an author other than ${target.name}: their bylines must go to someone else.`);
        const moved = target.authorId !== null && into ? await bylines.moveBylines(target.authorId, into.id, trx) : [];
        const tokensRevoked = await tokens.revokeAllCreatedBy(id, trx);
        await staff.deleteAccount(trx, id);
        await audit.record(
          {
            accountId: actor.accountId,
            action: 'account.delete',
            subjectType: 'account',
            subjectId: id,
            details: { name: target.name, email: target.email, role: target.role, bylinesTo: into?.id ?? null, bylinesMoved: moved.length, tokensRevoked },
          },
          trx,
        );
        return moved;
      });
      bylines.announce(result);
      return { bylinesMoved: result.length };
    },

    /** Turn off another account's two-step sign-in (a lost authenticator and recovery codes): it signs in with its password again. */
    async resetTwoStep(actor: Actor, id: number): Promise<StaffMember> {
      allowed(actor);
      return db.transaction().execute(async (trx) => {
        const target = await member(id, trx);
        notYourself(actor, target, 'reset two-step sign-in of');
        const had = await staff.deleteTwoFactorOf(trx, id);
        if (!had) throw conflict(`${target.name} does not have two-step sign-in on; there is nothing to reset.`);
        await audit.record({ accountId: actor.accountId, action: 'account.two_step_reset', subjectType: 'account', subjectId: id }, trx);
        return member(id, trx);
      });
    },
  };
}
