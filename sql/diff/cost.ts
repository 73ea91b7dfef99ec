// What a change costs the server, by the work ClickHouse does for its statements: metadata only,
// a mutation rewriting one column, a mutation rewriting whole parts, a rebuild, or data dropped.
// Pure: the class comes from the statements (and the reason, for a column's new type); the rows,
// bytes and parts come from what the table holds (TableData, read by sql/live with the snapshot).
import { ChangeCost, CostClass, ReasonCode, TableData } from '../spec/changes';

const ORDER: readonly CostClass[] = ['metadata', 'rewrites_column', 'rewrites_parts', 'rebuild', 'drops_data'];

// Stryker disable next-line StringLiteral: what replaces a quoted literal only has to hold no TTL; '' and nothing match the same
const isTtlAlter = (s: string): boolean => / MODIFY TTL /.test(s) || / MODIFY COLUMN (IF EXISTS )?\S+ .*\bTTL\b/.test(s.replace(/'(?:[^'\\]|\\.)*'/g, "''"));

/**
 * The class of one statement. MODIFY TTL (and a column's new TTL) rewrites the parts only while
 * the server's materialize_ttl_after_modify is 1: with 0 (server-wide, or `SETTINGS
 * materialize_ttl_after_modify = 0` on the ALTER) it is metadata, and merges apply the TTL later.
 */
export function classifyStatement(statement: string, reason: ReasonCode, materializeTtl = true): CostClass {
  const s = statement.trim();
  if (/^DROP (TABLE|DICTIONARY)\b/.test(s)) return 'drops_data';
  if (/^EXCHANGE TABLES\b/.test(s)) return 'rebuild';
  if (/^DROP VIEW\b/.test(s)) return reason === 'extra_object' ? 'metadata' : 'rebuild';
  if (/ DROP COLUMN /.test(s)) return 'drops_data';
  if (/ (MATERIALIZE|CLEAR) (INDEX|PROJECTION|COLUMN) /.test(s)) return 'rewrites_column';
  if (/ MATERIALIZE TTL\b/.test(s)) return 'rewrites_parts';
  if (isTtlAlter(s)) return materializeTtl ? 'rewrites_parts' : 'metadata';
  if (/ MODIFY COLUMN /.test(s) && reason === 'column_type_changed') return 'rewrites_column';
  return 'metadata';
}

/** The heaviest class among a change's statements (metadata for none). */
export function classifyChange(statements: readonly string[], reason: ReasonCode, materializeTtl = true): CostClass {
  let worst = 0;
  for (const s of statements) worst = Math.max(worst, ORDER.indexOf(classifyStatement(s, reason, materializeTtl)));
  return ORDER[worst];
}

/** The cost of a change's statements on a table holding `data`. */
export function costOf(statements: readonly string[], reason: ReasonCode, data: TableData): ChangeCost {
  const materializeTtl = data.materializeTtlAfterModify !== false;
  const cls = classifyChange(statements, reason, materializeTtl);
  const ttl = statements.some(isTtlAlter);
  return {
    class: cls,
    rows: data.rows,
    bytes: data.bytes,
    parts: data.parts,
    pendingMutations: data.pendingMutations,
    ...(ttl ? { note: `materialize_ttl_after_modify=${materializeTtl ? 1 : 0}` } : {}),
  };
}
