#!/usr/bin/env node
// Regenerates test/fixtures/live/introspect-tables.json and introspect-replicas.json: creates the
// objects of test/support/live-fixtures-tables.ts on a server, records what it answers to each
// query sql/live/introspect-tables.ts sends, drops them again. Server from CLICKHOUSE_URL (default
// the embedded one at http://localhost:8123), CLICKHOUSE_USER, CLICKHOUSE_PASSWORD; the replicas'
// fixture from a two-node cluster of embedded servers this script starts and stops.
//   npx ts-node --transpile-only scripts/capture-live-fixtures-tables.ts
// Run it when the ClickHouse version the project targets changes (the server test
// test/integration/live-fixtures-tables.test.ts fails when the recorded answers are stale).
import * as fs from 'fs';
import * as path from 'path';
import { ClickHouseLogLevel, createClient } from '@clickhouse/client';
import {
  captureReplicasFixture,
  captureTablesFixture,
  FIXTURE_CLUSTER,
  NODE2_MERGE_TREE_CONFIG,
  REPLICAS_FIXTURE_FILE,
  settingsQueryFn,
  TABLES_FIXTURE_FILE,
} from '../test/support/live-fixtures-tables';
import { startEmbeddedCluster } from '../test/support/embedded-cluster';

async function main(): Promise<void> {
  const client = createClient({
    url: process.env.CLICKHOUSE_URL ?? 'http://localhost:8123',
    username: process.env.CLICKHOUSE_USER ?? 'default',
    password: process.env.CLICKHOUSE_PASSWORD ?? '',
    clickhouse_settings: { wait_end_of_query: 1 },
    log: { level: ClickHouseLogLevel.OFF },
  });
  try {
    const fixture = await captureTablesFixture(settingsQueryFn(client), async (query, settings) => {
      await client.command({ query, ...(settings ? { clickhouse_settings: settings } : {}) });
    });
    fs.mkdirSync(path.dirname(TABLES_FIXTURE_FILE), { recursive: true });
    fs.writeFileSync(TABLES_FIXTURE_FILE, JSON.stringify(fixture, null, 2) + '\n');
    const queries = Object.values(fixture.calls).reduce((n, c) => n + c.length, 0);
    console.log(`${path.relative(process.cwd(), TABLES_FIXTURE_FILE)}: ClickHouse ${fixture.serverVersion}, ${queries} recorded queries`);
  } finally {
    await client.close();
  }
  const cluster = await startEmbeddedCluster(FIXTURE_CLUSTER, { nodeConfig: (i) => (i === 1 ? NODE2_MERGE_TREE_CONFIG : '') });
  const clients = cluster.nodes.map((n) => createClient({ url: n.url, clickhouse_settings: { wait_end_of_query: 1 }, log: { level: ClickHouseLogLevel.OFF } }));
  try {
    const fixture = await captureReplicasFixture(
      cluster.nodes.map((n, i) => ({
        query: settingsQueryFn(clients[i])(),
        exec: async (query: string) => {
          await clients[i].command({ query });
        },
        tcpPort: n.tcpPort,
      })),
    );
    fs.writeFileSync(REPLICAS_FIXTURE_FILE, JSON.stringify(fixture, null, 2) + '\n');
    const queries = Object.values(fixture.calls).reduce((n, c) => n + c.length, 0);
    console.log(`${path.relative(process.cwd(), REPLICAS_FIXTURE_FILE)}: ClickHouse ${fixture.serverVersion}, ${queries} recorded queries`);
  } finally {
    await Promise.all(clients.map((c) => c.close()));
    await cluster.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
