// The app the end-to-end tests synthesize: the monitoring schema in a database of the test's
// choosing, as stack E2E_STACK, on the suite's server (CLICKHOUSE_URL).
import { App } from 'cdktf';
import { synthWithDriftCheck } from '../../constructs/app';
import { MonitoringStack } from '../../stacks/environment';

async function main(): Promise<void> {
  const env = process.env;
  const app = new App();
  new MonitoringStack(app, env.E2E_STACK ?? 'e2e', {
    stack: { connection: { urlEnv: 'CLICKHOUSE_URL' }, executor: env.E2E_EXECUTOR === 'null_resource' ? 'null_resource' : 'terraform_data' },
    schema: {
      database: env.E2E_DATABASE ?? 'e2e_monitor',
      ttlDays: env.E2E_TTL_DAYS ? Number(env.E2E_TTL_DAYS) : 90,
      access: env.E2E_ACCESS === '1',
      tables: env.E2E_EXTRA_COLUMN ? { services: { extraColumns: [{ name: env.E2E_EXTRA_COLUMN, type: 'String', comment: 'added by the e2e test' }] } } : {},
    },
  });
  await synthWithDriftCheck(app);
}

main().catch((err: Error) => {
  process.stderr.write(`synth failed: ${err.message}\n`);
  process.exit(1);
});
