// validateSpec and its helpers, without a server: which specs are accepted, and for each refused
// one the exact problems (field path and message). Malformed input comes in as plain JSON would
// (a construct or an HCL user can send anything), hence the casts.
import { ColumnSpec, DatabaseSpec, GrantSpec, MaterializedViewSpec, ObjectSpec, SettingsProfileSpec, TableSpec, UserSpec } from '../../sql/spec/model';
import {
  Problem,
  flattenNested,
  isDateType,
  nestedFields,
  typeProblem,
  validateDatabase,
  validateGrant,
  validateProfile,
  validateSpec,
  validateTable,
  validateUser,
  validateView,
} from '../../sql/spec/validate-spec';

/** Malformed input: what a caller sends is not checked by TypeScript. */
const loose = <T>(value: unknown): T => value as T;

const COLUMNS: ColumnSpec[] = [
  { name: 'ts', type: 'DateTime' },
  { name: 'n', type: 'UInt64' },
];
const table = (over: Record<string, unknown> = {}): TableSpec =>
  loose<TableSpec>({ kind: 'table', database: 'monitor', name: 't', columns: COLUMNS, engine: { name: 'MergeTree' }, orderBy: ['ts'], ...over });
const view = (over: Record<string, unknown> = {}): MaterializedViewSpec =>
  loose<MaterializedViewSpec>({
    kind: 'materialized_view',
    database: 'monitor',
    name: 'v',
    to: { database: 'monitor', name: 't' },
    select: 'SELECT 1',
    ...over,
  });
const user = (over: Record<string, unknown> = {}): UserSpec =>
  loose<UserSpec>({ kind: 'user', name: 'u', auth: { method: 'sha256_hash', passwordEnv: 'U_PASSWORD' }, ...over });
const profile = (over: Record<string, unknown> = {}): SettingsProfileSpec =>
  loose<SettingsProfileSpec>({ kind: 'settings_profile', name: 'p', settings: [{ name: 'max_threads', value: 4 }], ...over });
const grant = (over: Record<string, unknown> = {}): GrantSpec =>
  loose<GrantSpec>({ kind: 'grant', grantee: 'u', grants: [{ privilege: 'SELECT', database: 'monitor' }], ...over });
const database = (over: Record<string, unknown> = {}): DatabaseSpec => loose<DatabaseSpec>({ kind: 'database', name: 'monitor', ...over });

const NOT_IDENT = (name: string): string => `${JSON.stringify(name)} is not a plain identifier: use ASCII letters, digits and "_", not starting with a digit`;
const TABLE_ATTRIBUTES = "'comment', 'settings', 'ttl', 'sampleBy', 'columnComments', 'columnCodecs', 'columnTtls', 'columnDefaults', 'indexes', 'projections'";

describe('typeProblem', () => {
  test.each<[string, unknown, string | undefined]>([
    ['a simple type', 'String', undefined],
    ['a simple type with spaces around', '  UInt64  ', undefined],
    ['a parametric type', 'DateTime64(3)', undefined],
    ['a parametric type with a space before the bracket', 'DateTime64 (3)', undefined],
    ['a parametric type over lines', "DateTime64(3,\n'UTC')", undefined],
    ['nested wrappers', 'Array(Nullable(LowCardinality(String)))', undefined],
    ['a Map', 'Map(String, Array(UInt8))', undefined],
    ['a Map over lines', 'Map(String,\n UInt8)', undefined],
    ['a Nested type', 'Nested(name String, ts DateTime)', undefined],
    ['Tuple is not looked into', 'Tuple(a Whatever)', undefined],
    ['not a string', 42, 'must be a string, got number'],
    ['empty', '  ', 'must not be empty'],
    ['an unknown name', 'Strin', 'unknown type "Strin"'],
    ['a parametric-only name without arguments', 'Decimal', 'unknown type "Decimal"'],
    ['an unknown parametric name', 'Strin(3)', 'unknown parametric type "Strin"'],
    ['a simple type with arguments', 'UInt8(3)', 'unknown parametric type "UInt8"'],
    ['text before the name', '1String', '"1String" is not a ClickHouse type'],
    ['text after the name', 'String x', '"String x" is not a ClickHouse type'],
    ['text after the arguments', 'Array(String) x', '"Array(String) x" is not a ClickHouse type'],
    ['an unknown type inside Nullable', 'Nullable(Strin)', 'unknown type "Strin"'],
    ['an unknown type inside LowCardinality', 'LowCardinality(Strin)', 'unknown type "Strin"'],
    ['an unknown type inside Array', 'Array(Array(Strin))', 'unknown type "Strin"'],
    ['a Map with one argument', 'Map(String)', 'Map takes a key and a value type, got "Map(String)"'],
    ['a Map with three arguments', 'Map(String, String, String)', 'Map takes a key and a value type, got "Map(String, String, String)"'],
    ['a Map with an unknown key type', 'Map(Strin, String)', 'unknown type "Strin"'],
    ['a Map with an unknown value type', 'Map(String, Strin)', 'unknown type "Strin"'],
    ['Nested without fields', 'Nested()', 'Nested takes named fields, e.g. Nested(name String, ts DateTime), got "Nested()"'],
    ['Nested with a field without a name', 'Nested(String)', 'Nested takes named fields, e.g. Nested(name String, ts DateTime), got "Nested(String)"'],
    ['Nested with an unknown field type', 'Nested(a String, b Strin)', 'Nested field "b": unknown type "Strin"'],
    ['Nested with a quoted field name that is not an identifier', 'Nested(`a b` String)', `Nested field "a b": ${NOT_IDENT('a b')}`],
    ['an unbalanced bracket', 'Array(String', 'has an unclosed "("'],
  ])('%s', (_name, type, expected) => expect(typeProblem(type)).toBe(expected));
});

