// sql/live/canonicalize.ts against the real server's formatter: every SQL part of every kind of
// object goes through it (one query), both sides alike; what does not parse stays as written.
import { canonicalize, canonicalizeSnapshots } from '../../sql/live/canonicalize';
import { countingQueryFn, clientQueryFn } from '../../sql/live/client';
import { DictionarySpec, MaterializedViewSpec, ObjectSpec, RowPolicySpec, TableSpec, ViewSpec } from '../../sql/spec/model';
import { testClient } from '../support/clickhouse';

const client = testClient();
afterAll(() => client.close());
const counted = () => countingQueryFn(clientQueryFn(client));

const table: TableSpec = {
  kind: 'table',
  database: 'db',
  name: 't',
  engine: { name: 'ReplacingMergeTree', args: ['ver'] },
  columns: [
    { name: 'id', type: 'int' },
    { name: 'ver', type: 'UInt32', defaultExpression: '(1+2)', codec: 'Delta,ZSTD(3)' },
    { name: 'ts', type: 'DateTime', ttl: 'ts+INTERVAL 1 DAY' },
    { name: 'n', type: 'Nested(a UInt8, b String)' },
    { name: 'plain', type: 'String' },
  ],
  orderBy: ['id', 'intHash32(id)'],
  primaryKey: ['id'],
  partitionBy: 'toYYYYMM(ts)',
  sampleBy: 'intHash32(id)',
  ttl: 'ts + INTERVAL 90 DAY',
  indexes: [{ name: 'i', expression: 'plain', type: 'bloom_filter(0.01)' }],
  projections: [{ name: 'p', query: 'select id order by ver' }],
};

