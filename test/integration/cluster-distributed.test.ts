// Distributed tables over the seed's local tables: declared by MonitoringSchema's `distributed`
// option on a cluster stack, created on both nodes of the two-node embedded cluster, read back
// without drift (engine arguments included), and used for an insert and a read.
import { ClickHouseClient, createClient } from '@clickhouse/client';
import { Testing } from 'cdktf';
import { ClickHouseStack } from '../../constructs/clickhouse-stack';
import { Database } from '../../constructs/database';
import { DistributedTable } from '../../constructs/distributed-table';
import { MonitoringSchema } from '../../stacks/lightbulb/monitoring-schema';
import { Table } from '../../constructs/table';
import { Change } from '../../sql/spec/changes';
import { checkDrift } from '../../sql/live/drift-check';
import { clientQueryFn } from '../../sql/live/client';
import { ObjectSpec, TableSpec } from '../../sql/spec/model';
import { renderCreateDatabase, renderCreateMaterializedView, renderCreateTable, renderDropDatabase } from '../../sql/render/tables';
import { uniqueName } from '../support/clickhouse';
import { EmbeddedCluster, startEmbeddedCluster } from '../support/embedded-cluster';

function schemaSpecs(database: string, cluster: string | undefined): ObjectSpec[] {
  const stack = new ClickHouseStack(Testing.app(), 's', { cluster, connection: { url: 'http://127.0.0.1:1' } });
  new MonitoringSchema(stack, 'monitoring', { database, access: false, distributed: { shardingKeys: { services: 'cityHash64(service_id)' } } });
  return stack.specs();
}

const distributedOf = (specs: readonly ObjectSpec[]) => specs.filter((o): o is TableSpec => o.kind === 'table' && o.engine.name === 'Distributed');

describe('DistributedTable and MonitoringSchema.distributed (synth)', () => {
  test('GIVEN a cluster stack WHEN the schema has distributed THEN one Distributed table per seed table, over it, without ORDER BY', () => {
    const d = distributedOf(schemaSpecs('monitor', 'production'));
    expect(d.map((t) => t.name).sort()).toEqual(
      ['alert_rules', 'service_logs', 'service_metrics', 'service_relations', 'service_status', 'service_status_hourly', 'services'].map(
        (n) => `${n}_distributed`,
      ),
    );
    const status = d.find((t) => t.name === 'service_status_distributed')!;
    expect(status.engine.args).toEqual(["'production'", "'monitor'", "'service_status'", 'rand()']);
    expect(d.find((t) => t.name === 'services_distributed')!.engine.args?.[3]).toBe('cityHash64(service_id)');
    expect(renderCreateTable(status)).not.toContain('ORDER BY');
  });

  test('GIVEN a single-node stack WHEN the schema has distributed THEN no Distributed table', () => {
    expect(distributedOf(schemaSpecs('monitor', undefined))).toEqual([]);
  });

  test('GIVEN a stack without a cluster WHEN a DistributedTable is declared without one THEN synth fails naming the construct and the field', () => {
    const stack = new ClickHouseStack(Testing.app(), 's', { connection: { url: 'http://127.0.0.1:1' } });
    const db = new Database(stack, 'db', { name: 'd' });
    const local = new Table(stack, 't', { database: db, name: 't', columns: [{ name: 'a', type: 'String' }], orderBy: ['a'] });
    expect(() => new DistributedTable(stack, 'dist', { name: 't_all', local })).toThrow(/s\/dist: cluster: a Distributed table needs a cluster/);
  });

  test('GIVEN a sharding key naming no column of the local table WHEN declared THEN synth fails naming the field and the column', () => {
    const stack = new ClickHouseStack(Testing.app(), 's', { cluster: 'production', connection: { url: 'http://127.0.0.1:1' } });
    const db = new Database(stack, 'db', { name: 'd' });
    const local = new Table(stack, 't', { database: db, name: 't', columns: [{ name: 'a', type: 'String' }], orderBy: ['a'] });
    expect(() => new DistributedTable(stack, 'dist', { name: 't_all', local, shardingKey: "cityHash64(service_id, 'x')" })).toThrow(
      /s\/dist: shardingKey: .* names service_id, not a column of d\.t/,
    );
    expect(new DistributedTable(stack, 'ok', { name: 't_ok', local, shardingKey: 'cityHash64(a)' }).spec.engine.args).toEqual([
      "'production'",
      "'d'",
      "'t'",
      'cityHash64(a)',
    ]);
  });
});

