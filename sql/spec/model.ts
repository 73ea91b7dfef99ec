// The schema model: desired state (from constructs) and live state (from introspection) use
// these same plain types, so drift detection is one diff over two values of one type.
import type { TableData } from './changes';

export type ObjectKind =
  'database' | 'table' | 'materialized_view' | 'view' | 'user' | 'role' | 'settings_profile' | 'grant' | 'dictionary' | 'quota' | 'row_policy';

/**
 * What a construct may leave to the server: each names attributes that, when the construct does
 * not declare them, are not compared (a value set by hand is then not drift). Declared attributes
 * are always compared. Without it, undeclared means "the server's default": a comment set by
 * hand is drift, a table setting that differs from system.merge_tree_settings is drift.
 * - 'comment': the table's, database's or view's comment
 * - 'settings': table settings not named in `settings`
 * - 'ttl', 'sampleBy': the table's TTL and SAMPLE BY
 * - 'columnComments', 'columnCodecs', 'columnTtls', 'columnDefaults': those parts of each column
 * - 'indexes', 'projections': skip indexes and projections not named in `indexes` / `projections`
 */
export type UndeclaredAttribute =
  'comment' | 'settings' | 'ttl' | 'sampleBy' | 'columnComments' | 'columnCodecs' | 'columnTtls' | 'columnDefaults' | 'indexes' | 'projections';

/** The UndeclaredAttribute values each kind accepts. */
export const UNDECLARED_ATTRIBUTES: Readonly<Record<'database' | 'table' | 'materialized_view' | 'view', readonly UndeclaredAttribute[]>> = {
  database: ['comment'],
  table: ['comment', 'settings', 'ttl', 'sampleBy', 'columnComments', 'columnCodecs', 'columnTtls', 'columnDefaults', 'indexes', 'projections'],
  materialized_view: ['comment'],
  view: ['comment'],
};

export interface DatabaseSpec {
  readonly kind: 'database';
  readonly name: string;
  /** Database engine. @default 'Atomic' */
  readonly engine?: string;
  /** Database comment; not declared, the database must have none. @default none */
  readonly comment?: string;
  /** Undeclared attributes not compared with the server (only 'comment'). @default [] (every attribute compared) */
  readonly ignoreUndeclared?: readonly UndeclaredAttribute[];
}

export type DefaultKind = 'DEFAULT' | 'MATERIALIZED' | 'ALIAS' | 'EPHEMERAL';

export interface ColumnSpec {
  /** Column name: an identifier, or a flattened Nested field as the server lists it ('ev.name'). */
  readonly name: string;
  /**
   * ClickHouse type as written in DDL, e.g. 'DateTime64(3)', 'Map(String, String)'. A
   * 'Nested(name String, ts DateTime)' column is compared as its flattened columns (ev.name
   * Array(String), ev.ts Array(DateTime)), which is how import writes it.
   */
  readonly type: string;
  /** Kind of default expression. @default 'DEFAULT' when defaultExpression is set */
  readonly defaultKind?: DefaultKind;
  /** Default expression (SQL). @default none */
  readonly defaultExpression?: string;
  /** Column comment. @default none */
  readonly comment?: string;
  /** Compression codec expression, e.g. 'ZSTD(3)' or 'Delta, ZSTD'. @default server default */
  readonly codec?: string;
  /** Column TTL expression. @default none */
  readonly ttl?: string;
  /**
   * The column's previous name: where the server has that column and not this one, the plan
   * renames it (RENAME COLUMN, its data kept) instead of adding this one and dropping that. Once
   * renamed it changes nothing, and may be removed. A key column (ORDER BY, PARTITION BY, PRIMARY
   * KEY, SAMPLE BY) cannot be renamed: ClickHouse refuses, and so does the plan. @default none
   */
  readonly renamedFrom?: string;
}

/** A data skipping index (INDEX name expression TYPE type GRANULARITY n). */
export interface IndexSpec {
  /** Index name (an identifier, unique in the table). */
  readonly name: string;
  /** Expression the index is computed over, e.g. 's' or 'lower(s)'. */
  readonly expression: string;
  /** Index type with its arguments, e.g. 'minmax', 'bloom_filter(0.01)', 'set(100)', 'tokenbf_v1(256, 2, 0)'. */
  readonly type: string;
  /** Granules per index block. @default 1 */
  readonly granularity?: number;
}

