// The manual changes of the drift scenario suite (drift-scenarios.test.ts): what an operator
// does by hand to a deployed stack, and what the provider must make of it. Three groups:
// - heal: drift, shown in the plan with the SQL that heals it, and healed by apply;
// - refuse: drift the plan refuses with a hint (it would lose data or needs a rebuild); the
//   scenario then restores the server by hand;
// - same: changes that look different but are not drift (printing, defaults, round trips, opt-outs).
// Each scenario owns its table (or view), so every scenario of a group runs in one plan/apply.
import { ReasonCode } from '../../sql/spec/changes';
import { ColumnSpec, TableSpec } from '../../sql/spec/model';
import { renderCreateTable } from '../../sql/render/tables';

export type Group = 'heal' | 'refuse' | 'same';

export interface Scenario {
  /** Resource name and table (or view) name. */
  readonly key: string;
  readonly group: Group;
  readonly name: string;
  /** The declared table, from the template with these changes. @default the template */
  readonly table?: (t: TableSpec) => TableSpec;
  /** A materialized view (reading `events`, writing to `<key>_t`) instead of a table. */
  readonly view?: boolean;
  /** The resource the scenario is about, when it is not its own table or view (a database). */
  readonly address?: string;
  /** Statements run by hand; {t} is the scenario's table or view, {db} its database, {db2} the second database. */
  readonly byHand: readonly string[];
  /** Reason codes the refreshed state's drift names (heal, refuse). */
  readonly reasons?: readonly ReasonCode[];
  /** The plan creates the object (it was dropped) instead of updating it. */
  readonly create?: boolean;
  /** What the plan's planned_sql must match (heal). */
  readonly sql?: RegExp;
  /** The reasons the refusal names (the refused ones). @default reasons */
  readonly refused?: readonly ReasonCode[];
  /** What the refusal must say (refuse). */
  readonly hint?: RegExp;
  /** Statements that put the server back after a refusal. */
  readonly restore?: (spec: TableSpec) => readonly string[];
  /** An expression over the table whose value must not change (the values a type change converts). */
  readonly checksum?: string;
  /** Rows the manual change itself throws away (a DROP TABLE). @default false */
  readonly rowsLostByHand?: boolean;
  /** allow_destructive on the resource. @default false */
  readonly allowDestructive?: boolean;
}

export const TEMPLATE_COLUMNS: readonly ColumnSpec[] = [
  { name: 'id', type: 'UInt64' },
  { name: 'ts', type: 'DateTime' },
  { name: 'kind', type: 'LowCardinality(String)' },
  { name: 'status', type: "Enum8('ok' = 1, 'bad' = 2)" },
  { name: 'val', type: 'UInt32' },
  { name: 'amount', type: 'Float64' },
  { name: 'at', type: 'DateTime' },
  { name: 'note', type: 'String', defaultExpression: "'none'" },
  { name: 'body', type: 'String', codec: 'ZSTD(3)', comment: 'payload' },
];

/** Rows for a template table: 45 minutes apart, so about five monthly partitions. */
export function insertRows(table: string, rows: number): string {
  return (
    `INSERT INTO ${table} (id, ts, kind, status, val, amount, at, note, body) ` +
    `SELECT number, now() - number * 2700, ['a', 'b', 'c'][number % 3 + 1], if(number % 4 = 0, 'bad', 'ok'), number, number / 3, ` +
    `now() - number * 2700, 'none', repeat('x', number % 50) FROM numbers(${rows})`
  );
}

export function templateTable(database: string, name: string): TableSpec {
  return {
    kind: 'table',
    database,
    name,
    columns: TEMPLATE_COLUMNS,
    engine: { name: 'MergeTree' },
    partitionBy: 'toYYYYMM(ts)',
    orderBy: ['id', 'ts'],
    ttl: 'ts + INTERVAL 3650 DAY',
  };
}

const withColumn = (name: string, patch: Partial<ColumnSpec>) => (t: TableSpec) => ({
  ...t,
  columns: t.columns.map((c) => (c.name === name ? ({ ...c, ...patch } as ColumnSpec) : c)),
});

