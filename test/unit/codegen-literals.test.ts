// codegen/ts-literals and grants: the values of the generated code, literal by literal, and the
// live grant rows folded back into the fewest entries.
import * as vm from 'vm';
import { compactGrantEntries } from '../../sql/codegen';
import {
  camel,
  columnLiteral,
  grantLiteral,
  hostsLiteral,
  indexLiteral,
  profileSettingLiteral,
  projectionLiteral,
  settingLiteral,
  stringArray,
  tsIdentifier,
  tsKey,
  tsString,
} from '../../sql/codegen/ts-literals';
import { DEFAULT_PRIVILEGE_CATALOG } from '../../sql/spec/privileges';

describe('tsString: characters at the edges of escaping', () => {
  test.each([
    ['\u001f', "'\\u001f'"],
    ['\u007f', "'\\u007f'"],
    [' ~', "' ~'"],
    ['\u0080é', "'\u0080é'"],
    ['a\u2027b', "'a\u2027b'"],
    ['', "''"],
  ])('GIVEN %j THEN %s', (input, expected) => {
    expect(tsString(input)).toBe(expected);
    expect(vm.runInNewContext(`(${tsString(input)})`)).toBe(input);
  });
});

describe('tsKey', () => {
  test.each([
    ['_x', '_x'],
    ['$x1', '$x1'],
    ['X', 'X'],
    ['1a', "'1a'"],
    ['-a', "'-a'"],
    ['a-', "'a-'"],
    ['a b', "'a b'"],
    ['', "''"],
  ])('GIVEN key %j THEN %s', (key, expected) => {
    expect(tsKey(key)).toBe(expected);
  });
});

describe('tsIdentifier', () => {
  test.each([
    ['ABC_def', 'aBCDef'],
    ['x', 'x'],
    ['a__b', 'aB'],
    ['_ab', 'ab'],
    ['-x-y', 'xY'],
    ['9', '_9'],
    ['a9', 'a9'],
    ['new', 'new_'],
    ['await', 'await_'],
    ['eval', 'eval_'],
    ['with', 'with_'],
    ['yield_', 'yield_'],
    ['', 'object'],
    ['-', 'object'],
  ])('GIVEN name %j THEN variable %s', (name, expected) => {
    expect(tsIdentifier(name, new Set())).toBe(expected);
  });

  test('GIVEN a reserved word taken already THEN the next free one after its underscore form', () => {
    const used = new Set<string>();
    expect(['if', 'if', 'if'].map((n) => tsIdentifier(n, used))).toEqual(['if_', 'if_2', 'if_3']);
    expect(camel('my_stack')).toBe('myStack');
  });
});

describe('settingLiteral', () => {
  test.each([
    ['0', '0'],
    ['-12', '-12'],
    ['4096', '4096'],
    ['9007199254740991', '9007199254740991'],
    ['9007199254740993', "'9007199254740993'"],
    ['-0', "'-0'"],
    ['007', "'007'"],
    ['1.5', "'1.5'"],
    ['12a', "'12a'"],
    ['a12', "'a12'"],
    ['1 2', "'1 2'"],
    ['', "''"],
    [7, '7'],
    [1.5, '1.5'],
  ])('GIVEN %j THEN %s', (value, expected) => {
    expect(settingLiteral(value)).toBe(expected);
  });
});

describe('object literals', () => {
  test('GIVEN only the required fields THEN only they are written; optional ones each in their place', () => {
    expect(stringArray([])).toBe('[]');
    expect(stringArray(['a', "b'"])).toBe("['a', 'b\\'']");
    expect(profileSettingLiteral({ name: 'x' })).toBe("{ name: 'x' }");
    expect(profileSettingLiteral({ name: 'x', value: 'v', min: '-1', max: 2, writability: 'CONST' })).toBe(
      "{ name: 'x', value: 'v', min: -1, max: 2, writability: 'CONST' }",
    );
    expect(profileSettingLiteral({ name: 'x', max: '5' })).toBe("{ name: 'x', max: 5 }");
    expect(profileSettingLiteral({ name: 'x', min: '0' })).toBe("{ name: 'x', min: 0 }");
    expect(hostsLiteral({})).toBe('{  }');
    expect(hostsLiteral({ ip: [], names: ['a'], like: [], regexp: ['r'], local: false })).toBe("{ names: ['a'], regexp: ['r'] }");
    expect(hostsLiteral({ ip: ['1.2.3.4'], like: ['%'], local: true })).toBe("{ ip: ['1.2.3.4'], like: ['%'], local: true }");
    expect(grantLiteral({ privilege: 'SELECT', database: 'd', table: '*', columns: [], grantOption: false })).toBe("{ privilege: 'SELECT', database: 'd' }");
    expect(grantLiteral({ privilege: 'SELECT', database: 'd', table: 't', columns: ['a'] })).toBe(
      "{ privilege: 'SELECT', database: 'd', table: 't', columns: ['a'] }",
    );
    expect(columnLiteral({ name: 'c', type: 'T' })).toBe("{ name: 'c', type: 'T' }");
    expect(columnLiteral({ name: 'c', type: 'T', defaultKind: 'EPHEMERAL', defaultExpression: '', codec: 'LZ4', ttl: 't', comment: '' })).toBe(
      "{ name: 'c', type: 'T', defaultKind: 'EPHEMERAL', defaultExpression: '', codec: 'LZ4', ttl: 't', comment: '' }",
    );
    expect(indexLiteral({ name: 'i', expression: 'e', type: 'set(0)' })).toBe("{ name: 'i', expression: 'e', type: 'set(0)' }");
    expect(indexLiteral({ name: 'i', expression: 'e', type: 'set(0)', granularity: 2 })).toBe("{ name: 'i', expression: 'e', type: 'set(0)', granularity: 2 }");
    expect(projectionLiteral({ name: 'p', query: "SELECT 'x'" })).toBe("{ name: 'p', query: 'SELECT \\'x\\'' }");
  });
});

