// sql/live/stack-check.ts and sql/live/drift-check.ts against the real server: a stack's drift
// check (not checked, with the reason, when there is no server or it cannot be reached or the
// check fails), what it finds, the cluster notice, per-object destructive opt-ins, recorded
// password versions, the login probe, and access changes blocked by the server's storage.
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { connect, countingQueryFn } from '../../sql/live/client';
import { ApplySettings, connectWith } from '../../sql/live/connection';
import { blockAccessChanges, checkDrift } from '../../sql/live/drift-check';
import { RevisionRecord } from '../../sql/live/revisions';
import { checkStack } from '../../sql/live/stack-check';
import { Change } from '../../sql/spec/changes';
import { ObjectSpec, objectId, UserSpec } from '../../sql/spec/model';
import { monthlyTable } from '../support/tables';
import { testWith, testWithout, uniqueName } from '../support/clickhouse';
import { HOOK_TIMEOUT_MS } from '../support/timeouts';
import { serverWithAccessXml } from '../support/users-xml';
import { EmbeddedServer } from '../../server/embedded-server';
import { loginProbeFrom, probeLogin } from '../../sql/live/login-probe';
import { serverInfo } from '../support/server-info';
import { closedPort } from '../support/closed-port';

const info = serverInfo();
const db = uniqueName('live_stack');
const env = { CH_URL: info.url, CH_USER: info.username, CH_PASSWORD: info.password };
const settings: ApplySettings = {
  stack: 'st',
  urlEnv: 'CH_URL',
  userEnv: 'CH_USER',
  passwordEnv: 'CH_PASSWORD',
  requestTimeoutMs: 30000,
  allowDestructive: false,
  revisions: { database: db, table: 'revisions' },
};
const database = { kind: 'database', name: db } as ObjectSpec;
const table = monthlyTable(db, 't');
const conn = connect({ url: info.url, username: info.username, password: info.password });
const query = conn.query.bind(conn);
afterAll(async () => {
  await conn.exec(`DROP DATABASE IF EXISTS ${db}`);
  await conn.close();
});

const reasons = (changes: readonly Change[] | undefined) => (changes ?? []).map((c) => c.reason);

