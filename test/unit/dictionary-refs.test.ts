// What refers to a dictionary and what a dictionary reads (sql/spec/dictionary-refs.ts): the
// dictGet family's first argument in every form the SQL allows, deduplicated; the columns of a
// table; the table a CLICKHOUSE source loads on the same server. Pure text, no server.
import { columnDictionaryReferences, dictionaryReferences, dictionarySourceTable } from '../../sql/spec/dictionary-refs';
import { ColumnSpec, DictionarySpec } from '../../sql/spec/model';

describe('dictionary-refs: the dictionaries an expression calls', () => {
  test.each<[string, { database: string; name: string }[]]>([
    ["dictGet('d.names', 'name', id)", [{ database: 'd', name: 'names' }]],
    ["dictGet('names', 'name', id)", [{ database: 'own', name: 'names' }]],
    ["dictGet('.names', 'name', id)", [{ database: 'own', name: '.names' }]],
    ["dictGet('d.n.x', 'name', id)", [{ database: 'd', name: 'n.x' }]],
    ["dictGet('it\\'s.n', 'name', id)", [{ database: "it's", name: 'n' }]],
    ["dictGet(d.names, 'name', id)", [{ database: 'd', name: 'names' }]],
    ["dictGet( d . names , 'name', id)", [{ database: 'd', name: 'names' }]],
    ["dictGet(names, 'name', id)", [{ database: 'own', name: 'names' }]],
    ["dictGet(`my db`.`my\\`dict`, 'name', id)", [{ database: 'my db', name: 'my`dict' }]],
    // The server reads `my.dict` as 'my.dict': dictionary dict of database my (26.7: "Dictionary (`my.dict`) not found" for a dictionary named my.dict).
    ["dictGet(`my.dict`, 'name', id)", [{ database: 'my', name: 'dict' }]],
    ["dictGet(d.`n`, 'name', id)", [{ database: 'd', name: 'n' }]],
    ["dictGet(_d1.n_2, 'name', id)", [{ database: '_d1', name: 'n_2' }]],
    ["dictGetString ('d.a', 'name', id)", [{ database: 'd', name: 'a' }]],
    ["dictGetOrDefault('d.a', 'n', id, '')", [{ database: 'd', name: 'a' }]],
    ["dictGetOrNull('d.a', 'n', id)", [{ database: 'd', name: 'a' }]],
    ["dictHas('d.a', id)", [{ database: 'd', name: 'a' }]],
    ["dictIsIn('d.a', id, 1)", [{ database: 'd', name: 'a' }]],
    ["dictGetHierarchy('d.a', id)", [{ database: 'd', name: 'a' }]],
    ["dictGetChildren('d.a', id)", [{ database: 'd', name: 'a' }]],
    ["dictGetDescendants('d.a', id, 0)", [{ database: 'd', name: 'a' }]],
    ["mydictGet('d.a', id)", []],
    ["dictSize('d.a')", []],
    ['dictGet', []],
    ["concat('dictGet', name)", []],
    [
      "dictGet('d.a', 'x', id) || dictHas('d.a', id) || dictGet('e.a', 'x', id) || dictGet('d.b', 'x', id) || dictGet(a, 'x', id)",
      [
        { database: 'd', name: 'a' },
        { database: 'e', name: 'a' },
        { database: 'd', name: 'b' },
        { database: 'own', name: 'a' },
      ],
    ],
    ["dictGet('own.a', 'x', id) + dictGet(a, 'x', id)", [{ database: 'own', name: 'a' }]],
  ])('GIVEN %s THEN it calls %j', (expression, refs) => {
    expect(dictionaryReferences(expression, 'own')).toEqual(refs);
  });
});

describe('dictionary-refs: the dictionaries the columns of a table call', () => {
  test('GIVEN DEFAULT, MATERIALIZED and ALIAS columns calling dictionaries THEN each once, in column order; a column without an expression THEN nothing', () => {
    const columns: ColumnSpec[] = [
      { name: 'id', type: 'UInt64' },
      { name: 'a', type: 'String', defaultKind: 'ALIAS', defaultExpression: "dictGet('d.x', 'n', id)" },
      { name: 'b', type: 'String', defaultKind: 'MATERIALIZED', defaultExpression: "dictGet(x, 'n', id) || dictGet('d.y', 'n', id)" },
      { name: 'c', type: 'String', defaultKind: 'DEFAULT', defaultExpression: "dictGet('e.x', 'n', id)" },
      { name: 'd', type: 'String', defaultKind: 'DEFAULT', defaultExpression: "'x'" },
    ];
    expect(columnDictionaryReferences(columns, 'd')).toEqual([
      { database: 'd', name: 'x' },
      { database: 'd', name: 'y' },
      { database: 'e', name: 'x' },
    ]);
    expect(columnDictionaryReferences([columns[0]], 'd')).toEqual([]);
  });
});

describe('dictionary-refs: the table a dictionary loads from', () => {
  const dict = (source: DictionarySpec['source']): DictionarySpec => ({
    kind: 'dictionary',
    database: 'own',
    name: 'x',
    attributes: [{ name: 'id', type: 'UInt64' }],
    primaryKey: ['id'],
    source,
    layout: { type: 'HASHED' },
    lifetime: 1,
  });

  test.each<[string, DictionarySpec['source'], { database: string; name: string } | undefined]>([
    ['TABLE and DB', { type: 'CLICKHOUSE', params: { table: 't', db: 'd' } }, { database: 'd', name: 't' }],
    ['upper-case keys, a lower-case type', { type: 'clickhouse', params: { TABLE: 't', DB: 'd' } }, { database: 'd', name: 't' }],
    ['TABLE alone: the dictionary database', { type: 'CLICKHOUSE', params: { Table: 't' } }, { database: 'own', name: 't' }],
    ['HOST localhost', { type: 'CLICKHOUSE', params: { table: 't', host: 'localhost' } }, { database: 'own', name: 't' }],
    ['HOST 127.0.0.1', { type: 'CLICKHOUSE', params: { table: 't', host: '127.0.0.1' } }, { database: 'own', name: 't' }],
    ['HOST ::1', { type: 'CLICKHOUSE', params: { table: 't', host: '::1' } }, { database: 'own', name: 't' }],
    ['a number as the table', { type: 'CLICKHOUSE', params: { table: 5, db: 'd' } }, { database: 'd', name: '5' }],
    ['another HOST', { type: 'CLICKHOUSE', params: { table: 't', host: 'far' } }, undefined],
    ['a QUERY', { type: 'CLICKHOUSE', params: { query: 'SELECT 1' } }, undefined],
    ['no parameters', { type: 'CLICKHOUSE' } as DictionarySpec['source'], undefined],
    ['another source type', { type: 'MYSQL', params: { table: 't', db: 'd' } }, undefined],
  ])('GIVEN a source with %s THEN %j', (_what, source, expected) => {
    expect(dictionarySourceTable(dict(source))).toEqual(expected);
  });
});
