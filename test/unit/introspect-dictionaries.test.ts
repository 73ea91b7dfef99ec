// The printed CREATE DICTIONARY read back as a spec (sql/live/introspect-dictionaries.ts), on the
// text the server printed for dictionaries with every clause and attribute form
// (test/fixtures/live/dictionaries-printed.json, recorded from the embedded server and checked
// against it by test/integration/live-fixtures-b.test.ts).
import { dictionaryFromCreateQuery, parseDictionaryAttribute, parseDictionaryParams } from '../../sql/live/introspect-dictionaries';
import { DictionarySpec } from '../../sql/spec/model';
import { DICTIONARY_ROWS_SQL, DICTS_DB, loadFixture, SHOW_CREATE_DICTIONARY_SQL, SHOW_CREATE_TABLE_SQL } from '../support/live-fixtures-b';

const D = DICTS_DB;

/** The create_table_query the server printed for dictionary `name`. */
function printed(name: string): string {
  const q = loadFixture('dictionaries-printed').queries.find((x) => x.sql === DICTIONARY_ROWS_SQL)!;
  const row = (q.rows as { name: string; create_table_query: string }[]).find((r) => r.name === name);
  if (!row) throw new Error(`no printed dictionary ${name}`);
  return row.create_table_query;
}

/** The statement column of the recorded SHOW CREATE `sql`. */
function shown(sql: string): string {
  const q = loadFixture('dictionaries-printed').queries.find((x) => x.sql === sql)!;
  return (q.rows[0] as { statement: string }).statement;
}

const read = (name: string) => dictionaryFromCreateQuery(D, name, printed(name));

