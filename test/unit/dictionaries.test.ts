// Dictionaries without a server: render (CREATE / CREATE OR REPLACE / DROP, the password only as a
// placeholder), the printed definition parsed back, the diff's reason codes over the normal form,
// validation naming each field, references from dictGet, and import's generated code.
import { renderCreateDictionary, renderDropDictionary, renderReplaceDictionary } from '../../sql/render/dictionaries';
import { renderDrop } from '../../sql/render/drop';
import { dictionaryFromCreateQuery, parseDictionaryParams } from '../../sql/live/introspect-dictionaries';
import { diffDictionary } from '../../sql/diff/dictionaries';
import { diff } from '../../sql/diff';
import { validateSpec } from '../../sql/spec/validate-spec';
import { dictionaryReferences, dictionarySourceTable } from '../../sql/spec/dictionary-refs';
import { generateStackCode } from '../../sql/codegen';
import { resolveSecrets, hasSecretPlaceholder, placeholderSecrets } from '../../sql/spec/secrets';
import { DictionarySpec, ObjectSpec, objectId, TableSpec } from '../../sql/spec/model';
import { evaluateObject } from '../../sql/diff/evaluate';

const dict: DictionarySpec = {
  kind: 'dictionary',
  database: 'd',
  name: 'names_dict',
  attributes: [
    { name: 'id', type: 'UInt64' },
    { name: 'name', type: 'String', default: "''" },
    { name: 'parent', type: 'UInt64', hierarchical: true },
  ],
  primaryKey: ['id'],
  source: { type: 'CLICKHOUSE', params: { table: 'names', db: 'd' } },
  layout: { type: 'HASHED' },
  lifetime: 300,
};

/** What the server prints for `dict` (system.tables.create_table_query). */
const PRINTED =
  "CREATE DICTIONARY d.names_dict (`id` UInt64, `name` String DEFAULT '', `parent` UInt64 HIERARCHICAL) PRIMARY KEY id SOURCE(CLICKHOUSE(TABLE 'names' DB 'd')) LIFETIME(MIN 0 MAX 300) LAYOUT(HASHED())";

describe('dictionaries: render', () => {
  test('GIVEN a dictionary THEN CREATE DICTIONARY IF NOT EXISTS with every clause in the server order, LIFETIME as MIN 0 MAX n', () => {
    expect(renderCreateDictionary({ ...dict, comment: "it's", range: undefined })).toBe(
      [
        'CREATE DICTIONARY IF NOT EXISTS `d`.`names_dict`',
        '(',
        '    `id` UInt64,',
        "    `name` String DEFAULT '',",
        '    `parent` UInt64 HIERARCHICAL',
        ')',
        'PRIMARY KEY `id`',
        "SOURCE(CLICKHOUSE(TABLE 'names' DB 'd'))",
        'LIFETIME(MIN 0 MAX 300)',
        'LAYOUT(HASHED())',
        "COMMENT 'it\\'s'",
      ].join('\n'),
    );
    expect(renderReplaceDictionary(dict, { cluster: 'c' })).toMatch(/^CREATE OR REPLACE DICTIONARY `d`.`names_dict` ON CLUSTER `c`\n/);
    expect(renderDropDictionary(dict)).toBe('DROP DICTIONARY IF EXISTS `d`.`names_dict` SYNC');
    expect(renderDrop(dict)).toEqual(['DROP DICTIONARY IF EXISTS `d`.`names_dict` SYNC']);
  });

  test('GIVEN a source password from a variable THEN the statement carries a placeholder naming it, resolved (quoted) only at apply', () => {
    const sql = renderCreateDictionary({
      ...dict,
      source: { ...dict.source, params: { ...dict.source.params, user: 'reader', port: 9000 }, passwordEnv: 'DICT_PW' },
    });
    expect(sql).toContain("SOURCE(CLICKHOUSE(TABLE 'names' DB 'd' USER 'reader' PORT 9000 PASSWORD '{{password:DICT_PW}}'))");
    expect(hasSecretPlaceholder(sql)).toBe(true);
    const resolved = resolveSecrets(sql, { DICT_PW: "s'cret" });
    expect(resolved).toContain("PASSWORD 's\\'cret'");
    expect(hasSecretPlaceholder(resolved)).toBe(false);
    expect(placeholderSecrets(sql, { DICT_PW: "s'cret" })).toEqual(["s'cret"]);
    expect(() => resolveSecrets(sql, {})).toThrow(/DICT_PW/);
  });

  test('GIVEN layout parameters, a range and a lifetime range THEN they are written as KEY value pairs', () => {
    const sql = renderCreateDictionary({
      ...dict,
      attributes: [...dict.attributes, { name: 'lo', type: 'Date' }, { name: 'hi', type: 'Date' }],
      layout: { type: 'range_hashed', params: { range_lookup_strategy: 'max' } },
      range: { min: 'lo', max: 'hi' },
      lifetime: { min: 10, max: 20 },
    });
    expect(sql).toContain("LAYOUT(RANGE_HASHED(RANGE_LOOKUP_STRATEGY 'max'))");
    expect(sql).toContain('RANGE(MIN `lo` MAX `hi`)');
    expect(sql).toContain('LIFETIME(MIN 10 MAX 20)');
  });
});

