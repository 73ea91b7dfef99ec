// Drift of databases, tables and materialized views on a real server: the seed shows no drift
// right after creation, and each reason code is detected, named and (where runnable) healed.
import { ClickHouseClient } from '@clickhouse/client';
import { Change, ReasonCode, runnableStatements } from '../../sql/spec/changes';
import { diff } from '../../sql/diff';
import { clientQueryFn } from '../../sql/live/client';
import { introspectDatabases } from '../../sql/live/introspect-tables';
import { DatabaseSpec, DiffOptions, MaterializedViewSpec, ObjectSpec, TableSpec } from '../../sql/spec/model';
import { canonicalize } from '../../sql/live/canonicalize';
import { renderCreateDatabase, renderCreateMaterializedView, renderCreateTable, renderDropDatabase } from '../../sql/render/tables';
import { seedDatabase, seedTables, seedView } from '../../stacks/lightbulb/seed-schema';
import { queryRows, testClient, uniqueName } from '../support/clickhouse';

const client: ClickHouseClient = testClient();
const query = clientQueryFn(client);
const databases: string[] = [];
afterAll(async () => {
  for (const name of databases) await client.command({ query: renderDropDatabase({ name }) });
  await client.close();
});

async function run(statements: readonly string[]): Promise<void> {
  for (const q of statements) await client.command({ query: q });
}

/** The seed in a fresh database, with some rows in service_status (so the view fills the hourly table). */
async function createSeed(prefix: string): Promise<{ db: string; objects: ObjectSpec[] }> {
  const db = uniqueName(prefix);
  databases.push(db);
  const objects: ObjectSpec[] = [seedDatabase({ database: db }), ...seedTables({ database: db }), seedView({ database: db })];
  await run(
    objects.map((o) =>
      o.kind === 'database' ? renderCreateDatabase(o) : o.kind === 'table' ? renderCreateTable(o) : renderCreateMaterializedView(o as MaterializedViewSpec),
    ),
  );
  await client.command({
    query: `INSERT INTO ${db}.service_status (service_id, timestamp, status_code, message, service_type, stack, details, response_time_ms, cpu_usage, memory_usage)
            SELECT concat('svc', toString(number % 5)), now64(3) - number, number % 3, 'm', 't', 's', '{}', number, 1.5, 2.5 FROM numbers(100)`,
  });
  return { db, objects };
}

async function driftOf(desired: readonly ObjectSpec[], db: string, opts: DiffOptions = {}): Promise<Change[]> {
  const live = await introspectDatabases(query, [db]);
  const canon = await canonicalize(query, desired, live);
  return diff(canon.desired, { objects: canon.live }, opts);
}

async function count(db: string, table: string): Promise<number> {
  const [row] = await queryRows<{ n: string }>(client, `SELECT count() AS n FROM ${db}.${table}`);
  return Number(row.n);
}

const summary = (changes: readonly Change[]) => changes.map((c) => `${c.object} ${c.reason}: ${c.detail}`);

describe('seed schema on a real server', () => {
  test('GIVEN a spec written unlike the server prints it WHEN created and diffed THEN canonical forms leave no drift', async () => {
    const db = uniqueName('drift_canon');
    databases.push(db);
    const table: TableSpec = {
      kind: 'table',
      database: db,
      name: 'sloppy',
      columns: [
        { name: 'id', type: 'UInt64' },
        { name: 'ts', type: 'DateTime64( 3 )', codec: 'Delta,ZSTD' },
        { name: 'tags', type: 'Map(String,String)', defaultExpression: 'map()' },
        { name: 'n', type: 'INT', defaultKind: 'MATERIALIZED', defaultExpression: '1+2' },
        { name: 'v', type: 'String', ttl: 'toDateTime(ts)+INTERVAL 1 DAY' },
      ],
      engine: { name: 'ReplacingMergeTree', args: ['n'] },
      orderBy: ['id', 'intHash32(id)'],
      primaryKey: ['id'],
      partitionBy: 'toYYYYMM( ts )',
      ttl: 'toDateTime(ts)+INTERVAL 90 DAY',
      settings: { merge_with_ttl_timeout: '7200' },
      comment: '',
    };
    const view: MaterializedViewSpec = {
      kind: 'materialized_view',
      database: db,
      name: 'mv',
      to: { database: db, name: 'sloppy' },
      select: `select id,now64(3) as ts from ${db}.sloppy where n>1`,
    };
    await run([renderCreateDatabase({ kind: 'database', name: db }), renderCreateTable(table), renderCreateMaterializedView(view)]);
    expect(summary(await driftOf([table, view], db))).toEqual([]);
  });

  test('GIVEN the seed just created WHEN canonicalized, introspected and diffed THEN there is no drift', async () => {
    const { db, objects } = await createSeed('drift_clean');
    const changes = await driftOf(objects, db);
    expect(summary(changes)).toEqual([]);
  });
});

