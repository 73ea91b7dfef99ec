// codegen/emit and select at the edges the other codegen tests leave: lists of two and more
// (each separator written), grants that name no imported database, and objects of one name in two
// databases (each lookup matches database and name).
import { defaultPasswordEnv, generateStackCode } from '../../sql/codegen';
import { DictionarySpec, ObjectSpec } from '../../sql/spec/model';
import { db, table } from '../support/codegen-fixtures';

const dictionary = (database: string, name: string): DictionarySpec => ({
  kind: 'dictionary',
  database,
  name,
  attributes: [
    { name: 'id', type: 'UInt64' },
    { name: 'v', type: 'String' },
  ],
  primaryKey: ['id'],
  source: { type: 'NULL' },
  layout: { type: 'FLAT' },
  lifetime: 0,
});
const calling = (...dicts: string[]) => [
  { name: 'k', type: 'UInt64' },
  ...dicts.map((d, i) => ({ name: `c${i}`, type: 'String', defaultKind: 'ALIAS' as const, defaultExpression: `dictGet('${d}', 'v', k)` })),
];
const gen = (objects: ObjectSpec[]) => generateStackCode(objects, { stackName: 's' });

describe('codegen: lists of several', () => {
  test('GIVEN a profile inheriting two, a user with two profiles, roles and default roles, and a quota except two WHEN generated THEN each list names all, comma-separated', () => {
    const { code, warnings } = gen([
      { kind: 'settings_profile', name: 'p1', settings: [] },
      { kind: 'settings_profile', name: 'p2', settings: [] },
      { kind: 'settings_profile', name: 'p3', settings: [], inherit: ['p1', 'p2'] },
      { kind: 'role', name: 'x' },
      { kind: 'role', name: 'y' },
      { kind: 'user', name: 'u', auth: { method: 'sha256_hash' }, profiles: ['p1', 'p2'], roles: ['x', 'y'], defaultRoles: ['x', 'y'] },
      { kind: 'quota', name: 'q', intervals: [], applyTo: { all: true, except: ['x', 'y'] } },
    ]);
    expect(warnings).toEqual([]);
    expect(code).toContain("    name: 'p3',\n    settings: [\n    ],\n    inherit: [p1, p2],\n  });");
    expect(code).toContain(
      "    name: 'u',\n    passwordEnv: 'U_PASSWORD',\n    profiles: [p1, p2],\n    roles: [xRole, yRole],\n    defaultRoles: [xRole, yRole],\n  });",
    );
    expect(code).toContain('    appliesTo: { all: true, except: [xRole, yRole] },\n  });');
  });

  test('GIVEN a table calling two dictionaries WHEN generated THEN it depends on both', () => {
    const { code } = gen([db('r'), dictionary('r', 'd1'), dictionary('r', 'd2'), table('r', 't', { columns: calling('r.d1', 'r.d2') })]);
    expect(code).toContain("    orderBy: ['k'],\n    dependsOn: [d1, d2],\n  });");
  });

  test('GIVEN a view with an inner table of two of everything and a refresh with two settings WHEN generated THEN each list and map names all', () => {
    const { code, warnings } = gen([
      db('r'),
      {
        kind: 'materialized_view',
        database: 'r',
        name: 'mv',
        inner: {
          engine: { name: 'ReplacingMergeTree', args: ['v', 'd'] },
          orderBy: ['k', 'v'],
          primaryKey: ['k', 'v'],
          settings: { index_granularity: '1024', merge_with_ttl_timeout: '3600', min_bytes_for_wide_part: '0' },
          settingDefaults: { index_granularity: '8192', merge_with_ttl_timeout: '14400', min_bytes_for_wide_part: '0' },
        },
        refresh: { kind: 'EVERY', interval: '1 HOUR', settings: { refresh_retries: '2', refresh_retry_initial_backoff_ms: '100' } },
        select: 'SELECT 1 AS k, 2 AS v, 3 AS d',
      },
    ]);
    expect(warnings).toEqual([]);
    expect(code).toContain(
      [
        "  new MaterializedView(stack, 'mv', {",
        "    name: 'mv',",
        '    database: r,',
        "    engine: { name: 'ReplacingMergeTree', args: ['v', 'd'] },",
        "    orderBy: ['k', 'v'],",
        "    primaryKey: ['k', 'v'],",
        "    settings: { index_granularity: '1024', merge_with_ttl_timeout: '3600' },",
        "    refresh: { kind: 'EVERY', interval: '1 HOUR', settings: { refresh_retries: '2', refresh_retry_initial_backoff_ms: '100' } },",
        "    select: 'SELECT 1 AS k, 2 AS v, 3 AS d',",
        '  });',
      ].join('\n'),
    );
  });

  test('GIVEN an inner table whose settings are all at the server default THEN no settings are written', () => {
    const { code } = gen([
      db('r'),
      {
        kind: 'materialized_view',
        database: 'r',
        name: 'mv',
        inner: { engine: { name: 'MergeTree' }, orderBy: ['k'], settings: { index_granularity: '8192' }, settingDefaults: { index_granularity: '8192' } },
        select: 'SELECT 1 AS k',
      },
    ]);
    expect(code).toContain(
      "  new MaterializedView(stack, 'mv', {\n    name: 'mv',\n    database: r,\n    engine: { name: 'MergeTree' },\n    orderBy: ['k'],\n    select: 'SELECT 1 AS k',\n  });",
    );
  });
});

