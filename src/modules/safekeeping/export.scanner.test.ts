import { describe, expect, it } from 'vitest';
import { ExportScanner, type ScanEvent, ScanError } from './export.scanner.js';

/** Feed a document to a scanner in chunks of `size` characters; all events. */
function scan(text: string, size = text.length): ScanEvent[] {
  const scanner = new ExportScanner();
  const events: ScanEvent[] = [];
  for (let i = 0; i < text.length; i += size) events.push(...scanner.push(text.slice(i, i + size)));
  scanner.end();
  return events;
}

const DOC = {
  format: 'broadsheet-export',
  version: 1,
  secrets: false,
  site: { name: 'The "Ledger"', words: ['a', 'b\\c'], nested: { deep: [1, [2, { three: '}]' }]] } },
  entities: {
    media: [],
    articles: [
      { id: 1, headline: 'Brackets ] and } and "quotes"', score: -1.5e-3, flag: true, none: null },
      { id: 2, headline: 'Ünïcödé — 🚢', body: 'line\nbreak' },
    ],
    comments: [{ id: 7 }],
    empty_values: [0, 'text', null, false, [], {}],
  },
  after: 12,
};

describe('export scanner', () => {
  const expected: ScanEvent[] = [
    { type: 'header', key: 'format', value: 'broadsheet-export' },
    { type: 'header', key: 'version', value: 1 },
    { type: 'header', key: 'secrets', value: false },
    { type: 'header', key: 'site', value: DOC.site },
    { type: 'entity', name: 'media' },
    { type: 'entity', name: 'articles' },
    { type: 'row', entity: 'articles', index: 0, value: DOC.entities.articles[0] },
    { type: 'row', entity: 'articles', index: 1, value: DOC.entities.articles[1] },
    { type: 'entity', name: 'comments' },
    { type: 'row', entity: 'comments', index: 0, value: { id: 7 } },
    { type: 'entity', name: 'empty_values' },
    ...DOC.entities.empty_values.map((value, index) => ({ type: 'row' as const, entity: 'empty_values', index, value })),
    { type: 'header', key: 'after', value: 12 },
  ];

  it('reads compact and indented JSON alike, split anywhere', () => {
    const compact = JSON.stringify(DOC);
    const pretty = JSON.stringify(DOC, null, 2);
    for (const text of [compact, pretty]) {
      expect(scan(text)).toEqual(expected);
      for (const size of [1, 2, 3, 7, 64]) expect(scan(text, size)).toEqual(expected);
    }
  });

  it('reads the writer’s layout: one row per line', () => {
    const text = '{"format":"broadsheet-export",\n"version":1,\n"entities":{\n"tags":[\n{"id":1,"name":"a"},\n{"id":2,"name":"b"}\n],\n"media":[]\n}}\n';
    expect(scan(text, 5)).toEqual([
      { type: 'header', key: 'format', value: 'broadsheet-export' },
      { type: 'header', key: 'version', value: 1 },
      { type: 'entity', name: 'tags' },
      { type: 'row', entity: 'tags', index: 0, value: { id: 1, name: 'a' } },
      { type: 'row', entity: 'tags', index: 1, value: { id: 2, name: 'b' } },
      { type: 'entity', name: 'media' },
    ]);
  });

  it('refuses what is not a whole JSON document of that shape, saying where', () => {
    const refused = (text: string) => {
      try {
        scan(text);
      } catch (err) {
        expect(err).toBeInstanceOf(ScanError);
        return (err as Error).message;
      }
      throw new Error(`accepted ${text}`);
    };
    expect(refused('[1,2]')).toBe('unexpected "[" at line 1');
    expect(refused('{"format":"x",')).toBe('the document ends early at line 1');
    expect(refused('{"entities":{"tags":[{"id":1},\n]}}')).toBe('unexpected "]" at line 2');
    expect(refused('{"entities":{"tags":{"id":1}}}')).toBe('entity "tags" is not an array at line 1');
    expect(refused('{"entities":[]}')).toBe('"entities" is not an object at line 1');
    expect(refused('{"version":01x}')).toBe('a value that is not valid JSON at line 1');
    expect(refused('{"a":1}{')).toBe('unexpected "{" at line 1');
    expect(refused('{"a":1 "b":2}')).toBe('unexpected "\\"" at line 1');
    expect(refused('')).toBe('the document ends early at line 1');
  });
});