/** A projection (PROJECTION name (query)): data stored a second time, sorted or aggregated its own way. */
export interface ProjectionSpec {
  /** Projection name (an identifier, unique in the table). */
  readonly name: string;
  /** The projection's query, without FROM, e.g. 'SELECT k, count() GROUP BY k' or 'SELECT * ORDER BY s'. */
  readonly query: string;
  /**
   * Live only: the projection's WITH SETTINGS (...) clause as printed, which a declared projection
   * cannot have (a live one with it differs from any declared one: projection_changed).
   */
  readonly withSettings?: string;
}

export interface EngineSpec {
  /** Engine name, e.g. 'MergeTree', 'ReplicatedMergeTree', 'ReplacingMergeTree'. */
  readonly name: string;
  /** Engine arguments as SQL expressions (string literals quoted), e.g. ["'/clickhouse/tables/{shard}/db/t'", "'{replica}'"]. @default [] */
  readonly args?: readonly string[];
}

/**
 * Live only: the object's name is taken by a detached table or view (system.detached_tables,
 * after DETACH TABLE/VIEW): it exists, but nothing reads or writes it until ATTACH.
 */
export interface DetachedState {
  /** Detached PERMANENTLY (it stays detached after a server restart). */
  readonly permanently: boolean;
  /**
   * Whether the rest of the spec is the detached definition (read with SHOW CREATE TABLE); false
   * when it could not be read (on another replica, or SHOW CREATE failed): the spec is then only
   * a name, and the definition is compared once attached.
   */
  readonly definitionRead: boolean;
}

export interface TableSpec {
  readonly kind: 'table';
  readonly database: string;
  readonly name: string;
  readonly columns: readonly ColumnSpec[];
  readonly engine: EngineSpec;
  /** ORDER BY expressions; [] means tuple(). */
  readonly orderBy: readonly string[];
  /** PARTITION BY expression. @default none */
  readonly partitionBy?: string;
  /**
   * PRIMARY KEY expressions, compared exactly with the live key. Not declared, the live key must
   * equal ORDER BY; declare it when it is a shorter prefix (PRIMARY KEY (a, b) ORDER BY (a, b, c)),
   * which is also what an in-place ORDER BY append needs (MODIFY ORDER BY keeps the old key).
   * @default same as ORDER BY
   */
  readonly primaryKey?: readonly string[];
  /** SAMPLE BY expression. @default none */
  readonly sampleBy?: string;
  /** Table TTL expression, e.g. 'toDateTime(timestamp) + INTERVAL 90 DAY'. @default none */
  readonly ttl?: string;
  /**
   * Table settings (server snake_case names). A setting not declared must have the server's
   * default (system.merge_tree_settings), unless ignoreUndeclared has 'settings'. @default {}
   */
  readonly settings?: Readonly<Record<string, string | number>>;
  /** Table comment; not declared, the table must have none. @default none */
  readonly comment?: string;
  /**
   * Data skipping indexes. An index the table has and this does not name is drift (dropped by
   * deploy: an index holds no data of its own), unless ignoreUndeclared has 'indexes'. @default [] (none)
   */
  readonly indexes?: readonly IndexSpec[];
  /**
   * Projections. A projection the table has and this does not name is drift (dropped by deploy:
   * its data is derived from the table's), unless ignoreUndeclared has 'projections'. @default [] (none)
   */
  readonly projections?: readonly ProjectionSpec[];
  /** Undeclared attributes not compared with the server (see UndeclaredAttribute). @default [] (every attribute compared) */
  readonly ignoreUndeclared?: readonly UndeclaredAttribute[];
  /**
   * The table's previous name (same database): where the server has that table and not this one,
   * the plan renames it (RENAME TABLE, its data kept) instead of creating this one; the old name
   * is then not reported as an undeclared table. A materialized view writing into it is
   * recreated to write to the new name (MaterializedViewSpec.to.renamedFrom); one reading it
   * declares the new name in its SELECT (MODIFY QUERY). @default none
   */
  readonly renamedFrom?: string;
  /**
   * How changes ALTER cannot make (engine, PARTITION BY, ORDER BY beyond appending new columns,
   * PRIMARY KEY) are made: 'copy' rebuilds the table (a shadow table with the new definition,
   * filled partition by partition, row counts verified, swapped in with EXCHANGE TABLES, the old
   * data kept under a dated name). Only for the MergeTree family, not replicated, not on a cluster. @default none (such changes are refused)
   */
  readonly rebuild?: TableRebuild;
  /**
   * Live only (introspection): the server's default of each MergeTree setting
   * (system.merge_tree_settings value), against which undeclared settings are compared.
   * Absent on desired specs and for engines outside the MergeTree family.
   */
  readonly settingDefaults?: Readonly<Record<string, string>>;
  /** Live only: the table is detached (see DetachedState). */
  readonly detached?: DetachedState;
}

