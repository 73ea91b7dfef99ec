// Rebuild by copy, pure parts: names, the marker, the statements the plan shows, and how the diff
// turns changes ALTER cannot make into one table_rebuild change (only with rebuild: 'copy').
import { diffRenamedTable, diffTable } from '../../sql/diff/tables';
import { keptOldName, oldName, rebuildMarker, rebuildOwner, renderRebuild, shadowName, sourcePartitionExpression } from '../../sql/render/rebuild';
import { TableData } from '../../sql/spec/changes';
import { TableSpec } from '../../sql/spec/model';

const live: TableSpec = {
  kind: 'table',
  database: 'db',
  name: 'events',
  engine: { name: 'MergeTree' },
  columns: [
    { name: 'id', type: 'UInt64' },
    { name: 'ts', type: 'DateTime' },
    { name: 'gone', type: 'String' },
  ],
  orderBy: ['id'],
  partitionBy: 'toYYYYMM(ts)',
};
const desired: TableSpec = {
  ...live,
  columns: [
    { name: 'id', type: 'UInt64' },
    { name: 'ts', type: 'DateTime' },
    { name: 'total', type: 'UInt64', defaultKind: 'MATERIALIZED', defaultExpression: 'id * 2' },
  ],
  orderBy: ['ts', 'id'],
  rebuild: 'copy',
};
const data: TableData = { rows: 5000, bytes: 1 << 20, parts: 3, pendingMutations: 0, partitions: ['202501', '202502'], columnsOnDisk: ['id', 'ts', 'gone'] };
const when = new Date('2026-12-04T03:00:59Z');

describe('rebuild by copy: names and statements', () => {
  test('names: shadow, kept-old (UTC minute), and the owner of each', () => {
    expect(shadowName('events')).toBe('events__chx_rebuild');
    expect(oldName('events', when)).toBe('events__chx_old_20261204T0300');
    expect(rebuildOwner('events__chx_rebuild')).toBe('events');
    expect(rebuildOwner('events__chx_old_20261204T0300')).toBe('events');
    expect(rebuildOwner('events__chx_old_2026')).toBeUndefined();
    expect(rebuildOwner('events')).toBeUndefined();
  });

  test('the marker depends on the definition, not on its comment or the strategy', () => {
    expect(rebuildMarker(desired)).toMatch(/^chx-rebuild:[0-9a-f]{16}$/);
    expect(rebuildMarker({ ...desired, comment: 'x', rebuild: undefined })).toBe(rebuildMarker(desired));
    expect(rebuildMarker({ ...desired, orderBy: ['id'] })).not.toBe(rebuildMarker(desired));
  });

  test('the statements: shadow with the marker, one copy per partition of the stored columns both have, counts, swap, keep, comment', () => {
    const s = renderRebuild(desired, live, ['202501', '202502'], when);
    expect(s[0]).toMatch(/^CREATE TABLE IF NOT EXISTS `db`\.`events__chx_rebuild`\n/);
    expect(s[0]).toContain(`COMMENT '${rebuildMarker(desired)}'`);
    expect(s.slice(1, 3)).toEqual([
      "INSERT INTO `db`.`events__chx_rebuild` (`id`, `ts`) SETTINGS optimize_on_insert = 0 SELECT `id`, `ts` FROM `db`.`events` WHERE _partition_id = '202501'",
      "INSERT INTO `db`.`events__chx_rebuild` (`id`, `ts`) SETTINGS optimize_on_insert = 0 SELECT `id`, `ts` FROM `db`.`events` WHERE _partition_id = '202502'",
    ]);
    expect(s.slice(3)).toEqual([
      'SELECT _partition_id AS partition, count() AS rows FROM `db`.`events` GROUP BY partition ORDER BY partition',
      'SELECT partitionId(toYYYYMM(ts)) AS partition, count() AS rows FROM `db`.`events__chx_rebuild` GROUP BY partition ORDER BY partition',
      'EXCHANGE TABLES `db`.`events` AND `db`.`events__chx_rebuild`',
      'RENAME TABLE IF EXISTS `db`.`events__chx_rebuild` TO `db`.`events__chx_old_20261204T0300`',
      "ALTER TABLE `db`.`events` MODIFY COMMENT ''",
    ]);
    expect(keptOldName(s.join(';\n'), 'events')).toBe('events__chx_old_20261204T0300');
    // A column declared renamed is copied from its previous name.
    const renamed = { ...desired, columns: [...desired.columns, { name: 'kept', type: 'String', renamedFrom: 'gone' }] };
    expect(renderRebuild(renamed, live, ['202501'], when)[1]).toBe(
      "INSERT INTO `db`.`events__chx_rebuild` (`id`, `ts`, `kept`) SETTINGS optimize_on_insert = 0 SELECT `id`, `ts`, `gone` AS `kept` FROM `db`.`events` WHERE _partition_id = '202501'",
    );
    expect(diffTable(renamed, live, { data, now: when }).map((c) => [c.reason, c.runnable])).toEqual([['table_rebuild', true]]);
    expect(diffTable(renamed, live, { data, now: when })[0].statements[1]).toContain('`gone` AS `kept`');
    expect(sourcePartitionExpression({ ...live, partitionBy: '(a, b)' })).toBe('partitionId(a, b)');
    expect(sourcePartitionExpression({ ...live, partitionBy: undefined })).toBe("'all'");
  });
});

