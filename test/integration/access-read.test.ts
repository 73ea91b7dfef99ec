// The read side of access drift against real system tables: a second embedded server whose
// users.xml defines the seed's monitor user, program profile and grants. (The embedded engine
// only has read-only users_xml access storage, so config is how entities get there. Its
// clickhouse-local reads users only from <users_config>, so the file points at itself.)
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { createClient } from '@clickhouse/client';
import { EmbeddedServer } from '../../server/embedded-server';
import { serverWithUsersXml } from '../support/users-xml';
import { diffAccessObject } from '../../sql/diff/access';
import { accessStorageInfo, introspectAccess, introspectPrivileges } from '../../sql/live/introspect-access';
import { QueryFn } from '../../sql/live/client';
import { loginProbeFrom, probeLogin } from '../../sql/live/login-probe';
import { checkDrift } from '../../sql/live/drift-check';
import { Testing } from 'cdktf';
import { checkStackDrift } from '../../constructs/app';
import { MonitoringStack } from '../../stacks/environment';
import { DEFAULT_PRIVILEGE_CATALOG } from '../../sql/spec/privileges';
import { seedGrants, seedProfile, seedUser } from '../../stacks/lightbulb/seed-schema';
import { errorsOf, startProvider } from '../support/provider';
import { fromDynamic, TfObject } from '../../provider/protocol/dynamic-value';
import { HOOK_TIMEOUT_MS } from '../support/timeouts';

const PASSWORD = 'monitor-test-password';

function queryFn(url: string): { query: QueryFn; close: () => Promise<void> } {
  const client = createClient({ url });
  const query: QueryFn = async <T>(sql: string, params?: Record<string, unknown>) =>
    (await client.query({ query: sql, query_params: params, format: 'JSONEachRow' })).json<T>();
  return { query, close: () => client.close() };
}

const SCOPE = { users: ['monitor'], profiles: ['program'], grantees: ['monitor'] };
const SEED_GRANTS = ['GRANT SELECT ON system.*', 'GRANT ALL ON monitor.*'];

