// Two embedded ClickHouse servers configured as one cluster ('production', one shard, two
// replicas): clusterAllReplicas() from either reads both. No Keeper, so no ON CLUSTER DDL:
// each node is changed directly, which is exactly what per-replica drift tests need.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { EmbeddedServer, freePort, startEmbeddedServer } from '../../server/embedded-server';

export interface EmbeddedCluster {
  readonly name: string;
  readonly nodes: readonly (EmbeddedServer & { readonly replica: string })[];
  stop(): Promise<void>;
}

export interface EmbeddedClusterOptions {
  /** More XML inside node i's <clickhouse> config (0-based), given the config file's path: users.xml content, say. */
  readonly nodeConfig?: (index: number, configFile: string) => string;
}

export async function startEmbeddedCluster(name = 'production', opts: EmbeddedClusterOptions = {}): Promise<EmbeddedCluster> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'chx-cluster-'));
  const ports = [await freePort(), await freePort()];
  const replicas = ports.map((p) => `<replica><host>127.0.0.1</host><port>${p}</port></replica>`).join('');
  const nodes: (EmbeddedServer & { replica: string })[] = [];
  try {
    for (let i = 0; i < 2; i++) {
      const replica = `r${i + 1}`;
      const config = path.join(home, `node${i + 1}.xml`);
      fs.writeFileSync(
        config,
        `<clickhouse>\n  <remote_servers><${name}><shard>${replicas}</shard></${name}></remote_servers>\n  <macros><shard>01</shard><replica>${replica}</replica></macros>\n${opts.nodeConfig?.(i, config) ?? ''}</clickhouse>\n`,
      );
      const server = await startEmbeddedServer({
        dataDir: path.join(home, `node${i + 1}`, 'data'),
        logFile: path.join(home, `node${i + 1}.log`),
        tcpPort: ports[i],
        configFile: config,
      });
      nodes.push({ ...server, replica });
    }
  } catch (err) {
    await Promise.all(nodes.map((n) => n.stop()));
    throw err;
  }
  return {
    name,
    nodes,
    stop: async () => {
      await Promise.all(nodes.map((n) => n.stop()));
      fs.rmSync(home, { recursive: true, force: true });
    },
  };
}
