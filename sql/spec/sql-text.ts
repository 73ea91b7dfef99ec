// Scanning of SQL text as ClickHouse prints it (used by introspection, canonicalization, spec
// validation and the diff): top level means outside quotes and brackets, which is where
// ClickHouse's printer puts clause keywords and list commas. Pure: strings in, strings out.

/**
 * Index just after the quoted token that starts at `i` (', " or `), honouring \ escapes and
 * doubled quotes; undefined when the quote is never closed.
 */
export function quotedEnd(s: string, i: number): number | undefined {
  const q = s[i];
  let j = i + 1;
  while (j < s.length) {
    if (s[j] === '\\') {
      j += 2;
      continue;
    }
    if (s[j] === q) {
      if (s[j + 1] === q) {
        j += 2;
        continue;
      }
      return j + 1;
    }
    j++;
  }
  return undefined;
}

/** quotedEnd, or the end of the text for an unclosed quote (printed SQL has none). */
function skipQuoted(s: string, i: number): number {
  return quotedEnd(s, i) ?? s.length;
}

const OPENING = '([{';
const CLOSING = ')]}';

/**
 * Walks `s` from `from`, skipping quoted tokens, and calls `visit(index, depth)` for every other
 * character with the bracket depth after it (an opening bracket counts inside, a closing one
 * outside); stops at the first index for which visit returns true and returns it, else -1.
 */
function walkOutsideQuotes(s: string, from: number, visit: (i: number, depth: number) => boolean): number {
  let depth = 0;
  let i = from;
  while (i < s.length) {
    const ch = s[i];
    if (ch === "'" || ch === '"' || ch === '`') {
      i = skipQuoted(s, i);
      continue;
    }
    if (OPENING.includes(ch)) depth++;
    else if (CLOSING.includes(ch)) depth--;
    if (visit(i, depth)) return i;
    i++;
  }
  return -1;
}

/** Calls `visit(index)` for each character at bracket depth 0 outside quotes (brackets excluded); stops when it returns true. */
function scanTopLevel(s: string, from: number, visit: (i: number) => boolean): number {
  return walkOutsideQuotes(s, from, (i, depth) => depth === 0 && !OPENING.includes(s[i]) && !CLOSING.includes(s[i]) && visit(i));
}

/** Splits at commas that are at the top level; parts trimmed, empty input gives []. */
export function splitTopLevel(s: string): string[] {
  if (s.trim() === '') return [];
  const parts: string[] = [];
  let start = 0;
  scanTopLevel(s, 0, (i) => {
    if (s[i] === ',') {
      parts.push(s.slice(start, i).trim());
      start = i + 1;
    }
    return false;
  });
  parts.push(s.slice(start).trim());
  return parts;
}

/** Index of ` KEYWORD ` (space-delimited, top level) at or after `from`, or -1. */
export function findTopLevelKeyword(s: string, keyword: string, from = 0): number {
  const needle = ` ${keyword} `;
  return scanTopLevel(s, from, (i) => s.startsWith(needle, i));
}

/**
 * Index of ` WORD` (top level) at or after `from` that ends a word: followed by a space, an
 * opening bracket or the end (` CODEC(`, ` EPHEMERAL`), or -1.
 */
export function findTopLevelWord(s: string, word: string, from = 0): number {
  const needle = ` ${word}`;
  return scanTopLevel(
    s,
    from,
    (i) => s.startsWith(needle, i) && (i + needle.length === s.length || s[i + needle.length] === ' ' || s[i + needle.length] === '('),
  );
}

/**
 * SQL text on one line as ClickHouse's single-line printer writes it: runs of whitespace outside
 * quotes become one space, none just inside brackets (SHOW CREATE TABLE prints over many lines).
 */
export function singleLine(s: string): string {
  let out = '';
  let i = 0;
  while (i < s.length) {
    const ch = s[i];
    if (ch === "'" || ch === '"' || ch === '`') {
      const end = quotedEnd(s, i) ?? s.length;
      out += s.slice(i, end);
      i = end;
      continue;
    }
    if (/\s/.test(ch)) {
      while (i < s.length && /\s/.test(s[i])) i++;
      const prev = out[out.length - 1];
      if (out.length && !OPENING.includes(prev) && !CLOSING.includes(s[i] ?? '') && i < s.length) out += ' ';
      continue;
    }
    out += ch;
    i++;
  }
  return out;
}

/**
 * An expression without brackets around the whole of it: `('none')` -> `'none'`, `((1 + 2))` ->
 * `1 + 2`. ClickHouse's formatter keeps such brackets, yet they change nothing; a bracket holding
 * a top-level comma is a tuple and stays, as does one that closes before the end (`(a) + (b)`).
 */
export function stripOuterBrackets(expression: string): string {
  let t = expression.trim();
  while (t.startsWith('(') && matchingBracket(t, 0) === t.length - 1 && splitTopLevel(t.slice(1, -1)).length === 1) t = t.slice(1, -1).trim();
  return t;
}