describe('introspect-dictionaries: each printed dictionary read back whole', () => {
  test.each<[string, Omit<DictionarySpec, 'kind' | 'database' | 'name'>]>([
    [
      'plain',
      {
        attributes: [
          { name: 'id', type: 'UInt64' },
          { name: 'name', type: 'String', default: "''" },
          { name: 'parent', type: 'UInt64', hierarchical: true },
          { name: 'up', type: 'String', expression: 'upper(name)', injective: true },
        ],
        primaryKey: ['id'],
        source: { type: 'CLICKHOUSE', params: { TABLE: 'src', DB: D } },
        layout: { type: 'HASHED', params: {} },
        lifetime: { min: 0, max: 300 },
      },
    ],
    [
      'complex',
      {
        attributes: [
          { name: 'id', type: 'UInt64' },
          { name: 'k 2', type: 'String' },
          { name: 'we`ird', type: 'String', default: "'a\\'b'" },
        ],
        primaryKey: ['id', 'k 2', 'we`ird'],
        source: { type: 'CLICKHOUSE', params: { QUERY: `SELECT id, k2 AS \`k 2\`, name AS \`we\\\`ird\` FROM ${D}.src`, USER: 'default' }, passwordSet: true },
        layout: { type: 'COMPLEX_KEY_HASHED', params: { SHARDS: '2' } },
        lifetime: { min: 10, max: 20 },
        comment: "it's a comment",
      },
    ],
    [
      'ranged',
      {
        attributes: [
          { name: 'id', type: 'UInt64' },
          { name: 'lo', type: 'Date' },
          { name: 'hi', type: 'Date' },
          { name: 'name', type: 'String' },
          { name: 'o', type: 'UInt64' },
          { name: 'parent', type: 'UInt64', hierarchical: true },
        ],
        primaryKey: ['id'],
        source: { type: 'CLICKHOUSE', params: { TABLE: 'src' } },
        layout: { type: 'RANGE_HASHED', params: { RANGE_LOOKUP_STRATEGY: 'max' } },
        lifetime: { min: 0, max: 60 },
        range: { min: 'lo', max: 'hi' },
        unsupported: ['attribute o: IS_OBJECT_ID', 'attribute parent: BIDIRECTIONAL', 'SETTINGS(format_csv_allow_single_quotes = 0)'],
      },
    ],
    [
      'ranged_q',
      {
        attributes: [
          { name: 'id', type: 'UInt64' },
          { name: 'lo x', type: 'Date' },
          { name: 'MAX', type: 'Date' },
        ],
        primaryKey: ['id'],
        source: { type: 'CLICKHOUSE', params: { TABLE: 'src' } },
        layout: { type: 'RANGE_HASHED', params: {} },
        lifetime: { min: 0, max: 60 },
        range: { min: 'lo x', max: 'MAX' },
      },
    ],
    [
      'direct',
      {
        attributes: [
          { name: 'id', type: 'UInt64' },
          { name: 'name', type: 'String' },
        ],
        primaryKey: ['id'],
        source: { type: 'HTTP', params: { URL: 'http://localhost:1/x', FORMAT: 'TSV' } },
        layout: { type: 'DIRECT', params: {} },
        unsupported: ["parameter HEADERS(HEADER (NAME 'a' VALUE 'b'))"],
      },
    ],
    [
      'cached',
      {
        attributes: [
          { name: 'id', type: 'UInt64' },
          { name: 'name', type: 'String' },
        ],
        primaryKey: ['id'],
        source: { type: 'CLICKHOUSE', params: { HOST: 'localhost', PORT: '9000', TABLE: 'src', DB: D } },
        layout: { type: 'CACHE', params: { SIZE_IN_CELLS: '1000' } },
        lifetime: { min: 1, max: 5 },
      },
    ],
    [
      'tricky',
      {
        attributes: [
          { name: 'id', type: 'UInt64' },
          { name: 'lifetime', type: 'String', default: "'HIERARCHICAL SOURCE(x)'" },
          { name: 'range', type: 'String', expression: "concat('DEFAULT ', name)" },
        ],
        primaryKey: ['id'],
        source: { type: 'CLICKHOUSE', params: { TABLE: 'src', DB: D } },
        layout: { type: 'FLAT', params: { INITIAL_ARRAY_SIZE: '1024', MAX_ARRAY_SIZE: '500000' } },
        lifetime: { min: 0, max: 0 },
        comment: 'LAYOUT(HASHED()) RANGE',
      },
    ],
    [
      'keyword_key',
      {
        attributes: [
          { name: 'LIFETIME', type: 'UInt64' },
          { name: 'SOURCE', type: 'String' },
          { name: 'COMMENT', type: 'String' },
        ],
        primaryKey: ['LIFETIME'],
        source: { type: 'CLICKHOUSE', params: { TABLE: 'src', DB: D } },
        layout: { type: 'HASHED', params: {} },
        lifetime: { min: 0, max: 1 },
      },
    ],
    [
      'keyword_keys',
      {
        attributes: [
          { name: 'RANGE', type: 'UInt64' },
          { name: 'COMMENT', type: 'String' },
        ],
        primaryKey: ['RANGE', 'COMMENT'],
        source: { type: 'CLICKHOUSE', params: { TABLE: 'src', DB: D } },
        layout: { type: 'COMPLEX_KEY_HASHED', params: {} },
        lifetime: { min: 0, max: 2 },
        comment: 'k',
      },
    ],
    [
      'pg',
      {
        attributes: [
          { name: 'id', type: 'UInt64' },
          { name: 'name', type: 'String' },
        ],
        primaryKey: ['id'],
        source: { type: 'POSTGRESQL', params: { PORT: '5432', USER: 'u', DB: 'x', TABLE: 't' }, passwordSet: true },
        layout: { type: 'HASHED', params: { SHARDS: '4', SHARD_LOAD_QUEUE_BACKLOG: '100' } },
        lifetime: { min: 0, max: 10 },
        unsupported: ["parameter REPLICA(HOST 'h1' PRIORITY 1)", "parameter REPLICA(HOST 'h2' PRIORITY 2)"],
      },
    ],
    [
      'nul',
      {
        attributes: [
          { name: 'id', type: 'UInt64' },
          { name: 'name', type: 'String' },
        ],
        primaryKey: ['id'],
        source: { type: 'NULL', params: {} },
        layout: { type: 'FLAT', params: {} },
        lifetime: { min: 0, max: 10 },
      },
    ],
  ])('GIVEN the printed %s THEN the spec read is all of it', (name, rest) => {
    expect(read(name)).toStrictEqual({ kind: 'dictionary', database: D, name, ...rest });
  });

  test('GIVEN a password hidden by the server THEN only that one is set, never the text [HIDDEN]', () => {
    expect(JSON.stringify(read('complex'))).not.toContain('HIDDEN');
    expect(read('plain')!.source).not.toHaveProperty('passwordSet');
  });

  test('GIVEN SHOW CREATE DICTIONARY over many lines THEN the same spec as its one-line create_table_query', () => {
    expect(dictionaryFromCreateQuery(D, 'tricky', shown(SHOW_CREATE_DICTIONARY_SQL))).toStrictEqual(read('tricky'));
  });

  test('GIVEN SHOW CREATE TABLE of a detached dictionary THEN it is read as a dictionary; of a table THEN undefined', () => {
    expect(dictionaryFromCreateQuery(D, 'exe', shown(SHOW_CREATE_TABLE_SQL[0]))).toStrictEqual({
      kind: 'dictionary',
      database: D,
      name: 'exe',
      attributes: [
        { name: 'id', type: 'UInt64' },
        { name: 'name', type: 'String' },
      ],
      primaryKey: ['id'],
      source: { type: 'EXECUTABLE', params: { COMMAND: 'cat', FORMAT: 'TSV', IMPLICIT_KEY: '1' } },
      layout: { type: 'HASHED', params: {} },
      lifetime: { min: 0, max: 10 },
    });
    expect(dictionaryFromCreateQuery(D, 'src', shown(SHOW_CREATE_TABLE_SQL[1]))).toBeUndefined();
  });

  test('GIVEN a printed text with DICTIONARY elsewhere than the head THEN undefined', () => {
    expect(dictionaryFromCreateQuery(D, 'plain', `-- ${printed('plain')}`)).toBeUndefined();
  });
});

