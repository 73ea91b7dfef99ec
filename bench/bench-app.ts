// The app the benchmark deploys with the real cdktf CLI, driven by the environment:
//   BENCH_MODE=tables (default): stack BENCH_STACK, database BENCH_DATABASE with BENCH_TABLES tables
//   BENCH_MODE=seed: the monitoring schema (as test/e2e/e2e-app.ts) in database BENCH_DATABASE
// The server is CLICKHOUSE_URL, read at synth and by the apply command.
import { App } from 'cdktf';
import { ClickHouseStack } from '../constructs/clickhouse-stack';
import { Database } from '../constructs/database';
import { Table } from '../constructs/table';
import { MonitoringStack } from '../stacks/environment';
import { benchTables } from './schema';

/** A stack with one Database construct and n Table constructs (the benchmark's schema). */
export function addBenchStack(app: App, stackId: string, database: string, n: number): ClickHouseStack {
  const stack = new ClickHouseStack(app, stackId, { connection: { urlEnv: 'CLICKHOUSE_URL' } });
  const db = new Database(stack, 'database', { name: database });
  for (const t of benchTables(database, n)) {
    new Table(stack, t.name, {
      database: db,
      name: t.name,
      columns: t.columns,
      engine: t.engine.name,
      orderBy: t.orderBy,
      ...(t.partitionBy !== undefined ? { partitionBy: t.partitionBy } : {}),
      ...(t.ttl !== undefined ? { ttl: t.ttl } : {}),
    });
  }
  return stack;
}

export function addSeedStack(app: App, stackId: string, database: string): ClickHouseStack {
  return new MonitoringStack(app, stackId, {
    stack: { connection: { urlEnv: 'CLICKHOUSE_URL' } },
    schema: { database, ttlDays: 90, access: false, tables: {} },
  });
}

async function main(): Promise<void> {
  const env = process.env;
  const app = new App();
  const stack = env.BENCH_STACK ?? 'bench';
  const database = env.BENCH_DATABASE ?? 'bench';
  if (env.BENCH_MODE === 'seed') addSeedStack(app, stack, database);
  else addBenchStack(app, stack, database, Number(env.BENCH_TABLES ?? '6'));
  app.synth();
}

if (require.main === module) {
  main().catch((err: Error) => {
    process.stderr.write(`synth failed: ${err.message}\n`);
    process.exit(1);
  });
}
