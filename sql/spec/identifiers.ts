// The one module that quotes and escapes. Nothing else concatenates names or literals into SQL.
import { quotedEnd } from './sql-text';
import { settingNotFinite } from './errors';

/** Identifiers we accept: ASCII letters, digits and underscore, not starting with a digit. */
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const MAX_IDENTIFIER_LENGTH = 206; // ClickHouse keeps table names as file names; it refuses longer ones.

/** Returns why `name` is not an acceptable identifier, or undefined when it is. */
export function identifierProblem(name: unknown): string | undefined {
  if (typeof name !== 'string') return `must be a string, got ${typeof name}`;
  if (name.length === 0) return 'must not be empty';
  if (name.length > MAX_IDENTIFIER_LENGTH) return `must be at most ${MAX_IDENTIFIER_LENGTH} characters, got ${name.length}`;
  if (!IDENTIFIER.test(name)) {
    return `${JSON.stringify(name)} is not a plain identifier: use ASCII letters, digits and "_", not starting with a digit`;
  }
  return undefined;
}

/**
 * Returns why `name` is not an acceptable column name, or undefined. A column name is an
 * identifier, or identifiers joined by dots: `ev.name` is how the server lists the columns of a
 * Nested column `ev` (flattened, one Array per field). quoteIdent quotes it whole.
 */
export function columnNameProblem(name: unknown): string | undefined {
  if (typeof name !== 'string' || !name.includes('.')) return identifierProblem(name);
  const bad = name
    .split('.')
    .map(identifierProblem)
    .find((p) => p !== undefined);
  if (bad === undefined) return identifierProblem(name.replace(/\./g, '_'));
  // Stryker disable next-line Regex: equivalent without ^: only a message that starts with the quoted name has '" ' in it
  return `${JSON.stringify(name)} is not a column name: each part of a dotted name (ev.name) ${bad.replace(/^".*?" /, '')}`;
}

/** Backtick-quotes an identifier (escaping backslashes and backticks, although validated names have none). */
export function quoteIdent(name: string): string {
  return '`' + name.replace(/\\/g, '\\\\').replace(/`/g, '\\`') + '`';
}

/** `db`.`name` */
export function qualified(database: string, name: string): string {
  return `${quoteIdent(database)}.${quoteIdent(name)}`;
}

/** A single-quoted string literal with ClickHouse escaping. */
export function quoteString(value: string): string {
  return "'" + value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t').replace(/\0/g, '\\0') + "'";
}

/**
 * A setting value: numbers and the words true/false as they are (the server prints a boolean
 * setting as `true`, and keeps a quoted 'true' quoted), other strings quoted.
 */
export function settingValue(value: string | number | boolean): string {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw settingNotFinite(value);
    return String(value);
  }
  if (typeof value === 'boolean') return value ? '1' : '0';
  return /^(-?\d+(\.\d+)?|true|false)$/.test(value) ? value : quoteString(value);
}

/**
 * Returns why an SQL expression fragment (a key, TTL, default, SELECT) is unsafe to embed, or
 * undefined. Expressions are SQL by nature; this refuses what could end the statement or
 * smuggle another one: a semicolon or comment outside string literals, unbalanced quotes or
 * brackets, control characters, and non-ASCII characters outside literals. ClickHouse's parser has the final word at deploy.
 */
export function expressionProblem(expr: unknown): string | undefined {
  if (typeof expr !== 'string') return `must be a string, got ${typeof expr}`;
  if (expr.trim().length === 0) return 'must not be empty';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u202a-\u202e\u2066-\u2069]/.test(expr)) return 'contains control or bidirectional-override characters';
  const stack: string[] = [];
  const pairs: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
  // Stryker disable next-line EqualityOperator: one step past the end reads undefined, which matches no case below
  for (let i = 0; i < expr.length; i++) {
    const c = expr[i];
    if (c === "'" || c === '"' || c === '`') {
      const end = quotedEnd(expr, i);
      if (end === undefined) return `has an unterminated ${c} quote`;
      i = end - 1;
      continue;
    }
    if (c === ';') return 'contains ";" outside a string literal: one expression, not several statements';
    // Lookalike letters and invisible characters (zero-width, BOM) make an expression read as one
    // thing and run as another; outside literals an expression is plain ASCII.
    if (c > '\u007e')
      return `contains the non-ASCII character U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')} outside a string literal (a lookalike or invisible character?)`;
    if (expr.startsWith('--', i) || expr.startsWith('/*', i) || c === '#') return 'contains a comment outside a string literal';
    if (c === '(' || c === '[' || c === '{') stack.push(c);
    if (c === ')' || c === ']' || c === '}') {
      if (stack.pop() !== pairs[c]) return `has an unbalanced "${c}"`;
    }
  }
  if (stack.length) return `has an unclosed "${stack[stack.length - 1]}"`;
  return undefined;
}

/** A bare or backquoted identifier, as an engine argument may name a database or table. */
const NAMED_ARG = /^(?:[A-Za-z_][A-Za-z0-9_]*|`(?:[^`\\]|\\.)+`)$/;

/**
 * Engine arguments in the form the server prints them: Buffer's destination database and table
 * (`Buffer(db, t, ...)`) are printed as string literals ('db', 't'), so a bare or backquoted name
 * is written as that literal; every other argument is left as it is.
 */
export function engineArgsNormalForm(engine: string, args: readonly string[]): string[] {
  if (engine !== 'Buffer') return [...args];
  return args.map((a, i) => {
    const t = a.trim();
    if (i > 1 || !NAMED_ARG.test(t)) return a;
    return quoteString(t.startsWith('`') ? t.slice(1, -1).replace(/\\(.)/g, '$1') : t);
  });
}

/** The table a rebuild's shadow (`<t>__chx_rebuild`) or kept-old table (`<t>__chx_old_20261204T0300`) belongs to; undefined for other names (see TableSpec.rebuild). */
export function rebuildOwner(name: string): string | undefined {
  return /^(.+)__chx_(?:rebuild|old_\d{8}T\d{4})$/.exec(name)?.[1];
}