describe('nestedFields and flattenNested', () => {
  test('the fields of a Nested type, quoted names unquoted, types trimmed', () => {
    expect(nestedFields(' Nested (`ev` String,  ts   DateTime64(3) ,\n tags Array(String))')).toEqual([
      { name: 'ev', type: 'String' },
      { name: 'ts', type: 'DateTime64(3)' },
      { name: 'tags', type: 'Array(String)' },
    ]);
  });
  test('a quoted field name may hold an escaped backtick', () => {
    expect(nestedFields('Nested(`a\\`b` String)')).toEqual([{ name: 'a\\`b', type: 'String' }]);
  });
  test.each(['Array(Nested(a String))', 'Nested(a String) x', 'String', 'Nested(a)', 'Nested(1a String)', 'Nested(a String, )'])(
    '%p is not read as Nested fields',
    (type) => expect(nestedFields(type)).toBeUndefined(),
  );
  test('flattenNested turns a Nested column into one Array column per field and keeps the others', () => {
    const other: ColumnSpec = { name: 'id', type: 'UInt64', comment: 'kept as it is' };
    expect(flattenNested([other, { name: 'ev', type: 'Nested(name String, ts DateTime)' }])).toEqual([
      other,
      { name: 'ev.name', type: 'Array(String)' },
      { name: 'ev.ts', type: 'Array(DateTime)' },
    ]);
  });
});

describe('isDateType', () => {
  test.each<[string, boolean]>([
    ['Date', true],
    ['Date32', true],
    ['DateTime', true],
    ["DateTime('UTC')", true],
    ['DateTime64(3)', true],
    ['  Date  ', true],
    ['Nullable(DateTime)', true],
    ['LowCardinality(Date)', true],
    ['LowCardinality(Nullable(Date))', true],
    ['SimpleAggregateFunction(max, DateTime)', true],
    ['SimpleAggregateFunction(anyLast,\n Nullable(DateTime64(3)))', true],
    ['SimpleAggregateFunction(max, UInt64)', false],
    ['SimpleAggregateFunction(DateTime)', false],
    ['SimpleAggregateFunction(max, DateTime, Date)', false],
    ['Array(SimpleAggregateFunction(max, DateTime))', false],
    ['SimpleAggregateFunction(max, DateTime) x', false],
    ['String', false],
    ['UInt32', false],
    ['Dates', false],
    ['Array(Date)', false],
    ['Map(Date, Date)', false],
    ['Tuple(DateTime)', false],
    ['xDate', false],
  ])('%p holds dates: %p', (type, expected) => expect(isDateType(type)).toBe(expected));
});

