// The read side of access drift against real system tables: a second embedded server whose
// users.xml defines the seed's monitor user, program profile and grants. (The embedded engine
// only has read-only users_xml access storage, so config is how entities get there. Its
// clickhouse-local reads users only from <users_config>, so the file points at itself.)
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { createClient } from '@clickhouse/client';
import { EmbeddedServer, startEmbeddedServer } from '../../server/embedded-server';
import { diffAccessObject } from '../../sql/diff-access';
import { accessStorageInfo, introspectAccess, introspectPrivileges, QueryFn } from '../../sql/introspect-access';
import { probeLogin } from '../../sql/password';
import { DEFAULT_PRIVILEGE_CATALOG } from '../../sql/privileges';
import { seedGrants, seedProfile, seedUser } from '../../sql/seed';

const PASSWORD = 'monitor-test-password';

interface Variant { grants: string[]; maxExecutionTime: number }

function usersXml(file: string, v: Variant): string {
  const hex = createHash('sha256').update(PASSWORD).digest('hex');
  return `<clickhouse>
  <users_config>${file}</users_config>
  <profiles>
    <default/>
    <program>
      <max_memory_usage>10000000000</max_memory_usage>
      <max_execution_time>${v.maxExecutionTime}</max_execution_time>
      <max_threads>8</max_threads>
      <constraints><max_threads><max>16</max></max_threads></constraints>
    </program>
  </profiles>
  <users>
    <default>
      <password></password>
      <networks><ip>::/0</ip></networks>
      <profile>default</profile>
      <quota>default</quota>
      <access_management>1</access_management>
    </default>
    <monitor>
      <password_sha256_hex>${hex}</password_sha256_hex>
      <networks><ip>::/0</ip></networks>
      <profile>program</profile>
      <quota>default</quota>
      <default_database>monitor</default_database>
      <grants>${v.grants.map((g) => `<query>${g}</query>`).join('')}</grants>
    </monitor>
  </users>
  <quotas><default/></quotas>
</clickhouse>
`;
}

async function serverWith(home: string, name: string, v: Variant): Promise<EmbeddedServer> {
  const file = path.join(home, `${name}.xml`);
  fs.writeFileSync(file, usersXml(file, v));
  return startEmbeddedServer({ dataDir: path.join(home, name), logFile: path.join(home, `${name}.log`), configFile: file });
}

function queryFn(url: string): { query: QueryFn; close: () => Promise<void> } {
  const client = createClient({ url });
  const query: QueryFn = async <T>(sql: string, params?: Record<string, unknown>) => (await client.query({ query: sql, query_params: params, format: 'JSONEachRow' })).json<T>();
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
      serverWith(home, 'seed', { grants: SEED_GRANTS, maxExecutionTime: 300 }),
      // A grant missing (system.*), an extra grant (default.*), a profile setting changed.
      serverWith(home, 'drifted', { grants: ['GRANT ALL ON monitor.*', 'GRANT SELECT ON default.*'], maxExecutionTime: 600 }),
    ]);
  }, 120000);
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
      return { live, changes: desired.flatMap((d) => diffAccessObject(d, live.find((o) => o.kind === d.kind), { privileges })) };
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
    expect(changes.find((c) => c.reason === 'grant_extra')).toMatchObject({ statements: ['REVOKE SELECT ON `default`.* FROM `monitor`'], destructive: true, runnable: false });
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
});
