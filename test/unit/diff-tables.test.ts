// Diff of databases, tables and views, table-driven over specs already in normal form. No server.
import { Change, ReasonCode, runnableStatements } from '../../sql/spec/changes';
import { diff, diffObject } from '../../sql/diff';
import { classifyConversion } from '../../sql/diff/conversions';
import { columnTtls, parseEngineClause, specFromCreateQuery, splitCreateTable, viewTarget } from '../../sql/live/introspect-tables';
import { DatabaseSpec, DiffOptions, MaterializedViewSpec, ObjectSpec, TableSpec, UndeclaredAttribute, ViewSpec } from '../../sql/spec/model';
import { codecMatches, keyElements, singleLine, splitTopLevel, stripOuterBrackets, unquoteString } from '../../sql/spec/sql-text';

const base: TableSpec = {
  kind: 'table',
  database: 'monitor',
  name: 't',
  columns: [
    { name: 'id', type: 'String', comment: 'id' },
    { name: 'ts', type: 'DateTime64(3)' },
    { name: 'n', type: 'UInt8' },
    { name: 'f', type: 'Float32' },
  ],
  engine: { name: 'MergeTree', args: [] },
  orderBy: ['id', 'ts'],
  partitionBy: 'toYYYYMM(ts)',
  ttl: 'toDateTime(ts) + toIntervalDay(90)',
};
/** The live side of `base` as introspection reads it: with the server's setting defaults. */
const serverTable: TableSpec = {
  ...base,
  settingDefaults: { index_granularity: '8192', merge_with_ttl_timeout: '14400', ttl_only_drop_parts: '0' },
};
/** `base` with a skip index and a projection, in normal form. */
const indexed: TableSpec = {
  ...base,
  indexes: [{ name: 'i_id', expression: 'id', type: 'bloom_filter(0.01)', granularity: 1 }],
  projections: [{ name: 'p_n', query: 'SELECT n, count() GROUP BY n' }],
};
const view: MaterializedViewSpec = {
  kind: 'materialized_view',
  database: 'monitor',
  name: 'v',
  to: { database: 'monitor', name: 'h' },
  select: 'SELECT id FROM monitor.t',
};
const db: DatabaseSpec = { kind: 'database', name: 'monitor' };
const cols = (t: TableSpec, f: (c: TableSpec['columns'][number]) => TableSpec['columns'][number]): TableSpec => ({ ...t, columns: t.columns.map(f) });
const col = (name: string, patch: object) => (c: TableSpec['columns'][number]) => (c.name === name ? { ...c, ...patch } : c);

interface Row {
  readonly name: string;
  readonly desired: ObjectSpec;
  readonly live: ObjectSpec | undefined;
  readonly reasons: readonly ReasonCode[];
  readonly runnable: boolean;
  /** Expected of every change of the row (when given). */
  readonly destructive?: boolean;
  readonly inPlace?: boolean;
  readonly statements?: readonly string[];
  readonly opts?: DiffOptions;
}

/** A table with a Nested column, declared as Nested and as the server lists it (flattened). */
const nestedDeclared: TableSpec = { ...base, columns: [...base.columns, { name: 'ev', type: 'Nested(name String, ts DateTime)' }] };
const nestedLive: TableSpec = {
  ...base,
  columns: [...base.columns, { name: 'ev.name', type: 'Array(String)' }, { name: 'ev.ts', type: 'Array(DateTime)' }],
};

/** The view as the server lists it: with the columns of its column list (declared or the SELECT's). */
const listedView: MaterializedViewSpec = { ...view, columns: [{ name: 'id', type: 'String' }], columnsListed: true };