describe('dictionaries: the printed definition', () => {
  test('GIVEN the server printing THEN the spec it reads is the declared one (in normal form)', () => {
    const live = dictionaryFromCreateQuery('d', 'names_dict', PRINTED)!;
    expect(live.attributes).toEqual(dict.attributes);
    expect(live.primaryKey).toEqual(['id']);
    expect(live.source).toEqual({ type: 'CLICKHOUSE', params: { TABLE: 'names', DB: 'd' } });
    expect(live.layout).toEqual({ type: 'HASHED', params: {} });
    expect(live.lifetime).toEqual({ min: 0, max: 300 });
    expect(diffDictionary(dict, live)).toEqual([]);
  });

  test('GIVEN a hidden password, a range, a comment, SETTINGS and IS_OBJECT_ID THEN password set, range and comment read, the rest named as unsupported', () => {
    const live = dictionaryFromCreateQuery(
      'd',
      'x',
      "CREATE DICTIONARY d.x (`id` UInt64, `lo` Date, `hi` Date, `o` UInt64 IS_OBJECT_ID) PRIMARY KEY id SOURCE(CLICKHOUSE(QUERY 'SELECT 1' USER 'u' PASSWORD '[HIDDEN]')) LIFETIME(MIN 1 MAX 2) LAYOUT(RANGE_HASHED()) RANGE(MIN lo MAX hi) SETTINGS(format_csv_allow_single_quotes = 0) COMMENT 'c'",
    )!;
    expect(live.source).toEqual({ type: 'CLICKHOUSE', params: { QUERY: 'SELECT 1', USER: 'u' }, passwordSet: true });
    expect(live.range).toEqual({ min: 'lo', max: 'hi' });
    expect(live.comment).toBe('c');
    expect(live.unsupported).toEqual(['attribute o: IS_OBJECT_ID', 'SETTINGS(format_csv_allow_single_quotes = 0)']);
    expect(JSON.stringify(live)).not.toContain('HIDDEN');
  });

  test('GIVEN a source parameter that is not a plain value THEN it is named as unsupported', () => {
    expect(parseDictionaryParams("URL 'http://x' HEADERS(HEADER(NAME 'a' VALUE 'b')) FORMAT 'TSV'")).toEqual({
      params: { URL: 'http://x', FORMAT: 'TSV' },
      password: false,
      unsupported: ["parameter HEADERS(HEADER(NAME 'a' VALUE 'b'))"],
    });
  });
});

