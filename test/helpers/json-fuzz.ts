import fc from 'fast-check';

/*
 * Input for the property tests of the JSON API: values shaped like an
 * endpoint's JSON schema (as the OpenAPI document gives it), with any part
 * of them replaced by a wrong one, and values of every wrong kind.
 */

/** A JSON schema, as much of it as the generators read. */
export type Schema = Record<string, unknown> & {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  maxLength?: number;
};

/** Numbers and strings that break naive parsing. */
export const nastyScalar = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    'a\u0000b',
    '\uD800',
    '\uDFFFx',
    '\u202Eevil',
    'Infinity',
    '-Infinity',
    'NaN',
    '1e999',
    '-1e999',
    '0x10',
    ' 1',
    '1.5',
    '-1',
    '-0',
    '99999999999999999999',
    '9007199254740993',
    '2024-02-30T25:61:00Z',
    '0000-00-00',
    '275760-09-13T00:00:00.001Z',
    'null',
    'true',
    '[]',
    '{}',
    '__proto__',
    'constructor',
    '<script>alert(1)</script>',
    "' OR 1=1 --",
    '%00',
    '../../etc/passwd',
  ),
  fc.constantFrom(0, -0, -1, 1.5, 2 ** 31, 2 ** 53 + 1, -(2 ** 63), 1e308, -1e308, Number.MIN_VALUE, Number.MAX_SAFE_INTEGER),
  fc.boolean(),
  fc.constant(null),
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.integer({ min: 10_000, max: 200_000 }).map((n) => 'x'.repeat(n)),
);

/** Any JSON at all, deep nesting and prototype keys included. */
export const nastyValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: nastyScalar },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.integer({ min: 50, max: 2_000 }).map((depth) => JSON.parse('['.repeat(depth) + ']'.repeat(depth)) as unknown) },
  { weight: 1, arbitrary: fc.integer({ min: 50, max: 2_000 }).map((depth) => JSON.parse('{"a":'.repeat(depth) + '1' + '}'.repeat(depth)) as unknown) },
  { weight: 1, arbitrary: fc.constant(JSON.parse('{"__proto__":{"admin":true},"constructor":{"prototype":{"x":1}}}') as unknown) },
  { weight: 1, arbitrary: fc.array(nastyScalar, { maxLength: 5 }) },
);

/**
 * Values shaped like a schema, any part of them replaced by a wrong one with
 * odds `wrong` in 20: 0 gives input the endpoint should accept (or refuse for
 * what it means, not its shape), so the handlers behind validation run too.
 */
export function shaped(schema: Schema | undefined, wrong: number, depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > 4) return nastyValue;
  if (wrong === 0) return typed(schema, wrong, depth);
  return fc.oneof({ weight: 20 - wrong, arbitrary: typed(schema, wrong, depth) }, { weight: wrong, arbitrary: nastyValue });
}

function typed(schema: Schema, wrong: number, depth: number): fc.Arbitrary<unknown> {
  const branches = schema.anyOf ?? schema.oneOf;
  if (branches && branches.length > 0) return fc.oneof(...branches.map((b) => shaped(b, wrong, depth + 1)));
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum && schema.enum.length > 0) return fc.constantFrom(...schema.enum);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'string':
      if (schema.format === 'date-time') return fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2200-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString());
      if (schema.format === 'email') return fc.emailAddress();
      if (schema.format === 'uri') return fc.webUrl();
      return fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom('A headline', 'harbour', 'news', 'The body.\n\nA second paragraph.', 'publish', 'approve'));
    case 'integer':
    case 'number':
      return fc.oneof(fc.integer({ min: -3, max: 60 }), fc.constantFrom(1, 2, 3));
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(shaped(schema.items, wrong, depth + 1), { maxLength: 4 });
    case 'object': {
      const props = schema.properties ?? {};
      const keys = Object.keys(props);
      if (keys.length === 0) return fc.dictionary(fc.string({ maxLength: 8 }), nastyValue, { maxKeys: 3 });
      const record = fc.record(Object.fromEntries(keys.map((k) => [k, shaped(props[k], wrong, depth + 1)])), { requiredKeys: (schema.required ?? []).filter((k) => keys.includes(k)) });
      if (wrong === 0) return record;
      // Now and then a field the endpoint does not know.
      return fc.tuple(record, fc.option(fc.tuple(fc.string({ maxLength: 8 }), nastyValue), { freq: 5 })).map(([r, extra]) => (extra ? { ...r, [extra[0]]: extra[1] } : r));
    }
    default:
      return nastyValue;
  }
}

/** A query value as it arrives: text, and sometimes the parameter repeated. */
export const queryValue = (schema: Schema, wrong: number): fc.Arbitrary<string | string[]> => {
  const fitting = typed(schema, 0, 0).map((v) => (typeof v === 'string' ? v : (JSON.stringify(v) ?? '')));
  if (wrong === 0) return fitting;
  const one = fc.oneof({ weight: 20 - wrong, arbitrary: fitting }, { weight: wrong, arbitrary: nastyScalar.map((v) => (typeof v === 'string' ? v : String(v))) });
  return fc.oneof({ weight: 5, arbitrary: one }, { weight: 1, arbitrary: fc.array(one, { minLength: 2, maxLength: 3 }) });
};

/** A lone surrogate cannot be put in a URL (a client would send U+FFFD in its place). */
export const wellFormed = (s: string) => s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');

export const stringValues = (s: string | string[]) => (Array.isArray(s) ? s : [s]);
