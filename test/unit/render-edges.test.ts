// Rendering at the edges the other render tests leave out: clauses that are absent, engines
// outside the MergeTree family, positions, view column lists, parameter values, and the whole
// revisions table. No server.
import {
  renderCreateDatabase,
  renderCreateMaterializedView,
  renderCreateTable,
  renderCreateView,
  renderModifyOrderBy,
  renderMoveColumn,
} from '../../sql/render/tables';
import { renderDictionaryParams } from '../../sql/render/dictionaries';
import { renderRevisionsDdl } from '../../sql/render/revisions-ddl';
import { MaterializedViewSpec, TableSpec, ViewSpec } from '../../sql/spec/model';

const t: TableSpec = { kind: 'table', database: 'd', name: 't', columns: [{ name: 'id', type: 'UInt64' }], engine: { name: 'MergeTree' }, orderBy: [] };

describe('render edges', () => {
  test('GIVEN a database without engine or comment THEN neither clause', () => {
    expect(renderCreateDatabase({ kind: 'database', name: 'd' })).toBe('CREATE DATABASE IF NOT EXISTS `d`');
  });

  test('GIVEN engines outside the MergeTree family without a key THEN no ORDER BY; the family always has one', () => {
    expect(
      renderCreateTable({ ...t, engine: { name: 'Memory' } })
        .split('\n')
        .slice(-1),
    ).toEqual(['ENGINE = Memory()']);
    expect(
      renderCreateTable({ ...t, engine: { name: 'ReplacingMergeTree' } })
        .split('\n')
        .slice(-2),
    ).toEqual(['ENGINE = ReplacingMergeTree()', 'ORDER BY tuple()']);
  });

  test('GIVEN positions THEN FIRST without a column before, AFTER with one', () => {
    expect(renderModifyOrderBy({ ...t, orderBy: ['x', 'id'] }, [{ column: { name: 'x', type: 'UInt8' }, after: undefined }])).toBe(
      'ALTER TABLE `d`.`t` ADD COLUMN IF NOT EXISTS `x` UInt8 FIRST, MODIFY ORDER BY (x, id)',
    );
    expect(renderMoveColumn(t, { name: 'id', type: 'UInt64' }, 'x')).toBe('ALTER TABLE `d`.`t` MODIFY COLUMN IF EXISTS `id` UInt64 AFTER `x`');
  });

  test('GIVEN view column lists and comments THEN each on its own lines before AS; without them only the query', () => {
    const mv: MaterializedViewSpec = {
      kind: 'materialized_view',
      database: 'd',
      name: 'mv',
      to: { database: 'd', name: 't' },
      select: 'SELECT id FROM d.s',
      columns: [
        { name: 'id', type: 'UInt64' },
        { name: 'n', type: 'UInt8' },
      ],
    };
    expect(renderCreateMaterializedView(mv)).toBe(
      'CREATE MATERIALIZED VIEW IF NOT EXISTS `d`.`mv`\nTO `d`.`t`\n(\n    `id` UInt64,\n    `n` UInt8\n)\nAS SELECT id FROM d.s',
    );
    const v: ViewSpec = { kind: 'view', database: 'd', name: 'v', select: 'SELECT 1' };
    expect(renderCreateView(v)).toBe('CREATE VIEW IF NOT EXISTS `d`.`v`\nAS SELECT 1');
    expect(renderCreateView({ ...v, comment: '' })).toBe("CREATE VIEW IF NOT EXISTS `d`.`v`\nCOMMENT ''\nAS SELECT 1");
  });

  test('GIVEN dictionary parameters that are negative or fractional numbers, or text ending in digits THEN numbers bare, text quoted', () => {
    expect(renderDictionaryParams({ a: -1, b: 1.5, c: 'a1', d: 'x 2' })).toBe("A -1 B 1.5 C 'a1' D 'x 2'");
  });

  test('the revisions table, whole', () => {
    expect(renderRevisionsDdl()[1]).toBe(
      [
        'CREATE TABLE IF NOT EXISTS `schema_revisions`.`revisions`',
        '(',
        '    `stack` String,',
        '    `object` String,',
        '    `revision` String,',
        '    `triggers` String,',
        '    `spec` String,',
        '    `statements` Array(String),',
        '    `applied_by` String,',
        '    `applied_at` DateTime64(3) DEFAULT now64(3)',
        ')',
        'ENGINE = MergeTree',
        'ORDER BY (stack, object, applied_at)',
        "COMMENT 'Applied revisions of schema objects (cdktf ClickHouse constructs)'",
      ].join('\n'),
    );
  });
});