describe('canonicalize', () => {
  test("a table: types, defaults, codecs, column TTL, nested columns, keys, engine args, indexes, projections in the server's form", async () => {
    const q = counted();
    const { desired, live } = await canonicalize(q, [table], []);
    expect(q.count).toBe(1);
    expect(live).toEqual([]);
    expect(desired).toEqual([
      {
        ...table,
        engine: { name: 'ReplacingMergeTree', args: ['ver'] },
        columns: [
          { name: 'id', type: 'Int32' },
          { name: 'ver', type: 'UInt32', defaultExpression: '1 + 2', codec: 'Delta, ZSTD(3)' },
          { name: 'ts', type: 'DateTime', ttl: 'ts + toIntervalDay(1)' },
          { name: 'n.a', type: 'Array(UInt8)' },
          { name: 'n.b', type: 'Array(String)' },
          { name: 'plain', type: 'String' },
        ],
        orderBy: ['id', 'intHash32(id)'],
        primaryKey: ['id'],
        partitionBy: 'toYYYYMM(ts)',
        sampleBy: 'intHash32(id)',
        ttl: 'ts + toIntervalDay(90)',
        indexes: [{ name: 'i', expression: 'plain', type: 'bloom_filter(0.01)', granularity: 1 }],
        projections: [{ name: 'p', query: 'SELECT id ORDER BY ver ASC' }],
      },
    ]);
  });

  test('both sides alike, in their order; an expression, key or query that does not parse stays as written (trimmed)', async () => {
    const broken: TableSpec = {
      ...table,
      name: 'broken',
      columns: [{ name: 'x', type: 'UInt8', defaultExpression: ' 1 +* 2 ', codec: 'ZSTD(' }],
      orderBy: [' x + ', 'y'],
      primaryKey: undefined,
      sampleBy: undefined,
      partitionBy: undefined,
      ttl: 'ts + INTERVAL',
      indexes: [{ name: 'j', expression: 'x', type: 'minmax', granularity: 4 }],
      projections: [{ name: 'p', query: ' select from where ' }],
    };
    const liveTable: TableSpec = { ...table, columns: [{ name: 'id', type: 'UInt64', defaultExpression: "('none')" }] };
    const q = counted();
    const { desired, live } = await canonicalize(q, [broken], [liveTable, broken]);
    expect(q.count).toBe(1);
    const expectBroken = {
      ...broken,
      columns: [{ name: 'x', type: 'UInt8', defaultExpression: '1 +* 2', codec: 'ZSTD(' }],
      orderBy: ['x +', 'y'],
      ttl: 'ts + INTERVAL',
      indexes: [{ name: 'j', expression: 'x', type: 'minmax', granularity: 4 }],
      projections: [{ name: 'p', query: 'select from where' }],
    };
    expect(desired).toEqual([expectBroken]);
    expect(live[0]).toMatchObject({ name: 't', columns: [{ name: 'id', type: 'UInt64', defaultExpression: "'none'" }] });
    expect(live[1]).toEqual(expectBroken);
  });

  test("views, materialized views (inner table, column types) and a row policy's filter; other kinds unchanged", async () => {
    const mv: MaterializedViewSpec = {
      kind: 'materialized_view',
      database: 'db',
      name: 'mv',
      select: 'select id,count() c from db.t group by id',
      inner: { engine: { name: 'SummingMergeTree', args: [] }, orderBy: ['id'], partitionBy: 'tuple()', primaryKey: ['id'], ttl: 'now()+INTERVAL 1 DAY' },
      columns: [{ name: 'c', type: 'bigint' }],
    };
    const view: ViewSpec = { kind: 'view', database: 'db', name: 'v', select: 'select 1 as x', columns: [{ name: 'x', type: 'UInt8' }] };
    const plainView: ViewSpec = { kind: 'view', database: 'db', name: 'v2', select: 'select 2' };
    const mvTo: MaterializedViewSpec = { kind: 'materialized_view', database: 'db', name: 'mv2', to: { database: 'db', name: 't' }, select: 'select 1' };
    const policy: RowPolicySpec = { kind: 'row_policy', name: 'p', database: 'db', table: 't', using: 'id=1' };
    const database: ObjectSpec = { kind: 'database', name: 'db' } as ObjectSpec;
    const { desired } = await canonicalize(counted(), [mv, view, plainView, mvTo, policy, database], []);
    expect(desired).toEqual([
      {
        ...mv,
        select: 'SELECT id, count() AS c FROM db.t GROUP BY id',
        inner: { engine: { name: 'SummingMergeTree', args: [] }, orderBy: ['id'], partitionBy: 'tuple()', primaryKey: ['id'], ttl: 'now() + toIntervalDay(1)' },
        columns: [{ name: 'c', type: 'Int64' }],
      },
      { ...view, select: 'SELECT 1 AS x' },
      { ...plainView, select: 'SELECT 2' },
      { ...mvTo, select: 'SELECT 1' },
      { ...policy, using: 'id = 1' },
      database,
    ]);
  });

  test("a dictionary's attribute types, defaults and expressions", async () => {
    const dict: DictionarySpec = {
      kind: 'dictionary',
      database: 'db',
      name: 'd',
      attributes: [
        { name: 'id', type: 'UInt64' },
        { name: 'a', type: 'int', default: '(1+1)', expression: 'upper( x )' },
      ],
      primaryKey: ['id'],
      source: { type: 'clickhouse', table: 'src' },
      layout: { type: 'flat' },
    } as unknown as DictionarySpec;
    const { desired } = await canonicalize(counted(), [dict], []);
    expect((desired[0] as DictionarySpec).attributes).toEqual([
      { name: 'id', type: 'UInt64' },
      { name: 'a', type: 'Int32', default: '1 + 1', expression: 'upper(x)' },
    ]);
  });

  test('what the formatter changes in keys, partition and sample expressions, codecs, an inner table and dictionary expressions; absent parts stay absent', async () => {
    const spaced: TableSpec = {
      kind: 'table',
      database: 'db',
      name: 's',
      engine: { name: 'MergeTree' },
      columns: [
        { name: 'id', type: 'UInt64', codec: 'ZSTD( 3 )' },
        { name: 'v', type: 'UInt32', codec: 'Delta( 4 ),ZSTD( 3 )' },
      ],
      orderBy: ['intHash32( id )'],
      primaryKey: ['intHash32( id )'],
      partitionBy: 'toYYYYMM( ts )',
      sampleBy: 'intHash32( id )',
    };
    const bare: TableSpec = {
      kind: 'table',
      database: 'db',
      name: 'b',
      engine: { name: 'MergeTree' },
      columns: [{ name: 'id', type: 'UInt64' }],
      orderBy: ['id'],
    };
    const mv: MaterializedViewSpec = {
      kind: 'materialized_view',
      database: 'db',
      name: 'mv',
      select: 'SELECT 1',
      inner: { engine: { name: 'MergeTree' }, orderBy: ['id +  1'], primaryKey: ['intHash32( id )'], partitionBy: 'toYYYYMM( ts )' },
    };
    const bareInner: MaterializedViewSpec = { ...mv, name: 'mv2', inner: { engine: { name: 'MergeTree' }, orderBy: ['id'] } };
    const argsInner: MaterializedViewSpec = { ...mv, name: 'mv3', inner: { engine: { name: 'ReplacingMergeTree', args: ['( ver )'] }, orderBy: ['id'] } };
    const { desired } = await canonicalize(counted(), [spaced, bare, mv, bareInner, argsInner], []);
    expect(desired[0]).toStrictEqual({
      ...spaced,
      engine: { name: 'MergeTree', args: [] },
      columns: [
        { name: 'id', type: 'UInt64', codec: 'ZSTD(3)' },
        { name: 'v', type: 'UInt32', codec: 'Delta(4), ZSTD(3)' },
      ],
      orderBy: ['intHash32(id)'],
      primaryKey: ['intHash32(id)'],
      partitionBy: 'toYYYYMM(ts)',
      sampleBy: 'intHash32(id)',
    });
    expect(desired[1]).toStrictEqual({ ...bare, engine: { name: 'MergeTree', args: [] } });
    expect((desired[2] as MaterializedViewSpec).inner).toStrictEqual({
      engine: { name: 'MergeTree', args: [] },
      orderBy: ['id + 1'],
      primaryKey: ['intHash32(id)'],
      partitionBy: 'toYYYYMM(ts)',
    });
    expect((desired[3] as MaterializedViewSpec).inner).toStrictEqual({ engine: { name: 'MergeTree', args: [] }, orderBy: ['id'] });
    expect((desired[4] as MaterializedViewSpec).inner).toStrictEqual({ engine: { name: 'ReplacingMergeTree', args: ['ver'] }, orderBy: ['id'] });
  });

  test('expressions alone (a row policy: no type) still go to the server', async () => {
    const q = counted();
    const policy: RowPolicySpec = { kind: 'row_policy', name: 'p', database: 'db', table: 't', using: 'id=1' };
    const { desired, live } = await canonicalize(q, [policy], [{ ...policy, using: '(id = 1)' }]);
    expect(q.count).toBe(1);
    expect(desired).toStrictEqual([{ ...policy, using: 'id = 1' }]);
    expect(live).toStrictEqual([{ ...policy, using: 'id = 1' }]);
  });

  test('types alone (a dictionary without defaults or expressions) still go to the server', async () => {
    const dict = {
      kind: 'dictionary',
      database: 'db',
      name: 'd2',
      attributes: [{ name: 'a', type: 'bigint' }],
      primaryKey: ['a'],
      source: { type: 'clickhouse', table: 'src' },
      layout: { type: 'flat' },
    } as unknown as DictionarySpec;
    const q = counted();
    const { desired } = await canonicalize(q, [dict], []);
    expect(q.count).toBe(1);
    expect((desired[0] as DictionarySpec).attributes).toStrictEqual([{ name: 'a', type: 'Int64' }]);
  });

  test('nothing to format: no query, the same objects back', async () => {
    const q = counted();
    const database = { kind: 'database', name: 'db' } as ObjectSpec;
    const out = await canonicalize(q, [database], [database]);
    expect(q.count).toBe(0);
    expect(out).toEqual({ desired: [database], live: [database] });
  });
});

describe('canonicalizeSnapshots', () => {
  test('one query for every replica; each snapshot keeps its host, order and objects', async () => {
    const q = counted();
    const a: TableSpec = { ...table, columns: [{ name: 'id', type: 'int' }] };
    const b: TableSpec = { ...table, name: 'u', columns: [{ name: 'id', type: 'bigint' }] };
    const out = await canonicalizeSnapshots(
      q,
      [a],
      [
        { host: 'h1', objects: [a, b] },
        { host: 'h2', objects: [] },
        { host: 'h3', objects: [b] },
      ],
    );
    expect(q.count).toBe(1);
    expect(out.desired.map((o) => (o as TableSpec).columns[0].type)).toEqual(['Int32']);
    expect(out.snapshots.map((s) => s.host)).toEqual(['h1', 'h2', 'h3']);
    expect(out.snapshots.map((s) => s.objects.map((o) => `${(o as TableSpec).name}:${(o as TableSpec).columns[0].type}`))).toEqual([
      ['t:Int32', 'u:Int64'],
      [],
      ['u:Int64'],
    ]);
  });
});