describe('dictionaries: diff', () => {
  const live = dictionaryFromCreateQuery('d', 'names_dict', PRINTED)!;

  test('GIVEN no live dictionary THEN missing_object with CREATE DICTIONARY IF NOT EXISTS', () => {
    const [c] = diffDictionary(dict, undefined);
    expect([c.reason, c.runnable, c.statements[0].split('\n')[0]]).toEqual(['missing_object', true, 'CREATE DICTIONARY IF NOT EXISTS `d`.`names_dict`']);
  });

  test.each<[string, Partial<DictionarySpec>, string]>([
    ['lifetime', { lifetime: 30 }, 'dictionary_lifetime_changed'],
    ['lifetime as a range with the same bounds', { lifetime: { min: 0, max: 300 } }, ''],
    ['source table', { source: { type: 'CLICKHOUSE', params: { table: 'other', db: 'd' } } }, 'dictionary_source_changed'],
    ['source written in lower case, a number as a string', { source: { type: 'clickhouse', params: { TABLE: 'names', Db: 'd' } } }, ''],
    ['a password where the server has none', { source: { ...dict.source, passwordEnv: 'PW' } }, 'dictionary_source_changed'],
    ['layout', { layout: { type: 'flat' } }, 'dictionary_layout_changed'],
    ['layout in lower case', { layout: { type: 'hashed', params: {} } }, ''],
    [
      'an attribute type',
      { attributes: [dict.attributes[0], { name: 'name', type: 'LowCardinality(String)', default: "''" }, dict.attributes[2]] },
      'dictionary_attributes_changed',
    ],
    ['the key', { primaryKey: ['parent'] }, 'dictionary_key_changed'],
    ['a range', { range: { min: 'id', max: 'parent' } }, 'dictionary_range_changed'],
    ['a comment', { comment: 'x' }, 'comment_changed'],
  ])('GIVEN a declared %s (%j) THEN [%s], fixed in place by CREATE OR REPLACE DICTIONARY', (_what, change, reason) => {
    const changes = diffDictionary({ ...dict, ...change }, live);
    expect(changes.map((c) => c.reason).join(',')).toBe(reason);
    for (const c of changes) {
      expect(c).toMatchObject({ inPlace: true, destructive: false, runnable: true });
      expect(c.statements).toEqual([expect.stringMatching(/^CREATE OR REPLACE DICTIONARY `d`.`names_dict`\n/)]);
      expect(c.cost).toMatchObject({ class: 'metadata', note: 'the dictionary reloads from its source' });
    }
  });

  test('GIVEN a detached dictionary THEN detached_object with ATTACH DICTIONARY, then what its definition needs', () => {
    const detached = { ...live, detached: { permanently: false, definitionRead: true } };
    expect(diffDictionary(dict, detached).map((c) => [c.reason, c.statements[0].split('\n')[0]])).toEqual([
      ['detached_object', 'ATTACH DICTIONARY IF NOT EXISTS `d`.`names_dict`'],
    ]);
    expect(diffDictionary({ ...dict, lifetime: 30 }, detached).map((c) => c.reason)).toEqual(['detached_object', 'dictionary_lifetime_changed']);
    expect(diffDictionary(dict, { ...detached, detached: { permanently: true, definitionRead: false } })[0].detail).toMatch(/detached permanently/);
  });

  test('GIVEN a source password version other than the one applied THEN dictionary_source_changed replaces it; the same, or no password, nothing', () => {
    const withPw: DictionarySpec = { ...dict, source: { ...dict.source, passwordEnv: 'PW' } };
    const liveWithPw = (version?: string): DictionarySpec => ({
      ...live,
      source: { ...live.source, passwordSet: true, ...(version ? { passwordVersion: version } : {}) },
    });
    const rotated = diffDictionary({ ...withPw, source: { ...withPw.source, passwordVersion: '2' } }, liveWithPw('1'));
    expect(rotated.map((c) => [c.reason, c.detail])).toEqual([
      ['dictionary_source_changed', 'source password version desired 2, live 1 (set again from the password read at apply)'],
    ]);
    expect(rotated[0].statements[0]).toMatch(/^CREATE OR REPLACE DICTIONARY `d`.`names_dict`\n[^]*PASSWORD '\{\{password:PW\}\}'/);
    // Undeclared version is '1'.
    expect(diffDictionary(withPw, liveWithPw('2')).map((c) => c.reason)).toEqual(['dictionary_source_changed']);
    expect(diffDictionary(withPw, liveWithPw('1'))).toEqual([]);
    // No applied version known (the drift check, an import): nothing to compare.
    expect(diffDictionary({ ...withPw, source: { ...withPw.source, passwordVersion: '2' } }, liveWithPw())).toEqual([]);
    // A source change already replaces it: one change, not two.
    const both = diffDictionary({ ...withPw, source: { ...withPw.source, params: { table: 'other', db: 'd' }, passwordVersion: '2' } }, liveWithPw('1'));
    expect(both.map((c) => c.detail)).toEqual([expect.stringMatching(/^SOURCE desired/)]);
  });

  test('GIVEN the version the state recorded as a fact THEN evaluateObject compares it with the declared one', () => {
    const withPw: DictionarySpec = { ...dict, source: { ...dict.source, passwordEnv: 'PW', passwordVersion: '3' } };
    const snap = { objects: new Map([[objectId(live), { ...live, source: { ...live.source, passwordSet: true } } as DictionarySpec]]) };
    expect(evaluateObject(withPw, snap, {}, { passwordVersion: '2' }).map((c) => c.reason)).toEqual(['dictionary_source_changed']);
    expect(evaluateObject(withPw, snap, {}, { passwordVersion: '3' })).toEqual([]);
    expect(evaluateObject(withPw, snap, {})).toEqual([]);
  });

  test('GIVEN a lifetime change THEN the detail names both sides', () => {
    expect(diffDictionary({ ...dict, lifetime: 30 }, live)[0].detail).toBe('LIFETIME desired LIFETIME(MIN 0 MAX 30), live LIFETIME(MIN 0 MAX 300)');
  });

  test('GIVEN a live dictionary nothing declares in a declared database THEN extra_object with DROP DICTIONARY, never run', () => {
    const changes = diff(
      [{ kind: 'database', name: 'd' }],
      { objects: [{ kind: 'database', name: 'd', engine: 'Atomic' }, live] },
      { reportExtraObjects: true },
    );
    expect(changes.map((c) => [c.object, c.reason, c.runnable, c.statements[0]])).toEqual([
      ['dictionary:d.names_dict', 'extra_object', false, 'DROP DICTIONARY IF EXISTS `d`.`names_dict` SYNC'],
    ]);
  });
});

