// The full cycle on a server that can store users: create user, profile and grants from the
// diff, drift each by hand, heal by running the diff's statements, then log in as the user.
// Skipped (with the reason) on the embedded engine, whose only access storage is read-only.
import { ClickHouseLogLevel, createClient } from '@clickhouse/client';
import { Change, runnableStatements } from '../../sql/spec/changes';
import { diffAccessObject } from '../../sql/diff/access';
import { introspectAccess } from '../../sql/live/introspect-access';
import { QueryFn } from '../../sql/live/client';
import { GrantSpec, ObjectSpec, SettingsProfileSpec, UserSpec } from '../../sql/spec/model';
import { errorCode } from '../../sql/live/error-codes';
import { loginProbeFrom, probeLogin } from '../../sql/live/login-probe';
import { resolveSecrets } from '../../sql/spec/secrets';
import { checkDrift } from '../../sql/live/drift-check';
import { queryRows, testClient, testWith, uniqueName } from '../support/clickhouse';
import { serverInfo } from '../support/server-info';

const ACCESS_DENIED = 497;

describe('access objects: create, drift, heal, log in', () => {
  const admin = testClient();
  const name = uniqueName('acc');
  const database = `${name}_db`;
  const env = { [`${name.toUpperCase()}_PW`]: `pw-${Math.random().toString(36).slice(2)}` };
  const password = Object.values(env)[0];
  const user: UserSpec = {
    kind: 'user',
    name: `${name}_u`,
    auth: { method: 'sha256_hash', passwordEnv: Object.keys(env)[0], passwordVersion: '1' },
    defaultDatabase: database,
    profiles: [`${name}_p`],
  };
  const profile: SettingsProfileSpec = {
    kind: 'settings_profile',
    name: `${name}_p`,
    settings: [
      { name: 'max_execution_time', value: 300 },
      { name: 'max_threads', value: 8, max: 16 },
    ],
  };
  const grants: GrantSpec = {
    kind: 'grant',
    grantee: user.name,
    grants: [
      { privilege: 'SELECT', database: 'system' },
      { privilege: 'ALL', database },
    ],
    revokeExtra: true,
  };
  const desired = [profile, user, grants];
  const scope = { users: [user.name], profiles: [profile.name], grantees: [user.name] };
  const query: QueryFn = <T>(sql: string, params?: Record<string, unknown>) => queryRows<T>(admin, sql, params);

  async function plan(): Promise<Change[]> {
    const live: ObjectSpec[] = await introspectAccess(query, scope);
    return desired.flatMap((d) =>
      diffAccessObject(
        d,
        live.find((o) => o.kind === d.kind),
        {},
      ),
    );
  }
  async function apply(changes: readonly Change[]): Promise<void> {
    for (const s of runnableStatements(changes)) await admin.command({ query: resolveSecrets(s, env) });
  }

  afterAll(async () => {
    if (serverInfo().capabilities.accessStorage) {
      for (const q of [`DROP USER IF EXISTS ${user.name}`, `DROP SETTINGS PROFILE IF EXISTS ${profile.name}`, `DROP DATABASE IF EXISTS ${database}`])
        await admin.command({ query: q });
    }
    await admin.close();
  });

  testWith('accessStorage')(
    'GIVEN nothing WHEN the plan is applied THEN a second plan is empty; drift of each kind heals; the user logs in with the declared rights',
    async () => {
      await admin.command({ query: `CREATE DATABASE IF NOT EXISTS ${database}` });
      const first = await plan();
      expect(first.map((c) => c.reason)).toEqual(['missing_object', 'missing_object', 'missing_object']);
      expect(JSON.stringify(first)).not.toContain(password);
      await apply(first);
      expect(await plan()).toEqual([]);

      // Drift by hand, one of each kind.
      for (const q of [
        `ALTER SETTINGS PROFILE ${profile.name} SETTINGS max_execution_time = 600, max_threads = 8 MAX 16, readonly = 2`,
        `ALTER USER ${user.name} DEFAULT DATABASE NONE`,
        `ALTER USER ${user.name} HOST IP '10.0.0.0/8', LOCAL`,
        `REVOKE SELECT ON system.* FROM ${user.name}`,
        `GRANT SELECT ON default.* TO ${user.name}`,
      ])
        await admin.command({ query: q });
      const drift = await plan();
      expect(drift.map((c) => c.reason).sort()).toEqual([
        'grant_extra',
        'grant_missing',
        'profile_setting_changed',
        'profile_setting_extra',
        'user_default_database_changed',
        'user_hosts_changed',
      ]);
      await apply(drift);
      expect(await plan()).toEqual([]);

      // A partial revoke under the declared ALL ON db.*: re-granting at the declared scope heals it.
      await admin.command({ query: `REVOKE SELECT ON ${grants.grants[1].database}.some_table FROM ${user.name}` });
      expect((await plan()).map((c) => c.reason)).toEqual(['grant_missing']);
      await apply(await plan());
      expect(await plan()).toEqual([]);

      // Profile assignment and rotation: ALTER USER ... SETTINGS PROFILE replaces the list.
      await admin.command({ query: `ALTER USER ${user.name} DROP ALL PROFILES` });
      expect((await plan()).map((c) => c.reason)).toEqual(['user_profiles_changed']);
      await apply(await plan());
      expect(await plan()).toEqual([]);

      // Log in as the user: the password set from the environment works, rights are the declared ones.
      const url = serverInfo().url;
      expect(await probeLogin(url, user.name, password)).toBe(true);
      expect(await probeLogin(url, user.name, `${password}-wrong`)).toBe(false);
      const asUser = createClient({ url, username: user.name, password, log: { level: ClickHouseLogLevel.OFF } });
      try {
        expect(await (await asUser.query({ query: 'SELECT dummy FROM system.one', format: 'JSONEachRow' })).json()).toEqual([{ dummy: 0 }]);
        await asUser.command({ query: `CREATE TABLE ${database}.t (x UInt8) ENGINE = Memory` });
        let code: number | undefined;
        try {
          await asUser.command({ query: `CREATE DATABASE ${name}_elsewhere` });
        } catch (err) {
          code = errorCode(err);
        }
        expect(code).toBe(ACCESS_DENIED);
      } finally {
        await asUser.close();
      }

      // Password changed by hand: only the opt-in login probe can see it; deploy's fix sets it again.
      await admin.command({ query: `ALTER USER ${user.name} IDENTIFIED WITH sha256_password BY 'set-by-hand-${name}'` });
      const probed = () => checkDrift(query, [user], { loginProbe: loginProbeFrom(url, env) });
      expect((await checkDrift(query, [user])).changes).toEqual([]);
      const mismatch = await probed();
      expect(mismatch.changes.map((c) => c.reason)).toEqual(['password_mismatch']);
      await apply(mismatch.changes);
      expect((await probed()).changes).toEqual([]);
      expect(await probeLogin(url, user.name, password)).toBe(true);
    },
  );
});
