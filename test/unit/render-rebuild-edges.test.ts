// render/rebuild at the edges rebuild.test.ts leaves: which columns a copy carries (computed ones
// and live EPHEMERAL ones are not inserted, a renamed one from its old name), which RENAME target
// is the kept-old table, and how a copied partition is cleared before it is copied again. No server.
import { copiedColumns, keptOldName, renderClearCopiedPartition } from '../../sql/render/rebuild';
import { TableSpec } from '../../sql/spec/model';

const table = (columns: TableSpec['columns'], extra: Partial<TableSpec> = {}): TableSpec => ({
  kind: 'table',
  database: 'd',
  name: 't',
  columns,
  engine: { name: 'MergeTree' },
  orderBy: [],
  ...extra,
});

describe('copiedColumns', () => {
  test('GIVEN stored, computed, renamed, new and live EPHEMERAL columns THEN only the stored ones the live table stores, renamed ones from their old name', () => {
    const desired = table([
      { name: 'a', type: 'UInt8' },
      { name: 'b', type: 'UInt8', defaultKind: 'DEFAULT', defaultExpression: '1' },
      { name: 'm', type: 'UInt8', defaultKind: 'MATERIALIZED', defaultExpression: 'a' },
      { name: 'al', type: 'UInt8', defaultKind: 'ALIAS', defaultExpression: 'a' },
      { name: 'e', type: 'UInt8', defaultKind: 'EPHEMERAL', defaultExpression: '0' },
      { name: 'n', type: 'UInt8', renamedFrom: 'old_n' },
      { name: 'r', type: 'UInt8', renamedFrom: 'gone' },
      { name: 'fresh', type: 'UInt8' },
      { name: 'x', type: 'UInt8' },
    ]);
    const live = table([
      { name: 'a', type: 'UInt8' },
      { name: 'b', type: 'UInt8' },
      { name: 'm', type: 'UInt8' },
      { name: 'al', type: 'UInt8' },
      { name: 'e', type: 'UInt8' },
      { name: 'old_n', type: 'UInt8' },
      { name: 'x', type: 'UInt8', defaultKind: 'EPHEMERAL', defaultExpression: '0' },
    ]);
    expect(copiedColumns(desired, live)).toEqual([
      ['a', 'a'],
      ['b', 'b'],
      ['n', 'old_n'],
    ]);
  });

  test('GIVEN a column declared renamed whose new name the live table has already THEN it is copied under that name', () => {
    expect(
      copiedColumns(
        table([{ name: 'n', type: 'UInt8', renamedFrom: 'o' }]),
        table([
          { name: 'n', type: 'UInt8' },
          { name: 'o', type: 'UInt8' },
        ]),
      ),
    ).toEqual([['n', 'n']]);
  });
});

describe('keptOldName', () => {
  test("GIVEN RENAMEs to the shadow, to another table's kept-old table and to another table THEN only this table's kept-old name", () => {
    const statements = [
      'RENAME TABLE `d`.`s` TO `d`.`t__chx_rebuild`',
      'RENAME TABLE `d`.`u__chx_rebuild` TO `d`.`u__chx_old_20260101T0000`',
      'RENAME TABLE `d`.`a` TO `d`.`b`',
    ];
    expect(keptOldName(statements.join(';\n'), 't')).toBeUndefined();
    expect(keptOldName([...statements, 'RENAME TABLE `d`.`t__chx_rebuild` TO `d`.`t__chx_old_20261204T0300`'].join(';\n'), 't')).toBe(
      't__chx_old_20261204T0300',
    );
  });
});

describe('renderClearCopiedPartition', () => {
  test('GIVEN the same partition key THEN the partition is dropped from the shadow; GIVEN another THEN its rows are deleted by their source partition', () => {
    const desired = table([{ name: 'a', type: 'Date' }], { partitionBy: 'toYYYYMM(a)' });
    expect(renderClearCopiedPartition(desired, desired, '202601')).toBe("ALTER TABLE `d`.`t__chx_rebuild` DROP PARTITION ID '202601'");
    expect(renderClearCopiedPartition(desired, { ...desired, partitionBy: 'toYear(a)' }, '2026')).toBe(
      "ALTER TABLE `d`.`t__chx_rebuild` DELETE WHERE partitionId(toYear(a)) = '2026' SETTINGS mutations_sync = 2",
    );
    expect(renderClearCopiedPartition(desired, { ...desired, partitionBy: undefined }, 'all')).toBe(
      "ALTER TABLE `d`.`t__chx_rebuild` DELETE WHERE 'all' = 'all' SETTINGS mutations_sync = 2",
    );
  });
});
