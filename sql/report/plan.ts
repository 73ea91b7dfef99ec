// One object's verdict in a drift report: in sync, drifted (with its changes, the statements
// deploy will run and what it will refuse), or not checked. Pure.
import { Change, deployStatements, formatCost } from '../spec/changes';
import { ObjectSpec, objectId } from '../spec/model';

export type ObjectState = 'in_sync' | 'drift' | 'unchecked';

export interface ObjectPlan {
  readonly object: string;
  readonly state: ObjectState;
  readonly changes: readonly Change[];
  /** Reason codes of the changes, e.g. 'missing_column, ttl_changed' ('' in sync). */
  readonly reasons: string;
  /** Statements deploy will run, as they will run (password placeholders, never secrets). */
  readonly sql: string;
  /** Changes deploy will refuse (destructive or rebuild-only), with what to do. */
  readonly blocked: string;
  /** What each change costs, one line each (see planCost); absent where the data was not read. */
  readonly cost?: string;
}

export function describeReasons(changes: readonly Change[]): string {
  return [...new Set(changes.map((c) => (c.host ? `${c.reason}@${c.host}` : c.reason)))].join(', ');
}

/** The statements deploy will run, one per line with its semicolon: each table's ALTERs combined (see deployStatements). */
export function planSql(changes: readonly Change[]): string {
  return deployStatements(changes)
    .map((s) => `${s};`)
    .join('\n');
}

export function blockedText(changes: readonly Change[]): string {
  return changes
    .filter((c) => !c.runnable)
    .map((c) => `${c.reason}: ${c.detail}${c.hint ? ` (${c.hint})` : ''}`)
    .join('\n');
}

/** A statement without its `ALTER TABLE name [ON CLUSTER c]` head, cut to `max` characters. */
function command(statement: string, max = 60): string {
  const s = statement.replace(/^ALTER TABLE (?:`(?:[^`\\]|\\.)*`|\w+)(?:\.(?:`(?:[^`\\]|\\.)*`|\w+))?(?: ON CLUSTER \S+)? /, '').replace(/\s+/g, ' ');
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/**
 * One line per change whose data was read, named by its last statement (the one doing the work, e.g. MATERIALIZE after ADD):
 * 'MODIFY TTL ts + toIntervalDay(90) — rewrites 12 part(s), 3.1 MiB, 48,200 row(s) (materialize_ttl_after_modify=1)'.
 * '' when no change carries a cost. Without `withData`, the classes alone (see formatCost).
 */
export function planCost(changes: readonly Change[], withData = true): string {
  return changes
    .filter((c) => c.cost && c.statements.length)
    .map((c) => `${command(c.statements[c.statements.length - 1])} — ${formatCost(c.cost!, withData)}${c.runnable ? '' : ' [not run]'}`)
    .join('\n');
}

/** The verdict for `spec` from its changes; undefined changes = drift was not checked. */
export function planObject(spec: ObjectSpec, changes: readonly Change[] | undefined): ObjectPlan {
  const object = objectId(spec);
  if (changes === undefined) return { object, state: 'unchecked', changes: [], reasons: 'drift not checked', sql: '', blocked: '' };
  if (changes.length === 0) return { object, state: 'in_sync', changes, reasons: '', sql: '', blocked: '' };
  const cost = planCost(changes);
  return {
    object,
    state: 'drift',
    changes,
    reasons: describeReasons(changes),
    sql: planSql(changes),
    blocked: blockedText(changes),
    ...(cost ? { cost } : {}),
  };
}