describe('codegen: grants', () => {
  test('GIVEN grants only on all databases and on system WHEN generated THEN the Grant waits for no database (no after)', () => {
    const { code } = gen([
      db('r'),
      { kind: 'user', name: 'u', auth: { method: 'sha256_hash' } },
      {
        kind: 'grant',
        grantee: 'u',
        grants: [
          { privilege: 'SHOW DATABASES', database: '*' },
          { privilege: 'SELECT', database: 'system', table: 'parts' },
        ],
      },
    ]);
    expect(code).toContain(
      [
        "  new Grant(stack, 'grants_u', {",
        '    grantee: uUser,',
        '    grants: [',
        "      { privilege: 'SHOW DATABASES', database: '*' },",
        "      { privilege: 'SELECT', database: 'system', table: 'parts' },",
        '    ],',
        '  });',
      ].join('\n'),
    );
  });
});

describe('codegen: one name in two databases', () => {
  test('GIVEN tables named x in two databases, a view writing to the second and a row policy on it WHEN generated THEN both refer to that table, the only one in a variable', () => {
    const { code, warnings } = gen([
      db('r'),
      db('q'),
      table('r', 'x'),
      table('q', 'a'),
      table('q', 'x'),
      { kind: 'materialized_view', database: 'q', name: 'mv', to: { database: 'q', name: 'x' }, select: 'SELECT 1 AS k' },
      { kind: 'row_policy', name: 'p', database: 'q', table: 'x', using: 'k = 1' },
    ]);
    expect(warnings).toEqual([]);
    expect(
      [...code.matchAll(/^ {2}(const \w+ = )?new Table\(stack, '(\w+)', \{\n {4}database: (\w+)/gm)].map((m) => `${m[1] ?? ''}${m[2]} in ${m[3]}`),
    ).toEqual(['x in r', 'a in q', 'const x = x_2 in q']);
    expect(code).toContain("  new MaterializedView(stack, 'mv', {\n    name: 'mv',\n    to: x,\n    select: 'SELECT 1 AS k',\n  });");
    expect(code).toContain("  new RowPolicy(stack, 'policy_p_q_x', {\n    name: 'p',\n    table: x,\n    using: 'k = 1',\n  });");
  });

  test('GIVEN a dictionary d imported in one database and a table calling d of another (not imported) WHEN generated THEN the table does not call the imported one: it comes first, and the dictionary is in no variable', () => {
    const { code, warnings } = gen([db('r'), db('q'), dictionary('q', 'd'), table('r', 't', { columns: calling('r.d') })]);
    expect(warnings).toEqual([]);
    const at = (s: string) => code.indexOf(s);
    expect(at("  new Table(stack, 't', {")).toBeGreaterThan(0);
    expect(at("  new Table(stack, 't', {")).toBeLessThan(at("  new Dictionary(stack, 'd', {"));
    expect(code).not.toContain('dependsOn');
  });

  test('GIVEN dictionaries named d in two databases and a table calling the second WHEN generated THEN only that one is in a variable, and the table depends on it', () => {
    const { code } = gen([db('r'), db('q'), dictionary('r', 'd'), dictionary('q', 'd'), table('q', 't', { columns: calling('q.d') })]);
    expect(code).toContain("  new Dictionary(stack, 'd', {\n    database: r,");
    expect(code).toContain("  const d = new Dictionary(stack, 'd_2', {\n    database: q,");
    expect(code).toContain("    orderBy: ['k'],\n    dependsOn: [d],\n  });");
  });
});

describe('codegen select: names found in another database or kind', () => {
  test('GIVEN a view writing to a table of its database that exists only in another imported database WHEN imported THEN it is left out, its target not imported', () => {
    const { code, warnings } = gen([
      db('r'),
      db('q'),
      table('r', 'x'),
      { kind: 'materialized_view', database: 'q', name: 'mv', to: { database: 'q', name: 'x' }, select: 'SELECT 1 AS k' },
    ]);
    expect(warnings).toEqual(['left out materialized_view:q.mv: its target table q.x is not imported']);
    expect(code).not.toContain('new MaterializedView(');
  });

  test('GIVEN a grant to a grantee not imported while a user is WHEN imported THEN the grant is left out', () => {
    const { code, warnings } = gen([
      { kind: 'user', name: 'u', auth: { method: 'sha256_hash' } },
      { kind: 'grant', grantee: 'nobody', grants: [{ privilege: 'SELECT', database: '*' }] },
    ]);
    expect(warnings).toEqual(['left out grant:nobody: its grantee nobody is not imported']);
    expect(code).not.toContain('new Grant(');
  });
});

describe('defaultPasswordEnv', () => {
  test('GIVEN user names with characters a variable name cannot hold THEN each becomes _, in upper case', () => {
    expect(defaultPasswordEnv('monitor')).toBe('MONITOR_PASSWORD');
    expect(defaultPasswordEnv('app-reader.2')).toBe('APP_READER_2_PASSWORD');
  });
});
