// Every statement the access renderer produces for the seed's user, profile and grants, with
// and without ON CLUSTER, parsed by ClickHouse's own parser (formatQuery). The embedded test
// server cannot store users or run ON CLUSTER, but its parser is the real one.
import { diffAccessObject } from '../../sql/diff/access';
import { renderDrop } from '../../sql/render/drop';
import { GrantSpec, RenderOptions, UserSpec } from '../../sql/spec/model';
import { resolveSecrets } from '../../sql/spec/secrets';
import {
  renderAlterSettingsProfile,
  renderAlterUserAuth,
  renderAlterUserDefaultDatabase,
  renderAlterUserHosts,
  renderAlterUserProfiles,
  renderCreateSettingsProfile,
  renderCreateUser,
  renderGrant,
  renderRevoke,
} from '../../sql/render/access';
import { seedGrants, seedProfile, seedUser } from '../../stacks/lightbulb/seed-schema';
import { formatQuery, testClient } from '../support/clickhouse';

function statementsFor(opts: RenderOptions): string[] {
  const user = seedUser();
  const profile = seedProfile();
  const grants = seedGrants();
  const restricted: UserSpec = {
    ...user,
    hosts: { ip: ['10.0.0.0/8'], names: ['monitor.example'], like: ['%.example'], regexp: ['^mon'], local: true },
    defaultDatabase: undefined,
    profiles: [],
  };
  const extraGrants: GrantSpec = { ...grants, grants: [grants.grants[0]], revokeExtra: true };
  const liveExtra: GrantSpec = {
    ...grants,
    grants: [
      { privilege: 'SELECT', database: 'system', grantOption: true },
      { privilege: 'INSERT', database: 'monitor' },
      { privilege: 'READ', database: 'monitor' },
      { privilege: 'KILL QUERY', database: '*' },
      { privilege: 'SELECT', database: 'db', table: 't', columns: ['a'] },
    ],
  };
  return [
    renderCreateUser(user, opts),
    renderCreateUser(restricted, opts),
    renderCreateUser({ ...user, auth: { method: 'no_password' } }, opts),
    renderAlterUserAuth(user, opts),
    renderAlterUserAuth({ ...user, auth: { method: 'no_password' } }, opts),
    renderAlterUserHosts(user, opts),
    renderAlterUserHosts(restricted, opts),
    renderAlterUserDefaultDatabase(user, opts),
    renderAlterUserDefaultDatabase(restricted, opts),
    renderAlterUserProfiles(user, opts),
    renderAlterUserProfiles(restricted, opts),
    renderAlterUserProfiles({ ...user, profiles: ['program', 'default'] }, opts),
    renderCreateSettingsProfile(profile, opts),
    renderCreateSettingsProfile(
      {
        ...profile,
        settings: [
          ...profile.settings,
          { name: 'readonly', value: 1, writability: 'CONST' },
          { name: 'max_result_rows', min: 1, max: 100, writability: 'CHANGEABLE_IN_READONLY' },
        ],
        inherit: ['default'],
      },
      opts,
    ),
    renderCreateSettingsProfile({ kind: 'settings_profile', name: 'empty', settings: [] }, opts),
    renderAlterSettingsProfile(profile, opts),
    renderAlterSettingsProfile({ kind: 'settings_profile', name: 'empty', settings: [] }, opts),
    ...grants.grants.map((g) => renderGrant(grants.grantee, g, opts)),
    renderGrant(
      'monitor',
      { privilege: 'SELECT', database: 'monitor', table: 'service_status', columns: ['service_id', 'status_code'], grantOption: true },
      opts,
    ),
    renderRevoke(
      'monitor',
      { privileges: ['CREATE USER', 'SET DEFINER', 'TABLE ENGINE', 'NAMED COLLECTION ADMIN'], scope: { database: 'monitor', table: '*' }, parameterized: true },
      opts,
    ),
    // What the diff emits: missing objects, and revokes of extras (plain, ON name, grant option, global, column).
    ...diffAccessObject(user, undefined, opts).flatMap((c) => c.statements),
    ...diffAccessObject(profile, undefined, opts).flatMap((c) => c.statements),
    ...diffAccessObject(grants, undefined, opts).flatMap((c) => c.statements),
    ...diffAccessObject(extraGrants, liveExtra, opts).flatMap((c) => c.statements),
    // Removal policy 'destroy'.
    ...[user, profile, grants].flatMap((o) => renderDrop(o, opts)),
  ];
}

describe("ClickHouse's parser accepts every access statement we render", () => {
  const client = testClient();
  afterAll(() => client.close());

  const cases: Array<[string, RenderOptions]> = [
    ['single node', {}],
    ['ON CLUSTER production', { cluster: 'production' }],
    ['cluster with replicated access storage (no ON CLUSTER)', { cluster: 'production', accessOnCluster: false }],
  ];
  test.each(cases)('GIVEN the seed access objects on %s WHEN each statement is formatted THEN it parses', async (_n, opts) => {
    const statements = statementsFor(opts);
    expect(statements.length).toBeGreaterThan(20);
    const refused: string[] = [];
    const formatted: string[] = [];
    for (const q of statements) {
      try {
        formatted.push(await formatQuery(client, q));
      } catch (err) {
        // Collected, so one run names every statement the parser refuses (code 62 = SYNTAX_ERROR).
        refused.push(`${(err as { code?: string }).code}: ${q}`);
      }
    }
    expect(refused).toEqual([]);
    for (const f of formatted) {
      if (opts.cluster && opts.accessOnCluster !== false) expect(f).toContain('ON CLUSTER production');
      else expect(f).not.toContain('ON CLUSTER');
    }
  });

  test('GIVEN statements with secrets resolved at apply time THEN they parse and carry sha256_hash with a salt', async () => {
    const q = resolveSecrets(renderCreateUser(seedUser(), { cluster: 'production' }), { MONITOR_PASSWORD: "it's a s3cret" });
    expect(await formatQuery(client, q)).toMatch(/IDENTIFIED WITH sha256_hash BY '[0-9a-f]{64}' SALT '[0-9a-f]{32}'/);
  });

  test('GIVEN ALTER USER ... SETTINGS PROFILE THEN ClickHouse reads it as replacing all settings and profiles', async () => {
    expect(await formatQuery(client, renderAlterUserProfiles(seedUser()))).toBe(
      'ALTER USER monitor DROP ALL SETTINGS, DROP ALL PROFILES, ADD PROFILE `program`',
    );
  });
});
