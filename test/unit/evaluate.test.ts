// evaluateObject: the one verdict per object (drift check and provider). Facts about users (the
// recorded password version, the login probe), a table's data, a read per replica, and the
// block for a cluster the server does not define. No server.
import { evaluateObject } from '../../sql/diff/evaluate';
import { TableData } from '../../sql/spec/changes';
import { LiveSnapshot, ObjectSpec, objectId, TableSpec, UserSpec } from '../../sql/spec/model';

const t: TableSpec = {
  kind: 'table',
  database: 'd',
  name: 't',
  columns: [
    { name: 'id', type: 'UInt64' },
    { name: 'v', type: 'String' },
  ],
  engine: { name: 'MergeTree' },
  orderBy: ['id'],
};
const withoutV: TableSpec = { ...t, columns: [t.columns[0]] };
const withExtra: TableSpec = { ...t, columns: [...t.columns, { name: 'x', type: 'UInt8' }] };
const user: UserSpec = { kind: 'user', name: 'u', auth: { method: 'sha256_hash', passwordEnv: 'U_PW', passwordVersion: '2' } };
const liveUser: UserSpec = { kind: 'user', name: 'u', auth: { method: 'sha256_hash', serverMethods: ['sha256_password'] } as UserSpec['auth'] };
const snap = (...objects: ObjectSpec[]): LiveSnapshot => ({ objects: new Map(objects.map((o) => [objectId(o), o])) });
const empty: TableData = { rows: 0, bytes: 0, parts: 0, pendingMutations: 0 };
const reasons = (changes: { reason: string; host?: string }[]) => changes.map((c) => c.reason);

describe('evaluateObject: user facts', () => {
  test('GIVEN a live user and no facts THEN in sync (the server keeps no password version)', () => {
    expect(evaluateObject(user, snap(liveUser), {})).toEqual([]);
  });

  test('GIVEN the recorded password version differs THEN user_auth_changed naming both versions', () => {
    const changes = evaluateObject(user, snap(liveUser), {}, { passwordVersion: '1' });
    expect(reasons(changes)).toEqual(['user_auth_changed']);
    expect(changes[0].detail).toBe('password version 1 applied, 2 declared: rotate from $U_PW');
  });

  test('GIVEN the recorded version equals the declared one THEN in sync', () => {
    expect(evaluateObject(user, snap(liveUser), {}, { passwordVersion: '2' })).toEqual([]);
  });

  test('GIVEN the login probe failed THEN password_mismatch; a probe that succeeded is in sync', () => {
    expect(reasons(evaluateObject(user, snap(liveUser), {}, { passwordMatches: false }))).toEqual(['password_mismatch']);
    expect(evaluateObject(user, snap(liveUser), {}, { passwordMatches: true })).toEqual([]);
  });

  test('GIVEN facts and a live object of another kind under the id THEN the facts are not applied to it', () => {
    expect(evaluateObject(t, snap(t), {}, { passwordVersion: '1', passwordMatches: false })).toEqual([]);
  });

  test('GIVEN no facts THEN what the live user already says is kept (a recorded version, a failed probe)', () => {
    const recorded: UserSpec = { ...liveUser, auth: { ...liveUser.auth, passwordVersion: '1' } };
    expect(reasons(evaluateObject(user, snap(recorded), {}))).toEqual(['user_auth_changed']);
    const probed: UserSpec = { ...liveUser, auth: { ...liveUser.auth, passwordMatches: false } as UserSpec['auth'] };
    expect(reasons(evaluateObject(user, snap(probed), {}))).toEqual(['password_mismatch']);
  });

  test('GIVEN no live user THEN missing_object, whatever the facts', () => {
    expect(reasons(evaluateObject(user, snap(), {}, { passwordVersion: '1' }))).toEqual(['missing_object']);
  });

  test('GIVEN replicas THEN the facts apply to each replica user', () => {
    const s: LiveSnapshot = {
      ...snap(liveUser),
      replicas: [
        { host: 'a', objects: [liveUser] },
        { host: 'b', objects: [liveUser] },
      ],
    };
    expect(reasons(evaluateObject(user, s, {}, { passwordVersion: '1' }))).toEqual(['user_auth_changed']);
    expect(evaluateObject(user, s, {}, { passwordVersion: '2' })).toEqual([]);
  });
});

