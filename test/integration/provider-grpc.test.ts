// The provider as Terraform launches it, driven over gRPC with go-plugin's AutoMTLS by this test
// playing Terraform's part: handshake, health, schema, configure, validate, plan, apply, read,
// drift, import, shutdown. Terraform itself drives it in test/e2e.
import { ChildProcess, spawn } from 'child_process';
import { X509Certificate } from 'crypto';
import * as path from 'path';
import * as readline from 'readline';
import * as grpc from '@grpc/grpc-js';
import { ClickHouseClient } from '@clickhouse/client';
import { fromDynamic, TfObject, toDynamic } from '../../provider/protocol/dynamic-value';
import { MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE } from '../../provider/protocol/handshake';
import { loadServices, SLOW_CALL_MS } from '../../provider/protocol/server';
import { generateServerCertificate } from '../../provider/protocol/tls';
import { buildProject, PROJECT_ROOT } from '../support/cdktf';
import { queryRows, testClient, uniqueName } from '../support/clickhouse';
import { serverInfo } from '../support/server-info';
import { TEST_TIMEOUT_MS } from '../support/timeouts';

jest.setTimeout(TEST_TIMEOUT_MS);

type Rpc = (req: object) => Promise<Record<string, unknown>>;

interface Plugin {
  child: ChildProcess;
  line: string;
  call(service: 'provider' | 'controller' | 'health', method: string, req?: object): Promise<Record<string, unknown>>;
  exited: Promise<number | null>;
  stderr: () => string;
}

