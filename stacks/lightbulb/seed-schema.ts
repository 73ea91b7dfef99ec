// The lightbulb monitoring schema of ../shared/seed/schema-setup-guide.md as plain data.
// Constructs use it as their defaults; tests and the benchmark use it without cdktf.
import {
  ColumnSpec,
  EngineSpec,
  GrantSpec,
  MaterializedViewSpec,
  ObjectSpec,
  SettingsProfileSpec,
  TableSpec,
  UserSpec,
  DatabaseSpec,
} from '../../sql/spec/model';

export interface SeedOptions {
  /** Database name. @default 'monitor' */
  readonly database?: string;
  /** Retention of the time-series tables, in days. @default 90 */
  readonly ttlDays?: number;
  /** Engine of every table; a function so replicated engines can get a per-table path. @default MergeTree() */
  readonly engine?: (table: string, base: string) => EngineSpec;
  /** Precision of the DateTime64 timestamps. @default 3 */
  readonly timestampPrecision?: number;
}

export const SEED_TABLE_NAMES = ['service_status', 'service_metrics', 'service_logs', 'services', 'service_relations', 'alert_rules'] as const;
export const SEED_SUMMARY_TABLE = 'service_status_hourly';
export const SEED_VIEW = 'service_status_summary';

const c = (name: string, type: string, comment?: string): ColumnSpec => (comment === undefined ? { name, type } : { name, type, comment });

export function seedColumns(precision = 3): Record<(typeof SEED_TABLE_NAMES)[number], ColumnSpec[]> {
  const ts = `DateTime64(${precision})`;
  return {
    service_status: [
      c('service_id', 'String', 'Unique service identifier'),
      c('timestamp', ts, 'Status check timestamp'),
      c('status_code', 'UInt8', '0 OK, 1 DEGRADED, 2 FAILED, 3 STARTING, 4 STOPPED, 5 UNKNOWN'),
      c('message', 'String', 'Human-readable status message'),
      c('service_type', 'String', 'Type of service (temporal_workflow, python_process, ...)'),
      c('stack', 'String', 'Service stack category'),
      c('details', 'String', 'Additional context (JSON)'),
      c('response_time_ms', 'Nullable(UInt32)', 'Response time in milliseconds'),
      c('cpu_usage', 'Nullable(Float32)', 'CPU usage percentage'),
      c('memory_usage', 'Nullable(Float32)', 'Memory usage percentage'),
    ],
    service_metrics: [
      c('service_id', 'String', 'Service identifier'),
      c('timestamp', ts, 'Metric collection time'),
      c('metric_name', 'String', 'Name of the metric'),
      c('metric_value', 'Float64', 'Metric value'),
      c('metric_unit', 'String', 'Unit of measurement'),
      c('tags', 'Map(String, String)', 'Additional metric tags'),
    ],
    service_logs: [
      c('service_id', 'String', 'Service identifier'),
      c('timestamp', ts, 'Log entry timestamp'),
      c('log_level', 'String', 'ERROR, WARN, INFO or DEBUG'),
      c('message', 'String', 'Log message'),
      c('source', 'String', 'Log source (file, component, ...)'),
      c('error_code', 'Nullable(String)', 'Error code if applicable'),
      c('stack_trace', 'Nullable(String)', 'Stack trace for errors'),
      c('context', 'Map(String, String)', 'Additional context'),
    ],
    services: [
      c('service_id', 'String', 'Unique service identifier'),
      c('label', 'String', 'Human-readable service name'),
      c('service_type', 'String', 'Service type'),
      c('stack', 'String', 'Service stack'),
      c('status_config', 'String', 'Status check configuration (JSON)'),
      c('metric_config', 'String', 'Metric collection configuration (JSON)'),
      c('enabled', 'UInt8', 'Whether monitoring is enabled'),
    ],
    service_relations: [
      c('relation_id', 'String', 'Unique relation identifier'),
      c('source_service_id', 'String', 'Source service'),
      c('target_service_id', 'String', 'Target service'),
      c('relation_type', 'String', 'Type of relationship'),
      c('enabled', 'UInt8', 'Whether relation is active'),
    ],
    alert_rules: [
      c('rule_id', 'String', 'Unique rule identifier'),
      c('service_id', 'String', 'Target service'),
      c('rule_name', 'String', 'Rule name'),
      c('condition', 'String', 'Alert condition'),
      c('threshold', 'Float64', 'Alert threshold value'),
      c('severity', 'String', 'Alert severity level'),
      c('notification_channels', 'Array(String)', 'Notification destinations'),
    ],
  };
}

