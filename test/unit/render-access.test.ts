import { redact, resolveSecrets, sha256Identification, passwordFromEnv, hasSecretPlaceholder } from '../../sql/spec/secrets';
import {
  renderAlterSettingsProfile,
  renderAlterUserProfiles,
  renderCreateSettingsProfile,
  renderCreateUser,
  renderGrant,
  renderHosts,
  renderRevoke,
} from '../../sql/render/access';
import { seedGrants, seedProfile, seedUser } from '../../stacks/lightbulb/seed-schema';
import { createHash } from 'crypto';

describe('render access statements', () => {
  const user = seedUser();
  test.each([
    [
      'single node',
      {},
      "CREATE USER IF NOT EXISTS `monitor` IDENTIFIED WITH sha256_hash BY '{{password_sha256:MONITOR_PASSWORD}}' SALT '{{password_salt:MONITOR_PASSWORD}}' HOST ANY DEFAULT DATABASE `monitor` SETTINGS PROFILE `program`",
    ],
    [
      'cluster',
      { cluster: 'production' },
      "CREATE USER IF NOT EXISTS `monitor` ON CLUSTER `production` IDENTIFIED WITH sha256_hash BY '{{password_sha256:MONITOR_PASSWORD}}' SALT '{{password_salt:MONITOR_PASSWORD}}' HOST ANY DEFAULT DATABASE `monitor` SETTINGS PROFILE `program`",
    ],
    [
      'replicated access storage',
      { cluster: 'production', accessOnCluster: false },
      "CREATE USER IF NOT EXISTS `monitor` IDENTIFIED WITH sha256_hash BY '{{password_sha256:MONITOR_PASSWORD}}' SALT '{{password_salt:MONITOR_PASSWORD}}' HOST ANY DEFAULT DATABASE `monitor` SETTINGS PROFILE `program`",
    ],
  ])('GIVEN the seed user on %s WHEN rendered THEN CREATE USER carries only the placeholder', (_n, opts, expected) => {
    expect(renderCreateUser(user, opts)).toBe(expected);
  });

  test.each([
    [undefined, 'HOST ANY'],
    [{}, 'HOST ANY'],
    [
      { ip: ['10.0.0.0/8'], names: ['a.example'], like: ['%.example'], regexp: ['^x'], local: true },
      "HOST IP '10.0.0.0/8', NAME 'a.example', LIKE '%.example', REGEXP '^x', LOCAL",
    ],
  ])('GIVEN hosts %j THEN %s', (hosts, expected) => {
    expect(renderHosts(hosts)).toBe(expected);
  });

  test('GIVEN no profiles WHEN the user profiles are altered THEN all profiles are dropped', () => {
    expect(renderAlterUserProfiles({ ...user, profiles: [] })).toBe('ALTER USER `monitor` DROP ALL PROFILES');
  });

  test('GIVEN the seed profile THEN CREATE and ALTER render the full settings list', () => {
    const p = { ...seedProfile(), inherit: ['default'], settings: [...seedProfile().settings, { name: 'readonly', value: 1, writability: 'CONST' as const }] };
    expect(renderCreateSettingsProfile(seedProfile())).toBe(
      'CREATE SETTINGS PROFILE IF NOT EXISTS `program` SETTINGS max_memory_usage = 10000000000, max_execution_time = 300, max_threads = 8 MAX 16',
    );
    expect(renderAlterSettingsProfile(p, { cluster: 'c' })).toBe(
      'ALTER SETTINGS PROFILE `program` ON CLUSTER `c` SETTINGS max_memory_usage = 10000000000, max_execution_time = 300, max_threads = 8 MAX 16, readonly = 1 CONST, INHERIT `default`',
    );
    expect(renderAlterSettingsProfile({ kind: 'settings_profile', name: 'p', settings: [] })).toBe('ALTER SETTINGS PROFILE `p` SETTINGS NONE');
  });

  test.each([
    [{ privilege: 'SELECT', database: 'system', table: '*' }, {}, 'GRANT SELECT ON `system`.* TO `monitor`'],
    [{ privilege: 'all privileges', database: 'monitor' }, { cluster: 'production' }, 'GRANT ON CLUSTER `production` ALL ON `monitor`.* TO `monitor`'],
    [
      { privilege: 'SELECT', database: 'db', table: 't', columns: ['a', 'b'], grantOption: true },
      {},
      'GRANT SELECT(`a`, `b`) ON `db`.`t` TO `monitor` WITH GRANT OPTION',
    ],
    [{ privilege: 'SHOW', database: '*' }, {}, 'GRANT SHOW ON *.* TO `monitor`'],
  ])('GIVEN grant %j WHEN rendered with %j THEN %s', (entry, opts, expected) => {
    expect(renderGrant('monitor', entry, opts)).toBe(expected);
  });

  test('GIVEN revoke targets THEN parameterized privileges are written ON name and grant-option-only revokes keep the privilege', () => {
    expect(renderRevoke('monitor', { privileges: ['INSERT'], scope: { database: 'monitor', table: '*' } })).toBe('REVOKE INSERT ON `monitor`.* FROM `monitor`');
    expect(renderRevoke('monitor', { privileges: ['READ', 'WRITE'], scope: { database: 'monitor', table: '*' }, parameterized: true })).toBe(
      'REVOKE READ, WRITE ON `monitor` FROM `monitor`',
    );
    expect(renderRevoke('monitor', { privileges: ['SELECT'], scope: { database: 'system', table: '*' }, grantOptionOnly: true }, { cluster: 'p' })).toBe(
      'REVOKE ON CLUSTER `p` GRANT OPTION FOR SELECT ON `system`.* FROM `monitor`',
    );
  });

  test.each([
    ['a bad privilege', () => renderGrant('monitor', { privilege: 'SELECT ON *.* TO x; --', database: 'd' })],
    ['an unknown privilege', () => renderGrant('monitor', { privilege: 'FLY', database: 'd' })],
    ['a bad grantee', () => renderGrant('mon`itor', { privilege: 'SELECT', database: 'd' })],
    ['a bad setting name', () => renderCreateSettingsProfile({ kind: 'settings_profile', name: 'p', settings: [{ name: 'x = 1, y', value: 1 }] })],
    ['a bad env var name', () => renderCreateUser({ ...user, auth: { method: 'sha256_hash', passwordEnv: "X' OR '" } })],
  ])('GIVEN %s THEN rendering throws', (_n, fn) => {
    expect(fn).toThrow();
  });

  test('seed grants render as the seed guide writes them', () => {
    expect(seedGrants().grants.map((g) => renderGrant('monitor', g))).toEqual([
      'GRANT SELECT ON `system`.* TO `monitor`',
      'GRANT ALL ON `monitor`.* TO `monitor`',
    ]);
  });
});

