// Dictionaries as the server prints them: system.tables lists each one (engine 'Dictionary') with
// its whole CREATE DICTIONARY in create_table_query, so the bulk read of system.tables reads them
// with no query of its own. The source's password is printed as [HIDDEN]: only whether there is
// one is read.
import { DictionaryAttributeSpec, DictionarySpec } from '../spec/model';
import { findTopLevelWord, matchingBracket, quotedEnd, singleLine, unquoteString } from '../spec/sql-text';
import { splitCreateTable } from './introspect-tables';

const CLAUSES = ['PRIMARY KEY', 'SOURCE', 'LIFETIME', 'LAYOUT', 'RANGE', 'SETTINGS', 'COMMENT'];

/** The text of `keyword`'s clause in `rest` (up to the next clause keyword), or undefined. */
function clauseOf(rest: string, keyword: string): string | undefined {
  const at = CLAUSES.map((k) => [k, findClause(rest, k)] as const);
  const mine = at.find(([k]) => k === keyword)![1];
  if (mine < 0) return undefined;
  const ends = at.map(([, i]) => i).filter((i) => i > mine);
  // The slice has nothing around it: a clause ends where the next one's leading space is.
  return rest.slice(mine + keyword.length + 1, ends.length ? Math.min(...ends) : rest.length);
}

/**
 * Where a clause keyword starts at the top level, as the server prints it: `PRIMARY KEY`,
 * `COMMENT '`, the others followed by their bracket (`SOURCE(`, `LIFETIME(`). A key attribute
 * whose name is a clause keyword (PRIMARY KEY LIFETIME SOURCE(...)) is not taken for the clause.
 */
function findClause(rest: string, keyword: string): number {
  const next = keyword === 'COMMENT' ? " '" : keyword === 'PRIMARY KEY' ? '' : '(';
  for (let i = findTopLevelWord(rest, keyword); i >= 0; i = findTopLevelWord(rest, keyword, i + 1)) if (rest.startsWith(next, i + keyword.length + 1)) return i;
  return -1;
}

/** `NAME(...)` as printed inside SOURCE(...) and LAYOUT(...): { name, body }. */
function call(text: string): { name: string; body: string } {
  const open = text.indexOf('(');
  return { name: text.slice(0, open), body: text.slice(open + 1, -1) };
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
    // Stryker disable next-line ConditionalExpression,EqualityOperator: one step past the end reads undefined, which is no space
    while (i < body.length && /\s/.test(body[i])) i++;
  };
  while (true) {
    skip();
    if (i >= body.length) break;
    // Stryker disable next-line OptionalChaining,Regex: the server prints parameters as KEY value pairs, each starting with its name (a guard)
    const key = /^[A-Za-z_][A-Za-z0-9_]*/.exec(body.slice(i))?.[0];
    // Stryker disable next-line all: the same guard
    if (!key) return { params, password, unsupported: [...unsupported, `parameters ${JSON.stringify(body.slice(i))}`] };
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
      // Stryker disable next-line ConditionalExpression,EqualityOperator: printed brackets are balanced (end < 0 guards against an endless loop)
      i = end < 0 ? body.length : end + 1;
      continue;
    } else {
      // A number or a name, up to the next space.
      value = body.slice(i).split(/[\s()]/)[0];
      i += value.length;
    }
    if (key.toUpperCase() === 'PASSWORD') password = true;
    else params[key.toUpperCase()] = value;
  }
  return { params, password, unsupported };
}

const ATTRIBUTE = /^(`(?:[^`\\]|\\.)*`|[A-Za-z_][A-Za-z0-9_]*)\s+(.*)$/s;
const ATTRIBUTE_WORDS = ['DEFAULT', 'EXPRESSION', 'HIERARCHICAL', 'BIDIRECTIONAL', 'INJECTIVE', 'IS_OBJECT_ID'];

/** A name as printed: `quoted` (backslash escapes) or plain. */
// Stryker disable next-line MethodExpression: a printed name starts with a backquote exactly when it ends with one
const unquoteName = (n: string): string => (n.startsWith('`') ? n.slice(1, -1).replace(/\\(.)/g, '$1') : n);

