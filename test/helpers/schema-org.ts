import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/*
 * An offline check of JSON-LD against the schema.org vocabulary (release
 * 30.0, ../shared/corpora/schemaorg): every @type is a schema.org class, and
 * every property is a schema.org property that applies to the node's type
 * (its domain includes the type or one of its ancestors).
 */

const VOCABULARY = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../shared/corpora/schemaorg/schemaorg-all-https-30.0.jsonld');

interface Vocabulary {
  /** Class name → its direct superclasses. */
  classes: Map<string, string[]>;
  /** Property name → the classes it applies to. */
  properties: Map<string, string[]>;
}

type Ref = { '@id': string } | { '@id': string }[] | undefined;
const names = (ref: Ref): string[] => (ref === undefined ? [] : (Array.isArray(ref) ? ref : [ref]).map((r) => r['@id'].replace(/^schema:/, '')));

let loaded: Vocabulary | undefined;

function vocabulary(): Vocabulary {
  if (loaded) return loaded;
  const graph = (JSON.parse(fs.readFileSync(VOCABULARY, 'utf8')) as { '@graph': Record<string, unknown>[] })['@graph'];
  const classes = new Map<string, string[]>();
  const properties = new Map<string, string[]>();
  for (const node of graph) {
    const id = String(node['@id']);
    if (!id.startsWith('schema:')) continue;
    const name = id.slice('schema:'.length);
    const types = ([] as unknown[]).concat(node['@type']);
    if (types.includes('rdfs:Class')) classes.set(name, names(node['rdfs:subClassOf'] as Ref));
    if (types.includes('rdf:Property')) properties.set(name, names(node['schema:domainIncludes'] as Ref));
  }
  loaded = { classes, properties };
  return loaded;
}

function ancestors(type: string, classes: Map<string, string[]>): Set<string> {
  const seen = new Set<string>();
  const queue = [type];
  while (queue.length > 0) {
    const t = queue.shift()!;
    if (seen.has(t)) continue;
    seen.add(t);
    queue.push(...(classes.get(t) ?? []));
  }
  return seen;
}

/**
 * What in a JSON-LD document is not schema.org: unknown types, unknown
 * properties, properties used on a type they do not apply to. Empty when all
 * is well. Action annotations (`query-input`) are checked as their property.
 */
export function schemaOrgProblems(doc: unknown, where = '$'): string[] {
  const { classes, properties } = vocabulary();
  const problems: string[] = [];
  if (Array.isArray(doc)) {
    doc.forEach((item, i) => problems.push(...schemaOrgProblems(item, `${where}[${i}]`)));
    return problems;
  }
  if (doc === null || typeof doc !== 'object') return problems;
  const node = doc as Record<string, unknown>;
  const types = node['@type'] === undefined ? [] : ([] as unknown[]).concat(node['@type']).map(String);
  for (const t of types) if (!classes.has(t)) problems.push(`${where}: @type ${t} is not a schema.org type`);
  const lineage = new Set(types.flatMap((t) => [...ancestors(t, classes)]));
  for (const [key, value] of Object.entries(node)) {
    if (key.startsWith('@')) {
      if (key === '@graph') problems.push(...schemaOrgProblems(value, `${where}.@graph`));
      continue;
    }
    const property = key.replace(/-(input|output)$/, '');
    const domain = properties.get(property);
    if (!domain) problems.push(`${where}: ${key} is not a schema.org property`);
    else if (types.length > 0 && types.every((t) => classes.has(t)) && !domain.some((d) => lineage.has(d))) problems.push(`${where}: ${key} does not apply to ${types.join(', ')}`);
    problems.push(...schemaOrgProblems(value, `${where}.${key}`));
  }
  return problems;
}