describe('dictionaries: what each change says', () => {
  const live = dictionaryFromCreateQuery('d', 'names_dict', PRINTED)!;
  const details = (desired: Partial<DictionarySpec>, l: Partial<DictionarySpec> = {}) =>
    diffDictionary({ ...dict, ...desired }, { ...live, ...l }).map((c) => [c.reason, c.detail]);

  test('GIVEN no live dictionary THEN the detail names it', () => {
    expect(diffDictionary(dict, undefined)[0].detail).toBe('desired dictionary d.names_dict, live none');
  });

  test('GIVEN an attribute changed THEN both attribute lists, names unquoted', () => {
    const attributes = [dict.attributes[0], { name: 'name', type: 'LowCardinality(String)', default: "''" }, dict.attributes[2]];
    expect(details({ attributes })).toEqual([
      [
        'dictionary_attributes_changed',
        "attributes desired (id UInt64, name LowCardinality(String) DEFAULT '', parent UInt64 HIERARCHICAL), live (id UInt64, name String DEFAULT '', parent UInt64 HIERARCHICAL)",
      ],
    ]);
  });

  test('GIVEN another key THEN both keys, comma separated', () => {
    expect(details({ primaryKey: ['id', 'parent'] })).toEqual([['dictionary_key_changed', 'PRIMARY KEY desired id, parent, live id']]);
    expect(details({}, { primaryKey: ['id', 'parent'] })).toEqual([['dictionary_key_changed', 'PRIMARY KEY desired id, live id, parent']]);
  });

  test('GIVEN another source THEN both in normal form: type upper case, parameters sorted by upper-case name, values quoted', () => {
    expect(details({ source: { type: 'clickhouse', params: { table: 'other', db: 'd', port: 9000 } } })).toEqual([
      ['dictionary_source_changed', 'SOURCE desired CLICKHOUSE(DB "d" PORT "9000" TABLE "other"), live CLICKHOUSE(DB "d" TABLE "names")'],
    ]);
  });

  test('GIVEN a password from a variable THEN the source shows it hidden; a live password set matches it', () => {
    const withPassword = { source: { ...dict.source, passwordEnv: 'PW' } };
    expect(details(withPassword)).toEqual([
      ['dictionary_source_changed', 'SOURCE desired CLICKHOUSE(DB "d" TABLE "names" PASSWORD [HIDDEN]), live CLICKHOUSE(DB "d" TABLE "names")'],
    ]);
    expect(details(withPassword, { source: { ...live.source, passwordSet: true } })).toEqual([]);
    expect(details({}, { source: { ...live.source, passwordSet: true } })).toEqual([
      ['dictionary_source_changed', 'SOURCE desired CLICKHOUSE(DB "d" TABLE "names"), live CLICKHOUSE(DB "d" TABLE "names" PASSWORD [HIDDEN])'],
    ]);
    expect(details({}, { source: { ...live.source, passwordSet: false } })).toEqual([]);
  });

  test('GIVEN another layout, lifetime, range or comment THEN both sides, none for what is not set', () => {
    expect(details({ layout: { type: 'flat', params: { max_array_size: 10 } } })).toEqual([
      ['dictionary_layout_changed', 'LAYOUT desired FLAT(MAX_ARRAY_SIZE "10"), live HASHED()'],
    ]);
    expect(details({ lifetime: undefined })).toEqual([['dictionary_lifetime_changed', 'LIFETIME desired none, live LIFETIME(MIN 0 MAX 300)']]);
    expect(details({ range: { min: 'id', max: 'parent' } })).toEqual([['dictionary_range_changed', 'RANGE desired MIN id MAX parent, live none']]);
    expect(details({ comment: 'x' })).toEqual([['comment_changed', 'comment desired x, live none']]);
    expect(details({}, { comment: 'y' })).toEqual([['comment_changed', 'comment desired none, live y']]);
  });

  test('GIVEN an empty comment on one side and none on the other THEN in sync', () => {
    expect(details({ comment: '' })).toEqual([]);
    expect(details({}, { comment: '' })).toEqual([]);
  });

  test('GIVEN a live definition with what cannot be declared THEN dictionary_changed naming it, fixed by the declared definition', () => {
    const changes = diffDictionary(dict, { ...live, unsupported: ['SETTINGS(format_csv_allow_single_quotes = 0)', 'IS_OBJECT_ID'] });
    expect(changes.map((c) => [c.reason, c.detail, c.runnable])).toEqual([
      ['dictionary_changed', 'definition beyond what can be declared: desired none, live SETTINGS(format_csv_allow_single_quotes = 0); IS_OBJECT_ID', true],
    ]);
    expect(diffDictionary(dict, { ...live, unsupported: [] })).toEqual([]);
  });

  test('GIVEN a detached dictionary THEN the detail says how and whether its definition differs; ATTACH is safe and in place', () => {
    const detached = (permanently: boolean, definitionRead: boolean, patch: Partial<DictionarySpec> = {}) =>
      diffDictionary({ ...dict, ...patch }, { ...live, detached: { permanently, definitionRead } });
    const [same] = detached(false, true);
    expect(same).toMatchObject({
      reason: 'detached_object',
      detail: 'dictionary d.names_dict: desired attached, live detached, with the declared definition',
      inPlace: true,
      destructive: false,
      runnable: true,
    });
    expect(detached(true, true, { lifetime: 30, comment: 'c' }).map((c) => [c.reason, c.detail])).toEqual([
      [
        'detached_object',
        'dictionary d.names_dict: desired attached, live detached permanently; its definition differs: dictionary_lifetime_changed, comment_changed',
      ],
      ['dictionary_lifetime_changed', 'LIFETIME desired LIFETIME(MIN 0 MAX 30), live LIFETIME(MIN 0 MAX 300)'],
      ['comment_changed', 'comment desired c, live none'],
    ]);
    expect(detached(false, false, { lifetime: 30 }).map((c) => [c.reason, c.detail])).toEqual([
      [
        'detached_object',
        'dictionary d.names_dict: desired attached, live detached (its definition cannot be read from here: apply compares it once attached)',
      ],
    ]);
  });

  test('GIVEN an undeclared live dictionary THEN extra_object: DROP in place, destructive, never run, with the hint', () => {
    const [c] = diff([dict], { objects: [dict, { ...live, name: 'other' }] }, { reportExtraObjects: true, allowDestructive: true });
    expect(c).toMatchObject({
      object: 'dictionary:d.other',
      reason: 'extra_object',
      detail: 'dictionary d.other: desired absent, live present',
      inPlace: true,
      destructive: true,
      runnable: false,
      hint: 'not declared: declare it, or drop it by hand with the statement shown (deploy never drops undeclared objects)',
    });
  });
});

