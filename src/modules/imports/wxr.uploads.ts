/*
 * Where a WordPress upload lives: the path under wp-content/uploads that
 * both its address on the old site and a local copy of that folder share.
 */

function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * Where an uploaded file lives under wp-content/uploads ("2024/05/harbour.jpg"),
 * from its address on the old site or on WordPress.com's file host; null for
 * any other address.
 */
export function uploadsPath(url: string): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  const at = u.pathname.indexOf('/wp-content/uploads/');
  const rest = at >= 0 ? u.pathname.slice(at + '/wp-content/uploads/'.length) : u.hostname.endsWith('.files.wordpress.com') ? u.pathname.slice(1) : null;
  return rest ? decoded(rest) : null;
}

/** The key an image is known by whatever size of it a body shows: its uploads path without WordPress's "-300x200" size suffix. */
export function uploadsKey(url: string): string | null {
  const p = uploadsPath(url);
  return p ? p.replace(/-\d{1,5}x\d{1,5}(\.[a-z0-9]{2,5})$/i, '$1').toLowerCase() : null;
}