describe('evaluateObject: data and renames', () => {
  test('GIVEN an extra column in a table read as empty THEN its drop runs without allowDestructive; unknown data does not', () => {
    const withData: LiveSnapshot = { ...snap(withExtra), data: new Map([[objectId(t), empty]]) };
    const [drop] = evaluateObject(t, withData, {});
    expect([drop.reason, drop.runnable, drop.cost?.rows]).toEqual(['extra_column', true, 0]);
    const [unknown] = evaluateObject(t, snap(withExtra), {});
    expect([unknown.reason, unknown.runnable, unknown.cost]).toEqual(['extra_column', false, undefined]);
  });

  test("GIVEN data read for another table only THEN this table's data counts as unknown", () => {
    const other: LiveSnapshot = { ...snap(withExtra), data: new Map([['table:d.other', empty]]) };
    expect(evaluateObject(t, other, {})[0].runnable).toBe(false);
  });

  test('GIVEN a table declared renamedFrom a live one THEN it is renamed, and the data of the old name counts', () => {
    const renamed: TableSpec = { ...t, name: 't2', renamedFrom: 't' };
    const s: LiveSnapshot = { ...snap(withExtra), data: new Map([[objectId(t), empty]]) };
    const changes = evaluateObject(renamed, s, {});
    expect(changes.map((c) => [c.reason, c.runnable])).toEqual([
      ['table_renamed', true],
      ['extra_column', true],
    ]);
  });

  test('GIVEN replicas and a rename THEN each replica is compared under the old name; objects under other ids are left out', () => {
    const renamed: TableSpec = { ...t, name: 't2', renamedFrom: 't' };
    const other: TableSpec = { ...t, name: 'other' };
    const s: LiveSnapshot = {
      ...snap(t),
      replicas: [
        { host: 'a', objects: [other, t] },
        { host: 'b', objects: [t, other] },
      ],
    };
    expect(reasons(evaluateObject(renamed, s, {}))).toEqual(['table_renamed']);
    const plain: LiveSnapshot = {
      ...snap(t),
      replicas: [
        { host: 'a', objects: [other, t] },
        { host: 'b', objects: [withoutV] },
      ],
    };
    const changes = evaluateObject(t, plain, {});
    expect(changes.map((c) => [c.reason, c.host])).toEqual([
      ['missing_column', 'b'],
      ['replica_diverged', 'b'],
    ]);
  });
});

describe('evaluateObject: a cluster the server does not define', () => {
  const opts = { cluster: 'c' };
  const blockedChange = (changes: { reason: string }[]) => changes.find((c) => c.reason === 'cluster_missing');

  test('GIVEN ON CLUSTER statements and clusterDefined false THEN a cluster_missing block naming the cluster is added', () => {
    const changes = evaluateObject(t, snap(withoutV), opts, { clusterDefined: false });
    expect(reasons(changes)).toEqual(['missing_column', 'cluster_missing']);
    expect(changes[1]).toMatchObject({
      object: objectId(t),
      runnable: false,
      statements: [],
      detail: 'the stack deploys ON CLUSTER c, which the server does not define',
      hint: "define cluster c in the server's remote_servers, or set the stack's cluster to one in system.clusters",
    });
  });

  test.each([
    ['cluster defined', opts, { clusterDefined: true }, withoutV],
    ['not known whether it is defined', opts, {}, withoutV],
    ['no cluster in the options', {}, { clusterDefined: false }, withoutV],
    ['in sync (no statement)', opts, { clusterDefined: false }, t],
  ])('GIVEN %s THEN no cluster_missing', (_name, o, facts, live) => {
    expect(blockedChange(evaluateObject(t, snap(live), o, facts))).toBeUndefined();
  });

  test('GIVEN changes whose statements have no ON CLUSTER THEN no cluster_missing', () => {
    // A blocked change (no statement) on a cluster: a key change with nothing to run.
    const rekeyed: TableSpec = { ...t, orderBy: ['v'] };
    const changes = evaluateObject(t, snap(rekeyed), opts, { clusterDefined: false });
    expect(changes.length).toBeGreaterThan(0);
    expect(changes.every((c) => c.statements.every((s) => !s.includes(' ON CLUSTER ')))).toBe(true);
    expect(blockedChange(changes)).toBeUndefined();
  });

  test('GIVEN access entities kept off the cluster (accessOnCluster false) THEN their statements have no ON CLUSTER: no cluster_missing', () => {
    const off = evaluateObject(user, snap(), { cluster: 'c', accessOnCluster: false }, { clusterDefined: false });
    expect(off.map((c) => [c.reason, c.statements.length])).toEqual([['missing_object', 1]]);
    expect(reasons(evaluateObject(user, snap(), { cluster: 'c' }, { clusterDefined: false }))).toEqual(['missing_object', 'cluster_missing']);
  });

  test('GIVEN no cluster in the options and a statement whose text says ON CLUSTER THEN no cluster_missing', () => {
    const commented: TableSpec = { ...t, comment: 'made ON CLUSTER c by hand' };
    const changes = evaluateObject(commented, snap(t), {}, { clusterDefined: false });
    expect(changes.map((c) => [c.reason, c.statements.some((s) => s.includes(' ON CLUSTER '))])).toEqual([['comment_changed', true]]);
  });

  test('GIVEN several changes, only the last with ON CLUSTER statements THEN cluster_missing is added', () => {
    const changes = evaluateObject(t, snap({ ...withoutV, orderBy: ['v'] } as TableSpec), opts, { clusterDefined: false });
    expect(blockedChange(changes)).toBeDefined();
  });
});
