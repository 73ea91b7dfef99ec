// codegen/select: which live objects `chx import` declares, and the exact reason it gives for
// each one it leaves out (a warning, and a `// Left out:` line in the code).
import { generateStackCode, selectSources } from '../../sql/codegen';
import { DictionarySpec, MaterializedViewSpec, ObjectSpec, ViewSpec } from '../../sql/spec/model';
import { db, table } from '../support/codegen-fixtures';

const NOT_PLAIN = 'is not a plain identifier: use ASCII letters, digits and "_", not starting with a digit';
const mv = (name: string, extra: Partial<MaterializedViewSpec>): MaterializedViewSpec => ({
  kind: 'materialized_view',
  database: 'r',
  name,
  select: 'SELECT k FROM r.src',
  ...extra,
});
const view = (name: string, select: string, database = 'r'): ViewSpec => ({ kind: 'view', database, name, select });
const dictionary = (name: string, extra: Partial<DictionarySpec> = {}): DictionarySpec => ({
  kind: 'dictionary',
  database: 'r',
  name,
  attributes: [
    { name: 'id', type: 'UInt64' },
    { name: 'v', type: 'String' },
  ],
  primaryKey: ['id'],
  source: { type: 'CLICKHOUSE', params: { table: 'src', db: 'r' } },
  layout: { type: 'HASHED' },
  lifetime: 300,
  ...extra,
});

/** The warnings of importing `objects`, and the code's `// Left out:` lines. */
function leftOut(objects: readonly ObjectSpec[]): { warnings: string[]; comments: string[]; code: string } {
  const { code, warnings } = generateStackCode(objects, { stackName: 's' });
  return { warnings, comments: code.split('\n').filter((l) => l.startsWith('// Left out: ')), code };
}

describe('codegen select: users', () => {
  test.each([
    [{ method: 'no_password' }, 'left out user:u: authentication no_password: the User construct declares sha256 password users only'],
    [
      { method: 'sha256_hash', serverMethods: ['sha256_password', 'plaintext_password'] },
      'left out user:u: authentication sha256_password, plaintext_password: the User construct declares sha256 password users only',
    ],
    [{ method: 'sha256_hash', serverMethods: ['ldap'] }, 'left out user:u: authentication ldap: the User construct declares sha256 password users only'],
  ])('GIVEN a user with auth %j WHEN imported THEN it is left out: %s', (auth, warning) => {
    const { warnings, comments, code } = leftOut([{ kind: 'user', name: 'u', auth } as ObjectSpec]);
    expect(warnings).toEqual([warning]);
    expect(comments).toEqual([`// Left out: ${warning.slice('left out '.length)}`]);
    expect(code).not.toContain('new User(');
  });

  test.each([[{ method: 'sha256_hash' }], [{ method: 'sha256_hash', serverMethods: ['sha256_password'] }], [{ method: 'sha256_hash', serverMethods: [] }]])(
    'GIVEN a sha256 user (auth %j) WHEN imported THEN it is declared, its password from NAME_PASSWORD',
    (auth) => {
      const { warnings, code } = leftOut([{ kind: 'user', name: 'u', auth } as ObjectSpec]);
      expect(warnings).toEqual([]);
      expect(code).toContain("  const uUser = new User(stack, 'user_u', {\n    name: 'u',\n    passwordEnv: 'U_PASSWORD',\n  });");
    },
  );

  test('GIVEN a user the User construct refuses WHEN imported THEN it is left out with the validation problems, its password variable validated as it would be declared', () => {
    // The default variable replaces what a variable name cannot hold: only the name is wrong.
    expect(leftOut([{ kind: 'user', name: 'bad name', auth: { method: 'sha256_hash' } }]).warnings).toEqual([
      `left out user:bad name: name: "bad name" ${NOT_PLAIN}`,
    ]);
    const custom = generateStackCode([{ kind: 'user', name: 'bad name', auth: { method: 'sha256_hash' } }], { stackName: 's', passwordEnv: () => 'bad env' });
    expect(custom.warnings).toEqual([
      `left out user:bad name: name: "bad name" ${NOT_PLAIN}; auth.passwordEnv: must name the environment variable that holds the password at apply time (a name, never the password)`,
    ]);
  });
});

