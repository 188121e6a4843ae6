import crypto from 'node:crypto';
import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db/database.js';
import type { Role } from '../../platform/db/schema.js';
import { AppError, invalidInput, notFound } from '../../platform/errors.js';
import { type AccountsService, tokenHash } from '../accounts/accounts.service.js';
import { can, isRole } from '../accounts/permissions.js';
import type { Actor } from '../articles/editorial.types.js';
import type { AuditService } from '../audit/audit.service.js';
import * as repo from './tokens.repository.js';

/*
 * API tokens: long random secrets for integrations (a CMS sync, a wire
 * importer). A token carries a role and acts with exactly its permissions,
 * but belongs to no account and so owns no stories. The database keeps only
 * the SHA-256 of each token; the token itself is shown once, when created.
 */

/** Every token starts with this, so a leaked one is easy to recognise (and to scan for). */
export const TOKEN_PREFIX = 'bs_';
/** `bs_` and 32 random bytes in base64url (43 characters). */
export const TOKEN_PATTERN = /^bs_[A-Za-z0-9_-]{43}$/;
/** Record "last used" at most this often per token. */
export const TOUCH_EVERY_MS = 60_000;
export const MAX_NAME_LENGTH = 100;

/** A token as the newsroom sees it: never the token or its hash. */
export interface ApiToken {
  id: number;
  name: string;
  role: Role;
  createdBy: number | null;
  createdByName: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** What `create` answers: the only time the token itself is available. */
export interface CreatedToken {
  token: string;
  id: number;
  name: string;
  role: Role;
}

/** The Actor a token acts as; `tokenId` lets logs say which token without the secret. */
export interface TokenActor extends Actor {
  tokenId: number;
}

/** A fresh token: the prefix and 256 random bits. */
export const generateToken = (): string => TOKEN_PREFIX + crypto.randomBytes(32).toString('base64url');

/** Whether a string has the shape of a token (checked before any database work). */
export const looksLikeToken = (value: string): boolean => TOKEN_PATTERN.test(value);

/**
 * The token in an Authorization header value. `undefined` when there is no
 * header (anonymous), `null` when there is one but it is not "Bearer <token>".
 */
export function parseBearer(header: string | string[] | undefined): string | null | undefined {
  if (header === undefined) return undefined;
  if (typeof header !== 'string') return null;
  const m = /^Bearer[ ]+(\S+)[ ]*$/i.exec(header);
  return m ? (m[1] ?? null) : null;
}

/** The name used for the record: "API token “CMS sync”". */
export const tokenActorName = (name: string): string => `API token “${name}”`;

/** Whether a token last used at `lastUsedAt` should have its use recorded at `now`. */
export const shouldTouch = (lastUsedAt: string | null, now: Date): boolean => lastUsedAt === null || now.getTime() - Date.parse(lastUsedAt) >= TOUCH_EVERY_MS;

/** Check and clean what an admin typed; throws a 422 saying what is wrong. */
export function validateTokenInput(input: { name?: unknown; role?: unknown }): { name: string; role: Role } {
  const name = typeof input.name === 'string' ? input.name.replace(/\s+/g, ' ').trim() : '';
  if (!name) throw invalidInput('Give the token a name that says what uses it, such as "CMS sync".');
  if (Array.from(name).length > MAX_NAME_LENGTH) throw invalidInput(`A token's name is limited to ${MAX_NAME_LENGTH} characters.`);
  if (!isRole(input.role)) throw invalidInput(`"${String(input.role ?? '')}" is not a role; use admin, editor, author, contributor or moderator.`);
  return { name, role: input.role };
}

const forbidden = () => new AppError('forbidden', 403, 'Only admins can manage API tokens.');

export type TokensService = ReturnType<typeof createTokensService>;

export function createTokensService(db: Db, clock: Clock, { audit, accounts }: { audit: Pick<AuditService, 'record'>; accounts: Pick<AccountsService, 'namesOf'> }) {
  const present = (r: repo.ApiTokenRow, names: Map<number, string> = new Map()): ApiToken => ({
    id: r.id,
    name: r.name,
    role: r.role,
    createdBy: r.created_by,
    createdByName: (r.created_by !== null && names.get(r.created_by)) || null,
    createdAt: r.created_at,
    lastUsedAt: r.last_used_at,
    revokedAt: r.revoked_at,
  });

  return {
    /** Make a token. Only admins ('tokens.manage') may, and they may give it any role. */
    async create(actor: Actor, input: { name: string; role: Role }): Promise<CreatedToken> {
      if (!can(actor.role, 'tokens.manage')) throw forbidden();
      const { name, role } = validateTokenInput(input);
      const token = generateToken();
      const row = await db.transaction().execute(async (trx) => {
        const inserted = await repo.insertToken(trx, {
          name,
          token_hash: tokenHash(token),
          role,
          created_by: actor.accountId,
          created_at: clock.now().toISOString(),
          last_used_at: null,
          revoked_at: null,
        });
        await audit.record({ accountId: actor.accountId, action: 'token.create', subjectType: 'api_token', subjectId: inserted.id, details: { name, role } }, trx);
        return inserted;
      });
      return { token, id: row.id, name: row.name, role: row.role };
    },

    /** Every token, active ones first. */
    async list(): Promise<ApiToken[]> {
      const rows = await repo.listTokens(db);
      const names = await accounts.namesOf(rows.map((r) => r.created_by).filter((a): a is number => a !== null));
      return rows.map((r) => present(r, names));
    },

    async byId(id: number): Promise<ApiToken | undefined> {
      const r = await repo.findById(db, id);
      return r && present(r);
    },

    /** Revoke a token: from now on it authenticates nothing. Revoking twice changes nothing. */
    async revoke(actor: Actor, id: number): Promise<ApiToken> {
      if (!can(actor.role, 'tokens.manage')) throw forbidden();
      const existing = await repo.findById(db, id);
      if (!existing) throw notFound('API token');
      if (existing.revoked_at === null) {
        await db.transaction().execute(async (trx) => {
          await repo.revokeToken(trx, id, clock.now().toISOString());
          await audit.record({ accountId: actor.accountId, action: 'token.revoke', subjectType: 'api_token', subjectId: id, details: { name: existing.name } }, trx);
        });
      }
      return present((await repo.findById(db, id))!);
    },

    /**
     * Revoke every token an account created, when the account is disabled or
     * deleted (the caller records that in the audit log). Pass the caller's
     * transaction to do it atomically with the change. Returns how many.
     */
    async revokeAllCreatedBy(accountId: number, trx: Db = db): Promise<number> {
      return repo.revokeTokensCreatedBy(trx, accountId, clock.now().toISOString());
    },

    /**
     * The Actor a bearer token stands for, or undefined when it is malformed,
     * unknown or revoked. Records use at most once a minute per token.
     */
    async authenticate(bearer: string | undefined | null): Promise<TokenActor | undefined> {
      if (!bearer || !looksLikeToken(bearer)) return undefined;
      const row = await repo.findByHash(db, tokenHash(bearer));
      if (!row || row.revoked_at !== null || !isRole(row.role)) return undefined;
      const now = clock.now();
      if (shouldTouch(row.last_used_at, now)) {
        await repo.touchToken(db, row.id, now.toISOString(), new Date(now.getTime() - TOUCH_EVERY_MS + 1).toISOString());
      }
      return { accountId: null, role: row.role, authorId: null, name: tokenActorName(row.name), tokenId: row.id };
    },
  };
}
