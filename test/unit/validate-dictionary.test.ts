// Validation of a dictionary spec (sql/spec/validate-dictionary.ts), through the Dictionary
// construct: each problem refuses construction with one message naming the construct path, the
// field and what is wrong; a spec with several problems lists each. No synth, no server.
import { Testing } from 'cdktf';
import { ClickHouseStack } from '../../constructs/clickhouse-stack';
import { Database } from '../../constructs/database';
import { Dictionary, DictionaryProps } from '../../constructs/dictionary';
import { validateDictionary } from '../../sql/spec/validate-dictionary';
import { DictionarySpec } from '../../sql/spec/model';

const base = (db: Database): DictionaryProps => ({
  database: db,
  name: 'names_dict',
  attributes: [
    { name: 'id', type: 'UInt64' },
    { name: 'name', type: 'String', default: "''" },
    { name: 'lo', type: 'Date' },
    { name: 'hi', type: 'Date' },
  ],
  primaryKey: ['id'],
  source: { type: 'CLICKHOUSE', params: { table: 'names', db: 'd' } },
  layout: { type: 'HASHED' },
  lifetime: 300,
});

/** The message construction fails with, or '' when it does not. */
function refusal(change: (p: DictionaryProps) => Partial<DictionaryProps>): string {
  const stack = new ClickHouseStack(Testing.app(), 's');
  const db = new Database(stack, 'db', { name: 'd' });
  const props = base(db);
  try {
    new Dictionary(stack, 'dict', { ...props, ...change(props) } as DictionaryProps);
    return '';
  } catch (e) {
    return (e as Error).message;
  }
}

// Props the types refuse (a number where a string goes, ...): what a JavaScript user can still pass.
const bad = <T>(v: unknown): T => v as T;

