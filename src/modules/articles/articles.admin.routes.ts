import type { AdminPlugin } from '../admin/admin.context.js';
import { editorPreviewRoutes } from './editor.preview.routes.js';
import { editorRevisionRoutes } from './editor.revisions.routes.js';
import { editorRoutes } from './editor.routes.js';
import { editorUploadRoutes } from './editor.uploads.routes.js';
import { editorWorkflowRoutes } from './editor.workflow.routes.js';

/**
 * The newsroom's articles under /admin: the list, a new draft, the editor
 * (form posts and JSON autosave), workflow steps, live updates and
 * corrections, previews, revisions and their diffs, and image uploads.
 * Every change goes through services.editorial, which checks permissions
 * again.
 */
export const adminArticleRoutes: AdminPlugin = async (app, opts) => {
  for (const plugin of [editorRoutes, editorWorkflowRoutes, editorPreviewRoutes, editorRevisionRoutes, editorUploadRoutes]) await app.register(plugin, opts);
};