describe('compactGrantEntries: scopes', () => {
  test('GIVEN rows of one table with and without table "*", columns in any order, and one column THEN they group by scope and grant option', () => {
    expect(
      compactGrantEntries([
        { privilege: 'SELECT', database: 'd' },
        { privilege: 'INSERT', database: 'd', table: '*' },
        { privilege: 'SELECT', database: 'd', table: 't', columns: ['b', 'a'] },
        { privilege: 'INSERT', database: 'd', table: 't', columns: ['a', 'b'] },
        { privilege: 'SELECT', database: 'd', table: 't', columns: ['a'], grantOption: true },
        { privilege: 'INSERT', database: 'd', table: 't', columns: ['a'], grantOption: true },
      ]),
    ).toStrictEqual([
      { privilege: 'SELECT', database: 'd' },
      { privilege: 'INSERT', database: 'd' },
      { privilege: 'SELECT', database: 'd', table: 't', columns: ['b', 'a'] },
      { privilege: 'INSERT', database: 'd', table: 't', columns: ['b', 'a'] },
      { privilege: 'SELECT', database: 'd', table: 't', columns: ['a'], grantOption: true },
      { privilege: 'INSERT', database: 'd', table: 't', columns: ['a'], grantOption: true },
    ]);
  });

  test('GIVEN a database privilege group split between rows without a table and rows with table "*", and a row with no columns listed THEN one scope, one group', () => {
    const leaves = DEFAULT_PRIVILEGE_CATALOG.applicableLeaves('ALTER', 'database');
    expect(leaves.length).toBeGreaterThan(2);
    const rows = leaves.map((privilege, i) => (i % 2 ? { privilege, database: 'd' } : { privilege, database: 'd', table: '*', columns: [] }));
    expect(compactGrantEntries(rows)).toStrictEqual([{ privilege: 'ALTER', database: 'd' }]);
  });

  test('GIVEN a group granted on a database and on one column THEN each expands at its own scope and folds back to the group', () => {
    expect(
      compactGrantEntries([
        { privilege: 'ALTER', database: 'd' },
        { privilege: 'ALTER', database: 'e', table: 't', columns: ['c'] },
        { privilege: 'SELECT', database: 'e', table: 't', columns: ['a'] },
        { privilege: 'INSERT', database: 'e', table: 't', columns: ['b'] },
      ]),
    ).toStrictEqual([
      { privilege: 'ALTER', database: 'd' },
      { privilege: 'ALTER', database: 'e', table: 't', columns: ['c'] },
      { privilege: 'SELECT', database: 'e', table: 't', columns: ['a'] },
      { privilege: 'INSERT', database: 'e', table: 't', columns: ['b'] },
    ]);
  });

  test('GIVEN every column-level leaf of ALTER on one column THEN they fold into the group that column scope allows', () => {
    const leaves = DEFAULT_PRIVILEGE_CATALOG.applicableLeaves('ALTER', 'column');
    expect(leaves.length).toBeGreaterThan(1);
    const one = compactGrantEntries(leaves.map((privilege) => ({ privilege, database: 'd', table: 't', columns: ['c'] })));
    expect(one).toEqual([{ privilege: 'ALTER', database: 'd', table: 't', columns: ['c'] }]);
    const tableLeaves = DEFAULT_PRIVILEGE_CATALOG.applicableLeaves('ALTER', 'table');
    expect(compactGrantEntries(tableLeaves.map((privilege) => ({ privilege, database: 'd', table: 't' })))).toEqual([
      { privilege: 'ALTER', database: 'd', table: 't' },
    ]);
  });
});
