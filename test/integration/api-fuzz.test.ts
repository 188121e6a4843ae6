import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/platform/db/schema.js';
import type { MailMessage } from '../../src/platform/mailer.js';
import { CookieJar } from '../helpers/admin.js';
import { createTestApp, type TestContext } from '../helpers/app.js';
import { buildArticle, buildComment } from '../helpers/factories.js';
import { nastyScalar, nastyValue, queryValue, type Schema, shaped, stringValues, wellFormed } from '../helpers/json-fuzz.js';

/*
 * Property test of the JSON API: every /api/v1 endpoint that takes a body or
 * a query string, as listed by the OpenAPI document the app serves, gets
 * arbitrary input (values shaped like its schema, and values of every wrong
 * kind: wrong types, huge and non-finite numbers, NUL and broken characters,
 * long strings, deep nesting, arrays where objects go), authenticated as it
 * needs (an admin token, or a signed-in reader with the CSRF header).
 * Whatever it is sent, an endpoint never answers 5xx, an error is always the
 * documented JSON body ({ error: { code, message } }), and a refused write
 * leaves the stored rows as they were. The seed changes from run to run; a
 * failure prints it and the smallest request.
 */

const PASSWORD = 'correct horse battery staple';

interface Endpoint {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** The OpenAPI path, with {params}. */
  path: string;
  pathParams: string[];
  query: Record<string, Schema>;
  /** The JSON body's schema, when the endpoint takes one. */
  body?: Schema;
  multipart: boolean;
  /** Needs an API token (a security requirement in the document); otherwise a reader session is used. */
  token: boolean;
}

/** The JSON error body every refusal carries (docs/api.md). */
function expectErrorShape(res: LightMyRequestResponse, request: string): void {
  expect(res.headers['content-type'], request).toMatch(/^application\/json/);
  const body = res.json() as { error?: { code?: unknown; message?: unknown } };
  expect(Object.keys(body), `${request} → ${res.body}`).toEqual(['error']);
  expect(Object.keys(body.error ?? {}).sort(), `${request} → ${res.body}`).toEqual(['code', 'message']);
  expect(body.error?.code, request).toMatch(/^[a-z_]+$/);
  expect(typeof body.error?.message === 'string' && body.error.message.trim() !== '', `${request} → ${res.body}`).toBe(true);
}