describe('access drift read from a server whose users.xml defines the seed access objects', () => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'chx-access-'));
  let seed: EmbeddedServer;
  let drifted: EmbeddedServer;

  beforeAll(async () => {
    [seed, drifted] = await Promise.all([
      serverWithUsersXml(home, 'seed', { password: PASSWORD, grants: SEED_GRANTS, maxExecutionTime: 300 }),
      // A grant missing (system.*), an extra grant (default.*), a profile setting changed.
      serverWithUsersXml(home, 'drifted', { password: PASSWORD, grants: ['GRANT ALL ON monitor.*', 'GRANT SELECT ON default.*'], maxExecutionTime: 600 }),
    ]);
  }, HOOK_TIMEOUT_MS);
  afterAll(async () => {
    await Promise.all([seed?.stop(), drifted?.stop()]);
    fs.rmSync(home, { recursive: true, force: true });
  });

  async function diffOn(url: string) {
    const { query, close } = queryFn(url);
    try {
      const live = await introspectAccess(query, SCOPE);
      const privileges = await introspectPrivileges(query);
      const desired = [seedUser(), seedProfile(), seedGrants()];
      return {
        live,
        changes: desired.flatMap((d) =>
          diffAccessObject(
            d,
            live.find((o) => o.kind === d.kind),
            { privileges },
          ),
        ),
      };
    } finally {
      await close();
    }
  }

  test('GIVEN the seed config WHEN introspected and diffed against the seed specs THEN there is no drift', async () => {
    const { live, changes } = await diffOn(seed.url);
    expect(live.map((o) => o.kind).sort()).toEqual(['grant', 'settings_profile', 'user']);
    expect(changes).toEqual([]);
  });

  test('GIVEN a grant missing, an extra grant and a changed profile setting THEN exactly those reasons', async () => {
    const { changes } = await diffOn(drifted.url);
    expect(changes.map((c) => c.reason).sort()).toEqual(['grant_extra', 'grant_missing', 'profile_setting_changed']);
    expect(changes.find((c) => c.reason === 'grant_missing')?.statements).toEqual(['GRANT SELECT ON `system`.* TO `monitor`']);
    expect(changes.find((c) => c.reason === 'grant_extra')).toMatchObject({
      statements: ['REVOKE SELECT ON `default`.* FROM `monitor`'],
      destructive: true,
      runnable: false,
    });
    expect(changes.find((c) => c.reason === 'profile_setting_changed')?.detail).toContain('max_execution_time');
  });

  test('GIVEN the users_xml-only server THEN accessStorageInfo says not writable and why', async () => {
    const { query, close } = queryFn(seed.url);
    try {
      const info = await accessStorageInfo(query);
      expect(info).toMatchObject({ writable: false, replicated: false, types: ['users_xml'] });
      expect(info.message).toMatch(/cannot be created/);
    } finally {
      await close();
    }
  });

  test("GIVEN the server's system.privileges THEN the built-in catalog has the same hierarchy", async () => {
    const { query, close } = queryFn(seed.url);
    try {
      const live = await introspectPrivileges(query);
      for (const name of ['ALL', 'ALTER', 'SHOW', 'SYSTEM', 'ACCESS MANAGEMENT', 'NAMED COLLECTION ADMIN']) {
        expect([...DEFAULT_PRIVILEGE_CATALOG.leaves(name)].sort()).toEqual([...live.leaves(name)].sort());
      }
    } finally {
      await close();
    }
  });

  test('GIVEN the config-defined monitor user THEN probeLogin is true with its password and false with another', async () => {
    expect(await probeLogin(seed.url, 'monitor', PASSWORD)).toBe(true);
    expect(await probeLogin(seed.url, 'monitor', 'not-the-password')).toBe(false);
    expect(await probeLogin(seed.url, 'nobody', PASSWORD)).toBe(false);
  });

  test('GIVEN the login probe WHEN the pipeline holds the right password, a wrong one, or none THEN in sync, password_mismatch, or a notice that it was not checked', async () => {
    const { query, close } = queryFn(seed.url);
    const wrong = 'an-old-password-1';
    const check = (env: NodeJS.ProcessEnv | undefined) =>
      checkDrift(query, [seedUser(), seedProfile()], env ? { loginProbe: loginProbeFrom(seed.url, env) } : {});
    try {
      const right = await check({ MONITOR_PASSWORD: PASSWORD });
      expect(right.byObject.get('user:monitor')).toEqual([]);
      expect(right.notices ?? []).toEqual([]);

      const mismatch = await check({ MONITOR_PASSWORD: wrong });
      const changes = mismatch.byObject.get('user:monitor')!;
      expect(changes.map((c) => c.reason)).toEqual(['password_mismatch']);
      expect(changes[0]).toMatchObject({ runnable: true, destructive: false });
      expect(changes[0].detail).toContain('$MONITOR_PASSWORD');
      expect(changes[0].statements).toEqual([
        expect.stringMatching(/^ALTER USER `monitor` IDENTIFIED WITH sha256_hash BY '\{\{password_sha256:MONITOR_PASSWORD\}\}'/),
      ]);
      expect(JSON.stringify(mismatch)).not.toContain(wrong);
      expect(mismatch.byObject.get('settings_profile:program')).toEqual([]);

      const unset = await check({});
      expect(unset.byObject.get('user:monitor')).toEqual([]);
      expect(unset.notices).toEqual(['login probe of user monitor skipped: $MONITOR_PASSWORD is not set here, so its password was not checked']);

      // A host-restricted user is not probed: a refused host and a wrong password fail alike.
      const restricted = await checkDrift(query, [{ ...seedUser(), hosts: { ip: ['10.0.0.0/8'] } }, seedProfile()], {
        loginProbe: loginProbeFrom(seed.url, { MONITOR_PASSWORD: wrong }),
      });
      expect(restricted.byObject.get('user:monitor')!.map((c) => c.reason)).toEqual(['user_hosts_changed']);
      expect(restricted.notices).toEqual([expect.stringContaining('login probe of user monitor skipped: it may connect only from some hosts')]);

      // Opt-in: without the probe, a wrong password in the pipeline is not noticed.
      expect((await check(undefined)).byObject.get('user:monitor')).toEqual([]);
    } finally {
      await close();
    }
  });

  test('GIVEN a stack with loginProbe WHEN its drift is checked with a wrong password THEN the user shows password_mismatch (blocked here: users.xml storage), the synthesized JSON has no password, and CHX_LOGIN_PROBE=0 turns it off', async () => {
    const wrong = 'rotated-elsewhere-9';
    const synth = async (env: NodeJS.ProcessEnv) => {
      const app = Testing.app();
      const stack = new MonitoringStack(app, 'probe', {
        stack: { connection: { urlEnv: 'PROBE_URL' }, loginProbe: true },
        schema: { database: 'monitor', access: true },
      });
      const report = await checkStackDrift(stack, { PROBE_URL: seed.url, ...env });
      return { report, json: Testing.synth(stack) };
    };
    const on = await synth({ MONITOR_PASSWORD: wrong });
    const user = on.report.objects.find((p) => p.object === 'user:monitor')!;
    expect(user.changes.map((c) => c.reason)).toEqual(['password_mismatch', 'access_storage_unavailable']);
    expect(user.reasons).toContain('password_mismatch');
    // Synth itself knows nothing of the server: the password is only a variable name in it.
    expect(on.json).toContain('"password_env": "MONITOR_PASSWORD"');
    expect(on.json).not.toContain(wrong);
    expect(on.json).not.toContain(createHash('sha256').update(wrong).digest('hex'));
    expect(on.report.objects.find((p) => p.object === 'grant:monitor')!.changes).toEqual([]);

    const off = await synth({ MONITOR_PASSWORD: wrong, CHX_LOGIN_PROBE: '0' });
    expect(off.report.objects.find((p) => p.object === 'user:monitor')!.changes).toEqual([]);
  });

  test('GIVEN the provider with login_probe WHEN the user is refreshed with a wrong password in its variable, the right one, and the probe off THEN only the wrong one is drift (password_mismatch), and the plan sets the password again', async () => {
    const user = seedUser();
    const config = { url: seed.url, login_probe: true };
    const imported = async (env: NodeJS.ProcessEnv) => {
      const p = await startProvider(config, env);
      const res = await p.provider.importResourceState({ type_name: 'clickhouse_user', id: 'monitor' });
      const state = { ...(fromDynamic(res.imported_resources[0].state) as TfObject), password_env: 'MONITOR_PASSWORD', password_version: '1' };
      return { p, state, priv: res.imported_resources[0].private };
    };
    const wrong = await imported({ MONITOR_PASSWORD: 'rotated-by-hand-7' });
    const read = await wrong.p.read(user, wrong.state, wrong.priv);
    expect(read.state!.drift).toBe('password_mismatch');
    const plan = await wrong.p.plan(user, read.state!);
    // Blocked here (users.xml cannot be written), with the statement it would run named.
    expect(errorsOf(plan)).toContain('access_storage_unavailable');
    expect(errorsOf(plan)).toContain("ALTER USER `monitor` IDENTIFIED WITH sha256_hash BY '{{password_sha256:MONITOR_PASSWORD}}'");
    expect(errorsOf(plan)).not.toContain('rotated-by-hand-7');
    await wrong.p.close();

    const right = await imported({ MONITOR_PASSWORD: PASSWORD });
    expect((await right.p.read(user, right.state, right.priv)).state!.drift).toBe('');
    await right.p.close();

    const off = await imported({ MONITOR_PASSWORD: 'rotated-by-hand-7', CHX_LOGIN_PROBE: '0' });
    expect((await off.p.read(user, off.state, off.priv)).state!.drift).toBe('');
    await off.p.close();
  });
});
