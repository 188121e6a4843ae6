import type { FastifyInstance } from 'fastify';
import type { AdminContext } from './admin.context.js';
import { passwordResetRoutes } from './password-reset.routes.js';
import { tokenRoutes } from './tokens.routes.js';
import { taxonomyRoutes } from './taxonomy.routes.js';
import { authorsRoutes } from './authors.routes.js';
import { settingsRoutes } from './settings.routes.js';
import { adminArticleRoutes } from './articles.routes.js';
import { adminCommentRoutes } from './comments.routes.js';

/**
 * The admin area's feature plugins, registered inside /admin after sessions
 * and CSRF are in place. Each receives the shared AdminContext.
 */
export type AdminPlugin = (app: FastifyInstance, opts: { ctx: AdminContext }) => Promise<void>;

export const ADMIN_PLUGINS: AdminPlugin[] = [passwordResetRoutes, tokenRoutes, taxonomyRoutes, authorsRoutes, settingsRoutes, adminArticleRoutes, adminCommentRoutes];
