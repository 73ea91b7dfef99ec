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
const unquoteIdent = (s: string): string => (s.startsWith('`') ? s.slice(1, -1).replace(/\\(.)/g, '$1') : s.trim());

/** Dictionaries an expression calls (dictGet('db.d', ...), dictGet(db.d, ...)); a name without a database is in `database`. */
export function dictionaryReferences(expression: string, database: string): QualifiedName[] {
  const out: QualifiedName[] = [];
  for (const m of expression.matchAll(DICT_CALL)) {
    const arg = m[1];
    let db: string;
    let name: string;
    if (arg.startsWith("'")) {
      const text = unquoteString(arg);
      const dot = text.indexOf('.');
      [db, name] = dot > 0 ? [text.slice(0, dot), text.slice(dot + 1)] : [database, text];
    } else {
      const parts = arg.split(/\s*\.\s*(?=[`A-Za-z_])/);
      [db, name] = parts.length === 2 ? [unquoteIdent(parts[0]), unquoteIdent(parts[1])] : [database, unquoteIdent(parts[0])];
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
