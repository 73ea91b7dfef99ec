// Introspection on a real server: a constant number of queries whatever the table count, and
// every part of a table and view read back into the model's types.
import { clientQueryFn, countingQueryFn } from '../../sql/live/client';
import { introspectDatabases } from '../../sql/live/introspect-tables';
import { MaterializedViewSpec, ObjectSpec, TableSpec } from '../../sql/spec/model';
import { renderCreateDatabase, renderCreateTable, renderDropDatabase } from '../../sql/render/tables';
import { testClient, uniqueName } from '../support/clickhouse';

const client = testClient();
const databases: string[] = [];
afterAll(async () => {
  for (const name of databases) await client.command({ query: renderDropDatabase({ name }) });
  await client.close();
});

function smallTable(database: string, i: number): TableSpec {
  return {
    kind: 'table',
    database,
    name: `t${i}`,
    engine: { name: 'MergeTree' },
    orderBy: ['id'],
    columns: [
      { name: 'id', type: 'UInt64' },
      { name: 'ts', type: 'DateTime' },
      { name: 'v', type: 'String', comment: 'value' },
    ],
  };
}

/** A database with `n` tables, created a batch at a time (the server runs each batch in parallel). */
async function databaseWithTables(n: number): Promise<string> {
  const db = uniqueName(`introspect${n}`);
  databases.push(db);
  await client.command({ query: renderCreateDatabase({ kind: 'database', name: db }) });
  const statements = Array.from({ length: n }, (_, i) => renderCreateTable(smallTable(db, i)));
  for (let i = 0; i < statements.length; i += 25) await Promise.all(statements.slice(i, i + 25).map((query) => client.command({ query })));
  return db;
}

const find = (objects: readonly ObjectSpec[], kind: ObjectSpec['kind'], name: string) => objects.find((o) => o.kind === kind && 'name' in o && o.name === name);

