// Access statements at the edges render-access.test.ts leaves: roles, default roles, quotas, row
// policies and who they apply to, users and profiles with the least of each clause, revokes of a
// column, the drop of each access kind, and the error each identifier check raises (the validation
// refuses such names before deploy; rendering refuses them too, naming what was wrong). No server.
import { ChxError } from '../../sql/spec/errors';
import { identifierProblem } from '../../sql/spec/identifiers';
import { RoleSpec, QuotaSpec, RowPolicySpec, SettingsProfileSpec, UserSpec } from '../../sql/spec/model';
import {
  accessOnCluster,
  renderAlterSettingsProfile,
  renderAlterUserDefaultRoles,
  renderAlterUserHosts,
  renderApplyTo,
  renderCreateQuota,
  renderCreateRole,
  renderCreateRowPolicy,
  renderCreateSettingsProfile,
  renderCreateUser,
  renderDefaultDatabase,
  renderDropRole,
  renderGrant,
  renderGrantRoles,
  renderGrantTarget,
  renderIdentification,
  renderProfileSetting,
  renderProfileSettings,
  renderRevoke,
  renderRevokeRoles,
  renderUserProfiles,
} from '../../sql/render/access';
import { renderDrop } from '../../sql/render/drop';

const BAD = 'bad name';
const user: UserSpec = { kind: 'user', name: 'u', auth: { method: 'sha256_hash', passwordEnv: 'U_PASSWORD' } };
const IDENTIFIED = "IDENTIFIED WITH sha256_hash BY '{{password_sha256:U_PASSWORD}}' SALT '{{password_salt:U_PASSWORD}}'";

/** The message of what `f` throws (fails when it does not throw). */
function thrown(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ChxError);
    return (e as Error).message;
  }
  throw new Error('did not throw');
}

describe('users: the least of each clause', () => {
  test('GIVEN a user with a password only THEN CREATE USER has no default database and no profiles; with no_password it is identified so', () => {
    expect(renderCreateUser(user)).toBe(`CREATE USER IF NOT EXISTS \`u\` ${IDENTIFIED} HOST ANY`);
    expect(renderCreateUser({ ...user, profiles: [] })).toBe(`CREATE USER IF NOT EXISTS \`u\` ${IDENTIFIED} HOST ANY`);
    expect(renderIdentification({ ...user, auth: { method: 'no_password' } })).toBe('IDENTIFIED WITH no_password');
    expect(renderCreateUser({ ...user, auth: { method: 'no_password' } }, { cluster: 'c' })).toBe(
      'CREATE USER IF NOT EXISTS `u` ON CLUSTER `c` IDENTIFIED WITH no_password HOST ANY',
    );
  });

  test('GIVEN a sha256 user without a password variable THEN rendering it is refused, naming the user', () => {
    expect(thrown(() => renderIdentification({ ...user, auth: { method: 'sha256_hash' } }))).toBe(
      'user u: auth.passwordEnv is required for method sha256_hash',
    );
  });

  test('GIVEN no default database THEN DEFAULT DATABASE NONE; GIVEN two profiles THEN both, comma-separated', () => {
    expect(renderDefaultDatabase(user)).toBe('DEFAULT DATABASE NONE');
    expect(renderDefaultDatabase({ ...user, defaultDatabase: 'd' })).toBe('DEFAULT DATABASE `d`');
    expect(renderUserProfiles({ ...user, profiles: ['a', 'b'] })).toBe('SETTINGS PROFILE `a`, PROFILE `b`');
    expect(renderAlterUserHosts(user, { cluster: 'c', accessOnCluster: false })).toBe('ALTER USER `u` HOST ANY');
  });
});

