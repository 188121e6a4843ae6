/** A key whose value must never reach the audit log, should a secret ever become a setting. */
const SECRET_KEY = /secret|password|token|apikey|api_key|credential/i;

/** Which settings a change altered, each as { from, to }; a secret-looking key is named with its values hidden. */
export function settingsChanges<T extends object>(before: T, after: T): Record<string, { from: unknown; to: unknown }> {
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  const a = before as Record<string, unknown>;
  const b = after as Record<string, unknown>;
  for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
    if (JSON.stringify(a[key]) === JSON.stringify(b[key])) continue;
    changes[key] = SECRET_KEY.test(key) ? { from: '(hidden)', to: '(hidden)' } : { from: a[key] ?? null, to: b[key] ?? null };
  }
  return changes;
}
