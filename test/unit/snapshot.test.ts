// What one read of the server covers (sql/live/snapshot.ts): the scope of a set of declared
// objects (scopeOf, narrowScopeOf), objects by id, and readSnapshot / hasCluster answered by rows
// recorded from the embedded server (test/fixtures/live/snapshot-*.json, checked against it by
// test/integration/live-fixtures-b.test.ts).
import { byId, hasCluster, narrowScopeOf, readLive, readSnapshot, scopeOf } from '../../sql/live/snapshot';
import { ObjectSpec, objectId } from '../../sql/spec/model';
import { ACCESS_ONLY_SCOPES, loadFixture, replayQueryFn, SNAPSHOT_DB, SNAPSHOT_DESIRED } from '../support/live-fixtures-b';

const S = SNAPSHOT_DB;
/** The scope the fixture was recorded with. */
const SNAPSHOT_SCOPE = () => scopeOf(SNAPSHOT_DESIRED);

/** One declared object of each kind, in no particular order. */
const declared = (): ObjectSpec[] =>
  [
    { kind: 'grant', grantee: 'reader', grants: [] },
    { kind: 'table', database: 'b', name: 't2', renamedFrom: 't1', columns: [{ name: 'k', type: 'UInt8' }], engine: { name: 'MergeTree' }, orderBy: ['k'] },
    { kind: 'view', database: 'c', name: 'v', query: 'SELECT 1' },
    { kind: 'materialized_view', database: 'mv', name: 'm', query: 'SELECT 1', to: { database: 'target', name: 't' } },
    { kind: 'materialized_view', database: 'mv', name: 'inner_one', query: 'SELECT 1', inner: { engine: { name: 'MergeTree' }, orderBy: [] } },
    { kind: 'dictionary', database: 'dicts', name: 'dd', attributes: [], primaryKey: [], source: { type: 'NULL' }, layout: { type: 'FLAT' } },
    { kind: 'database', name: 'a' },
    { kind: 'database', name: 'lonely' },
    { kind: 'user', name: 'u2', auth: { method: 'no_password' } },
    { kind: 'user', name: 'u1', auth: { method: 'no_password' } },
    { kind: 'role', name: 'r' },
    { kind: 'quota', name: 'q', intervals: [] },
    { kind: 'row_policy', name: 'p', database: 'a', table: 't', using: '1' },
    { kind: 'settings_profile', name: 'prof', settings: [] },
    { kind: 'grant', grantee: 'alice', grants: [] },
    { kind: 'table', database: 'a', name: 'plain', columns: [{ name: 'k', type: 'UInt8' }], engine: { name: 'MergeTree' }, orderBy: ['k'] },
    // After the others of their kind: each list comes out sorted, not in declaration order.
    { kind: 'settings_profile', name: 'aprof', settings: [] },
    { kind: 'role', name: 'ar' },
    { kind: 'quota', name: 'aq', intervals: [] },
    { kind: 'row_policy', name: 'ap', database: 'a', table: 't', using: '1' },
  ] as unknown as ObjectSpec[];

describe('snapshot: the scope of declared objects', () => {
  test('GIVEN one object of each kind THEN each name in its list, sorted, once; a view target database too', () => {
    expect(scopeOf(declared())).toStrictEqual({
      databases: ['a', 'b', 'c', 'dicts', 'lonely', 'mv', 'target'],
      users: ['u1', 'u2'],
      profiles: ['aprof', 'prof'],
      grantees: ['alice', 'reader'],
      roles: ['ar', 'r'],
      quotas: ['aq', 'q'],
      rowPolicies: ['ap ON a.t', 'p ON a.t'],
    });
  });

  test('GIVEN nothing THEN every list empty', () => {
    expect(scopeOf([])).toEqual({ databases: [], users: [], profiles: [], grantees: [], roles: [], quotas: [], rowPolicies: [] });
  });

  test('GIVEN the objects THEN the narrow scope also names their tables, views and dictionaries and a renamed table old name', () => {
    expect(narrowScopeOf(declared())).toStrictEqual({ ...scopeOf(declared()), tables: ['dd', 'inner_one', 'm', 'plain', 't1', 't2', 'v'] });
    expect(narrowScopeOf([{ kind: 'database', name: 'a' }])).toEqual({ ...scopeOf([{ kind: 'database', name: 'a' }]), tables: [] });
  });

  test('GIVEN objects THEN byId keys each by its id', () => {
    const objects = declared();
    const m = byId(objects);
    expect([...m.keys()]).toContain('table:a.plain');
    expect(m.get('table:a.plain')).toBe(objects.find((o) => o.kind === 'table' && o.name === 'plain'));
    expect(m.size).toBe(objects.length);
  });
});