describe('introspectDatabases', () => {
  test('GIVEN 6 tables and 200 tables in two databases WHEN each is introspected THEN both take the same number of queries', async () => {
    const [small, large] = [await databaseWithTables(6), await databaseWithTables(200)];
    const q6 = countingQueryFn(clientQueryFn(client));
    const q200 = countingQueryFn(clientQueryFn(client));
    const live6 = await introspectDatabases(q6, [small]);
    const live200 = await introspectDatabases(q200, [large]);
    expect(live6.filter((o) => o.kind === 'table')).toHaveLength(6);
    expect(live200.filter((o) => o.kind === 'table')).toHaveLength(200);
    expect(q200.count).toBe(q6.count);
    expect(q6.count).toBe(7); // system.databases, system.tables, system.columns, system.merge_tree_settings, system.detached_tables, system.data_skipping_indices, system.projections
  });

  test('GIVEN a table using every feature and a view WHEN introspected THEN each part is read back as the server prints it', async () => {
    const db = uniqueName('introspect_full');
    databases.push(db);
    const queries = [
      `CREATE DATABASE ${db} COMMENT 'the db'`,
      `CREATE TABLE ${db}.full (
         id UInt64 COMMENT 'id',
         ts DateTime64(3) CODEC(Delta, ZSTD(3)),
         v String DEFAULT 'x' COMMENT 'it''s' TTL toDateTime(ts) + INTERVAL 1 DAY,
         m Map(String, String) MATERIALIZED map('a', v),
         a String ALIAS concat(v, '!'),
         n Nullable(Float32)
       ) ENGINE = ReplacingMergeTree(id)
       PARTITION BY toYYYYMM(ts) ORDER BY (id, ts) PRIMARY KEY id SAMPLE BY id
       TTL toDateTime(ts) + INTERVAL 90 DAY SETTINGS merge_with_ttl_timeout = 7200 COMMENT 'full table'`,
      `CREATE TABLE ${db}.target (id UInt64, c UInt64) ENGINE = SummingMergeTree ORDER BY id`,
      `CREATE MATERIALIZED VIEW ${db}.mv TO ${db}.target COMMENT 'mv' AS SELECT id, count() AS c FROM ${db}.full GROUP BY id`,
      `CREATE VIEW ${db}.plain AS SELECT 1`,
    ];
    for (const query of queries) await client.command({ query });
    const other = uniqueName('introspect_other');
    databases.push(other);
    await client.command({ query: `CREATE DATABASE ${other}` });
    await client.command({ query: `CREATE TABLE ${other}.x (id UInt8) ENGINE = Memory` });

    const live = await introspectDatabases(clientQueryFn(client), [db]);
    expect(live.map((o) => `${o.kind}:${'name' in o ? o.name : ''}`).sort()).toEqual(
      ['database:' + db, 'materialized_view:mv', 'table:full', 'table:target', 'view:plain'].sort(),
    );
    expect(find(live, 'database', db)).toEqual({ kind: 'database', name: db, engine: 'Atomic', comment: 'the db' });
    expect(find(live, 'table', 'full')).toEqual({
      kind: 'table',
      database: db,
      name: 'full',
      columns: [
        { name: 'id', type: 'UInt64', comment: 'id' },
        { name: 'ts', type: 'DateTime64(3)', codec: 'Delta(8), ZSTD(3)' },
        { name: 'v', type: 'String', defaultKind: 'DEFAULT', defaultExpression: "'x'", comment: "it's", ttl: 'toDateTime(ts) + toIntervalDay(1)' },
        { name: 'm', type: 'Map(String, String)', defaultKind: 'MATERIALIZED', defaultExpression: "map('a', v)" },
        { name: 'a', type: 'String', defaultKind: 'ALIAS', defaultExpression: "concat(v, '!')" },
        { name: 'n', type: 'Nullable(Float32)' },
      ],
      engine: { name: 'ReplacingMergeTree', args: ['id'] },
      orderBy: ['id', 'ts'],
      primaryKey: ['id'],
      partitionBy: 'toYYYYMM(ts)',
      sampleBy: 'id',
      ttl: 'toDateTime(ts) + toIntervalDay(90)',
      // index_granularity is added by the server; the server's defaults come along to tell such settings apart.
      settings: { merge_with_ttl_timeout: '7200', index_granularity: '8192' },
      comment: 'full table',
      settingDefaults: expect.objectContaining({ index_granularity: '8192', merge_with_ttl_timeout: '14400', ttl_only_drop_parts: '0' }),
    });
    const mv = find(live, 'materialized_view', 'mv') as MaterializedViewSpec;
    expect(mv).toEqual({
      kind: 'materialized_view',
      database: db,
      name: 'mv',
      to: { database: db, name: 'target' },
      select: `SELECT id, count() AS c FROM ${db}.full GROUP BY id`,
      comment: 'mv',
      // The server lists a view's columns (here the SELECT's, no list was declared): compared only when declared.
      columns: [
        { name: 'id', type: 'UInt64' },
        { name: 'c', type: 'UInt64' },
      ],
      columnsListed: true,
    });
    // A plain view comes from the same system.tables row (engine View).
    expect(find(live, 'view', 'plain')).toEqual({
      kind: 'view',
      database: db,
      name: 'plain',
      select: 'SELECT 1',
      columns: [{ name: '1', type: 'UInt8' }],
      columnsListed: true,
    });
  });

  test('GIVEN a table and a view detached by hand WHEN introspected THEN each comes back with its definition (SHOW CREATE TABLE, one query each) and marked detached', async () => {
    const db = uniqueName('introspect_detached');
    databases.push(db);
    for (const query of [
      `CREATE DATABASE ${db}`,
      `CREATE TABLE ${db}.full (
         id UInt64 COMMENT 'id',
         ts DateTime64(3) CODEC(Delta, ZSTD(3)),
         v String DEFAULT 'x' COMMENT 'it''s, TTL' TTL toDateTime(ts) + INTERVAL 1 DAY,
         m Map(String, String) MATERIALIZED map('a', v),
         a String ALIAS concat(v, '!'),
         e Enum8('a b' = 1, 'COMMENT' = 2) DEFAULT 'a b',
         n Nullable(Float32)
       ) ENGINE = ReplacingMergeTree(id)
       PARTITION BY toYYYYMM(ts) ORDER BY (id, ts) PRIMARY KEY id SAMPLE BY id
       TTL toDateTime(ts) + INTERVAL 90 DAY SETTINGS merge_with_ttl_timeout = 7200 COMMENT 'full table'`,
      `CREATE TABLE ${db}.target (id UInt64, c UInt64) ENGINE = SummingMergeTree ORDER BY id`,
      `CREATE MATERIALIZED VIEW ${db}.mv TO ${db}.target COMMENT 'mv' AS SELECT id, count() AS c FROM ${db}.full GROUP BY id`,
    ])
      await client.command({ query });
    const attached = await introspectDatabases(clientQueryFn(client), [db]);
    await client.command({ query: `DETACH TABLE ${db}.full` });
    await client.command({ query: `DETACH VIEW ${db}.mv PERMANENTLY` });
    const q = countingQueryFn(clientQueryFn(client));
    const live = await introspectDatabases(q, [db]);
    expect(q.count).toBe(7 + 2);
    expect(find(live, 'table', 'full')).toEqual({ ...find(attached, 'table', 'full'), detached: { permanently: false, definitionRead: true } });
    expect(find(live, 'materialized_view', 'mv')).toEqual({
      ...find(attached, 'materialized_view', 'mv'),
      detached: { permanently: true, definitionRead: true },
    });
    expect(find(live, 'table', 'target')).toEqual(find(attached, 'table', 'target'));
  });

  test('GIVEN no databases WHEN introspected THEN nothing is queried', async () => {
    const q = countingQueryFn(clientQueryFn(client));
    expect(await introspectDatabases(q, [])).toEqual([]);
    expect(q.count).toBe(0);
  });
});