describe('secrets', () => {
  const stmt = renderCreateUser(seedUser());

  test('GIVEN a rendered CREATE USER THEN it holds the variable name, no value', () => {
    expect(hasSecretPlaceholder(stmt)).toBe(true);
    expect(stmt).toContain('MONITOR_PASSWORD');
  });

  test('GIVEN the env var WHEN resolved THEN the placeholder becomes a salted sha256 of password+salt and the plaintext is absent', () => {
    const out = resolveSecrets(stmt, { MONITOR_PASSWORD: 's3cr3t!' });
    expect(out).not.toContain('s3cr3t!');
    expect(hasSecretPlaceholder(out)).toBe(false);
    const m = /BY '([0-9a-f]{64})' SALT '([0-9a-f]{32})'/.exec(out);
    expect(m).not.toBeNull();
    expect(
      createHash('sha256')
        .update('s3cr3t!' + m![2])
        .digest('hex'),
    ).toBe(m![1]);
    // A fresh salt per resolution: no reusable hash in two places.
    expect(resolveSecrets(stmt, { MONITOR_PASSWORD: 's3cr3t!' })).not.toBe(out);
  });

  test('GIVEN the env var is missing THEN the error names the variable', () => {
    expect(() => resolveSecrets(stmt, {})).toThrow(/MONITOR_PASSWORD/);
    expect(() => passwordFromEnv(seedUser(), {})).toThrow(/MONITOR_PASSWORD/);
    expect(passwordFromEnv(seedUser(), { MONITOR_PASSWORD: 'x' })).toBe('x');
  });

  test('GIVEN a malformed placeholder THEN resolving refuses to run it', () => {
    expect(() => resolveSecrets("ALTER USER u IDENTIFIED WITH sha256_hash BY '{{password_sha256:A}}' SALT 'x'", { A: 'p' })).toThrow(/malformed/);
  });

  test('sha256Identification with a fixed salt is deterministic', () => {
    const hex = createHash('sha256')
      .update('pw' + 'salt')
      .digest('hex');
    expect(sha256Identification('pw', 'salt')).toBe(`IDENTIFIED WITH sha256_hash BY '${hex}' SALT 'salt'`);
  });

  test('redact removes the secret and its hash', () => {
    const hex = createHash('sha256').update('pw123').digest('hex');
    expect(redact(`login pw123 failed; hash ${hex}`, ['pw123'])).toBe('login [redacted] failed; hash [redacted]');
  });
});
