// Rendering, table-driven: each row is a spec fragment and the exact SQL expected. No server.
import { ColumnSpec, TableSpec } from '../../sql/spec/model';
import {
  renderAddColumn,
  renderAddIndex,
  renderAddProjection,
  renderAlterDatabaseComment,
  renderColumn,
  renderCreateDatabase,
  renderCreateMaterializedView,
  renderCreateTable,
  renderDropColumn,
  renderDropIndex,
  renderDropProjection,
  renderEngine,
  renderMaterializeIndex,
  renderMaterializeProjection,
  renderModifyOrderBy,
  renderModifyQuery,
  renderModifySampleBy,
  renderModifySetting,
  renderModifyTtl,
  renderMoveColumn,
  renderRemoveColumnPart,
} from '../../sql/render/tables';
import { renderRevisionsDdl } from '../../sql/render/revisions-ddl';
import { seedTables, seedView } from '../../stacks/lightbulb/seed-schema';

const t: TableSpec = {
  kind: 'table',
  database: 'monitor',
  name: 'events',
  columns: [
    { name: 'id', type: 'UInt64' },
    { name: 'ts', type: 'DateTime64(3)' },
  ],
  engine: { name: 'MergeTree' },
  orderBy: ['id'],
};

describe('renderColumn', () => {
  const rows: [string, ColumnSpec, string][] = [
    ['a plain column', { name: 'service_id', type: 'String' }, '`service_id` String'],
    ['a parametrised type', { name: 'ts', type: 'DateTime64(3)' }, '`ts` DateTime64(3)'],
    ['Nullable', { name: 'r', type: 'Nullable(UInt32)' }, '`r` Nullable(UInt32)'],
    ['Map', { name: 'tags', type: 'Map(String, String)' }, '`tags` Map(String, String)'],
    ['Array', { name: 'ch', type: 'Array(String)' }, '`ch` Array(String)'],
    ['DEFAULT is the default kind', { name: 'e', type: 'UInt8', defaultExpression: '1' }, '`e` UInt8 DEFAULT 1'],
    ['MATERIALIZED', { name: 'd', type: 'Date', defaultKind: 'MATERIALIZED', defaultExpression: 'toDate(ts)' }, '`d` Date MATERIALIZED toDate(ts)'],
    ['ALIAS', { name: 'a', type: 'String', defaultKind: 'ALIAS', defaultExpression: 'upper(s)' }, '`a` String ALIAS upper(s)'],
    ['a comment with a quote', { name: 'c', type: 'String', comment: "it's" }, "`c` String COMMENT 'it\\'s'"],
    ['a codec', { name: 'ts', type: 'DateTime', codec: 'Delta, ZSTD(3)' }, '`ts` DateTime CODEC(Delta, ZSTD(3))'],
    ['a column TTL', { name: 'v', type: 'String', ttl: 'ts + INTERVAL 1 DAY' }, '`v` String TTL ts + INTERVAL 1 DAY'],
    [
      'everything, in the order ClickHouse expects',
      { name: 'v', type: 'String', defaultExpression: "''", comment: 'c', codec: 'ZSTD', ttl: 'ts + INTERVAL 1 DAY' },
      "`v` String DEFAULT '' COMMENT 'c' CODEC(ZSTD) TTL ts + INTERVAL 1 DAY",
    ],
  ];
  test.each(rows)('%s', (_name, col, sql) => expect(renderColumn(col)).toBe(sql));
});