const rows: Row[] = [
  { name: 'identical table', desired: base, live: base, reasons: [], runnable: true },
  { name: 'view without a declared column list: the listed columns are not compared', desired: view, live: listedView, reasons: [], runnable: true },
  {
    name: 'view with a declared column list equal to the listed one',
    desired: { ...view, columns: [{ name: 'id', type: 'String' }] },
    live: listedView,
    reasons: [],
    runnable: true,
  },
  {
    name: 'view with a declared column list that differs: recreated, gated',
    desired: { ...view, columns: [{ name: 'id', type: 'LowCardinality(String)' }] },
    live: listedView,
    reasons: ['mv_columns_changed'],
    runnable: false,
    inPlace: false,
    statements: [
      'DROP VIEW IF EXISTS `monitor`.`v` SYNC',
      'CREATE MATERIALIZED VIEW IF NOT EXISTS `monitor`.`v`\nTO `monitor`.`h`\n(\n    `id` LowCardinality(String)\n)\nAS SELECT id FROM monitor.t',
    ],
  },
  {
    name: 'view with a declared column list that differs, destructive allowed: it runs',
    desired: { ...view, columns: [{ name: 'id', type: 'LowCardinality(String)' }] },
    live: listedView,
    reasons: ['mv_columns_changed'],
    runnable: true,
    opts: { allowDestructive: true },
  },
  { name: 'Nested column declared as Nested, live flattened', desired: nestedDeclared, live: nestedLive, reasons: [], runnable: true },
  { name: 'Nested column declared flattened, live flattened', desired: nestedLive, live: nestedLive, reasons: [], runnable: true },
  {
    name: 'Nested column with a field missing on the server',
    desired: nestedDeclared,
    live: { ...nestedLive, columns: nestedLive.columns.slice(0, -1) },
    reasons: ['missing_column'],
    runnable: true,
    statements: ['ALTER TABLE `monitor`.`t` ADD COLUMN IF NOT EXISTS `ev.ts` Array(DateTime) AFTER `ev.name`'],
  },
  { name: 'missing table', desired: base, live: undefined, reasons: ['missing_object'], runnable: true, inPlace: true },
  {
    name: 'missing database',
    desired: db,
    live: undefined,
    reasons: ['missing_object'],
    runnable: true,
    statements: ['CREATE DATABASE IF NOT EXISTS `monitor`'],
  },
  { name: 'missing view', desired: view, live: undefined, reasons: ['missing_object'], runnable: true },
  {
    name: 'missing column is added after its predecessor',
    desired: base,
    live: { ...base, columns: base.columns.filter((c) => c.name !== 'n') },
    reasons: ['missing_column'],
    runnable: true,
    statements: ['ALTER TABLE `monitor`.`t` ADD COLUMN IF NOT EXISTS `n` UInt8 AFTER `ts`'],
  },
  {
    name: 'extra column is destructive',
    desired: base,
    live: { ...base, columns: [...base.columns, { name: 'x', type: 'String' }] },
    reasons: ['extra_column'],
    runnable: false,
    destructive: true,
    statements: ['ALTER TABLE `monitor`.`t` DROP COLUMN IF EXISTS `x`'],
  },
  {
    name: 'extra column with allowDestructive',
    desired: base,
    live: { ...base, columns: [...base.columns, { name: 'x', type: 'String' }] },
    reasons: ['extra_column'],
    runnable: true,
    destructive: true,
    opts: { allowDestructive: true },
  },
  {
    name: 'UInt8 -> UInt32 widens in place',
    desired: cols(base, col('n', { type: 'UInt32' })),
    live: base,
    reasons: ['column_type_changed'],
    runnable: true,
    destructive: false,
    statements: ['ALTER TABLE `monitor`.`t` MODIFY COLUMN IF EXISTS `n` UInt32'],
  },
  {
    name: 'Float32 -> Float64 widens',
    desired: cols(base, col('f', { type: 'Float64' })),
    live: base,
    reasons: ['column_type_changed'],
    runnable: true,
    destructive: false,
  },
  {
    name: 'T -> Nullable(T) widens',
    desired: cols(base, col('n', { type: 'Nullable(UInt8)' })),
    live: base,
    reasons: ['column_type_changed'],
    runnable: true,
    destructive: false,
  },
  {
    name: 'UInt32 -> UInt8 narrows',
    desired: base,
    live: cols(base, col('n', { type: 'UInt32' })),
    reasons: ['column_type_changed'],
    runnable: false,
    destructive: true,
  },
  {
    name: 'String -> UInt8 is destructive',
    desired: cols(base, col('id', { type: 'UInt8' })),
    live: base,
    reasons: ['column_type_changed'],
    runnable: false,
    destructive: true,
  },
  {
    name: 'default added',
    desired: cols(base, col('n', { defaultExpression: '1' })),
    live: base,
    reasons: ['column_default_changed'],
    runnable: true,
    statements: ['ALTER TABLE `monitor`.`t` MODIFY COLUMN IF EXISTS `n` UInt8 DEFAULT 1'],
  },
  {
    name: 'default removed',
    desired: base,
    live: cols(base, col('n', { defaultKind: 'DEFAULT', defaultExpression: '1' })),
    reasons: ['column_default_changed'],
    runnable: true,
    statements: ['ALTER TABLE `monitor`.`t` MODIFY COLUMN IF EXISTS `n` REMOVE DEFAULT'],
  },
  {
    name: 'default kind ALIAS -> DEFAULT is destructive',
    desired: cols(base, col('n', { defaultExpression: '1' })),
    live: cols(base, col('n', { defaultKind: 'ALIAS', defaultExpression: '1' })),
    reasons: ['column_default_changed'],
    runnable: false,
    destructive: true,
  },
  {
    name: 'column comment changed',
    desired: base,
    live: cols(base, col('id', { comment: 'other' })),
    reasons: ['column_comment_changed'],
    runnable: true,
    statements: ["ALTER TABLE `monitor`.`t` COMMENT COLUMN IF EXISTS `id` 'id'"],
  },
  {
    name: 'column comment removed by hand',
    desired: base,
    live: cols(base, col('id', { comment: undefined })),
    reasons: ['column_comment_changed'],
    runnable: true,
  },
  {
    name: "codec without parameters matches the server's filled-in parameters",
    desired: cols(base, col('ts', { codec: 'Delta, ZSTD' })),
    live: cols(base, col('ts', { codec: 'Delta(8), ZSTD(1)' })),
    reasons: [],
    runnable: true,
  },
  {
    name: 'codec changed',
    desired: cols(base, col('ts', { codec: 'ZSTD(3)' })),
    live: cols(base, col('ts', { codec: 'ZSTD(1)' })),
    reasons: ['column_codec_changed'],
    runnable: true,
  },
  {
    name: 'codec added by hand',
    desired: base,
    live: cols(base, col('ts', { codec: 'ZSTD(1)' })),
    reasons: ['column_codec_changed'],
    runnable: true,
    statements: ['ALTER TABLE `monitor`.`t` MODIFY COLUMN IF EXISTS `ts` REMOVE CODEC'],
  },
  { name: 'column TTL declared', desired: cols(base, col('f', { ttl: 'ts + toIntervalDay(1)' })), live: base, reasons: ['column_ttl_changed'], runnable: true },
  {
    name: 'column moved',
    desired: base,
    live: { ...base, columns: [base.columns[1], base.columns[0], base.columns[2], base.columns[3]] },
    reasons: ['column_order_changed'],
    runnable: true,
  },
  {
    name: 'TTL changed',
    desired: base,
    live: { ...base, ttl: 'toDateTime(ts) + toIntervalDay(30)' },
    reasons: ['ttl_changed'],
    runnable: true,
    statements: ['ALTER TABLE `monitor`.`t` MODIFY TTL toDateTime(ts) + toIntervalDay(90)'],
  },
  {
    name: 'TTL removed from the spec',
    desired: { ...base, ttl: undefined },
    live: base,
    reasons: ['ttl_changed'],
    runnable: true,
    statements: ['ALTER TABLE `monitor`.`t` REMOVE TTL'],
  },
  {
    name: 'partition changed needs a rebuild',
    desired: base,
    live: { ...base, partitionBy: 'toYYYYMMDD(ts)' },
    reasons: ['partition_key_changed'],
    runnable: false,
    inPlace: false,
    statements: [],
  },
  {
    name: 'partition changed is never runnable, even with allowDestructive',
    desired: base,
    live: { ...base, partitionBy: undefined },
    reasons: ['partition_key_changed'],
    runnable: false,
    opts: { allowDestructive: true },
  },
  {
    name: 'ORDER BY reordered needs a rebuild',
    desired: base,
    live: { ...base, orderBy: ['ts', 'id'] },
    reasons: ['order_by_changed', 'primary_key_changed'],
    runnable: false,
    inPlace: false,
  },
  {
    name: 'ORDER BY appending a new column goes with its ADD COLUMN when the primary key it keeps is declared',
    desired: { ...base, columns: [...base.columns, { name: 'x', type: 'String' }], orderBy: ['id', 'ts', 'x'], primaryKey: ['id', 'ts'] },
    live: base,
    reasons: ['missing_column', 'order_by_changed'],
    runnable: true,
    statements: ['ALTER TABLE `monitor`.`t` ADD COLUMN IF NOT EXISTS `x` String AFTER `f`, MODIFY ORDER BY (id, ts, x)'],
  },
  {
    name: 'ORDER BY appending an existing column needs a rebuild',
    desired: { ...base, orderBy: ['id', 'ts', 'n'] },
    live: base,
    // Not declared, the primary key is ORDER BY, so it differs too.
    reasons: ['order_by_changed', 'primary_key_changed'],
    runnable: false,
  },
  {
    name: 'primary key left at the old prefix after MODIFY ORDER BY is in sync when declared',
    desired: { ...base, orderBy: ['id', 'ts', 'n'], primaryKey: ['id', 'ts'] },
    live: { ...base, orderBy: ['id', 'ts', 'n'], primaryKey: ['id', 'ts'] },
    reasons: [],
    runnable: true,
  },
  {
    // The case: rebuilt with PRIMARY KEY (id, ts) and the same ORDER BY. Not declared, the key is ORDER BY.
    name: 'a live primary key shorter than ORDER BY is drift when no primary key is declared',
    desired: { ...base, orderBy: ['id', 'ts', 'n'] },
    live: { ...base, orderBy: ['id', 'ts', 'n'], primaryKey: ['id', 'ts'] },
    reasons: ['primary_key_changed'],
    runnable: false,
    inPlace: false,
  },
  {
    name: 'a declared primary key longer than the live one is drift',
    desired: { ...base, orderBy: ['id', 'ts', 'n'], primaryKey: ['id', 'ts', 'n'] },
    live: { ...base, orderBy: ['id', 'ts', 'n'], primaryKey: ['id', 'ts'] },
    reasons: ['primary_key_changed'],
    runnable: false,
  },
  {
    name: 'declared primary key differs',
    desired: { ...base, primaryKey: ['id'] },
    live: base,
    reasons: ['primary_key_changed'],
    runnable: false,
    inPlace: false,
  },
  {
    name: 'SAMPLE BY declared',
    desired: { ...base, sampleBy: 'n' },
    live: base,
    reasons: ['sample_by_changed'],
    runnable: true,
    statements: ['ALTER TABLE `monitor`.`t` MODIFY SAMPLE BY n'],
  },
  {
    name: 'engine changed',
    desired: { ...base, engine: { name: 'ReplacingMergeTree', args: [] } },
    live: base,
    reasons: ['engine_changed'],
    runnable: false,
    inPlace: false,
  },
  {
    name: 'engine args changed',
    desired: { ...base, engine: { name: 'ReplicatedMergeTree', args: ["'/a'", "'{replica}'"] } },
    live: { ...base, engine: { name: 'ReplicatedMergeTree', args: ["'/b'", "'{replica}'"] } },
    reasons: ['engine_changed'],
    runnable: false,
  },
  {
    name: 'declared setting missing',
    desired: { ...base, settings: { merge_with_ttl_timeout: 7200 } },
    live: { ...serverTable, settings: { index_granularity: '8192' } },
    reasons: ['setting_changed'],
    runnable: true,
    statements: ['ALTER TABLE `monitor`.`t` MODIFY SETTING merge_with_ttl_timeout = 7200'],
  },
  {
    name: 'declared setting changed by hand',
    desired: { ...base, settings: { merge_with_ttl_timeout: 7200 } },
    live: { ...serverTable, settings: { index_granularity: '8192', merge_with_ttl_timeout: '3600' } },
    reasons: ['setting_changed'],
    runnable: true,
    statements: ['ALTER TABLE `monitor`.`t` MODIFY SETTING merge_with_ttl_timeout = 7200'],
  },
  {
    name: 'declared setting equal to the server default and not on the table is in sync',
    desired: { ...base, settings: { merge_with_ttl_timeout: 14400 } },
    live: { ...serverTable, settings: { index_granularity: '8192' } },
    reasons: [],
    runnable: true,
  },
  {
    name: 'declared boolean setting printed as true is in sync',
    desired: { ...base, settings: { ttl_only_drop_parts: 1 } },
    live: { ...serverTable, settings: { index_granularity: '8192', ttl_only_drop_parts: 'true' } },
    reasons: [],
    runnable: true,
  },
  {
    name: 'a setting the server adds at its default (index_granularity = 8192) is in sync',
    desired: base,
    live: { ...serverTable, settings: { index_granularity: '8192' } },
    reasons: [],
    runnable: true,
  },
  {
    name: 'undeclared setting set by hand is drift, reset in place',
    desired: base,
    live: { ...serverTable, settings: { index_granularity: '8192', ttl_only_drop_parts: '1' } },
    reasons: ['setting_extra'],
    runnable: true,
    statements: ['ALTER TABLE `monitor`.`t` RESET SETTING ttl_only_drop_parts'],
  },
  {
    name: 'undeclared setting set by hand is in sync with ignoreUndeclared settings',
    desired: { ...base, ignoreUndeclared: ['settings'] },
    live: { ...serverTable, settings: { index_granularity: '8192', ttl_only_drop_parts: '1' } },
    reasons: [],
    runnable: true,
  },
  {
    name: 'declared setting changed by hand is drift even with ignoreUndeclared settings',
    desired: { ...base, settings: { merge_with_ttl_timeout: 7200 }, ignoreUndeclared: ['settings'] },
    live: { ...serverTable, settings: { index_granularity: '8192', merge_with_ttl_timeout: '3600' } },
    reasons: ['setting_changed'],
    runnable: true,
  },
  {
    name: 'table rebuilt with another index_granularity: undeclared read-only setting needs a rebuild',
    desired: base,
    live: { ...serverTable, settings: { index_granularity: '1024' } },
    reasons: ['setting_extra'],
    runnable: false,
    inPlace: false,
  },
  {
    name: 'undeclared setting without a server default (another engine, or unknown) is drift whatever its value',
    desired: base,
    live: { ...serverTable, settings: { index_granularity: '8192', some_engine_setting: '0' } },
    reasons: ['setting_extra'],
    runnable: true,
  },
  {
    name: 'read-only setting differs',
    desired: { ...base, settings: { index_granularity: 1024 } },
    live: { ...serverTable, settings: { index_granularity: '8192' } },
    reasons: ['setting_changed'],
    runnable: false,
  },
  {
    name: 'comment changed',
    desired: { ...base, comment: 'a' },
    live: { ...base, comment: 'b' },
    reasons: ['comment_changed'],
    runnable: true,
    statements: ["ALTER TABLE `monitor`.`t` MODIFY COMMENT 'a'"],
  },
  // Skip indexes and projections: by name; missing ADD + MATERIALIZE, changed DROP + ADD + MATERIALIZE, extra DROP (no data of their own: not destructive).
  {
    name: 'identical index and projection',
    desired: indexed,
    live: indexed,
    reasons: [],
    runnable: true,
  },
  {
    name: 'index dropped by hand: added and materialized in place',
    desired: indexed,
    live: { ...indexed, indexes: [] },
    reasons: ['index_missing'],
    runnable: true,
    inPlace: true,
    destructive: false,
    statements: [
      'ALTER TABLE `monitor`.`t` ADD INDEX IF NOT EXISTS `i_id` id TYPE bloom_filter(0.01) GRANULARITY 1',
      'ALTER TABLE `monitor`.`t` MATERIALIZE INDEX `i_id`',
    ],
  },
  {
    name: 'index added by hand (none declared): dropped in place, not destructive',
    desired: base,
    live: { ...base, indexes: [{ name: 'i_n', expression: 'n', type: 'minmax', granularity: 1 }] },
    reasons: ['index_extra'],
    runnable: true,
    destructive: false,
    statements: ['ALTER TABLE `monitor`.`t` DROP INDEX IF EXISTS `i_n`'],
  },
  {
    name: 'index added by hand is left alone with ignoreUndeclared indexes',
    desired: { ...base, ignoreUndeclared: ['indexes'] },
    live: { ...base, indexes: [{ name: 'i_n', expression: 'n', type: 'minmax', granularity: 1 }] },
    reasons: [],
    runnable: true,
  },
  {
    name: 'with ignoreUndeclared indexes, an index added by hand next to the declared ones is left alone',
    desired: { ...indexed, ignoreUndeclared: ['indexes'] },
    live: { ...indexed, indexes: [...indexed.indexes!, { name: 'i_n', expression: 'n', type: 'minmax', granularity: 1 }] },
    reasons: [],
    runnable: true,
  },
  {
    name: 'declared index missing is drift even with ignoreUndeclared indexes',
    desired: { ...indexed, ignoreUndeclared: ['indexes'] },
    live: { ...indexed, indexes: [] },
    reasons: ['index_missing'],
    runnable: true,
  },
  {
    name: 'index granularity changed by hand: dropped, added, materialized',
    desired: indexed,
    live: { ...indexed, indexes: [{ ...indexed.indexes![0], granularity: 4 }] },
    reasons: ['index_changed'],
    runnable: true,
    statements: [
      'ALTER TABLE `monitor`.`t` DROP INDEX IF EXISTS `i_id`',
      'ALTER TABLE `monitor`.`t` ADD INDEX IF NOT EXISTS `i_id` id TYPE bloom_filter(0.01) GRANULARITY 1',
      'ALTER TABLE `monitor`.`t` MATERIALIZE INDEX `i_id`',
    ],
  },
  {
    name: 'index type changed',
    desired: indexed,
    live: { ...indexed, indexes: [{ ...indexed.indexes![0], type: 'set(100)' }] },
    reasons: ['index_changed'],
    runnable: true,
  },
  {
    name: 'index expression changed',
    desired: indexed,
    live: { ...indexed, indexes: [{ ...indexed.indexes![0], expression: 'lower(id)' }] },
    reasons: ['index_changed'],
    runnable: true,
  },
  {
    name: 'granularity not declared means 1',
    desired: { ...indexed, indexes: [{ name: 'i_id', expression: 'id', type: 'bloom_filter(0.01)' }] },
    live: indexed,
    reasons: [],
    runnable: true,
  },
  {
    name: 'projection dropped by hand: added and materialized, ON CLUSTER',
    desired: indexed,
    live: { ...indexed, projections: undefined },
    reasons: ['projection_missing'],
    runnable: true,
    inPlace: true,
    statements: [
      'ALTER TABLE `monitor`.`t` ON CLUSTER `production` ADD PROJECTION IF NOT EXISTS `p_n` (SELECT n, count() GROUP BY n)',
      'ALTER TABLE `monitor`.`t` ON CLUSTER `production` MATERIALIZE PROJECTION `p_n`',
    ],
    opts: { cluster: 'production' },
  },
  {
    name: 'projection added by hand: dropped in place, not destructive',
    desired: indexed,
    live: { ...indexed, projections: [...indexed.projections!, { name: 'p_ts', query: 'SELECT * ORDER BY ts' }] },
    reasons: ['projection_extra'],
    runnable: true,
    destructive: false,
    statements: ['ALTER TABLE `monitor`.`t` DROP PROJECTION IF EXISTS `p_ts`'],
  },
  {
    name: 'projection added by hand is left alone with ignoreUndeclared projections',
    desired: { ...base, ignoreUndeclared: ['projections'] },
    live: { ...base, projections: [{ name: 'p_ts', query: 'SELECT * ORDER BY ts' }] },
    reasons: [],
    runnable: true,
  },
  {
    name: 'with ignoreUndeclared projections, a projection added by hand next to the declared ones is left alone',
    desired: { ...indexed, ignoreUndeclared: ['projections'] },
    live: { ...indexed, projections: [...indexed.projections!, { name: 'p_ts', query: 'SELECT * ORDER BY ts' }] },
    reasons: [],
    runnable: true,
  },
  {
    name: 'projection query changed: dropped, added, materialized',
    desired: indexed,
    live: { ...indexed, projections: [{ name: 'p_n', query: 'SELECT n, max(f) GROUP BY n' }] },
    reasons: ['projection_changed'],
    runnable: true,
    statements: [
      'ALTER TABLE `monitor`.`t` DROP PROJECTION IF EXISTS `p_n`',
      'ALTER TABLE `monitor`.`t` ADD PROJECTION IF NOT EXISTS `p_n` (SELECT n, count() GROUP BY n)',
      'ALTER TABLE `monitor`.`t` MATERIALIZE PROJECTION `p_n`',
    ],
  },
  {
    name: 'projection with settings the model cannot declare: recreated without them',
    desired: indexed,
    live: { ...indexed, projections: [{ ...indexed.projections![0], withSettings: 'index_granularity = 128' }] },
    reasons: ['projection_changed'],
    runnable: true,
  },
  // Undeclared attributes: the server's default unless ignoreUndeclared names them; declared ones always compared.
  ...undeclaredRows(),
  // Detached by hand: the name is taken (CREATE ... IF NOT EXISTS would do nothing); ATTACH heals.
  {
    name: 'table detached with the declared definition',
    desired: base,
    live: { ...base, detached: { permanently: false, definitionRead: true } },
    reasons: ['detached_object'],
    runnable: true,
    statements: ['ATTACH TABLE IF NOT EXISTS `monitor`.`t`'],
  },
  {
    name: 'table detached permanently, ON CLUSTER',
    desired: base,
    live: { ...base, detached: { permanently: true, definitionRead: true } },
    reasons: ['detached_object'],
    runnable: true,
    statements: ['ATTACH TABLE IF NOT EXISTS `monitor`.`t` ON CLUSTER `production`'],
    opts: { cluster: 'production' },
  },
  {
    name: 'table detached after its TTL was changed: ATTACH, then MODIFY TTL',
    desired: base,
    live: { ...base, ttl: 'toDateTime(ts) + toIntervalDay(30)', detached: { permanently: false, definitionRead: true } },
    reasons: ['detached_object', 'ttl_changed'],
    runnable: true,
    statements: ['ATTACH TABLE IF NOT EXISTS `monitor`.`t`', 'ALTER TABLE `monitor`.`t` MODIFY TTL toDateTime(ts) + toIntervalDay(90)'],
  },
  {
    name: 'table detached with another ORDER BY: refused, nothing attached',
    desired: base,
    live: { ...base, orderBy: ['ts', 'id'], detached: { permanently: false, definitionRead: true } },
    reasons: ['detached_object', 'order_by_changed', 'primary_key_changed'],
    runnable: false,
  },
  {
    name: 'table detached where its definition could not be read (another replica): ATTACH, compared once attached',
    desired: base,
    live: {
      kind: 'table',
      database: 'monitor',
      name: 't',
      columns: [],
      engine: { name: '' },
      orderBy: [],
      detached: { permanently: false, definitionRead: false },
    },
    reasons: ['detached_object'],
    runnable: true,
    statements: ['ATTACH TABLE IF NOT EXISTS `monitor`.`t`'],
  },
  {
    name: 'view detached',
    desired: view,
    live: { ...view, detached: { permanently: false, definitionRead: true } },
    reasons: ['detached_object'],
    runnable: true,
    statements: ['ATTACH TABLE IF NOT EXISTS `monitor`.`v`'],
  },
  {
    name: 'view detached with another query: ATTACH, then MODIFY QUERY',
    desired: view,
    live: { ...view, select: 'SELECT 1', detached: { permanently: false, definitionRead: true } },
    reasons: ['detached_object', 'mv_query_changed'],
    runnable: true,
  },
  {
    name: 'view query changed',
    desired: view,
    live: { ...view, select: 'SELECT 1' },
    reasons: ['mv_query_changed'],
    runnable: true,
    statements: ['ALTER TABLE `monitor`.`v` MODIFY QUERY SELECT id FROM monitor.t'],
  },
  {
    name: 'view target changed',
    desired: view,
    live: { ...view, to: { database: 'monitor', name: 'other' } },
    reasons: ['mv_target_changed'],
    runnable: false,
    destructive: false,
    inPlace: false,
  },
  {
    name: 'view target changed with allowDestructive',
    desired: view,
    live: { ...view, to: { database: 'monitor', name: 'other' } },
    reasons: ['mv_target_changed'],
    runnable: true,
    opts: { allowDestructive: true },
  },
  { name: 'view comment changed', desired: { ...view, comment: 'a' }, live: view, reasons: ['comment_changed'], runnable: true },
  {
    name: 'database engine differs',
    desired: { ...db, engine: 'Replicated' },
    live: { ...db, engine: 'Atomic' },
    reasons: ['database_engine_changed'],
    runnable: false,
  },
  { name: 'database engine unset means Atomic', desired: db, live: { ...db, engine: 'Atomic' }, reasons: [], runnable: true },
  {
    name: 'database comment differs',
    desired: { ...db, comment: 'x' },
    live: { ...db, engine: 'Atomic' },
    reasons: ['comment_changed'],
    runnable: true,
    statements: ["ALTER DATABASE `monitor` MODIFY COMMENT 'x'"],
  },
];

