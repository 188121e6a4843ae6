import { AdminLayout, type AdminChrome } from '../../admin/views/admin-layout.js';

/** docs/writing.md, rendered for the newsroom: what the body's Markdown can do. */
export function WritingGuidePage({ chrome, html }: { chrome: AdminChrome; html: string }) {
  return (
    <AdminLayout chrome={chrome} title="Writing guide">
      <p class="admin-breadcrumb">
        <a href="/admin/articles">Articles</a>
      </p>
      <div class="writing-guide" dangerouslySetInnerHTML={{ __html: html }} />
    </AdminLayout>
  );
}
