import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ClickHouseLogLevel, createClient } from '@clickhouse/client';
import { startEmbeddedServer } from '../../server/embedded-server';
import { describeServer, ServerCapabilities, ServerInfo, SERVER_INFO_ENV } from './server-info';

const g = globalThis as unknown as { __chxStop?: () => Promise<void> };

async function probeCapabilities(url: string, username: string, password: string): Promise<{ version: string; capabilities: ServerCapabilities }> {
  const client = createClient({ url, username, password, log: { level: ClickHouseLogLevel.OFF } });
  try {
    const rows = async <T>(query: string): Promise<T[]> => (await client.query({ query, format: 'JSONEachRow' })).json<T>();
    const [{ v }] = await rows<{ v: string }>('SELECT version() AS v');
    const dirs = await rows<{ type: string }>('SELECT type FROM system.user_directories');
    const writable = dirs.map((d) => d.type).filter((t) => t !== 'users_xml' && t !== 'users.xml' && t !== 'ldap');
    const clusters = (await rows<{ cluster: string }>('SELECT DISTINCT cluster FROM system.clusters ORDER BY cluster')).map((r) => r.cluster);
    let keeper = false;
    try {
      await rows("SELECT 1 FROM system.zookeeper WHERE path = '/' LIMIT 1");
      keeper = true;
    } catch {
      keeper = false;
    }
    return {
      version: v,
      capabilities: { accessStorage: writable.length > 0, accessStorageTypes: writable, onCluster: keeper && clusters.length > 0, clusters },
    };
  } finally {
    await client.close();
  }
}

async function tryTestcontainers(): Promise<{ url: string; username: string; password: string; stop: () => Promise<void> } | string> {
  if (process.env.CHX_TEST_NO_CONTAINERS === '1') return 'containers disabled by CHX_TEST_NO_CONTAINERS=1';
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await getContainerRuntimeClient();
  } catch (err) {
    return `no container runtime (${(err as Error).message.split('\n')[0]})`;
  }
  const { ClickHouseContainer } = await import('@testcontainers/clickhouse');
  const image = process.env.CHX_TEST_IMAGE ?? 'clickhouse/clickhouse-server:25.8';
  const container = await new ClickHouseContainer(image).withEnvironment({ CLICKHOUSE_DEFAULT_ACCESS_MANAGEMENT: '1' }).start();
  return {
    url: container.getConnectionUrl(),
    username: container.getUsername(),
    password: container.getPassword(),
    stop: async () => {
      await container.stop();
    },
  };
}

export default async function globalSetup(): Promise<void> {
  let info: Omit<ServerInfo, 'version' | 'capabilities'>;
  if (process.env.CLICKHOUSE_URL) {
    info = {
      kind: 'url',
      url: process.env.CLICKHOUSE_URL,
      username: process.env.CLICKHOUSE_USER ?? 'default',
      password: process.env.CLICKHOUSE_PASSWORD ?? '',
      reason: 'CLICKHOUSE_URL is set',
    };
  } else {
    const tc = await tryTestcontainers();
    if (typeof tc !== 'string') {
      g.__chxStop = tc.stop;
      info = { kind: 'testcontainers', url: tc.url, username: tc.username, password: tc.password, reason: 'CLICKHOUSE_URL not set; container runtime found' };
    } else {
      const home = fs.mkdtempSync(path.join(os.tmpdir(), 'chx-test-'));
      const server = await startEmbeddedServer({ dataDir: path.join(home, 'data'), logFile: path.join(home, 'server.log') });
      g.__chxStop = async () => {
        await server.stop();
        if (process.env.CHX_TEST_KEEP !== '1') fs.rmSync(home, { recursive: true, force: true });
      };
      info = {
        kind: 'embedded',
        url: server.url,
        username: 'default',
        password: '',
        reason: `CLICKHOUSE_URL not set; ${tc}`,
        dataDir: path.join(home, 'data'),
        logFile: server.logFile,
        tcpPort: server.tcpPort,
      };
    }
  }
  const probed = await probeCapabilities(info.url, info.username, info.password);
  const full: ServerInfo = { ...info, ...probed };
  process.env[SERVER_INFO_ENV] = JSON.stringify(full);
  // cdktf points every run at the user's plugin cache (~/.terraform.d/plugin-cache) unless told
  // not to: tests must neither depend on nor change what is there. The cache itself is tested with
  // a cache of its own (test/e2e/provider-install.test.ts).
  process.env.CDKTF_DISABLE_PLUGIN_CACHE_ENV = '1';
  console.log(`\n[test server] ${describeServer(full)}`);
}
