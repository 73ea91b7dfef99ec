import { Construct } from 'constructs';
import { ClickHouseObject, ClickHouseObjectProps } from './clickhouse-object';
import { Database } from './database';
import { ColumnSpec, EngineSpec, IndexSpec, ProjectionSpec, TableRebuild, TableSpec, UndeclaredAttribute } from '../sql/spec/model';
import { quoteString } from '../sql/spec/identifiers';

export interface ReplicationProps {
  /** Keeper path of the table; macros {shard}, {replica}, {database}, {table}, {uuid} allowed. @default '/clickhouse/tables/{shard}/{database}/{table}' */
  readonly zooPath?: string;
  /** Replica name. @default '{replica}' */
  readonly replicaName?: string;
}

export interface TableProps extends ClickHouseObjectProps {
  /** The database construct the table lives in (adds the dependency). */
  readonly database: Database;
  /** Table name. */
  readonly name: string;
  /** Columns, in order. */
  readonly columns: readonly ColumnSpec[];
  /**
   * Engine name: the MergeTree family (made Replicated when replication is set), or one that needs
   * no external service: 'Memory', 'Log', 'TinyLog', 'Null', 'Buffer' (its destination and
   * thresholds in engineArgs). @default 'MergeTree'
   */
  readonly engine?: string;
  /**
   * Extra engine arguments (after the replication arguments), e.g. a version column, or Buffer's
   * ['db', 'destination', '16', '10', '100', '10000', '1000000', '10000000', '100000000']. @default []
   */
  readonly engineArgs?: readonly string[];
  /** Use the Replicated variant of the engine with these Keeper paths. @default not replicated */
  readonly replication?: ReplicationProps;
  /**
   * ORDER BY expressions ([] for tuple()). Required for the MergeTree family; other engines
   * (Null, Buffer, Memory, Log, Distributed) have no sorting key. @default none (engines outside the MergeTree family only)
   */
  readonly orderBy?: readonly string[];
  /** PARTITION BY expression. @default none */
  readonly partitionBy?: string;
  /** PRIMARY KEY expressions. @default ORDER BY */
  readonly primaryKey?: readonly string[];
  /** SAMPLE BY expression. @default none */
  readonly sampleBy?: string;
  /** TTL expression. @default none */
  readonly ttl?: string;
  /** Table settings, server snake_case names. @default {} */
  readonly settings?: Readonly<Record<string, string | number>>;
  /** Comment. @default none */
  readonly comment?: string;
  /** Data skipping indexes, e.g. { name: 'i_s', expression: 's', type: 'bloom_filter(0.01)', granularity: 1 }; one added by hand is dropped by deploy. @default [] (none) */
  readonly indexes?: readonly IndexSpec[];
  /** Projections, e.g. { name: 'p', query: 'SELECT k, count() GROUP BY k' }; one added by hand is dropped by deploy. @default [] (none) */
  readonly projections?: readonly ProjectionSpec[];
  /**
   * Attributes left to the server when not declared here: a value set by hand is then not drift
   * ('comment', 'settings', 'ttl', 'sampleBy', 'columnComments', 'columnCodecs', 'columnTtls', 'columnDefaults', 'indexes', 'projections').
   * @default [] (every attribute compared: undeclared means the server's default)
   */
  readonly ignoreUndeclared?: readonly UndeclaredAttribute[];
  /**
   * The table's previous name, when it is renamed: while the server has that table and not this
   * one, the plan renames it (RENAME TABLE, its data kept) instead of creating an empty one. Keep
   * the construct id unchanged so Terraform updates the same resource. A column is renamed the
   * same way with `renamedFrom` on the column. A MaterializedView writing into the table is
   * recreated to write to the new name. @default none
   */
  readonly renamedFrom?: string;
  /**
   * How to make changes ALTER cannot (engine, PARTITION BY, ORDER BY beyond appending new
   * columns, PRIMARY KEY). 'copy': the plan shows an in-place update that rebuilds the table: a
   * shadow table `<name>__chx_rebuild` with the new definition, `INSERT ... SELECT` one partition
   * at a time, row counts per partition verified (no swap on a mismatch), `EXCHANGE TABLES`, and
   * the old data kept as `<name>__chx_old_<UTC time>` (never dropped by deploy: drop it once the
   * new table is confirmed). An interrupted rebuild resumes on the next deploy. Stop writes to
   * the table while it runs (rows written meanwhile make the counts differ and the swap is
   * refused). MergeTree family only, not replicated, not on a cluster. @default none (such changes are refused)
   */
  readonly rebuild?: TableRebuild;
}

export function tableEngine(engine: string, replication: ReplicationProps | undefined, extraArgs: readonly string[] = []): EngineSpec {
  if (!replication) return { name: engine, ...(extraArgs.length ? { args: extraArgs } : {}) };
  const name = engine.startsWith('Replicated') ? engine : `Replicated${engine}`;
  const zooPath = replication.zooPath ?? '/clickhouse/tables/{shard}/{database}/{table}';
  const replica = replication.replicaName ?? '{replica}';
  return { name, args: [quoteString(zooPath), quoteString(replica), ...extraArgs] };
}

/** A table (MergeTree family, or Memory, Log, Null, Buffer). Drift in columns, TTL, comment, settings, indexes and projections is fixed in place; key and engine changes are reported and refused, or rebuilt by copy with `rebuild: 'copy'`. */
export class Table extends ClickHouseObject {
  declare readonly spec: TableSpec;
  readonly database: Database;

  constructor(scope: Construct, id: string, props: TableProps) {
    const engine = tableEngine(props.engine ?? 'MergeTree', props.replication, props.engineArgs);
    const spec: TableSpec = {
      kind: 'table',
      database: props.database?.name,
      name: props.name,
      columns: props.columns,
      engine,
      // Left out, a MergeTree table fails validation on orderBy; other engines have none.
      orderBy: props.orderBy ?? (engine.name.endsWith('MergeTree') ? (undefined as unknown as string[]) : []),
      ...(props.partitionBy !== undefined ? { partitionBy: props.partitionBy } : {}),
      ...(props.primaryKey !== undefined ? { primaryKey: props.primaryKey } : {}),
      ...(props.sampleBy !== undefined ? { sampleBy: props.sampleBy } : {}),
      ...(props.ttl !== undefined ? { ttl: props.ttl } : {}),
      ...(props.settings !== undefined ? { settings: props.settings } : {}),
      ...(props.comment !== undefined ? { comment: props.comment } : {}),
      ...(props.indexes !== undefined ? { indexes: props.indexes } : {}),
      ...(props.projections !== undefined ? { projections: props.projections } : {}),
      ...(props.ignoreUndeclared !== undefined ? { ignoreUndeclared: props.ignoreUndeclared } : {}),
      ...(props.renamedFrom !== undefined ? { renamedFrom: props.renamedFrom } : {}),
      ...(props.rebuild !== undefined ? { rebuild: props.rebuild } : {}),
    };
    super(scope, id, spec, props);
    this.database = props.database;
    this.addDependency(props.database);
  }

  get name(): string {
    return this.spec.name;
  }
}