describe('snapshot: one read of the server', () => {
  const tables = () => replayQueryFn(loadFixture('snapshot-tables'));
  const EVENTS_DATA = {
    rows: 3,
    bytes: 1599,
    parts: 3,
    pendingMutations: 0,
    partitions: ['202601', '202602'],
    columnsOnDisk: ['d', 'k', 'v'],
    materializeTtlAfterModify: true,
  };

  test('GIVEN a database scope and desired objects THEN every live object by id, the desired ones canonical, data of the MergeTree tables only', async () => {
    const { desired, snapshot } = await readSnapshot(tables(), SNAPSHOT_SCOPE(), SNAPSHOT_DESIRED);
    expect(desired).toStrictEqual([SNAPSHOT_DESIRED[0], { ...SNAPSHOT_DESIRED[1], engine: { name: 'MergeTree', args: [] } }]);
    expect([...snapshot.objects.keys()]).toEqual([
      `database:${S}`,
      `table:${S}.empty`,
      `table:${S}.events`,
      `table:${S}.mem`,
      `view:${S}.v`,
      `table:${S}.gone`,
    ]);
    expect(snapshot.objects.get(`table:${S}.events`)).toMatchObject({ kind: 'table', database: S, name: 'events' });
    // Memory (not MergeTree), the view and the detached table: what they hold stays unknown.
    expect(snapshot.data).toStrictEqual(
      new Map([
        [`table:${S}.empty`, { rows: 0, bytes: 0, parts: 0, pendingMutations: 0, partitions: [], columnsOnDisk: [], materializeTtlAfterModify: true }],
        [`table:${S}.events`, EVENTS_DATA],
      ]),
    );
    expect(snapshot).not.toHaveProperty('replicas');
  });

  test('GIVEN two tables of the database THEN only those and the database, their data', async () => {
    const { desired, snapshot } = await readSnapshot(tables(), { ...SNAPSHOT_SCOPE(), tables: ['events', 'mem'] });
    expect(desired).toEqual([]);
    expect([...snapshot.objects.keys()]).toEqual([`database:${S}`, `table:${S}.events`, `table:${S}.mem`]);
    expect(snapshot.data).toStrictEqual(new Map([[`table:${S}.events`, EVENTS_DATA]]));
  });

  test('GIVEN no table of the database THEN the database alone and no data read', async () => {
    const q = tables();
    const { snapshot } = await readSnapshot(q, { ...SNAPSHOT_SCOPE(), tables: [] });
    expect([...snapshot.objects.keys()]).toEqual([`database:${S}`]);
    expect(snapshot).not.toHaveProperty('data');
    expect(q.sent.some((s) => s.includes('system.parts'))).toBe(false);
  });

  test('GIVEN no database and no access entity THEN nothing is read', async () => {
    const q = tables();
    await expect(readLive(q, { databases: [], users: [], profiles: [], grantees: [] })).resolves.toEqual([]);
    expect(q.sent).toEqual([]);
  });

  test('GIVEN an access scope alone THEN its entities, no table read', async () => {
    const q = replayQueryFn(loadFixture('access-entities'));
    const { desired, snapshot } = await readSnapshot(q, { databases: [], users: ['alice'], profiles: ['child'], grantees: ['alice'] });
    expect(desired).toEqual([]);
    expect([...snapshot.objects.keys()]).toEqual(['user:alice', 'settings_profile:child', 'grant:alice']);
    expect(snapshot).not.toHaveProperty('data');
    expect(q.sent.some((s) => s.includes('system.tables'))).toBe(false);
  });

  test.each<[number, string]>([
    [0, 'role:writer'],
    [1, 'quota:limited'],
    [2, 'row_policy:alice ON r.t'],
    [3, 'user:alice|settings_profile:child'],
    [4, 'user:alice|grant:alice'],
  ])('GIVEN only access scope %d (one role, quota, row policy; a user with a profile or with grants) THEN access is read: %s', async (i, id) => {
    const live = await readLive(replayQueryFn(loadFixture('access-entities')), ACCESS_ONLY_SCOPES[i]);
    expect(live.map(objectId)).toEqual(id.split('|'));
  });

  test('GIVEN a cluster the server does not define THEN hasCluster says no', async () => {
    await expect(hasCluster(tables(), 'default')).resolves.toBe(false);
  });
});
