// The detail line of a table change, what a person reads in a plan: desired and live side by
// side, 'none' for an absent value, a key list in brackets, where a setting's default comes from.
import { diffTable } from '../../sql/diff/tables';
import { ColumnSpec, TableSpec } from '../../sql/spec/model';

const TS: ColumnSpec = { name: 'ts', type: 'DateTime' };
const base: TableSpec = { kind: 'table', database: 'd', name: 't', columns: [{ name: 'a', type: 'UInt8' }, TS], engine: { name: 'MergeTree' }, orderBy: ['a'] };
const withA = (a: Partial<ColumnSpec>): TableSpec => ({ ...base, columns: [{ name: 'a', type: 'UInt8', ...a }, TS] });

describe('change details of a table', () => {
  test.each<[string, () => [TableSpec, TableSpec], [string, string][]]>([
    [
      'a default declared, none live',
      () => [withA({ defaultExpression: '1' }), base],
      [['column_default_changed', 'column a default desired DEFAULT 1, live none']],
    ],
    [
      'a MATERIALIZED column live, none declared',
      () => [base, withA({ defaultKind: 'MATERIALIZED', defaultExpression: 'ts' })],
      [['column_default_changed', 'column a default desired none, live MATERIALIZED ts']],
    ],
    [
      'an EPHEMERAL column live without an expression',
      () => [base, withA({ defaultKind: 'EPHEMERAL' })],
      [['column_default_changed', 'column a default desired none, live EPHEMERAL']],
    ],
    [
      'settings set by hand, with and without a server default',
      () => [base, { ...base, settings: { index_granularity: '4096', x_y: '1' }, settingDefaults: { index_granularity: '8192' } }],
      [
        ['setting_extra', 'setting index_granularity not declared (server default 8192): desired 8192, live 4096'],
        ['setting_extra', 'setting x_y not declared (no server default): desired none, live 1'],
      ],
    ],
    [
      'a longer ORDER BY',
      () => [{ ...base, orderBy: ['a', 'ts'] }, base],
      [
        ['order_by_changed', 'ORDER BY desired (a, ts), live (a)'],
        ['primary_key_changed', 'PRIMARY KEY desired (a, ts), live (a)'],
      ],
    ],
    [
      'a PARTITION BY declared, none live',
      () => [{ ...base, partitionBy: 'toYYYYMM(ts)' }, base],
      [['partition_key_changed', 'PARTITION BY desired toYYYYMM(ts), live none']],
    ],
  ])('%s', (_name, tables, expected) => {
    const [desired, live] = tables();
    expect(diffTable(desired, live).map((c) => [c.reason, c.detail])).toEqual(expected);
  });
});
