// From changes to the values Terraform compares (the "triggers" of each object's resource).
// Pure. The trigger problem (DESIGN.md): right after a deploy, a plan must be clean. So an
// object in sync reuses the triggers recorded when it was last applied (the revisions record
// lives in ClickHouse, so this holds with any Terraform backend); a drifted object gets new
// triggers carrying its reasons and the exact SQL deploy will run.
import { createHash } from 'crypto';
import { Change, runnableStatements } from '../spec/changes';
import { ObjectSpec, objectId } from '../spec/model';

export type ObjectState = 'in_sync' | 'drift' | 'unchecked';

/** Trigger values of one object's resource; every value a string (null_resource's triggers are map(string)). */
export interface Triggers {
  readonly object: string;
  /** Changes whenever the object needs applying; equal to the recorded one when in sync. */
  readonly revision: string;
  /** Reason codes of the pending changes, e.g. 'missing_column(owner), ttl_changed'. */
  readonly reasons: string;
  /** Statements deploy will run, as they will run (password placeholders, never secrets). */
  readonly sql: string;
  /** Changes deploy will refuse (destructive or rebuild-only), with what to do. */
  readonly blocked: string;
  readonly [key: string]: string;
}

export interface ObjectPlan {
  readonly object: string;
  readonly state: ObjectState;
  readonly changes: readonly Change[];
  readonly triggers: Triggers;
}

export function hash(text: string, length = 16): string {
  return createHash('sha256').update(text).digest('hex').slice(0, length);
}

/** JSON with sorted keys, so equal specs hash equally. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function describeReasons(changes: readonly Change[]): string {
  return changes
    .map((c) => (c.host ? `${c.reason}@${c.host}` : c.reason))
    .filter((r, i, all) => all.indexOf(r) === i)
    .join(', ');
}

export function planSql(changes: readonly Change[]): string {
  return runnableStatements(changes)
    .map((s) => `${s};`)
    .join('\n');
}

export function blockedText(changes: readonly Change[]): string {
  return changes
    .filter((c) => !c.runnable)
    .map((c) => `${c.reason}: ${c.detail}${c.hint ? ` (${c.hint})` : ''}`)
    .join('\n');
}

export function planObject(spec: ObjectSpec, changes: readonly Change[] | undefined, recorded: Readonly<Record<string, string>> | undefined): ObjectPlan {
  const object = objectId(spec);
  if (changes === undefined) {
    return {
      object,
      state: 'unchecked',
      changes: [],
      triggers: { object, revision: `unchecked-${hash(stableJson(spec))}`, reasons: 'drift not checked (no server reachable at synth)', sql: '', blocked: '' },
    };
  }
  if (changes.length === 0) {
    if (recorded && recorded.object === object && typeof recorded.revision === 'string') {
      return { object, state: 'in_sync', changes, triggers: recorded as Triggers };
    }
    return { object, state: 'in_sync', changes, triggers: { object, revision: `in-sync-${hash(stableJson(spec))}`, reasons: '', sql: '', blocked: '' } };
  }
  const sql = planSql(changes);
  const blocked = blockedText(changes);
  const reasons = describeReasons(changes);
  return { object, state: 'drift', changes, triggers: { object, revision: hash(stableJson({ spec, sql, blocked, reasons })), reasons, sql, blocked } };
}