describe('dictionary validation: one problem, named with the construct path and field', () => {
  test.each<[string, (p: DictionaryProps) => Partial<DictionaryProps>, string]>([
    [
      'a name that is no identifier',
      () => ({ name: 'names dict' }),
      's/dict: name: "names dict" is not a plain identifier: use ASCII letters, digits and "_", not starting with a digit',
    ],
    [
      'no attributes',
      () => ({ attributes: [] }),
      's/dict: 2 problems:\n  - attributes: a dictionary needs at least its key attribute\n  - primaryKey[0]: "id" is not an attribute of the dictionary',
    ],
    [
      'attributes that are no list',
      () => ({ attributes: bad('id UInt64') }),
      's/dict: 2 problems:\n  - attributes: a dictionary needs at least its key attribute\n  - primaryKey[0]: "id" is not an attribute of the dictionary',
    ],
    [
      'an attribute name that is no identifier',
      (p) => ({ attributes: [...p.attributes, { name: '1x', type: 'UInt8' }] }),
      's/dict: attributes[4].name: "1x" is not a plain identifier: use ASCII letters, digits and "_", not starting with a digit',
    ],
    [
      'a duplicate attribute',
      (p) => ({ attributes: [...p.attributes, { name: 'name', type: 'String' }] }),
      's/dict: attributes[4].name: duplicate attribute "name" (also attributes[1])',
    ],
    ['an unknown type', (p) => ({ attributes: [p.attributes[0], { name: 'name', type: 'Strin' }] }), 's/dict: attributes[1].type: unknown type "Strin"'],
    [
      'an empty default',
      (p) => ({ attributes: [p.attributes[0], { name: 'name', type: 'String', default: ' ' }] }),
      's/dict: attributes[1].default: must not be empty',
    ],
    [
      'an expression with an open bracket',
      (p) => ({ attributes: [p.attributes[0], { name: 'name', type: 'String', expression: 'upper(x' }] }),
      's/dict: attributes[1].expression: has an unclosed "("',
    ],
    [
      'hierarchical not a boolean',
      (p) => ({ attributes: [p.attributes[0], { name: 'parent', type: 'UInt64', hierarchical: bad('yes') }] }),
      's/dict: attributes[1].hierarchical: must be true or false',
    ],
    [
      'injective not a boolean',
      (p) => ({ attributes: [p.attributes[0], { name: 'name', type: 'String', injective: bad(1) }] }),
      's/dict: attributes[1].injective: must be true or false',
    ],
    ['no key', () => ({ primaryKey: [] }), 's/dict: primaryKey: name the key attribute(s)'],
    ['a key that is no list', () => ({ primaryKey: bad('id') }), 's/dict: primaryKey: name the key attribute(s)'],
    ['a key that is no attribute', () => ({ primaryKey: ['key'] }), 's/dict: primaryKey[0]: "key" is not an attribute of the dictionary'],
    ['a key that is no string', () => ({ primaryKey: bad([1]) }), 's/dict: primaryKey[0]: 1 is not an attribute of the dictionary'],
    [
      'no source type',
      () => ({ source: bad({ params: { table: 'names' } }) }),
      "s/dict: source.type: must be a source type, e.g. 'CLICKHOUSE', 'HTTP', 'FILE'",
    ],
    [
      'a source type that is no word',
      () => ({ source: { type: 'CLICK HOUSE', params: { table: 'names' } } }),
      "s/dict: source.type: must be a source type, e.g. 'CLICKHOUSE', 'HTTP', 'FILE'",
    ],
    [
      'source parameters that are a list',
      () => ({ source: { type: 'FILE', params: bad(['path']) } }),
      's/dict: source.params: must be an object of parameter name -> string or number',
    ],
    [
      'source parameters that are null',
      () => ({ source: { type: 'FILE', params: bad(null) } }),
      's/dict: source.params: must be an object of parameter name -> string or number',
    ],
    [
      'source parameters that are text',
      () => ({ source: { type: 'FILE', params: bad('path x') } }),
      's/dict: source.params: must be an object of parameter name -> string or number',
    ],
    [
      'a parameter name that is no word',
      () => ({ source: { type: 'CLICKHOUSE', params: { table: 'names', 'd b': 'd' } } }),
      's/dict: source.params.d b: "d b" is not a parameter name (letters, digits, "_")',
    ],
    [
      'a parameter value that is no string or number',
      () => ({ source: { type: 'CLICKHOUSE', params: bad({ table: 'names', port: true }) } }),
      's/dict: source.params.port: must be a string or a finite number',
    ],
    [
      'a parameter value that is no finite number',
      () => ({ source: { type: 'CLICKHOUSE', params: { table: 'names', port: Infinity } } }),
      's/dict: source.params.port: must be a string or a finite number',
    ],
    [
      'a literal password, any case',
      () => ({ source: { type: 'CLICKHOUSE', params: { table: 'names', PassWord: 'x' } } }),
      's/dict: source.params.PassWord: a password is never written in the spec: set source.passwordEnv to the environment variable that holds it at apply time',
    ],
    [
      'a password variable that is no name',
      () => ({ source: { type: 'CLICKHOUSE', params: { table: 'names' }, passwordEnv: 'MY-PW' } }),
      's/dict: source.passwordEnv: must name the environment variable that holds the password at apply time (a name, never the password)',
    ],
    [
      'a password variable that is true',
      () => ({ source: { type: 'CLICKHOUSE', params: { table: 'names' }, passwordEnv: bad(true) } }),
      's/dict: source.passwordEnv: must name the environment variable that holds the password at apply time (a name, never the password)',
    ],
    [
      'a password variable that is no string',
      () => ({ source: { type: 'CLICKHOUSE', params: { table: 'names' }, passwordEnv: bad(7) } }),
      's/dict: source.passwordEnv: must name the environment variable that holds the password at apply time (a name, never the password)',
    ],
    [
      'an empty password version',
      () => ({ source: { type: 'CLICKHOUSE', params: { table: 'names' }, passwordEnv: 'PW', passwordVersion: ' ' } }),
      "s/dict: source.passwordVersion: must be a non-empty string, e.g. '2' (bump it to set the password again)",
    ],
    [
      'a password version that is no string',
      () => ({ source: { type: 'CLICKHOUSE', params: { table: 'names' }, passwordEnv: 'PW', passwordVersion: bad(2) } }),
      "s/dict: source.passwordVersion: must be a non-empty string, e.g. '2' (bump it to set the password again)",
    ],
    [
      'a password version without its variable',
      () => ({ source: { type: 'CLICKHOUSE', params: { table: 'names' }, passwordVersion: '2' } }),
      's/dict: source.passwordVersion: rotates the source password: set source.passwordEnv too (the variable that holds it at apply time)',
    ],
    [
      'a CLICKHOUSE source with neither table nor query',
      () => ({ source: { type: 'clickhouse', params: { db: 'd' } } }),
      's/dict: source.params: a CLICKHOUSE source reads either a table (table, and db) or a query: set exactly one of table and query',
    ],
    [
      'a CLICKHOUSE source without parameters',
      () => ({ source: bad({ type: 'CLICKHOUSE' }) }),
      's/dict: source.params: a CLICKHOUSE source reads either a table (table, and db) or a query: set exactly one of table and query',
    ],
    [
      'a CLICKHOUSE source with TABLE and QUERY',
      () => ({ source: { type: 'CLICKHOUSE', params: { TABLE: 't', Query: 'SELECT 1' } } }),
      's/dict: source.params: a CLICKHOUSE source reads either a table (table, and db) or a query: set exactly one of table and query',
    ],
    ['no layout type', () => ({ layout: bad({}) }), "s/dict: layout.type: must be a layout type, e.g. 'HASHED', 'FLAT', 'COMPLEX_KEY_HASHED'"],
    [
      'a layout type that is no word',
      () => ({ layout: { type: 'COMPLEX KEY' } }),
      "s/dict: layout.type: must be a layout type, e.g. 'HASHED', 'FLAT', 'COMPLEX_KEY_HASHED'",
    ],
    [
      'a layout parameter value that is no string or number',
      () => ({ layout: { type: 'HASHED', params: bad({ shards: [2] }) } }),
      's/dict: layout.params.shards: must be a string or a finite number',
    ],
    [
      'two keys on a simple-key layout',
      () => ({ primaryKey: ['id', 'name'], layout: { type: 'sparse_hashed' } }),
      's/dict: layout.type: SPARSE_HASHED takes one key attribute; a key of 2 needs a COMPLEX_KEY_ layout (e.g. COMPLEX_KEY_HASHED)',
    ],
    [
      'no lifetime on HASHED',
      () => ({ lifetime: undefined }),
      's/dict: lifetime: a dictionary needs a LIFETIME (seconds, e.g. 300 or { min: 0, max: 300 }) unless its layout is DIRECT',
    ],
    [
      'no lifetime on a layout that only starts with DIRECT',
      () => ({ layout: { type: 'DIRECT_HASHED' }, lifetime: undefined }),
      's/dict: lifetime: a dictionary needs a LIFETIME (seconds, e.g. 300 or { min: 0, max: 300 }) unless its layout is DIRECT',
    ],
    ['a negative lifetime', () => ({ lifetime: -1 }), 's/dict: lifetime: must be a whole number of seconds, at least 0 (got -1)'],
    ['a lifetime in fractions of a second', () => ({ lifetime: 1.5 }), 's/dict: lifetime: must be a whole number of seconds, at least 0 (got 1.5)'],
    ['a lifetime that is text', () => ({ lifetime: bad('300') }), 's/dict: lifetime: must be seconds, or { min, max } in whole seconds'],
    ['a lifetime of null', () => ({ lifetime: bad(null) }), 's/dict: lifetime: must be seconds, or { min, max } in whole seconds'],
    ['a lifetime range with a negative min', () => ({ lifetime: { min: -1, max: 5 } }), 's/dict: lifetime: must be seconds, or { min, max } in whole seconds'],
    ['a lifetime range without max', () => ({ lifetime: bad({ min: 0 }) }), 's/dict: lifetime: must be seconds, or { min, max } in whole seconds'],
    ['a lifetime range min above max', () => ({ lifetime: { min: 6, max: 5 } }), 's/dict: lifetime.min: must not exceed lifetime.max (6 > 5)'],
    ['a range on a HASHED layout', () => ({ range: { min: 'lo', max: 'hi' } }), 's/dict: range: RANGE needs a RANGE_HASHED layout (the layout is HASHED)'],
    [
      'a range on a layout that only starts with RANGE_HASHED',
      () => ({ layout: { type: 'RANGE_HASHED_X' }, range: { min: 'lo', max: 'hi' } }),
      's/dict: range: RANGE needs a RANGE_HASHED layout (the layout is RANGE_HASHED_X)',
    ],
    [
      'a range of null',
      () => ({ layout: { type: 'RANGE_HASHED' }, range: bad(null) }),
      's/dict: 2 problems:\n  - range.min: undefined is not an attribute of the dictionary\n  - range.max: undefined is not an attribute of the dictionary',
    ],
    [
      'a range whose min is no attribute',
      () => ({ layout: { type: 'RANGE_HASHED' }, range: { min: 'from', max: 'hi' } }),
      's/dict: range.min: "from" is not an attribute of the dictionary',
    ],
    [
      'a range whose max is no attribute',
      () => ({ layout: { type: 'RANGE_HASHED' }, range: { min: 'lo', max: 'to' } }),
      's/dict: range.max: "to" is not an attribute of the dictionary',
    ],
    ['a comment that is no string', () => ({ comment: bad(5) }), 's/dict: comment: must be a string'],
  ])('GIVEN %s THEN construction fails with the field named', (_what, change, message) => {
    expect(refusal(change)).toBe(message);
  });

  test.each<[string, (p: DictionaryProps) => Partial<DictionaryProps>]>([
    ['the example dictionary', () => ({})],
    ['a DIRECT layout without lifetime', () => ({ layout: { type: 'DIRECT' }, lifetime: undefined })],
    [
      'a COMPLEX_KEY_DIRECT layout without lifetime and two keys',
      () => ({ layout: { type: 'complex_key_direct' }, lifetime: undefined, primaryKey: ['id', 'name'] }),
    ],
    ['a lifetime of 0, and MIN equal to MAX', () => ({ lifetime: 0 })],
    ['MIN equal to MAX', () => ({ lifetime: { min: 5, max: 5 } })],
    ['a range on RANGE_HASHED and COMPLEX_KEY_RANGE_HASHED', () => ({ layout: { type: 'range_hashed' }, range: { min: 'lo', max: 'hi' } })],
    [
      'two keys on COMPLEX_KEY_RANGE_HASHED',
      () => ({ layout: { type: 'COMPLEX_KEY_RANGE_HASHED' }, primaryKey: ['id', 'name'], range: { min: 'lo', max: 'hi' } }),
    ],
    [
      'a query source, a password from a variable and its version',
      () => ({ source: { type: 'CLICKHOUSE', params: { query: 'SELECT 1', port: 9000 }, passwordEnv: 'PW_1', passwordVersion: '2' } }),
    ],
    [
      'a FILE source with no table or query, layout parameters, flags, an expression',
      (p) => ({
        source: { type: 'FILE', params: { path: '/x', format: 'TSV' } },
        layout: { type: 'HASHED', params: { SHARDS: 2 } },
        attributes: [
          p.attributes[0],
          { name: 'parent', type: 'UInt64', hierarchical: true, injective: false },
          { name: 'u', type: 'String', expression: 'upper(x)' },
        ],
        comment: '',
      }),
    ],
  ])('GIVEN %s THEN it is accepted', (_what, change) => {
    expect(refusal(change)).toBe('');
  });
});