describe('validateTable', () => {
  test('a complete valid table has no problem', () => {
    expect(
      validateTable(
        table({
          columns: [
            { name: 'ts', type: 'DateTime', comment: 'when', ttl: 'ts + INTERVAL 1 DAY' },
            { name: 'n', type: 'UInt64', defaultExpression: '0', codec: 'ZSTD(3)' },
            { name: 'ev', type: 'Nested(name String, at DateTime)' },
            { name: 'ev2.name', type: 'Array(String)' },
          ],
          engine: { name: 'ReplicatedMergeTree', args: ["'/t/{shard}'", "'{replica}'"] },
          orderBy: ['ts', 'cityHash64(n)'],
          primaryKey: ['ts'],
          partitionBy: 'toYYYYMM(ts)',
          sampleBy: 'n',
          ttl: 'ts + INTERVAL 90 DAY',
          settings: { index_granularity: 8192, storage_policy: 'default' },
          indexes: [{ name: 'ix', expression: 'n', type: 'minmax', granularity: 2 }],
          projections: [{ name: 'p', query: 'SELECT n, count() GROUP BY n' }],
          ignoreUndeclared: ['comment', 'projections'],
        }),
      ),
    ).toEqual([]);
  });

  test.each<[string, Record<string, unknown>, Problem[]]>([
    ['a bad database name', { database: 'a-b' }, [{ field: 'database', message: NOT_IDENT('a-b') }]],
    ['a missing table name', { name: undefined }, [{ field: 'name', message: 'must be a string, got undefined' }]],
    ['no columns', { columns: [], orderBy: [] }, [{ field: 'columns', message: 'a table needs at least one column' }]],
    ['columns that are not a list', { columns: { ts: 'DateTime' }, orderBy: [] }, [{ field: 'columns', message: 'a table needs at least one column' }]],
    [
      'a bad column name',
      {
        columns: [
          { name: 'ts', type: 'DateTime' },
          { name: '1x', type: 'UInt8' },
        ],
      },
      [{ field: 'columns[1].name', message: NOT_IDENT('1x') }],
    ],
    [
      'a bad part of a dotted column name',
      {
        columns: [
          { name: 'ts', type: 'DateTime' },
          { name: 'ev.1x', type: 'Array(UInt8)' },
        ],
      },
      [
        {
          field: 'columns[1].name',
          message:
            '"ev.1x" is not a column name: each part of a dotted name (ev.name) is not a plain identifier: use ASCII letters, digits and "_", not starting with a digit',
        },
      ],
    ],
    [
      'a duplicate column',
      {
        columns: [
          { name: 'ts', type: 'DateTime' },
          { name: 'n', type: 'UInt8' },
          { name: 'ts', type: 'Date' },
        ],
      },
      [{ field: 'columns[2].name', message: 'duplicate column "ts" (also columns[0])' }],
    ],
    [
      'two columns without a string name are not duplicates of each other',
      {
        columns: [
          { name: 'ts', type: 'DateTime' },
          { name: 5, type: 'UInt8' },
          { name: 5, type: 'UInt8' },
        ],
      },
      [
        { field: 'columns[1].name', message: 'must be a string, got number' },
        { field: 'columns[2].name', message: 'must be a string, got number' },
      ],
    ],
    [
      'a bad column type',
      {
        columns: [
          { name: 'ts', type: 'DateTime' },
          { name: 'n', type: 'Int' },
        ],
      },
      [{ field: 'columns[1].type', message: 'unknown type "Int"' }],
    ],
    [
      'a Nested column whose name is not a string',
      {
        columns: [
          { name: 'ts', type: 'DateTime' },
          { name: 5, type: 'Nested(x String)' },
        ],
      },
      [{ field: 'columns[1].name', message: 'must be a string, got number' }],
    ],
    [
      'a Nested column with a dotted name',
      {
        columns: [
          { name: 'ts', type: 'DateTime' },
          { name: 'a.b', type: 'Nested(x String)' },
        ],
      },
      [{ field: 'columns[1].name', message: 'a Nested column has a plain name (its fields become name.field)' }],
    ],
    [
      'a Nested column with a default, codec, TTL and comment',
      {
        columns: [
          { name: 'ts', type: 'DateTime' },
          { name: 'ev', type: 'Nested(x String)', defaultExpression: '[]', codec: 'ZSTD', ttl: 'ts + INTERVAL 1 DAY', comment: 'c' },
        ],
      },
      ['defaultExpression', 'codec', 'ttl', 'comment'].map((part) => ({
        field: `columns[1].${part}`,
        message: `a Nested column takes no ${part}: declare its flattened columns (name.field Array(T)) instead`,
      })),
    ],
    [
      'bad column default, codec and TTL expressions',
      { columns: [{ name: 'ts', type: 'DateTime', defaultExpression: 'now(', codec: 'ZSTD; DROP', ttl: 'ts -- x' }] },
      [
        { field: 'columns[0].defaultExpression', message: 'has an unclosed "("' },
        { field: 'columns[0].codec', message: 'contains ";" outside a string literal: one expression, not several statements' },
        { field: 'columns[0].ttl', message: 'contains a comment outside a string literal' },
      ],
    ],
    [
      'an engine without a name',
      { engine: {} },
      [{ field: 'engine', message: expect.stringMatching(/^unknown engine undefined; known: MergeTree, ReplacingMergeTree, /) }],
    ],
    ['no engine', { engine: undefined }, [{ field: 'engine', message: expect.stringMatching(/^unknown engine undefined; known: MergeTree, /) }]],
    ['an engine name that is not a string', { engine: { name: 7 } }, [{ field: 'engine', message: expect.stringMatching(/^unknown engine 7; known: /) }]],
    [
      'an unknown engine',
      { engine: { name: 'MergeTre' } },
      [{ field: 'engine', message: expect.stringMatching(/^unknown engine "MergeTre"; known: .*, Distributed, Memory, Log, TinyLog, Null, Buffer$/) }],
    ],
    ['a bad engine argument', { engine: { name: 'MergeTree', args: ["'a'", "'b"] } }, [{ field: 'engine.args[1]', message: "has an unterminated ' quote" }]],
    ['an ORDER BY that is not a list', { orderBy: 'ts' }, [{ field: 'orderBy', message: 'must be a list of expressions ([] for tuple())' }]],
    ['a bad ORDER BY expression', { orderBy: ['ts', 'f(n'] }, [{ field: 'orderBy[1]', message: 'has an unclosed "("' }]],
    [
      'an ORDER BY name that is not a column',
      { orderBy: ['ts', 'missing', 'toDate(y)'] },
      [{ field: 'orderBy[1]', message: '"missing" is not a column of the table' }],
    ],
    ['an ORDER BY entry that is not a string is reported once', { orderBy: ['ts', null] }, [{ field: 'orderBy[1]', message: 'must be a string, got object' }]],
    ['a bad PRIMARY KEY expression', { primaryKey: ['ts)'] }, [{ field: 'primaryKey[0]', message: 'has an unbalanced ")"' }]],
    [
      'a PRIMARY KEY name that is not a column',
      { orderBy: ['ts', 'n'], primaryKey: ['ts', 'mm'] },
      [{ field: 'primaryKey[1]', message: '"mm" is not a column of the table' }],
    ],
    [
      'bad PARTITION BY and SAMPLE BY',
      { partitionBy: '', sampleBy: 'n;' },
      [
        { field: 'partitionBy', message: 'must not be empty' },
        { field: 'sampleBy', message: 'contains ";" outside a string literal: one expression, not several statements' },
      ],
    ],
    ['a bad TTL expression', { ttl: 'ts + INTERVAL 1 DAY /* x */' }, [{ field: 'ttl', message: 'contains a comment outside a string literal' }]],
    ['a TTL that names no column', { ttl: 'now() + INTERVAL 1 DAY' }, [{ field: 'ttl', message: 'TTL "now() + INTERVAL 1 DAY" names no column of the table' }]],
    [
      'a TTL that names a column only inside a string literal',
      { ttl: "toDateTime('ts') + INTERVAL 1 DAY" },
      [{ field: 'ttl', message: 'TTL "toDateTime(\'ts\') + INTERVAL 1 DAY" names no column of the table' }],
    ],
    [
      'a TTL over a column that holds no dates',
      { ttl: 'toDateTime(n) + INTERVAL 1 DAY' },
      [{ field: 'ttl', message: 'TTL needs a Date/DateTime column; n is UInt64' }],
    ],
    [
      'a TTL over several columns none of which holds dates',
      {
        columns: [
          { name: 'ts', type: 'DateTime' },
          { name: 'a', type: 'UInt32' },
          { name: 'b', type: 'String' },
        ],
        ttl: 'toDateTime(a + length(b)) + INTERVAL 1 DAY',
      },
      [{ field: 'ttl', message: 'TTL needs a Date/DateTime column; a is UInt32, b is String' }],
    ],
    ['a TTL as a number', { ttl: 5 }, [{ field: 'ttl', message: 'must be a string, got number' }]],
    ['ignoreUndeclared not a list', { ignoreUndeclared: 'comment' }, [{ field: 'ignoreUndeclared', message: `must be a list of ${TABLE_ATTRIBUTES}` }]],
    [
      'ignoreUndeclared with unknown entries',
      { ignoreUndeclared: ['comment', 'columns', 3] },
      [
        { field: 'ignoreUndeclared[1]', message: `"columns" is not one of ${TABLE_ATTRIBUTES}` },
        { field: 'ignoreUndeclared[2]', message: `3 is not one of ${TABLE_ATTRIBUTES}` },
      ],
    ],
    ['a bad setting name', { settings: { 'a-b': 1 } }, [{ field: 'settings.a-b', message: NOT_IDENT('a-b') }]],
    [
      'a setting that is neither number nor string',
      { settings: { index_granularity: true, ok: 'x' } },
      [{ field: 'settings.index_granularity', message: 'must be a number or string' }],
    ],
  ])('%s', (_name, over, expected) => expect(validateTable(table(over))).toEqual(expected));

  test('a TTL over a date column and a non-date column is accepted', () => {
    expect(validateTable(table({ ttl: 'ts + toIntervalDay(n)' }))).toEqual([]);
  });
  test('a TTL over a date column in a SimpleAggregateFunction is accepted', () => {
    expect(validateTable(table({ columns: [{ name: 'ts', type: 'SimpleAggregateFunction(max, DateTime)' }], ttl: 'ts + INTERVAL 1 DAY' }))).toEqual([]);
  });
  test('a column named in ORDER BY is checked only when the columns are a list', () => {
    expect(validateTable(table({ columns: 'ts', orderBy: ['x'] })).map((p) => p.field)).toEqual(['columns']);
  });
});