describe('dictionaries: validation names the field', () => {
  test.each<[string, Partial<DictionarySpec>, string, RegExp]>([
    ['a literal password', { source: { type: 'CLICKHOUSE', params: { table: 'names', password: 'x' } } }, 'source.params.password', /passwordEnv/],
    ['a bad variable name', { source: { ...dict.source, passwordEnv: 'not a name' } }, 'source.passwordEnv', /environment variable/],
    ['a password version without passwordEnv', { source: { ...dict.source, passwordVersion: '2' } }, 'source.passwordVersion', /set source.passwordEnv/],
    ['an empty password version', { source: { ...dict.source, passwordEnv: 'PW', passwordVersion: ' ' } }, 'source.passwordVersion', /non-empty/],
    ['both table and query', { source: { type: 'CLICKHOUSE', params: { table: 't', query: 'SELECT 1' } } }, 'source.params', /exactly one of table and query/],
    ['a key that is no attribute', { primaryKey: ['nope'] }, 'primaryKey[0]', /not an attribute/],
    ['two keys on HASHED', { primaryKey: ['id', 'parent'] }, 'layout.type', /COMPLEX_KEY_/],
    ['no lifetime', { lifetime: undefined }, 'lifetime', /LIFETIME/],
    ['min above max', { lifetime: { min: 5, max: 1 } }, 'lifetime.min', /must not exceed/],
    ['a bad type', { attributes: [{ name: 'id', type: 'UInt65' }] }, 'attributes[0].type', /unknown type/],
    ['a range without RANGE_HASHED', { range: { min: 'id', max: 'parent' } }, 'range', /RANGE_HASHED/],
    ['a duplicate attribute', { attributes: [dict.attributes[0], dict.attributes[0]] }, 'attributes[1].name', /duplicate/],
  ])('GIVEN %s (%j) THEN a problem at %s', (_what, change, field, message) => {
    const problems = validateSpec({ ...dict, ...change } as DictionarySpec);
    expect(problems).toContainEqual({ field, message: expect.stringMatching(message) });
  });

  test('GIVEN the example dictionary THEN no problem', () => {
    expect(validateSpec(dict)).toEqual([]);
  });
});

