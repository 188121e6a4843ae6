import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type Action, can } from '../accounts/permissions.js';
import { parseBearer, type TokenActor } from './tokens.service.js';
import { AppError } from '../../platform/errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who an /api/v1 request acts as: the API token's actor, or null for anonymous requests. */
    apiActor: TokenActor | null;
  }
}

export interface ApiAuthOptions {
  tokens: { authenticate(bearer: string | null | undefined): Promise<TokenActor | undefined> };
}

export const INVALID_TOKEN_MESSAGE = 'That API token is not valid or has been revoked.';

/**
 * Authentication for the JSON API. A request without an Authorization
 * header is anonymous (fine for the public GET endpoints); one with a header
 * must carry a valid, unrevoked "Bearer <token>" or is answered 401 at once.
 * The token is never logged: Fastify's logger redacts the header, and nothing
 * here puts the token (or its hash) anywhere else. Logs name the token by id.
 *
 * Registered with skip-override so the hook covers every route of the
 * context it is registered in (the /api/v1 plugin).
 */
export async function apiAuth(app: FastifyInstance, { tokens }: ApiAuthOptions): Promise<void> {
  app.decorateRequest('apiActor', null);
  app.addHook('onRequest', async (req, reply) => {
    const bearer = parseBearer(req.headers.authorization);
    if (bearer === undefined) return;
    // Answers to credentialed requests are for that caller only.
    reply.header('cache-control', 'no-store');
    const actor = await tokens.authenticate(bearer);
    if (!actor) {
      reply.header('www-authenticate', 'Bearer error="invalid_token"');
      throw new AppError('invalid_token', 401, INVALID_TOKEN_MESSAGE);
    }
    req.apiActor = actor;
    req.log.debug({ tokenId: actor.tokenId, role: actor.role }, 'authenticated with an API token');
  });
}
(apiAuth as unknown as Record<symbol, boolean>)[Symbol.for('skip-override')] = true;

/**
 * The request's actor, or a 401 when it has none; with `action`, a 403 when
 * the token's role does not allow it (docs/roles.md).
 */
export function requireActor(req: FastifyRequest, reply: FastifyReply, action?: Action): TokenActor {
  const actor = req.apiActor;
  if (!actor) {
    reply.header('www-authenticate', 'Bearer');
    throw new AppError('unauthorized', 401, 'This endpoint needs an API token: send the header "Authorization: Bearer <token>".');
  }
  if (action && !can(actor.role, action)) throw forbiddenFor(actor, action);
  return actor;
}

const ACTION_WORDS: Partial<Record<Action, string>> = {
  'taxonomy.manage': 'manage sections and tags',
  'authors.manage': 'manage author profiles',
  'media.upload': 'upload images',
  'media.manage': 'edit or delete images in the media library',
  'tokens.manage': 'manage API tokens',
  'accounts.manage': 'manage staff accounts',
  'comments.moderate': 'moderate comments',
};

export function forbiddenFor(actor: { role: string }, action: Action): AppError {
  const what = ACTION_WORDS[action] ?? `do "${action}"`;
  return new AppError('forbidden', 403, `This token's role (${actor.role}) may not ${what}.`);
}

/** Security requirement for every endpoint that needs a token (OpenAPI). */
export const BEARER_SECURITY = [{ bearerAuth: [] as string[] }];

/** A route-level onRequest hook: 401 without a token; 403 when its role lacks `action`. */
export const needsToken =
  (action?: Action) =>
  async (req: FastifyRequest, reply: FastifyReply): Promise<void> => {
    requireActor(req, reply, action);
  };
