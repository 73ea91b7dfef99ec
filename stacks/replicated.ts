import { Construct } from 'constructs';
import { envNumber, MonitoringStack } from './environment';

/**
 * A cluster environment (staging, production): ON CLUSTER DDL, ReplicatedMergeTree engines,
 * connection and settings from <PREFIX>_CLICKHOUSE_URL, _USER, _PASSWORD, _CLUSTER, _TTL_DAYS.
 */
export function replicatedStack(scope: Construct, id: string, prefix: string, env: NodeJS.ProcessEnv = process.env): MonitoringStack {
  return new MonitoringStack(scope, id, {
    stack: {
      connection: { urlEnv: `${prefix}_CLICKHOUSE_URL`, userEnv: `${prefix}_CLICKHOUSE_USER`, passwordEnv: `${prefix}_CLICKHOUSE_PASSWORD` },
      cluster: env[`${prefix}_CLICKHOUSE_CLUSTER`] || 'production',
      accessOnCluster: env[`${prefix}_ACCESS_ON_CLUSTER`] !== '0',
    },
    schema: {
      ttlDays: envNumber(env, `${prefix}_TTL_DAYS`, 90),
      replication: { zooPath: '/clickhouse/tables/{shard}/{database}/{table}', replicaName: '{replica}' },
      passwordEnv: `${prefix}_MONITOR_PASSWORD`,
    },
  });
}

export const stagingStack = (scope: Construct, env: NodeJS.ProcessEnv = process.env) => replicatedStack(scope, 'staging', 'STAGING', env);
export const productionStack = (scope: Construct, env: NodeJS.ProcessEnv = process.env) => replicatedStack(scope, 'production', 'PRODUCTION', env);
