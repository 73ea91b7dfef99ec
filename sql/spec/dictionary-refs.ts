// What refers to a dictionary, and what a dictionary reads: the links that order deployment (a
// table whose column calls dictGet('db.d', ...) after the dictionary; a dictionary after the table
// it loads from). Pure text scanning, used by the constructs and by import's code generation.
import { ColumnSpec, DictionarySpec } from './model';
import { unquoteString } from './sql-text';

export interface QualifiedName {
  readonly database: string;
  readonly name: string;
}

const NAME = '(?:`(?:[^`\\\\]|\\\\.)+`|[A-Za-z_][A-Za-z0-9_]*)';
/** dictGet, dictGetOrDefault, dictGetString..., dictHas, dictIsIn, dictGetHierarchy, dictGetChildren...: first argument a string or a name. */
const DICT_CALL = new RegExp(`\\bdict(?:Get\\w*|Has|IsIn)\\s*\\(\\s*('(?:[^'\\\\]|\\\\.)*'|${NAME}(?:\\s*\\.\\s*${NAME})?)`, 'g');
/** The first argument of DICT_CALL when it is a name: one, or two joined by a dot (null for a string). */
const COMPOUND = new RegExp(`^(${NAME})(?:\\s*\\.\\s*(${NAME}))?`);
// Stryker disable next-line MethodExpression: a name starts with a backquote exactly when it ends with one
const unquoteIdent = (s: string): string => (s.startsWith('`') ? s.slice(1, -1).replace(/\\(.)/g, '$1') : s);

/** Dictionaries an expression calls (dictGet('db.d', ...), dictGet(db.d, ...)); a name without a database is in `database`. */
export function dictionaryReferences(expression: string, database: string): QualifiedName[] {
  const out: QualifiedName[] = [];
  for (const m of expression.matchAll(DICT_CALL)) {
    const arg = m[1];
    // db.d (two names), or one name or string: 'db.d' and `db.d` name database db (the server splits them at the first dot).
    const parts = COMPOUND.exec(arg);
    let db: string;
    let name: string;
    if (parts?.[2] !== undefined) [db, name] = [unquoteIdent(parts[1]), unquoteIdent(parts[2])];
    else {
      const text = parts ? unquoteIdent(parts[1]) : unquoteString(arg);
      const dot = text.indexOf('.');
      [db, name] = dot > 0 ? [text.slice(0, dot), text.slice(dot + 1)] : [database, text];
    }
    if (!out.some((r) => r.database === db && r.name === name)) out.push({ database: db, name });
  }
  return out;
}

/** Dictionaries the columns of a table call (in DEFAULT, MATERIALIZED, ALIAS expressions). */
export function columnDictionaryReferences(columns: readonly ColumnSpec[], database: string): QualifiedName[] {
  const out: QualifiedName[] = [];
  for (const c of columns)
    for (const r of c.defaultExpression !== undefined ? dictionaryReferences(c.defaultExpression, database) : [])
      if (!out.some((x) => x.database === r.database && x.name === r.name)) out.push(r);
  return out;
}

/**
 * The table a CLICKHOUSE source reads on the same server (TABLE, with DB or the dictionary's
 * database); undefined for a QUERY, another HOST, or another source type.
 */
export function dictionarySourceTable(d: DictionarySpec): QualifiedName | undefined {
  if (d.source.type.toUpperCase() !== 'CLICKHOUSE') return undefined;
  const p = Object.fromEntries(Object.entries(d.source.params ?? {}).map(([k, v]) => [k.toUpperCase(), String(v)]));
  if (p.TABLE === undefined || (p.HOST !== undefined && !['localhost', '127.0.0.1', '::1'].includes(p.HOST))) return undefined;
  return { database: p.DB ?? d.database, name: p.TABLE };
}
