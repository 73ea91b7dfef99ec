// Dictionary DDL pieces beyond test/unit/dictionaries.test.ts: each attribute clause, parameter
// values (numbers and strings of digits bare, other text quoted), the source without parameters
// or password, the statement the formatter parses, ATTACH. No server.
import {
  renderAttachDictionary,
  renderCreateDictionary,
  renderDictionaryAttribute,
  renderDictionaryForParse,
  renderDictionaryParams,
  renderDictionarySource,
  renderLifetime,
} from '../../sql/render/dictionaries';
import { DictionarySpec } from '../../sql/spec/model';

const dict: DictionarySpec = {
  kind: 'dictionary',
  database: 'd',
  name: 'dict',
  attributes: [{ name: 'id', type: 'UInt64' }],
  primaryKey: ['id', 'k'],
  source: { type: 'null' },
  layout: { type: 'complex_key_hashed' },
};

describe('dictionary DDL pieces', () => {
  test.each<[string, DictionarySpec['attributes'][number], string]>([
    ['plain', { name: 'a', type: 'String' }, '`a` String'],
    ['expression', { name: 'a', type: 'String', expression: 'upper(b)' }, '`a` String EXPRESSION upper(b)'],
    ['injective', { name: 'a', type: 'String', injective: true }, '`a` String INJECTIVE'],
    [
      'every clause, in the server order',
      { name: 'a', type: 'UInt64', default: '0', expression: 'b', hierarchical: true, injective: true },
      '`a` UInt64 DEFAULT 0 EXPRESSION b HIERARCHICAL INJECTIVE',
    ],
    ['flags false', { name: 'a', type: 'UInt64', hierarchical: false, injective: false }, '`a` UInt64'],
  ])('attribute: %s', (_name, a, sql) => {
    expect(renderDictionaryAttribute(a)).toBe(sql);
  });

  test('parameters: keys upper case, numbers and strings of digits bare, other text quoted, in the declared order', () => {
    expect(renderDictionaryParams({ port: 9000, Host: 'h', db: '12', name: '1a', empty: '' })).toBe("PORT 9000 HOST 'h' DB 12 NAME '1a' EMPTY ''");
    expect(renderDictionaryParams()).toBe('');
  });

  test('source: the type upper case; no parameters and no password give empty parentheses; a given stand-in replaces the placeholder', () => {
    expect(renderDictionarySource(dict)).toBe('SOURCE(NULL())');
    expect(renderDictionarySource({ ...dict, source: { type: 'mysql', passwordEnv: 'PW' } })).toBe("SOURCE(MYSQL(PASSWORD '{{password:PW}}'))");
    expect(renderDictionarySource({ ...dict, source: { type: 'mysql', params: { port: 1 }, passwordEnv: 'PW' } }, "'x'")).toBe(
      "SOURCE(MYSQL(PORT 1 PASSWORD 'x'))",
    );
  });

  test('lifetime: none, a number (MIN 0), a range', () => {
    expect([renderLifetime(undefined), renderLifetime(0), renderLifetime(30), renderLifetime({ min: 5, max: 10 })]).toEqual([
      undefined,
      'LIFETIME(MIN 0 MAX 0)',
      'LIFETIME(MIN 0 MAX 30)',
      'LIFETIME(MIN 5 MAX 10)',
    ]);
  });

  test('GIVEN no lifetime, range or comment THEN those lines are left out; a composite key is comma separated', () => {
    expect(renderCreateDictionary(dict, { cluster: 'c' })).toBe(
      [
        'CREATE DICTIONARY IF NOT EXISTS `d`.`dict` ON CLUSTER `c`',
        '(',
        '    `id` UInt64',
        ')',
        'PRIMARY KEY `id`, `k`',
        'SOURCE(NULL())',
        'LAYOUT(COMPLEX_KEY_HASHED())',
      ].join('\n'),
    );
    expect(renderCreateDictionary({ ...dict, comment: '' })).toMatch(/\nCOMMENT ''$/);
  });

  test('the statement the formatter parses: no IF NOT EXISTS, no cluster, the password as the server prints it', () => {
    const sql = renderDictionaryForParse({ ...dict, source: { type: 'mysql', params: { db: 'x' }, passwordEnv: 'PW' }, lifetime: 60 });
    expect(sql).toBe(
      [
        'CREATE DICTIONARY `d`.`dict`',
        '(',
        '    `id` UInt64',
        ')',
        'PRIMARY KEY `id`, `k`',
        "SOURCE(MYSQL(DB 'x' PASSWORD '[HIDDEN]'))",
        'LIFETIME(MIN 0 MAX 60)',
        'LAYOUT(COMPLEX_KEY_HASHED())',
      ].join('\n'),
    );
  });

  test('ATTACH DICTIONARY IF NOT EXISTS, on a cluster too', () => {
    expect(renderAttachDictionary(dict)).toBe('ATTACH DICTIONARY IF NOT EXISTS `d`.`dict`');
    expect(renderAttachDictionary(dict, { cluster: 'c' })).toBe('ATTACH DICTIONARY IF NOT EXISTS `d`.`dict` ON CLUSTER `c`');
  });
});
