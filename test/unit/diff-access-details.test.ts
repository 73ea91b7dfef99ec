// diffAccessObject beyond the reason codes of diff-access.test.ts: what each change says (a
// person reads the detail), its statements, setting values in the server's normal form, and the
// grant rules at their edges (grant options, partial revokes of the grant option only, extra
// leaves per scope, parameterized privileges). Rows are shaped as system.grants returns them. No server.
import { diffAccessObject, normalizeSettingValue } from '../../sql/diff/access';
import { liveGrantEntry } from '../../sql/live/introspect-access';
import { GrantEntry, GrantSpec, LiveUserAuth, SettingsProfileSpec, UserSpec } from '../../sql/spec/model';

const row = (access_type: string, o: Partial<Parameters<typeof liveGrantEntry>[0]> = {}) =>
  liveGrantEntry({
    user_name: 'u',
    role_name: null,
    access_type,
    access_object: '',
    database: null,
    table: null,
    column: null,
    is_partial_revoke: 0,
    grant_option: 0,
    ...o,
  });
const grants = (entries: GrantEntry[], revokeExtra = true): GrantSpec => ({ kind: 'grant', grantee: 'u', grants: entries, revokeExtra });
const live = (...entries: GrantEntry[]): GrantSpec => ({ kind: 'grant', grantee: 'u', grants: entries });
const said = (d: GrantSpec, l: GrantSpec | undefined) => diffAccessObject(d, l).map((c) => [c.reason, c.detail, c.statements]);

const user: UserSpec = {
  kind: 'user',
  name: 'u',
  auth: { method: 'sha256_hash', passwordEnv: 'U_PW' },
  defaultDatabase: 'db',
  profiles: ['p1', 'p2'],
};
const liveUser = (o: Partial<UserSpec> = {}, auth: Partial<LiveUserAuth> = {}): UserSpec => ({
  ...user,
  auth: { method: 'sha256_hash', serverMethods: ['sha256_password'], ...auth } as LiveUserAuth,
  ...o,
});

describe('users: what each change says and runs', () => {
  test('GIVEN a live object of another kind THEN the diff refuses it', () => {
    expect(() => diffAccessObject(user, { kind: 'settings_profile', name: 'u', settings: [] })).toThrow(/settings_profile/);
  });

  test('GIVEN no live user THEN the detail says how the password is set (never the value)', () => {
    expect(diffAccessObject(user, undefined)[0].detail).toBe('user u does not exist; create it with password from $U_PW (filled in at apply time)');
    expect(diffAccessObject({ ...user, auth: { method: 'no_password' } }, undefined)[0].detail).toBe('user u does not exist; create it with no password');
  });

  test('GIVEN a live user whose methods were not read THEN no auth change', () => {
    expect(diffAccessObject(user, { ...user, auth: { method: 'sha256_hash' } })).toEqual([]);
  });

  test('GIVEN another method on the server THEN the detail names them all (none when empty), the fix is ALTER USER ... IDENTIFIED', () => {
    const alter = "ALTER USER `u` IDENTIFIED WITH sha256_hash BY '{{password_sha256:U_PW}}' SALT '{{password_salt:U_PW}}'";
    expect(said(user as never, liveUser({}, { serverMethods: ['plaintext_password', 'ldap'] }) as never)).toEqual([
      ['user_auth_changed', 'authentication is plaintext_password, ldap, declared sha256_password', [alter]],
    ]);
    expect(diffAccessObject(user, liveUser({}, { serverMethods: [] }))[0].detail).toBe('authentication is none, declared sha256_password');
  });

  test('GIVEN a failed login probe THEN password_mismatch with the variable and the fix; not for a user without password', () => {
    const [c] = diffAccessObject(user, liveUser({}, { passwordMatches: false }));
    expect([c.reason, c.detail, c.statements.length]).toEqual(['password_mismatch', 'the login probe failed with the password in $U_PW', 1]);
    const open: UserSpec = { ...user, auth: { method: 'no_password' } };
    expect(diffAccessObject(open, liveUser({}, { serverMethods: ['no_password'], passwordMatches: false }))).toEqual([]);
  });

  test('GIVEN hosts, default database or profiles changed THEN each detail names both sides, and its ALTER USER', () => {
    expect(said(user as never, liveUser({ hosts: { ip: ['10.0.0.0/8'] } }) as never)).toEqual([
      ['user_hosts_changed', 'hosts ip:10.0.0.0/8 name: like: regexp: local:false, declared ANY', ['ALTER USER `u` HOST ANY']],
    ]);
    expect(said(user as never, liveUser({ defaultDatabase: 'other' }) as never)).toEqual([
      ['user_default_database_changed', 'default database other, declared db', ['ALTER USER `u` DEFAULT DATABASE `db`']],
    ]);
    expect(diffAccessObject(user, liveUser({ defaultDatabase: undefined }))[0].detail).toBe('default database none, declared db');
    expect(diffAccessObject({ ...user, defaultDatabase: undefined }, liveUser())[0].detail).toBe('default database db, declared none');
    expect(said(user as never, liveUser({ profiles: ['p3', 'p0'] }) as never)).toEqual([
      [
        'user_profiles_changed',
        "profiles [p0, p3], declared [p1, p2] (the fix replaces the user's settings and profiles)",
        ['ALTER USER `u` SETTINGS PROFILE `p1`, PROFILE `p2`'],
      ],
    ]);
  });

  test('GIVEN the same profiles in another order THEN in sync; profiles whose names join the same THEN not', () => {
    expect(diffAccessObject(user, liveUser({ profiles: ['p2', 'p1'] }))).toEqual([]);
    expect(diffAccessObject({ ...user, profiles: ['p2', 'p1'] }, liveUser())).toEqual([]);
    const d: UserSpec = { ...user, profiles: ['ab', 'c'] };
    expect(diffAccessObject(d, liveUser({ profiles: ['a', 'bc'] })).map((c) => c.reason)).toEqual(['user_profiles_changed']);
  });
});

