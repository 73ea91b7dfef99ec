// The recorded server answers test/unit/introspect-tables-replay.test.ts replays
// (test/fixtures/live/introspect-tables.json) are still what this server answers: the objects are
// created again, every reader call is recorded again, and each query must get the same rows. A
// server that prints differently fails here, loudly, instead of the fixture going stale; regenerate
// it with scripts/capture-live-fixtures-tables.ts (docs/mutation.md) and review the diff.
import { createClient } from '@clickhouse/client';
import {
  captureReplicasFixture,
  captureTablesFixture,
  FIXTURE_CLUSTER,
  NODE2_MERGE_TREE_CONFIG,
  readReplicasFixture,
  readTablesFixture,
  settingsQueryFn,
} from '../support/live-fixtures-tables';
import { testClient } from '../support/clickhouse';
import { startEmbeddedCluster } from '../support/embedded-cluster';

const client = testClient();
afterAll(() => client.close());

describe('the recorded answers of introspect-tables', () => {
  test('GIVEN the fixture objects created on this server WHEN each reader call is recorded again THEN every query sent and every row answered equal the committed fixture', async () => {
    const committed = readTablesFixture();
    const fresh = await captureTablesFixture(settingsQueryFn(client), async (query, settings) => {
      await client.command({ query, ...(settings ? { clickhouse_settings: settings } : {}) });
    });
    expect(fresh.setup).toEqual(committed.setup);
    expect(Object.keys(fresh.calls)).toEqual(Object.keys(committed.calls));
    for (const [name, calls] of Object.entries(committed.calls)) {
      // The reader call's name and the server version in the message: which answer moved, on which server.
      expect({ call: name, server: fresh.serverVersion, queries: fresh.calls[name] }).toEqual({ call: name, server: fresh.serverVersion, queries: calls });
    }
  });

  test('GIVEN the replicas fixture objects created on a two-node cluster of embedded servers WHEN each introspectReplicas call is recorded again THEN every query and row equal the committed fixture', async () => {
    const committed = readReplicasFixture();
    const cluster = await startEmbeddedCluster(FIXTURE_CLUSTER, { nodeConfig: (i) => (i === 1 ? NODE2_MERGE_TREE_CONFIG : '') });
    const clients = cluster.nodes.map((n) => createClient({ url: n.url, clickhouse_settings: { wait_end_of_query: 1 } }));
    try {
      const fresh = await captureReplicasFixture(
        cluster.nodes.map((n, i) => ({
          query: settingsQueryFn(clients[i])(),
          exec: async (query: string) => {
            await clients[i].command({ query });
          },
          tcpPort: n.tcpPort,
        })),
      );
      expect(fresh.setup).toEqual(committed.setup);
      expect(Object.keys(fresh.calls)).toEqual(Object.keys(committed.calls));
      for (const [name, calls] of Object.entries(committed.calls)) {
        expect({ call: name, server: fresh.serverVersion, queries: fresh.calls[name] }).toEqual({ call: name, server: fresh.serverVersion, queries: calls });
      }
    } finally {
      await Promise.all(clients.map((c) => c.close()));
      await cluster.stop();
    }
  });
});