async function launch(env: NodeJS.ProcessEnv): Promise<Plugin> {
  buildProject();
  const child = spawn(process.execPath, [path.join(PROJECT_ROOT, 'dist', 'provider', 'main.js')], {
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr!.on('data', (d) => (err += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const line = await Promise.race([
    new Promise<string>((resolve) => readline.createInterface({ input: child.stdout! }).once('line', resolve)),
    exited.then(() => ''),
  ]);
  const clients: Record<string, grpc.Client> = {};
  const call = (service: 'provider' | 'controller' | 'health', method: string, req: object = {}) => {
    const c = clients[service] as unknown as Record<string, (r: object, cb: (e: Error | null, res: Record<string, unknown>) => void) => void>;
    return new Promise<Record<string, unknown>>((resolve, reject) => c[method](req, (e, res) => (e ? reject(e) : resolve(res))));
  };
  const plugin: Plugin = { child, line, call, exited, stderr: () => err };
  if (!line) return plugin;
  const [, , , address, , certB64] = line.split('|');
  const services = loadServices();
  const client = (env as { __client?: { cert: string; key: string } }).__client;
  let creds = grpc.credentials.createInsecure();
  if (certB64 && client) {
    const serverPem = new X509Certificate(Buffer.from(certB64, 'base64')).toString();
    creds = grpc.credentials.createSsl(Buffer.from(serverPem), Buffer.from(client.key), Buffer.from(client.cert));
  }
  const opts = { 'grpc.ssl_target_name_override': 'localhost', 'grpc.default_authority': 'localhost' };
  const make = (def: grpc.ServiceDefinition) => new (grpc.makeGenericClientConstructor(def, 'x'))(address, creds, opts);
  clients.provider = make(services.provider);
  clients.controller = make(services.controller);
  clients.health = make(services.health);
  return plugin;
}

const dv = (v: unknown) => toDynamic(v as never);
const val = (res: Record<string, unknown>, field: string) => fromDynamic(res[field] as never) as TfObject | null;
const diags = (res: Record<string, unknown>) => (res.diagnostics as { severity: number; summary: string; detail: string }[]) ?? [];

describe('the provider over gRPC with AutoMTLS', () => {
  const db = uniqueName('prov');
  let ch: ClickHouseClient;
  let plugin: Plugin;
  let clientCert: { certPem: string; keyPem: string };

  beforeAll(async () => {
    ch = testClient();
    clientCert = await generateServerCertificate();
    const info = serverInfo();
    plugin = await launch({
      [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE,
      PLUGIN_PROTOCOL_VERSIONS: '5,6',
      PLUGIN_CLIENT_CERT: clientCert.certPem,
      CH_URL: info.url,
      CH_USER: info.username,
      CH_PASSWORD: info.password,
      __client: { cert: clientCert.certPem, key: clientCert.keyPem },
    } as unknown as NodeJS.ProcessEnv);
  });

  afterAll(async () => {
    await ch.command({ query: `DROP DATABASE IF EXISTS ${db} SYNC` });
    await ch.close();
    if (plugin?.child.exitCode === null) plugin.child.kill('SIGKILL');
  });

  test('GIVEN a launch without the magic cookie THEN it exits 1 saying Terraform runs it, and prints no handshake', async () => {
    const p = await launch({});
    expect(p.line).toBe('');
    expect(await p.exited).toBe(1);
    expect(p.stderr()).toMatch(/Terraform runs it/);
  });

  test('GIVEN the handshake line THEN it is core 1, protocol 6, tcp on loopback, grpc, with our certificate', () => {
    expect(plugin.line).toMatch(/^1\|6\|tcp\|127\.0\.0\.1:\d+\|grpc\|[A-Za-z0-9+/]+$/);
    const cert = new X509Certificate(Buffer.from(plugin.line.split('|')[5], 'base64'));
    expect(cert.checkHost('localhost')).toBe('localhost');
  });

  test('GIVEN a client without the certificate Terraform sent THEN the TLS handshake is refused', async () => {
    const [, , , address, , certB64] = plugin.line.split('|');
    const other = await generateServerCertificate();
    const serverPem = new X509Certificate(Buffer.from(certB64, 'base64')).toString();
    const creds = grpc.credentials.createSsl(Buffer.from(serverPem), Buffer.from(other.keyPem), Buffer.from(other.certPem));
    const Health = grpc.makeGenericClientConstructor(loadServices().health, 'h');
    const c = new Health(address, creds, { 'grpc.ssl_target_name_override': 'localhost' }) as unknown as Record<string, Rpc>;
    const check = (c.Check as unknown as (r: object, cb: (e: Error | null) => void) => void).bind(c);
    await expect(new Promise((resolve, reject) => check({ service: 'plugin' }, (e) => (e ? reject(e) : resolve(undefined))))).rejects.toThrow();
  });

  test('GIVEN the provider THEN health says SERVING and the schema lists every resource type', async () => {
    expect((await plugin.call('health', 'Check', { service: 'plugin' })).status).toBe(1);
    const schema = await plugin.call('provider', 'GetProviderSchema');
    expect(Object.keys(schema.resource_schemas as object).sort()).toEqual([
      'clickhouse_database',
      'clickhouse_dictionary',
      'clickhouse_grant',
      'clickhouse_materialized_view',
      'clickhouse_quota',
      'clickhouse_role',
      'clickhouse_row_policy',
      'clickhouse_settings_profile',
      'clickhouse_table',
      'clickhouse_user',
      'clickhouse_view',
    ]);
  });

  test('GIVEN a URL with a password in it WHEN configured THEN an error names the attribute and never the password', async () => {
    const res = await plugin.call('provider', 'ConfigureProvider', {
      terraform_version: '1.11.4',
      config: dv({ url: 'http://default:s3cretPW@127.0.0.1:1', url_env: null, user_env: null, password_env: null }),
    });
    expect(diags(res)[0].summary).toMatch(/carries credentials/);
    expect(JSON.stringify(res)).not.toContain('s3cretPW');
  });

  test('GIVEN a table WHEN planned, applied, read, drifted by hand, read and planned again THEN each step says what the diff says', async () => {
    const info = serverInfo();
    const conf = await plugin.call('provider', 'ConfigureProvider', {
      terraform_version: '1.11.4',
      config: dv({ url: info.url, username: info.username, password: info.password, stack: 'grpc-test' }),
    });
    expect(diags(conf)).toEqual([]);
    const dbConfig = { name: db, engine: null, comment: null, id: null, removal_policy: null, allow_destructive: null, planned_sql: null, drift: null };
    const dbPlan = await plugin.call('provider', 'PlanResourceChange', {
      type_name: 'clickhouse_database',
      prior_state: dv(null),
      proposed_new_state: dv(dbConfig),
      config: dv(dbConfig),
      prior_private: Buffer.alloc(0),
    });
    expect(val(dbPlan, 'planned_state')!.planned_sql).toBe(`CREATE DATABASE IF NOT EXISTS \`${db}\`;`);
    const dbApplied = await plugin.call('provider', 'ApplyResourceChange', {
      type_name: 'clickhouse_database',
      prior_state: dv(null),
      planned_state: dbPlan.planned_state,
      config: dv(dbConfig),
      planned_private: dbPlan.planned_private,
    });
    expect(diags(dbApplied)).toEqual([]);

    const cols = (names: string[]) =>
      names.map((n) => ({
        name: n,
        type: n === 'ts' ? 'DateTime' : 'UInt64',
        default_kind: null,
        default_expression: null,
        comment: null,
        codec: null,
        ttl: null,
      }));
    const table = {
      database: db,
      name: 't',
      columns: cols(['ts', 'k']),
      engine: 'MergeTree',
      engine_args: null,
      order_by: ['k'],
      partition_by: null,
      primary_key: null,
      sample_by: null,
      ttl: 'ts + INTERVAL 90 DAY',
      settings: null,
      comment: null,
      id: null,
      removal_policy: 'destroy',
      allow_destructive: null,
      planned_sql: null,
      drift: null,
    };
    const invalid = await plugin.call('provider', 'ValidateResourceConfig', {
      type_name: 'clickhouse_table',
      config: dv({ ...table, columns: [{ ...cols(['ts'])[0], type: 'NotAType' }] }),
    });
    expect(diags(invalid)[0].summary).toMatch(/columns\[0\]\.type: unknown type "NotAType"/);
    expect((invalid.diagnostics as { attribute: { steps: object[] } }[])[0].attribute.steps).toEqual([
      expect.objectContaining({ attribute_name: 'columns' }),
      expect.objectContaining({ element_key_int: 0 }),
      expect.objectContaining({ attribute_name: 'type' }),
    ]);

    const plan = await plugin.call('provider', 'PlanResourceChange', {
      type_name: 'clickhouse_table',
      prior_state: dv(null),
      proposed_new_state: dv(table),
      config: dv(table),
      prior_private: Buffer.alloc(0),
    });
    const planned = val(plan, 'planned_state')!;
    expect(planned.planned_sql).toMatch(/^CREATE TABLE IF NOT EXISTS `[^`]+`\.`t`/);
    const applied = await plugin.call('provider', 'ApplyResourceChange', {
      type_name: 'clickhouse_table',
      prior_state: dv(null),
      planned_state: plan.planned_state,
      config: dv(table),
      planned_private: plan.planned_private,
    });
    expect(diags(applied)).toEqual([]);
    const state = val(applied, 'new_state')!;
    expect(state.ttl).toBe('ts + INTERVAL 90 DAY');
    const audit = await queryRows<{ n: string }>(ch, "SELECT count() AS n FROM schema_revisions.revisions WHERE stack = 'grpc-test' AND object = {o:String}", {
      o: `table:${db}.t`,
    });
    expect(Number(audit[0].n)).toBe(1);

    const read = async (current: TfObject, priv: unknown) =>
      plugin.call('provider', 'ReadResource', { type_name: 'clickhouse_table', current_state: dv(current), private: priv });
    const inSync = await read(state, applied.private);
    // In sync: the state comes back unchanged, to the byte.
    expect(val(inSync, 'new_state')).toEqual(state);

    await ch.command({ query: `INSERT INTO ${db}.t SELECT now() - number, number FROM numbers(1000)` });
    await ch.command({ query: `ALTER TABLE ${db}.t MODIFY TTL ts + INTERVAL 30 DAY` });
    // A new provider process would read afresh; this one caches its snapshot, as a plan does.
    const fresh = await launchConfigured();
    const drifted = await fresh.call('provider', 'ReadResource', { type_name: 'clickhouse_table', current_state: dv(state), private: applied.private });
    const driftedState = val(drifted, 'new_state')!;
    expect(driftedState.drift).toBe('ttl_changed');
    expect(driftedState.ttl).toBe('ts + toIntervalDay(30)');
    expect(driftedState.columns).toEqual(state.columns);
    const replan = await fresh.call('provider', 'PlanResourceChange', {
      type_name: 'clickhouse_table',
      prior_state: dv(driftedState),
      proposed_new_state: dv(table),
      config: dv(table),
      prior_private: drifted.private,
    });
    expect(val(replan, 'planned_state')!.planned_sql).toBe(`ALTER TABLE \`${db}\`.\`t\` MODIFY TTL ts + toIntervalDay(90);`);
    // What it costs: the class in planned_cost (stable), the rows, bytes and parts in a warning.
    expect(val(replan, 'planned_state')!.planned_cost).toBe('MODIFY TTL ts + toIntervalDay(90) — rewrites every part (materialize_ttl_after_modify=1)');
    const [parts] = await queryRows<{ n: string }>(ch, 'SELECT count() AS n FROM system.parts WHERE active AND database = {db:String} AND table = {t:String}', {
      db,
      t: 't',
    });
    expect(diags(replan)).toEqual([
      expect.objectContaining({
        summary: expect.stringMatching(/what the planned change costs/),
        detail: expect.stringMatching(
          new RegExp(
            `^MODIFY TTL ts \\+ toIntervalDay\\(90\\) — rewrites ${parts.n} part\\(s\\), [\\d.]+ KiB, 1,000 row\\(s\\) \\(materialize_ttl_after_modify=1\\)$`,
          ),
        ),
      }),
    ]);

    await ch.command({ query: `DROP TABLE ${db}.t SYNC` });
    const fresh2 = await launchConfigured();
    const gone = await fresh2.call('provider', 'ReadResource', { type_name: 'clickhouse_table', current_state: dv(state), private: applied.private });
    expect(val(gone, 'new_state')).toBeNull();
    await Promise.all([fresh.call('controller', 'Shutdown'), fresh2.call('controller', 'Shutdown')]);
    expect(await fresh.exited).toBe(0);
  });

  test('GIVEN an existing table WHEN imported THEN the state is the live table and a missing one is an error naming it', async () => {
    await ch.command({ query: `CREATE DATABASE IF NOT EXISTS ${db}` });
    await ch.command({ query: `CREATE TABLE ${db}.imp (a UInt8, b String) ENGINE = MergeTree ORDER BY a COMMENT 'x'` });
    const res = await plugin.call('provider', 'ImportResourceState', { type_name: 'clickhouse_table', id: `${db}.imp` });
    const state = fromDynamic((res.imported_resources as { state: never }[])[0].state) as TfObject;
    expect(state).toEqual(
      expect.objectContaining({ id: `${db}.imp`, database: db, name: 'imp', engine: 'MergeTree', order_by: ['a'], comment: 'x', removal_policy: 'retain' }),
    );
    const missing = await plugin.call('provider', 'ImportResourceState', { type_name: 'clickhouse_table', id: `${db}.nope` });
    expect(diags(missing)[0].summary).toMatch(new RegExp(`cannot import "${db}.nope": no such object`));
  });

  test('GIVEN a view WHEN planned, applied, its query changed by hand, read, planned, applied, dropped by hand and imported THEN each step says what the diff says', async () => {
    const p = await launchConfigured();
    await ch.command({ query: `CREATE DATABASE IF NOT EXISTS ${db}` });
    await ch.command({ query: `CREATE TABLE IF NOT EXISTS ${db}.vsrc (k UInt64) ENGINE = MergeTree ORDER BY k` });
    await ch.command({ query: `INSERT INTO ${db}.vsrc SELECT number FROM numbers(10)` });
    const view = {
      database: db,
      name: 'v',
      select: `SELECT k FROM ${db}.vsrc WHERE k < 3`,
      comment: 'three',
      columns: null,
      ignore_undeclared: null,
      id: null,
      removal_policy: 'destroy',
      allow_destructive: null,
      planned_sql: null,
      planned_cost: null,
      drift: null,
    };
    const call = (c: Plugin, method: string, req: object) => c.call('provider', method, { type_name: 'clickhouse_view', ...req });
    const plan = await call(p, 'PlanResourceChange', { prior_state: dv(null), proposed_new_state: dv(view), config: dv(view), prior_private: Buffer.alloc(0) });
    expect(diags(plan)).toEqual([]);
    expect(val(plan, 'planned_state')!.planned_sql).toBe(
      `CREATE VIEW IF NOT EXISTS \`${db}\`.\`v\`\nCOMMENT 'three'\nAS SELECT k FROM ${db}.vsrc WHERE k < 3;`,
    );
    const applied = await call(p, 'ApplyResourceChange', {
      prior_state: dv(null),
      planned_state: plan.planned_state,
      config: dv(view),
      planned_private: plan.planned_private,
    });
    expect(diags(applied)).toEqual([]);
    const state = val(applied, 'new_state')!;
    expect(state).toMatchObject({ id: `${db}.v`, select: view.select, comment: 'three', columns: null, drift: '' });
    const [n] = await queryRows<{ n: string }>(ch, `SELECT count() AS n FROM ${db}.v`);
    expect(Number(n.n)).toBe(3);

    await ch.command({ query: `CREATE OR REPLACE VIEW ${db}.v COMMENT 'three' AS SELECT k FROM ${db}.vsrc` });
    const fresh = await launchConfigured();
    const drifted = val(await call(fresh, 'ReadResource', { current_state: dv(state), private: applied.private }), 'new_state')!;
    expect(drifted.drift).toBe('view_query_changed');
    expect(drifted.select).toBe(`SELECT k FROM ${db}.vsrc`);
    const replan = await call(fresh, 'PlanResourceChange', {
      prior_state: dv(drifted),
      proposed_new_state: dv(view),
      config: dv(view),
      prior_private: Buffer.alloc(0),
    });
    expect(diags(replan)).toEqual([]);
    const replanned = val(replan, 'planned_state')!;
    expect(replanned.planned_sql).toBe(`CREATE OR REPLACE VIEW \`${db}\`.\`v\`\nCOMMENT 'three'\nAS SELECT k FROM ${db}.vsrc WHERE k < 3;`);
    // A view holds no data: no cost is read for it.
    expect(replanned.planned_cost).toBe('');
    const reapplied = await call(fresh, 'ApplyResourceChange', {
      prior_state: dv(drifted),
      planned_state: replan.planned_state,
      config: dv(view),
      planned_private: replan.planned_private,
    });
    expect(diags(reapplied)).toEqual([]);
    const [m] = await queryRows<{ n: string }>(ch, `SELECT count() AS n FROM ${db}.v`);
    expect(Number(m.n)).toBe(3);

    await ch.command({ query: `DROP VIEW ${db}.v` });
    const fresh2 = await launchConfigured();
    const gone = await call(fresh2, 'ReadResource', { current_state: dv(val(reapplied, 'new_state')), private: reapplied.private });
    expect(val(gone, 'new_state')).toBeNull();
    const missing = await call(fresh2, 'ImportResourceState', { id: `${db}.v` });
    expect(diags(missing)[0].summary).toMatch(new RegExp(`clickhouse_view: cannot import "${db}.v": no such object`));
    await ch.command({ query: `CREATE VIEW ${db}.v2 AS SELECT k FROM ${db}.vsrc` });
    const imported = await call(fresh2, 'ImportResourceState', { id: `${db}.v2` });
    const importedState = fromDynamic((imported.imported_resources as { state: never }[])[0].state) as TfObject;
    // The columns the server lists for every view are not a declaration: none in the state.
    expect(importedState).toEqual(
      expect.objectContaining({ id: `${db}.v2`, database: db, name: 'v2', select: `SELECT k FROM ${db}.vsrc`, columns: null, comment: null }),
    );
    await Promise.all([p, fresh, fresh2].map((x) => x.call('controller', 'Shutdown')));
  });

  test('GIVEN a refreshable view with an inner table WHEN planned, applied, its REFRESH changed by hand, read and planned THEN the nested attributes round-trip and MODIFY REFRESH is planned', async () => {
    const p = await launchConfigured();
    await ch.command({ query: `CREATE DATABASE IF NOT EXISTS ${db}` });
    await ch.command({ query: `CREATE TABLE IF NOT EXISTS ${db}.rsrc (k UInt64) ENGINE = MergeTree ORDER BY k` });
    const mv = {
      database: db,
      name: 'rmv',
      to_database: null,
      to_table: null,
      to_renamed_from: null,
      inner: {
        engine: 'MergeTree',
        engine_args: null,
        order_by: ['k'],
        partition_by: null,
        primary_key: null,
        ttl: null,
        settings: { index_granularity: '1024' },
      },
      refresh: { kind: 'EVERY', interval: '1 HOUR', offset: '5 MINUTE', randomize_for: null, depends_on: null, settings: null, append: null },
      select: `SELECT k FROM ${db}.rsrc`,
      comment: null,
      columns: null,
      ignore_undeclared: null,
      id: null,
      removal_policy: 'destroy',
      allow_destructive: null,
      planned_sql: null,
      planned_cost: null,
      drift: null,
    };
    const call = (c: Plugin, method: string, req: object) => c.call('provider', method, { type_name: 'clickhouse_materialized_view', ...req });
    const launched: Plugin[] = [p];
    // Shut the providers down even when an expectation fails (a live provider keeps jest waiting).
    try {
      const plan = await call(p, 'PlanResourceChange', { prior_state: dv(null), proposed_new_state: dv(mv), config: dv(mv), prior_private: Buffer.alloc(0) });
      expect(diags(plan)).toEqual([]);
      expect(val(plan, 'planned_state')!.planned_sql).toBe(
        `CREATE MATERIALIZED VIEW IF NOT EXISTS \`${db}\`.\`rmv\`\nREFRESH EVERY 1 HOUR OFFSET 5 MINUTE\nENGINE = MergeTree() ORDER BY k SETTINGS index_granularity = 1024\nAS SELECT k FROM ${db}.rsrc;`,
      );
      const applied = await call(p, 'ApplyResourceChange', {
        prior_state: dv(null),
        planned_state: plan.planned_state,
        config: dv(mv),
        planned_private: plan.planned_private,
      });
      expect(diags(applied)).toEqual([]);
      const state = val(applied, 'new_state')!;
      expect(state).toMatchObject({ id: `${db}.rmv`, inner: mv.inner, refresh: mv.refresh, drift: '' });

      await ch.command({ query: `ALTER TABLE ${db}.rmv MODIFY REFRESH AFTER 2 HOUR` });
      const fresh = await launchConfigured();
      launched.push(fresh);
      const drifted = val(await call(fresh, 'ReadResource', { current_state: dv(state), private: applied.private }), 'new_state')!;
      expect(drifted.drift).toBe('mv_refresh_changed');
      expect(drifted.refresh).toMatchObject({ kind: 'AFTER', interval: '2 HOUR', offset: null });
      const replan = await call(fresh, 'PlanResourceChange', {
        prior_state: dv(drifted),
        proposed_new_state: dv(mv),
        config: dv(mv),
        prior_private: Buffer.alloc(0),
      });
      expect(diags(replan)).toEqual([]);
      expect(val(replan, 'planned_state')!.planned_sql).toBe(`ALTER TABLE \`${db}\`.\`rmv\` MODIFY REFRESH EVERY 1 HOUR OFFSET 5 MINUTE;`);
      const reapplied = await call(fresh, 'ApplyResourceChange', {
        prior_state: dv(drifted),
        planned_state: replan.planned_state,
        config: dv(mv),
        planned_private: replan.planned_private,
      });
      expect(diags(reapplied)).toEqual([]);
      expect(val(reapplied, 'new_state')).toMatchObject({ refresh: mv.refresh, drift: '' });
      // Imported, the state is what the server has: the inner table (settings at their default left out) and the whole REFRESH clause.
      const imported = await call(fresh, 'ImportResourceState', { id: `${db}.rmv` });
      expect(diags(imported)).toEqual([]);
      const importedState = fromDynamic((imported.imported_resources as { state: never }[])[0].state) as TfObject;
      expect(importedState).toMatchObject({ to_table: null, inner: mv.inner, refresh: mv.refresh });
    } finally {
      await Promise.all(launched.map((x) => x.call('controller', 'Shutdown')));
    }
  });

  test('GIVEN Shutdown from the controller THEN the process exits 0', async () => {
    await plugin.call('controller', 'Shutdown');
    expect(await plugin.exited).toBe(0);
  });

  test('GIVEN no TF_LOG WHEN the per-resource calls above ran THEN only calls slower than SLOW_CALL_MS logged their time', () => {
    // Every test above made ReadResource/PlanResourceChange/ApplyResourceChange calls.
    const timed = [...plugin.stderr().matchAll(/^\[chx-provider\] (\w+) (\d+) ms$/gm)];
    const perResource = timed.filter((m) => /Resource/.test(m[1]));
    expect(perResource.filter((m) => Number(m[2]) < SLOW_CALL_MS).map((m) => m[0])).toEqual([]);
    // Calls made once per process still log their time (the schema, configure).
    expect(timed.map((m) => m[1])).toContain('ConfigureProvider');
  });

  test('GIVEN TF_LOG WHEN a provider runs THEN every call logs its time', async () => {
    const p = await launch({
      [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE,
      PLUGIN_CLIENT_CERT: clientCert.certPem,
      TF_LOG: 'debug',
      __client: { cert: clientCert.certPem, key: clientCert.keyPem },
    } as unknown as NodeJS.ProcessEnv);
    await p.call('provider', 'ValidateResourceConfig', { type_name: 'clickhouse_database', config: dv(null) });
    await p.call('controller', 'Shutdown');
    await p.exited;
    expect(p.stderr()).toMatch(/^\[chx-provider\] ValidateResourceConfig \d+ ms$/m);
  });

  async function launchConfigured(): Promise<Plugin> {
    const info = serverInfo();
    const p = await launch({
      [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE,
      PLUGIN_CLIENT_CERT: clientCert.certPem,
      __client: { cert: clientCert.certPem, key: clientCert.keyPem },
    } as unknown as NodeJS.ProcessEnv);
    const res = await p.call('provider', 'ConfigureProvider', {
      terraform_version: '1.11.4',
      config: dv({ url: info.url, username: info.username, password: info.password }),
    });
    expect(diags(res)).toEqual([]);
    return p;
  }
});
