// The whole lightbulb monitoring schema of the seed as one construct: the database, six tables,
// the hourly summary (target table + materialized view), and, unless turned off, the monitor
// user, its 'program' settings profile and its grants. Every seed default can be overridden.
import { Construct } from 'constructs';
import { RemovalPolicy } from '../../constructs/clickhouse-object';
import { ClickHouseStack } from '../../constructs/clickhouse-stack';
import { Database } from '../../constructs/database';
import { DistributedTable } from '../../constructs/distributed-table';
import { Grant } from '../../constructs/grant';
import { MaterializedView } from '../../constructs/materialized-view';
import { SettingsProfile } from '../../constructs/settings-profile';
import { ReplicationProps, Table } from '../../constructs/table';
import { User } from '../../constructs/user';
import { ColumnSpec, ProfileSetting } from '../../sql/spec/model';
import { seedProfile, seedTables, seedView, SEED_SUMMARY_TABLE } from './seed-schema';

export interface TableOverride {
  /** Columns added after the seed's columns. @default [] */
  readonly extraColumns?: readonly ColumnSpec[];
  /** Replaces the seed's TTL expression. @default seed TTL */
  readonly ttl?: string;
  /** Table comment. @default none */
  readonly comment?: string;
  /** Table settings. @default {} */
  readonly settings?: Readonly<Record<string, string | number>>;
}

export interface MonitoringSchemaProps {
  /** Database name. @default 'monitor' */
  readonly database?: string;
  /** Retention of the time-series tables, in days. @default 90 */
  readonly ttlDays?: number;
  /** DateTime64 precision of timestamps. @default 3 */
  readonly timestampPrecision?: number;
  /** Replicated engines with these Keeper paths (cluster stacks). @default not replicated */
  readonly replication?: ReplicationProps;
  /** Per-table overrides, by table name. @default {} */
  readonly tables?: Readonly<Record<string, TableOverride>>;
  /** Declare the monitor user, the 'program' profile and the grants. @default true */
  readonly access?: boolean;
  /** Environment variable with the monitor user's password at apply time. @default 'MONITOR_PASSWORD' */
  readonly passwordEnv?: string;
  /** Bump to rotate the monitor password. @default '1' */
  readonly passwordVersion?: string;
  /** Settings of the 'program' profile. @default max_memory_usage 10 GB, max_execution_time 300 s, max_threads 8 (max 16) */
  readonly profileSettings?: readonly ProfileSetting[];
  /** Removal policy of every object. @default 'retain' */
  readonly removalPolicy?: RemovalPolicy;
  /** Revoke grants of the monitor user that are not declared. @default false */
  readonly revokeExtraGrants?: boolean;
  /** Add a Distributed table over each seed table (only when the stack has a cluster). @default none */
  readonly distributed?: DistributedOptions;
}

export interface DistributedOptions {
  /** Name of each Distributed table: the local table's name plus this. @default '_distributed' */
  readonly suffix?: string;
  /** Sharding key of every Distributed table (its columns must be in every seed table). @default 'rand()' */
  readonly shardingKey?: string;
  /** Sharding keys by local table name, over shardingKey. @default {} */
  readonly shardingKeys?: Readonly<Record<string, string>>;
}

export class MonitoringSchema extends Construct {
  readonly database: Database;
  readonly tables: Record<string, Table> = {};
  readonly summaryView: MaterializedView;
  /** Distributed tables by local table name (empty unless props.distributed and a stack cluster). */
  readonly distributedTables: Record<string, DistributedTable> = {};
  readonly profile?: SettingsProfile;
  readonly user?: User;
  readonly grants?: Grant;

  constructor(scope: Construct, id: string, props: MonitoringSchemaProps = {}) {
    super(scope, id);
    const dbName = props.database ?? 'monitor';
    const removalPolicy = props.removalPolicy;
    this.database = new Database(this, 'database', { name: dbName, removalPolicy });
    for (const t of seedTables({ database: dbName, ttlDays: props.ttlDays, timestampPrecision: props.timestampPrecision })) {
      const o = props.tables?.[t.name] ?? {};
      this.tables[t.name] = new Table(this, t.name, {
        database: this.database,
        name: t.name,
        columns: [...t.columns, ...(o.extraColumns ?? [])],
        engine: t.engine.name,
        replication: props.replication,
        orderBy: t.orderBy,
        partitionBy: t.partitionBy,
        ttl: o.ttl ?? t.ttl,
        comment: o.comment ?? t.comment,
        settings: o.settings,
        removalPolicy,
      });
    }
    const view = seedView({ database: dbName });
    this.summaryView = new MaterializedView(this, view.name, {
      name: view.name,
      to: this.tables[SEED_SUMMARY_TABLE],
      sources: [this.tables.service_status],
      select: view.select,
      removalPolicy,
    });
    // On a single node a Distributed table would only point back at itself: added only with a cluster.
    if (props.distributed && ClickHouseStack.of(this).settings.cluster) {
      const suffix = props.distributed.suffix ?? '_distributed';
      for (const [name, local] of Object.entries(this.tables)) {
        this.distributedTables[name] = new DistributedTable(this, `${name}${suffix}`, {
          name: `${name}${suffix}`,
          local,
          shardingKey: props.distributed.shardingKeys?.[name] ?? props.distributed.shardingKey ?? 'rand()',
          removalPolicy,
        });
      }
    }
    if (props.access ?? true) {
      this.profile = new SettingsProfile(this, 'program-profile', {
        name: 'program',
        settings: props.profileSettings ?? seedProfile().settings,
        removalPolicy,
      });
      this.user = new User(this, 'monitor-user', {
        name: 'monitor',
        passwordEnv: props.passwordEnv ?? 'MONITOR_PASSWORD',
        passwordVersion: props.passwordVersion,
        defaultDatabase: this.database,
        profiles: [this.profile],
        removalPolicy,
      });
      this.grants = new Grant(this, 'monitor-grants', {
        grantee: this.user,
        grants: [
          { privilege: 'SELECT', database: 'system', table: '*' },
          { privilege: 'ALL', database: dbName, table: '*' },
        ],
        revokeExtra: props.revokeExtraGrants,
        after: [this.database, ...Object.values(this.tables), this.summaryView, ...Object.values(this.distributedTables)],
        removalPolicy,
      });
    }
  }
}
