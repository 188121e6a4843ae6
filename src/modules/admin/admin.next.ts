/** Only same-site relative paths are followed after signing in (by password or by passkey). */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/admin(\/[\w\-/]*)?(\?[\w=&%-]*)?$/.test(next) ? next : '/admin';
}
