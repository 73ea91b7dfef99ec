// The app the end-to-end tests synthesize: the monitoring schema in a database of the test's
// choosing, as stack E2E_STACK, on the suite's server (CLICKHOUSE_URL). Knobs:
//   E2E_TTL_DAYS       retention of the time-series tables (a spec change through cdktf)
//   E2E_EXTRA_COLUMN   a column added to `services`
//   E2E_EXTRA_TABLES=1 two more tables, `gone_destroy` (removal policy destroy) and `gone_retain`
//                      (retain): unset it to remove both constructs from the code
//   E2E_ACCESS=1       the monitor user, its profile and grants
import { App } from 'cdktf';
import { Table } from '../../constructs/table';
import { MonitoringStack } from '../../stacks/environment';

const env = process.env;
const app = new App();
const stack = new MonitoringStack(app, env.E2E_STACK ?? 'e2e', {
  stack: { connection: { urlEnv: 'CLICKHOUSE_URL' } },
  schema: {
    database: env.E2E_DATABASE ?? 'e2e_monitor',
    ttlDays: env.E2E_TTL_DAYS ? Number(env.E2E_TTL_DAYS) : 90,
    access: env.E2E_ACCESS === '1',
    tables: env.E2E_EXTRA_COLUMN ? { services: { extraColumns: [{ name: env.E2E_EXTRA_COLUMN, type: 'String', comment: 'added by the e2e test' }] } } : {},
  },
});
if (env.E2E_EXTRA_TABLES === '1') {
  for (const [name, removalPolicy] of [
    ['gone_destroy', 'destroy'],
    ['gone_retain', 'retain'],
  ] as const) {
    new Table(stack, name, { database: stack.schema.database, name, columns: [{ name: 'k', type: 'UInt64' }], orderBy: ['k'], removalPolicy });
  }
}
app.synth();
