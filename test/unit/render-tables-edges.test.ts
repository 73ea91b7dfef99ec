// Table and view statements render-edges.test.ts leaves: the ALTERs diff emits one at a time
// (MODIFY, RENAME and COMMENT COLUMN, RENAME TABLE, comments, RESET SETTING, ATTACH, MODIFY ORDER BY
// alone), CREATE OR REPLACE VIEW, a REFRESH with two settings, and the inner table of a view
// without TO with the least and the most of each clause. No server.
import {
  renderAlterDatabaseComment,
  renderAttach,
  renderCommentColumn,
  renderCreateMaterializedView,
  renderCreateTable,
  renderInnerEngine,
  renderModifyColumn,
  renderModifyComment,
  renderModifyOrderBy,
  renderModifyRefresh,
  renderRefresh,
  renderRenameColumn,
  renderRenameTable,
  renderReplaceView,
  renderResetSetting,
} from '../../sql/render/tables';
import { MaterializedViewSpec, TableSpec, ViewSpec } from '../../sql/spec/model';

const t: TableSpec = { kind: 'table', database: 'd', name: 't', columns: [{ name: 'id', type: 'UInt64' }], engine: { name: 'MergeTree' }, orderBy: ['id'] };
const c = { cluster: 'c' };

describe('ALTERs one at a time', () => {
  test.each<[string, () => string, string]>([
    [
      'MODIFY COLUMN',
      () => renderModifyColumn(t, { name: 'v', type: 'String', comment: 'x' }),
      "ALTER TABLE `d`.`t` MODIFY COLUMN IF EXISTS `v` String COMMENT 'x'",
    ],
    [
      'MODIFY COLUMN on a cluster',
      () => renderModifyColumn(t, { name: 'v', type: 'UInt8' }, c),
      'ALTER TABLE `d`.`t` ON CLUSTER `c` MODIFY COLUMN IF EXISTS `v` UInt8',
    ],
    ['RENAME COLUMN', () => renderRenameColumn(t, 'a', 'b'), 'ALTER TABLE `d`.`t` RENAME COLUMN IF EXISTS `a` TO `b`'],
    ['RENAME TABLE', () => renderRenameTable('d', 'a', 'b'), 'RENAME TABLE `d`.`a` TO `d`.`b`'],
    ['RENAME TABLE on a cluster', () => renderRenameTable('d', 'a', 'b', c), 'RENAME TABLE `d`.`a` TO `d`.`b` ON CLUSTER `c`'],
    ['COMMENT COLUMN', () => renderCommentColumn(t, 'v', "it's"), "ALTER TABLE `d`.`t` COMMENT COLUMN IF EXISTS `v` 'it\\'s'"],
    ['MODIFY COMMENT', () => renderModifyComment({ ...t, comment: 'x' }), "ALTER TABLE `d`.`t` MODIFY COMMENT 'x'"],
    ['MODIFY COMMENT without one', () => renderModifyComment(t, c), "ALTER TABLE `d`.`t` ON CLUSTER `c` MODIFY COMMENT ''"],
    ['a database comment removed', () => renderAlterDatabaseComment({ kind: 'database', name: 'd' }), "ALTER DATABASE `d` MODIFY COMMENT ''"],
    ['RESET SETTING', () => renderResetSetting(t, 'ttl_only_drop_parts', c), 'ALTER TABLE `d`.`t` ON CLUSTER `c` RESET SETTING ttl_only_drop_parts'],
    ['ATTACH', () => renderAttach(t), 'ATTACH TABLE IF NOT EXISTS `d`.`t`'],
    ['ATTACH on a cluster', () => renderAttach(t, c), 'ATTACH TABLE IF NOT EXISTS `d`.`t` ON CLUSTER `c`'],
    ['MODIFY ORDER BY adding nothing', () => renderModifyOrderBy({ ...t, orderBy: ['id', 'v'] }), 'ALTER TABLE `d`.`t` MODIFY ORDER BY (id, v)'],
  ])('%s', (_name, render, expected) => {
    expect(render()).toBe(expected);
  });
});

