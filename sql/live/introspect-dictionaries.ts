// Dictionaries as the server prints them: system.tables lists each one (engine 'Dictionary') with
// its whole CREATE DICTIONARY in create_table_query, so the bulk read of system.tables reads them
// with no query of its own. The source's password is printed as [HIDDEN]: only whether there is
// one is read.
import { DictionaryAttributeSpec, DictionarySpec } from '../spec/model';
import { findTopLevelKeyword, findTopLevelWord, matchingBracket, quotedEnd, singleLine, unquoteString } from '../spec/sql-text';
import { splitCreateTable } from './introspect-tables';

const CLAUSES = ['PRIMARY KEY', 'SOURCE', 'LIFETIME', 'LAYOUT', 'RANGE', 'SETTINGS', 'COMMENT'];

/** The text of `keyword`'s clause in `rest` (up to the next clause keyword), or undefined. */
function clauseOf(rest: string, keyword: string): string | undefined {
  const at = CLAUSES.map((k) => [k, findClause(rest, k)] as const);
  const mine = at.find(([k]) => k === keyword)![1];
  if (mine < 0) return undefined;
  const ends = at.map(([, i]) => i).filter((i) => i > mine);
  return rest.slice(mine + keyword.length + 1, ends.length ? Math.min(...ends) : rest.length).trim();
}

/** Where a clause keyword starts at the top level (SOURCE(, LAYOUT( and the like are followed by a bracket, not a space). */
function findClause(rest: string, keyword: string): number {
  const spaced = findTopLevelKeyword(rest, keyword);
  if (spaced >= 0) return spaced;
  const word = findTopLevelWord(rest, keyword);
  return word >= 0 && rest[word + keyword.length + 1] === '(' ? word : -1;
}

/** The inside of `NAME(...)`: { name, body }, or undefined. */
function call(text: string): { name: string; body: string } | undefined {
  const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(\()?/.exec(text);
  if (!m) return undefined;
  if (!m[2]) return { name: m[1], body: '' };
  const open = m[0].length - 1;
  const close = matchingBracket(text, open);
  return close < 0 ? undefined : { name: m[1], body: text.slice(open + 1, close).trim() };
}

/**
 * KEY value pairs as printed inside SOURCE(TYPE(...)) or LAYOUT(TYPE(...)): string literals
 * unquoted, numbers and names as printed. A value that is not plain (HEADERS(...), a list) is
 * named in `unsupported`; a PASSWORD is left out and reported as `password`.
 */
export function parseDictionaryParams(body: string): { params: Record<string, string | number>; password: boolean; unsupported: string[] } {
  const params: Record<string, string | number> = {};
  const unsupported: string[] = [];
  let password = false;
  let i = 0;
  const skip = () => {
    while (i < body.length && /\s/.test(body[i])) i++;
  };
  while (true) {
    skip();
    if (i >= body.length) break;
    const key = /^[A-Za-z_][A-Za-z0-9_]*/.exec(body.slice(i))?.[0];
    if (!key) {
      unsupported.push(`parameters ${JSON.stringify(body.slice(i))}`);
      break;
    }
    i += key.length;
    skip();
    let value: string;
    if (body[i] === "'") {
      const end = quotedEnd(body, i) ?? body.length;
      value = unquoteString(body.slice(i, end));
      i = end;
    } else if (body[i] === '(') {
      const end = matchingBracket(body, i);
      unsupported.push(`parameter ${key.toUpperCase()}${body.slice(i, end + 1)}`);
      i = end < 0 ? body.length : end + 1;
      continue;
    } else {
      const m = /^[^\s()]+/.exec(body.slice(i));
      value = m ? m[0] : '';
      i += value.length;
      if (body[i] === '(') {
        const end = matchingBracket(body, i);
        unsupported.push(`parameter ${key.toUpperCase()} ${value}${body.slice(i, end + 1)}`);
        i = end < 0 ? body.length : end + 1;
        continue;
      }
    }
    if (key.toUpperCase() === 'PASSWORD') password = true;
    else params[key.toUpperCase()] = value;
  }
  return { params, password, unsupported };
}

const ATTRIBUTE = /^(`(?:[^`\\]|\\.)*`|[A-Za-z_][A-Za-z0-9_]*)\s+(.*)$/s;
const ATTRIBUTE_WORDS = ['DEFAULT', 'EXPRESSION', 'HIERARCHICAL', 'BIDIRECTIONAL', 'INJECTIVE', 'IS_OBJECT_ID'];

/** One printed attribute (`name` Type DEFAULT v EXPRESSION e HIERARCHICAL INJECTIVE). */
export function parseDictionaryAttribute(def: string): { attribute: DictionaryAttributeSpec; unsupported: string[] } | undefined {
  const m = ATTRIBUTE.exec(def.trim());
  if (!m) return undefined;
  const name = m[1].startsWith('`') ? m[1].slice(1, -1).replace(/\\(.)/g, '$1') : m[1];
  const rest = ' ' + m[2];
  const at = ATTRIBUTE_WORDS.map((w) => [w, findTopLevelWord(rest, w)] as const).filter(([, i]) => i >= 0);
  const ends = at.map(([, i]) => i);
  const end = (from: number) => Math.min(...ends.filter((i) => i > from), rest.length);
  const part = (w: string) => {
    const found = at.find(([x]) => x === w);
    return found ? rest.slice(found[1] + w.length + 1, end(found[1])).trim() : undefined;
  };
  const type = rest.slice(0, ends.length ? Math.min(...ends) : rest.length).trim();
  const flags = new Set(at.map(([w]) => w));
  const unsupported = ['BIDIRECTIONAL', 'IS_OBJECT_ID'].filter((f) => flags.has(f)).map((f) => `attribute ${name}: ${f}`);
  const dflt = part('DEFAULT');
  const expression = part('EXPRESSION');
  return {
    attribute: {
      name,
      type,
      ...(dflt !== undefined ? { default: dflt } : {}),
      ...(expression !== undefined ? { expression } : {}),
      ...(flags.has('HIERARCHICAL') ? { hierarchical: true } : {}),
      ...(flags.has('INJECTIVE') ? { injective: true } : {}),
    },
    unsupported,
  };
}