/**
 * Each attribute a construct may leave undeclared, tested both ways: set by hand while undeclared
 * (drift by default, in sync when ignored), and declared then changed by hand (drift even when
 * ignoreUndeclared names it).
 */
function undeclaredRows(): Row[] {
  const out: Row[] = [];
  const cases: {
    attribute: UndeclaredAttribute;
    reason: ReasonCode;
    desired: ObjectSpec;
    byHand: ObjectSpec;
    declared: ObjectSpec;
    declaredByHand: ObjectSpec;
    statement: string;
  }[] = [
    {
      attribute: 'comment',
      reason: 'comment_changed',
      desired: base,
      byHand: { ...base, comment: 'set by hand' },
      declared: { ...base, comment: 'a' },
      declaredByHand: { ...base, comment: 'b' },
      statement: "ALTER TABLE `monitor`.`t` MODIFY COMMENT ''",
    },
    {
      attribute: 'comment',
      reason: 'comment_changed',
      desired: db,
      byHand: { ...db, comment: 'set by hand' },
      declared: { ...db, comment: 'a' },
      declaredByHand: { ...db, comment: 'b' },
      statement: "ALTER DATABASE `monitor` MODIFY COMMENT ''",
    },
    {
      attribute: 'comment',
      reason: 'comment_changed',
      desired: view,
      byHand: { ...view, comment: 'set by hand' },
      declared: { ...view, comment: 'a' },
      declaredByHand: { ...view, comment: 'b' },
      statement: "ALTER TABLE `monitor`.`v` MODIFY COMMENT ''",
    },
    {
      attribute: 'ttl',
      reason: 'ttl_changed',
      desired: { ...base, ttl: undefined },
      byHand: base,
      declared: base,
      declaredByHand: { ...base, ttl: 'toDateTime(ts) + toIntervalDay(30)' },
      statement: 'ALTER TABLE `monitor`.`t` REMOVE TTL',
    },
    {
      attribute: 'sampleBy',
      reason: 'sample_by_changed',
      desired: base,
      byHand: { ...base, sampleBy: 'n' },
      declared: { ...base, sampleBy: 'n' },
      declaredByHand: base,
      statement: 'ALTER TABLE `monitor`.`t` REMOVE SAMPLE BY',
    },
    {
      attribute: 'columnComments',
      reason: 'column_comment_changed',
      desired: base,
      byHand: cols(base, col('n', { comment: 'set by hand' })),
      declared: base,
      declaredByHand: cols(base, col('id', { comment: 'other' })),
      statement: "ALTER TABLE `monitor`.`t` COMMENT COLUMN IF EXISTS `n` ''",
    },
    {
      attribute: 'columnCodecs',
      reason: 'column_codec_changed',
      desired: base,
      byHand: cols(base, col('n', { codec: 'ZSTD(3)' })),
      declared: cols(base, col('n', { codec: 'ZSTD(3)' })),
      declaredByHand: cols(base, col('n', { codec: 'LZ4' })),
      statement: 'ALTER TABLE `monitor`.`t` MODIFY COLUMN IF EXISTS `n` REMOVE CODEC',
    },
    {
      attribute: 'columnTtls',
      reason: 'column_ttl_changed',
      desired: base,
      byHand: cols(base, col('n', { ttl: 'toDateTime(ts) + toIntervalDay(1)' })),
      declared: cols(base, col('n', { ttl: 'toDateTime(ts) + toIntervalDay(1)' })),
      declaredByHand: cols(base, col('n', { ttl: 'toDateTime(ts) + toIntervalDay(2)' })),
      statement: 'ALTER TABLE `monitor`.`t` MODIFY COLUMN IF EXISTS `n` REMOVE TTL',
    },
    {
      attribute: 'columnDefaults',
      reason: 'column_default_changed',
      desired: base,
      byHand: cols(base, col('n', { defaultKind: 'DEFAULT', defaultExpression: '7' })),
      declared: cols(base, col('n', { defaultKind: 'DEFAULT', defaultExpression: '7' })),
      declaredByHand: cols(base, col('n', { defaultKind: 'DEFAULT', defaultExpression: '8' })),
      statement: 'ALTER TABLE `monitor`.`t` MODIFY COLUMN IF EXISTS `n` REMOVE DEFAULT',
    },
  ];
  for (const c of cases) {
    const ignoring = (o: ObjectSpec) => ({ ...o, ignoreUndeclared: [c.attribute] }) as ObjectSpec;
    const what = `${c.desired.kind} ${c.attribute}`;
    out.push(
      { name: `${what}: undeclared, set by hand: drift`, desired: c.desired, live: c.byHand, reasons: [c.reason], runnable: true, statements: [c.statement] },
      { name: `${what}: undeclared, set by hand, ignoreUndeclared: in sync`, desired: ignoring(c.desired), live: c.byHand, reasons: [], runnable: true },
      { name: `${what}: declared, changed by hand: drift`, desired: c.declared, live: c.declaredByHand, reasons: [c.reason], runnable: true },
      {
        name: `${what}: declared, changed by hand, ignoreUndeclared: still drift`,
        desired: ignoring(c.declared),
        live: c.declaredByHand,
        reasons: [c.reason],
        runnable: true,
      },
    );
  }
  return out;
}

