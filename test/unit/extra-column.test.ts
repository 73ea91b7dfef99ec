// An extra column (on the server, not declared) is dropped freely when no active part holds it on
// disk (system.parts_columns, read with the table's data): dropping it loses nothing. One that a
// part holds is destructive as before, and unknown data counts as held.
import { diffTable } from '../../sql/diff/tables';
import { TableData } from '../../sql/spec/changes';
import { TableSpec } from '../../sql/spec/model';

const desired: TableSpec = {
  kind: 'table',
  database: 'db',
  name: 't',
  engine: { name: 'MergeTree' },
  columns: [{ name: 'id', type: 'UInt64' }],
  orderBy: ['id'],
};
const live: TableSpec = { ...desired, columns: [...desired.columns, { name: 'good', type: 'UInt8' }] };
const data = (columnsOnDisk?: string[]): TableData => ({
  rows: 6000,
  bytes: 1 << 16,
  parts: 3,
  pendingMutations: 0,
  ...(columnsOnDisk ? { columnsOnDisk } : {}),
});

describe('extra column and what the parts hold', () => {
  test.each([
    ['no part holds it', data(['id']), false, true],
    ['a part holds it', data(['id', 'good']), true, false],
    ['what the parts hold is unknown', data(), true, false],
    ['the data was not read', undefined, true, false],
  ])('GIVEN %s THEN destructive %s, runnable without the opt-in %s', (_what, d, destructive, runnable) => {
    const [c] = diffTable(desired, live, d ? { data: d } : {});
    expect(c.reason).toBe('extra_column');
    expect(c.statements).toEqual(['ALTER TABLE `db`.`t` DROP COLUMN IF EXISTS `good`']);
    expect(c.destructive).toBe(destructive);
    expect(c.runnable).toBe(runnable);
    expect(c.detail.includes('dropping it loses nothing')).toBe(!destructive);
  });
});