describe('dictionary validation: the problems of one spec, all of them', () => {
  test('GIVEN a database that is no identifier and several bad fields THEN each is named, in order', () => {
    const d = {
      kind: 'dictionary',
      database: '',
      name: 7,
      attributes: [{ name: 'id', type: 'UInt64' }, null],
      primaryKey: ['id', 'id2'],
      source: { type: 'HTTP', params: { url: 'http://x', 'bad key': 1, password: 'p' } },
      layout: { type: 'FLAT', params: 'x' },
      lifetime: 10,
      range: { min: 'id', max: 'nope' },
    } as unknown as DictionarySpec;
    expect(validateDictionary(d)).toEqual([
      { field: 'database', message: 'must not be empty' },
      { field: 'name', message: 'must be a string, got number' },
      { field: 'attributes[1].name', message: 'must be a string, got undefined' },
      { field: 'attributes[1].type', message: expect.stringMatching(/./) },
      { field: 'primaryKey[1]', message: '"id2" is not an attribute of the dictionary' },
      { field: 'source.params.bad key', message: '"bad key" is not a parameter name (letters, digits, "_")' },
      { field: 'source.params.password', message: expect.stringMatching(/^a password is never written/) },
      { field: 'layout.params', message: 'must be an object of parameter name -> string or number' },
      { field: 'layout.type', message: 'FLAT takes one key attribute; a key of 2 needs a COMPLEX_KEY_ layout (e.g. COMPLEX_KEY_HASHED)' },
      { field: 'range.max', message: '"nope" is not an attribute of the dictionary' },
      { field: 'range', message: 'RANGE needs a RANGE_HASHED layout (the layout is FLAT)' },
    ]);
  });

  test('GIVEN no layout at all and a range THEN the range names the layout as none; no source THEN its type', () => {
    const d = {
      kind: 'dictionary',
      database: 'd',
      name: 'x',
      attributes: [{ name: 'id', type: 'UInt64' }],
      primaryKey: ['id'],
      lifetime: 1,
      range: { min: 'id', max: 'id' },
    } as unknown as DictionarySpec;
    expect(validateDictionary(d)).toEqual([
      { field: 'source.type', message: "must be a source type, e.g. 'CLICKHOUSE', 'HTTP', 'FILE'" },
      { field: 'layout.type', message: "must be a layout type, e.g. 'HASHED', 'FLAT', 'COMPLEX_KEY_HASHED'" },
      { field: 'range', message: 'RANGE needs a RANGE_HASHED layout (the layout is none)' },
    ]);
  });
});