describe('introspect-dictionaries: the parts of a printed dictionary', () => {
  test('GIVEN the SOURCE parameters of complex THEN strings unquoted, the hidden password only as set', () => {
    const body = /SOURCE\(CLICKHOUSE\((.*)\)\) LIFETIME/.exec(printed('complex'))![1];
    expect(parseDictionaryParams(body)).toEqual({
      params: { QUERY: `SELECT id, k2 AS \`k 2\`, name AS \`we\\\`ird\` FROM ${D}.src`, USER: 'default' },
      password: true,
      unsupported: [],
    });
  });

  test('GIVEN the SOURCE parameters of pg THEN numbers as printed, each REPLICA(...) named as unsupported', () => {
    const body = /SOURCE\(POSTGRESQL\((.*)\)\) LIFETIME/.exec(printed('pg'))![1];
    expect(parseDictionaryParams(body)).toEqual({
      params: { PORT: '5432', USER: 'u', DB: 'x', TABLE: 't' },
      password: true,
      unsupported: ["parameter REPLICA(HOST 'h1' PRIORITY 1)", "parameter REPLICA(HOST 'h2' PRIORITY 2)"],
    });
  });

  test('GIVEN the empty parameters of NULL() or HASHED() THEN none', () => {
    expect(parseDictionaryParams('')).toEqual({ params: {}, password: false, unsupported: [] });
  });

  test.each<[string, number, ReturnType<typeof parseDictionaryAttribute>]>([
    ['plain', 1, { attribute: { name: 'name', type: 'String', default: "''" }, unsupported: [] }],
    ['plain', 3, { attribute: { name: 'up', type: 'String', expression: 'upper(name)', injective: true }, unsupported: [] }],
    ['complex', 2, { attribute: { name: 'we`ird', type: 'String', default: "'a\\'b'" }, unsupported: [] }],
    ['ranged', 5, { attribute: { name: 'parent', type: 'UInt64', hierarchical: true }, unsupported: ['attribute parent: BIDIRECTIONAL'] }],
    ['tricky', 1, { attribute: { name: 'lifetime', type: 'String', default: "'HIERARCHICAL SOURCE(x)'" }, unsupported: [] }],
  ])('GIVEN attribute %s[%d] as printed THEN its parts', (name, i, expected) => {
    const defs = /^[^(]*\((.*?)\) PRIMARY KEY/.exec(printed(name))![1].split(/, (?=`)/);
    expect(parseDictionaryAttribute(defs[i])).toStrictEqual(expected);
  });
});