/** One hand-made drift: how the live object is altered, what the desired side declares, what the diff must say. */
interface DriftCase {
  readonly reason: ReasonCode;
  readonly name: string;
  /** Object id suffix, e.g. 'table:service_status' (the database is filled in). */
  readonly object: string;
  /** Statements that alter the live schema ({db} is replaced by the database). */
  readonly alter?: readonly string[];
  /** Changes the desired objects instead of (or as well as) the live ones. */
  readonly desire?: (objects: ObjectSpec[], db: string) => ObjectSpec[];
  /** Reasons expected besides `reason` (all for the same object). @default none */
  readonly alsoExpected?: readonly ReasonCode[];
  /** Whether deploy runs the fix by default. */
  readonly runnable: boolean;
  /** Run it with allowDestructive and expect it healed. @default false */
  readonly healWithDestructive?: boolean;
}

const withTable = (name: string, f: (t: TableSpec) => TableSpec) => (objects: ObjectSpec[]) =>
  objects.map((o) => (o.kind === 'table' && o.name === name ? f(o) : o));

/** Statements that rebuild a table by hand with the same columns and another table definition. */
const rebuild = (table: string, definition: string): string[] => [
  `CREATE TABLE {db}.${table}_rebuilt AS {db}.${table} ${definition}`,
  `DROP TABLE {db}.${table} SYNC`,
  `RENAME TABLE {db}.${table}_rebuilt TO {db}.${table}`,
];