const withIndex = (t: TableSpec): TableSpec => ({
  ...t,
  indexes: [
    { name: 'i_kind', expression: 'lower( kind )', type: 'bloom_filter(0.01)' },
    { name: 'i_val', expression: 'val*2', type: 'minmax' },
  ],
});
const withProjection = (t: TableSpec): TableSpec => ({ ...t, projections: [{ name: 'p_kind', query: 'select kind,count() group by kind' }] });

const ENGINE_CLAUSE = 'ENGINE = MergeTree PARTITION BY toYYYYMM(ts) ORDER BY (id, ts) TTL ts + INTERVAL 3650 DAY';

/** A table rebuilt by hand with another definition, keeping its rows. */
export function rebuildByHand(table: string, definition: string): string[] {
  return [
    `CREATE TABLE ${table}_rebuilt AS ${table} ${definition}`,
    `INSERT INTO ${table}_rebuilt SELECT * FROM ${table}`,
    `EXCHANGE TABLES ${table} AND ${table}_rebuilt`,
    `DROP TABLE ${table}_rebuilt SYNC`,
  ];
}

/** Rebuilt back to the declared definition, keeping its rows. */
export function rebuildAsDeclared(spec: TableSpec): string[] {
  const t = `${spec.database}.${spec.name}`;
  return [
    renderCreateTable({ ...spec, name: `${spec.name}_restored` }),
    `INSERT INTO ${t}_restored SELECT * FROM ${t}`,
    `EXCHANGE TABLES ${t} AND ${t}_restored`,
    `DROP TABLE ${t}_restored SYNC`,
  ];
}

type Draft = Omit<Scenario, 'group'>;