/** How a table is rebuilt when ALTER cannot change it (see TableSpec.rebuild). */
export type TableRebuild = 'copy';

/** A column of a view's column list (materialized or plain): a name and a type, nothing else. */
export interface ViewColumnSpec {
  /** Column name (a column the SELECT returns). */
  readonly name: string;
  /** ClickHouse type as written in DDL. */
  readonly type: string;
}

/**
 * The inner table of a materialized view without TO (`CREATE MATERIALIZED VIEW v ENGINE = ...
 * ORDER BY ... AS SELECT`): the view stores its rows itself, in a hidden `.inner_id.<uuid>`
 * table. Its engine and keys cannot be changed in place: a change recreates the view, losing
 * the rows it holds (destructive, refused unless allowed).
 */
export interface InnerTableSpec {
  /** Engine of the inner table, e.g. { name: 'MergeTree' } or { name: 'SummingMergeTree' }. */
  readonly engine: EngineSpec;
  /** ORDER BY expressions; [] means tuple(). */
  readonly orderBy: readonly string[];
  /** PARTITION BY expression. @default none */
  readonly partitionBy?: string;
  /** PRIMARY KEY expressions. @default same as ORDER BY */
  readonly primaryKey?: readonly string[];
  /** TTL expression. @default none */
  readonly ttl?: string;
  /** Inner table settings (snake_case). A setting not declared must have the server's default. @default {} */
  readonly settings?: Readonly<Record<string, string | number>>;
  /** Live only: what the printed inner table has that the model cannot declare (SAMPLE BY): import leaves such a view out, naming it. */
  readonly unsupported?: readonly string[];
  /** Live only: the server's default of each MergeTree setting, against which undeclared settings are compared. */
  readonly settingDefaults?: Readonly<Record<string, string>>;
}

/**
 * The REFRESH clause of a refreshable materialized view: the server runs its SELECT on a schedule
 * (replacing the target's rows, or appending with `append`) instead of on each insert.
 */
export interface RefreshSpec {
  /** EVERY (at fixed times: every hour on the hour) or AFTER (this long after the last refresh). */
  readonly kind: 'EVERY' | 'AFTER';
  /** The interval, e.g. '1 HOUR', '30 MINUTE', '1 DAY' (a number and a unit). */
  readonly interval: string;
  /** OFFSET of an EVERY schedule, e.g. '5 MINUTE'. @default none */
  readonly offset?: string;
  /** RANDOMIZE FOR: each refresh starts up to this much later, e.g. '10 SECOND'. @default none */
  readonly randomizeFor?: string;
  /** DEPENDS ON: refreshable views (db.name) this one refreshes after. @default [] */
  readonly dependsOn?: readonly { readonly database: string; readonly name: string }[];
  /** Refresh settings (SETTINGS refresh_retries = 2, ...). @default {} */
  readonly settings?: Readonly<Record<string, string | number>>;
  /** APPEND: each refresh adds its rows to the target instead of replacing them. Cannot be changed in place. @default false */
  readonly append?: boolean;
}

