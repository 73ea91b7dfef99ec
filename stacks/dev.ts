import { Construct } from 'constructs';
import { EMBEDDED_URL } from '../constructs/clickhouse-stack';
import { envNumber, MonitoringStack } from './environment';

/**
 * dev: one node, plain MergeTree, the embedded server by default (npm run clickhouse).
 * The embedded engine cannot store users, so the monitor user, profile and grants are declared
 * only with DEV_MANAGE_ACCESS=1 (for a dev server that has writable access storage).
 */
export function devStack(scope: Construct, env: NodeJS.ProcessEnv = process.env): MonitoringStack {
  return new MonitoringStack(scope, 'dev', {
    stack: { connection: { urlEnv: 'CLICKHOUSE_URL', defaultUrl: EMBEDDED_URL } },
    schema: {
      ttlDays: envNumber(env, 'DEV_TTL_DAYS', 90),
      access: env.DEV_MANAGE_ACCESS === '1',
    },
  });
}