describe.each(rows)('diffObject: $name', (row) => {
  // Diffed inside each test, not while jest collects: a mutation tool (npm run mutate) runs only
  // the tests that executed a mutant, and code run at collection belongs to none.
  const run = (): Change[] => diffObject(row.desired, row.live, row.opts);
  test('reports exactly the expected reasons', () => expect([...new Set(run().map((c) => c.reason))].sort()).toEqual([...row.reasons].sort()));
  test('every change is complete and consistent', () => {
    expect.hasAssertions();
    const changes = run();
    // A row expecting changes must get some (the loop below then checks each of them).
    expect(changes.length > 0).toBe(row.reasons.length > 0);
    for (const c of changes) {
      expect(c.object).toMatch(/^(table|database|materialized_view):monitor/);
      expect(c.detail).toMatch(/desired .*, live /);
      expect(c.runnable).toBe(row.runnable);
      // Every change of the row, not only the first reason's.
      if (row.destructive !== undefined) expect(c.destructive).toBe(row.destructive);
      if (row.inPlace !== undefined) expect(c.inPlace).toBe(row.inPlace);
      if (!c.runnable) expect(c.hint).toBeTruthy();
      if (c.destructive && !row.opts?.allowDestructive) expect(c.runnable).toBe(false);
    }
    if (row.statements) expect(runnableStatements(changes).length ? runnableStatements(changes) : changes.flatMap((c) => c.statements)).toEqual(row.statements);
  });
});