export interface MaterializedViewSpec {
  readonly kind: 'materialized_view';
  readonly database: string;
  readonly name: string;
  /**
   * Target table the view writes to (TO db.table); absent, the view keeps its rows in its inner
   * table (`inner`). `renamedFrom`: the target table's previous name (its TableSpec.renamedFrom):
   * a live view still writing to that name is recreated to write to the new one (mv_retargeted),
   * without an opt-in, as ClickHouse does not follow a RENAME TABLE of a view's target (inserts
   * into its source fail until then).
   */
  readonly to?: { readonly database: string; readonly name: string; readonly renamedFrom?: string };
  /** The inner table of a view without `to` (exactly one of the two is set). @default none */
  readonly inner?: InnerTableSpec;
  /** The SELECT the view runs on each insert into its source (on each refresh, for a refreshable view). */
  readonly select: string;
  /**
   * The view's column list (`TO db.t (k UInt64, b DateTime64(0)) AS SELECT ...`): the SELECT's
   * result is cast to these types before it is written. Compared only when declared; live, the
   * columns the server lists for the view. @default the SELECT's own columns
   */
  readonly columns?: readonly ViewColumnSpec[];
  /**
   * Live only: `columns` are what the server lists, which it does for every view, declared or
   * not; a provider import leaves them out of the state (a view declaring none stays in sync).
   */
  readonly columnsListed?: boolean;
  /** Comment; not declared, the view must have none. @default none */
  readonly comment?: string;
  /** Undeclared attributes not compared with the server (only 'comment'). @default [] (every attribute compared) */
  readonly ignoreUndeclared?: readonly UndeclaredAttribute[];
  /** The REFRESH clause: declared, the view is refreshable. @default none (the view runs on each insert) */
  readonly refresh?: RefreshSpec;
  /** Live only: the view is detached (see DetachedState). */
  readonly detached?: DetachedState;
}

/**
 * A plain view (CREATE VIEW db.v [(columns)] AS SELECT ...): a stored query, no data of its own.
 * Every change (query, column list) is made in place by CREATE OR REPLACE VIEW, which swaps the
 * definition atomically; the comment by ALTER TABLE ... MODIFY COMMENT.
 */
export interface ViewSpec {
  readonly kind: 'view';
  readonly database: string;
  readonly name: string;
  /**
   * The view's SELECT. The server qualifies a table named without its database with the
   * connection's database: name tables as db.table, as the server prints them.
   */
  readonly select: string;
  /**
   * The view's column list (`CREATE VIEW v (k UInt64, s String) AS SELECT ...`): what the view
   * says it returns, whatever the SELECT's own types. Compared only when declared; live, the
   * columns the server lists for the view. @default the SELECT's own columns
   */
  readonly columns?: readonly ViewColumnSpec[];
  /** Live only: `columns` are what the server lists (it does for every view, declared or not). */
  readonly columnsListed?: boolean;
  /** Comment; not declared, the view must have none. @default none */
  readonly comment?: string;
  /** Undeclared attributes not compared with the server (only 'comment'). @default [] (every attribute compared) */
  readonly ignoreUndeclared?: readonly UndeclaredAttribute[];
  /** Live only: the view is detached (see DetachedState). */
  readonly detached?: DetachedState;
}

/** An attribute (column) of a dictionary, key columns included. */
export interface DictionaryAttributeSpec {
  /** Attribute name (an identifier). */
  readonly name: string;
  /** ClickHouse type as written in DDL, e.g. 'UInt64', 'String', 'Nullable(String)'. */
  readonly type: string;
  /** Value for keys the source does not have, as SQL (a literal: "''", '0', "'unknown'"). @default the type's default */
  readonly default?: string;
  /** Expression the source computes the attribute with (EXPRESSION), as SQL. @default the source's column of that name */
  readonly expression?: string;
  /** HIERARCHICAL: the attribute holds the parent key (dictGetHierarchy and friends). @default false */
  readonly hierarchical?: boolean;
  /** INJECTIVE: distinct keys map to distinct values (lets GROUP BY be optimised). @default false */
  readonly injective?: boolean;
}

/**
 * Where a dictionary loads from: SOURCE(TYPE(KEY value ...)). For a ClickHouse table:
 * `{ type: 'CLICKHOUSE', params: { table: 'names', db: 'shop' } }` (or `query` instead of
 * table/db; `host`, `port`, `user` for another server, with its password in `passwordEnv`).
 */
export interface DictionarySourceSpec {
  /** Source type, e.g. 'CLICKHOUSE', 'HTTP', 'FILE', 'POSTGRESQL' (compared case-insensitively). */
  readonly type: string;
  /**
   * Source parameters by name (compared case-insensitively): strings are written as string
   * literals, numbers as numbers. A password is never one of them: see passwordEnv. @default {}
   */
  readonly params?: Readonly<Record<string, string | number>>;
  /**
   * Environment variable holding the source's PASSWORD where deploy runs (the name, never the
   * password): read at apply only, never in synth output, state, plan or reports. The server
   * prints the password as [HIDDEN], so only whether one is set is compared. @default no password
   */
  readonly passwordEnv?: string;
  /**
   * Bump to set the source password again (rotation): the server never shows it, so a new
   * version is what makes the plan replace the dictionary with the password read at apply.
   * Needs passwordEnv (or the provider's password_wo). @default '1'
   */
  readonly passwordVersion?: string;
  /** Live only: the printed source has a PASSWORD (shown as [HIDDEN]). */
  readonly passwordSet?: boolean;
}

