// ON CLUSTER DDL: the production stack's statements are accepted by ClickHouse's parser (also
// as execOnCluster sends them, with the FORMAT clause the client appends), and a full ON CLUSTER
// deploy against a real cluster with Keeper, including execOnCluster's host-failure error.
import { Testing } from 'cdktf';
import { runnableStatements } from '../../sql/spec/changes';
import { connect, Connection } from '../../sql/live/client';
import { diff } from '../../sql/diff';
import { checkDrift } from '../../sql/live/drift-check';
import { ObjectSpec, TableSpec } from '../../sql/spec/model';
import { acceptsFormatClause, execOnCluster, OnClusterError } from '../../sql/live/on-cluster';
import { resolveSecrets } from '../../sql/spec/secrets';
import { renderAddColumn, renderDropColumn, renderDropDatabase, renderDropTable, renderModifyColumn, renderModifyTtl } from '../../sql/render/tables';
import { seedDatabase, seedTables, seedView } from '../../stacks/lightbulb/seed-schema';
import { checkStackDrift } from '../../constructs/app';
import { tableEngine } from '../../constructs/table';
import { MonitoringStack } from '../../stacks/environment';
import { productionStack } from '../../stacks/replicated';
import { formatQuery, testClient, testWith, uniqueName } from '../support/clickhouse';
import { serverInfo } from '../support/server-info';

const client = testClient();
afterAll(() => client.close());

const parse = (q: string): Promise<string> => formatQuery(client, q);

describe('the production stack on a cluster', () => {
  const env = { PRODUCTION_CLICKHOUSE_URL: 'https://prod.example:8443', PRODUCTION_MONITOR_PASSWORD: 'S3cret-monitor-pw' };

  function productionSpecs(): ObjectSpec[] {
    const stack = productionStack(Testing.app(), env);
    Testing.synth(stack, true); // validations on: a bad spec fails here, before any statement
    return stack.specs();
  }

  test('GIVEN the production stack WHEN diffed against an empty server with cluster production THEN every statement has ON CLUSTER, tables are ReplicatedMergeTree, and ClickHouse parses each one', async () => {
    const specs = productionSpecs();
    const statements = runnableStatements(diff(specs, { objects: [] }, { cluster: 'production' }));
    expect(statements.length).toBeGreaterThanOrEqual(specs.length);
    expect(statements.filter((s) => !s.includes(' ON CLUSTER `production`'))).toEqual([]);
    const creates = statements.filter((s) => s.startsWith('CREATE TABLE'));
    expect(creates).toHaveLength(7);
    for (const s of creates)
      expect(s).toMatch(/ENGINE = Replicated(Summing)?MergeTree\('\/clickhouse\/tables\/\{shard\}\/\{database\}\/\{table\}', '\{replica\}'\)/);
    for (const s of statements) {
      const q = resolveSecrets(s, env);
      const printed = await parse(q);
      expect(printed).toContain('ON CLUSTER production');
      // execOnCluster sends it as a query, to which @clickhouse/client appends a FORMAT clause;
      // access statements take none, so they go as a command (acceptsFormatClause).
      if (acceptsFormatClause(q)) await expect(parse(`${q}\nFORMAT JSONEachRow`)).resolves.toContain('FORMAT JSONEachRow');
      else await expect(parse(`${q}\nFORMAT JSONEachRow`)).rejects.toMatchObject({ code: '62' }); // SYNTAX_ERROR
    }
  });

  test('GIVEN the other ON CLUSTER statements deploy and destroy send WHEN sent as a query (FORMAT appended) THEN ClickHouse parses them', async () => {
    const t = productionSpecs().find((o): o is TableSpec => o.kind === 'table' && o.name === 'service_logs')!;
    const opts = { cluster: 'production' };
    const statements = [
      renderAddColumn(t, { name: 'x', type: 'String' }, 'context', opts),
      renderModifyTtl(t, opts),
      renderModifyColumn(t, t.columns[2], opts),
      renderDropColumn(t, 'x', opts),
      renderDropTable(t, opts),
      renderDropTable({ database: t.database, name: 'no_such_table' }, opts),
      renderDropDatabase({ name: t.database }, opts),
    ];
    for (const s of statements) await expect(parse(`${s}\nFORMAT JSONEachRow`)).resolves.toContain('ON CLUSTER production');
  });

  test('GIVEN the production stack with accessOnCluster off (replicated access storage) WHEN diffed THEN only tables get ON CLUSTER', () => {
    const stack = productionStack(Testing.app(), { ...env, PRODUCTION_ACCESS_ON_CLUSTER: '0' });
    const changes = diff(stack.specs(), { objects: [] }, { cluster: 'production', accessOnCluster: false });
    const access = changes.filter((c) => /^(user|settings_profile|grant):/.test(c.object)).flatMap((c) => c.statements);
    expect(access.length).toBeGreaterThan(0);
    expect(access.filter((s) => s.includes('ON CLUSTER'))).toEqual([]);
  });
});

