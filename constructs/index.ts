// What `import { ... } from '<this package>'` gives an app: the constructs (the documented L2 API),
// the stack, the provider's L1 resources, the construct errors, and the model types their props
// use. The SQL core is the './sql' entry (sql/index.ts); the lightbulb app of this repository
// (main.ts, stacks/) is an example, not part of the library, except MonitoringSchema ('./lightbulb').
export { ClickHouseStack, EMBEDDED_URL, embeddedUrl, resolveUrl } from './clickhouse-stack';
export type { ApplySettings, ClickHouseStackProps, ConnectionProps } from './clickhouse-stack';
export { ClickHouseObject } from './clickhouse-object';
export type { ClickHouseObjectProps, RemovalPolicy } from './clickhouse-object';
export { Database } from './database';
export type { DatabaseProps } from './database';
export { Table, tableEngine } from './table';
export type { ReplicationProps, TableProps } from './table';
export { DistributedTable } from './distributed-table';
export type { DistributedTableProps } from './distributed-table';
export { MaterializedView } from './materialized-view';
export { Role } from './role';
export { Quota, RowPolicy } from './quota';
export type { AppliesTo, QuotaProps, RowPolicyProps } from './quota';
export type { RoleProps } from './role';
export type { MaterializedViewProps, MaterializedViewRefresh } from './materialized-view';
export { View } from './view';
export type { ViewProps } from './view';
export { Dictionary } from './dictionary';
export type { DictionaryProps } from './dictionary';
export { User } from './user';
export type { UserProps } from './user';
export { SettingsProfile } from './settings-profile';
export type { SettingsProfileProps } from './settings-profile';
export { Grant } from './grant';
export type { GrantProps } from './grant';
export { ClickHouseTerraformProvider, ClickHouseTerraformResource } from './l1';
export type { ClickHouseProviderAttributes, ClickHouseResourceConfig } from './l1';
export { ValidationError } from './errors';
export { checkStackDrift, clickhouseStacks } from './app';
export type {
  ColumnSpec,
  DefaultKind,
  DictionaryAttributeSpec,
  DictionaryLayoutSpec,
  DictionarySourceSpec,
  EngineSpec,
  GrantEntry,
  HostRestriction,
  ObjectSpec,
  ProfileSetting,
  QuotaInterval,
  UndeclaredAttribute,
  TableRebuild,
  ViewColumnSpec,
} from '../sql/spec/model';
export type { RevisionsLocation } from '../sql/render/revisions-ddl';
