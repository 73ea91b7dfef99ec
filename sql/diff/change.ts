// The one way every diff builds a Change, and the one rule for whether deploy runs it.
//
// A fix is safe when it is in place and loses nothing: deploy runs it. A fix that is
// destructive (DROP COLUMN, a narrowing type, REVOKE) or not in place (a rebuild, such as
// recreating a view for a new TO table) runs only when its opt-in is on, and only when it has
// statements: what cannot be done in place and comes with none is never runnable. Which opt-in
// gates a fix depends on what it takes away: the stack's allowDestructive for schema objects,
// the grant's revokeExtra for privileges found on the server but not declared.
//
// Data decides too, where it was read (DiffOptions.data): every change of the object carries its
// cost (class, rows, bytes, parts), a refused change says how much it would take away, and a
// destructive in-place fix of a table that holds no rows loses nothing, so it runs without the
// opt-in (dropping a column of an empty table, narrowing its type). allowDestructive stays the one
// opt-in: it is what lets rows go.
import { Change, ReasonCode, TableData, formatBytes } from '../spec/changes';
import { DiffOptions, GrantSpec } from '../spec/model';
import { costOf } from './cost';

/** How a change is carried out; whether it runs follows from these and its opt-in. */
export interface Fix {
  readonly statements: readonly string[];
  readonly inPlace: boolean;
  readonly destructive: boolean;
  /** What to do when it does not run. @default the opt-in's hint when there are statements */
  readonly hint?: string;
}

/** The switch that lets destructive or rebuild fixes run, and what to tell when it is off. */
export interface OptIn {
  readonly allowed: boolean;
  readonly hint: string;
  /** When not allowed, the change is the construct's own choice to report only (see Change.reportOnly). @default false */
  readonly reportOnly?: boolean;
  /** What the object holds, when read: prices the change and lets a lossless destructive fix run. @default unknown */
  readonly data?: TableData;
}

/** Schema objects: the stack's allowDestructive (and what the table holds, when read). */
export function allowDestructive(opts: DiffOptions): OptIn {
  return {
    allowed: opts.allowDestructive === true,
    hint: 'destructive: deploy runs it only when the construct allows destructive changes (allowDestructive)',
    ...(opts.data ? { data: opts.data } : {}),
  };
}

/**
 * The one data rule: what holds rows is taken away only with the opt-in; what holds none (a table
 * read as empty) goes freely. Unknown data counts as rows. The provider's removal-policy destroy
 * of a table decides by it too.
 */
export function mayLoseData(allowed: boolean, data: Pick<TableData, 'rows'> | undefined): boolean {
  return allowed || (data !== undefined && data.rows === 0);
}

/** '48,200 row(s), 3.1 MiB in 12 part(s)'. */
export function describeData(data: TableData): string {
  return `${data.rows.toLocaleString('en-US')} row(s), ${formatBytes(data.bytes)} in ${data.parts.toLocaleString('en-US')} part(s)`;
}

/** Privileges granted on the server but not declared: the grant's revokeExtra (not allowDestructive). */
export function revokeExtra(spec: GrantSpec): OptIn {
  return {
    allowed: spec.revokeExtra === true,
    hint: 'declare these privileges, or set revokeExtra: true on the grant to revoke what is not declared',
    reportOnly: true,
  };
}

/** Reported only, never run by deploy (a person decides). */
export const NEVER: OptIn = { allowed: false, hint: 'deploy never runs it' };

/** A fix deploy runs without asking: in place and losing nothing. */
export function safe(statements: readonly string[]): Fix {
  return { statements, inPlace: true, destructive: false };
}

export function change(object: string, reason: ReasonCode, detail: string, fix: Fix, optIn: OptIn): Change {
  const isSafe = fix.inPlace && !fix.destructive;
  // A destructive in-place fix of a table with no rows takes nothing away; a rebuild needs its opt-in.
  const runnable = isSafe || (fix.statements.length > 0 && (fix.inPlace ? mayLoseData(optIn.allowed, optIn.data) : optIn.allowed));
  const baseHint = runnable ? undefined : (fix.hint ?? (fix.statements.length > 0 ? optIn.hint : undefined));
  const hint = baseHint && optIn.data && fix.destructive ? `${baseHint} (the table holds ${describeData(optIn.data)})` : baseHint;
  const reportOnly = !runnable && optIn.reportOnly === true;
  const cost = optIn.data && fix.statements.length > 0 ? costOf(fix.statements, reason, optIn.data) : undefined;
  return {
    object,
    reason,
    detail,
    statements: fix.statements,
    inPlace: fix.inPlace,
    destructive: fix.destructive,
    runnable,
    ...(hint ? { hint } : {}),
    ...(reportOnly ? { reportOnly } : {}),
    ...(cost ? { cost } : {}),
  };
}

/** Drift that blocks the object: nothing runs for it until a person does what `hint` says. */
export function blocked(object: string, reason: ReasonCode, detail: string, hint: string): Change {
  return change(object, reason, detail, { statements: [], inPlace: false, destructive: false, hint }, NEVER);
}

/** An object that does not exist on the server: its CREATE ... IF NOT EXISTS, safe and in place. `what` is e.g. 'table db.t'. */
export function missingObject(object: string, what: string, create: string, opts: DiffOptions): Change {
  return change(object, 'missing_object', `desired ${what}, live none`, { statements: [create], inPlace: true, destructive: false }, allowDestructive(opts));
}
