// extraObject (sql/diff/tables.ts): a live table or view no desired object names is reported with
// the statement that would drop it, never run by deploy.
import { extraObject } from '../../sql/diff/tables';
import { MaterializedViewSpec, TableSpec } from '../../sql/spec/model';

const table: TableSpec = { kind: 'table', database: 'd', name: 't', columns: [{ name: 'a', type: 'UInt8' }], engine: { name: 'MergeTree' }, orderBy: [] };
const view: MaterializedViewSpec = { kind: 'materialized_view', database: 'd', name: 'v', to: { database: 'd', name: 't' }, select: 'SELECT a FROM d.s' };

describe('extraObject', () => {
  test.each<[string, () => TableSpec | MaterializedViewSpec, string, string, RegExp]>([
    ['a table', () => table, 'table:d.t', 'table d.t: desired absent, live present', /^DROP TABLE .*`d`\.`t`/],
    ['a materialized view', () => view, 'materialized_view:d.v', 'materialized view d.v: desired absent, live present', /^DROP VIEW .*`d`\.`v`/],
  ])('%s', (_name, live, object, detail, statement) => {
    const c = extraObject(live());
    expect(c.object).toBe(object);
    expect(c.reason).toBe('extra_object');
    expect(c.detail).toBe(detail);
    expect(c.statements).toHaveLength(1);
    expect(c.statements[0]).toMatch(statement);
    expect([c.inPlace, c.destructive, c.runnable]).toEqual([true, true, false]);
    expect(c.hint).toBe('not declared: declare it, or drop it by hand with the statement shown (deploy never drops undeclared objects)');
  });
});