describe('normalizeSettingValue: the form system.settings_profile_elements stores', () => {
  test.each<[string | number | undefined | null, string | undefined]>([
    [undefined, undefined],
    [null, undefined],
    [' 5 ', '5'],
    ['TRUE', '1'],
    ['false', '0'],
    ['xtrue', 'xtrue'],
    ['truex', 'truex'],
    ['05', '5'],
    ['0123', '123'],
    ['-3', '-3'],
    ['1.50', '1.5'],
    ['1.', '1'],
    ['1e5', '100000'],
    ['1e+5', '100000'],
    ['1E-2', '0.01'],
    ['1e10', '10000000000'],
    ['a1', 'a1'],
    ['1a', '1a'],
    ['1e', '1e'],
    [7, '7'],
    ['random', 'random'],
  ])('%j -> %j', (v, out) => {
    expect(normalizeSettingValue(v)).toBe(out);
  });
});

describe('settings profiles: what each change says', () => {
  const p: SettingsProfileSpec = {
    kind: 'settings_profile',
    name: 'p',
    settings: [
      { name: 'max_threads', value: 8, min: 1, max: 16, writability: 'CHANGEABLE_IN_READONLY' },
      { name: 'readonly', value: 1 },
    ],
  };
  const alter = 'ALTER SETTINGS PROFILE `p` SETTINGS max_threads = 8 MIN 1 MAX 16 CHANGEABLE_IN_READONLY, readonly = 1';

  test('GIVEN no live profile THEN it does not exist', () => {
    expect(diffAccessObject(p, undefined).map((c) => [c.reason, c.detail])).toEqual([['missing_object', 'settings profile p does not exist']]);
  });

  test('GIVEN each kind of drift THEN the detail names the setting and both sides; the fix is the whole list', () => {
    const changes = diffAccessObject(p, {
      ...p,
      settings: [{ name: 'max_threads', value: '4' }, { name: 'bare' }, { name: 'max_memory_usage', max: '100' }],
      inherit: ['default', 'x'],
    });
    expect(changes.map((c) => [c.reason, c.detail])).toEqual([
      ['profile_setting_changed', 'setting max_threads is = 4, declared = 8 MIN 1 MAX 16 CHANGEABLE_IN_READONLY'],
      ['profile_setting_missing', 'setting readonly = 1 is not in the profile'],
      ['profile_setting_extra', 'setting bare (no value) is not declared'],
      ['profile_setting_extra', 'setting max_memory_usage MAX 100 is not declared'],
      ['profile_inherit_changed', 'inherits [default, x], declared []'],
    ]);
    for (const c of changes) expect(c.statements).toEqual([alter]);
  });

  test('GIVEN values that only join the same (1 and 2 vs 12) THEN they differ', () => {
    const d: SettingsProfileSpec = { kind: 'settings_profile', name: 'p', settings: [{ name: 's', value: '1', min: '2' }] };
    expect(diffAccessObject(d, { ...d, settings: [{ name: 's', value: '12' }] }).map((c) => c.reason)).toEqual(['profile_setting_changed']);
  });

  test('GIVEN no inherit declared and an empty live list THEN in sync; lists that only join the same THEN not', () => {
    const d: SettingsProfileSpec = { kind: 'settings_profile', name: 'p', settings: [] };
    expect(diffAccessObject(d, { ...d, inherit: [] })).toEqual([]);
    expect(diffAccessObject({ ...d, inherit: ['a', 'b'] }, { ...d, inherit: [] })[0].detail).toBe('inherits [], declared [a, b]');
    expect(diffAccessObject({ ...d, inherit: ['ab', 'c'] }, { ...d, inherit: ['a', 'bc'] }).map((c) => c.reason)).toEqual(['profile_inherit_changed']);
  });
});