describe('dictionaries: references', () => {
  test.each<[string, { database: string; name: string }[]]>([
    ["dictGet('d.names_dict', 'name', id)", [{ database: 'd', name: 'names_dict' }]],
    ["dictGetString('names_dict', 'name', id)", [{ database: 'own', name: 'names_dict' }]],
    ["dictGet(d.names_dict, 'name', id)", [{ database: 'd', name: 'names_dict' }]],
    [
      "dictGetOrDefault(`x`.`y`, 'n', id, '') || dictHas('a.b', id)",
      [
        { database: 'x', name: 'y' },
        { database: 'a', name: 'b' },
      ],
    ],
    ["concat('dictGet', name)", []],
  ])('GIVEN %s THEN it calls %j', (expression, refs) => {
    expect(dictionaryReferences(expression, 'own')).toEqual(refs);
  });

  test('GIVEN a CLICKHOUSE source THEN its table on this server; a query or another host THEN none', () => {
    expect(dictionarySourceTable(dict)).toEqual({ database: 'd', name: 'names' });
    expect(dictionarySourceTable({ ...dict, source: { type: 'CLICKHOUSE', params: { table: 'names' } } })).toEqual({ database: 'd', name: 'names' });
    expect(dictionarySourceTable({ ...dict, source: { type: 'CLICKHOUSE', params: { query: 'SELECT 1' } } })).toBeUndefined();
    expect(dictionarySourceTable({ ...dict, source: { type: 'CLICKHOUSE', params: { table: 'names', host: 'far' } } })).toBeUndefined();
  });
});

