// The ignoreUndeclared prop of Table and Database: it reaches the spec the diff compares, and an
// attribute the kind does not know fails at construction, naming the construct path and field.
import { Testing } from 'cdktf';
import { ClickHouseStack } from '../../constructs/clickhouse-stack';
import { Database } from '../../constructs/database';
import { Table } from '../../constructs/table';
import { UndeclaredAttribute } from '../../sql/spec/model';

describe('ignoreUndeclared on constructs', () => {
  test('GIVEN a table and a database that leave some attributes to the server THEN their specs say so; without it, nothing is ignored', () => {
    const stack = new ClickHouseStack(Testing.app(), 's');
    const db = new Database(stack, 'db', { name: 'd', ignoreUndeclared: ['comment'] });
    const t = new Table(stack, 't', {
      database: db,
      name: 't',
      columns: [{ name: 'a', type: 'String' }],
      orderBy: ['a'],
      ignoreUndeclared: ['settings', 'columnCodecs'],
    });
    const plain = new Table(stack, 'p', { database: db, name: 'p', columns: [{ name: 'a', type: 'String' }], orderBy: ['a'] });
    expect(db.spec.ignoreUndeclared).toEqual(['comment']);
    expect(t.spec.ignoreUndeclared).toEqual(['settings', 'columnCodecs']);
    expect(plain.spec.ignoreUndeclared).toBeUndefined();
  });

  test('GIVEN an attribute the kind does not know THEN construction fails naming the path and the field', () => {
    const stack = new ClickHouseStack(Testing.app(), 's');
    expect(() => new Database(stack, 'db', { name: 'd', ignoreUndeclared: ['settings'] })).toThrow(
      /s\/db: ignoreUndeclared\[0\]: "settings" is not one of 'comment'/,
    );
    const db = new Database(stack, 'db2', { name: 'd' });
    expect(
      () =>
        new Table(stack, 't', {
          database: db,
          name: 't',
          columns: [{ name: 'a', type: 'String' }],
          orderBy: ['a'],
          ignoreUndeclared: ['codecs' as UndeclaredAttribute],
        }),
    ).toThrow(/s\/t: ignoreUndeclared\[0\]: "codecs" is not one of/);
  });
});
