// MaterializedView without TO (engine, orderBy... of its inner table) and with refresh: the props
// reach the spec and the clickhouse_materialized_view resource's attributes (which map back to the
// same spec), and a bad one fails at construction, naming the construct path and field.
import { Testing } from 'cdktf';
import { ClickHouseStack } from '../../constructs/clickhouse-stack';
import { Database } from '../../constructs/database';
import { MaterializedView, MaterializedViewProps } from '../../constructs/materialized-view';
import { Table } from '../../constructs/table';
import { materializedViewType } from '../../provider/resources/materialized-view';
import { TfObject } from '../../provider/protocol/dynamic-value';

describe('MaterializedView without TO, and refreshable', () => {
  const setup = () => {
    const stack = new ClickHouseStack(Testing.app(), 's');
    const db = new Database(stack, 'db', { name: 'd' });
    const src = new Table(stack, 'src', { database: db, name: 'src', columns: [{ name: 'k', type: 'UInt64' }], orderBy: ['k'] });
    return { stack, db, src };
  };

  test('GIVEN a view with an inner table and a refresh WHEN synthesized THEN the resource carries both, and maps back to the spec', () => {
    const { stack, db, src } = setup();
    const first = new MaterializedView(stack, 'first', {
      database: db,
      name: 'first',
      engine: { name: 'MergeTree' },
      orderBy: ['k'],
      sources: [src],
      refresh: { kind: 'EVERY', interval: '1 HOUR' },
      select: 'SELECT k FROM d.src',
    });
    const mv = new MaterializedView(stack, 'mv', {
      database: db,
      name: 'mv',
      engine: { name: 'SummingMergeTree' },
      orderBy: ['k'],
      partitionBy: 'k % 4',
      settings: { index_granularity: 1024 },
      refresh: { kind: 'AFTER', interval: '30 MINUTE', dependsOn: [first], settings: { refresh_retries: 2 }, append: true },
      sources: [src],
      select: 'SELECT k FROM d.src',
    });
    expect(mv.spec.to).toBeUndefined();
    expect(mv.spec.inner).toEqual({ engine: { name: 'SummingMergeTree' }, orderBy: ['k'], partitionBy: 'k % 4', settings: { index_granularity: 1024 } });
    const json = JSON.parse(Testing.synth(stack, true)) as { resource: { clickhouse_materialized_view: Record<string, TfObject & { depends_on?: string[] }> } };
    const r = Object.values(json.resource.clickhouse_materialized_view).find((x) => x.name === 'mv')!;
    expect(r.to_table ?? null).toBeNull();
    expect(r.inner).toEqual({
      engine: 'SummingMergeTree',
      engine_args: null,
      order_by: ['k'],
      partition_by: 'k % 4',
      primary_key: null,
      ttl: null,
      settings: { index_granularity: '1024' },
    });
    expect(r.refresh).toEqual({
      kind: 'AFTER',
      interval: '30 MINUTE',
      offset: null,
      randomize_for: null,
      depends_on: ['d.first'],
      settings: { refresh_retries: '2' },
      append: true,
    });
    expect(r.depends_on).toEqual(expect.arrayContaining([expect.stringContaining('first')]));
    const back = materializedViewType.toSpec(r);
    expect(back.inner).toEqual({ ...mv.spec.inner, settings: { index_granularity: '1024' } });
    expect(back.refresh).toEqual({ ...mv.spec.refresh, settings: { refresh_retries: '2' } });
    expect(back.to).toBeUndefined();
  });

  test.each<[string, Partial<MaterializedViewProps>, RegExp]>([
    ['an inner ORDER BY beside a TO table', { orderBy: ['k'] }, /s\/mv: engine: a view with a TO table has no inner table/],
    ['neither TO nor an engine', { to: undefined }, /s\/mv: to: a materialized view needs a TO table, or an inner table/],
    ['an inner ORDER BY without an engine', { to: undefined, orderBy: ['k'] }, /s\/mv: engine: a view without a TO table needs the engine of its inner table/],
    ['an unknown inner engine', { to: undefined, engine: { name: 'Nope' } }, /s\/mv: engine: unknown engine "Nope"/],
    ['a refresh interval without a unit', { refresh: { kind: 'EVERY', interval: '5' } }, /s\/mv: refresh\.interval: must be a number and a unit/],
    [
      'an OFFSET on REFRESH AFTER',
      { refresh: { kind: 'AFTER', interval: '1 HOUR', offset: '5 MINUTE' } },
      /s\/mv: refresh\.offset: OFFSET applies to REFRESH EVERY only/,
    ],
  ])('GIVEN %s THEN construction fails naming the path and field', (_, over, message) => {
    const { stack, db, src } = setup();
    expect(() => new MaterializedView(stack, 'mv', { database: db, name: 'mv', to: src, select: 'SELECT k FROM d.src', ...over })).toThrow(message);
  });
});
