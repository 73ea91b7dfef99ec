// diff() and diffObject() (sql/diff/index.ts): the dispatch per kind, a live object of another
// kind counting as missing, the host of a live schema on every change, and which undeclared live
// objects reportExtraObjects names. No server.
import { diff, diffObject } from '../../sql/diff';
import { DatabaseSpec, DictionarySpec, MaterializedViewSpec, ObjectSpec, TableSpec, ViewSpec } from '../../sql/spec/model';

const db: DatabaseSpec = { kind: 'database', name: 'd' };
const t: TableSpec = { kind: 'table', database: 'd', name: 't', columns: [{ name: 'id', type: 'UInt64' }], engine: { name: 'MergeTree' }, orderBy: ['id'] };
const t2: TableSpec = { ...t, name: 't2' };
const view: ViewSpec = { kind: 'view', database: 'd', name: 't', select: 'SELECT 1' };
const mv: MaterializedViewSpec = { kind: 'materialized_view', database: 'd', name: 't', to: { database: 'd', name: 't2' }, select: 'SELECT id FROM d.t' };
const dict: DictionarySpec = {
  kind: 'dictionary',
  database: 'd',
  name: 'dict',
  attributes: [{ name: 'id', type: 'UInt64' }],
  primaryKey: ['id'],
  source: { type: 'CLICKHOUSE', params: { table: 't' } },
  layout: { type: 'HASHED' },
  lifetime: 300,
};
const dict2: DictionarySpec = { ...dict, name: 'dict2' };
const extras = (desired: ObjectSpec[], live: ObjectSpec[]) =>
  diff(desired, { objects: live }, { reportExtraObjects: true })
    .filter((c) => c.reason === 'extra_object')
    .map((c) => c.object);

describe('diffObject: a live object of another kind under the name counts as missing', () => {
  test.each<[string, () => ObjectSpec, () => ObjectSpec]>([
    ['database', () => db, () => t],
    ['table', () => t, () => view],
    ['materialized view', () => mv, () => t],
    ['view', () => view, () => mv],
    ['dictionary', () => dict, () => t],
  ])('%s', (_name, desired, other) => {
    const d = desired();
    expect(diffObject(d, other()).map((c) => c.reason)).toEqual(['missing_object']);
    expect(diffObject(d, d)).toEqual([]);
  });

  test('GIVEN a user, a settings profile, a grant or a dictionary THEN each is diffed (missing when nothing is live)', () => {
    const objects: ObjectSpec[] = [
      { kind: 'user', name: 'u', auth: { method: 'no_password' } },
      { kind: 'settings_profile', name: 'p', settings: [] },
      { kind: 'grant', grantee: 'u', grants: [{ privilege: 'SELECT', database: 'd' }] },
      dict,
    ];
    for (const o of objects) expect(diffObject(o, undefined).map((c) => [c.reason, c.statements.length > 0])).toEqual([[expect.any(String), true]]);
  });
});

describe('diff: the host of the live schema', () => {
  test('GIVEN a live schema read from a host THEN every change names it; without a host none does', () => {
    const changes = diff([db, t], { host: 'ch2:9000', objects: [db] });
    expect(changes.map((c) => [c.reason, c.host])).toEqual([['missing_object', 'ch2:9000']]);
    expect(diff([db, t], { objects: [db] }).map((c) => 'host' in c)).toEqual([false]);
  });
});

describe('diff: reportExtraObjects', () => {
  test('GIVEN a table declared without its database THEN undeclared tables of its database are reported, those of other databases not', () => {
    expect(extras([t], [t, t2, { ...t2, database: 'other' }])).toEqual(['table:d.t2']);
  });

  test('GIVEN only a database declared THEN its undeclared tables are reported', () => {
    expect(extras([db], [db, t])).toEqual(['table:d.t']);
  });

  test('GIVEN a user declared (no database) THEN no live table is reported', () => {
    expect(extras([{ kind: 'user', name: 'u', auth: { method: 'no_password' } }], [t])).toEqual([]);
  });

  test('GIVEN a dictionary declared THEN the undeclared dictionaries of its database are reported, not its tables, nor dictionaries elsewhere', () => {
    expect(extras([dict], [dict, dict2, t, { ...dict2, database: 'other' }])).toEqual(['dictionary:d.dict2']);
  });

  test('GIVEN a table declared THEN an undeclared dictionary of its database is reported too', () => {
    expect(extras([t], [t, dict])).toEqual(['dictionary:d.dict']);
  });

  const parked = { permanently: false, definitionRead: true };
  test('GIVEN a detached undeclared dictionary or table THEN it is left alone', () => {
    expect(extras([db], [db, { ...dict, detached: parked }, { ...t, detached: parked }])).toEqual([]);
  });

  test('GIVEN a table renamed from a live name THEN the old name is not reported as extra', () => {
    expect(extras([db, { ...t2, renamedFrom: 't' }], [db, t])).toEqual([]);
  });

  test('GIVEN the option off THEN nothing extra is reported', () => {
    expect(diff([db], { objects: [db, t, dict] })).toEqual([]);
  });
});
