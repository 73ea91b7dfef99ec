// The indexes and projections props of Table: they reach the spec and the clickhouse_table
// resource's attributes, and a bad one fails at construction, naming the construct path and field.
import { Testing } from 'cdktf';
import { ClickHouseStack } from '../../constructs/clickhouse-stack';
import { Database } from '../../constructs/database';
import { Table } from '../../constructs/table';

describe('indexes and projections on Table', () => {
  const columns = [
    { name: 'k', type: 'UInt64' },
    { name: 's', type: 'String' },
  ];

  test('GIVEN a table with an index and a projection WHEN synthesized THEN the resource has them as lists of objects; without them, none', () => {
    const stack = new ClickHouseStack(Testing.app(), 's');
    const db = new Database(stack, 'db', { name: 'd' });
    const t = new Table(stack, 't', {
      database: db,
      name: 't',
      columns,
      orderBy: ['k'],
      indexes: [{ name: 'i_s', expression: 's', type: 'bloom_filter(0.01)' }],
      projections: [{ name: 'p', query: 'SELECT k, count() GROUP BY k' }],
    });
    const plain = new Table(stack, 'plain', { database: db, name: 'plain', columns, orderBy: ['k'] });
    expect(t.spec.indexes).toEqual([{ name: 'i_s', expression: 's', type: 'bloom_filter(0.01)' }]);
    expect(plain.spec.indexes).toBeUndefined();
    const json = JSON.parse(Testing.synth(stack, true)) as { resource: { clickhouse_table: Record<string, Record<string, unknown>> } };
    const resources = Object.values(json.resource.clickhouse_table);
    const synthT = resources.find((r) => r.name === 't')!;
    expect(synthT.indexes).toEqual([{ name: 'i_s', expression: 's', type: 'bloom_filter(0.01)', granularity: null }]);
    expect(synthT.projections).toEqual([{ name: 'p', query: 'SELECT k, count() GROUP BY k' }]);
    const synthPlain = resources.find((r) => r.name === 'plain')!;
    expect(synthPlain.indexes ?? null).toBeNull();
  });

  test.each([
    [
      'a duplicate index name',
      {
        indexes: [
          { name: 'i', expression: 's', type: 'minmax' },
          { name: 'i', expression: 'k', type: 'minmax' },
        ],
      },
      /s\/t: indexes\[1\]\.name: duplicate index "i"/,
    ],
    [
      'an index expression that ends the statement',
      { indexes: [{ name: 'i', expression: 's; DROP TABLE x', type: 'minmax' }] },
      /s\/t: indexes\[0\]\.expression: contains ";"/,
    ],
    [
      'a granularity of 0',
      { indexes: [{ name: 'i', expression: 's', type: 'minmax', granularity: 0 }] },
      /s\/t: indexes\[0\]\.granularity: must be a whole number/,
    ],
    ['a projection that is not a SELECT', { projections: [{ name: 'p', query: 'k, count() GROUP BY k' }] }, /s\/t: projections\[0\]\.query: must be a SELECT/],
    [
      'a projection name that is not an identifier',
      { projections: [{ name: 'p q', query: 'SELECT *' }] },
      /s\/t: projections\[0\]\.name: "p q" is not a plain identifier/,
    ],
  ])('GIVEN %s THEN construction fails naming the path and the field', (_n, props, message) => {
    const stack = new ClickHouseStack(Testing.app(), 's');
    const db = new Database(stack, 'db', { name: 'd' });
    expect(() => new Table(stack, 't', { database: db, name: 't', columns, orderBy: ['k'], ...props })).toThrow(message);
  });
});