/** A dictionary's LAYOUT(TYPE(KEY value ...)), e.g. { type: 'HASHED' }, { type: 'RANGE_HASHED', params: { range_lookup_strategy: 'max' } }. */
export interface DictionaryLayoutSpec {
  /** Layout type, e.g. 'FLAT', 'HASHED', 'SPARSE_HASHED', 'COMPLEX_KEY_HASHED', 'RANGE_HASHED', 'CACHE', 'DIRECT'. */
  readonly type: string;
  /** Layout parameters by name (compared case-insensitively), e.g. { size_in_cells: 1000000 }. @default {} */
  readonly params?: Readonly<Record<string, string | number>>;
}

/**
 * A dictionary (CREATE DICTIONARY): key-value data loaded from a source and kept in memory. It
 * holds only derived data, so every change is made in place by CREATE OR REPLACE DICTIONARY (the
 * server reloads it from its source).
 */
export interface DictionarySpec {
  readonly kind: 'dictionary';
  readonly database: string;
  readonly name: string;
  /** Attributes in order, key columns included. */
  readonly attributes: readonly DictionaryAttributeSpec[];
  /** PRIMARY KEY: names of attributes (more than one needs a COMPLEX_KEY_ layout). */
  readonly primaryKey: readonly string[];
  readonly source: DictionarySourceSpec;
  readonly layout: DictionaryLayoutSpec;
  /**
   * LIFETIME in seconds: one number (LIFETIME(n) = MIN 0 MAX n) or a range the server picks a
   * reload time from. @default none, which only DIRECT layouts accept
   */
  readonly lifetime?: number | { readonly min: number; readonly max: number };
  /** RANGE(MIN a MAX b) of a RANGE_HASHED layout: the attributes holding each row's range. @default none */
  readonly range?: { readonly min: string; readonly max: string };
  /** Comment; not declared, the dictionary must have none. @default none */
  readonly comment?: string;
  /**
   * Live only: what the printed definition has that the model cannot declare (SETTINGS(...), an
   * attribute flag such as IS_OBJECT_ID, a source parameter that is not a plain value): import
   * leaves such a dictionary out, naming it; the diff reports it as differing.
   */
  readonly unsupported?: readonly string[];
  /** Live only: the dictionary is detached (DETACH DICTIONARY; see DetachedState). */
  readonly detached?: DetachedState;
}

export type SettingWritability = 'CONST' | 'READONLY' | 'WRITABLE' | 'CHANGEABLE_IN_READONLY';

export interface ProfileSetting {
  readonly name: string;
  readonly value?: string | number;
  readonly min?: string | number;
  readonly max?: string | number;
  readonly writability?: SettingWritability;
}

export interface SettingsProfileSpec {
  readonly kind: 'settings_profile';
  readonly name: string;
  readonly settings: readonly ProfileSetting[];
  /** Profiles this one inherits from. @default [] */
  readonly inherit?: readonly string[];
}

export interface HostRestriction {
  /** IP addresses or subnets, e.g. '10.0.0.0/8'. */
  readonly ip?: readonly string[];
  /** Exact host names. */
  readonly names?: readonly string[];
  /** LIKE patterns of host names. */
  readonly like?: readonly string[];
  /** Host name regular expressions. */
  readonly regexp?: readonly string[];
  /** Allow localhost. */
  readonly local?: boolean;
}

export interface UserAuth {
  /** Authentication method. 'sha256_hash' sends only a salted hash of the secret. */
  readonly method: 'sha256_hash' | 'no_password';
  /** Environment variable holding the password at apply time (the name, never the value). */
  readonly passwordEnv?: string;
  /** Bump to rotate: a new version is a visible plan change that re-sets the password. @default '1' */
  readonly passwordVersion?: string;
}