/** One printed attribute (`name` Type DEFAULT v EXPRESSION e HIERARCHICAL INJECTIVE), as splitTopLevel gives it (trimmed). */
export function parseDictionaryAttribute(def: string): { attribute: DictionaryAttributeSpec; unsupported: string[] } | undefined {
  const m = ATTRIBUTE.exec(def);
  // Stryker disable next-line ConditionalExpression: the server prints every attribute as a name and a type (a guard)
  if (!m) return undefined;
  const name = unquoteName(m[1]);
  const rest = m[2];
  const at = ATTRIBUTE_WORDS.map((w) => [w, findTopLevelWord(rest, w)] as const).filter(([, i]) => i !== -1);
  const ends = at.map(([, i]) => i);
  const end = (from: number) => Math.min(...ends.filter((i) => i > from), rest.length);
  const part = (w: string) => {
    const found = at.find(([x]) => x === w);
    return found ? rest.slice(found[1] + w.length + 1, end(found[1])).trim() : undefined;
  };
  const type = rest.slice(0, ends.length ? Math.min(...ends) : rest.length);
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

/** RANGE's inside: MIN a MAX b, each name plain or `quoted` (RANGE(MIN `lo x` MAX MAX)). */
const RANGE = /MIN (`(?:[^`\\]|\\.)*`|\S+) MAX (`(?:[^`\\]|\\.)*`|\S+)/;

/** A dictionary from its printed CREATE DICTIONARY (create_table_query, SHOW CREATE); undefined for anything else. */
export function dictionaryFromCreateQuery(database: string, name: string, createQuery: string): DictionarySpec | undefined {
  const q = singleLine(createQuery);
  if (!/^(CREATE|ATTACH) (OR REPLACE )?DICTIONARY /.test(q)) return undefined;
  const { columns: defs, rest } = splitCreateTable(q);
  const unsupported: string[] = [];
  const attributes: DictionaryAttributeSpec[] = [];
  for (const def of defs) {
    const a = parseDictionaryAttribute(def);
    // Stryker disable next-line ConditionalExpression: the same guard as in parseDictionaryAttribute
    if (!a) return undefined;
    attributes.push(a.attribute);
    unsupported.push(...a.unsupported);
  }
  const key = clauseOf(rest, 'PRIMARY KEY');
  // The inside of a bracketed clause: SOURCE(...), LAYOUT(...), LIFETIME(...), RANGE(...).
  const inner = (keyword: string) => clauseOf(rest, keyword)?.slice(1, -1);
  const sourceText = inner('SOURCE');
  const layoutText = inner('LAYOUT');
  // Stryker disable next-line ConditionalExpression,LogicalOperator: the server prints PRIMARY KEY, SOURCE and LAYOUT in every CREATE DICTIONARY (a guard)
  if (key === undefined || sourceText === undefined || layoutText === undefined) return undefined;
  const source = call(sourceText);
  const layout = call(layoutText);
  const sourceParams = parseDictionaryParams(source.body);
  const layoutParams = parseDictionaryParams(layout.body);
  unsupported.push(...sourceParams.unsupported, ...layoutParams.unsupported);
  // Printed as MIN a MAX b whatever was declared (LIFETIME(300) too).
  const lifetime = inner('LIFETIME')?.match(/MIN (\d+) MAX (\d+)/);
  const range = inner('RANGE')?.match(RANGE);
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
    ...(lifetime ? { lifetime: { min: Number(lifetime[1]), max: Number(lifetime[2]) } } : {}),
    ...(range ? { range: { min: unquoteName(range[1]), max: unquoteName(range[2]) } } : {}),
    ...(comment !== undefined && unquoteString(comment) !== '' ? { comment: unquoteString(comment) } : {}),
    ...(unsupported.length ? { unsupported } : {}),
  };
}