describe('validateTable: indexes and projections', () => {
  test.each<[string, Record<string, unknown>, Problem[]]>([
    [
      'indexes that are not a list',
      { indexes: { ix: 'minmax' } },
      [{ field: 'indexes', message: 'must be a list of { name, expression, type, granularity? }' }],
    ],
    [
      'an index entry that is not an object',
      { indexes: [null] },
      [
        { field: 'indexes[0].name', message: 'must be a string, got undefined' },
        { field: 'indexes[0].expression', message: 'must be a string, got undefined' },
        { field: 'indexes[0].type', message: 'must be a string, got undefined' },
      ],
    ],
    [
      'a duplicate index name',
      {
        indexes: [
          { name: 'a', expression: 'n', type: 'minmax' },
          { name: 'b', expression: 'n', type: 'minmax' },
          { name: 'a', expression: 'ts', type: 'minmax' },
        ],
      },
      [{ field: 'indexes[2].name', message: 'duplicate index "a" (also indexes[0])' }],
    ],
    [
      'index names that are not strings are not duplicates',
      {
        indexes: [
          { name: 1, expression: 'n', type: 'minmax' },
          { name: 1, expression: 'n', type: 'minmax' },
        ],
      },
      [
        { field: 'indexes[0].name', message: 'must be a string, got number' },
        { field: 'indexes[1].name', message: 'must be a string, got number' },
      ],
    ],
    [
      'an empty index expression',
      { indexes: [{ name: 'a', expression: ' ', type: 'minmax' }] },
      [{ field: 'indexes[0].expression', message: 'must not be empty' }],
    ],
    [
      'an unsafe index type',
      { indexes: [{ name: 'a', expression: 'n', type: 'set(1); DROP' }] },
      [{ field: 'indexes[0].type', message: 'contains ";" outside a string literal: one expression, not several statements' }],
    ],
    ...['bloom filter', '1minmax', 'minmax x', 'set(1) x', '(1)'].map((type): [string, Record<string, unknown>, Problem[]] => [
      `index type ${JSON.stringify(type)}`,
      { indexes: [{ name: 'a', expression: 'n', type }] },
      [{ field: 'indexes[0].type', message: `${JSON.stringify(type)} is not an index type (e.g. 'minmax', 'set(100)', 'bloom_filter(0.01)')` }],
    ]),
    ...[0, -1, 1.5, '2', null].map((granularity): [string, Record<string, unknown>, Problem[]] => [
      `granularity ${JSON.stringify(granularity)}`,
      { indexes: [{ name: 'a', expression: 'n', type: 'minmax', granularity }] },
      [{ field: 'indexes[0].granularity', message: `must be a whole number of granules, at least 1 (got ${JSON.stringify(granularity)})` }],
    ]),
    ['projections that are not a list', { projections: 'p' }, [{ field: 'projections', message: 'must be a list of { name, query }' }]],
    [
      'a projection entry that is not an object',
      { projections: [null] },
      [
        { field: 'projections[0].name', message: 'must be a string, got undefined' },
        { field: 'projections[0].query', message: 'must be a string, got undefined' },
      ],
    ],
    [
      'a duplicate projection name',
      {
        projections: [
          { name: 'p', query: 'SELECT *' },
          { name: 'p', query: 'SELECT n' },
        ],
      },
      [{ field: 'projections[1].name', message: 'duplicate projection "p" (also projections[0])' }],
    ],
    ...['INSERT 1', 'x SELECT n', 'SELECTED', 'FROM t SELECT n'].map((query): [string, Record<string, unknown>, Problem[]] => [
      `projection query ${JSON.stringify(query)}`,
      { projections: [{ name: 'p', query }] },
      [{ field: 'projections[0].query', message: "must be a SELECT without FROM, e.g. 'SELECT k, count() GROUP BY k'" }],
    ]),
    [
      'indexes and projections on an engine outside the MergeTree family',
      { engine: { name: 'Memory' }, orderBy: [], indexes: [{ name: 'a', expression: 'n', type: 'minmax' }], projections: [{ name: 'p', query: 'SELECT *' }] },
      [
        { field: 'indexes', message: 'indexes need an engine of the MergeTree family (the table\'s is "Memory")' },
        { field: 'projections', message: 'projections need an engine of the MergeTree family (the table\'s is "Memory")' },
      ],
    ],
    [
      'indexes on a table whose engine name is not a string',
      { engine: { name: 3 }, indexes: [{ name: 'a', expression: 'n', type: 'minmax' }] },
      [
        { field: 'engine', message: expect.stringMatching(/^unknown engine 3;/) },
        { field: 'indexes', message: 'indexes need an engine of the MergeTree family (the table\'s is "")' },
      ],
    ],
  ])('%s', (_name, over, expected) => expect(validateTable(table(over))).toEqual(expected));

  test.each(['minmax', 'set(100)', 'bloom_filter (0.01)', 'tokenbf_v1(256,\n 2, 0)', ' ngrambf_v1(3, 256, 2, 0) '])('index type %p is accepted', (type) => {
    expect(validateTable(table({ indexes: [{ name: 'a', expression: 'n', type, granularity: 1 }] }))).toEqual([]);
  });
  test.each(['SELECT *', '  select n ORDER BY n', '\nSELECT\nn'])('projection query %p is accepted', (query) => {
    expect(validateTable(table({ projections: [{ name: 'p', query }] }))).toEqual([]);
  });
  test('empty index and projection lists need no MergeTree engine', () => {
    expect(validateTable(table({ engine: { name: 'Log' }, orderBy: [], indexes: [], projections: [] }))).toEqual([]);
  });
});

