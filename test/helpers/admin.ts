import type { LightMyRequestResponse } from 'fastify';
import type { App } from '../../src/app.js';
import { parse } from './app.js';

/** Cookies a browser would keep between requests to the app. */
export class CookieJar {
  readonly cookies = new Map<string, string>();

  /** Take the Set-Cookie headers of a response. */
  take(res: LightMyRequestResponse): void {
    for (const c of res.cookies as { name: string; value: string; maxAge?: number; expires?: Date }[]) {
      const expired = c.maxAge === 0 || (c.expires && c.expires.getTime() <= Date.now() && c.value === '');
      if (expired || c.value === '') this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
  }

  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

/** A browser-like client: keeps cookies, reads CSRF tokens from forms. */
export function adminClient(app: App, remoteAddress = '127.0.0.1') {
  const jar = new CookieJar();
  async function request(method: 'GET' | 'POST', url: string, form?: Record<string, string>, headers: Record<string, string> = {}) {
    const res = await app.inject({
      method,
      url,
      remoteAddress,
      headers: { cookie: jar.header(), ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}), ...headers },
      ...(form ? { payload: new URLSearchParams(form).toString() } : {}),
    });
    jar.take(res);
    return res;
  }
  return {
    jar,
    get: (url: string, headers?: Record<string, string>) => request('GET', url, undefined, headers),
    post: (url: string, form: Record<string, string>, headers?: Record<string, string>) => request('POST', url, form, headers),
    /** The CSRF token from the first form on a page. */
    async csrfFrom(url: string): Promise<string> {
      let res = await request('GET', url);
      // Signed-in visitors are sent on from the sign-in page; take the token from where they land.
      if (res.statusCode === 303 && res.headers.location) res = await request('GET', String(res.headers.location));
      const token = parse(res.body).querySelector('input[name="_csrf"]')?.getAttribute('value');
      if (!token) throw new Error(`no CSRF field on ${url} (status ${res.statusCode})`);
      return token;
    },
    async signIn(email: string, password: string) {
      const _csrf = await this.csrfFrom('/admin/sign-in');
      return request('POST', '/admin/sign-in', { _csrf, email, password });
    },
  };
}

/** The editor form's values as the browser would submit them (select: the selected option; checkbox: when checked). */
export function editorForm(html: string): Record<string, string> {
  const form = parse(html).querySelector('#editor-form');
  if (!form) throw new Error('no editor form on the page');
  const out: Record<string, string> = {};
  for (const el of form.querySelectorAll('input, textarea, select')) {
    const name = el.getAttribute('name');
    if (!name) continue;
    const tag = el.tagName.toLowerCase();
    if (tag === 'textarea') out[name] = el.textContent ?? '';
    else if (tag === 'select') out[name] = el.querySelector('option[selected]')?.getAttribute('value') ?? el.querySelector('option')?.getAttribute('value') ?? '';
    else if (el.getAttribute('type') === 'checkbox') {
      if (el.hasAttribute('checked')) out[name] = el.getAttribute('value') ?? 'on';
    } else out[name] = el.getAttribute('value') ?? '';
  }
  return out;
}