describe('Distributed tables on the two-node embedded cluster', () => {
  let cluster: EmbeddedCluster;
  let clients: ClickHouseClient[] = [];
  let hosts: string[] = [];
  const db = uniqueName('distributed');
  const specs = schemaSpecs(db, 'production');

  beforeAll(async () => {
    cluster = await startEmbeddedCluster('production');
    clients = cluster.nodes.map((n) => createClient({ url: n.url, clickhouse_settings: { wait_end_of_query: 1 } }));
    hosts = cluster.nodes.map((n) => `127.0.0.1:${n.tcpPort}`);
  }, 180000);
  afterAll(async () => {
    for (const c of clients) await c.command({ query: renderDropDatabase({ name: db }) }).catch(() => undefined);
    await Promise.all(clients.map((c) => c.close()));
    await cluster?.stop();
  });

  const drifted = (byObject: Map<string, Change[]>) => [...byObject].filter(([, l]) => l.length > 0);

  test('GIVEN the schema with Distributed tables created on both nodes WHEN checked per replica THEN no drift (engine arguments read back as declared)', async () => {
    for (const c of clients) {
      for (const o of specs) {
        const query =
          o.kind === 'database'
            ? renderCreateDatabase(o)
            : o.kind === 'table'
              ? renderCreateTable(o)
              : o.kind === 'materialized_view'
                ? renderCreateMaterializedView(o)
                : undefined;
        if (query) await c.command({ query });
      }
    }
    const result = await checkDrift(clientQueryFn(clients[0]), specs, { cluster: 'production' });
    expect(drifted(result.byObject)).toEqual([]);
    const live = result.replicas![1].objects.find((o) => o.kind === 'table' && o.name === 'services_distributed') as TableSpec;
    expect(live.engine).toEqual({ name: 'Distributed', args: ["'production'", `'${db}'`, "'services'", 'cityHash64(service_id)'] });
  });

  test('GIVEN a row inserted through the Distributed table WHEN read THEN it reached each replica of the shard and reads back once', async () => {
    await clients[0].command({
      query: `INSERT INTO ${db}.services_distributed (service_id, label) VALUES ('svc-1', 'one')`,
      clickhouse_settings: { distributed_foreground_insert: 1 },
    });
    for (const c of clients) {
      const [row] = await (await c.query({ query: `SELECT count() AS n FROM ${db}.services`, format: 'JSONEachRow' })).json<{ n: string }>();
      expect(Number(row.n)).toBe(1); // internal_replication is off here: the Distributed table writes every replica
    }
    const [all] = await (await clients[1].query({ query: `SELECT count() AS n FROM ${db}.services_distributed`, format: 'JSONEachRow' })).json<{ n: string }>();
    expect(Number(all.n)).toBe(1);
  });

  test("GIVEN one node's Distributed table recreated with another sharding key WHEN checked THEN engine_changed on that host, refused (a rebuild)", async () => {
    await clients[1].command({ query: `DROP TABLE ${db}.services_distributed SYNC` });
    await clients[1].command({
      query: `CREATE TABLE ${db}.services_distributed AS ${db}.services ENGINE = Distributed('production', '${db}', 'services', rand())`,
    });
    const result = await checkDrift(clientQueryFn(clients[0]), specs, { cluster: 'production' });
    const changes = result.byObject.get(`table:${db}.services_distributed`)!;
    expect(changes.map((c) => [c.reason, c.host, c.runnable])).toEqual([
      ['engine_changed', hosts[1], false],
      ['replica_diverged', hosts[1], false],
    ]);
    expect(drifted(result.byObject).map(([id]) => id)).toEqual([`table:${db}.services_distributed`]);
  });
});