describe('validateDatabase', () => {
  test.each<[string, Record<string, unknown>, Problem[]]>([
    ['the default engine', {}, []],
    ...['Atomic', 'Ordinary', 'Lazy(3600)', 'Memory'].map((engine): [string, Record<string, unknown>, Problem[]] => [engine, { engine }, []]),
    ['Replicated with arguments', { engine: "Replicated('/db/{uuid}', '{shard}', '{replica}')" }, []],
    ['ignoreUndeclared comment', { ignoreUndeclared: ['comment'] }, []],
    ['a bad name', { name: 'my db' }, [{ field: 'name', message: NOT_IDENT('my db') }]],
    ['an unknown engine', { engine: 'MySQL' }, [{ field: 'engine', message: 'unknown database engine "MySQL"' }]],
    ['a known engine name with a suffix', { engine: 'Atomics' }, [{ field: 'engine', message: 'unknown database engine "Atomics"' }]],
    [
      'a known engine with a bad argument list',
      { engine: 'Replicated(;' },
      [{ field: 'engine', message: 'contains ";" outside a string literal: one expression, not several statements' }],
    ],
    ['ignoreUndeclared of a table attribute', { ignoreUndeclared: ['ttl'] }, [{ field: 'ignoreUndeclared[0]', message: `"ttl" is not one of 'comment'` }]],
    ['ignoreUndeclared not a list', { ignoreUndeclared: {} }, [{ field: 'ignoreUndeclared', message: "must be a list of 'comment'" }]],
  ])('%s', (_name, over, expected) => expect(validateDatabase(database(over))).toEqual(expected));
});