describe('rebuild by copy in the diff', () => {
  test('GIVEN an ORDER BY change WITHOUT rebuild THEN refused as before', () => {
    const changes = diffTable({ ...desired, rebuild: undefined, columns: live.columns }, live, { data });
    expect(changes.map((c) => [c.reason, c.runnable])).toEqual([
      ['order_by_changed', false],
      ['primary_key_changed', false],
    ]);
    expect(changes[0].hint).toContain("set rebuild: 'copy'");
  });

  test('GIVEN rebuild copy THEN one runnable table_rebuild change, costed as a rebuild, and what the copy would drop with data stays refused', () => {
    const changes = diffTable(desired, live, { data, now: when });
    expect(changes.map((c) => [c.reason, c.runnable])).toEqual([
      ['extra_column', false],
      ['table_rebuild', true],
    ]);
    const rebuild = changes[1];
    expect(rebuild.statements).toEqual(renderRebuild(desired, live, ['202501', '202502'], when));
    expect(rebuild.cost).toMatchObject({ class: 'rebuild', rows: 5000, parts: 3 });
    expect(rebuild.detail).toContain('2 partition(s) copied one at a time');
    expect(rebuild.detail).toContain('db.events__chx_old_20261204T0300');
    // The extra column declared: nothing refused.
    const keep = { ...desired, columns: [...desired.columns, { name: 'gone', type: 'String' }] };
    expect(diffTable(keep, live, { data, now: when }).map((c) => c.reason)).toEqual(['table_rebuild']);
  });

  test('GIVEN a table carrying the marker comment and otherwise as declared THEN the change finishes the rebuild (keep, comment)', () => {
    const done = { ...desired, columns: live.columns };
    const changes = diffTable(done, { ...live, orderBy: ['ts', 'id'], comment: rebuildMarker(done) }, { data, now: when });
    expect(changes.map((c) => c.reason)).toEqual(['table_rebuild']);
    expect(changes[0].statements).toEqual([
      'RENAME TABLE IF EXISTS `db`.`events__chx_rebuild` TO `db`.`events__chx_old_20261204T0300`',
      "ALTER TABLE `db`.`events` MODIFY COMMENT ''",
    ]);
  });

  test('GIVEN a replicated table or a cluster THEN no rebuild is offered: refused as before', () => {
    const replicated = { name: 'ReplicatedMergeTree', args: ["'/p/{table}'", "'{replica}'"] };
    expect(diffTable({ ...desired, engine: replicated }, { ...live, engine: replicated }, { data }).map((c) => c.reason)).not.toContain('table_rebuild');
    expect(diffTable(desired, live, { data, cluster: 'c' }).map((c) => c.reason)).not.toContain('table_rebuild');
  });

  test('GIVEN a table renamed and rebuilt at once THEN the rename runs and the rebuild is refused until it has', () => {
    const changes = diffRenamedTable({ ...desired, name: 'events2', renamedFrom: 'events', columns: live.columns }, live, { data });
    expect(changes.map((c) => [c.reason, c.runnable])).toEqual([
      ['table_renamed', true],
      ['table_rebuild', false],
    ]);
    expect(changes[1].hint).toContain('deploy the rename first');
  });

  test('GIVEN rebuild copy and no change ALTER cannot make THEN the ordinary changes', () => {
    const changes = diffTable({ ...live, rebuild: 'copy', comment: 'c' }, live, { data });
    expect(changes.map((c) => c.reason)).toEqual(['comment_changed']);
  });
});