describe('grants: what each change says', () => {
  test('GIVEN no grants THEN every declared entry is named, with columns, table, grant option and *.*', () => {
    const d = grants([
      { privilege: 'SELECT', database: 'db', table: 't', columns: ['a', 'b'], grantOption: true },
      { privilege: 'INSERT', database: 'db' },
      { privilege: 'SHOW TABLES', database: '*' },
    ]);
    expect(diffAccessObject(d, undefined)[0].reason).toBe('missing_object');
    expect(diffAccessObject(d, undefined)[0].detail).toBe(
      'u does not exist or has no grants; declared SELECT(a, b) ON db.t WITH GRANT OPTION; INSERT ON db.*; SHOW TABLES ON *.*',
    );
  });

  test('GIVEN a declared privilege missing THEN grant_missing names the entry and what is missing, fixed by its GRANT', () => {
    expect(said(grants([{ privilege: 'SELECT', database: 'db' }]), live(row('INSERT', { database: 'db' })))).toEqual([
      ['grant_missing', 'SELECT ON db.* is not (fully) granted to u: missing SELECT', ['GRANT SELECT ON `db`.* TO `u`']],
      ['grant_extra', 'INSERT ON db.* granted to u but not declared', ['REVOKE INSERT ON `db`.* FROM `u`']],
    ]);
  });

  test('GIVEN a grant option declared and the privilege granted without THEN grant_missing', () => {
    const d = grants([{ privilege: 'SELECT', database: 'db', grantOption: true }]);
    expect(diffAccessObject(d, live(row('SELECT', { database: 'db' }))).map((c) => c.reason)).toEqual(['grant_missing']);
    expect(diffAccessObject(d, live(row('SELECT', { database: 'db', grant_option: 1 })))).toEqual([]);
  });

  test('GIVEN a partial revoke of another privilege under the declared scope THEN the declared one is not taken', () => {
    const d = grants([
      { privilege: 'SELECT', database: 'db', table: 't' },
      { privilege: 'INSERT', database: 'db' },
    ]);
    const l = live(row('SELECT', { database: 'db' }), row('INSERT', { database: 'db' }), row('INSERT', { database: 'db', table: 'x', is_partial_revoke: 1 }));
    expect(diffAccessObject(d, l).map((c) => [c.reason, c.detail])).toEqual([
      ['grant_missing', 'INSERT ON db.* is partially revoked from u: INSERT revoked on db.x'],
      ['grant_extra', 'SELECT ON db.* granted to u but not declared'],
    ]);
  });

  test('GIVEN only the grant option revoked on a table THEN a grant declared without it is neither missing nor holed; one declared with it is', () => {
    // GRANT SELECT ON db.* WITH GRANT OPTION; REVOKE GRANT OPTION FOR SELECT ON db.t
    const l = live(row('SELECT', { database: 'db', grant_option: 1 }), row('SELECT', { database: 'db', table: 't', is_partial_revoke: 1, grant_option: 1 }));
    expect(diffAccessObject(grants([{ privilege: 'SELECT', database: 'db' }]), l).map((c) => [c.reason, c.detail])).toEqual([
      ['grant_extra', 'grant option for SELECT ON db.* granted to u but not declared'],
    ]);
    expect(diffAccessObject(grants([{ privilege: 'SELECT', database: 'db', grantOption: true }]), l).map((c) => [c.reason, c.detail])).toEqual([
      ['grant_missing', 'SELECT ON db.* WITH GRANT OPTION is partially revoked from u: SELECT revoked on db.t'],
    ]);
  });

  test('GIVEN partial revokes at the declared scope itself THEN only one of the same privilege, or of the grant option a declared grant option needs, takes it', () => {
    const d = grants([{ privilege: 'SELECT', database: 'db', table: 't' }]);
    const other = live(
      row('SELECT', { database: 'db' }),
      row('INSERT', { database: 'db', table: 't' }),
      row('INSERT', { database: 'db', table: 't', is_partial_revoke: 1 }),
    );
    // SELECT ON db.* and INSERT ON db.t are extra; SELECT ON db.t stays granted.
    expect(diffAccessObject(d, other).map((c) => c.reason)).toEqual(['grant_extra', 'grant_extra']);
    const optionOnly = live(
      row('SELECT', { database: 'db', grant_option: 1 }),
      row('SELECT', { database: 'db', table: 't', is_partial_revoke: 1, grant_option: 1 }),
    );
    expect(diffAccessObject(d, optionOnly).map((c) => c.reason)).toEqual(['grant_extra']);
    expect(diffAccessObject(grants([{ privilege: 'SELECT', database: 'db', table: 't', grantOption: true }]), optionOnly).map((c) => c.reason)).toEqual([
      'grant_missing',
      'grant_extra',
    ]);
  });

  test('GIVEN a partial revoke of a privilege never granted THEN it is no extra grant', () => {
    const d = grants([{ privilege: 'INSERT', database: 'db' }]);
    expect(diffAccessObject(d, live(row('INSERT', { database: 'db' }), row('SELECT', { database: 'db', table: 't', is_partial_revoke: 1 })))).toEqual([]);
  });

  test('GIVEN partial revokes on several tables THEN the detail lists the privileges and tables once each', () => {
    const d = grants([{ privilege: 'SELECT', database: 'db' }]);
    const l = live(
      row('SELECT', { database: 'db' }),
      row('SELECT', { database: 'db', table: 'a', is_partial_revoke: 1 }),
      row('SELECT', { database: 'db', table: 'b', is_partial_revoke: 1 }),
      row('SELECT', { database: 'db', table: 'b', column: 'c', is_partial_revoke: 1 }),
    );
    const [c] = diffAccessObject(d, l);
    expect([c.reason, c.detail, c.statements]).toEqual([
      'grant_missing',
      'SELECT ON db.* is partially revoked from u: SELECT revoked on db.a, db.b',
      ['GRANT SELECT ON `db`.* TO `u`'],
    ]);
  });

  test('GIVEN a declared grant with grant option and one without covering a live leaf with grant option THEN no extra grant option', () => {
    const d = grants([
      { privilege: 'SELECT', database: 'db', table: 't' },
      { privilege: 'SELECT', database: 'db', grantOption: true },
    ]);
    const reasons = diffAccessObject(d, live(row('SELECT', { database: 'db', table: 't', grant_option: 1 }))).map((c) => c.reason);
    expect(reasons).not.toContain('grant_extra');
  });

  test('GIVEN extra leaves on two scopes and a grant option THEN one change per scope and kind, each with its detail', () => {
    const d = grants([{ privilege: 'SELECT', database: 'db', table: 't', columns: ['c'] }]);
    const l = live(
      row('SELECT', { database: 'db', table: 't', column: 'c', grant_option: 1 }),
      row('INSERT', { database: 'db' }),
      row('SELECT', { database: 'other' }),
    );
    expect(diffAccessObject(d, l).map((c) => [c.detail, c.statements, c.inPlace, c.destructive, c.runnable])).toEqual([
      [
        'grant option for SELECT ON db.t (column c) granted to u but not declared',
        ['REVOKE GRANT OPTION FOR SELECT(`c`) ON `db`.`t` FROM `u`'],
        true,
        true,
        true,
      ],
      ['INSERT ON db.* granted to u but not declared', ['REVOKE INSERT ON `db`.* FROM `u`'], true, true, true],
      ['SELECT ON other.* granted to u but not declared', ['REVOKE SELECT ON `other`.* FROM `u`'], true, true, true],
    ]);
  });

  test('GIVEN a group and one of its leaves both extra THEN the leaf is listed once', () => {
    const changes = diffAccessObject(grants([]), live(row('ALTER UPDATE', { database: 'db' }), row('ALTER', { database: 'db' })));
    expect(changes.map((c) => [c.detail, c.statements])).toEqual([['ALTER ON db.* granted to u but not declared', ['REVOKE ALTER ON `db`.* FROM `u`']]]);
  });

  test('GIVEN more than six extra privileges on one scope THEN six are named and the rest counted; six are all named', () => {
    const seven = ['SELECT', 'INSERT', 'OPTIMIZE', 'TRUNCATE', 'CREATE TABLE', 'DROP TABLE', 'BACKUP'];
    const detail = (names: string[]) => diffAccessObject(grants([]), live(...names.map((n) => row(n, { database: 'db' }))))[0].detail;
    expect(detail(seven)).toMatch(/^([A-Z ]+, ){5}[A-Z ]+ and 1 more ON db\.\* granted to u but not declared$/);
    expect(detail(seven.slice(0, 6))).toMatch(/^([A-Z ]+, ){5}[A-Z ]+ ON db\.\* granted to u but not declared$/);
    expect(detail(seven.slice(0, 6)).split(', ')).toHaveLength(6);
  });

  test('GIVEN READ and WRITE left on a database name THEN both are named, in the detail and the hint', () => {
    const [c] = diffAccessObject(grants([]), live(row('READ', { access_object: 'db' }), row('WRITE', { access_object: 'db' })));
    expect(c.detail).toMatch(/^(READ, WRITE|WRITE, READ) ON db \(left by GRANT ALL ON db\.\*\)/);
    expect(c.hint).toMatch(/^ClickHouse has no REVOKE for (READ\/WRITE|WRITE\/READ) on a database name/);
  });

  test('GIVEN a global READ extra THEN it is revoked ON *.* (only a database name cannot be named in a REVOKE)', () => {
    expect(said(grants([]), live(row('READ')))).toEqual([['grant_extra', 'READ ON *.* granted to u but not declared', ['REVOKE READ ON *.* FROM `u`']]]);
  });

  test('GIVEN READ and CREATE USER left on a database name THEN READ is reported with its hint, CREATE USER revoked ON name', () => {
    const changes = diffAccessObject(grants([]), live(row('READ', { access_object: 'db' }), row('CREATE USER', { access_object: 'db' })));
    expect(changes.map((c) => [c.reason, c.detail, c.statements, c.inPlace, c.destructive, c.runnable])).toEqual([
      ['grant_extra', 'READ ON db (left by GRANT ALL ON db.*) granted to u but not declared', [], false, true, false],
      ['grant_extra', 'CREATE USER, READ ON db.* granted to u but not declared', ['REVOKE CREATE USER ON `db` FROM `u`'], true, true, true],
    ]);
    expect(changes[0].hint).toBe(
      'ClickHouse has no REVOKE for READ on a database name: run REVOKE ALL ON db.* FROM u and deploy again to re-grant what is declared',
    );
  });
});