describe('drift check of a cluster stack whose cluster the server lacks', () => {
  test('GIVEN a cluster stack pointed at a server without its cluster WHEN its drift is checked THEN the check runs, says so in a notice, and blocks the ON CLUSTER changes', async () => {
    const info = serverInfo();
    const database = uniqueName('nocluster');
    const env = { NOCLUSTER_URL: info.url, NOCLUSTER_USER: info.username, NOCLUSTER_PASSWORD: info.password };
    const stack = new MonitoringStack(Testing.app(), 'nocluster', {
      stack: { connection: { urlEnv: 'NOCLUSTER_URL', userEnv: 'NOCLUSTER_USER', passwordEnv: 'NOCLUSTER_PASSWORD' }, cluster: 'no_such_cluster' },
      schema: { database, replication: {}, access: false },
    });
    const outcome = await checkStackDrift(stack, env);
    expect(outcome.checked).toBe(true);
    expect(outcome.notices).toContainEqual(expect.stringContaining('cluster no_such_cluster is not defined on this server'));
    const table = outcome.objects.find((p) => p.object === `table:${database}.service_status`)!;
    expect(table.changes.map((c) => c.reason)).toEqual(['missing_object', 'cluster_missing']);
    expect(table.blocked).toContain('define cluster no_such_cluster');
  });
});

describe('ON CLUSTER deploy on a real cluster', () => {
  const info = serverInfo();
  const clusterName = info.capabilities.clusters.includes('production') ? 'production' : info.capabilities.clusters[0];
  const db = uniqueName('oncluster');
  let conn: Connection | undefined;
  const open = () => (conn ??= connect({ url: info.url, username: info.username, password: info.password, requestTimeoutMs: 200000 }));
  afterAll(async () => {
    if (!conn) return;
    await conn.exec(renderDropDatabase({ name: db }, { cluster: clusterName })).catch(() => undefined);
    await conn.close();
  });

  const desired = (): ObjectSpec[] => [
    seedDatabase({ database: db }),
    ...seedTables({ database: db, engine: (_t, base) => tableEngine(base, {}) }),
    seedView({ database: db }),
  ];

  testWith('onCluster')(
    'GIVEN an empty cluster WHEN the seed is deployed with execOnCluster THEN every replica is in sync, and a second deploy has nothing to run',
    async () => {
      const c = open();
      const specs = desired();
      const first = await checkDrift(c.query.bind(c), specs, { cluster: clusterName });
      expect(runnableStatements(first.changes).length).toBeGreaterThan(0);
      for (const s of runnableStatements(first.changes)) {
        const rows = await execOnCluster(c, s);
        expect(rows.length).toBeGreaterThan(0);
      }
      const after = await checkDrift(c.query.bind(c), specs, { cluster: clusterName });
      expect(after.replicas?.length).toBeGreaterThanOrEqual(2);
      expect(after.changes).toEqual([]);
    },
  );

  testWith('onCluster')(
    'GIVEN a statement that fails on the cluster WHEN run with execOnCluster THEN the error names each failed host and the statement',
    async () => {
      const c = open();
      const hosts = await c.query<{ h: string }>("SELECT concat(host_name, ':', toString(port)) AS h FROM system.clusters WHERE cluster = {c:String}", {
        c: clusterName,
      });
      // DROP without IF EXISTS: the initiator queues it without looking for the table, each host fails with UNKNOWN_TABLE.
      const statement = `DROP TABLE \`${db}\`.\`no_such_table\` ON CLUSTER \`${clusterName}\` SYNC`;
      const err = await execOnCluster(c, statement, { taskTimeoutSeconds: 60 }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(OnClusterError);
      const e = err as OnClusterError;
      expect(e.failed.length).toBeGreaterThan(0);
      for (const f of e.failed) expect(hosts.map((h) => h.h)).toContain(f.host);
      expect(e.message).toContain('no_such_table');
    },
  );
});
