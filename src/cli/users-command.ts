import { parseArgs } from 'node:util';
import type { Actor } from '../modules/articles/editorial.types.js';
import type { StaffMember, StaffService } from '../modules/accounts/staff.service.js';
import { AppError } from '../platform/errors.js';
import { UsageError } from './settings-command.js';

/*
 * `broadsheet users list|invite|role|disable|enable`: the staff page's
 * actions for whoever runs commands on the server, under the same rules
 * (no change leaves the site without an active admin). The audit log
 * records them without an account: they were made on the server itself.
 */

/** Who the command line acts as: the operator, with an admin's rights. */
export const CLI_ACTOR: Actor = { accountId: null, role: 'admin', authorId: null, name: 'the command line' };

const SUBCOMMANDS = ['list', 'invite', 'role', 'disable', 'enable'];
const HINT = 'run "broadsheet users --help" for usage';

export type UsersRequest =
  { action: 'list' } | { action: 'invite'; email: string; role: string; name: string } | { action: 'role'; account: string; role: string } | { action: 'disable' | 'enable'; account: string };

/** Parse `users …` arguments; a UsageError names what is wrong. */
export function parseUsersArgs(args: string[]): UsersRequest {
  const [action, ...rest] = args;
  if (!action) throw new UsageError(`users needs one of: ${SUBCOMMANDS.join(', ')}; ${HINT}`);
  if (!SUBCOMMANDS.includes(action)) throw new UsageError(`"${action}" is not a users command; use ${SUBCOMMANDS.join(', ')}`);
  let parsed: ReturnType<typeof parseArgs<{ options: { email: { type: 'string' }; role: { type: 'string' }; name: { type: 'string' } }; allowPositionals: true; strict: true; args: string[] }>>;
  try {
    parsed = parseArgs({ args: rest, options: { email: { type: 'string' }, role: { type: 'string' }, name: { type: 'string' } }, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError(`users ${action}: ${(err as Error).message.split('. ')[0]}; ${HINT}`);
  }
  const { values, positionals } = parsed;
  const options = Object.keys(values);
  if (action === 'invite') {
    if (positionals.length > 0) throw new UsageError(`users invite takes --email and --role, not "${positionals[0]}"; ${HINT}`);
    if (!values.email || !values.role) throw new UsageError('users invite needs --email and --role, e.g. broadsheet users invite --email ana@example.org --role author --name "Ana Ruiz"');
    return { action, email: values.email, role: values.role, name: values.name ?? values.email.split('@')[0]! };
  }
  if (options.length > 0) throw new UsageError(`users ${action} takes no --${options[0]}; ${HINT}`);
  const wanted = action === 'list' ? 0 : action === 'role' ? 2 : 1;
  if (positionals.length !== wanted) {
    const shape = { list: 'users list', role: 'users role ACCOUNT ROLE', disable: 'users disable ACCOUNT', enable: 'users enable ACCOUNT' }[action];
    throw new UsageError(`${shape} (ACCOUNT: an email or an id): got ${positionals.length === 0 ? 'nothing' : positionals.map((p) => `"${p}"`).join(' ')}`);
  }
  if (action === 'list') return { action };
  if (action === 'role') return { action, account: positionals[0]!, role: positionals[1]! };
  return { action: action as 'disable' | 'enable', account: positionals[0]! };
}

/** One line per account, for `users list`. */
export function describeMember(m: StaffMember): string {
  const lastSignIn = m.lastSignInAt ? `last sign-in ${m.lastSignInAt}` : 'never signed in';
  return `${m.id}\t${m.email}\t${m.role}\t${m.status}\t${lastSignIn}\ttwo-step ${m.twoStep ? 'on' : 'off'}\t${m.name}`;
}

/** Run a users request; returns the lines to print. Refusals are the service's AppErrors. */
export async function runUsersCommand(request: UsersRequest, staff: StaffService): Promise<string[]> {
  if (request.action === 'list') {
    const all = await staff.list(CLI_ACTOR);
    return all.length === 0 ? ['No staff accounts yet: invite one with "broadsheet users invite" or create one with "broadsheet create-user".'] : all.map(describeMember);
  }
  if (request.action === 'invite') {
    const { member, resent } = await staff.invite(CLI_ACTOR, request);
    return [`${resent ? 'Invited again' : 'Invited'} ${member.email} as ${member.role}: an email with a link to choose a password is on its way (the link works for seven days).`];
  }
  const id = await accountId(staff, request.account);
  if (request.action === 'role') {
    const m = await staff.changeRole(CLI_ACTOR, id, request.role);
    return [`${m.email} is now ${m.role}.`];
  }
  if (request.action === 'disable') {
    const m = await staff.disable(CLI_ACTOR, id);
    return [`Disabled ${m.email}: its sessions have ended and its API tokens are revoked.`];
  }
  const m = await staff.enable(CLI_ACTOR, id);
  return [`Enabled ${m.email}: it can sign in again.`];
}

/** The id of the account named by an email or an id; a 404 AppError when there is none. */
async function accountId(staff: StaffService, account: string): Promise<number> {
  const all = await staff.list(CLI_ACTOR);
  const wanted = account.trim().toLowerCase();
  const found = /^\d+$/.test(wanted) ? all.find((m) => m.id === Number(wanted)) : all.find((m) => m.email === wanted);
  if (!found) throw new AppError('not_found', 404, `no staff account "${account}"; "broadsheet users list" shows them`);
  return found.id;
}