describe('validateView', () => {
  test.each<[string, Record<string, unknown>, Problem[]]>([
    ['a plain view', {}, []],
    ['a WITH query over lines', { select: '\nwith 1 AS x\nSELECT x' }, []],
    [
      'a column list',
      {
        columns: [
          { name: 'k', type: 'UInt64' },
          { name: 'ev.x', type: 'Array(String)' },
        ],
        ignoreUndeclared: ['comment'],
      },
      [],
    ],
    [
      'a bad name and database',
      { database: '', name: 'v-1' },
      [
        { field: 'database', message: 'must not be empty' },
        { field: 'name', message: NOT_IDENT('v-1') },
      ],
    ],
    [
      'no target and no inner table',
      { to: undefined },
      [{ field: 'to', message: 'a materialized view needs a TO table, or an inner table (engine and orderBy)' }],
    ],
    [
      'a bad target',
      { to: { database: 'a b', name: '1t' } },
      [
        { field: 'to.database', message: NOT_IDENT('a b') },
        { field: 'to.name', message: NOT_IDENT('1t') },
      ],
    ],
    [
      'an unsafe SELECT',
      { select: 'SELECT 1; DROP TABLE t' },
      [{ field: 'select', message: 'contains ";" outside a string literal: one expression, not several statements' }],
    ],
    ['a query that is not a SELECT', { select: 'INSERT INTO t SELECT 1' }, [{ field: 'select', message: 'must be a SELECT (or WITH ... SELECT) query' }]],
    [
      'a query that starts with SELECT as part of a word',
      { select: 'SELECTION' },
      [{ field: 'select', message: 'must be a SELECT (or WITH ... SELECT) query' }],
    ],
    ['a query with text before SELECT', { select: 'x SELECT 1' }, [{ field: 'select', message: 'must be a SELECT (or WITH ... SELECT) query' }]],
    ['an empty column list', { columns: [] }, [{ field: 'columns', message: 'a declared column list needs at least one column' }]],
    ['a column list that is not a list', { columns: { k: 'UInt64' } }, [{ field: 'columns', message: 'a declared column list needs at least one column' }]],
    [
      'bad columns',
      { columns: [{ name: 'k', type: 'UInt64' }, { name: '1k', type: 'Strin' }, null] },
      [
        { field: 'columns[1].name', message: NOT_IDENT('1k') },
        { field: 'columns[1].type', message: 'unknown type "Strin"' },
        { field: 'columns[2].name', message: 'must be a string, got undefined' },
        { field: 'columns[2].type', message: 'must be a string, got undefined' },
      ],
    ],
    [
      'ignoreUndeclared of a table attribute',
      { ignoreUndeclared: ['settings'] },
      [{ field: 'ignoreUndeclared[0]', message: `"settings" is not one of 'comment'` }],
    ],
  ])('%s', (_name, over, expected) => expect(validateView(view(over))).toEqual(expected));

  test('a SELECT that is not a string is reported once, as not a string', () => {
    expect(validateView(view({ select: 5 }))).toEqual([{ field: 'select', message: 'must be a string, got number' }]);
  });
});