const unquoteName = (n: string): string => (n.startsWith('`') ? n.slice(1, -1).replace(/\\(.)/g, '$1') : n);

/** A dictionary from its printed CREATE DICTIONARY (create_table_query, SHOW CREATE); undefined for anything else. */
export function dictionaryFromCreateQuery(database: string, name: string, createQuery: string): DictionarySpec | undefined {
  const q = singleLine(createQuery.trim());
  if (!/^(CREATE|ATTACH) (OR REPLACE )?DICTIONARY /.test(q)) return undefined;
  const { columns: defs, rest } = splitCreateTable(q);
  const unsupported: string[] = [];
  const attributes: DictionaryAttributeSpec[] = [];
  for (const def of defs) {
    const a = parseDictionaryAttribute(def);
    if (!a) return undefined;
    attributes.push(a.attribute);
    unsupported.push(...a.unsupported);
  }
  const key = clauseOf(rest, 'PRIMARY KEY');
  const source = call(clauseOf(rest, 'SOURCE')?.replace(/^\((.*)\)$/s, '$1') ?? '');
  const layout = call(clauseOf(rest, 'LAYOUT')?.replace(/^\((.*)\)$/s, '$1') ?? '');
  if (key === undefined || !source || !layout) return undefined;
  const sourceParams = parseDictionaryParams(source.body);
  const layoutParams = parseDictionaryParams(layout.body);
  unsupported.push(...sourceParams.unsupported, ...layoutParams.unsupported);
  const lifetimeText = clauseOf(rest, 'LIFETIME')
    ?.replace(/^\((.*)\)$/s, '$1')
    .trim();
  const range = /^\(\s*MIN\s+(\S+)\s+MAX\s+(\S+)\s*\)$/.exec(clauseOf(rest, 'RANGE') ?? '');
  const settings = clauseOf(rest, 'SETTINGS');
  if (settings !== undefined) unsupported.push(`SETTINGS${settings}`);
  const comment = clauseOf(rest, 'COMMENT');
  return {
    kind: 'dictionary',
    database,
    name,
    attributes,
    primaryKey: key.split(',').map((k) => unquoteName(k.trim())),
    source: {
      type: source.name.toUpperCase(),
      params: sourceParams.params,
      ...(sourceParams.password ? { passwordSet: true } : {}),
    },
    layout: { type: layout.name.toUpperCase(), params: layoutParams.params },
    ...(lifetimeText !== undefined ? { lifetime: parseLifetime(lifetimeText) } : {}),
    ...(range ? { range: { min: unquoteName(range[1]), max: unquoteName(range[2]) } } : {}),
    ...(comment !== undefined && unquoteString(comment) !== '' ? { comment: unquoteString(comment) } : {}),
    ...(unsupported.length ? { unsupported } : {}),
  };
}

/** LIFETIME's inside: 'MIN 0 MAX 300' or '300'. */
function parseLifetime(text: string): DictionarySpec['lifetime'] {
  const range = /MIN\s+(\d+)\s+MAX\s+(\d+)|MAX\s+(\d+)\s+MIN\s+(\d+)/i.exec(text);
  if (range) return range[1] !== undefined ? { min: Number(range[1]), max: Number(range[2]) } : { min: Number(range[4]), max: Number(range[3]) };
  return { min: 0, max: Number(text) };
}
