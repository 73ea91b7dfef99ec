// Per-replica drift on a real two-node cluster: two embedded ClickHouse servers configured as one
// shard with two replicas ('production'). No Keeper, so no ON CLUSTER here: each node gets its
// DDL directly, which is exactly how a replica ends up different from the others. Each node's
// config also defines the seed's access entities (users.xml), differently on node 2, as local
// access storage on a real cluster can end up.
import { ClickHouseClient, createClient } from '@clickhouse/client';
import { Change } from '../../sql/spec/changes';
import { checkDrift } from '../../sql/live/drift-check';
import { clientQueryFn, countingQueryFn } from '../../sql/live/client';
import { introspectReplicas } from '../../sql/live/introspect-tables';
import { ObjectSpec, TableSpec } from '../../sql/spec/model';
import { canonicalizeSnapshots } from '../../sql/live/canonicalize';
import { diffReplicas } from '../../sql/diff/replicas';
import { renderCreateDatabase, renderCreateMaterializedView, renderCreateTable, renderDropDatabase } from '../../sql/render/tables';
import { seedDatabase, seedGrants, seedProfile, seedTables, seedUser, seedView } from '../../stacks/lightbulb/seed-schema';
import { loginProbeFrom } from '../../sql/live/login-probe';
import { introspectAccessReplicas } from '../../sql/live/introspect-access';
import { usersXmlElements } from '../support/users-xml';
import { formatQuery, uniqueName } from '../support/clickhouse';
import { EmbeddedCluster, startEmbeddedCluster } from '../support/embedded-cluster';
import { startProvider } from '../support/provider';
import { fromDynamic, TfObject } from '../../provider/protocol/dynamic-value';

let cluster: EmbeddedCluster;
let clients: ClickHouseClient[] = [];
/** host:port as system.clusters names each node. */
let hosts: string[] = [];

const MONITOR_PASSWORD = 'cluster-monitor-pw';
const SEED_GRANTS = ['GRANT SELECT ON system.*', 'GRANT ALL ON monitor.*'];

beforeAll(async () => {
  cluster = await startEmbeddedCluster('production', {
    // Node 1 as the seed declares; node 2 lacks SELECT ON system.*, has an extra grant, and a changed profile setting.
    nodeConfig: (i, file) =>
      usersXmlElements(
        file,
        i === 0
          ? { password: MONITOR_PASSWORD, grants: SEED_GRANTS, maxExecutionTime: 300 }
          : { password: MONITOR_PASSWORD, grants: ['GRANT ALL ON monitor.*', 'GRANT SELECT ON default.*'], maxExecutionTime: 600 },
      ),
  });
  clients = cluster.nodes.map((n) => createClient({ url: n.url, clickhouse_settings: { wait_end_of_query: 1 } }));
  hosts = cluster.nodes.map((n) => `127.0.0.1:${n.tcpPort}`);
}, 180000);

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await cluster?.stop();
});

function seed(database: string): ObjectSpec[] {
  return [seedDatabase({ database }), ...seedTables({ database }), seedView({ database })];
}

function ddlOf(objects: readonly ObjectSpec[]): string[] {
  return objects.flatMap((o) =>
    o.kind === 'database'
      ? [renderCreateDatabase(o)]
      : o.kind === 'table'
        ? [renderCreateTable(o)]
        : o.kind === 'materialized_view'
          ? [renderCreateMaterializedView(o)]
          : [],
  );
}

/** Creates the objects on every node, one node at a time (no ON CLUSTER: there is no Keeper). */
async function createOnEveryNode(objects: readonly ObjectSpec[]): Promise<void> {
  for (const c of clients) for (const query of ddlOf(objects)) await c.command({ query });
}

const node1Query = () => clientQueryFn(clients[0]);
const nonEmpty = (byObject: Map<string, Change[]>) => [...byObject].filter(([, list]) => list.length > 0);