describe('the JSON API on arbitrary input', () => {
  let t: TestContext;
  let endpoints: Endpoint[];
  let adminToken: string;
  const mail: MailMessage[] = [];
  const jar = new CookieJar();
  let csrf = '';
  const ids = { article: 0, slug: '', comment: 0, reader: 0, section: '' };
  let tables: string[] = [];
  let address = 0;
  const nextIp = () => `198.51.100.${(++address % 250) + 1}`;

  /** Rows per table, for the tables a refused request must not touch. */
  async function counts(): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const name of tables) {
      const row = await sql<{ n: string | number }>`select count(*) as n from ${sql.table(name)}`.execute(t.database.db);
      out[name] = Number(row.rows[0]!.n);
    }
    return out;
  }

  beforeAll(async () => {
    t = await createTestApp({ mailer: { send: async (m) => void mail.push(m) } });
    await t.services.settings.update({ moderationMode: 'none', commentLimitPerIp: 10_000, commentLimitPerReader: 10_000 });
    const admin = await t.services.accounts.create({ email: 'admin@example.org', name: 'Admin person', role: 'admin' as Role, password: PASSWORD });
    adminToken = (await t.services.tokens.create({ accountId: admin.id, role: 'admin', authorId: null, name: admin.name }, { name: 'fuzz', role: 'admin' })).token;
    const article = await buildArticle(t.services, t.clock.now(), { slug: 'harbour-plan', headline: 'Harbour plan approved' });
    ids.article = article.id;
    ids.slug = 'harbour-plan';
    ids.comment = (await buildComment(t.services, article.id)).id;
    ids.section = 'news';

    // A reader, signed up and confirmed through the API, so the reader endpoints get past sign-in.
    const session = await t.app.inject({ url: '/api/v1/session', remoteAddress: nextIp() });
    jar.take(session);
    csrf = session.json().csrf;
    const headers = () => ({ cookie: jar.header(), 'x-csrf-token': csrf });
    const signup = await t.app.inject({
      method: 'POST',
      url: '/api/v1/readers',
      remoteAddress: nextIp(),
      headers: headers(),
      payload: { email: 'reader@example.org', displayName: 'Ana', password: PASSWORD },
    });
    expect(signup.statusCode, signup.body).toBe(202);
    await t.services.readers.settled();
    const verify = /\/account\/verify\/([A-Za-z0-9_-]{43})/.exec(mail.at(-1)?.text ?? '');
    expect(verify, 'the verification email').not.toBeNull();
    const redeemed = await t.app.inject({ method: 'POST', url: '/api/v1/readers/links', remoteAddress: nextIp(), headers: headers(), payload: { token: verify![1], purpose: 'verify' } });
    expect(redeemed.statusCode, redeemed.body).toBe(200);
    jar.take(redeemed);
    ids.reader = redeemed.json().data.id;

    const doc = t.app.swagger() as unknown as { paths: Record<string, Record<string, Record<string, unknown>>> };
    endpoints = [];
    for (const [path, ops] of Object.entries(doc.paths)) {
      if (!path.startsWith('/api/v1/')) continue;
      for (const [method, op] of Object.entries(ops)) {
        const params = (op.parameters ?? []) as { in: string; name: string; schema: Schema }[];
        const content = (op.requestBody as { content?: Record<string, { schema: Schema }> } | undefined)?.content ?? {};
        const query = Object.fromEntries(params.filter((p) => p.in === 'query').map((p) => [p.name, p.schema]));
        const json = content['application/json']?.schema;
        const multipart = 'multipart/form-data' in content;
        if (Object.keys(query).length === 0 && !json && !multipart) continue;
        endpoints.push({
          method: method.toUpperCase() as Endpoint['method'],
          path,
          pathParams: params.filter((p) => p.in === 'path').map((p) => p.name),
          query,
          ...(json ? { body: json } : {}),
          multipart,
          token: Array.isArray(op.security) && op.security.length > 0,
        });
      }
    }

    // This database's own tables (on PostgreSQL the catalog lists every test file's schema).
    const config = t.database.config;
    const own =
      config.dialect === 'postgres'
        ? await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = ${config.schema} and table_type = 'BASE TABLE'`.execute(t.database.db)
        : await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`.execute(t.database.db);
    // Rows a refused request may still write: rate-limit buckets and sign-in throttles count attempts, refused or not.
    tables = own.rows.map((x) => x.name).filter((n) => !/^(kysely_|rate_limit|sign_in_attempts)/.test(n));
    expect(tables).toContain('articles');
  });
  afterAll(() => t?.close());

  /** A path parameter: one that exists, or anything. */
  const pathValue = (name: string): fc.Arbitrary<string> => {
    const existing = name === 'slug' ? [ids.slug, ids.section, 'ana-ruiz'] : [String(ids.article), String(ids.comment), String(ids.reader)];
    return fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...existing) }, { weight: 1, arbitrary: nastyScalar.map((v) => String(v).slice(0, 200)) });
  };

  function request(e: Endpoint, wrong: number): fc.Arbitrary<{ url: string; payload: unknown; sendBody: boolean }> {
    const pathArb = fc.tuple(...e.pathParams.map(pathValue)).map((values) => e.pathParams.reduce((p, name, i) => p.replace(`{${name}}`, encodeURIComponent(wellFormed(values[i]!))), e.path));
    const queryArb = fc.record(Object.fromEntries(Object.entries(e.query).map(([k, s]) => [k, queryValue(s, wrong)])), { requiredKeys: [] });
    const bodyArb = e.body ? shaped(e.body, wrong) : e.multipart ? nastyValue : fc.constant(undefined);
    return fc.tuple(pathArb, queryArb, bodyArb).map(([path, query, payload]) => {
      const qs = new URLSearchParams();
      for (const [k, v] of Object.entries(query)) for (const s of stringValues(v as string | string[])) qs.append(k, s);
      const q = qs.toString();
      return { url: q ? `${path}?${q}` : path, payload, sendBody: payload !== undefined };
    });
  }

  async function send(e: Endpoint, r: { url: string; payload: unknown; sendBody: boolean }): Promise<LightMyRequestResponse> {
    const headers: Record<string, string> = e.token ? { authorization: `Bearer ${adminToken}` } : { cookie: jar.header(), 'x-csrf-token': csrf };
    if (r.sendBody) headers['content-type'] = 'application/json';
    return t.app.inject({ method: e.method, url: r.url, remoteAddress: nextIp(), headers, ...(r.sendBody ? { payload: JSON.stringify(r.payload) } : {}) });
  }

  it('lists the endpoints from the OpenAPI document', () => {
    const names = endpoints.map((e) => `${e.method} ${e.path}`);
    expect(names).toContain('POST /api/v1/newsroom/articles');
    expect(names).toContain('GET /api/v1/search');
    expect(names).toContain('POST /api/v1/articles/{slug}/comments');
    expect(endpoints.length).toBeGreaterThan(20);
  });

  it('never answers 5xx, answers every refusal with the documented error body, and changes nothing when it refuses a write', async () => {
    // Each request fits the schema, or has a few parts wrong, or many.
    const arb = fc.tuple(fc.integer({ min: 0, max: 10_000 }), fc.constantFrom(0, 0, 1, 3, 8)).chain(([n, wrong]) => {
      const e = endpoints[n % endpoints.length]!;
      // The endpoint by name, so a failure prints which one and not its whole schema.
      return request(e, wrong).map((r) => ({ endpoint: `${e.method} ${e.path}`, r }));
    });
    await fc.assert(
      fc.asyncProperty(arb, async ({ endpoint, r }) => {
        const e = endpoints.find((x) => `${x.method} ${x.path}` === endpoint)!;
        const write = e.method !== 'GET';
        const before = write ? await counts() : undefined;
        const res = await send(e, r);
        const described = `${e.method} ${r.url.slice(0, 300)} ${r.sendBody ? JSON.stringify(r.payload).slice(0, 300) : ''}`;
        expect(res.statusCode, `${described} → ${res.body.slice(0, 500)}`).toBeLessThan(500);
        if (res.statusCode >= 400) {
          expectErrorShape(res, described);
          if (before) expect(await counts(), `${described} → ${res.body.slice(0, 300)}`).toEqual(before);
        } else if (res.statusCode !== 204) {
          expect(res.headers['content-type'], described).toMatch(/^application\/json/);
        }
      }),
      { numRuns: 700 },
    );
  }, 240_000);

  it('answers a body that is not JSON, or not what its content type says, with a 4xx and the error body', async () => {
    const writes = () => endpoints.filter((e) => e.method !== 'GET');
    const raw = fc.oneof(
      fc.constantFrom('', ' ', '{', '{"a":', '[1,2', 'nul', 'NaN', '{"a":1,"a":2}', '\uFEFF{}', '{"a":"\\ud800"}', '{"a":1}garbage', '"just a string"', '12', 'null', '<xml/>', 'a=1&b=2', '--x\r\n'),
      fc.string({ maxLength: 100 }),
      // Over the body limit; made in the property, so a failure does not print megabytes.
      fc.record({ over: fc.integer({ min: 1_100_000, max: 3_000_000 }) }),
    );
    const type = fc.constantFrom(
      'application/json',
      'application/json; charset=iso-8859-1',
      'application/json; charset=utf-16',
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data',
      'multipart/form-data; boundary=x',
      'application/xml',
      'application/vnd.api+json',
      '*/*',
      'application/json, text/plain',
    );
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 10_000 }), raw, type, async (n, body, contentType) => {
        const payload = typeof body === 'string' ? body : `{"body":"${'x'.repeat(body.over)}"}`;
        const list = writes();
        const e = list[n % list.length]!;
        const url = e.path.replace(/\{slug\}/g, ids.slug).replace(/\{id\}/g, String(ids.comment));
        const headers: Record<string, string> = e.token ? { authorization: `Bearer ${adminToken}` } : { cookie: jar.header(), 'x-csrf-token': csrf };
        const before = await counts();
        const res = await t.app.inject({ method: e.method, url, remoteAddress: nextIp(), headers: { ...headers, 'content-type': contentType }, payload });
        const described = `${e.method} ${url} (${contentType}) ${JSON.stringify(payload.slice(0, 200))}`;
        expect(res.statusCode, `${described} → ${res.body.slice(0, 500)}`).toBeLessThan(500);
        if (res.statusCode >= 400) {
          expectErrorShape(res, described);
          expect(await counts(), described).toEqual(before);
        }
      }),
      { numRuns: 150 },
    );
  }, 120_000);

  it('answers a query string broken at the byte level with a 4xx and the error body', async () => {
    const reads = () => endpoints.filter((e) => Object.keys(e.query).length > 0);
    const piece = fc.oneof(
      fc.constantFrom(
        '%',
        '%Z',
        '%ZZ',
        '%00',
        '%C0%80',
        '%ED%A0%80',
        '%FF%FE',
        '%F4%90%80%80',
        '[]',
        '[x]',
        '__proto__[x]',
        'constructor[prototype][x]',
        '&',
        '&&',
        '=',
        '==',
        ';',
        '+',
        '#',
        '?',
        '%2B',
        '%26',
        '%3D',
      ),
      fc.string({ maxLength: 10 }).map(encodeURIComponent),
      fc.integer({ min: 5_000, max: 20_000 }).map((n) => 'a'.repeat(n)),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 10_000 }),
        fc.array(fc.tuple(fc.option(fc.constantFrom('limit', 'page', 'q', 'sort', 'status', 'queue', 'from', 'to', 'publishAt')), fc.array(piece, { maxLength: 4 })), { maxLength: 4 }),
        async (n, parts) => {
          const list = reads();
          const e = list[n % list.length]!;
          const path = e.path.replace(/\{slug\}/g, ids.slug).replace(/\{id\}/g, String(ids.article));
          const query = parts.map(([name, value]) => (name ? `${name}=${value.join('')}` : value.join(''))).join('&');
          const headers: Record<string, string> = e.token ? { authorization: `Bearer ${adminToken}` } : { cookie: jar.header() };
          const res = await t.app.inject({ method: 'GET', url: `${path}?${query}`, remoteAddress: nextIp(), headers });
          const described = `GET ${path}?${query.slice(0, 300)}`;
          expect(res.statusCode, `${described} → ${res.body.slice(0, 500)}`).toBeLessThan(500);
          if (res.statusCode >= 400) expectErrorShape(res, described);
        },
      ),
      { numRuns: 150 },
    );
  }, 120_000);

  it('stores no NUL, control or broken character from any of it', async () => {
    const bad = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
    for (const table of ['articles', 'comments', 'sections', 'authors', 'readers', 'live_updates', 'corrections']) {
      if (!tables.includes(table)) continue;
      const rows = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(t.database.db);
      for (const row of rows.rows) {
        for (const [column, value] of Object.entries(row)) if (typeof value === 'string') expect(bad.test(value), `${table}.${column}: ${JSON.stringify(value).slice(0, 200)}`).toBe(false);
      }
    }
  });
});
