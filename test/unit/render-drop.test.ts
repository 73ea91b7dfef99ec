// renderDrop (removal policy 'destroy'): the statement per kind, ON CLUSTER for schema objects and
// (unless accessOnCluster is false) access entities, and one REVOKE per grant entry. No server.
import { renderDrop } from '../../sql/render/drop';
import { ObjectSpec } from '../../sql/spec/model';

const objects: Record<string, ObjectSpec> = {
  database: { kind: 'database', name: 'd' },
  table: { kind: 'table', database: 'd', name: 't', columns: [{ name: 'id', type: 'UInt64' }], engine: { name: 'MergeTree' }, orderBy: ['id'] },
  materializedView: { kind: 'materialized_view', database: 'd', name: 'mv', to: { database: 'd', name: 't' }, select: 'SELECT id FROM d.s' },
  view: { kind: 'view', database: 'd', name: 'v', select: 'SELECT 1' },
  dictionary: {
    kind: 'dictionary',
    database: 'd',
    name: 'dict',
    attributes: [{ name: 'id', type: 'UInt64' }],
    primaryKey: ['id'],
    source: { type: 'CLICKHOUSE', params: { table: 't' } },
    layout: { type: 'FLAT' },
  },
  user: { kind: 'user', name: 'u', auth: { method: 'no_password' } },
  profile: { kind: 'settings_profile', name: 'p', settings: [] },
  grant: {
    kind: 'grant',
    grantee: 'u',
    grants: [
      { privilege: 'SELECT', database: 'd', table: 't', columns: ['a', 'b'] },
      { privilege: 'INSERT', database: 'd' },
      { privilege: 'SHOW TABLES', database: '*', table: '*' },
    ],
  },
};

describe('renderDrop', () => {
  test.each<[string, string[], string[]]>([
    ['database', ['DROP DATABASE IF EXISTS `d` SYNC'], ['DROP DATABASE IF EXISTS `d` ON CLUSTER `c` SYNC']],
    ['table', ['DROP TABLE IF EXISTS `d`.`t` SYNC'], ['DROP TABLE IF EXISTS `d`.`t` ON CLUSTER `c` SYNC']],
    ['materializedView', ['DROP VIEW IF EXISTS `d`.`mv` SYNC'], ['DROP VIEW IF EXISTS `d`.`mv` ON CLUSTER `c` SYNC']],
    ['view', ['DROP VIEW IF EXISTS `d`.`v` SYNC'], ['DROP VIEW IF EXISTS `d`.`v` ON CLUSTER `c` SYNC']],
    ['dictionary', ['DROP DICTIONARY IF EXISTS `d`.`dict` SYNC'], ['DROP DICTIONARY IF EXISTS `d`.`dict` ON CLUSTER `c` SYNC']],
    ['user', ['DROP USER IF EXISTS `u`'], ['DROP USER IF EXISTS `u` ON CLUSTER `c`']],
    ['profile', ['DROP SETTINGS PROFILE IF EXISTS `p`'], ['DROP SETTINGS PROFILE IF EXISTS `p` ON CLUSTER `c`']],
    [
      'grant',
      ['REVOKE SELECT(`a`, `b`) ON `d`.`t` FROM `u`', 'REVOKE INSERT ON `d`.* FROM `u`', 'REVOKE SHOW TABLES ON *.* FROM `u`'],
      [
        'REVOKE ON CLUSTER `c` SELECT(`a`, `b`) ON `d`.`t` FROM `u`',
        'REVOKE ON CLUSTER `c` INSERT ON `d`.* FROM `u`',
        'REVOKE ON CLUSTER `c` SHOW TABLES ON *.* FROM `u`',
      ],
    ],
  ])('%s: on one node, then on a cluster', (name, single, cluster) => {
    expect(renderDrop(objects[name])).toEqual(single);
    expect(renderDrop(objects[name], { cluster: 'c' })).toEqual(cluster);
  });

  test('GIVEN access entities kept off the cluster THEN no ON CLUSTER for them, still for schema objects', () => {
    const opts = { cluster: 'c', accessOnCluster: false };
    expect(renderDrop(objects.user, opts)).toEqual(['DROP USER IF EXISTS `u`']);
    expect(renderDrop(objects.grant, opts)[1]).toBe('REVOKE INSERT ON `d`.* FROM `u`');
    expect(renderDrop(objects.table, opts)).toEqual(['DROP TABLE IF EXISTS `d`.`t` ON CLUSTER `c` SYNC']);
  });

  test('GIVEN a grant with an empty column list THEN no column list is written', () => {
    const g: ObjectSpec = { kind: 'grant', grantee: 'u', grants: [{ privilege: 'SELECT', database: 'd', table: 't', columns: [] }] };
    expect(renderDrop(g)).toEqual(['REVOKE SELECT ON `d`.`t` FROM `u`']);
  });
});
