import { diffAccessObject } from '../../sql/diff/access';
import { LiveGrantEntry, LiveUserAuth, GrantSpec, SettingsProfileSpec, UserSpec } from '../../sql/spec/model';
import { liveGrantEntry } from '../../sql/live/introspect-access';
import { seedGrants, seedProfile, seedUser } from '../../stacks/lightbulb/seed-schema';

// system.grants of ClickHouse 26.7 after `GRANT SELECT ON system.*, GRANT ALL ON monitor.*` (measured):
// ALL on a database is stored as its database-level groups and leaves, plus parameterized
// privileges with database NULL and access_object = 'monitor'.
const DB_LEVEL = [
  'CHECK',
  'SHOW',
  'SELECT',
  'INSERT',
  'ALTER',
  'CREATE DATABASE',
  'CREATE TABLE',
  'CREATE VIEW',
  'CREATE DICTIONARY',
  'DROP DATABASE',
  'DROP TABLE',
  'DROP VIEW',
  'DROP DICTIONARY',
  'UNDROP TABLE',
  'TRUNCATE',
  'OPTIMIZE',
  'BACKUP',
  'CREATE ROW POLICY',
  'ALTER ROW POLICY',
  'DROP ROW POLICY',
  'SHOW ROW POLICIES',
  'SYSTEM MERGES',
  'SYSTEM TTL MERGES',
  'SYSTEM FETCHES',
  'SYSTEM MOVES',
  'SYSTEM PULLING REPLICATION LOG',
  'SYSTEM CLEANUP',
  'SYSTEM BACKGROUND',
  'SYSTEM SENDS',
  'SYSTEM REPLICATION QUEUES',
  'SYSTEM VIRTUAL PARTS UPDATE',
  'SYSTEM REDUCE BLOCKING PARTS',
  'SYSTEM DROP REPLICA',
  'SYSTEM SYNC REPLICA',
  'SYSTEM RESTART REPLICA',
  'SYSTEM RESTORE REPLICA',
  'SYSTEM RESTORE DATABASE REPLICA',
  'SYSTEM WAIT LOADING PARTS',
  'SYSTEM WAIT QUERY RUNNER',
  'SYSTEM SYNC DATABASE REPLICA',
  'SYSTEM FLUSH DISTRIBUTED',
  'SYSTEM FLUSH OBJECT STORAGE QUEUE',
  'SYSTEM LOAD PRIMARY KEY',
  'SYSTEM UNLOAD PRIMARY KEY',
  'dictGet',
];
const PARAM = [
  'READ',
  'WRITE',
  'TABLE ENGINE',
  'SET DEFINER',
  'CREATE USER',
  'ALTER USER',
  'DROP USER',
  'CREATE ROLE',
  'ALTER ROLE',
  'DROP ROLE',
  'IMPERSONATE',
  'NAMED COLLECTION ADMIN',
];
const row = (access_type: string, o: Partial<Parameters<typeof liveGrantEntry>[0]> = {}) =>
  liveGrantEntry({
    user_name: 'monitor',
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
const SEED_ROWS: LiveGrantEntry[] = [
  ...DB_LEVEL.map((p) => row(p, { database: 'monitor' })),
  ...PARAM.map((p) => row(p, { access_object: 'monitor' })),
  row('SELECT', { database: 'system' }),
];
const liveGrants = (grants: readonly LiveGrantEntry[]): GrantSpec => ({ kind: 'grant', grantee: 'monitor', grants });

const liveUser = (o: Partial<UserSpec> = {}, auth: Partial<LiveUserAuth> = {}): UserSpec => ({
  kind: 'user',
  name: 'monitor',
  auth: { method: 'sha256_hash', serverMethods: ['sha256_password'], ...auth } as LiveUserAuth,
  hosts: { ip: ['::/0'], names: [], like: [], regexp: [] },
  defaultDatabase: 'monitor',
  profiles: ['program'],
  ...o,
});
const liveProfile = (o: Partial<SettingsProfileSpec> = {}): SettingsProfileSpec => ({
  kind: 'settings_profile',
  name: 'program',
  inherit: [],
  settings: [
    { name: 'max_memory_usage', value: '10000000000' },
    { name: 'max_execution_time', value: '300' },
    { name: 'max_threads', value: '8', max: '16' },
  ],
  ...o,
});

describe('diffAccessObject: users', () => {
  test.each<[string, UserSpec, string[]]>([
    ['in sync', liveUser(), []],
    ['password version unknown on the server', liveUser({}, { passwordVersion: undefined }), []],
    ['password version rotated', liveUser({}, { passwordVersion: '0' }), ['user_auth_changed']],
    ['plaintext on the server', liveUser({}, { serverMethods: ['plaintext_password'] }), ['user_auth_changed']],
    ['probe says the password differs', liveUser({}, { passwordMatches: false }), ['password_mismatch']],
    ['hosts restricted by hand', liveUser({ hosts: { ip: ['10.0.0.0/8'] } }), ['user_hosts_changed']],
    ['default database changed', liveUser({ defaultDatabase: 'default' }), ['user_default_database_changed']],
    ['no default database', liveUser({ defaultDatabase: undefined }), ['user_default_database_changed']],
    ['profile dropped', liveUser({ profiles: [] }), ['user_profiles_changed']],
    [
      'everything at once',
      liveUser({ profiles: ['default'], defaultDatabase: undefined, hosts: { names: ['x'] } }, { passwordVersion: '2' }),
      ['user_auth_changed', 'user_hosts_changed', 'user_default_database_changed', 'user_profiles_changed'],
    ],
  ])('GIVEN the seed user and a live user (%s) THEN reasons are as expected', (_n, live, reasons) => {
    expect(diffAccessObject(seedUser(), live, {}).map((c) => c.reason)).toEqual(reasons);
  });

  test('GIVEN no live user THEN missing_object with a CREATE USER holding the placeholder, and no secret in detail', () => {
    const [c] = diffAccessObject(seedUser(), undefined, { cluster: 'production' });
    expect(c.reason).toBe('missing_object');
    expect(c.statements[0]).toMatch(
      /^CREATE USER IF NOT EXISTS `monitor` ON CLUSTER `production` IDENTIFIED WITH sha256_hash BY '\{\{password_sha256:MONITOR_PASSWORD\}\}'/,
    );
    expect(c.detail).toContain('$MONITOR_PASSWORD');
    expect(c.runnable).toBe(true);
  });

  test('GIVEN a rotation THEN the fix is ALTER USER ... IDENTIFIED with the placeholder', () => {
    const [c] = diffAccessObject(seedUser(), liveUser({}, { passwordVersion: '0' }), {});
    expect(c.statements).toEqual([
      "ALTER USER `monitor` IDENTIFIED WITH sha256_hash BY '{{password_sha256:MONITOR_PASSWORD}}' SALT '{{password_salt:MONITOR_PASSWORD}}'",
    ]);
  });

  test('GIVEN HOST LOCAL declared and the server showing host_names [localhost] THEN no drift', () => {
    const d = { ...seedUser(), hosts: { local: true } };
    expect(diffAccessObject(d, liveUser({ hosts: { ip: [], names: ['localhost'], like: [], regexp: [] } }), {})).toEqual([]);
  });
});

describe('diffAccessObject: settings profiles', () => {
  test.each<[string, SettingsProfileSpec, string[]]>([
    ['in sync (values as strings)', liveProfile(), []],
    ['a setting missing', liveProfile({ settings: liveProfile().settings.slice(0, 2) }), ['profile_setting_missing']],
    [
      'a value changed',
      liveProfile({ settings: [{ name: 'max_memory_usage', value: '5000000000' }, ...liveProfile().settings.slice(1)] }),
      ['profile_setting_changed'],
    ],
    ['a max dropped', liveProfile({ settings: [...liveProfile().settings.slice(0, 2), { name: 'max_threads', value: '8' }] }), ['profile_setting_changed']],
    [
      'writability added',
      liveProfile({ settings: [...liveProfile().settings.slice(0, 2), { name: 'max_threads', value: '8', max: '16', writability: 'CONST' }] }),
      ['profile_setting_changed'],
    ],
    ['an extra setting', liveProfile({ settings: [...liveProfile().settings, { name: 'readonly', value: '1' }] }), ['profile_setting_extra']],
    ['inherits another profile', liveProfile({ inherit: ['default'] }), ['profile_inherit_changed']],
  ])('GIVEN the seed profile and a live one (%s) THEN reasons are as expected', (_n, live, reasons) => {
    expect(diffAccessObject(seedProfile(), live, {}).map((c) => c.reason)).toEqual(reasons);
  });

  test('GIVEN drift THEN the fix renders the whole desired list (ALTER ... SETTINGS replaces it)', () => {
    const changes = diffAccessObject(seedProfile(), liveProfile({ settings: [], inherit: ['x'] }), {});
    expect(new Set(changes.flatMap((c) => c.statements))).toEqual(
      new Set(['ALTER SETTINGS PROFILE `program` SETTINGS max_memory_usage = 10000000000, max_execution_time = 300, max_threads = 8 MAX 16']),
    );
  });

  test('GIVEN READONLY declared and CONST live THEN no drift (alias)', () => {
    const d: SettingsProfileSpec = { kind: 'settings_profile', name: 'p', settings: [{ name: 'readonly', value: 1, writability: 'READONLY' }] };
    expect(diffAccessObject(d, { ...d, settings: [{ name: 'readonly', value: '1', writability: 'CONST' }], inherit: [] }, {})).toEqual([]);
  });

  test('GIVEN no live profile THEN missing_object with CREATE SETTINGS PROFILE', () => {
    expect(diffAccessObject(seedProfile(), undefined, {})[0].statements[0]).toMatch(/^CREATE SETTINGS PROFILE IF NOT EXISTS `program` SETTINGS/);
  });
});

describe('diffAccessObject: grants', () => {
  test('GIVEN GRANT ALL ON monitor.* as ClickHouse stores it THEN no drift', () => {
    expect(diffAccessObject(seedGrants(), liveGrants(SEED_ROWS), {})).toEqual([]);
  });

  test.each<[string, LiveGrantEntry[], string[], string[]]>([
    ['SELECT ON system.* revoked', SEED_ROWS.filter((g) => g.database !== 'system'), ['grant_missing'], ['GRANT SELECT ON `system`.* TO `monitor`']],
    ['INSERT ON monitor.* revoked', SEED_ROWS.filter((g) => g.privilege !== 'INSERT'), ['grant_missing'], ['GRANT ALL ON `monitor`.* TO `monitor`']],
    [
      'ALTER split into most of its children',
      [...SEED_ROWS.filter((g) => g.privilege !== 'ALTER'), row('ALTER TABLE', { database: 'monitor' }), row('ALTER VIEW', { database: 'monitor' })],
      ['grant_missing'],
      ['GRANT ALL ON `monitor`.* TO `monitor`'],
    ],
    [
      'an extra grant on another database',
      [...SEED_ROWS, row('SELECT', { database: 'other' })],
      ['grant_extra'],
      ['REVOKE SELECT ON `other`.* FROM `monitor`'],
    ],
    ['an extra global grant', [...SEED_ROWS, row('KILL QUERY')], ['grant_extra'], ['REVOKE KILL QUERY ON *.* FROM `monitor`']],
    [
      'grant option added by hand',
      SEED_ROWS.map((g) => (g.database === 'system' ? { ...g, grantOption: true } : g)),
      ['grant_extra'],
      ['REVOKE GRANT OPTION FOR SELECT ON `system`.* FROM `monitor`'],
    ],
    // A partial revoke narrower than the declared scope takes part of the declared grant away.
    [
      'a partial revoke under monitor.*',
      [...SEED_ROWS, row('SELECT', { database: 'monitor', table: 't', is_partial_revoke: 1 })],
      ['grant_missing'],
      ['GRANT ALL ON `monitor`.* TO `monitor`'],
    ],
    [
      'a partial revoke of a system table',
      [...SEED_ROWS, row('SELECT', { database: 'system', table: 'one', is_partial_revoke: 1 })],
      ['grant_missing'],
      ['GRANT SELECT ON `system`.* TO `monitor`'],
    ],
  ])('GIVEN the seed grants and live (%s) THEN %j', (_n, live, reasons, statements) => {
    const changes = diffAccessObject(seedGrants(), liveGrants(live), {});
    expect(changes.map((c) => c.reason)).toEqual(reasons);
    expect(changes.flatMap((c) => c.statements)).toEqual(statements);
  });

  test('GIVEN a declared table grant and a live partial revoke of it THEN grant_missing', () => {
    const d: GrantSpec = { kind: 'grant', grantee: 'monitor', grants: [{ privilege: 'SELECT', database: 'monitor', table: 't' }] };
    const live = [row('SELECT', { database: 'monitor' }), row('SELECT', { database: 'monitor', table: 't', is_partial_revoke: 1 })];
    expect(diffAccessObject(d, liveGrants(live), {}).map((c) => c.reason)).toEqual(['grant_missing', 'grant_extra']);
  });

  test('GIVEN the whole ALL ON db.* is extra THEN it is revoked as ALL in one statement', () => {
    const d: GrantSpec = { kind: 'grant', grantee: 'monitor', grants: [{ privilege: 'SELECT', database: 'system' }], revokeExtra: true };
    const [c] = diffAccessObject(d, liveGrants(SEED_ROWS), {});
    expect(c).toMatchObject({ reason: 'grant_extra', destructive: true, runnable: true, statements: ['REVOKE ALL ON `monitor`.* FROM `monitor`'] });
  });

  test('GIVEN an extra parameterized grant THEN it is revoked ON name', () => {
    const d: GrantSpec = { ...seedGrants(), grants: [seedGrants().grants[0], { privilege: 'SELECT', database: 'monitor' }], revokeExtra: true };
    const live = [
      row('SELECT', { database: 'system' }),
      row('SELECT', { database: 'monitor' }),
      row('CREATE USER', { access_object: 'monitor' }),
      row('INSERT', { database: 'monitor' }),
    ];
    expect(diffAccessObject(d, liveGrants(live), {}).flatMap((c) => c.statements)).toEqual([
      'REVOKE INSERT ON `monitor`.* FROM `monitor`',
      'REVOKE CREATE USER ON `monitor` FROM `monitor`',
    ]);
  });

  test('GIVEN an extra READ ON db (left by GRANT ALL ON db.*) THEN it is reported with a hint: no REVOKE can name it', () => {
    const d: GrantSpec = { ...seedGrants(), grants: [seedGrants().grants[0]], revokeExtra: true };
    const changes = diffAccessObject(d, liveGrants([row('SELECT', { database: 'system' }), row('READ', { access_object: 'monitor' })]), {});
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ reason: 'grant_extra', runnable: false, statements: [] });
    expect(changes[0].hint).toMatch(/REVOKE ALL ON monitor\.\*/);
  });

  test('GIVEN extras and revokeExtra unset THEN reported, not runnable, with a hint', () => {
    const [c] = diffAccessObject(seedGrants(), liveGrants([...SEED_ROWS, row('SELECT', { database: 'other' })]), {});
    expect(c).toMatchObject({ reason: 'grant_extra', destructive: true, runnable: false });
    expect(c.hint).toMatch(/revokeExtra/);
  });

  test.each([
    ['ALL PRIVILEGES alias', 'ALL PRIVILEGES'],
    ['lower case', 'all'],
  ])('GIVEN the declared privilege as %s THEN no drift', (_n, privilege) => {
    const d: GrantSpec = { ...seedGrants(), grants: [seedGrants().grants[0], { privilege, database: 'monitor' }] };
    expect(diffAccessObject(d, liveGrants(SEED_ROWS), {})).toEqual([]);
  });

  test('GIVEN a declared grant covered by a broader live grant THEN no missing grant', () => {
    const d: GrantSpec = {
      kind: 'grant',
      grantee: 'monitor',
      grants: [
        { privilege: 'SELECT', database: 'system', table: 'one' },
        { privilege: 'SELECT', database: '*' },
      ],
    };
    expect(diffAccessObject(d, liveGrants([row('SELECT')]), {})).toEqual([]);
  });

  test('GIVEN column grants THEN they compare per column', () => {
    const d: GrantSpec = { kind: 'grant', grantee: 'monitor', grants: [{ privilege: 'SELECT', database: 'db', table: 't', columns: ['a', 'b'] }] };
    const live = [row('SELECT', { database: 'db', table: 't', column: 'a' })];
    expect(diffAccessObject(d, liveGrants(live), {}).map((c) => c.reason)).toEqual(['grant_missing']);
    expect(diffAccessObject(d, liveGrants([...live, row('SELECT', { database: 'db', table: 't', column: 'b' })]), {})).toEqual([]);
  });

  test('GIVEN no grantee THEN missing_object with every GRANT', () => {
    expect(diffAccessObject(seedGrants(), undefined, { cluster: 'production' })[0].statements).toEqual([
      'GRANT ON CLUSTER `production` SELECT ON `system`.* TO `monitor`',
      'GRANT ON CLUSTER `production` ALL ON `monitor`.* TO `monitor`',
    ]);
  });
});