const cases: DriftCase[] = [
  { reason: 'missing_object', name: 'a table was dropped', object: 'table:services', alter: ['DROP TABLE {db}.services SYNC'], runnable: true },
  { reason: 'detached_object', name: 'a table was detached', object: 'table:service_status', alter: ['DETACH TABLE {db}.service_status'], runnable: true },
  {
    reason: 'detached_object',
    name: 'a table was detached permanently',
    object: 'table:service_status',
    alter: ['DETACH TABLE {db}.service_status PERMANENTLY'],
    runnable: true,
  },
  {
    reason: 'detached_object',
    name: 'the view was detached',
    object: 'materialized_view:service_status_summary',
    alter: ['DETACH VIEW {db}.service_status_summary'],
    runnable: true,
  },
  {
    reason: 'detached_object',
    name: 'a table was altered, then detached (ATTACH, then the ALTER back)',
    object: 'table:service_status',
    alter: ['ALTER TABLE {db}.service_status MODIFY TTL toDateTime(timestamp) + INTERVAL 30 DAY', 'DETACH TABLE {db}.service_status'],
    alsoExpected: ['ttl_changed'],
    runnable: true,
  },
  {
    reason: 'detached_object',
    name: 'a table was rebuilt with another ORDER BY, then detached (refused: nothing is attached)',
    object: 'table:services',
    alter: [...rebuild('services', 'ENGINE = MergeTree ORDER BY (service_id, label)'), 'DETACH TABLE {db}.services'],
    alsoExpected: ['order_by_changed', 'primary_key_changed'],
    runnable: false,
  },
  {
    reason: 'missing_column',
    name: 'a column was dropped',
    object: 'table:service_status',
    alter: ['ALTER TABLE {db}.service_status DROP COLUMN cpu_usage'],
    runnable: true,
  },
  {
    reason: 'extra_column',
    name: 'a column was added by hand',
    object: 'table:service_status',
    alter: ['ALTER TABLE {db}.service_status ADD COLUMN extra String'],
    runnable: false,
    healWithDestructive: true,
  },
  {
    reason: 'column_type_changed',
    name: 'a type was narrowed by hand (widening back is safe)',
    object: 'table:service_status',
    alter: ['ALTER TABLE {db}.service_status MODIFY COLUMN response_time_ms Nullable(UInt16)'],
    runnable: true,
  },
  {
    reason: 'column_type_changed',
    name: 'a type was widened by hand (narrowing back is destructive)',
    object: 'table:services',
    alter: ['ALTER TABLE {db}.services MODIFY COLUMN enabled UInt32'],
    runnable: false,
    healWithDestructive: true,
  },
  {
    reason: 'column_default_changed',
    name: 'a default was added by hand',
    object: 'table:service_status',
    alter: ["ALTER TABLE {db}.service_status MODIFY COLUMN message String DEFAULT 'none'"],
    runnable: true,
  },
  {
    reason: 'column_default_changed',
    name: 'a declared default is missing',
    object: 'table:services',
    desire: withTable('services', (t) => ({ ...t, columns: t.columns.map((c) => (c.name === 'enabled' ? { ...c, defaultExpression: '1' } : c)) })),
    runnable: true,
  },
  {
    reason: 'column_comment_changed',
    name: 'a column comment was changed',
    object: 'table:service_logs',
    alter: ["ALTER TABLE {db}.service_logs COMMENT COLUMN message 'changed'"],
    runnable: true,
  },
  {
    reason: 'column_codec_changed',
    name: 'a codec was added by hand',
    object: 'table:service_logs',
    alter: ['ALTER TABLE {db}.service_logs MODIFY COLUMN message String CODEC(ZSTD(3))'],
    runnable: true,
  },
  {
    reason: 'column_codec_changed',
    name: 'a declared codec (without parameters) is missing',
    object: 'table:service_metrics',
    desire: withTable('service_metrics', (t) => ({ ...t, columns: t.columns.map((c) => (c.name === 'timestamp' ? { ...c, codec: 'Delta, ZSTD' } : c)) })),
    runnable: true,
  },
  {
    reason: 'column_ttl_changed',
    name: 'a declared column TTL is missing',
    object: 'table:service_status',
    desire: withTable('service_status', (t) => ({
      ...t,
      columns: t.columns.map((c) => (c.name === 'details' ? { ...c, ttl: 'toDateTime(timestamp) + INTERVAL 30 DAY' } : c)),
    })),
    runnable: true,
  },
  {
    reason: 'column_order_changed',
    name: 'a column was moved',
    object: 'table:services',
    alter: ['ALTER TABLE {db}.services MODIFY COLUMN enabled UInt8 AFTER service_id'],
    runnable: true,
  },
  {
    reason: 'ttl_changed',
    name: 'the TTL was changed',
    object: 'table:service_status',
    alter: ['ALTER TABLE {db}.service_status MODIFY TTL toDateTime(timestamp) + INTERVAL 30 DAY'],
    runnable: true,
  },
  {
    reason: 'ttl_changed',
    name: 'the TTL was removed',
    object: 'table:service_metrics',
    alter: ['ALTER TABLE {db}.service_metrics REMOVE TTL'],
    runnable: true,
  },
  {
    reason: 'partition_key_changed',
    name: 'the table was rebuilt with daily partitions',
    object: 'table:service_logs',
    alter: rebuild(
      'service_logs',
      'ENGINE = MergeTree PARTITION BY toYYYYMMDD(timestamp) ORDER BY (service_id, timestamp) TTL toDateTime(timestamp) + INTERVAL 90 DAY',
    ),
    runnable: false,
  },
  {
    reason: 'order_by_changed',
    name: 'the table was rebuilt with another ORDER BY',
    object: 'table:services',
    alter: rebuild('services', 'ENGINE = MergeTree ORDER BY (service_id, label)'),
    // The primary key followed ORDER BY in the rebuild, so it differs as well.
    alsoExpected: ['primary_key_changed'],
    runnable: false,
  },
  {
    reason: 'order_by_changed',
    name: 'the declared ORDER BY appends a new column',
    object: 'table:service_status',
    // The primary key MODIFY ORDER BY keeps is declared (without it the change is refused).
    desire: withTable('service_status', (t) => ({
      ...t,
      columns: [...t.columns, { name: 'region', type: 'String' }],
      orderBy: [...t.orderBy, 'region'],
      primaryKey: t.primaryKey ?? t.orderBy,
    })),
    alsoExpected: ['missing_column'],
    runnable: true,
  },
  {
    reason: 'primary_key_changed',
    name: 'a shorter PRIMARY KEY is declared',
    object: 'table:service_relations',
    desire: withTable('service_relations', (t) => ({ ...t, primaryKey: ['source_service_id'] })),
    runnable: false,
  },
  {
    reason: 'engine_changed',
    name: 'the table was rebuilt with another engine',
    object: 'table:alert_rules',
    alter: rebuild('alert_rules', 'ENGINE = ReplacingMergeTree ORDER BY (service_id, rule_id)'),
    runnable: false,
  },
  {
    reason: 'setting_changed',
    name: 'a declared setting is missing',
    object: 'table:services',
    desire: withTable('services', (t) => ({ ...t, settings: { merge_with_ttl_timeout: 7200 } })),
    runnable: true,
  },
  {
    reason: 'setting_extra',
    name: 'an undeclared setting was set by hand',
    object: 'table:service_logs',
    alter: ['ALTER TABLE {db}.service_logs MODIFY SETTING ttl_only_drop_parts = 1'],
    runnable: true,
  },
  {
    reason: 'setting_extra',
    name: 'the table was rebuilt with index_granularity = 1024',
    object: 'table:alert_rules',
    alter: rebuild('alert_rules', 'ENGINE = MergeTree ORDER BY (service_id, rule_id) SETTINGS index_granularity = 1024'),
    runnable: false,
  },
  {
    reason: 'primary_key_changed',
    name: 'the table was rebuilt with a shorter PRIMARY KEY and the same ORDER BY',
    object: 'table:service_relations',
    alter: rebuild(
      'service_relations',
      'ENGINE = MergeTree PRIMARY KEY (source_service_id, target_service_id) ORDER BY (source_service_id, target_service_id, relation_id)',
    ),
    runnable: false,
  },
  {
    reason: 'comment_changed',
    name: 'a comment was set by hand on a table that declares none',
    object: 'table:services',
    alter: ["ALTER TABLE {db}.services MODIFY COMMENT 'by hand'"],
    runnable: true,
  },
  {
    reason: 'comment_changed',
    name: 'a comment was set by hand on a database that declares none',
    object: 'database:',
    alter: ["ALTER DATABASE {db} MODIFY COMMENT 'by hand'"],
    runnable: true,
  },
  {
    reason: 'comment_changed',
    name: 'a table comment was changed',
    object: 'table:service_status_hourly',
    alter: ["ALTER TABLE {db}.service_status_hourly MODIFY COMMENT 'changed'"],
    runnable: true,
  },
  {
    reason: 'mv_query_changed',
    name: "the view's query was changed",
    object: 'materialized_view:service_status_summary',
    alter: [
      'ALTER TABLE {db}.service_status_summary MODIFY QUERY SELECT service_id, toStartOfHour(timestamp) AS hour, count() AS checks, 0 AS ok_checks, 0 AS degraded_checks, 0 AS failed_checks, 0 AS response_time_ms_sum, 0 AS response_time_ms_count FROM {db}.service_status GROUP BY service_id, hour',
    ],
    runnable: true,
  },
  {
    reason: 'mv_target_changed',
    name: 'the view was recreated writing to another table',
    object: 'materialized_view:service_status_summary',
    alter: [
      'CREATE TABLE {db}.hourly_copy AS {db}.service_status_hourly',
      'DROP VIEW {db}.service_status_summary SYNC',
      'CREATE MATERIALIZED VIEW {db}.service_status_summary TO {db}.hourly_copy AS SELECT service_id, toStartOfHour(timestamp) AS hour, count() AS checks FROM {db}.service_status GROUP BY service_id, hour',
    ],
    runnable: false,
    healWithDestructive: true,
  },
  {
    reason: 'database_engine_changed',
    name: 'another database engine is declared',
    object: 'database:',
    desire: (objects) => objects.map((o) => (o.kind === 'database' ? ({ ...o, engine: 'Ordinary' } as DatabaseSpec) : o)),
    runnable: false,
  },
];

