// What differs between environments; everything else is the same constructs.
import { Construct } from 'constructs';
import { ClickHouseStack, ClickHouseStackProps } from '../constructs/clickhouse-stack';
import { MonitoringSchema, MonitoringSchemaProps } from './lightbulb/monitoring-schema';
import { notPositiveInteger } from '../sql/spec/errors';

export interface EnvironmentConfig {
  readonly stack: ClickHouseStackProps;
  readonly schema: MonitoringSchemaProps;
}

export class MonitoringStack extends ClickHouseStack {
  readonly schema: MonitoringSchema;

  constructor(scope: Construct, id: string, config: EnvironmentConfig) {
    super(scope, id, config.stack);
    this.schema = new MonitoringSchema(this, 'monitoring', config.schema);
  }
}

/** A number from the environment, or the default; a bad value is an error naming the variable. */
export function envNumber(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw notPositiveInteger(name, raw);
  return n;
}