describe('per-replica drift on a two-node cluster', () => {
  const db = uniqueName('replicas');
  const desired = seed(db);
  afterAll(async () => {
    for (const c of clients) await c.command({ query: renderDropDatabase({ name: db }) });
  });

  test('GIVEN the seed schema created on both nodes WHEN checked with the cluster THEN both replicas are read, named as system.clusters names them, and nothing drifted', async () => {
    await createOnEveryNode(desired);
    const result = await checkDrift(node1Query(), desired, { cluster: 'production' });
    expect(result.replicas?.map((r) => r.host)).toEqual(hosts);
    expect(result.replicas?.every((r) => r.objects.filter((o) => o.kind === 'table').length === 7)).toBe(true);
    expect(nonEmpty(result.byObject)).toEqual([]);
    expect(result.notices).toBeUndefined();
  });

  test('GIVEN one node changed by hand (a column dropped, a TTL changed) WHEN checked THEN exactly that host is named, with the reasons, and the ON CLUSTER fixes are the idempotent ones', async () => {
    await clients[1].command({ query: `ALTER TABLE ${db}.service_logs DROP COLUMN stack_trace` });
    await clients[1].command({ query: `ALTER TABLE ${db}.service_metrics MODIFY TTL toDateTime(timestamp) + INTERVAL 7 DAY` });
    const result = await checkDrift(node1Query(), desired, { cluster: 'production' });
    const drifted = nonEmpty(result.byObject);
    expect(drifted.map(([id]) => id).sort()).toEqual([`table:${db}.service_logs`, `table:${db}.service_metrics`]);
    const logs = result.byObject.get(`table:${db}.service_logs`)!;
    const metrics = result.byObject.get(`table:${db}.service_metrics`)!;
    expect(logs.map((c) => [c.reason, c.host])).toEqual([
      ['missing_column', hosts[1]],
      ['replica_diverged', hosts[1]],
    ]);
    expect(metrics.map((c) => [c.reason, c.host])).toEqual([
      ['ttl_changed', hosts[1]],
      ['replica_diverged', hosts[1]],
    ]);
    for (const c of [...logs, ...metrics]) expect(c.runnable).toBe(true);
    expect(logs[1].detail).toContain(`${hosts[1]}: missing_column`);
    expect(logs[1].detail).toContain(`while ${hosts[0]}: as declared`);
    expect(logs[0].statements).toEqual([
      expect.stringMatching(new RegExp(`^ALTER TABLE \`${db}\`\\.\`service_logs\` ON CLUSTER \`production\` ADD COLUMN IF NOT EXISTS \`stack_trace\` `)),
    ]);
    expect(metrics[0].statements).toEqual([expect.stringMatching(/ON CLUSTER `production` MODIFY TTL toDateTime\(timestamp\) \+ toIntervalDay\(90\)$/)]);
    // ClickHouse's own parser accepts every fix (running them needs Keeper: see cluster-ddl.test.ts).
    for (const c of [...logs, ...metrics]) {
      for (const q of c.statements) {
        expect(await formatQuery(clients[0], q)).toContain('ON CLUSTER production');
      }
    }
  });

  test('GIVEN that drift WHEN healed host by host (fixes rendered without ON CLUSTER, run on the host each change names) THEN no drift is left, and running them on both nodes changes nothing more', async () => {
    const query = node1Query();
    const replicas = await introspectReplicas(query, 'production', [db]);
    const canon = await canonicalizeSnapshots(query, desired, replicas);
    const changes = diffReplicas(canon.desired, canon.snapshots, {});
    const perHost = changes.filter((c) => c.reason !== 'replica_diverged');
    expect(perHost.map((c) => c.host)).toEqual([hosts[1], hosts[1]]);
    for (const c of perHost) {
      expect(c.statements.join('\n')).not.toContain('ON CLUSTER');
      for (const q of c.statements) await clients[hosts.indexOf(c.host!)].command({ query: q });
    }
    expect(nonEmpty((await checkDrift(query, desired, { cluster: 'production' })).byObject)).toEqual([]);
    // Idempotent: the same fixes on every node (what ON CLUSTER would do) are no-ops.
    for (const c of clients) for (const ch of perHost) for (const q of ch.statements) await c.command({ query: q });
    expect(nonEmpty((await checkDrift(query, desired, { cluster: 'production' })).byObject)).toEqual([]);
  });

  test('GIVEN a table missing on one node WHEN checked THEN missing_object names that node and CREATE TABLE IF NOT EXISTS ON CLUSTER is the fix', async () => {
    await clients[0].command({ query: `DROP TABLE ${db}.alert_rules SYNC` });
    const result = await checkDrift(node1Query(), desired, { cluster: 'production' });
    const changes = result.byObject.get(`table:${db}.alert_rules`)!;
    expect(changes.map((c) => [c.reason, c.host])).toEqual([
      ['missing_object', hosts[0]],
      ['replica_diverged', hosts[0]],
    ]);
    expect(changes[0].statements[0]).toMatch(/^CREATE TABLE IF NOT EXISTS .* ON CLUSTER `production`/);
    await clients[0].command({ query: renderCreateTable(desired.find((o): o is TableSpec => o.kind === 'table' && o.name === 'alert_rules')!) });
    expect(nonEmpty((await checkDrift(node1Query(), desired, { cluster: 'production' })).byObject)).toEqual([]);
  });

  test('GIVEN a table detached on one node WHEN checked THEN detached_object names that node, ATTACH TABLE IF NOT EXISTS ON CLUSTER is the fix, and on that node it heals', async () => {
    await clients[1].command({ query: `DETACH TABLE ${db}.services` });
    const result = await checkDrift(node1Query(), desired, { cluster: 'production' });
    const changes = result.byObject.get(`table:${db}.services`)!;
    expect(changes.map((c) => [c.reason, c.host, c.runnable])).toEqual([
      ['detached_object', hosts[1], true],
      ['replica_diverged', hosts[1], true],
    ]);
    expect(changes[0].statements).toEqual([`ATTACH TABLE IF NOT EXISTS \`${db}\`.\`services\` ON CLUSTER \`production\``]);
    expect(nonEmpty(result.byObject).map(([id]) => id)).toEqual([`table:${db}.services`]);
    // Without ON CLUSTER (no Keeper here), on every node: attaches where detached, a no-op where attached.
    for (const c of clients) await c.command({ query: `ATTACH TABLE IF NOT EXISTS \`${db}\`.\`services\`` });
    expect(nonEmpty((await checkDrift(node1Query(), desired, { cluster: 'production' })).byObject)).toEqual([]);
  });

  test('GIVEN a stack cluster the server does not define WHEN checked THEN a notice and a blocked cluster_missing change, no crash', async () => {
    const extra: TableSpec = {
      kind: 'table',
      database: db,
      name: 'not_there',
      columns: [{ name: 'a', type: 'String' }],
      engine: { name: 'MergeTree' },
      orderBy: ['a'],
    };
    const result = await checkDrift(node1Query(), [...desired, extra], { cluster: 'no_such_cluster' });
    expect(result.notices).toEqual([expect.stringContaining('cluster no_such_cluster is not defined on this server')]);
    expect(result.byObject.get(`table:${db}.not_there`)!.map((c) => [c.reason, c.runnable])).toEqual([
      ['missing_object', true],
      ['cluster_missing', false],
    ]);
    expect(nonEmpty(result.byObject).map(([id]) => id)).toEqual([`table:${db}.not_there`]);
  });
});