describe('views', () => {
  test('GIVEN a plain view with columns and a comment THEN CREATE OR REPLACE VIEW has them, before AS', () => {
    const v: ViewSpec = { kind: 'view', database: 'd', name: 'v', select: 'SELECT 1 AS a', columns: [{ name: 'a', type: 'UInt8' }], comment: 'x' };
    expect(renderReplaceView(v, c)).toBe("CREATE OR REPLACE VIEW `d`.`v` ON CLUSTER `c`\n(\n    `a` UInt8\n)\nCOMMENT 'x'\nAS SELECT 1 AS a");
    expect(renderReplaceView({ kind: 'view', database: 'd', name: 'v', select: 'SELECT 1' })).toBe('CREATE OR REPLACE VIEW `d`.`v`\nAS SELECT 1');
  });

  test('GIVEN a refresh with two settings THEN both, comma-separated; MODIFY REFRESH writes the same clause', () => {
    const refresh = { kind: 'EVERY' as const, interval: '1 HOUR', settings: { refresh_retries: 2, refresh_retry_initial_backoff_ms: 100 } };
    expect(renderRefresh(refresh)).toBe('REFRESH EVERY 1 HOUR SETTINGS refresh_retries = 2, refresh_retry_initial_backoff_ms = 100');
    const mv: MaterializedViewSpec = { kind: 'materialized_view', database: 'd', name: 'mv', to: { database: 'd', name: 't' }, select: 'SELECT 1', refresh };
    expect(renderModifyRefresh({ ...mv, refresh })).toBe(
      'ALTER TABLE `d`.`mv` MODIFY REFRESH EVERY 1 HOUR SETTINGS refresh_retries = 2, refresh_retry_initial_backoff_ms = 100',
    );
  });
});

describe('the inner table of a view without TO', () => {
  test.each<[string, Parameters<typeof renderInnerEngine>[0], string]>([
    ['MergeTree without a key: ORDER BY tuple()', { engine: { name: 'MergeTree' }, orderBy: [] }, 'ENGINE = MergeTree() ORDER BY tuple()'],
    [
      'a MergeTree of the family without a key',
      { engine: { name: 'ReplacingMergeTree', args: ['v'] }, orderBy: [] },
      'ENGINE = ReplacingMergeTree(v) ORDER BY tuple()',
    ],
    ['an engine outside the family without a key: no ORDER BY', { engine: { name: 'Memory' }, orderBy: [] }, 'ENGINE = Memory()'],
    ['an engine outside the family with a key', { engine: { name: 'Memory' }, orderBy: ['k'] }, 'ENGINE = Memory() ORDER BY k'],
    [
      'every clause, two settings',
      {
        engine: { name: 'MergeTree' },
        partitionBy: 'k % 4',
        orderBy: ['k', 'v'],
        primaryKey: ['k'],
        ttl: 'now() + toIntervalDay(1)',
        settings: { index_granularity: 1024, storage_policy: 'hot' },
      },
      "ENGINE = MergeTree() PARTITION BY k % 4 ORDER BY (k, v) PRIMARY KEY k TTL now() + toIntervalDay(1) SETTINGS index_granularity = 1024, storage_policy = 'hot'",
    ],
    ['no settings', { engine: { name: 'MergeTree' }, orderBy: ['k'], settings: {} }, 'ENGINE = MergeTree() ORDER BY k'],
  ])('%s', (_name, inner, expected) => {
    expect(renderInnerEngine(inner)).toBe(expected);
  });

  test('GIVEN a view with TO, or without TO and without a readable inner table THEN no ENGINE', () => {
    const mv: MaterializedViewSpec = { kind: 'materialized_view', database: 'd', name: 'mv', select: 'SELECT 1' };
    expect(renderCreateMaterializedView(mv)).toBe('CREATE MATERIALIZED VIEW IF NOT EXISTS `d`.`mv`\nAS SELECT 1');
    expect(renderCreateMaterializedView({ ...mv, to: { database: 'd', name: 't' }, inner: { engine: { name: 'MergeTree' }, orderBy: [] } })).toBe(
      'CREATE MATERIALIZED VIEW IF NOT EXISTS `d`.`mv`\nTO `d`.`t`\nAS SELECT 1',
    );
    expect(renderCreateMaterializedView({ ...mv, inner: { engine: { name: 'MergeTree' }, orderBy: [] } })).toBe(
      'CREATE MATERIALIZED VIEW IF NOT EXISTS `d`.`mv`\nENGINE = MergeTree() ORDER BY tuple()\nAS SELECT 1',
    );
  });
});

describe('CREATE TABLE: a key on an engine outside the MergeTree family', () => {
  test('GIVEN a sorting key declared on such an engine THEN it is written (the server says what it thinks of it)', () => {
    expect(
      renderCreateTable({ ...t, engine: { name: 'Memory' }, orderBy: ['id'] })
        .split('\n')
        .slice(-2),
    ).toEqual(['ENGINE = Memory()', 'ORDER BY id']);
  });
});