/** What introspection (and the apply step's records) know about a live user's authentication, beyond UserAuth. */
export interface LiveUserAuth extends UserAuth {
  /** system.users auth_type, e.g. ['sha256_password']. Undefined on desired specs. */
  readonly serverMethods?: readonly string[];
  /** Result of the opt-in login probe (probeLogin). Undefined when not probed. */
  readonly passwordMatches?: boolean;
}

export interface UserSpec {
  readonly kind: 'user';
  readonly name: string;
  readonly auth: UserAuth;
  /** Hosts the user may connect from. @default any host */
  readonly hosts?: HostRestriction;
  /** Default database. @default none */
  readonly defaultDatabase?: string;
  /** Settings profiles assigned to the user. @default [] */
  readonly profiles?: readonly string[];
  /** Roles granted to the user (GRANT role TO user). A role granted on the server and not named here is drift. @default [] */
  readonly roles?: readonly string[];
  /**
   * The user's default roles (ALTER USER ... DEFAULT ROLE), each one of `roles`: active at login.
   * @default all granted roles (DEFAULT ROLE ALL, what GRANT role TO user gives)
   */
  readonly defaultRoles?: readonly string[];
}

/** Who an access entity (quota, row policy) applies to: TO u1, r1 | TO ALL [EXCEPT ...]. */
export interface ApplyTo {
  /** Users and roles by name. @default [] */
  readonly names?: readonly string[];
  /** TO ALL: every user and role (except `except`). @default false */
  readonly all?: boolean;
  /** With all: the users and roles left out (ALL EXCEPT ...). @default [] */
  readonly except?: readonly string[];
}

/** The limits of a quota over one interval (the server's quota_limits columns; unset = no limit). */
export interface QuotaInterval {
  /** Interval length in seconds, e.g. 3600. */
  readonly durationSeconds: number;
  /** RANDOMIZED: the interval starts at a random offset. @default false */
  readonly randomized?: boolean;
  /** Limits by resource name, e.g. { queries: 100, errors: 10, result_rows: 1000000, execution_time: 60 }. */
  readonly max: Readonly<Record<string, number>>;
}

/** Quota resources as CREATE QUOTA names them (system.quota_limits has max_<name>). */
export const QUOTA_RESOURCES = [
  'queries',
  'query_selects',
  'query_inserts',
  'errors',
  'result_rows',
  'result_bytes',
  'read_rows',
  'read_bytes',
  'execution_time',
  'written_bytes',
  'failed_sequential_authentications',
  'queries_per_normalized_hash',
] as const;

/**
 * A quota (CREATE QUOTA): resource limits per interval, counted per key (KEYED BY user_name, ...)
 * or for all together. Any change is made by CREATE QUOTA OR REPLACE (in place; the usage counted
 * so far starts again).
 */
export interface QuotaSpec {
  readonly kind: 'quota';
  readonly name: string;
  /** KEYED BY, e.g. 'user_name', 'ip_address', 'client_key', 'client_key,user_name'. @default not keyed (all users together) */
  readonly keyedBy?: string;
  readonly intervals: readonly QuotaInterval[];
  /** Users and roles it applies to. @default none */
  readonly applyTo?: ApplyTo;
}

/**
 * A row policy (CREATE ROW POLICY name ON db.table USING filter TO ...): the rows of the table the
 * users it applies to may read. Any change is made by CREATE ROW POLICY OR REPLACE (in place).
 */
export interface RowPolicySpec {
  readonly kind: 'row_policy';
  /** Policy name (its short name; unique per table). */
  readonly name: string;
  readonly database: string;
  readonly table: string;
  /** The filter (USING): an expression over the table's columns, e.g. 'tenant = currentUser()'. */
  readonly using: string;
  /** AS RESTRICTIVE (combined with AND) instead of permissive (combined with OR). @default false */
  readonly restrictive?: boolean;
  /** Users and roles it applies to. @default none */
  readonly applyTo?: ApplyTo;
}

/** A role (CREATE ROLE): a named set of privileges (given by a GrantSpec whose grantee is the role), granted to users. */
export interface RoleSpec {
  readonly kind: 'role';
  readonly name: string;
}