/** Index of the bracket closing the one at `open`, or -1. */
export function matchingBracket(s: string, open: number): number {
  return walkOutsideQuotes(s, open, (i, depth) => depth === 0 && CLOSING.includes(s[i]));
}

/** The value of a printed string literal ('a\'b' -> a'b). */
export function unquoteString(literal: string): string {
  const t = literal.trim();
  if (t.length < 2 || t[0] !== "'" || t[t.length - 1] !== "'") return t;
  const body = t.slice(1, -1);
  const escapes: Record<string, string> = { n: '\n', r: '\r', t: '\t', '0': '\0', b: '\b', f: '\f' };
  return body.replace(/\\(.)|''/g, (m, c: string | undefined) => (c === undefined ? "'" : (escapes[c] ?? c)));
}

/** ORDER BY / PRIMARY KEY expressions as one SQL expression, as in DDL. */
export function keyList(exprs: readonly string[]): string {
  if (exprs.length === 0) return 'tuple()';
  if (exprs.length === 1) return exprs[0];
  return `(${exprs.join(', ')})`;
}

/** The inverse of keyList on a printed key: '(a, b)' -> [a, b]; 'tuple()' -> []; 'a' -> [a]. */
export function keyElements(printed: string): string[] {
  const t = printed.trim();
  if (t === '' || t === 'tuple()') return [];
  if (t.startsWith('(') && matchingBracket(t, 0) === t.length - 1) {
    const inner = splitTopLevel(t.slice(1, -1));
    if (inner.length > 1) return inner;
  }
  return [t];
}

/** Codec elements: 'CODEC(Delta(8), ZSTD(3))' or 'Delta, ZSTD(3)' -> ['Delta(8)', 'ZSTD(3)']. */
export function codecElements(codec: string): string[] {
  let t = codec.trim();
  if (/^CODEC\s*\(/i.test(t) && matchingBracket(t, t.indexOf('(')) === t.length - 1) t = t.slice(t.indexOf('(') + 1, -1);
  return splitTopLevel(t);
}

/**
 * The parameters the server prints for a codec declared without any, where they do not depend
 * on the column's type (measured on 26.7: ZSTD -> ZSTD(1), LZ4HC -> LZ4HC(0), where 0 means the
 * default level 9, FPC -> FPC(12)). Delta and Gorilla take the column's width (Delta(4) on a
 * UInt32), so any width matches them.
 */
const CODEC_DEFAULT_PARAMS: Readonly<Record<string, readonly string[]>> = { ZSTD: ['1'], LZ4HC: ['0', '9'], FPC: ['12'] };

/**
 * Whether a live codec satisfies a desired one. The server fills in default parameters
 * (Delta -> Delta(8), ZSTD -> ZSTD(1)), so a desired codec without parameters matches the same
 * codec with its default parameters: ZSTD matches ZSTD(1), not ZSTD(9) set by hand.
 */
export function codecMatches(desired: string | undefined, live: string | undefined): boolean {
  if (desired === undefined || live === undefined) return desired === live;
  const d = codecElements(desired);
  const l = codecElements(live);
  if (d.length !== l.length) return false;
  return d.every((de, i) => {
    const le = l[i];
    if (de === le) return true;
    const name = (e: string) => e.replace(/\s*\(.*$/s, '');
    if (de.includes('(') || name(de) !== name(le)) return false;
    const defaults = CODEC_DEFAULT_PARAMS[name(de)];
    return (
      defaults === undefined ||
      defaults.includes(
        le
          .slice(name(le).length)
          .replace(/^\s*\((.*)\)$/s, '$1')
          .trim(),
      )
    );
  });
}

/**
 * The tables (or views) a SELECT names after FROM or JOIN, as written: `db.t`, `t`, backquoted or
 * not; in order, without repeats. A name inside a string literal or a table function is not one.
 */
export function tablesRead(select: string): { readonly database?: string; readonly name: string }[] {
  const name = '(`(?:[^`\\\\]|\\\\.)+`|[A-Za-z_][A-Za-z0-9_]*)';
  const re = new RegExp(`\\b(?:FROM|JOIN)\\s+${name}(?:\\s*\\.\\s*${name})?(?!\\s*\\()`, 'gi');
  const unquote = (s: string) => (s.startsWith('`') ? s.slice(1, -1).replace(/\\(.)/g, '$1') : s);
  const out: { database?: string; name: string }[] = [];
  for (const m of select.replace(/'(?:[^'\\]|\\.)*'/g, "''").matchAll(re)) {
    const ref = m[2] !== undefined ? { database: unquote(m[1]), name: unquote(m[2]) } : { name: unquote(m[1]) };
    if (!out.some((o) => o.database === ref.database && o.name === ref.name)) out.push(ref);
  }
  return out;
}
