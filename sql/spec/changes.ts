// Changes: what diff(desired, live) returns. The plan output, the drift report and the apply
// command all print from this one structure. No changes means in sync.
import { combineAlters } from './alter-batch';

export type ReasonCode =
  | 'missing_object'
  | 'detached_object'
  | 'extra_object'
  | 'missing_column'
  | 'extra_column'
  | 'column_type_changed'
  | 'column_default_changed'
  | 'column_comment_changed'
  | 'column_codec_changed'
  | 'column_ttl_changed'
  | 'column_order_changed'
  | 'column_renamed'
  | 'table_renamed'
  | 'table_rebuild'
  | 'ttl_changed'
  | 'partition_key_changed'
  | 'order_by_changed'
  | 'primary_key_changed'
  | 'sample_by_changed'
  | 'engine_changed'
  | 'setting_changed'
  | 'setting_extra'
  | 'comment_changed'
  | 'index_missing'
  | 'index_extra'
  | 'index_changed'
  | 'projection_missing'
  | 'projection_extra'
  | 'projection_changed'
  | 'mv_query_changed'
  | 'mv_target_changed'
  | 'mv_columns_changed'
  | 'mv_refresh_changed'
  | 'mv_inner_changed'
  | 'mv_retargeted'
  | 'view_query_changed'
  | 'view_columns_changed'
  | 'dictionary_attributes_changed'
  | 'dictionary_key_changed'
  | 'dictionary_source_changed'
  | 'dictionary_lifetime_changed'
  | 'dictionary_layout_changed'
  | 'dictionary_range_changed'
  | 'dictionary_changed'
  | 'database_engine_changed'
  | 'user_auth_changed'
  | 'password_mismatch'
  | 'user_hosts_changed'
  | 'user_default_database_changed'
  | 'user_profiles_changed'
  | 'user_roles_changed'
  | 'user_default_roles_changed'
  | 'quota_keyed_by_changed'
  | 'quota_limits_changed'
  | 'quota_apply_to_changed'
  | 'row_policy_filter_changed'
  | 'row_policy_apply_to_changed'
  | 'profile_setting_missing'
  | 'profile_setting_changed'
  | 'profile_setting_extra'
  | 'profile_inherit_changed'
  | 'grant_missing'
  | 'grant_extra'
  | 'replica_diverged'
  | 'cluster_missing'
  | 'access_storage_unavailable';

/**
 * What a change costs the server, by the work ClickHouse does for it:
 * - metadata: only the table's metadata changes (ADD COLUMN, COMMENT, MODIFY/RESET SETTING, ADD INDEX, DROP INDEX, ATTACH, CREATE);
 * - rewrites_column: a mutation rewrites one column (or index/projection) in every part (MODIFY COLUMN type, MATERIALIZE INDEX/PROJECTION, CLEAR);
 * - rewrites_parts: a mutation rewrites whole parts (MODIFY TTL while the server's materialize_ttl_after_modify is 1, MODIFY ORDER BY with new columns is metadata);
 * - rebuild: the object is created anew and its data copied (or, for a view, dropped and recreated);
 * - drops_data: rows or columns are removed with their data (DROP COLUMN, DROP TABLE).
 */
export type CostClass = 'metadata' | 'rewrites_column' | 'rewrites_parts' | 'rebuild' | 'drops_data';

/** A mutation of a table that is not done yet (system.mutations, is_done = 0). */
export interface PendingMutation {
  /** mutation_id, e.g. 'mutation_8.txt' (KILL MUTATION takes it). */
  readonly id: string;
  /** Its command as the server prints it, e.g. '(MATERIALIZE INDEX ix)'. */
  readonly command: string;
  /** Parts it has still to rewrite. */
  readonly partsToDo: number;
  /** Why its last attempt failed (latest_fail_reason); absent when it has not failed. */
  readonly failReason?: string;
}