describe('roles', () => {
  const role: RoleSpec = { kind: 'role', name: 'r' };
  test('GIVEN a role THEN CREATE and DROP, ON CLUSTER unless the access storage is replicated', () => {
    expect(renderCreateRole(role)).toBe('CREATE ROLE IF NOT EXISTS `r`');
    expect(renderCreateRole(role, { cluster: 'c' })).toBe('CREATE ROLE IF NOT EXISTS `r` ON CLUSTER `c`');
    expect(renderDropRole(role, { cluster: 'c' })).toBe('DROP ROLE IF EXISTS `r` ON CLUSTER `c`');
    expect(renderDropRole(role, { cluster: 'c', accessOnCluster: false })).toBe('DROP ROLE IF EXISTS `r`');
  });

  test('GIVEN two roles THEN GRANT and REVOKE name both', () => {
    expect(renderGrantRoles('u', ['a', 'b'])).toBe('GRANT `a`, `b` TO `u`');
    expect(renderGrantRoles('u', ['a'], { cluster: 'c' })).toBe('GRANT ON CLUSTER `c` `a` TO `u`');
    expect(renderRevokeRoles('u', ['a', 'b'])).toBe('REVOKE `a`, `b` FROM `u`');
    expect(renderRevokeRoles('u', ['a'], { cluster: 'c' })).toBe('REVOKE ON CLUSTER `c` `a` FROM `u`');
  });

  test('GIVEN default roles not declared, none, and two THEN ALL, NONE, both', () => {
    expect(renderAlterUserDefaultRoles(user)).toBe('ALTER USER `u` DEFAULT ROLE ALL');
    expect(renderAlterUserDefaultRoles({ ...user, defaultRoles: [] })).toBe('ALTER USER `u` DEFAULT ROLE NONE');
    expect(renderAlterUserDefaultRoles({ ...user, defaultRoles: ['a', 'b'] }, { cluster: 'c' })).toBe('ALTER USER `u` ON CLUSTER `c` DEFAULT ROLE `a`, `b`');
  });
});

describe('quotas and row policies', () => {
  test.each([
    ['nothing', undefined, 'TO NONE'],
    ['no names', { names: [] }, 'TO NONE'],
    ['two names', { names: ['a', 'b'] }, 'TO `a`, `b`'],
    ['an empty restriction', {}, 'TO NONE'],
    ['all', { all: true }, 'TO ALL'],
    ['all with an empty except', { all: true, except: [] }, 'TO ALL'],
    ['all except two', { all: true, except: ['a', 'b'], names: ['c'] }, 'TO ALL EXCEPT `a`, `b`'],
  ])('applies to %s: %s', (_name, to, expected) => {
    expect(renderApplyTo(to, 'quota q')).toBe(expected);
  });

  test('GIVEN quotas keyed and not, intervals randomized, with limits and without, and none THEN the whole definition', () => {
    const q: QuotaSpec = {
      kind: 'quota',
      name: 'q',
      keyedBy: 'user_name',
      intervals: [
        { durationSeconds: 60, max: { queries: 5, errors: 2 } },
        { durationSeconds: 3600, randomized: true, max: {} },
      ],
      applyTo: { names: ['u'] },
    };
    expect(renderCreateQuota(q)).toBe(
      'CREATE QUOTA IF NOT EXISTS `q` KEYED BY user_name FOR INTERVAL 60 SECOND MAX queries = 5, errors = 2, FOR RANDOMIZED INTERVAL 3600 SECOND NO LIMITS TO `u`',
    );
    expect(renderCreateQuota({ kind: 'quota', name: 'q', intervals: [] }, { replace: true, cluster: 'c' })).toBe(
      'CREATE QUOTA OR REPLACE `q` ON CLUSTER `c` NOT KEYED TO NONE',
    );
  });

  test('GIVEN row policies permissive and restrictive, created and replaced THEN the whole definition', () => {
    const p: RowPolicySpec = { kind: 'row_policy', name: 'p', database: 'd', table: 't', using: 'k = 1', applyTo: { all: true } };
    expect(renderCreateRowPolicy(p)).toBe('CREATE ROW POLICY IF NOT EXISTS `p` ON `d`.`t` AS PERMISSIVE FOR SELECT USING k = 1 TO ALL');
    expect(renderCreateRowPolicy({ ...p, restrictive: true, applyTo: undefined }, { replace: true, cluster: 'c' })).toBe(
      'CREATE ROW POLICY OR REPLACE `p` ON CLUSTER `c` ON `d`.`t` AS RESTRICTIVE FOR SELECT USING k = 1 TO NONE',
    );
  });

  test('GIVEN a role, a quota and a row policy removed with destroy THEN each is dropped', () => {
    expect(renderDrop({ kind: 'role', name: 'r' }, { cluster: 'c' })).toEqual(['DROP ROLE IF EXISTS `r` ON CLUSTER `c`']);
    expect(renderDrop({ kind: 'quota', name: 'q', intervals: [] }, { cluster: 'c' })).toEqual(['DROP QUOTA IF EXISTS `q` ON CLUSTER `c`']);
    expect(renderDrop({ kind: 'row_policy', name: 'p', database: 'd', table: 't', using: '1' }, { cluster: 'c', accessOnCluster: false })).toEqual([
      'DROP ROW POLICY IF EXISTS `p` ON `d`.`t`',
    ]);
    expect(renderDrop({ kind: 'row_policy', name: 'p', database: 'd', table: 't', using: '1' }, { cluster: 'c' })).toEqual([
      'DROP ROW POLICY IF EXISTS `p` ON CLUSTER `c` ON `d`.`t`',
    ]);
  });
});