describe('validateUser', () => {
  test.each<[string, Record<string, unknown>, Problem[]]>([
    ['a sha256 user', {}, []],
    ['a no_password user', { auth: { method: 'no_password' } }, []],
    ['a user with everything', { defaultDatabase: 'monitor', profiles: ['p1', 'p2'], hosts: { ip: ['10.0.0.0/8'], like: ['%.example.com'], local: true } }, []],
    ['a bad name', { name: 'u;' }, [{ field: 'name', message: NOT_IDENT('u;') }]],
    ['no auth', { auth: undefined }, [{ field: 'auth.method', message: "must be 'sha256_hash' or 'no_password'" }]],
    [
      'an unknown method',
      { auth: { method: 'plaintext_password', passwordEnv: 'P' } },
      [{ field: 'auth.method', message: "must be 'sha256_hash' or 'no_password'" }],
    ],
    ...[undefined, 'my password', '1PASS', 5].map((passwordEnv): [string, Record<string, unknown>, Problem[]] => [
      `sha256_hash with passwordEnv ${JSON.stringify(passwordEnv)}`,
      { auth: { method: 'sha256_hash', passwordEnv } },
      [{ field: 'auth.passwordEnv', message: 'must name the environment variable that holds the password at apply time (a name, never the password)' }],
    ]),
    ['a bad default database', { defaultDatabase: 'a.b' }, [{ field: 'defaultDatabase', message: NOT_IDENT('a.b') }]],
    ['a bad profile', { profiles: ['ok', ''] }, [{ field: 'profiles[1]', message: 'must not be empty' }]],
    [
      'bad host entries',
      { hosts: { ip: ['10.0.0.1'], like: ['%; DROP'], regexp: ['(a'], local: true } },
      [
        { field: 'hosts.like[0]', message: 'contains ";" outside a string literal: one expression, not several statements' },
        { field: 'hosts.regexp[0]', message: 'has an unclosed "("' },
      ],
    ],
  ])('%s', (_name, over, expected) => expect(validateUser(user(over))).toEqual(expected));
});