const HEAL: Scenario[] = (<Draft[]>[
  // detached
  { key: 'h01', name: 'table detached', byHand: ['DETACH TABLE {t}'], reasons: ['detached_object'], sql: /^ATTACH TABLE IF NOT EXISTS `[^`]+`\.`h01`;$/ },
  {
    key: 'h02',
    name: 'table detached permanently',
    byHand: ['DETACH TABLE {t} PERMANENTLY'],
    reasons: ['detached_object'],
    sql: /^ATTACH TABLE IF NOT EXISTS /,
  },
  {
    key: 'h03',
    name: 'TTL changed, then the table detached',
    byHand: ['ALTER TABLE {t} MODIFY TTL ts + INTERVAL 3000 DAY', 'DETACH TABLE {t}'],
    reasons: ['detached_object', 'ttl_changed'],
    sql: /^ATTACH TABLE IF NOT EXISTS .*;\nALTER TABLE .* MODIFY TTL ts \+ toIntervalDay\(3650\);$/,
  },
  {
    key: 'h04',
    view: true,
    name: 'materialized view detached',
    byHand: ['DETACH VIEW {t}'],
    reasons: ['detached_object'],
    sql: /^ATTACH TABLE IF NOT EXISTS /,
  },
  // columns
  {
    key: 'h05',
    name: 'column dropped',
    byHand: ['ALTER TABLE {t} DROP COLUMN amount'],
    reasons: ['missing_column'],
    sql: /ADD COLUMN IF NOT EXISTS `amount` Float64 AFTER `val`/,
  },
  {
    key: 'h06',
    name: 'type narrowed by hand (UInt32 -> UInt16): widened back',
    byHand: ['ALTER TABLE {t} MODIFY COLUMN val UInt16'],
    reasons: ['column_type_changed'],
    sql: /MODIFY COLUMN IF EXISTS `val` UInt32/,
    checksum: 'sum(val)',
  },
  {
    key: 'h07',
    name: 'LowCardinality(String) -> String by hand: back to LowCardinality',
    byHand: ['ALTER TABLE {t} MODIFY COLUMN kind String'],
    reasons: ['column_type_changed'],
    sql: /MODIFY COLUMN IF EXISTS `kind` LowCardinality\(String\)/,
    checksum: 'sum(cityHash64(kind))',
  },
  {
    key: 'h08',
    name: 'String -> LowCardinality(String) by hand: back to String (keeps every value)',
    table: withColumn('kind', { type: 'String' }),
    byHand: ['ALTER TABLE {t} MODIFY COLUMN kind LowCardinality(String)'],
    reasons: ['column_type_changed'],
    sql: /MODIFY COLUMN IF EXISTS `kind` String/,
    checksum: 'sum(cityHash64(kind))',
  },
  {
    key: 'h09',
    name: 'String -> Enum8 by hand: back to String (keeps every value)',
    table: withColumn('status', { type: 'String' }),
    byHand: ["ALTER TABLE {t} MODIFY COLUMN status Enum8('ok' = 1, 'bad' = 2)"],
    reasons: ['column_type_changed'],
    sql: /MODIFY COLUMN IF EXISTS `status` String/,
    checksum: 'sum(cityHash64(toString(status)))',
  },
  {
    key: 'h10',
    name: 'Nullable removed by hand: Nullable again',
    table: withColumn('val', { type: 'Nullable(UInt32)' }),
    // ClickHouse takes Nullable away only with a DEFAULT for the NULLs, which then goes again.
    byHand: ['ALTER TABLE {t} MODIFY COLUMN val UInt32 DEFAULT 0', 'ALTER TABLE {t} MODIFY COLUMN val REMOVE DEFAULT'],
    reasons: ['column_type_changed'],
    sql: /MODIFY COLUMN IF EXISTS `val` Nullable\(UInt32\)/,
    checksum: 'sum(val)',
  },
  {
    key: 'h11',
    name: 'DateTime64(3) -> DateTime by hand: back to DateTime64(3)',
    table: withColumn('at', { type: 'DateTime64(3)' }),
    byHand: ['ALTER TABLE {t} MODIFY COLUMN at DateTime'],
    reasons: ['column_type_changed'],
    sql: /MODIFY COLUMN IF EXISTS `at` DateTime64\(3\)/,
    checksum: 'sum(toUnixTimestamp(at))',
  },
  {
    key: 'h12',
    name: 'default added by hand',
    byHand: ['ALTER TABLE {t} MODIFY COLUMN amount Float64 DEFAULT 1'],
    reasons: ['column_default_changed'],
    sql: /MODIFY COLUMN IF EXISTS `amount` REMOVE DEFAULT/,
  },
  {
    key: 'h13',
    name: 'default changed by hand',
    byHand: ["ALTER TABLE {t} MODIFY COLUMN note String DEFAULT 'other'"],
    reasons: ['column_default_changed'],
    sql: /MODIFY COLUMN IF EXISTS `note` String DEFAULT 'none'/,
  },
  {
    key: 'h14',
    name: 'declared default removed by hand',
    byHand: ['ALTER TABLE {t} MODIFY COLUMN note REMOVE DEFAULT'],
    reasons: ['column_default_changed'],
    sql: /MODIFY COLUMN IF EXISTS `note` String DEFAULT 'none'/,
  },
  {
    key: 'h15',
    name: 'column comment changed',
    byHand: ["ALTER TABLE {t} COMMENT COLUMN body 'other'"],
    reasons: ['column_comment_changed'],
    sql: /COMMENT COLUMN IF EXISTS `body` 'payload'/,
  },
  {
    key: 'h16',
    name: 'column comment set on a column that declares none',
    byHand: ["ALTER TABLE {t} COMMENT COLUMN val 'by hand'"],
    reasons: ['column_comment_changed'],
    sql: /COMMENT COLUMN IF EXISTS `val` ''/,
  },
  {
    key: 'h17',
    name: 'declared column comment removed',
    byHand: ['ALTER TABLE {t} MODIFY COLUMN body REMOVE COMMENT'],
    reasons: ['column_comment_changed'],
    sql: /COMMENT COLUMN IF EXISTS `body` 'payload'/,
  },
  {
    key: 'h18',
    name: 'codec set on a column that declares none',
    byHand: ['ALTER TABLE {t} MODIFY COLUMN amount Float64 CODEC(ZSTD(1))'],
    reasons: ['column_codec_changed'],
    sql: /MODIFY COLUMN IF EXISTS `amount` REMOVE CODEC/,
  },
  {
    key: 'h19',
    name: 'codec changed (ZSTD(3) -> LZ4)',
    byHand: ["ALTER TABLE {t} MODIFY COLUMN body String COMMENT 'payload' CODEC(LZ4)"],
    reasons: ['column_codec_changed'],
    sql: /MODIFY COLUMN IF EXISTS `body` String COMMENT 'payload' CODEC\(ZSTD\(3\)\)/,
  },
  {
    key: 'h20',
    name: 'codec level changed (ZSTD(3) -> ZSTD(9))',
    byHand: ["ALTER TABLE {t} MODIFY COLUMN body String COMMENT 'payload' CODEC(ZSTD(9))"],
    reasons: ['column_codec_changed'],
    sql: /CODEC\(ZSTD\(3\)\)/,
  },
  {
    key: 'h43',
    name: 'codec level set by hand where the declared codec has none (ZSTD -> ZSTD(9))',
    table: withColumn('body', { codec: 'ZSTD' }),
    byHand: ["ALTER TABLE {t} MODIFY COLUMN body String COMMENT 'payload' CODEC(ZSTD(9))"],
    reasons: ['column_codec_changed'],
    sql: /MODIFY COLUMN IF EXISTS `body` String COMMENT 'payload' CODEC\(ZSTD\)/,
  },
  {
    key: 'h21',
    name: 'column TTL set on a column that declares none',
    byHand: ["ALTER TABLE {t} MODIFY COLUMN note String DEFAULT 'none' TTL ts + INTERVAL 3000 DAY"],
    reasons: ['column_ttl_changed'],
    sql: /MODIFY COLUMN IF EXISTS `note` REMOVE TTL/,
  },
  {
    key: 'h22',
    name: 'declared column TTL removed',
    table: withColumn('note', { ttl: 'ts + INTERVAL 3000 DAY' }),
    byHand: ['ALTER TABLE {t} MODIFY COLUMN note REMOVE TTL'],
    reasons: ['column_ttl_changed'],
    sql: /MODIFY COLUMN IF EXISTS `note` String DEFAULT 'none' TTL ts \+ toIntervalDay\(3000\)/,
  },
  {
    key: 'h23',
    name: 'column moved',
    byHand: ['ALTER TABLE {t} MODIFY COLUMN amount Float64 FIRST'],
    reasons: ['column_order_changed'],
    sql: /MODIFY COLUMN IF EXISTS `amount` Float64 AFTER `val`/,
  },
  // table
  {
    key: 'h24',
    name: 'TTL changed',
    byHand: ['ALTER TABLE {t} MODIFY TTL ts + INTERVAL 3000 DAY'],
    reasons: ['ttl_changed'],
    sql: /MODIFY TTL ts \+ toIntervalDay\(3650\)/,
  },
  { key: 'h25', name: 'TTL removed', byHand: ['ALTER TABLE {t} REMOVE TTL'], reasons: ['ttl_changed'], sql: /MODIFY TTL ts \+ toIntervalDay\(3650\)/ },
  {
    key: 'h26',
    name: 'TTL set on a table that declares none',
    table: (t) => ({ ...t, ttl: undefined }),
    byHand: ['ALTER TABLE {t} MODIFY TTL ts + INTERVAL 3000 DAY'],
    reasons: ['ttl_changed'],
    sql: /REMOVE TTL/,
  },
  {
    key: 'h27',
    name: 'table comment changed',
    table: (t) => ({ ...t, comment: 'declared' }),
    byHand: ["ALTER TABLE {t} MODIFY COMMENT 'by hand'"],
    reasons: ['comment_changed'],
    sql: /MODIFY COMMENT 'declared'/,
  },
  {
    key: 'h28',
    name: 'table comment set on a table that declares none',
    byHand: ["ALTER TABLE {t} MODIFY COMMENT 'by hand'"],
    reasons: ['comment_changed'],
    sql: /MODIFY COMMENT ''/,
  },
  {
    key: 'h29',
    name: 'declared table comment removed',
    table: (t) => ({ ...t, comment: 'declared' }),
    byHand: ["ALTER TABLE {t} MODIFY COMMENT ''"],
    reasons: ['comment_changed'],
    sql: /MODIFY COMMENT 'declared'/,
  },
  {
    key: 'h30',
    name: 'database comment set on a database that declares none',
    address: 'clickhouse_database.main',
    byHand: ["ALTER DATABASE {db} MODIFY COMMENT 'by hand'"],
    reasons: ['comment_changed'],
    sql: /^ALTER DATABASE `[^`]+` MODIFY COMMENT '';$/,
  },
  {
    key: 'h31',
    name: 'declared database comment changed',
    address: 'clickhouse_database.second',
    byHand: ["ALTER DATABASE {db2} MODIFY COMMENT 'by hand'"],
    reasons: ['comment_changed'],
    sql: /MODIFY COMMENT 'second'/,
  },
  {
    key: 'h32',
    name: 'undeclared setting set by hand (ttl_only_drop_parts = 1)',
    byHand: ['ALTER TABLE {t} MODIFY SETTING ttl_only_drop_parts = 1'],
    reasons: ['setting_extra'],
    sql: /RESET SETTING ttl_only_drop_parts/,
  },
  {
    key: 'h33',
    name: 'declared setting changed',
    table: (t) => ({ ...t, settings: { merge_with_ttl_timeout: 7200 } }),
    byHand: ['ALTER TABLE {t} MODIFY SETTING merge_with_ttl_timeout = 3600'],
    reasons: ['setting_changed'],
    sql: /MODIFY SETTING merge_with_ttl_timeout = 7200/,
  },
  {
    key: 'h34',
    name: 'declared setting reset',
    table: (t) => ({ ...t, settings: { merge_with_ttl_timeout: 7200 } }),
    byHand: ['ALTER TABLE {t} RESET SETTING merge_with_ttl_timeout'],
    reasons: ['setting_changed'],
    sql: /MODIFY SETTING merge_with_ttl_timeout = 7200/,
  },
  { key: 'h35', name: 'SAMPLE BY set by hand', byHand: ['ALTER TABLE {t} MODIFY SAMPLE BY id'], reasons: ['sample_by_changed'], sql: /REMOVE SAMPLE BY/ },
  {
    key: 'h36',
    name: 'declared SAMPLE BY removed',
    table: (t) => ({ ...t, sampleBy: 'id' }),
    byHand: ['ALTER TABLE {t} REMOVE SAMPLE BY'],
    reasons: ['sample_by_changed'],
    sql: /MODIFY SAMPLE BY id/,
  },
  // views
  {
    key: 'h37',
    view: true,
    name: "view's query changed",
    byHand: ['ALTER TABLE {t} MODIFY QUERY SELECT id, 0 AS n FROM {db}.events'],
    reasons: ['mv_query_changed'],
    sql: /MODIFY QUERY SELECT id, val AS n FROM/,
  },
  { key: 'h38', view: true, name: 'view dropped', byHand: ['DROP VIEW {t} SYNC'], create: true, sql: /^CREATE MATERIALIZED VIEW IF NOT EXISTS / },
  {
    key: 'h39',
    view: true,
    name: 'view comment set on a view that declares none',
    byHand: ["ALTER TABLE {t} MODIFY COMMENT 'by hand'"],
    reasons: ['comment_changed'],
    sql: /MODIFY COMMENT ''/,
  },
  // whole tables, several changes, opt-ins
  { key: 'h40', name: 'table dropped', byHand: ['DROP TABLE {t} SYNC'], create: true, sql: /^CREATE TABLE IF NOT EXISTS /, rowsLostByHand: true },
  {
    key: 'h41',
    name: 'column dropped and TTL changed in one table',
    byHand: ['ALTER TABLE {t} DROP COLUMN amount', 'ALTER TABLE {t} MODIFY TTL ts + INTERVAL 3000 DAY'],
    reasons: ['missing_column', 'ttl_changed'],
    // One ALTER: the ADD COLUMN and the TTL are validated together (sql/spec/alter-batch.ts).
    sql: /^ALTER TABLE \S+ ADD COLUMN IF NOT EXISTS `amount` [^;]*, MODIFY TTL ts \+ toIntervalDay\(3650\);$/,
  },
  {
    key: 'h42',
    name: 'extra column on a table that allows destructive changes: dropped',
    allowDestructive: true,
    byHand: ["ALTER TABLE {t} ADD COLUMN extra String DEFAULT 'x'"],
    reasons: ['extra_column'],
    sql: /DROP COLUMN IF EXISTS `extra`/,
  },
  // skip indexes and projections (declared ones written unlike the server prints them)
  {
    key: 'h47',
    name: 'declared index dropped by hand',
    table: withIndex,
    byHand: ['ALTER TABLE {t} DROP INDEX i_kind'],
    reasons: ['index_missing'],
    // The SQL is the server's printing of the declared index (lower( kind ) -> lower(kind)).
    sql: /ADD INDEX IF NOT EXISTS `i_kind` lower\(kind\) TYPE bloom_filter\(0\.01\) GRANULARITY 1;\n.*MATERIALIZE INDEX `i_kind`/,
  },
  {
    key: 'h48',
    name: 'declared index recreated by hand with another granularity',
    table: withIndex,
    byHand: ['ALTER TABLE {t} DROP INDEX i_val', 'ALTER TABLE {t} ADD INDEX i_val val * 2 TYPE minmax GRANULARITY 8'],
    reasons: ['index_changed'],
    // DROP and ADD in one ALTER (never without the index between them), then the mutation on its own.
    sql: /DROP INDEX IF EXISTS `i_val`, ADD INDEX IF NOT EXISTS `i_val` val \* 2 TYPE minmax GRANULARITY 1;\n\S+ \S+ \S+ MATERIALIZE INDEX `i_val`;$/,
  },
  {
    key: 'h49',
    name: 'projection added by hand',
    byHand: ['ALTER TABLE {t} ADD PROJECTION p_hand (SELECT status, count() GROUP BY status)'],
    reasons: ['projection_extra'],
    sql: /DROP PROJECTION IF EXISTS `p_hand`/,
  },
  {
    key: 'h50',
    name: 'declared projection dropped by hand',
    table: withProjection,
    byHand: ['ALTER TABLE {t} DROP PROJECTION p_kind'],
    reasons: ['projection_missing'],
    sql: /ADD PROJECTION IF NOT EXISTS `p_kind` \(SELECT kind, count\(\) GROUP BY kind\);\n.*MATERIALIZE PROJECTION `p_kind`/,
  },
  {
    key: 'h51',
    name: 'extra column added by hand that no part holds yet (its values are its DEFAULT): dropping it loses nothing',
    byHand: ["ALTER TABLE {t} ADD COLUMN extra String DEFAULT 'x'"],
    reasons: ['extra_column'],
    sql: /DROP COLUMN IF EXISTS `extra`;$/,
  },
]).map((s) => ({ ...s, group: 'heal' as const }));

