// Renames without data loss: a column or table declared renamedFrom a name the server still has
// plans as RENAME COLUMN / RENAME TABLE (metadata only), not add + drop or create; once renamed
// it changes nothing. A key column's rename is refused. Validation names the field. No server.
import { runnableStatements } from '../../sql/spec/changes';
import { diff } from '../../sql/diff';
import { evaluateObject } from '../../sql/diff/evaluate';
import { narrowScopeOf } from '../../sql/live/snapshot';
import { LiveSnapshot, ObjectSpec, objectId, TableSpec } from '../../sql/spec/model';
import { validateSpec } from '../../sql/spec/validate-spec';
import { tableType } from '../../provider/resources/table';

const live: TableSpec = {
  kind: 'table',
  database: 'd',
  name: 'events_old',
  columns: [
    { name: 'id', type: 'UInt64' },
    { name: 'ts', type: 'DateTime' },
    { name: 'msg', type: 'String', comment: 'text' },
  ],
  engine: { name: 'MergeTree' },
  orderBy: ['id'],
};
const snap = (...objects: ObjectSpec[]): LiveSnapshot => ({ objects: new Map(objects.map((o) => [objectId(o), o])) });
const renamedColumn = (t: TableSpec, from: string, to: string, patch: object = {}): TableSpec => ({
  ...t,
  columns: t.columns.map((c) => (c.name === from ? { ...c, name: to, renamedFrom: from, ...patch } : c)),
});

describe('column renames', () => {
  test('GIVEN a column declared renamedFrom a live column WHEN diffed THEN one RENAME COLUMN runs, and no add or drop', () => {
    const desired = renamedColumn(live, 'msg', 'message');
    const changes = evaluateObject(desired, snap(live), {});
    expect(changes.map((c) => [c.reason, c.runnable, c.destructive, c.inPlace])).toEqual([['column_renamed', true, false, true]]);
    expect(runnableStatements(changes)).toEqual(['ALTER TABLE `d`.`events_old` RENAME COLUMN IF EXISTS `msg` TO `message`']);
    expect(changes[0].detail).toBe('column msg renamed to message (its data kept)');
  });

  test('GIVEN the column already renamed on the server THEN renamedFrom changes nothing', () => {
    const desired = renamedColumn(live, 'msg', 'message');
    const renamedLive = { ...desired, columns: desired.columns.map(({ renamedFrom, ...c }) => (void renamedFrom, c)) };
    expect(evaluateObject(desired, snap(renamedLive), {})).toEqual([]);
  });

  test('GIVEN a rename and a new comment THEN the rename runs first and the comment is set on the new name', () => {
    const desired = renamedColumn(live, 'msg', 'message', { comment: 'the text' });
    const changes = evaluateObject(desired, snap(live), {});
    expect(changes.map((c) => c.reason)).toEqual(['column_renamed', 'column_comment_changed']);
    expect(runnableStatements(changes)[1]).toContain('`message`');
  });

  test('GIVEN both the old and the new column live THEN it is no rename: the old one is an extra column', () => {
    const desired = renamedColumn(live, 'msg', 'message');
    const both: TableSpec = { ...live, columns: [...live.columns, { name: 'message', type: 'String', comment: 'text' }] };
    expect(evaluateObject(desired, snap(both), {}).map((c) => c.reason)).toEqual(['extra_column']);
  });

  test.each([
    ['id', 'ORDER BY'],
    ['ts', 'PARTITION BY'],
  ])('GIVEN key column %s renamed (%s) THEN the rename is refused with a hint, nothing runs', (from) => {
    const keyed: TableSpec = { ...live, partitionBy: 'toYYYYMM(ts)' };
    const changes = evaluateObject(renamedColumn(keyed, from, `${from}_new`), snap(keyed), { allowDestructive: true });
    expect(changes.map((c) => [c.reason, c.runnable])).toEqual([['column_renamed', false]]);
    expect(changes[0].hint).toContain('cannot rename a key column');
    expect(runnableStatements(changes)).toEqual([]);
  });

  test('GIVEN a column whose name only contains the key column name THEN it may be renamed', () => {
    const t: TableSpec = { ...live, columns: [...live.columns, { name: 'id_hash', type: 'UInt64' }] };
    const changes = evaluateObject(renamedColumn(t, 'id_hash', 'h'), snap(t), {});
    expect(changes.map((c) => [c.reason, c.runnable])).toEqual([['column_renamed', true]]);
  });
});