/** What a table holds on the server: its active parts (system.parts) and pending mutations (system.mutations). */
export interface TableData {
  readonly rows: number;
  readonly bytes: number;
  readonly parts: number;
  /** Mutations not done yet (is_done = 0): a new one queues behind them. */
  readonly pendingMutations: number;
  /** The oldest pending mutations (up to 10), by id: the plan names them. @default none listed */
  readonly pending?: readonly PendingMutation[];
  /** Partition ids of the active parts, sorted (a rebuild copies them one at a time). @default unknown */
  readonly partitions?: readonly string[];
  /** Columns that some active part holds on disk (system.parts_columns): a column not listed holds no data. @default unknown */
  readonly columnsOnDisk?: readonly string[];
  /** The server's materialize_ttl_after_modify (whether MODIFY TTL rewrites the parts). @default true */
  readonly materializeTtlAfterModify?: boolean;
}

/** A change's cost: its class, and what the table holds when it was read. */
export interface ChangeCost {
  readonly class: CostClass;
  readonly rows: number;
  readonly bytes: number;
  readonly parts: number;
  readonly pendingMutations: number;
  /** Why the class is what it is, when it depends on the server, e.g. 'materialize_ttl_after_modify=1'. */
  readonly note?: string;
}

const VERB: Record<Exclude<CostClass, 'metadata'>, string> = {
  rewrites_column: 'rewrites a column in',
  rewrites_parts: 'rewrites',
  rebuild: 'rebuilds',
  drops_data: 'drops',
};

/** Bytes for people: 3.1 MiB, 512 B. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let v = bytes;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return u === 0 ? `${v} B` : `${v.toFixed(1)} ${units[u]}`;
}

const CLASS_ONLY: Record<CostClass, string> = {
  metadata: 'metadata only',
  rewrites_column: 'rewrites a column in every part',
  rewrites_parts: 'rewrites every part',
  rebuild: 'rebuilds the object',
  drops_data: 'drops data',
};

/**
 * One line: 'rewrites 12 part(s), 3.1 MiB, 48,200 row(s) (materialize_ttl_after_modify=1)',
 * 'metadata only'. Without `withData`, the class alone ('rewrites every part
 * (materialize_ttl_after_modify=1)'): stable while rows come and go.
 */
export function formatCost(cost: ChangeCost, withData = true): string {
  const n = (x: number) => x.toLocaleString('en-US');
  const extras = [cost.note, withData && cost.pendingMutations ? `${n(cost.pendingMutations)} pending mutation(s) before it` : undefined].filter(Boolean);
  const tail = extras.length ? ` (${extras.join('; ')})` : '';
  if (cost.class === 'metadata' || !withData) return `${CLASS_ONLY[cost.class]}${tail}`;
  return `${VERB[cost.class]} ${n(cost.parts)} part(s), ${formatBytes(cost.bytes)}, ${n(cost.rows)} row(s)${tail}`;
}

export interface Change {
  /** Object identity (see objectId), e.g. 'table:monitor.service_status'. */
  readonly object: string;
  readonly reason: ReasonCode;
  /** One line a person reads: what differs, desired vs live. */
  readonly detail: string;
  /** Statements that fix it, in order. Empty when it cannot be fixed in place. */
  readonly statements: readonly string[];
  /** Fixable with ALTER/CREATE in place (no rebuild). */
  readonly inPlace: boolean;
  /** Fixing it loses data or access (DROP COLUMN, narrowing a type, revoking). */
  readonly destructive: boolean;
  /** Statements will run at deploy: false when destructive and not allowed, or not fixable in place. */
  readonly runnable: boolean;
  /** Host the drift was seen on (per-replica drift). @default every host */
  readonly host?: string;
  /** What to do when not runnable. */
  readonly hint?: string;
  /**
   * Not runnable by the construct's own choice (e.g. extra grants without revokeExtra): reported
   * as drift, but a deploy neither runs nor refuses it. @default false
   */
  readonly reportOnly?: boolean;
  /** What running it costs, with what the table holds (only where the server's data was read). */
  readonly cost?: ChangeCost;
}

/** Statements that deploy will run for these changes, in order, without repeats. */
export function runnableStatements(changes: readonly Change[]): string[] {
  const out: string[] = [];
  for (const c of changes) {
    if (!c.runnable) continue;
    for (const s of c.statements) if (!out.includes(s)) out.push(s);
  }
  return out;
}

/**
 * The statements deploy runs for these changes and the plan shows: the runnable ones, with each
 * table's ALTERs combined into as few statements as ClickHouse applies whole (see combineAlters).
 */
export function deployStatements(changes: readonly Change[]): string[] {
  return combineAlters(runnableStatements(changes));
}