// Skip indexes and projections, on service_status (which holds rows): declared ones written unlike the server prints them.
const msgIndex = { name: 'i_msg', expression: 'lower( message )', type: 'tokenbf_v1(256,2,0)' };
const byService = { name: 'p_by_service', query: 'select service_id,count() group by service_id' };
cases.push(
  {
    reason: 'index_missing',
    name: 'a declared index is missing (dropped by hand)',
    object: 'table:service_status',
    desire: withTable('service_status', (t) => ({ ...t, indexes: [msgIndex] })),
    runnable: true,
  },
  {
    reason: 'index_extra',
    name: 'an index was added by hand',
    object: 'table:service_status',
    alter: ['ALTER TABLE {db}.service_status ADD INDEX i_code status_code TYPE set(10) GRANULARITY 2'],
    runnable: true,
  },
  {
    reason: 'index_changed',
    name: 'an index was recreated by hand with another granularity',
    object: 'table:service_status',
    alter: ['ALTER TABLE {db}.service_status ADD INDEX i_msg lower(message) TYPE tokenbf_v1(256, 2, 0) GRANULARITY 4'],
    desire: withTable('service_status', (t) => ({ ...t, indexes: [msgIndex] })),
    runnable: true,
  },
  {
    reason: 'index_changed',
    name: 'an index was recreated by hand with another type',
    object: 'table:service_status',
    alter: ['ALTER TABLE {db}.service_status ADD INDEX i_msg lower(message) TYPE bloom_filter(0.01) GRANULARITY 1'],
    desire: withTable('service_status', (t) => ({ ...t, indexes: [msgIndex] })),
    runnable: true,
  },
  {
    reason: 'projection_missing',
    name: 'a declared projection is missing (dropped by hand)',
    object: 'table:service_status',
    desire: withTable('service_status', (t) => ({ ...t, projections: [byService] })),
    runnable: true,
  },
  {
    reason: 'projection_extra',
    name: 'a projection was added by hand',
    object: 'table:service_status',
    alter: ['ALTER TABLE {db}.service_status ADD PROJECTION p_by_code (SELECT status_code, count() GROUP BY status_code)'],
    runnable: true,
  },
  {
    reason: 'projection_changed',
    name: 'a projection was recreated by hand with another query',
    object: 'table:service_status',
    alter: ['ALTER TABLE {db}.service_status ADD PROJECTION p_by_service (SELECT service_id, max(timestamp) GROUP BY service_id)'],
    desire: withTable('service_status', (t) => ({ ...t, projections: [byService] })),
    runnable: true,
  },
);

