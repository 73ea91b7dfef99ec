import { Construct } from 'constructs';
import { ClickHouseObject, ClickHouseObjectProps } from './clickhouse-object';
import { ClickHouseStack } from './clickhouse-stack';
import { Database } from './database';
import { distributedNeedsCluster, unknownShardingColumns } from './errors';
import { Table } from './table';
import { ColumnSpec, TableSpec } from '../sql/spec/model';
import { quoteString } from '../sql/spec/identifiers';

export interface DistributedTableProps extends ClickHouseObjectProps {
  /** The database construct the Distributed table lives in. @default the local table's database */
  readonly database?: Database;
  /** Table name. */
  readonly name: string;
  /** The local table on each shard that the Distributed table reads and writes. */
  readonly local: Table;
  /** Cluster whose shards hold the local table. @default the stack's cluster */
  readonly cluster?: string;
  /** Sharding key expression for inserts, e.g. 'cityHash64(service_id)'. @default none (inserts need a single shard or insert_distributed_one_random_shard) */
  readonly shardingKey?: string;
  /** Comment. @default none */
  readonly comment?: string;
}

/** Bare identifiers of an expression (not function names, not in string literals) that are not columns. */
function unknownColumns(expression: string | undefined, columns: readonly ColumnSpec[]): string[] {
  if (!expression) return [];
  const words = expression.replace(/'(?:[^'\\]|\\.)*'/g, '').match(/\b[A-Za-z_][A-Za-z0-9_]*\b(?!\s*\()/g) ?? [];
  return [...new Set(words)].filter((w) => !columns.some((c) => c.name === w));
}

/**
 * A Distributed table over a local table of every shard: Distributed('cluster', 'db', 'local', key).
 * Its columns are the local table's, without codecs and TTLs: a Distributed table stores nothing.
 */
export class DistributedTable extends ClickHouseObject {
  declare readonly spec: TableSpec;

  constructor(scope: Construct, id: string, props: DistributedTableProps) {
    const cluster = props.cluster ?? ClickHouseStack.of(scope).settings.cluster;
    if (!cluster) throw distributedNeedsCluster(`${scope.node.path}/${id}`);
    const local = props.local.spec;
    const unknown = unknownColumns(props.shardingKey, local.columns);
    if (unknown.length) throw unknownShardingColumns(`${scope.node.path}/${id}`, props.shardingKey, unknown, `${local.database}.${local.name}`);
    const columns = local.columns.map(({ codec: _codec, ttl: _ttl, ...rest }): ColumnSpec => rest);
    const spec: TableSpec = {
      kind: 'table',
      database: props.database?.name ?? local.database,
      name: props.name,
      columns,
      // String literals, as the server prints them in create_table_query: written as bare
      // identifiers they would read back as 'x' and show engine drift forever.
      engine: {
        name: 'Distributed',
        args: [quoteString(cluster), quoteString(local.database), quoteString(local.name), ...(props.shardingKey ? [props.shardingKey] : [])],
      },
      // The Distributed engine refuses ORDER BY, PARTITION BY, PRIMARY KEY and SAMPLE BY.
      orderBy: [],
      ...(props.comment !== undefined ? { comment: props.comment } : {}),
    };
    super(scope, id, spec, props);
    this.addDependency(props.database ?? props.local.database, props.local);
  }
}
