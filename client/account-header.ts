/*
 * The header's account link on every public page (built by scripts/build.mjs
 * into public/assets/account-header.js). Pages are cached and the same for
 * everyone, so they carry "Sign in" (back to this page); this script asks
 * /account/whoami, which is never cached, who is signed in, and for a reader
 * shows "Account" with their display name. It also shows the one-time notice
 * after signing in (`?welcome=` on the address, put there by the sign-in
 * routes) and takes the flag off the address, so a reload or a shared link
 * does not repeat it. Without JavaScript the link still goes to sign-in, which
 * sends a signed-in reader on to their account.
 */

const WELCOME: Record<string, string> = {
  'signed-in': "You're signed in.",
  confirmed: "Your address is confirmed, you're signed in.",
};

interface WhoAmI {
  signedIn: boolean;
  displayName?: string;
}

/** This page's own address, for coming back after signing in (without the welcome flag). */
function here(url: URL): string {
  const copy = new URL(url.href);
  copy.searchParams.delete('welcome');
  return copy.pathname + copy.search;
}

function showWelcome(url: URL): void {
  const kind = url.searchParams.get('welcome');
  if (kind === null) return;
  const clean = new URL(url.href);
  clean.searchParams.delete('welcome');
  history.replaceState(history.state, '', clean.pathname + clean.search + clean.hash);
  const message = Object.hasOwn(WELCOME, kind) ? WELCOME[kind] : undefined;
  // The account page says it itself.
  if (!message || document.body.classList.contains('page-account')) return;
  const notice = document.createElement('p');
  notice.className = 'site-notice';
  notice.setAttribute('role', 'status');
  notice.textContent = message;
  document.querySelector('main')?.prepend(notice);
}

async function showAccount(link: HTMLAnchorElement, url: URL): Promise<void> {
  if (!document.body.classList.contains('page-account')) {
    link.href = `/account/sign-in?next=${encodeURIComponent(here(url))}`;
  }
  let who: WhoAmI;
  try {
    const res = await fetch('/account/whoami', { credentials: 'same-origin', headers: { accept: 'application/json' }, cache: 'no-store' });
    if (!res.ok) return;
    who = (await res.json()) as WhoAmI;
  } catch {
    return; // Offline or refused: "Sign in" still works.
  }
  if (!who.signedIn || typeof who.displayName !== 'string') return;
  link.href = '/account';
  link.textContent = '';
  const label = document.createElement('span');
  label.className = 'site-account__label';
  label.textContent = 'Account';
  const name = document.createElement('span');
  name.className = 'site-account__name';
  name.textContent = who.displayName;
  link.append(label, ' ', name);
  link.setAttribute('aria-label', `Account: ${who.displayName}`);
  link.dataset.signedIn = '';
}

function start(): void {
  const url = new URL(location.href);
  showWelcome(url);
  const link = document.querySelector<HTMLAnchorElement>('a[data-account-link]');
  if (link) void showAccount(link, url);
}

start();