describe('settings profiles: the least of each setting', () => {
  test('GIVEN settings with only a bound, only a value, or nothing but the name THEN only what is set', () => {
    expect(renderProfileSetting({ name: 'max_threads', min: 1 }, 'p')).toBe('max_threads MIN 1');
    expect(renderProfileSetting({ name: 'max_threads', max: 8, writability: 'CONST' }, 'p')).toBe('max_threads MAX 8 CONST');
    expect(renderProfileSetting({ name: 'max_threads', value: 4, min: 1 }, 'p')).toBe('max_threads = 4 MIN 1');
    expect(renderProfileSetting({ name: 'readonly' }, 'p')).toBe('readonly');
  });

  test('GIVEN a profile with nothing THEN CREATE has no SETTINGS, ALTER says NONE; two inherits THEN both', () => {
    const p: SettingsProfileSpec = { kind: 'settings_profile', name: 'p', settings: [] };
    expect(renderCreateSettingsProfile(p)).toBe('CREATE SETTINGS PROFILE IF NOT EXISTS `p`');
    expect(renderCreateSettingsProfile(p, { cluster: 'c' })).toBe('CREATE SETTINGS PROFILE IF NOT EXISTS `p` ON CLUSTER `c`');
    expect(renderAlterSettingsProfile(p)).toBe('ALTER SETTINGS PROFILE `p` SETTINGS NONE');
    expect(renderProfileSettings({ ...p, inherit: ['a', 'b'] })).toBe('SETTINGS INHERIT `a`, INHERIT `b`');
    expect(renderCreateSettingsProfile({ ...p, inherit: ['a'] })).toBe('CREATE SETTINGS PROFILE IF NOT EXISTS `p` SETTINGS INHERIT `a`');
  });
});

describe('grants and revokes', () => {
  test('GIVEN a revoke of one column THEN the privilege names it; the grant option only; a parameterized level ON its name', () => {
    expect(renderRevoke('u', { privileges: ['SELECT'], scope: { database: 'd', table: 't', column: 'c' } })).toBe('REVOKE SELECT(`c`) ON `d`.`t` FROM `u`');
    expect(renderRevoke('u', { privileges: ['SELECT', 'INSERT'], scope: { database: 'd', table: '*' }, grantOptionOnly: true }, { cluster: 'c' })).toBe(
      'REVOKE ON CLUSTER `c` GRANT OPTION FOR SELECT, INSERT ON `d`.* FROM `u`',
    );
    expect(renderGrantTarget({ database: 'd', table: '*' }, true)).toBe('`d`');
    expect(renderGrantTarget({ database: '*', table: '*' })).toBe('*.*');
  });
});