const REFUSE: Scenario[] = (<Draft[]>[
  {
    key: 'r01',
    name: 'extra column added by hand and written into the parts',
    byHand: ["ALTER TABLE {t} ADD COLUMN extra String DEFAULT 'x'", 'ALTER TABLE {t} MATERIALIZE COLUMN extra SETTINGS mutations_sync = 1'],
    reasons: ['extra_column'],
    hint: /dropping column extra loses its data/,
    restore: () => ['ALTER TABLE {t} DROP COLUMN extra'],
  },
  {
    key: 'r02',
    name: 'column renamed by hand',
    byHand: ['ALTER TABLE {t} RENAME COLUMN note TO remark'],
    reasons: ['missing_column', 'extra_column'],
    refused: ['extra_column'],
    hint: /dropping column remark loses its data/,
    restore: () => ['ALTER TABLE {t} RENAME COLUMN remark TO note'],
  },
  {
    key: 'r03',
    name: 'type widened by hand (UInt32 -> UInt64): narrowing back could lose data',
    byHand: ['ALTER TABLE {t} MODIFY COLUMN val UInt64'],
    reasons: ['column_type_changed'],
    hint: /converting UInt64 to UInt32 can lose or reject data \(UInt32 is narrower than UInt64/,
    restore: () => ['ALTER TABLE {t} MODIFY COLUMN val UInt32'],
    checksum: 'sum(val)',
  },
  {
    key: 'r04',
    name: 'Enum8 -> String by hand: back to the enum could reject values',
    byHand: ['ALTER TABLE {t} MODIFY COLUMN status String'],
    reasons: ['column_type_changed'],
    hint: /strings that are not names of the enum are rejected/,
    restore: () => ["ALTER TABLE {t} MODIFY COLUMN status Enum8('ok' = 1, 'bad' = 2)"],
    checksum: 'sum(cityHash64(toString(status)))',
  },
  {
    key: 'r05',
    name: 'Nullable added by hand: removing it could lose NULLs',
    byHand: ['ALTER TABLE {t} MODIFY COLUMN val Nullable(UInt32)'],
    reasons: ['column_type_changed'],
    hint: /NULLs cannot be stored without Nullable/,
    restore: () => ['ALTER TABLE {t} MODIFY COLUMN val UInt32 DEFAULT 0', 'ALTER TABLE {t} MODIFY COLUMN val REMOVE DEFAULT'],
    checksum: 'sum(val)',
  },
  {
    key: 'r06',
    name: 'DateTime -> DateTime64(3) by hand: back to DateTime drops fractions',
    byHand: ['ALTER TABLE {t} MODIFY COLUMN at DateTime64(3)'],
    reasons: ['column_type_changed'],
    hint: /DateTime drops the fraction of a second/,
    restore: () => ['ALTER TABLE {t} MODIFY COLUMN at DateTime'],
    checksum: 'sum(toUnixTimestamp(at))',
  },
  {
    key: 'r07',
    name: 'table rebuilt with index_granularity = 1024',
    byHand: rebuildByHand('{t}', `${ENGINE_CLAUSE} SETTINGS index_granularity = 1024`),
    reasons: ['setting_extra'],
    hint: /setting index_granularity cannot be changed in place: rebuild the table/,
    restore: rebuildAsDeclared,
  },
  {
    key: 'r08',
    name: 'table rebuilt with a shorter PRIMARY KEY and the same ORDER BY',
    byHand: rebuildByHand('{t}', 'ENGINE = MergeTree PARTITION BY toYYYYMM(ts) PRIMARY KEY id ORDER BY (id, ts) TTL ts + INTERVAL 3650 DAY'),
    reasons: ['primary_key_changed'],
    hint: /PRIMARY KEY cannot be changed in place/,
    restore: rebuildAsDeclared,
  },
  {
    key: 'r09',
    name: 'table rebuilt with another ORDER BY',
    byHand: rebuildByHand('{t}', 'ENGINE = MergeTree PARTITION BY toYYYYMM(ts) ORDER BY (ts, id) TTL ts + INTERVAL 3650 DAY'),
    reasons: ['order_by_changed', 'primary_key_changed'],
    hint: /ORDER BY cannot be changed in place/,
    restore: rebuildAsDeclared,
  },
  {
    key: 'r10',
    name: 'table rebuilt with weekly partitions',
    byHand: rebuildByHand('{t}', 'ENGINE = MergeTree PARTITION BY toMonday(ts) ORDER BY (id, ts) TTL ts + INTERVAL 3650 DAY'),
    reasons: ['partition_key_changed'],
    hint: /PARTITION BY cannot be changed in place/,
    restore: rebuildAsDeclared,
  },
  {
    key: 'r11',
    name: 'table rebuilt with another engine',
    byHand: rebuildByHand('{t}', 'ENGINE = ReplacingMergeTree PARTITION BY toYYYYMM(ts) ORDER BY (id, ts) TTL ts + INTERVAL 3650 DAY'),
    reasons: ['engine_changed'],
    hint: /the engine cannot be changed in place/,
    restore: rebuildAsDeclared,
  },
  {
    key: 'r12',
    view: true,
    name: 'view recreated writing to another table',
    byHand: ['CREATE TABLE {t}_other AS {t}_t', 'DROP VIEW {t} SYNC', 'CREATE MATERIALIZED VIEW {t} TO {t}_other AS SELECT id, val AS n FROM {db}.events'],
    reasons: ['mv_target_changed'],
    hint: /the view must be dropped and recreated/,
    restore: () => ['DROP VIEW {t} SYNC', 'CREATE MATERIALIZED VIEW {t} TO {t}_t AS SELECT id, val AS n FROM {db}.events', 'DROP TABLE {t}_other SYNC'],
  },
  {
    key: 'r13',
    name: 'table rebuilt with another ORDER BY, then detached: nothing is attached',
    byHand: [...rebuildByHand('{t}', 'ENGINE = MergeTree PARTITION BY toYYYYMM(ts) ORDER BY (ts, id) TTL ts + INTERVAL 3650 DAY'), 'DETACH TABLE {t}'],
    reasons: ['detached_object', 'order_by_changed', 'primary_key_changed'],
    hint: /ATTACH TABLE [^ ]+\.r13 by hand and plan again/,
    restore: (spec) => ['ATTACH TABLE {t}', ...rebuildAsDeclared(spec)],
  },
]).map((s) => ({ ...s, group: 'refuse' as const }));

const SAME: Scenario[] = (<Draft[]>[
  { key: 's01', name: 'TTL set as toIntervalDay(3650) (declared INTERVAL 3650 DAY)', byHand: ['ALTER TABLE {t} MODIFY TTL ts + toIntervalDay(3650)'] },
  { key: 's02', name: 'TTL set in lower case without spaces', byHand: ['ALTER TABLE {t} MODIFY TTL ts+interval 3650 day'] },
  { key: 's03', name: 'type set through an alias (DOUBLE for Float64)', byHand: ['ALTER TABLE {t} MODIFY COLUMN amount DOUBLE'] },
  { key: 's04', name: 'type set through an alias (INT UNSIGNED for UInt32)', byHand: ['ALTER TABLE {t} MODIFY COLUMN val INT UNSIGNED'] },
  {
    key: 's05',
    name: 'codec with its default level written out (declared ZSTD, set ZSTD(1))',
    table: withColumn('body', { codec: 'ZSTD' }),
    byHand: ["ALTER TABLE {t} MODIFY COLUMN body String COMMENT 'payload' CODEC(ZSTD(1))"],
  },
  { key: 's06', name: 'an undeclared setting set to its server default', byHand: ['ALTER TABLE {t} MODIFY SETTING ttl_only_drop_parts = 0'] },
  { key: 's07', name: 'an empty comment set where none is declared', byHand: ["ALTER TABLE {t} MODIFY COMMENT ''"] },
  { key: 's08', name: 'the default written differently', byHand: ["ALTER TABLE {t} MODIFY COLUMN note String DEFAULT ('none')"] },
  {
    key: 's09',
    name: 'a declared boolean setting set as true (declared 1)',
    table: (t) => ({ ...t, settings: { ttl_only_drop_parts: 1 } }),
    byHand: ['ALTER TABLE {t} MODIFY SETTING ttl_only_drop_parts = true'],
  },
  { key: 's10', name: 'OPTIMIZE TABLE FINAL (data only)', byHand: ['OPTIMIZE TABLE {t} FINAL'] },
  {
    key: 's11',
    name: 'a column renamed and renamed back',
    byHand: ['ALTER TABLE {t} RENAME COLUMN note TO remark', 'ALTER TABLE {t} RENAME COLUMN remark TO note'],
  },
  { key: 's12', name: 'detached and attached again', byHand: ['DETACH TABLE {t}', 'ATTACH TABLE {t}'] },
  {
    key: 's13',
    name: "a comment set by hand where the table leaves comments to the server (ignore_undeclared = ['comment'])",
    table: (t) => ({ ...t, ignoreUndeclared: ['comment'] }),
    byHand: ["ALTER TABLE {t} MODIFY COMMENT 'by hand'"],
  },
  {
    key: 's14',
    name: "a setting set by hand where the table leaves settings to the server (ignore_undeclared = ['settings'])",
    table: (t) => ({ ...t, ignoreUndeclared: ['settings'] }),
    byHand: ['ALTER TABLE {t} MODIFY SETTING ttl_only_drop_parts = 1'],
  },
  {
    key: 's15',
    name: 'an empty comment set on a database that declares none',
    address: 'clickhouse_database.main',
    byHand: ["ALTER DATABASE {db} MODIFY COMMENT ''"],
  },
  {
    key: 's16',
    view: true,
    name: "the view's query set again, written differently",
    byHand: ['ALTER TABLE {t} MODIFY QUERY select id,val as n from {db}.events'],
  },
  {
    key: 's17',
    name: "an index added by hand where the table leaves indexes to the server (ignore_undeclared = ['indexes'])",
    table: (t) => ({ ...withIndex(t), ignoreUndeclared: ['indexes'] }),
    byHand: ['ALTER TABLE {t} ADD INDEX i_hand status TYPE set(0) GRANULARITY 1'],
  },
]).map((s) => ({ ...s, group: 'same' as const }));

export const SCENARIOS: readonly Scenario[] = [...HEAL, ...REFUSE, ...SAME];