const ORDER_BY: Record<(typeof SEED_TABLE_NAMES)[number], string[]> = {
  service_status: ['service_id', 'timestamp'],
  service_metrics: ['service_id', 'metric_name', 'timestamp'],
  service_logs: ['service_id', 'timestamp'],
  services: ['service_id'],
  service_relations: ['source_service_id', 'target_service_id', 'relation_id'],
  alert_rules: ['service_id', 'rule_id'],
};

/** Time-series tables: monthly partitions and TTL. The configuration tables have no time column in the seed. */
export const SEED_TIME_SERIES = new Set<string>(['service_status', 'service_metrics', 'service_logs']);

export function seedTables(opts: SeedOptions = {}): TableSpec[] {
  const database = opts.database ?? 'monitor';
  const ttlDays = opts.ttlDays ?? 90;
  const engine = opts.engine ?? ((_t: string, base: string) => ({ name: base }));
  const cols = seedColumns(opts.timestampPrecision ?? 3);
  const tables: TableSpec[] = SEED_TABLE_NAMES.map((name) => {
    const timeSeries = SEED_TIME_SERIES.has(name);
    return {
      kind: 'table',
      database,
      name,
      columns: cols[name],
      engine: engine(name, 'MergeTree'),
      orderBy: ORDER_BY[name],
      ...(timeSeries ? { partitionBy: 'toYYYYMM(timestamp)', ttl: `toDateTime(timestamp) + INTERVAL ${ttlDays} DAY` } : {}),
    };
  });
  tables.push({
    kind: 'table',
    database,
    name: SEED_SUMMARY_TABLE,
    columns: [
      c('service_id', 'String'),
      c('hour', 'DateTime', 'Start of the hour'),
      c('checks', 'UInt64', 'Status checks in the hour'),
      c('ok_checks', 'UInt64', 'Checks with status 0 (OK)'),
      c('degraded_checks', 'UInt64', 'Checks with status 1 (DEGRADED)'),
      c('failed_checks', 'UInt64', 'Checks with status 2 (FAILED)'),
      c('response_time_ms_sum', 'UInt64', 'Sum of response times, for averages'),
      c('response_time_ms_count', 'UInt64', 'Checks that reported a response time'),
    ],
    engine: engine(SEED_SUMMARY_TABLE, 'SummingMergeTree'),
    orderBy: ['service_id', 'hour'],
    partitionBy: 'toYYYYMM(hour)',
    ttl: `hour + INTERVAL ${ttlDays} DAY`,
    comment: 'Hourly service health, written by the service_status_summary materialized view',
  });
  return tables;
}

export function seedView(opts: SeedOptions = {}): MaterializedViewSpec {
  const database = opts.database ?? 'monitor';
  return {
    kind: 'materialized_view',
    database,
    name: SEED_VIEW,
    to: { database, name: SEED_SUMMARY_TABLE },
    select:
      'SELECT service_id, toStartOfHour(timestamp) AS hour, count() AS checks, ' +
      'countIf(status_code = 0) AS ok_checks, countIf(status_code = 1) AS degraded_checks, countIf(status_code = 2) AS failed_checks, ' +
      'sum(ifNull(response_time_ms, 0)) AS response_time_ms_sum, count(response_time_ms) AS response_time_ms_count ' +
      `FROM ${database}.service_status GROUP BY service_id, hour`,
  };
}

/** The 'program' settings profile. The seed names it without its settings; these are our defaults. */
export function seedProfile(): SettingsProfileSpec {
  return {
    kind: 'settings_profile',
    name: 'program',
    settings: [
      { name: 'max_memory_usage', value: 10000000000 },
      { name: 'max_execution_time', value: 300 },
      { name: 'max_threads', value: 8, max: 16 },
    ],
  };
}

export function seedUser(opts: { database?: string; passwordEnv?: string } = {}): UserSpec {
  return {
    kind: 'user',
    name: 'monitor',
    auth: { method: 'sha256_hash', passwordEnv: opts.passwordEnv ?? 'MONITOR_PASSWORD', passwordVersion: '1' },
    defaultDatabase: opts.database ?? 'monitor',
    profiles: ['program'],
  };
}

export function seedGrants(opts: { database?: string } = {}): GrantSpec {
  return {
    kind: 'grant',
    grantee: 'monitor',
    grants: [
      { privilege: 'SELECT', database: 'system', table: '*' },
      { privilege: 'ALL', database: opts.database ?? 'monitor', table: '*' },
    ],
  };
}

export function seedDatabase(opts: SeedOptions = {}): DatabaseSpec {
  return { kind: 'database', name: opts.database ?? 'monitor' };
}

/** Every object of the seed, in creation order. */
export function seedSchema(opts: SeedOptions = {}): ObjectSpec[] {
  return [seedDatabase(opts), ...seedTables(opts), seedView(opts), seedProfile(), seedUser(opts), seedGrants(opts)];
}