describe('identifiers refused while rendering, each naming what was wrong', () => {
  const problem = identifierProblem(BAD);
  test.each<[string, () => unknown, string]>([
    ['a cluster', () => accessOnCluster({ cluster: BAD }), 'cluster'],
    ['a user name (CREATE)', () => renderCreateUser({ ...user, name: BAD }), 'user name'],
    ['a user name (ALTER)', () => renderAlterUserHosts({ ...user, name: BAD }), 'user name'],
    ['a default database', () => renderDefaultDatabase({ ...user, defaultDatabase: BAD }), 'user u: defaultDatabase'],
    ['a profile of a user', () => renderUserProfiles({ ...user, profiles: [BAD] }), 'user u: profile'],
    ['a role of a user', () => renderGrantRoles('u', [BAD]), 'user u: role'],
    ['a default role', () => renderAlterUserDefaultRoles({ ...user, defaultRoles: [BAD] }), 'user u: defaultRoles'],
    ['a role of a user revoked', () => renderRevokeRoles('u', [BAD]), 'user u: role'],
    ['a user granted roles', () => renderGrantRoles(BAD, ['r']), 'user name'],
    ['a user revoked roles', () => renderRevokeRoles(BAD, ['r']), 'user name'],
    ['a role name', () => renderCreateRole({ kind: 'role', name: BAD }), 'role name'],
    ['a role name dropped', () => renderDropRole({ name: BAD }), 'role name'],
    ['a quota name', () => renderCreateQuota({ kind: 'quota', name: BAD, intervals: [] }), 'quota name'],
    ['a name a quota applies to', () => renderCreateQuota({ kind: 'quota', name: 'q', intervals: [], applyTo: { names: [BAD] } }), 'quota q: applyTo'],
    [
      'a name a row policy applies to',
      () => renderCreateRowPolicy({ kind: 'row_policy', name: 'p', database: 'd', table: 't', using: '1', applyTo: { all: true, except: [BAD] } }),
      'row policy p: applyTo',
    ],
    ['a row policy name', () => renderCreateRowPolicy({ kind: 'row_policy', name: BAD, database: 'd', table: 't', using: '1' }), 'row policy name'],
    ['a row policy database', () => renderCreateRowPolicy({ kind: 'row_policy', name: 'p', database: BAD, table: 't', using: '1' }), 'row policy p: database'],
    ['a row policy table', () => renderCreateRowPolicy({ kind: 'row_policy', name: 'p', database: 'd', table: BAD, using: '1' }), 'row policy p: table'],
    ['a profile setting', () => renderProfileSetting({ name: BAD, value: 1 }, 'p'), 'settings profile p: setting'],
    ['a profile inherited', () => renderProfileSettings({ kind: 'settings_profile', name: 'p', settings: [], inherit: [BAD] }), 'settings profile p: inherit'],
    ['a profile name (CREATE)', () => renderCreateSettingsProfile({ kind: 'settings_profile', name: BAD, settings: [] }), 'settings profile name'],
    ['a profile name (ALTER)', () => renderAlterSettingsProfile({ kind: 'settings_profile', name: BAD, settings: [] }), 'settings profile name'],
    ['a grant database', () => renderGrant('u', { privilege: 'SELECT', database: BAD }), 'grant database'],
    ['a grant table', () => renderGrant('u', { privilege: 'SELECT', database: 'd', table: BAD }), 'grant table'],
    ['a grant column', () => renderGrant('u', { privilege: 'SELECT', database: 'd', table: 't', columns: [BAD] }), 'grant column'],
    ['a grantee', () => renderGrant(BAD, { privilege: 'SELECT', database: 'd' }), 'grantee'],
    ['a grantee of a revoke', () => renderRevoke(BAD, { privileges: ['SELECT'], scope: { database: 'd', table: '*' } }), 'grantee'],
  ])('%s', (_name, render, what) => {
    expect(thrown(render)).toBe(`${what} ${problem}`);
  });
});