describe('diff over a schema', () => {
  test('GIVEN nothing live WHEN diffed THEN every object is missing, in declaration order', () => {
    expect(diff([db, base, view], { objects: [] }).map((c) => c.object)).toEqual(['database:monitor', 'table:monitor.t', 'materialized_view:monitor.v']);
  });
  test('GIVEN an undeclared live table WHEN diffed THEN it is ignored unless extra objects are asked for, and then never runnable', () => {
    const live = { objects: [db, base, view, { ...base, name: 'stray' }] };
    expect(diff([db, base, view], live)).toEqual([]);
    const extra = diff([db, base, view], live, { reportExtraObjects: true, allowDestructive: true });
    expect(extra.map((c) => [c.object, c.reason, c.runnable])).toEqual([['table:monitor.stray', 'extra_object', false]]);
  });
  test('GIVEN a host on the live schema WHEN diffed THEN each change names it', () => {
    expect(diff([base], { host: 'replica-2', objects: [{ ...base, ttl: undefined }] }).map((c) => c.host)).toEqual(['replica-2']);
  });
  test('GIVEN ON CLUSTER options WHEN diffed THEN statements carry ON CLUSTER', () => {
    expect(diff([base], { objects: [{ ...base, ttl: undefined }] }, { cluster: 'production' })[0].statements).toEqual([
      'ALTER TABLE `monitor`.`t` ON CLUSTER `production` MODIFY TTL toDateTime(ts) + toIntervalDay(90)',
    ]);
  });
});

describe('detached objects', () => {
  test('GIVEN a detached table whose definition differs in ways deploy will not change WHEN diffed THEN the refusal says to ATTACH by hand and review', () => {
    const [c] = diffObject(base, { ...base, partitionBy: undefined, detached: { permanently: true, definitionRead: true } }, { allowDestructive: true });
    expect(c).toMatchObject({ reason: 'detached_object', runnable: false });
    expect(c.detail).toBe('table monitor.t: desired attached, live detached permanently; its definition differs: partition_key_changed');
    expect(c.hint).toMatch(/differs from the declared one in ways deploy does not change \(partition_key_changed\): ATTACH TABLE monitor\.t by hand/);
  });
  test('GIVEN a detached table nothing declares WHEN extra objects are reported THEN it is left alone', () => {
    const live = { objects: [db, base, { ...base, name: 'parked', detached: { permanently: true, definitionRead: true } }] };
    expect(diff([db, base], live, { reportExtraObjects: true })).toEqual([]);
  });
});