describe('table clauses', () => {
  // Each row renders inside its test (a thunk), not while jest collects the tests (see docs/mutation.md).
  const rows: [string, () => string, string][] = [
    ['engine without args', () => renderEngine({ name: 'MergeTree' }), 'MergeTree()'],
    [
      'engine with args',
      () => renderEngine({ name: 'ReplicatedMergeTree', args: ["'/clickhouse/tables/{shard}/monitor/t'", "'{replica}'"] }),
      "ReplicatedMergeTree('/clickhouse/tables/{shard}/monitor/t', '{replica}')",
    ],
    ['MODIFY TTL', () => renderModifyTtl({ ...t, ttl: 'ts + INTERVAL 1 DAY' }), 'ALTER TABLE `monitor`.`events` MODIFY TTL ts + INTERVAL 1 DAY'],
    ['REMOVE TTL when none is declared', () => renderModifyTtl(t), 'ALTER TABLE `monitor`.`events` REMOVE TTL'],
    ['ON CLUSTER', () => renderModifyTtl(t, { cluster: 'production' }), 'ALTER TABLE `monitor`.`events` ON CLUSTER `production` REMOVE TTL'],
    [
      'MODIFY SETTING, number',
      () => renderModifySetting(t, 'merge_with_ttl_timeout', 3600),
      'ALTER TABLE `monitor`.`events` MODIFY SETTING merge_with_ttl_timeout = 3600',
    ],
    ['MODIFY SETTING, string', () => renderModifySetting(t, 'storage_policy', 'hot'), "ALTER TABLE `monitor`.`events` MODIFY SETTING storage_policy = 'hot'"],
    ['MODIFY SAMPLE BY', () => renderModifySampleBy({ ...t, sampleBy: 'id' }), 'ALTER TABLE `monitor`.`events` MODIFY SAMPLE BY id'],
    ['REMOVE SAMPLE BY', () => renderModifySampleBy(t), 'ALTER TABLE `monitor`.`events` REMOVE SAMPLE BY'],
    [
      'ADD COLUMN first',
      () => renderAddColumn(t, { name: 'x', type: 'String' }, undefined),
      'ALTER TABLE `monitor`.`events` ADD COLUMN IF NOT EXISTS `x` String FIRST',
    ],
    [
      'ADD COLUMN after',
      () => renderAddColumn(t, { name: 'x', type: 'String' }, 'id'),
      'ALTER TABLE `monitor`.`events` ADD COLUMN IF NOT EXISTS `x` String AFTER `id`',
    ],
    ['DROP COLUMN', () => renderDropColumn(t, 'x'), 'ALTER TABLE `monitor`.`events` DROP COLUMN IF EXISTS `x`'],
    ['REMOVE a column part', () => renderRemoveColumnPart(t, 'x', 'CODEC'), 'ALTER TABLE `monitor`.`events` MODIFY COLUMN IF EXISTS `x` REMOVE CODEC'],
    [
      'move a column',
      () => renderMoveColumn(t, { name: 'ts', type: 'DateTime64(3)' }, undefined),
      'ALTER TABLE `monitor`.`events` MODIFY COLUMN IF EXISTS `ts` DateTime64(3) FIRST',
    ],
    [
      'MODIFY ORDER BY with the columns it appends, in one ALTER',
      () => renderModifyOrderBy({ ...t, orderBy: ['id', 'x'] }, [{ column: { name: 'x', type: 'String' }, after: 'ts' }]),
      'ALTER TABLE `monitor`.`events` ADD COLUMN IF NOT EXISTS `x` String AFTER `ts`, MODIFY ORDER BY (id, x)',
    ],
    [
      'ADD INDEX, granularity 1 when not declared',
      () => renderAddIndex(t, { name: 'i_s', expression: 'lower(s)', type: 'bloom_filter(0.01)' }),
      'ALTER TABLE `monitor`.`events` ADD INDEX IF NOT EXISTS `i_s` lower(s) TYPE bloom_filter(0.01) GRANULARITY 1',
    ],
    [
      'ADD INDEX ON CLUSTER with a granularity',
      () => renderAddIndex(t, { name: 'i_id', expression: 'id', type: 'set(100)', granularity: 4 }, { cluster: 'production' }),
      'ALTER TABLE `monitor`.`events` ON CLUSTER `production` ADD INDEX IF NOT EXISTS `i_id` id TYPE set(100) GRANULARITY 4',
    ],
    ['DROP INDEX', () => renderDropIndex(t, 'i_s'), 'ALTER TABLE `monitor`.`events` DROP INDEX IF EXISTS `i_s`'],
    ['MATERIALIZE INDEX', () => renderMaterializeIndex(t, 'i_s', { cluster: 'c' }), 'ALTER TABLE `monitor`.`events` ON CLUSTER `c` MATERIALIZE INDEX `i_s`'],
    [
      'ADD PROJECTION',
      () => renderAddProjection(t, { name: 'p', query: 'SELECT id, count() GROUP BY id' }),
      'ALTER TABLE `monitor`.`events` ADD PROJECTION IF NOT EXISTS `p` (SELECT id, count() GROUP BY id)',
    ],
    ['DROP PROJECTION', () => renderDropProjection(t, 'p', { cluster: 'c' }), 'ALTER TABLE `monitor`.`events` ON CLUSTER `c` DROP PROJECTION IF EXISTS `p`'],
    ['MATERIALIZE PROJECTION', () => renderMaterializeProjection(t, 'p'), 'ALTER TABLE `monitor`.`events` MATERIALIZE PROJECTION `p`'],
    [
      'CREATE TABLE with an index and a projection after the columns',
      () =>
        renderCreateTable({
          ...t,
          indexes: [{ name: 'i_ts', expression: 'ts', type: 'minmax', granularity: 2 }],
          projections: [{ name: 'p', query: 'SELECT * ORDER BY ts' }],
        }),
      'CREATE TABLE IF NOT EXISTS `monitor`.`events`\n(\n    `id` UInt64,\n    `ts` DateTime64(3),\n    INDEX `i_ts` ts TYPE minmax GRANULARITY 2,\n    PROJECTION `p` (SELECT * ORDER BY ts)\n)\nENGINE = MergeTree()\nORDER BY id',
    ],
    ['database comment', () => renderAlterDatabaseComment({ kind: 'database', name: 'monitor', comment: 'x' }), "ALTER DATABASE `monitor` MODIFY COMMENT 'x'"],
    [
      'database with engine and comment',
      () => renderCreateDatabase({ kind: 'database', name: 'monitor', engine: 'Atomic', comment: 'c' }, { cluster: 'production' }),
      "CREATE DATABASE IF NOT EXISTS `monitor` ON CLUSTER `production` ENGINE = Atomic COMMENT 'c'",
    ],
  ];
  test.each(rows)('%s', (_name, actual, expected) => expect(actual()).toBe(expected));
});