describe('skip indexes and projections on a real server', () => {
  /** A table with an index and a projection, created from the spec, with rows. */
  async function indexedTable(prefix: string): Promise<{ db: string; table: TableSpec }> {
    const db = uniqueName(prefix);
    databases.push(db);
    const table: TableSpec = {
      kind: 'table',
      database: db,
      name: 'idx',
      columns: [
        { name: 'k', type: 'UInt64' },
        { name: 's', type: 'String' },
      ],
      engine: { name: 'MergeTree' },
      orderBy: ['k'],
      indexes: [
        { name: 'i_s', expression: 's', type: 'bloom_filter(0.01)', granularity: 1 },
        { name: 'i_k', expression: 'k*2', type: 'minmax' },
      ],
      projections: [{ name: 'p', query: 'SELECT k,count() GROUP BY k' }],
    };
    await run([renderCreateDatabase({ kind: 'database', name: db }), renderCreateTable(table)]);
    await client.command({ query: `INSERT INTO ${db}.idx SELECT number, toString(number) FROM numbers(1000)` });
    return { db, table };
  }
  const reasons = (changes: readonly Change[]) => changes.map((c) => c.reason);

  test('GIVEN a table created from a spec with an index and a projection WHEN diffed THEN no drift, and introspection reads both back', async () => {
    const { db, table } = await indexedTable('idx_clean');
    expect(summary(await driftOf([table], db))).toEqual([]);
    const [live] = (await introspectDatabases(query, [db])).filter((o) => o.kind === 'table') as TableSpec[];
    expect(live.indexes).toEqual([
      { name: 'i_s', expression: 's', type: 'bloom_filter(0.01)', granularity: 1 },
      { name: 'i_k', expression: 'k * 2', type: 'minmax', granularity: 1 },
    ]);
    expect(live.projections).toEqual([{ name: 'p', query: 'SELECT k, count() GROUP BY k' }]);
  });

  test('GIVEN the index dropped by hand WHEN diffed THEN index_missing, whose statements add and materialize it, and the rows are kept', async () => {
    const { db, table } = await indexedTable('idx_dropped');
    await run([`ALTER TABLE ${db}.idx DROP INDEX i_s`]);
    const changes = await driftOf([table], db);
    expect(reasons(changes)).toEqual(['index_missing']);
    expect(changes[0].statements).toEqual([
      `ALTER TABLE \`${db}\`.\`idx\` ADD INDEX IF NOT EXISTS \`i_s\` s TYPE bloom_filter(0.01) GRANULARITY 1`,
      `ALTER TABLE \`${db}\`.\`idx\` MATERIALIZE INDEX \`i_s\``,
    ]);
    await run(runnableStatements(changes));
    expect(summary(await driftOf([table], db))).toEqual([]);
    expect(await count(db, 'idx')).toBe(1000);
  });

  test('GIVEN the granularity changed by hand WHEN diffed THEN index_changed, healed by DROP, ADD, MATERIALIZE', async () => {
    const { db, table } = await indexedTable('idx_granularity');
    await run([`ALTER TABLE ${db}.idx DROP INDEX i_k`, `ALTER TABLE ${db}.idx ADD INDEX i_k k * 2 TYPE minmax GRANULARITY 8`]);
    const changes = await driftOf([table], db);
    expect(reasons(changes)).toEqual(['index_changed']);
    expect(changes[0].detail).toContain('GRANULARITY 8');
    await run(runnableStatements(changes));
    expect(summary(await driftOf([table], db))).toEqual([]);
    expect(await count(db, 'idx')).toBe(1000);
  });

  test('GIVEN a projection added by hand WHEN diffed THEN projection_extra (DROP PROJECTION, not destructive); with ignoreUndeclared projections it is left alone', async () => {
    const { db, table } = await indexedTable('idx_projection');
    await run([`ALTER TABLE ${db}.idx ADD PROJECTION p_s (SELECT * ORDER BY s)`]);
    const changes = await driftOf([table], db);
    expect(reasons(changes)).toEqual(['projection_extra']);
    expect(changes[0]).toMatchObject({ runnable: true, destructive: false });
    expect(summary(await driftOf([{ ...table, ignoreUndeclared: ['projections'] }], db))).toEqual([]);
    await run(runnableStatements(changes));
    expect(summary(await driftOf([table], db))).toEqual([]);
    expect(await count(db, 'idx')).toBe(1000);
  });

  test('GIVEN implicit minmax indexes (add_minmax_index_for_numeric_columns) WHEN diffed THEN they are not drift: a setting made them, not an INDEX', async () => {
    const { db, table } = await indexedTable('idx_implicit');
    const auto: TableSpec = { ...table, name: 'auto', settings: { add_minmax_index_for_numeric_columns: 1 } };
    await run([renderCreateTable(auto)]);
    const [row] = await queryRows<{ n: string }>(client, `SELECT count() AS n FROM system.data_skipping_indices WHERE database = '${db}' AND table = 'auto'`);
    expect(Number(row.n)).toBeGreaterThan(2);
    expect(summary(await driftOf([table, auto], db))).toEqual([]);
  });
});