describe('reading a printed CREATE (SHOW CREATE TABLE of a detached object)', () => {
  test('GIVEN the multi-line form WHEN put on one line THEN whitespace outside quotes collapses, none inside brackets', () => {
    expect(singleLine("CREATE TABLE x.t\n(\n    `a` UInt32,\n    `b` String COMMENT 'two  spaces\\n'\n)\nENGINE = MergeTree\nORDER BY a")).toBe(
      "CREATE TABLE x.t (`a` UInt32, `b` String COMMENT 'two  spaces\\n') ENGINE = MergeTree ORDER BY a",
    );
  });
  test('GIVEN a printed table WHEN parsed THEN every part comes out as introspection reads an attached table', () => {
    const q = [
      'CREATE TABLE m.t',
      '(',
      "    `id` UInt64 COMMENT 'id, NOT NULL',",
      '    `ts` DateTime64(3) CODEC(Delta(8), ZSTD(3)),',
      "    `v` String DEFAULT 'x' COMMENT 'it\\'s' TTL toDateTime(ts) + toIntervalDay(1),",
      "    `m` Map(String, String) MATERIALIZED map('a', v),",
      '    `n` UInt8 DEFAULT NOT 1,',
      "    `e` Enum8('a b' = 1, 'COMMENT' = 2),",
      '    INDEX i id TYPE minmax GRANULARITY 1,',
      '    INDEX `we ird` lower(v) TYPE tokenbf_v1(256, 2, 0) GRANULARITY 4,',
      '    PROJECTION p',
      '    (',
      '        SELECT',
      '            id,',
      '            count()',
      '        GROUP BY id',
      '    ),',
      '    PROJECTION p3',
      '    (',
      '        SELECT *',
      '        ORDER BY ts',
      '    ) WITH SETTINGS (index_granularity = 128)',
      ')',
      'ENGINE = ReplacingMergeTree(id)',
      'PARTITION BY toYYYYMM(ts)',
      'PRIMARY KEY id',
      'ORDER BY (id, ts)',
      'SAMPLE BY id',
      'TTL toDateTime(ts) + toIntervalDay(90)',
      'SETTINGS index_granularity = 8192',
      "COMMENT 'full'",
    ].join('\n');
    expect(specFromCreateQuery('m', 't', q, { index_granularity: '8192' })).toEqual({
      kind: 'table',
      database: 'm',
      name: 't',
      columns: [
        { name: 'id', type: 'UInt64', comment: 'id, NOT NULL' },
        { name: 'ts', type: 'DateTime64(3)', codec: 'Delta(8), ZSTD(3)' },
        { name: 'v', type: 'String', defaultKind: 'DEFAULT', defaultExpression: "'x'", comment: "it's", ttl: 'toDateTime(ts) + toIntervalDay(1)' },
        { name: 'm', type: 'Map(String, String)', defaultKind: 'MATERIALIZED', defaultExpression: "map('a', v)" },
        { name: 'n', type: 'UInt8', defaultKind: 'DEFAULT', defaultExpression: 'NOT 1' },
        { name: 'e', type: "Enum8('a b' = 1, 'COMMENT' = 2)" },
      ],
      engine: { name: 'ReplacingMergeTree', args: ['id'] },
      orderBy: ['id', 'ts'],
      primaryKey: ['id'],
      partitionBy: 'toYYYYMM(ts)',
      sampleBy: 'id',
      ttl: 'toDateTime(ts) + toIntervalDay(90)',
      settings: { index_granularity: '8192' },
      comment: 'full',
      indexes: [
        { name: 'i', expression: 'id', type: 'minmax', granularity: 1 },
        { name: 'we ird', expression: 'lower(v)', type: 'tokenbf_v1(256, 2, 0)', granularity: 4 },
      ],
      projections: [
        { name: 'p', query: 'SELECT id, count() GROUP BY id' },
        { name: 'p3', query: 'SELECT * ORDER BY ts', withSettings: 'index_granularity = 128' },
      ],
      settingDefaults: { index_granularity: '8192' },
    });
  });
  test('GIVEN a printed view WHEN parsed THEN its target, query and comment come out; a dictionary is not a table', () => {
    const q = "CREATE MATERIALIZED VIEW m.v TO m.h\n(\n    `a` UInt32\n)\nCOMMENT 'mv'\nAS SELECT\n    a\nFROM m.t";
    expect(specFromCreateQuery('m', 'v', q)).toEqual({
      kind: 'materialized_view',
      database: 'm',
      name: 'v',
      to: { database: 'm', name: 'h' },
      select: 'SELECT a FROM m.t',
      comment: 'mv',
      columns: [{ name: 'a', type: 'UInt32' }],
      columnsListed: true,
    });
    expect(specFromCreateQuery('m', 'd', 'CREATE DICTIONARY m.d (`k` UInt64) PRIMARY KEY k SOURCE(NULL()) LAYOUT(FLAT()) LIFETIME(0)')).toBeUndefined();
  });
});

describe('PRIMARY KEY and an ORDER BY that appends columns', () => {
  test('GIVEN an append without a declared key WHEN diffed, even allowing destructive changes, THEN it is refused and the hint names the key to declare', () => {
    // MODIFY ORDER BY would leave PRIMARY KEY (id, ts): the undeclared key (= ORDER BY) would then differ forever.
    const desired: TableSpec = { ...base, columns: [...base.columns, { name: 'x', type: 'String' }], orderBy: ['id', 'ts', 'x'] };
    const changes = diffObject(desired, base, { allowDestructive: true });
    expect(changes.map((c) => [c.reason, c.runnable])).toEqual([
      ['missing_column', true],
      ['order_by_changed', false],
      ['primary_key_changed', false],
    ]);
    const order = changes.find((c) => c.reason === 'order_by_changed')!;
    expect(order.hint).toMatch(/MODIFY ORDER BY keeps PRIMARY KEY at \(id, ts\): declare primaryKey: \["id", "ts"\] to run it in place/);
  });
  test('GIVEN the append applied with the key declared WHEN diffed again THEN it is in sync', () => {
    const desired: TableSpec = { ...base, columns: [...base.columns, { name: 'x', type: 'String' }], orderBy: ['id', 'ts', 'x'], primaryKey: ['id', 'ts'] };
    const after: TableSpec = { ...desired, primaryKey: ['id', 'ts'] };
    expect(diffObject(desired, after)).toEqual([]);
  });
});