describe('CREATE statements of the seed', () => {
  test('GIVEN a time-series table WHEN rendered THEN every clause appears once, in ClickHouse order', () => {
    const sql = renderCreateTable(seedTables().find((x) => x.name === 'service_status')!);
    expect(sql).toMatch(/^CREATE TABLE IF NOT EXISTS `monitor`\.`service_status`\n\(\n {4}`service_id` String COMMENT 'Unique service identifier',/);
    expect(sql.split('\n').slice(-4)).toEqual([
      'ENGINE = MergeTree()',
      'PARTITION BY toYYYYMM(timestamp)',
      'ORDER BY (service_id, timestamp)',
      'TTL toDateTime(timestamp) + INTERVAL 90 DAY',
    ]);
  });

  test('GIVEN a table with every clause WHEN rendered THEN clauses follow ENGINE, PARTITION, ORDER, PRIMARY, SAMPLE, TTL, SETTINGS, COMMENT', () => {
    const sql = renderCreateTable({
      ...t,
      partitionBy: 'toYYYYMM(ts)',
      orderBy: [],
      primaryKey: [],
      sampleBy: 'id',
      ttl: 'ts + INTERVAL 1 DAY',
      settings: { a: 1, b: 'x' },
      comment: 'c',
    });
    expect(sql.split('\n').slice(-8)).toEqual([
      'ENGINE = MergeTree()',
      'PARTITION BY toYYYYMM(ts)',
      'ORDER BY tuple()',
      'PRIMARY KEY tuple()',
      'SAMPLE BY id',
      'TTL ts + INTERVAL 1 DAY',
      "SETTINGS a = 1, b = 'x'",
      "COMMENT 'c'",
    ]);
  });

  test('GIVEN the view WHEN rendered THEN it writes TO the hourly table, with the comment before AS', () => {
    expect(renderCreateMaterializedView({ ...seedView(), comment: 'c' })).toMatch(
      /^CREATE MATERIALIZED VIEW IF NOT EXISTS `monitor`\.`service_status_summary`\nTO `monitor`\.`service_status_hourly`\nCOMMENT 'c'\nAS SELECT service_id, /,
    );
    expect(renderModifyQuery(seedView(), { cluster: 'production' })).toMatch(
      /^ALTER TABLE `monitor`\.`service_status_summary` ON CLUSTER `production` MODIFY QUERY SELECT /,
    );
  });
});

describe('revisions record DDL', () => {
  // Concurrent first applies all create it (test/integration/provider-audit.test.ts races four
  // providers on a real server): each statement must be a no-op when the object exists.
  test.each([
    ['single server', {}, 'MergeTree'],
    ['cluster', { cluster: 'production' }, "ReplicatedMergeTree('/clickhouse/tables/{uuid}/{shard}', '{replica}')"],
  ])('%s: database and table created IF NOT EXISTS', (_name, opts, engine) => {
    const [database, table, ...rest] = renderRevisionsDdl({ database: 'audit', table: 'revisions' }, opts);
    const on = 'cluster' in opts ? ' ON CLUSTER `production`' : '';
    expect(rest).toEqual([]);
    expect(database).toBe(`CREATE DATABASE IF NOT EXISTS \`audit\`${on}`);
    expect(table.startsWith(`CREATE TABLE IF NOT EXISTS \`audit\`.\`revisions\`${on}\n(\n`)).toBe(true);
    expect(table).toContain(`ENGINE = ${engine}\nORDER BY (stack, object, applied_at)`);
  });
});