describe('introspectReplicas', () => {
  const dbs: string[] = [];
  afterAll(async () => {
    for (const c of clients) for (const name of dbs) await c.command({ query: renderDropDatabase({ name }) });
  });

  async function databaseWithTables(n: number): Promise<string> {
    const db = uniqueName(`replicas${n}`);
    dbs.push(db);
    const tables = Array.from({ length: n }, (_, i): TableSpec => ({
      kind: 'table',
      database: db,
      name: `t${i}`,
      engine: { name: 'MergeTree' },
      orderBy: ['id'],
      columns: [
        { name: 'id', type: 'UInt64' },
        { name: 'v', type: 'String' },
      ],
    }));
    for (const c of clients) {
      await c.command({ query: renderCreateDatabase({ kind: 'database', name: db }) });
      const statements = tables.map((t) => renderCreateTable(t));
      for (let i = 0; i < statements.length; i += 25) await Promise.all(statements.slice(i, i + 25).map((query) => c.command({ query })));
    }
    return db;
  }

  test('GIVEN 6 tables and 50 tables on both replicas WHEN introspected THEN the same seven queries, whatever the table count', async () => {
    const [small, large] = [await databaseWithTables(6), await databaseWithTables(50)];
    const q6 = countingQueryFn(node1Query());
    const q50 = countingQueryFn(node1Query());
    const r6 = await introspectReplicas(q6, 'production', [small]);
    const r50 = await introspectReplicas(q50, 'production', [large]);
    expect(r6.map((r) => r.host)).toEqual(hosts);
    expect(r6.map((r) => r.objects.filter((o) => o.kind === 'table').length)).toEqual([6, 6]);
    expect(r50.map((r) => r.objects.filter((o) => o.kind === 'table').length)).toEqual([50, 50]);
    expect(q6.count).toBe(7); // system.databases, system.tables, system.columns, system.merge_tree_settings, system.detached_tables, system.data_skipping_indices, system.projections of every replica
    expect(q50.count).toBe(q6.count);
  });

  test('GIVEN a database present on one replica only WHEN introspected THEN the other replica still gets a snapshot, without it', async () => {
    const only = uniqueName('replicas_one');
    dbs.push(only);
    await clients[0].command({ query: renderCreateDatabase({ kind: 'database', name: only }) });
    await clients[1].command({ query: renderDropDatabase({ name: only }) });
    const r = await introspectReplicas(node1Query(), 'production', [only]);
    expect(r.map((x) => [x.host, x.objects.map((o) => o.kind)])).toEqual([
      [hosts[0], ['database']],
      [hosts[1], []],
    ]);
  });
});