describe('classifyConversion: the lossless conversion rules, each in both directions', () => {
  // [from, to, lossless, rule]: every rule of CONVERSION_RULES has rows both ways, and the rows
  // that must NOT count as lossless are here too.
  const rows: [string, string, boolean, string][] = [
    ['UInt8', 'UInt8', true, 'same type'],
    // LowCardinality is a storage form
    ['LowCardinality(String)', 'String', true, 'LowCardinality(T) <-> T'],
    ['String', 'LowCardinality(String)', true, 'LowCardinality(T) <-> T'],
    ['LowCardinality(Nullable(String))', 'Nullable(String)', true, 'LowCardinality(T) <-> T'],
    ['Nullable(String)', 'LowCardinality(Nullable(String))', true, 'LowCardinality(T) <-> T'],
    ['LowCardinality(Nullable(String))', 'String', false, 'Nullable(T) -> T'],
    ['LowCardinality(UInt8)', 'LowCardinality(UInt16)', true, 'integer -> wider integer'],
    // Enum -> String keeps names; String -> Enum rejects the others
    ["Enum8('a' = 1, 'b' = 2)", 'String', true, 'Enum -> String'],
    ["Enum16('a' = 1000)", 'String', true, 'Enum -> String'],
    ["Enum8('a' = 1, 'b' = 2)", 'LowCardinality(String)', true, 'Enum -> String'],
    ['String', "Enum8('a' = 1, 'b' = 2)", false, 'String -> Enum'],
    // Nullable
    ['String', 'Nullable(String)', true, 'T -> Nullable(T)'],
    ['DateTime', 'Nullable(DateTime)', true, 'T -> Nullable(T)'],
    ['Nullable(String)', 'String', false, 'Nullable(T) -> T'],
    ['Nullable(UInt8)', 'UInt8', false, 'Nullable(T) -> T'],
    ['Nullable(UInt8)', 'Nullable(UInt16)', true, 'integer -> wider integer'],
    ['UInt8', 'Nullable(UInt64)', true, 'integer -> wider integer'],
    ['Nullable(UInt16)', 'Nullable(UInt8)', false, 'integer -> wider integer'],
    // integers: same signedness wider, unsigned into a wider signed
    ['UInt8', 'UInt32', true, 'integer -> wider integer'],
    ['UInt32', 'UInt8', false, 'integer -> wider integer'],
    ['Int8', 'Int64', true, 'integer -> wider integer'],
    ['Int64', 'Int8', false, 'integer -> wider integer'],
    ['UInt32', 'Int64', true, 'integer -> wider integer'],
    ['Int64', 'UInt32', false, 'integer -> wider integer'],
    ['UInt64', 'Int64', false, 'integer -> wider integer'],
    ['Int64', 'UInt64', false, 'integer -> wider integer'],
    ['Int8', 'UInt16', false, 'integer -> wider integer'],
    ['UInt64', 'UInt128', true, 'integer -> wider integer'],
    // integer -> Float64 only up to 32 bits, -> Float32 only up to 16 bits
    ['UInt32', 'Float64', true, 'integer -> Float64'],
    ['Int32', 'Float64', true, 'integer -> Float64'],
    ['Int64', 'Float64', false, 'integer -> Float64'],
    ['UInt64', 'Float64', false, 'integer -> Float64'],
    ['Float64', 'Int32', false, 'no rule'],
    ['UInt16', 'Float32', true, 'integer -> Float32'],
    ['Int16', 'Float32', true, 'integer -> Float32'],
    ['UInt32', 'Float32', false, 'integer -> Float32'],
    ['Int32', 'Float32', false, 'integer -> Float32'],
    ['Float32', 'Int16', false, 'no rule'],
    ['Float32', 'Float64', true, 'Float32 -> Float64'],
    ['Float64', 'Float32', false, 'Float64 -> Float32'],
    // dates and times
    ['Date', 'DateTime', false, 'Date -> DateTime'],
    ['DateTime', 'Date', false, 'DateTime -> Date'],
    ['Date', 'DateTime64(3)', true, 'Date -> DateTime64(p)'],
    ['DateTime64(3)', 'Date', false, 'DateTime64 -> Date'],
    ['DateTime', 'DateTime64(3)', true, 'DateTime -> DateTime64(p)'],
    ['DateTime', 'DateTime64(9)', true, 'DateTime -> DateTime64(p)'],
    ['DateTime64(3)', 'DateTime', false, 'DateTime64 -> DateTime'],
    ["DateTime('UTC')", "DateTime64(3, 'UTC')", true, 'DateTime -> DateTime64(p)'],
    ["DateTime('UTC')", "DateTime64(3, 'Asia/Tokyo')", false, 'DateTime -> DateTime64(p)'],
    ['DateTime64(3)', 'DateTime64(6)', true, 'DateTime64(p) -> DateTime64(q)'],
    ['DateTime64(6)', 'DateTime64(3)', false, 'DateTime64(p) -> DateTime64(q)'],
    ['DateTime64(3)', 'DateTime64(9)', false, 'DateTime64(p) -> DateTime64(q)'],
    ['DateTime64(9)', 'DateTime64(3)', false, 'DateTime64(p) -> DateTime64(q)'],
    ['String', 'UInt8', false, 'no rule'],
  ];
  test.each(rows)('%s -> %s: lossless %s (%s)', (from, to, expected, rule) => {
    const c = classifyConversion(from, to);
    expect({ lossless: c.lossless, rule: c.rule }).toEqual({ lossless: expected, rule });
    expect(c.why.length).toBeGreaterThan(0);
  });
  test('GIVEN a lossy conversion WHEN diffed THEN the refusal says why', () => {
    const [c] = diffObject(cols(base, col('n', { type: 'UInt8' })), cols(base, col('n', { type: 'UInt16' })));
    expect(c).toMatchObject({ reason: 'column_type_changed', destructive: true, runnable: false });
    expect(c.hint).toMatch(/converting UInt16 to UInt8 can lose or reject data \(UInt8 is narrower than UInt16/);
  });
  test('GIVEN LowCardinality(String) -> String and Enum8 -> String WHEN diffed THEN both run by default (they keep every value)', () => {
    const lc = cols(base, col('id', { type: 'LowCardinality(String)' }));
    const en = cols(base, col('id', { type: "Enum8('a' = 1)" }));
    for (const live of [lc, en])
      expect(diffObject(base, live).map((c) => [c.reason, c.runnable, c.destructive])).toEqual([['column_type_changed', true, false]]);
  });
});

describe('reading printed SQL', () => {
  test.each<[string, string[]]>([
    ['a, b', ['a', 'b']],
    ["f(a, 'x,y'), b", ["f(a, 'x,y')", 'b']],
    ['', []],
    ['tuple(a, [1, 2])', ['tuple(a, [1, 2])']],
  ])('splitTopLevel(%p)', (s, parts) => expect(splitTopLevel(s)).toEqual(parts));
  test.each<[string, string[]]>([
    ['(a, b)', ['a', 'b']],
    ['tuple()', []],
    ['a', ['a']],
    ['(a)', ['(a)']],
    ['f(a, b)', ['f(a, b)']],
  ])('keyElements(%p)', (s, parts) => expect(keyElements(s)).toEqual(parts));
  test.each<[string | undefined, string | undefined, boolean]>([
    ['Delta, ZSTD', 'Delta(8), ZSTD(1)', true],
    ['ZSTD(3)', 'ZSTD(1)', false],
    ['ZSTD', 'LZ4', false],
    [undefined, undefined, true],
    [undefined, 'ZSTD(1)', false],
    ['CODEC(ZSTD(1))', 'ZSTD(1)', true],
    ['ZSTD', 'ZSTD(1)', true],
    ['ZSTD', 'ZSTD(9)', false],
    ['LZ4HC', 'LZ4HC(0)', true],
    ['LZ4HC', 'LZ4HC(12)', false],
    ['FPC', 'FPC(12)', true],
    ['Gorilla', 'Gorilla(4)', true],
    ['Delta, LZ4', 'Delta(2), LZ4', true],
  ])('codecMatches(%p, %p)', (d, l, expected) => expect(codecMatches(d, l)).toBe(expected));
  test('unquoteString undoes ClickHouse escaping', () => expect(unquoteString("'it\\'s a\\\\b'")).toBe("it's a\\b"));
  test.each<[string, string]>([
    ["('none')", "'none'"],
    ['((1 + 2))', '1 + 2'],
    ['(a) + (b)', '(a) + (b)'],
    ['(a, b)', '(a, b)'],
    ["concat('(', x, ')')", "concat('(', x, ')')"],
    ['toDateTime(ts) + toIntervalDay(90)', 'toDateTime(ts) + toIntervalDay(90)'],
  ])('stripOuterBrackets(%p) is %p', (e, expected) => expect(stripOuterBrackets(e)).toBe(expected));

  test('GIVEN a printed CREATE TABLE WHEN split THEN engine args, TTL, settings and column TTLs come out', () => {
    const q =
      "CREATE TABLE m.t (`a` String COMMENT 'x, TTL y', `b` DateTime TTL b + toIntervalDay(1), INDEX i a TYPE bloom_filter GRANULARITY 1) ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/m/t', '{replica}') PARTITION BY toYYYYMM(b) ORDER BY a TTL b + toIntervalDay(90) SETTINGS index_granularity = 8192, storage_policy = 'default' COMMENT 'c'";
    const { columns, rest } = splitCreateTable(q);
    expect([...columnTtls(columns)]).toEqual([['b', 'b + toIntervalDay(1)']]);
    expect(parseEngineClause(rest)).toEqual({
      name: 'ReplicatedMergeTree',
      args: ["'/clickhouse/tables/{shard}/m/t'", "'{replica}'"],
      ttl: 'b + toIntervalDay(90)',
      settings: { index_granularity: '8192', storage_policy: 'default' },
    });
  });
  test('GIVEN an engine without args and no TTL WHEN parsed THEN args are empty and TTL absent', () => {
    expect(parseEngineClause(' ENGINE = MergeTree ORDER BY a SETTINGS index_granularity = 8192')).toEqual({
      name: 'MergeTree',
      args: [],
      settings: { index_granularity: '8192' },
    });
  });
  test('GIVEN a printed materialized view WHEN read THEN its TO target comes out', () => {
    expect(viewTarget('CREATE MATERIALIZED VIEW m.v TO m.`to` (`a` String) AS SELECT a FROM m.t')).toEqual({ database: 'm', name: 'to' });
    expect(viewTarget('CREATE MATERIALIZED VIEW m.v (`a` String) ENGINE = Memory AS SELECT 1')).toBeUndefined();
  });
});

describe('plain views', () => {
  const pv: ViewSpec = { kind: 'view', database: 'monitor', name: 'pv', select: 'SELECT k FROM monitor.t' };
  const listed = (columns: { name: string; type: string }[]): ViewSpec => ({ ...pv, columns, columnsListed: true });
  const replace = 'CREATE OR REPLACE VIEW `monitor`.`pv`\nAS SELECT k FROM monitor.t';

  test('GIVEN none live WHEN diffed THEN missing_object, created IF NOT EXISTS', () => {
    const [c] = diffObject(pv, undefined);
    expect(c).toMatchObject({ object: 'view:monitor.pv', reason: 'missing_object', runnable: true, destructive: false });
    expect(c.statements).toEqual(['CREATE VIEW IF NOT EXISTS `monitor`.`pv`\nAS SELECT k FROM monitor.t']);
  });
  test('GIVEN the same view live, its columns listed by the server WHEN diffed THEN in sync (an undeclared list is not compared)', () => {
    expect(diffObject(pv, listed([{ name: 'k', type: 'UInt64' }]))).toEqual([]);
  });
  test('GIVEN another query live WHEN diffed THEN view_query_changed, replaced in place without the destructive opt-in', () => {
    const changes = diffObject(pv, { ...pv, select: 'SELECT k FROM monitor.t WHERE k > 1' });
    expect(changes.map((c) => [c.reason, c.runnable, c.inPlace, c.destructive])).toEqual([['view_query_changed', true, true, false]]);
    expect(changes[0].detail).toBe('SELECT desired SELECT k FROM monitor.t, live SELECT k FROM monitor.t WHERE k > 1');
    expect(runnableStatements(changes)).toEqual([replace]);
  });
  test('GIVEN a declared column list unlike the live one WHEN diffed THEN view_columns_changed, replaced with the list', () => {
    const desired = { ...pv, columns: [{ name: 'k', type: 'UInt32' }] };
    const changes = diffObject(desired, listed([{ name: 'k', type: 'UInt64' }]));
    expect(changes.map((c) => c.reason)).toEqual(['view_columns_changed']);
    expect(runnableStatements(changes)).toEqual(['CREATE OR REPLACE VIEW `monitor`.`pv`\n(\n    `k` UInt32\n)\nAS SELECT k FROM monitor.t']);
    expect(diffObject(desired, listed([{ name: 'k', type: 'UInt32' }]))).toEqual([]);
  });
  test('GIVEN only the comment differs WHEN diffed THEN comment_changed by MODIFY COMMENT; with the query too, one replace sets both', () => {
    expect(runnableStatements(diffObject({ ...pv, comment: 'c' }, pv))).toEqual(["ALTER TABLE `monitor`.`pv` MODIFY COMMENT 'c'"]);
    const both = diffObject({ ...pv, comment: 'c' }, { ...pv, select: 'SELECT 1' });
    expect(both.map((c) => c.reason)).toEqual(['view_query_changed', 'comment_changed']);
    expect(runnableStatements(both)).toEqual(["CREATE OR REPLACE VIEW `monitor`.`pv`\nCOMMENT 'c'\nAS SELECT k FROM monitor.t"]);
  });
  test('GIVEN a comment set by hand and left to the server WHEN the query is replaced THEN the replace keeps it', () => {
    const changes = diffObject({ ...pv, ignoreUndeclared: ['comment'] }, { ...pv, select: 'SELECT 1', comment: 'by hand' });
    expect(runnableStatements(changes)).toEqual(["CREATE OR REPLACE VIEW `monitor`.`pv`\nCOMMENT 'by hand'\nAS SELECT k FROM monitor.t"]);
  });
  test('GIVEN a table or a materialized view under the name WHEN diffed THEN the view is missing (another kind is not it)', () => {
    expect(diffObject(pv, { ...base, name: 'pv' }).map((c) => c.reason)).toEqual(['missing_object']);
  });
  test('GIVEN it detached WHEN diffed THEN detached_object, healed by ATTACH', () => {
    const [c] = diffObject(pv, { ...pv, detached: { permanently: false, definitionRead: true } });
    expect(c).toMatchObject({ reason: 'detached_object', runnable: true, statements: ['ATTACH TABLE IF NOT EXISTS `monitor`.`pv`'] });
    expect(c.detail).toBe('view monitor.pv: desired attached, live detached, with the declared definition');
  });
  test('GIVEN an undeclared live view in a declared database WHEN extra objects are reported THEN extra_object, DROP VIEW, never runnable', () => {
    const extra = diff([db], { objects: [db, pv] }, { reportExtraObjects: true, allowDestructive: true });
    expect(extra.map((c) => [c.object, c.reason, c.runnable, c.statements])).toEqual([
      ['view:monitor.pv', 'extra_object', false, ['DROP VIEW IF EXISTS `monitor`.`pv` SYNC']],
    ]);
    expect(extra[0].detail).toBe('view monitor.pv: desired absent, live present');
  });
  test('GIVEN a printed CREATE VIEW (SHOW CREATE TABLE of a detached view) WHEN read THEN a view with its listed columns, comment and query', () => {
    expect(specFromCreateQuery('r', 'v', "CREATE VIEW r.v\n(\n    `k` UInt64\n)\nCOMMENT 'c'\nAS SELECT k\nFROM r.t")).toEqual({
      kind: 'view',
      database: 'r',
      name: 'v',
      select: 'SELECT k FROM r.t',
      comment: 'c',
      columns: [{ name: 'k', type: 'UInt64' }],
      columnsListed: true,
    });
  });
});