describe('codegen select: tables and views', () => {
  test('GIVEN detached tables and views WHEN imported THEN each readable one is left out once with ATTACH advice; an unreadable view marker says nothing (its table marker does)', () => {
    const read = { permanently: false, definitionRead: true };
    const unread = { permanently: true, definitionRead: false };
    const { warnings, comments, code } = leftOut([
      db('r'),
      table('r', 'src'),
      table('r', 'dt', { detached: read, indexes: [{ name: 'bad index', expression: 'k', type: 'minmax' }] }),
      table('r', 'unread', { detached: unread }),
      mv('dmv', { to: { database: 'r', name: 'src' }, detached: read }),
      mv('umv', { to: { database: 'r', name: 'src' }, detached: unread }),
      { ...view('dv', 'SELECT 1'), detached: read },
      { ...view('uv', 'SELECT 1'), detached: unread },
    ]);
    expect(warnings).toEqual([
      'left out table:r.dt: it is detached: ATTACH it and import again',
      'left out table:r.unread: it is detached: ATTACH it and import again',
      'left out materialized_view:r.dmv: it is detached: ATTACH it and import again',
      'left out view:r.dv: it is detached: ATTACH it and import again',
    ]);
    expect(comments).toHaveLength(4);
    expect(code).not.toContain('new View(');
    expect(code).not.toContain('new MaterializedView(');
    expect(code.match(/new Table\(/g)).toHaveLength(1);
  });

  test("GIVEN a rebuild's shadow and kept-old tables WHEN imported THEN they are left out naming the table they belong to", () => {
    const { warnings, code } = leftOut([
      db('r'),
      table('r', 't'),
      table('r', 't__chx_rebuild'),
      table('r', 't__chx_old_20261204T0530'),
      view('v__chx_rebuild', 'SELECT 1'),
    ]);
    expect(warnings).toEqual([
      "left out table:r.t__chx_rebuild: a rebuild's shadow or kept-old table of r.t (rebuild: 'copy'): not a table to declare",
      "left out table:r.t__chx_old_20261204T0530: a rebuild's shadow or kept-old table of r.t (rebuild: 'copy'): not a table to declare",
    ]);
    expect(code.match(/new Table\(/g)).toHaveLength(1);
    // Only tables are rebuilt: a view of such a name is declared.
    expect(code).toContain("new View(stack, 'v__chx_rebuild'");
  });

  test('GIVEN a projection the construct cannot declare and no index WHEN imported THEN the table is declared without it, keeping its other undeclared attributes left to the server', () => {
    const { warnings, code } = leftOut([
      db('r'),
      table('r', 't', {
        projections: [
          { name: 'ok', query: 'SELECT k ORDER BY k' },
          { name: 'p2', query: 'SELECT k ORDER BY k', withSettings: 'x = 1' },
        ],
        ignoreUndeclared: ['comment'],
      }),
    ]);
    expect(warnings).toEqual([
      "left out table:r.t: projection p2: WITH SETTINGS (x = 1) cannot be declared; ignoreUndeclared: ['projections'] keeps it on the server",
    ]);
    expect(code).toContain(
      "    projections: [\n      { name: 'ok', query: 'SELECT k ORDER BY k' },\n    ],\n    ignoreUndeclared: ['comment', 'projections'],\n  });",
    );
    expect(code).not.toContain("name: 'p2'");
  });

  test('GIVEN materialized views the construct cannot declare WHEN imported THEN each is left out with its reason', () => {
    const { warnings, code } = leftOut([
      db('r'),
      db('o'),
      table('r', 'src'),
      table('o', 'far'),
      mv('no_inner', {}),
      mv('odd_inner', { inner: { engine: { name: 'MergeTree' }, orderBy: [], unsupported: ['SAMPLE BY k', 'X'] } }),
      mv('deps', {
        inner: { engine: { name: 'MergeTree' }, orderBy: [] },
        refresh: {
          kind: 'EVERY',
          interval: '1 HOUR',
          dependsOn: [
            { database: 'r', name: 'a' },
            { database: 'o', name: 'b' },
          ],
        },
      }),
      mv('elsewhere', { to: { database: 'o', name: 'far' } }),
      mv('lost', { to: { database: 'r', name: 'gone' } }),
      mv('nodb', { database: 'x', inner: { engine: { name: 'MergeTree' }, orderBy: [] } }),
      mv('fine', { inner: { engine: { name: 'MergeTree' }, orderBy: [] }, refresh: { kind: 'AFTER', interval: '1 HOUR', dependsOn: [] } }),
    ]);
    expect(warnings).toEqual([
      'left out materialized_view:r.no_inner: a view without a TO table whose inner table could not be read; it stays on the server, undeclared',
      'left out materialized_view:r.odd_inner: its inner table has SAMPLE BY k; X, which the MaterializedView construct cannot declare; it stays on the server, undeclared',
      'left out materialized_view:r.deps: its REFRESH ... DEPENDS ON r.a, o.b is not imported yet (declare refresh.dependsOn by hand); it stays on the server, undeclared',
      "left out materialized_view:r.elsewhere: it writes to o.far, outside its own database; the MaterializedView construct lives in its target's database",
      'left out materialized_view:r.lost: its target table r.gone is not imported',
      'left out materialized_view:x.nodb: its database x is not imported',
    ]);
    expect(code.match(/new MaterializedView\(/g)).toHaveLength(1);
    expect(code).toContain("  new MaterializedView(stack, 'fine', {\n    name: 'fine',\n    database: r,\n");
  });

  test('GIVEN tables, views and dictionaries of a database not imported WHEN imported THEN each is left out naming the database', () => {
    const { warnings, code } = leftOut([db('r'), table('x', 't'), view('v', 'SELECT 1', 'x'), { ...dictionary('d'), database: 'x' }, view('kept', 'SELECT 1')]);
    expect(warnings).toEqual([
      'left out table:x.t: its database x is not imported',
      'left out view:x.v: its database x is not imported',
      'left out dictionary:x.d: its database x is not imported',
    ]);
    expect(code).toContain("new View(stack, 'kept'");
  });

  test('GIVEN plain views that read each other, in a cycle and themselves WHEN imported THEN each comes after the views it reads; a cycle keeps the order read', () => {
    const views = [
      view('c', 'SELECT * FROM r.b'),
      view('b', 'SELECT * FROM r.a JOIN r.b ON 1'),
      view('a', 'SELECT 1'),
      view('x', 'SELECT * FROM r.y'),
      view('y', 'SELECT * FROM r.x'),
      view('z', 'SELECT * FROM r.z'),
    ];
    const { code } = leftOut([db('r'), ...views]);
    const order = [...code.matchAll(/new View\(stack, '(\w+)'/g)].map((m) => m[1]);
    expect(order).toEqual(['a', 'b', 'c', 'y', 'x', 'z']);
    // A view reading only itself is in no variable and has no sources.
    expect(code).toContain("  new View(stack, 'z', {\n    database: r,\n    name: 'z',\n    select: 'SELECT * FROM r.z',\n  });");
    // Each read view is in a variable; the others are not.
    expect(code).toContain("const a = new View(stack, 'a'");
    expect(code).toContain("const b = new View(stack, 'b'");
    expect(code).toContain("  new View(stack, 'c'");
    expect(code).toContain("    sources: [a],\n    select: 'SELECT * FROM r.a JOIN r.b ON 1',");
  });
});

describe('codegen select: dictionaries', () => {
  test('GIVEN dictionaries detached or with what the construct cannot declare WHEN imported THEN each is left out with its reason (an unread detached one silently)', () => {
    const { warnings, code } = leftOut([
      db('r'),
      table('r', 'src'),
      dictionary('dd', { detached: { permanently: false, definitionRead: true } }),
      dictionary('ud', { detached: { permanently: false, definitionRead: false } }),
      dictionary('odd', { unsupported: ['SETTINGS(x = 1)', 'IS_OBJECT_ID'] }),
      dictionary('bad', { primaryKey: ['nope'] }),
      dictionary('ok', { source: { type: 'CLICKHOUSE', params: { table: 'src', db: 'r', user: 'u' }, passwordSet: true } }),
    ]);
    expect(warnings).toEqual([
      'left out dictionary:r.dd: it is detached: ATTACH it and import again',
      'left out dictionary:r.odd: SETTINGS(x = 1); IS_OBJECT_ID: the Dictionary construct cannot declare it; it stays on the server, undeclared',
      expect.stringMatching(/^left out dictionary:r\.bad: primaryKey/),
      'dictionary r.ok: its source password is not read (the server shows it as [HIDDEN]): set R_OK_SOURCE_PASSWORD where deploy runs',
    ]);
    expect(code.match(/new Dictionary\(/g)).toHaveLength(1);
  });

  test('GIVEN a dictionary with a password and a name the construct refuses WHEN imported THEN only the name is wrong (its password variable replaces what a variable name cannot hold)', () => {
    const { warnings } = leftOut([db('r'), dictionary('my.dict', { source: { type: 'CLICKHOUSE', params: { table: 'src' }, passwordSet: true } })]);
    expect(warnings).toEqual([`left out dictionary:r.my.dict: name: "my.dict" ${NOT_PLAIN}`]);
  });
});

describe('codegen select: access objects', () => {
  test('GIVEN grants of a grantee not imported and a row policy on a table not imported WHEN imported THEN both are left out, naming it', () => {
    const { warnings, code } = leftOut([
      db('r'),
      table('r', 'other'),
      { kind: 'role', name: 'rl' },
      { kind: 'role', name: 'rl2' },
      { kind: 'grant', grantee: 'nobody', grants: [{ privilege: 'SELECT', database: '*' }] },
      { kind: 'grant', grantee: 'rl', grants: [{ privilege: 'SELECT', database: '*' }] },
      { kind: 'row_policy', name: 'p', database: 'r', table: 't', using: '1' },
      { kind: 'row_policy', name: 'q', database: 'x', table: 'other', using: '1' },
    ]);
    expect(warnings).toEqual([
      'left out grant:nobody: its grantee nobody is not imported',
      'left out row_policy:p ON r.t: its table r.t is not imported (the RowPolicy construct takes the Table: import its database too)',
      'left out row_policy:q ON x.other: its table x.other is not imported (the RowPolicy construct takes the Table: import its database too)',
    ]);
    expect(code).toContain("new Grant(stack, 'grants_rl', {");
  });

  test('GIVEN profiles inheriting in a chain, a cycle and from a profile not imported WHEN imported THEN each comes after what it inherits', () => {
    const p = (name: string, inherit: string[] = []): ObjectSpec => ({ kind: 'settings_profile', name, settings: [], inherit });
    const { code } = leftOut([p('c', ['b']), p('b', ['a', 'b']), p('a'), p('x', ['y', 'none']), p('y', ['x']), p('solo')]);
    const order = [...code.matchAll(/new SettingsProfile\(stack, 'profile_(\w+)'/g)].map((m) => m[1]);
    expect(order).toEqual(['a', 'b', 'c', 'y', 'x', 'solo']);
  });
});

describe('selectSources', () => {
  test('GIVEN a SELECT naming a table twice, with and without its database THEN it is listed once; a name of another database is not', () => {
    const tables = [table('r', 'a'), table('o', 'a'), table('r', 'b')];
    expect(selectSources('SELECT * FROM r.a JOIN r.a AS x ON 1 JOIN b ON 1', tables)).toEqual([tables[0], tables[2]]);
    expect(selectSources('SELECT * FROM a', tables)).toEqual([tables[0]]);
    expect(selectSources('SELECT * FROM o.a', tables)).toEqual([tables[1]]);
    expect(selectSources('SELECT * FROM z.a', tables)).toEqual([]);
  });
});
