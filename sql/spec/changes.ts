// Changes: what diff(desired, live) returns. The plan output, the drift report and the apply
// command all print from this one structure. No changes means in sync.

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
  | 'database_engine_changed'
  | 'user_auth_changed'
  | 'password_mismatch'
  | 'user_hosts_changed'
  | 'user_default_database_changed'
  | 'user_profiles_changed'
  | 'profile_setting_missing'
  | 'profile_setting_changed'
  | 'profile_setting_extra'
  | 'profile_inherit_changed'
  | 'grant_missing'
  | 'grant_extra'
  | 'replica_diverged'
  | 'cluster_missing'
  | 'access_storage_unavailable';

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
