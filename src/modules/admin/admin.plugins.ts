import type { AdminPlugin } from './admin.context.js';
import { passwordResetRoutes } from '../accounts/password-reset.routes.js';
import { accountRoutes } from '../accounts/account.routes.js';
import { passkeyRoutes } from '../accounts/passkeys.routes.js';
import { staffRoutes } from '../accounts/staff.routes.js';
import { invitationRoutes } from '../accounts/invitation.routes.js';
import { tokenRoutes } from '../tokens/tokens.routes.js';
import { sectionAdminRoutes } from '../sections/sections.admin.routes.js';
import { tagAdminRoutes } from '../sections/tags.admin.routes.js';
import { authorsRoutes } from '../authors/authors.admin.routes.js';
import { settingsRoutes } from '../settings/settings.routes.js';
import { adminArticleRoutes } from '../articles/articles.admin.routes.js';
import { adminCommentRoutes } from '../comments/moderation.routes.js';
import { mediaAdminRoutes } from '../media/media.admin.routes.js';

/**
 * The newsroom's areas: each domain's admin screens, registered inside /admin
 * after sessions and CSRF are in place.
 */
export const ADMIN_PLUGINS: AdminPlugin[] = [
  passwordResetRoutes,
  accountRoutes,
  passkeyRoutes,
  staffRoutes,
  invitationRoutes,
  tokenRoutes,
  sectionAdminRoutes,
  tagAdminRoutes,
  authorsRoutes,
  settingsRoutes,
  adminArticleRoutes,
  adminCommentRoutes,
  mediaAdminRoutes,
];