describe('table renames', () => {
  const desired: TableSpec = { ...live, name: 'events', renamedFrom: 'events_old' };

  test('GIVEN a table declared renamedFrom a live table THEN RENAME TABLE runs instead of a CREATE, and its changes follow', () => {
    const changes = evaluateObject({ ...desired, comment: 'renamed' }, snap(live), {});
    expect(changes.map((c) => [c.object, c.reason, c.runnable])).toEqual([
      ['table:d.events', 'table_renamed', true],
      ['table:d.events', 'comment_changed', true],
    ]);
    expect(runnableStatements(changes)[0]).toBe('RENAME TABLE `d`.`events_old` TO `d`.`events`');
    expect(runnableStatements(changes)[1]).toMatch(/^ALTER TABLE `d`.`events` MODIFY COMMENT/);
    expect(changes[0].cost).toBeUndefined();
  });

  test('GIVEN the old table holds rows THEN the rename is priced as metadata with its rows', () => {
    const data = { rows: 1200, bytes: 4096, parts: 2, pendingMutations: 0 };
    const s: LiveSnapshot = { ...snap(live), data: new Map([[objectId(live), data]]) };
    const [rename] = evaluateObject(desired, s, {});
    expect(rename.cost).toMatchObject({ class: 'metadata', rows: 1200, parts: 2 });
  });

  test('GIVEN the rename done THEN nothing to do; GIVEN neither table THEN it is created', () => {
    expect(evaluateObject(desired, snap({ ...live, name: 'events' }), {})).toEqual([]);
    const created = evaluateObject(desired, snap(), {});
    expect(created.map((c) => c.reason)).toEqual(['missing_object']);
    expect(runnableStatements(created)[0]).toMatch(/^CREATE TABLE IF NOT EXISTS `d`.`events`/);
  });

  test('GIVEN the old table detached THEN it is not renamed (the new one is created)', () => {
    expect(evaluateObject(desired, snap({ ...live, detached: { permanently: false, definitionRead: true } }), {}).map((c) => c.reason)).toEqual([
      'missing_object',
    ]);
  });

  test('GIVEN a schema diff that reports undeclared tables THEN the old name is not one of them', () => {
    const other: TableSpec = { ...live, name: 'stray' };
    const changes = diff([{ kind: 'database', name: 'd' }, desired], { objects: [{ kind: 'database', name: 'd' }, live, other] }, { reportExtraObjects: true });
    expect(changes.map((c) => [c.object, c.reason])).toEqual([
      ['table:d.events', 'table_renamed'],
      ['table:d.stray', 'extra_object'],
    ]);
  });

  test("GIVEN a table renamed THEN apply's narrow read covers the old name too", () => {
    expect(narrowScopeOf([desired]).tables).toEqual(['events', 'events_old']);
  });

  test('GIVEN a renamed table and column THEN the provider resource carries renamed_from and renamed_columns and back', () => {
    const spec = renamedColumn(desired, 'msg', 'message');
    const attrs = tableType.fromSpec(spec);
    expect(attrs.renamed_from).toBe('events_old');
    expect(attrs.renamed_columns).toEqual({ message: 'msg' });
    expect(tableType.toSpec(attrs)).toEqual(spec);
    expect(tableType.fromSpec(live).renamed_columns).toBeNull();
  });
});

describe('renamedFrom validation', () => {
  const problems = (t: TableSpec) => validateSpec(t).map((p) => `${p.field}: ${p.message}`);
  test.each([
    ['the table renamed from itself', { ...live, renamedFrom: 'events_old' }, "renamedFrom: is the table's own name"],
    ['a table renamed from a non-identifier', { ...live, renamedFrom: 'bad name' }, 'renamedFrom: '],
    ['a column renamed from itself', renamedColumn(live, 'msg', 'message', { renamedFrom: 'message' }), "columns[2].renamedFrom: is the column's own name"],
    [
      'a column renamed from a declared one',
      renamedColumn(live, 'msg', 'message', { renamedFrom: 'id' }),
      'columns[2].renamedFrom: "id" is a column the table declares',
    ],
    ['a column renamed from a non-identifier', renamedColumn(live, 'msg', 'message', { renamedFrom: 'x-y' }), 'columns[2].renamedFrom: '],
    [
      'two columns renamed from one',
      { ...live, columns: [...renamedColumn(live, 'msg', 'message').columns, { name: 'm2', type: 'String', renamedFrom: 'msg' }] },
      'columns[3].renamedFrom: "msg" is renamed to message already',
    ],
  ])('GIVEN %s THEN the problem names the field', (_what, t, expected) => {
    expect(problems(t as TableSpec).join('\n')).toContain(expected);
  });

  test('GIVEN proper renames THEN no problem', () => {
    expect(problems({ ...renamedColumn(live, 'msg', 'message'), renamedFrom: 'events_v1', name: 'events' })).toEqual([]);
  });
});