describe('per-replica drift of skip indexes and projections', () => {
  const db = uniqueName('replicas_idx');
  const table: TableSpec = {
    kind: 'table',
    database: db,
    name: 'idx',
    columns: [
      { name: 'k', type: 'UInt64' },
      { name: 's', type: 'String' },
    ],
    engine: { name: 'MergeTree' },
    orderBy: ['k'],
    indexes: [{ name: 'i_s', expression: 's', type: 'bloom_filter(0.01)' }],
    projections: [{ name: 'p', query: 'SELECT k, count() GROUP BY k' }],
  };
  const desired: ObjectSpec[] = [{ kind: 'database', name: db }, table];
  afterAll(async () => {
    for (const c of clients) await c.command({ query: renderDropDatabase({ name: db }) });
  });

  test('GIVEN an index dropped on node 2 and a projection added on node 1 WHEN checked THEN each is named on its host (system.data_skipping_indices and system.projections of every replica), and healed host by host', async () => {
    await createOnEveryNode(desired);
    expect(nonEmpty((await checkDrift(node1Query(), desired, { cluster: 'production' })).byObject)).toEqual([]);
    await clients[1].command({ query: `ALTER TABLE ${db}.idx DROP INDEX i_s` });
    await clients[0].command({ query: `ALTER TABLE ${db}.idx ADD PROJECTION p_s (SELECT * ORDER BY s)` });
    const result = await checkDrift(node1Query(), desired, { cluster: 'production' });
    const changes = result.byObject.get(`table:${db}.idx`)!;
    expect(changes.filter((c) => c.reason !== 'replica_diverged').map((c) => [c.reason, c.host])).toEqual(
      expect.arrayContaining([
        ['index_missing', hosts[1]],
        ['projection_extra', hosts[0]],
      ]),
    );
    expect(changes.filter((c) => c.reason !== 'replica_diverged')).toHaveLength(2);
    for (const c of changes) expect(c.statements.every((q) => q.includes('ON CLUSTER `production`'))).toBe(true);

    const query = node1Query();
    const canon = await canonicalizeSnapshots(query, desired, await introspectReplicas(query, 'production', [db]));
    for (const c of diffReplicas(canon.desired, canon.snapshots, {}).filter((x) => x.reason !== 'replica_diverged'))
      for (const q of c.statements) await clients[hosts.indexOf(c.host!)].command({ query: q });
    expect(nonEmpty((await checkDrift(query, desired, { cluster: 'production' })).byObject)).toEqual([]);
  });
});

