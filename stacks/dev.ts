import { Construct } from 'constructs';
import { embeddedUrl } from '../sql/live/connection';
import { envNumber, MonitoringStack } from './environment';

/**
 * dev: one node, plain MergeTree, the embedded server by default (chx clickhouse start; its
 * CLICKHOUSE_HTTP_PORT moves the default URL too).
 * The embedded engine cannot store users, so the monitor user, profile and grants are declared
 * only with DEV_MANAGE_ACCESS=1 (for a dev server that has writable access storage).
 */
export function devStack(scope: Construct, env: NodeJS.ProcessEnv = process.env): MonitoringStack {
  return new MonitoringStack(scope, 'dev', {
    stack: { connection: { urlEnv: 'CLICKHOUSE_URL', defaultUrl: embeddedUrl(env) } },
    schema: {
      ttlDays: envNumber(env, 'DEV_TTL_DAYS', 90),
      access: env.DEV_MANAGE_ACCESS === '1',
    },
  });
}