describe('dictionaries: import', () => {
  const table = (name: string, expr?: string): TableSpec => ({
    kind: 'table',
    database: 'd',
    name,
    columns: [{ name: 'id', type: 'UInt64' }, ...(expr ? [{ name: 'name', type: 'String', defaultKind: 'ALIAS' as const, defaultExpression: expr }] : [])],
    engine: { name: 'MergeTree' },
    orderBy: ['id'],
  });
  const objects: ObjectSpec[] = [
    { kind: 'database', name: 'd', engine: 'Atomic' },
    table('a_uses', "dictGet('d.names_dict', 'name', id)"),
    table('names'),
    { ...dictionaryFromCreateQuery('d', 'names_dict', PRINTED.replace("DB 'd'", "DB 'd' USER 'u' PASSWORD '[HIDDEN]'"))! },
  ];

  test('GIVEN a dictionary with a hidden password and a table calling it THEN Dictionary before the table, passed as its dependency; the password from a variable named in a warning', () => {
    const { code, warnings } = generateStackCode(objects, { stackName: 's' });
    expect(code).toContain("import { Dictionary } from '../constructs/dictionary';");
    const at = (s: string) => code.indexOf(s);
    expect(at("new Table(stack, 'names'")).toBeLessThan(at("new Dictionary(stack, 'names_dict'"));
    expect(at("const namesDict = new Dictionary(stack, 'names_dict'")).toBeGreaterThan(0);
    expect(at("new Dictionary(stack, 'names_dict'")).toBeLessThan(at("new Table(stack, 'a_uses'"));
    expect(code).toContain('    dependsOn: [namesDict],');
    expect(code).toContain("source: { type: 'CLICKHOUSE', params: { table: 'names', db: 'd', user: 'u' }, passwordEnv: 'D_NAMES_DICT_SOURCE_PASSWORD' },");
    expect(code).toContain('lifetime: 300,');
    expect(code).not.toContain('HIDDEN');
    expect(warnings).toContain(
      'dictionary d.names_dict: its source password is not read (the server shows it as [HIDDEN]): set D_NAMES_DICT_SOURCE_PASSWORD where deploy runs',
    );
  });

  test('GIVEN a dictionary with what the construct cannot declare THEN it is left out, named in a warning and in the code', () => {
    const odd = dictionaryFromCreateQuery('d', 'odd', PRINTED.replace('LAYOUT(HASHED())', 'LAYOUT(HASHED()) SETTINGS(x = 1)'))!;
    const { code, warnings } = generateStackCode([objects[0], odd], { stackName: 's' });
    expect(warnings).toContain('left out dictionary:d.odd: SETTINGS(x = 1): the Dictionary construct cannot declare it; it stays on the server, undeclared');
    expect(code).toContain('// Left out: dictionary:d.odd: SETTINGS(x = 1)');
    expect(code).not.toContain('new Dictionary');
  });
});