describe('checkStack', () => {
  test('no server configured: not checked, naming the stack and the variable; nothing thrown', async () => {
    const r = await checkStack(settings, [database], {});
    expect(r).toMatchObject({ checked: false, reason: 'no server configured for stack st (set CH_URL)', url: '(none)', notices: [] });
    expect(r.byObject).toBeUndefined();
    expect(r.durationMs).toBeGreaterThanOrEqual(0);
    expect(r.durationMs).toBeLessThan(120_000);
  });

  test("the stack's request timeout reaches the check: a server that takes connections and never answers is not checked after it, not after the client's 10 s", async () => {
    const sockets: net.Socket[] = [];
    const silent = net.createServer((s) => void sockets.push(s));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as net.AddressInfo;
    try {
      const r = await checkStack({ ...settings, url: `http://127.0.0.1:${port}`, requestTimeoutMs: 300 }, [database], {});
      expect(r).toMatchObject({ checked: false, reason: `ClickHouse at 127.0.0.1:${port} is not reachable` });
      // A generous bound for a busy machine, still below the 10 s the client waits by default.
      expect(r.durationMs).toBeLessThan(8000);
    } finally {
      sockets.forEach((s) => s.destroy());
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  test('a server that cannot be reached: not checked, naming the host', async () => {
    const port = await closedPort();
    const r = await checkStack({ ...settings, url: `http://127.0.0.1:${port}` }, [database], {});
    expect(r).toMatchObject({ checked: false, reason: `ClickHouse at 127.0.0.1:${port} is not reachable`, url: new URL(`http://127.0.0.1:${port}`).href });
  });

  test('missing objects are drift, every declared object has an entry; created, the stack is in sync', async () => {
    const r = await checkStack(settings, [database, table], env);
    expect(r.checked).toBe(true);
    expect(r.reason).toBeUndefined();
    expect(r.url).toBe(new URL(info.url).href);
    expect(reasons(r.byObject?.get(`database:${db}`))).toEqual(['missing_object']);
    expect(reasons(r.byObject?.get(`table:${db}.t`))).toEqual(['missing_object']);
    expect(r.queries).toBeGreaterThan(0);
    expect(r.durationMs).toBeLessThan(120_000);
    await conn.exec(`CREATE DATABASE ${db}`);
    await conn.exec(`CREATE TABLE ${db}.t (id UInt64, ts DateTime) ENGINE = MergeTree PARTITION BY toYYYYMM(ts) ORDER BY id`);
    const again = await checkStack(settings, [database, table], env);
    expect(again.checked).toBe(true);
    expect([...again.byObject!.entries()]).toEqual([
      [`database:${db}`, []],
      [`table:${db}.t`, []],
    ]);
    // toStrictEqual: toEqual would take [undefined] for [].
    expect(again.notices).toStrictEqual([]);
    expect(r.notices).toStrictEqual([]);
  });

  test("the stack's cluster, access and destructive settings reach the check: a cluster the server lacks is a notice", async () => {
    const missing = monthlyTable(db, 'cl_missing');
    const r = await checkStack({ ...settings, cluster: 'no_such_cluster_s' }, [missing], env);
    expect(r.checked).toBe(true);
    expect(r.notices).toEqual([
      'cluster no_such_cluster_s is not defined on this server (system.clusters has no such cluster): per-replica drift was not checked, and ON CLUSTER statements would fail with CLUSTER_DOESNT_EXIST',
    ]);
    expect(reasons(r.byObject?.get(`table:${db}.cl_missing`))).toEqual(['missing_object', 'cluster_missing']);
  });

  test('blockAccessChanges: access objects without changes are not asked about (no query, nothing added)', async () => {
    const user: UserSpec = { kind: 'user', name: 'in_sync_u', auth: { method: 'no_password' } };
    const other: UserSpec = { kind: 'user', name: 'not_in_map_u', auth: { method: 'no_password' } };
    const q = countingQueryFn(query);
    const byObject = new Map<string, Change[]>([['user:in_sync_u', []]]);
    expect(await blockAccessChanges(q, byObject, [user, other, table], {}, conn.host)).toBeUndefined();
    expect(q.count).toBe(0);
    expect([...byObject.entries()]).toEqual([['user:in_sync_u', []]]);
  });

  test('a check that fails (a revisions table the server cannot read as one): not checked, with the error', async () => {
    await conn.exec(`CREATE DATABASE IF NOT EXISTS ${db}`);
    await conn.exec(`CREATE TABLE ${db}.bad_revisions (x UInt8) ENGINE = Memory`);
    const r = await checkStack({ ...settings, revisions: { database: db, table: 'bad_revisions' } }, [database], env);
    expect(r.checked).toBe(false);
    expect(r.reason).toMatch(/^the drift check failed: .*ClickHouse error \d+/);
  });

  const accessUser = (): UserSpec => ({ kind: 'user', name: uniqueName('live_u'), auth: { method: 'no_password' } });

  testWithout('accessStorage')('an access change: blocked when the server cannot store access entities, with a notice', async () => {
    const user = accessUser();
    const r = await checkStack(settings, [user], env);
    const changes = r.byObject?.get(`user:${user.name}`) ?? [];
    expect(reasons(changes)).toEqual(['missing_object', 'access_storage_unavailable']);
    expect(changes[1]).toMatchObject({ runnable: false, statements: [] });
    expect(changes[1].hint).toContain('local_directory or replicated access storage');
    expect(r.notices).toHaveLength(1);
    expect(r.notices[0]).toMatch(/access/i);
  });

  testWith('accessStorage')('an access change: left runnable when the server can store access entities', async () => {
    const user = accessUser();
    const r = await checkStack(settings, [user], env);
    expect(reasons(r.byObject?.get(`user:${user.name}`))).toEqual(['missing_object']);
    expect(r.notices).toStrictEqual([]);
  });

  test('objects allowed destructive changes reach the check', async () => {
    await conn.exec(`CREATE DATABASE IF NOT EXISTS ${db}`);
    await conn.exec(`CREATE TABLE ${db}.wider (id UInt64, ts DateTime, extra String) ENGINE = MergeTree PARTITION BY toYYYYMM(ts) ORDER BY id`);
    await conn.exec(`INSERT INTO ${db}.wider VALUES (1, now(), 'x')`);
    const spec = monthlyTable(db, 'wider');
    const id = `table:${db}.wider`;
    const runnable = async (allowed?: ReadonlySet<string>) => (await checkStack(settings, [spec], env, allowed)).byObject?.get(id)?.map((c) => c.runnable);
    expect(await runnable()).toEqual([false]);
    expect(await runnable(new Set([id]))).toEqual([true]);
  });
});

describe('checkDrift options', () => {
  test('a cluster the server does not define: a notice, and objects with ON CLUSTER statements pending are blocked', async () => {
    const missing = monthlyTable(db, 'not_there');
    const r = await checkDrift(query, [missing], { cluster: 'no_such_cluster_x' });
    expect(r.notices).toEqual([
      'cluster no_such_cluster_x is not defined on this server (system.clusters has no such cluster): per-replica drift was not checked, and ON CLUSTER statements would fail with CLUSTER_DOESNT_EXIST',
    ]);
    expect(reasons(r.byObject.get(`table:${db}.not_there`))).toContain('cluster_missing');
    expect(r.changes).toEqual([...r.byObject.values()].flat());
    expect(r.replicas).toBeUndefined();
    const none = await checkDrift(query, [missing]);
    expect(none.notices).toBeUndefined();
    expect(reasons(none.byObject.get(`table:${db}.not_there`))).toEqual(['missing_object']);
    expect((await checkDrift(query, [], { cluster: 'no_such_cluster_x' })).notices).toBeUndefined();
    // system.clusters is asked only when a cluster is named and something is declared.
    const counted = async (objects: ObjectSpec[], o: Parameters<typeof checkDrift>[2]) => {
      const q = countingQueryFn(query);
      await checkDrift(q, objects, o);
      return q.count;
    };
    expect(await counted([missing], { cluster: 'no_such_cluster_x' })).toBe((await counted([missing], {})) + 1);
    expect(await counted([], { cluster: 'no_such_cluster_x' })).toBe(await counted([], {}));
  });

  test('a destructive change runs only where allowed: everywhere, or for the objects named', async () => {
    await conn.exec(`CREATE DATABASE IF NOT EXISTS ${db}`);
    await conn.exec(`CREATE TABLE ${db}.wide (id UInt64, ts DateTime, extra String) ENGINE = MergeTree PARTITION BY toYYYYMM(ts) ORDER BY id`);
    await conn.exec(`INSERT INTO ${db}.wide VALUES (1, now(), 'on disk')`);
    const desired = [monthlyTable(db, 'wide')];
    const id = `table:${db}.wide`;
    const runnable = async (o: Parameters<typeof checkDrift>[2]) =>
      (await checkDrift(query, desired, o)).byObject.get(id)!.map((c) => [c.reason, c.destructive, c.runnable]);
    expect(await runnable({})).toEqual([['extra_column', true, false]]);
    expect(await runnable({ allowDestructiveObjects: new Set(['table:other.x']) })).toEqual([['extra_column', true, false]]);
    expect(await runnable({ allowDestructiveObjects: new Set([id]) })).toEqual([['extra_column', true, true]]);
    expect(await runnable({ allowDestructive: true })).toEqual([['extra_column', true, true]]);
    const live = (await checkDrift(query, desired)).live;
    expect(live.map(objectId)).toContain(id);
  });

  test('the login probe is asked once per declared password user that exists live; an unset variable is a notice', async () => {
    // The server's own user exists on every server; declared here with a password from $PW.
    const declared: UserSpec = { kind: 'user', name: info.username, auth: { method: 'sha256_hash', passwordEnv: 'PW' } };
    const asked: string[] = [];
    const r = await checkDrift(query, [declared], {
      loginProbe: async (user, passwordEnv) => {
        asked.push(`${user}/${passwordEnv}`);
        return false;
      },
    });
    expect(asked).toEqual([`${info.username}/PW`]);
    expect(r.notices).toBeUndefined();
    const unasked = await checkDrift(query, [declared], { loginProbe: async () => undefined });
    expect(unasked.notices).toEqual([`login probe of user ${info.username} skipped: $PW is not set here, so its password was not checked`]);
  });

  describe('a password user (defined in users.xml: the embedded engine stores no CREATE USER)', () => {
    let home: string;
    let server: EmbeddedServer;
    let at: ReturnType<typeof connect>;
    beforeAll(async () => {
      home = fs.mkdtempSync(path.join(os.tmpdir(), 'chx-live-pw-'));
      const hex = createHash('sha256').update('pw-1').digest('hex');
      const connHex = createHash('sha256').update('pw-c').digest('hex');
      const users =
        `\n    <pw_user><password_sha256_hex>${hex}</password_sha256_hex><networks><ip>::/0</ip></networks><default_database>no_such_db</default_database></pw_user>` +
        `\n    <pw_conn><password_sha256_hex>${connHex}</password_sha256_hex><networks><ip>::/0</ip></networks></pw_conn>`;
      server = await serverWithAccessXml(home, { users, roles: '<only_a_role/>' });
      at = connect({ url: server.url });
    }, HOOK_TIMEOUT_MS);
    afterAll(async () => {
      await at?.close();
      await server?.stop();
      fs.rmSync(home, { recursive: true, force: true });
    });

    test('connect and connectWith log in as the user given, with its password', async () => {
      const as = connect({ url: server.url, username: 'pw_conn', password: 'pw-c', attempts: 1 });
      const viaEnv = connectWith({ urlEnv: 'U', userEnv: 'USR', passwordEnv: 'PW' }, { U: server.url, USR: 'pw_conn', PW: 'pw-c' }, { attempts: 1 });
      try {
        expect(await as.query<{ u: string }>('SELECT currentUser() AS u')).toEqual([{ u: 'pw_conn' }]);
        expect(await viaEnv.query<{ u: string }>('SELECT currentUser() AS u')).toEqual([{ u: 'pw_conn' }]);
      } finally {
        await as.close();
        await viaEnv.close();
      }
    });

    test('the probe is not asked for a declared user whose name only a role has live', async () => {
      const declared: UserSpec = { kind: 'user', name: 'only_a_role', auth: { method: 'sha256_hash', passwordEnv: 'PW' } };
      const asked: string[] = [];
      const r = await checkDrift(at.query.bind(at), [declared], {
        loginProbe: async (u) => {
          asked.push(u);
          return false;
        },
      });
      expect(asked).toEqual([]);
      expect(reasons(r.byObject.get('user:only_a_role'))).toEqual(['missing_object']);
    });

    test('probeLogin: the right password logs in although the default database does not exist; a wrong one does not', async () => {
      expect(await probeLogin(server.url, 'pw_user', 'pw-1')).toBe(true);
      expect(await probeLogin(server.url, 'pw_user', 'pw-2')).toBe(false);
    });

    test("recorded password versions and the probe's answer reach the user's verdict", async () => {
      const declared: UserSpec = {
        kind: 'user',
        name: 'pw_user',
        auth: { method: 'sha256_hash', passwordEnv: 'PW', passwordVersion: '2' },
        defaultDatabase: 'no_such_db',
      };
      const rec = (version: string, spec?: string): Map<string, RevisionRecord> =>
        new Map([
          [
            'user:pw_user',
            {
              stack: 'st',
              object: 'user:pw_user',
              revision: 'r',
              triggers: {},
              spec: spec ?? JSON.stringify({ ...declared, auth: { ...declared.auth, passwordVersion: version } }),
              statements: [],
              appliedBy: 'me',
            },
          ],
        ]);
      const q = at.query.bind(at);
      const found = async (o: Parameters<typeof checkDrift>[2]) => reasons((await checkDrift(q, [declared], o)).byObject.get('user:pw_user'));
      expect(await found({})).toEqual([]);
      expect(await found({ loginProbe: async () => false })).toEqual(['password_mismatch']);
      expect(await found({ loginProbe: async () => true })).toEqual([]);
      expect(await found({ loginProbe: loginProbeFrom(server.url, { PW: 'pw-1' }) })).toEqual([]);
      expect(await found({ loginProbe: loginProbeFrom(server.url, { PW: 'pw-2' }) })).toEqual(['password_mismatch']);
      expect(await found({ revisions: rec('1') })).toEqual(['user_auth_changed']);
      expect(await found({ revisions: rec('2') })).toEqual([]);
      expect(await found({ revisions: rec('1', '{oops') })).toEqual([]);
      expect(await found({ revisions: new Map([['role:pw_user', rec('1').get('user:pw_user')!]]) })).toEqual([]);
    });
  });

  test('the login probe skips a user limited to some hosts, and a user that does not exist live (though a table of its name does)', async () => {
    const limited: UserSpec = {
      kind: 'user',
      name: info.username,
      auth: { method: 'sha256_hash', passwordEnv: 'PW' },
      hosts: { ip: ['10.0.0.1'] },
    } as UserSpec;
    const absent: UserSpec = { kind: 'user', name: uniqueName('nobody'), auth: { method: 'sha256_hash', passwordEnv: 'PW' } };
    const noEnv: UserSpec = { kind: 'user', name: info.username, auth: { method: 'no_password' } };
    const namesake = monthlyTable(db, absent.name);
    await conn.exec(`CREATE DATABASE IF NOT EXISTS ${db}`);
    await conn.exec(`CREATE TABLE ${db}.${absent.name} (id UInt64, ts DateTime) ENGINE = MergeTree PARTITION BY toYYYYMM(ts) ORDER BY id`);
    const asked: string[] = [];
    const r = await checkDrift(query, [namesake, limited, absent, noEnv], {
      loginProbe: async (u) => {
        asked.push(u);
        return true;
      },
    });
    expect(asked).toEqual([]);
    expect(r.notices).toEqual([
      `login probe of user ${info.username} skipped: it may connect only from some hosts, and a login refused for the host fails like a wrong password`,
    ]);
  });
});