describe.each(cases)('drift: $reason ($name)', (c) => {
  test('GIVEN the seed altered WHEN diffed THEN exactly that reason is reported for that object, and fixing it leaves no drift and keeps the rows', async () => {
    const { db, objects } = await createSeed('drift');
    const desired = c.desire ? c.desire(objects, db) : objects;
    // Counted before the change: a detached table cannot be counted.
    const before = { status: await count(db, 'service_status'), hourly: await count(db, 'service_status_hourly') };
    await run((c.alter ?? []).map((q) => q.replace(/\{db\}/g, db)));
    const id = c.object.endsWith(':') ? `${c.object}${db}` : c.object.replace(':', `:${db}.`);

    const changes = await driftOf(desired, db);
    const reported = [...new Set(changes.map((x) => `${x.object} ${x.reason}`))].sort();
    expect(reported).toEqual([...new Set([c.reason, ...(c.alsoExpected ?? [])])].map((r) => `${id} ${r}`).sort());
    const main = changes.filter((x) => x.reason === c.reason);
    expect(main.length).toBeGreaterThan(0);
    for (const x of main) {
      expect(x.detail).toMatch(/desired .*live/);
      expect(x.runnable).toBe(c.runnable);
      if (!x.runnable) expect(x.hint).toBeTruthy();
    }

    if (c.runnable || c.healWithDestructive) {
      const fix = c.runnable ? changes : await driftOf(desired, db, { allowDestructive: true });
      expect(fix.every((x) => x.runnable)).toBe(true);
      await run(runnableStatements(fix));
      expect(summary(await driftOf(desired, db))).toEqual([]);
      expect(await count(db, 'service_status')).toBe(before.status);
      if (c.reason !== 'mv_target_changed') expect(await count(db, 'service_status_hourly')).toBe(before.hourly);
    } else {
      expect(runnableStatements(changes)).toEqual([]);
    }
  });
});