describe('validateProfile', () => {
  test.each<[string, Record<string, unknown>, Problem[]]>([
    ['a profile', { settings: [{ name: 'max_threads', value: 4, min: '1', max: 8 }], inherit: ['default'] }, []],
    ['a profile without settings', { settings: undefined }, []],
    ['a bad name', { name: '' }, [{ field: 'name', message: 'must not be empty' }]],
    [
      'a bad setting name',
      {
        settings: [
          { name: 'ok', value: 1 },
          { name: 'max-threads', value: 1 },
        ],
      },
      [{ field: 'settings[1].name', message: NOT_IDENT('max-threads') }],
    ],
    [
      'values that are neither number nor string',
      { settings: [{ name: 'max_threads', value: true, min: null, max: [1] }] },
      [
        { field: 'settings[0].value', message: 'must be a number or string' },
        { field: 'settings[0].min', message: 'must be a number or string' },
        { field: 'settings[0].max', message: 'must be a number or string' },
      ],
    ],
    ['a bad inherited profile', { inherit: ['default', 'a b'] }, [{ field: 'inherit[1]', message: NOT_IDENT('a b') }]],
  ])('%s', (_name, over, expected) => expect(validateProfile(profile(over))).toEqual(expected));
});

describe('validateGrant', () => {
  test.each<[string, Record<string, unknown>, Problem[]]>([
    ['a database grant', {}, []],
    [
      'global, table and column grants',
      {
        grants: [
          { privilege: 'ALL', database: '*' },
          { privilege: 'select', database: 'monitor', table: '*' },
          { privilege: 'INSERT', database: 'monitor', table: 't', columns: ['a', 'b'] },
        ],
      },
      [],
    ],
    ['a bad grantee', { grantee: 'a b' }, [{ field: 'grantee', message: NOT_IDENT('a b') }]],
    ['no privileges', { grants: [] }, [{ field: 'grants', message: 'declare at least one privilege' }]],
    ['grants missing', { grants: undefined }, [{ field: 'grants', message: 'declare at least one privilege' }]],
    [
      'a privilege that is not a string',
      { grants: [{ privilege: 5, database: 'monitor' }] },
      [{ field: 'grants[0].privilege', message: '5 is not a privilege name' }],
    ],
    ['a null privilege', { grants: [{ privilege: null, database: 'monitor' }] }, [{ field: 'grants[0].privilege', message: 'null is not a privilege name' }]],
    [
      'a privilege with other characters',
      { grants: [{ privilege: 'SELECT;', database: 'monitor' }] },
      [{ field: 'grants[0].privilege', message: '"SELECT;" is not a privilege name' }],
    ],
    [
      'an unknown privilege',
      { grants: [{ privilege: 'SELEKT', database: 'monitor' }] },
      [{ field: 'grants[0].privilege', message: '"SELEKT" is not a privilege this ClickHouse knows (see system.privileges)' }],
    ],
    [
      'bad database, table and columns',
      { grants: [{ privilege: 'SELECT', database: 'my db', table: 't-1', columns: ['a', '2b'] }] },
      [
        { field: 'grants[0].database', message: NOT_IDENT('my db') },
        { field: 'grants[0].table', message: NOT_IDENT('t-1') },
        { field: 'grants[0].columns[1]', message: NOT_IDENT('2b') },
      ],
    ],
    ['a missing database', { grants: [{ privilege: 'SELECT' }] }, [{ field: 'grants[0].database', message: 'must be a string, got undefined' }]],
  ])('%s', (_name, over, expected) => expect(validateGrant(grant(over))).toEqual(expected));
});

describe('validateSpec', () => {
  test.each<[string, () => ObjectSpec, string]>([
    ['database', () => database({ name: 'a b' }), 'name'],
    ['table', () => table({ columns: [], orderBy: [] }), 'columns'],
    ['materialized_view', () => view({ select: 'DROP' }), 'select'],
    ['user', () => user({ auth: { method: 'x' } }), 'auth.method'],
    ['settings_profile', () => profile({ inherit: ['a b'] }), 'inherit[0]'],
    ['grant', () => grant({ grants: [] }), 'grants'],
  ])('a %s goes to its own rules', (_kind, make, field) => {
    const spec = make();
    expect(validateSpec(spec).map((p) => p.field)).toEqual([field]);
  });
});