export interface GrantEntry {
  /** Privilege as ClickHouse names it, e.g. 'SELECT', 'ALL', 'INSERT'. */
  readonly privilege: string;
  /** Database, or '*' for all. */
  readonly database: string;
  /** Table, or '*' for all tables of the database. @default '*' */
  readonly table?: string;
  /** Columns the privilege is limited to. @default all columns */
  readonly columns?: readonly string[];
  /** WITH GRANT OPTION. @default false */
  readonly grantOption?: boolean;
}

/** A live grant row: a partial revoke (system.grants is_partial_revoke = 1) takes the privilege away at this scope. */
export interface LiveGrantEntry extends GrantEntry {
  readonly partialRevoke?: boolean;
}

export interface GrantSpec {
  readonly kind: 'grant';
  /** User or role receiving the privileges. */
  readonly grantee: string;
  readonly grants: readonly GrantEntry[];
  /** Revoke privileges found on the server that are not declared. @default false (reported as drift only) */
  readonly revokeExtra?: boolean;
}

export type ObjectSpec =
  | DatabaseSpec
  | TableSpec
  | MaterializedViewSpec
  | ViewSpec
  | UserSpec
  | RoleSpec
  | SettingsProfileSpec
  | GrantSpec
  | DictionarySpec
  | QuotaSpec
  | RowPolicySpec;

/** Options that apply to every statement rendered for a stack. */
export interface RenderOptions {
  /** Cluster name: every DDL gets ON CLUSTER <cluster>. @default none (single node) */
  readonly cluster?: string;
  /** Add ON CLUSTER to access entities (only when they are stored locally on each node). @default same as cluster */
  readonly accessOnCluster?: boolean;
}

/** Options of the diff. */
export interface DiffOptions extends RenderOptions {
  /** Emit destructive statements (DROP COLUMN, narrowing types, rebuilds) as runnable; not revokes of extra grants (GrantSpec.revokeExtra). @default false */
  readonly allowDestructive?: boolean;
  /**
   * What the object holds on the server (its table's parts and mutations), when read: it prices
   * each change (Change.cost), and a destructive change of a table that holds no rows loses
   * nothing, so it runs without allowDestructive. @default unknown
   */
  readonly data?: TableData;
  /** The time a rebuild's kept-old table is named after (see TableSpec.rebuild). @default now */
  readonly now?: Date;
}

/** The live state of a set of objects on one host. */
export interface LiveSchema {
  /** Host (or replica) this snapshot was read from. */
  readonly host?: string;
  readonly objects: readonly ObjectSpec[];
}

/** What a drift check knows of the server around some objects, canonical, keyed by objectId. */
export interface LiveSnapshot {
  /** Live objects on the connected node (with a cluster read per replica: the first replica). */
  readonly objects: ReadonlyMap<string, ObjectSpec>;
  /** Live objects of every replica, when the cluster was read replica by replica. */
  readonly replicas?: readonly LiveSchema[];
  /** What each table holds (system.parts, system.mutations), by objectId; read on a single node only. */
  readonly data?: ReadonlyMap<string, TableData>;
}

/** Stable identity of an object: 'table:monitor.service_status', 'view:monitor.v', 'user:monitor', 'grant:monitor'. */
export function objectId(spec: ObjectSpec): string {
  switch (spec.kind) {
    case 'database':
    case 'user':
    case 'role':
    case 'settings_profile':
    case 'quota':
      return `${spec.kind}:${spec.name}`;
    case 'row_policy':
      return `row_policy:${spec.name} ON ${spec.database}.${spec.table}`;
    case 'table':
    case 'materialized_view':
    case 'view':
    case 'dictionary':
      return `${spec.kind}:${spec.database}.${spec.name}`;
    case 'grant':
      return `grant:${spec.grantee}`;
  }
}

/** Users, roles, settings profiles, grants, quotas and row policies: the objects kept in access storage (not in databases). */
export function isAccessKind(kind: ObjectSpec['kind']): boolean {
  return kind === 'user' || kind === 'role' || kind === 'settings_profile' || kind === 'grant' || kind === 'quota' || kind === 'row_policy';
}

/** Tables, materialized views and plain views: the objects of a database that system.tables lists. */
export type DatabaseObjectSpec = TableSpec | MaterializedViewSpec | ViewSpec;

/** Whether an object lives in a database (a table or a view of either kind). */
export function isDatabaseObject(spec: ObjectSpec): spec is DatabaseObjectSpec {
  return spec.kind === 'table' || spec.kind === 'materialized_view' || spec.kind === 'view';
}