describe('per-replica drift of users, profiles and grants (access storage local to each node)', () => {
  const access = (): ObjectSpec[] => [seedProfile(), seedUser(), seedGrants()];

  test('GIVEN node 2 with a grant missing, an extra grant and a changed profile setting WHEN checked with the cluster THEN those changes name node 2, replica_diverged says how it differs, and the fixes are ON CLUSTER', async () => {
    const counted = countingQueryFn(node1Query());
    const result = await checkDrift(counted, access(), { cluster: 'production' });
    expect(result.replicas?.map((r) => r.host)).toEqual(hosts);
    expect(result.byObject.get('user:monitor')).toEqual([]);
    const grant = result.byObject.get('grant:monitor')!;
    expect(grant.map((c) => [c.reason, c.host])).toEqual([
      ['grant_missing', hosts[1]],
      ['grant_extra', hosts[1]],
      ['replica_diverged', hosts[1]],
    ]);
    expect(grant[0]).toMatchObject({ runnable: true, statements: ['GRANT ON CLUSTER `production` SELECT ON `system`.* TO `monitor`'] });
    expect(grant[1]).toMatchObject({ runnable: false, destructive: true });
    expect(grant[2].detail).toContain(`while ${hosts[0]}: as declared`);
    const profile = result.byObject.get('settings_profile:program')!;
    expect(profile.map((c) => [c.reason, c.host])).toEqual([
      ['profile_setting_changed', hosts[1]],
      ['replica_diverged', hosts[1]],
    ]);
    expect(profile[0].detail).toContain('max_execution_time');
    expect(profile[0].statements).toEqual([expect.stringMatching(/^ALTER SETTINGS PROFILE `program` ON CLUSTER `production` SETTINGS /)]);
    // hasCluster, formatter, five access reads and the host list: a constant count.
    expect(counted.count).toBeLessThanOrEqual(8);
    for (const q of [...grant, ...profile].flatMap((c) => c.statements)) {
      expect(await formatQuery(clients[0], q)).toContain('ON CLUSTER production');
    }
  });

  test("GIVEN both replicas WHEN introspected THEN each snapshot has the node's own entities, in system.clusters order", async () => {
    const r = await introspectAccessReplicas(node1Query(), 'production', { users: ['monitor', 'nobody'], profiles: ['program'], grantees: ['monitor'] });
    expect(r.map((x) => x.host)).toEqual(hosts);
    for (const x of r) expect(x.objects.map((o) => o.kind)).toEqual(['user', 'settings_profile', 'grant']);
    const grantsOf = (x: (typeof r)[number]) =>
      x.objects.flatMap((o) => (o.kind === 'grant' ? o.grants.map((g) => `${g.privilege} ${g.database}`) : [])).sort();
    expect(grantsOf(r[0])).toContain('SELECT system');
    expect(grantsOf(r[1])).not.toContain('SELECT system');
    expect(grantsOf(r[1])).toContain('SELECT default');
  });

  test('GIVEN the login probe on a cluster WHEN the pipeline holds a wrong password THEN password_mismatch once, for every host (the probe logs in on the connected node)', async () => {
    const url = cluster.nodes[0].url;
    const right = await checkDrift(node1Query(), [seedUser()], { cluster: 'production', loginProbe: loginProbeFrom(url, { MONITOR_PASSWORD }) });
    expect(right.byObject.get('user:monitor')).toEqual([]);
    const wrong = await checkDrift(node1Query(), [seedUser()], { cluster: 'production', loginProbe: loginProbeFrom(url, { MONITOR_PASSWORD: 'not-it' }) });
    expect(wrong.byObject.get('user:monitor')!.map((c) => [c.reason, c.host])).toEqual([['password_mismatch', undefined]]);
  });
});

describe('the provider on the cluster: a replica that diverges is a planned change, every time it diverges', () => {
  test('GIVEN a table in sync on both nodes WHEN node 2 loses a column, is healed, and loses it again THEN each refresh reports replica_diverged naming node 2, the plan proposes the ON CLUSTER fix each time, and in sync reads clean', async () => {
    const database = uniqueName('prov_repl');
    const spec = seedTables({ database }).find((t) => t.name === 'services')!;
    for (const c of clients) {
      await c.command({ query: renderCreateDatabase({ kind: 'database', name: database }) });
      await c.command({ query: renderCreateTable(spec) });
    }
    const config = { url: cluster.nodes[0].url, cluster: 'production' };
    // One provider process per plan, as Terraform runs it: nothing cached between rounds.
    const fresh = () => startProvider(config);
    const p0 = await fresh();
    const imported = await p0.provider.importResourceState({ type_name: 'clickhouse_table', id: `${database}.services` });
    await p0.close();
    const state = fromDynamic(imported.imported_resources[0].state) as TfObject;
    const priv = imported.imported_resources[0].private;
    try {
      const inSync = await fresh();
      const clean = await inSync.read(spec, state, priv);
      expect(clean.state!.drift).toBe('');
      await inSync.close();
      for (const round of [1, 2]) {
        await clients[1].command({ query: `ALTER TABLE ${database}.services DROP COLUMN status_config` });
        const p = await fresh();
        const read = await p.read(spec, state, priv);
        expect({ round, drift: read.state!.drift }).toEqual({ round, drift: expect.stringContaining(`replica_diverged@${hosts[1]}`) });
        const plan = await p.plan(spec, read.state!);
        expect({ round, sql: plan.planned?.planned_sql }).toEqual({
          round,
          sql: expect.stringContaining('ON CLUSTER `production` ADD COLUMN IF NOT EXISTS `status_config`'),
        });
        expect(plan.planned?.drift).toBe('');
        await p.close();
        // Healed by hand on node 2 (no Keeper here, so no ON CLUSTER apply): the next refresh is clean.
        const col = spec.columns.find((c) => c.name === 'status_config')!;
        const at = spec.columns.indexOf(col);
        await clients[1].command({
          query: `ALTER TABLE ${database}.services ADD COLUMN status_config ${col.type} COMMENT '${col.comment}' AFTER ${spec.columns[at - 1].name}`,
        });
        const after = await fresh();
        expect((await after.read(spec, state, priv)).state!.drift).toBe('');
        await after.close();
      }
    } finally {
      for (const c of clients) await c.command({ query: renderDropDatabase({ name: database }) });
    }
  });
});
