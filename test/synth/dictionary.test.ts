// The Dictionary construct: its resource's attributes (no password, only the variable's name),
// bad input refused at construction naming the construct path and field, and the deployment order
// around it whichever is declared first: a table calling dictGet on it after it, it after its
// source table; dependsOn on any construct.
import { Testing } from 'cdktf';
import { ClickHouseStack } from '../../constructs/clickhouse-stack';
import { Database } from '../../constructs/database';
import { Dictionary, DictionaryProps } from '../../constructs/dictionary';
import { Table } from '../../constructs/table';

type Resources = { resource: Record<string, Record<string, Record<string, unknown> & { depends_on?: string[] }>> };

describe('Dictionary construct', () => {
  const props = (db: Database): DictionaryProps => ({
    database: db,
    name: 'names_dict',
    attributes: [
      { name: 'id', type: 'UInt64' },
      { name: 'name', type: 'String', default: "''" },
    ],
    primaryKey: ['id'],
    source: { type: 'CLICKHOUSE', params: { table: 'names', db: 'd', user: 'reader' }, passwordEnv: 'NAMES_SOURCE_PASSWORD' },
    layout: { type: 'HASHED' },
    lifetime: 300,
  });
  const names = (stack: ClickHouseStack, db: Database) =>
    new Table(stack, 'names', {
      database: db,
      name: 'names',
      columns: [
        { name: 'id', type: 'UInt64' },
        { name: 'name', type: 'String' },
      ],
      orderBy: ['id'],
    });
  const uses = (stack: ClickHouseStack, db: Database) =>
    new Table(stack, 'uses', {
      database: db,
      name: 'uses',
      columns: [
        { name: 'id', type: 'UInt64' },
        { name: 'name', type: 'String', defaultKind: 'ALIAS', defaultExpression: "dictGet('d.names_dict', 'name', id)" },
      ],
      orderBy: ['id'],
    });

  test.each([
    ['dictionary first', true],
    ['tables first', false],
  ])(
    'GIVEN %s WHEN synthesized THEN the dictionary depends on its source table and the calling table on the dictionary; no password anywhere',
    (_what, dictFirst) => {
      const stack = new ClickHouseStack(Testing.app(), 's');
      const db = new Database(stack, 'db', { name: 'd' });
      let d: Dictionary;
      if (dictFirst) {
        d = new Dictionary(stack, 'dict', props(db));
        names(stack, db);
        uses(stack, db);
      } else {
        names(stack, db);
        uses(stack, db);
        d = new Dictionary(stack, 'dict', props(db));
      }
      const out = Testing.synth(stack, true);
      const json = JSON.parse(out) as Resources;
      const dict = Object.values(json.resource.clickhouse_dictionary)[0];
      const tables = json.resource.clickhouse_table;
      const [namesAddr] = Object.keys(tables)
        .filter((k) => tables[k].name === 'names')
        .map((k) => `clickhouse_table.${k}`);
      const usesRes = Object.values(tables).find((t) => t.name === 'uses')!;
      expect(dict.depends_on).toEqual(expect.arrayContaining([namesAddr]));
      expect(usesRes.depends_on).toContain(d.resource.address);
      expect(dict).toMatchObject({
        source_type: 'CLICKHOUSE',
        source_params: { table: 'names', db: 'd', user: 'reader' },
        password_env: 'NAMES_SOURCE_PASSWORD',
        lifetime_max: 300,
      });
      expect(out).not.toMatch(/password_wo":\s*"/);
    },
  );

  test('GIVEN dependsOn THEN the resource depends on those objects', () => {
    const stack = new ClickHouseStack(Testing.app(), 's');
    const db = new Database(stack, 'db', { name: 'd' });
    const other = names(stack, db);
    const d = new Dictionary(stack, 'dict', {
      ...props(db),
      source: { type: 'CLICKHOUSE', params: { query: 'SELECT 1 AS id, 2 AS name' } },
      dependsOn: [other],
    });
    expect(d.resource.dependsOn).toContain(other.resource.address);
  });

  test.each<[string, Partial<DictionaryProps>, RegExp]>([
    [
      'a password in the parameters',
      { source: { type: 'CLICKHOUSE', params: { table: 'names', password: 'hunter2' } } },
      /s\/dict: source\.params\.password: .*passwordEnv/,
    ],
    ['a key that is no attribute', { primaryKey: ['key'] }, /s\/dict: primaryKey\[0\]: "key" is not an attribute/],
    ['no lifetime on HASHED', { lifetime: undefined }, /s\/dict: lifetime: /],
    ['a bad attribute type', { attributes: [{ name: 'id', type: 'Int' }] }, /s\/dict: attributes\[0\]\.type: unknown type "Int"/],
  ])('GIVEN %s THEN construction fails naming the path and field', (_what, change, message) => {
    const stack = new ClickHouseStack(Testing.app(), 's');
    const db = new Database(stack, 'db', { name: 'd' });
    expect(() => new Dictionary(stack, 'dict', { ...props(db), ...change })).toThrow(message);
  });

  test('GIVEN a password in the parameters THEN the error does not repeat it', () => {
    const stack = new ClickHouseStack(Testing.app(), 's');
    const db = new Database(stack, 'db', { name: 'd' });
    let message = '';
    try {
      new Dictionary(stack, 'dict', { ...props(db), source: { type: 'CLICKHOUSE', params: { table: 'names', password: 'hunter2' } } });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/source\.params\.password/);
    expect(message).not.toContain('hunter2');
  });
});
