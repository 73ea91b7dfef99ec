import { Construct } from 'constructs';
import { ClickHouseObject, ClickHouseObjectProps } from './clickhouse-object';
import { Database } from './database';
import { Table } from './table';
import { EngineSpec, MaterializedViewSpec, RefreshSpec, ViewColumnSpec } from '../sql/spec/model';

/** The REFRESH clause of a refreshable view (`dependsOn` names views by construct). */
export interface MaterializedViewRefresh {
  /** EVERY (at fixed times) or AFTER (this long after the last refresh). */
  readonly kind: 'EVERY' | 'AFTER';
  /** Interval, e.g. '1 HOUR', '30 MINUTE'. */
  readonly interval: string;
  /** OFFSET of an EVERY schedule, e.g. '5 MINUTE'. @default none */
  readonly offset?: string;
  /** RANDOMIZE FOR, e.g. '10 SECOND'. @default none */
  readonly randomizeFor?: string;
  /** Refreshable views this one refreshes after (DEPENDS ON); deployed before it. @default [] */
  readonly dependsOn?: readonly MaterializedView[];
  /** Refresh settings, e.g. { refresh_retries: 2 }. @default {} */
  readonly settings?: Readonly<Record<string, string | number>>;
  /** APPEND: each refresh adds rows to the target instead of replacing them. Changing it recreates the view. @default false */
  readonly append?: boolean;
}

export interface MaterializedViewProps extends ClickHouseObjectProps {
  /** View name; lives in the target table's database (or in `database`, for a view without `to`). */
  readonly name: string;
  /** Table the view writes to (TO ...). Leave it out to keep the rows in the view's own inner table (`engine`, `orderBy`). @default none */
  readonly to?: Table;
  /** Database of a view without `to`. @default the target table's database */
  readonly database?: Database;
  /**
   * Engine of the inner table of a view without `to`, e.g. { name: 'MergeTree' }. The view is
   * created empty (never POPULATE). A change of engine, ORDER BY, PARTITION BY, PRIMARY KEY, TTL or
   * settings recreates the view and loses its rows: destructive. @default none (a view with `to`)
   */
  readonly engine?: EngineSpec;
  /** ORDER BY of the inner table; [] for tuple(). @default [] */
  readonly orderBy?: readonly string[];
  /** PARTITION BY of the inner table. @default none */
  readonly partitionBy?: string;
  /** PRIMARY KEY of the inner table. @default same as orderBy */
  readonly primaryKey?: readonly string[];
  /** TTL of the inner table. @default none */
  readonly ttl?: string;
  /** Settings of the inner table (snake_case). @default {} */
  readonly settings?: Readonly<Record<string, string | number>>;
  /**
   * REFRESH EVERY/AFTER: the view runs its SELECT on a schedule instead of on each insert. A
   * change runs in place (ALTER TABLE ... MODIFY REFRESH), except APPEND, which recreates the view.
   * @default none (the view runs on each insert into its source)
   */
  readonly refresh?: MaterializedViewRefresh;
  /** Tables the SELECT reads; deployed before the view. @default [] */
  readonly sources?: readonly Table[];
  /** The SELECT run on each insert into the source. */
  readonly select: string;
  /** Comment. @default none */
  readonly comment?: string;
  /**
   * Column list of the view (`TO t (k UInt64, b DateTime64(0)) AS SELECT ...`): the SELECT's
   * result is cast to these types. Compared with the server only when declared; a change
   * recreates the view. @default the SELECT's own columns
   */
  readonly columns?: readonly ViewColumnSpec[];
}

/**
 * A materialized view writing into a declared table, or into its own inner table (`engine`,
 * `orderBy`), optionally refreshable. A changed SELECT is applied in place (MODIFY QUERY).
 */
export class MaterializedView extends ClickHouseObject {
  declare readonly spec: MaterializedViewSpec;

  constructor(scope: Construct, id: string, props: MaterializedViewProps) {
    const database = props.to?.spec.database ?? props.database?.spec.name;
    const refresh: RefreshSpec | undefined = props.refresh && {
      kind: props.refresh.kind,
      interval: props.refresh.interval,
      ...(props.refresh.offset !== undefined ? { offset: props.refresh.offset } : {}),
      ...(props.refresh.randomizeFor !== undefined ? { randomizeFor: props.refresh.randomizeFor } : {}),
      ...(props.refresh.dependsOn?.length ? { dependsOn: props.refresh.dependsOn.map((v) => ({ database: v.spec.database, name: v.spec.name })) } : {}),
      ...(props.refresh.settings !== undefined ? { settings: props.refresh.settings } : {}),
      ...(props.refresh.append ? { append: true } : {}),
    };
    // Any inner-table prop makes an inner table, so one given beside `to` is refused, never ignored.
    const innerDeclared = [props.engine, props.orderBy, props.partitionBy, props.primaryKey, props.ttl, props.settings].some((p) => p !== undefined);
    const spec: MaterializedViewSpec = {
      kind: 'materialized_view',
      database: database!,
      name: props.name,
      ...(props.to !== undefined
        ? {
            to: {
              database: props.to.spec.database,
              name: props.to.spec.name,
              ...(props.to.spec.renamedFrom !== undefined ? { renamedFrom: props.to.spec.renamedFrom } : {}),
            },
          }
        : {}),
      ...(innerDeclared
        ? {
            inner: {
              engine: props.engine!,
              orderBy: props.orderBy ?? [],
              ...(props.partitionBy !== undefined ? { partitionBy: props.partitionBy } : {}),
              ...(props.primaryKey !== undefined ? { primaryKey: props.primaryKey } : {}),
              ...(props.ttl !== undefined ? { ttl: props.ttl } : {}),
              ...(props.settings !== undefined ? { settings: props.settings } : {}),
            },
          }
        : {}),
      ...(refresh !== undefined ? { refresh } : {}),
      select: props.select,
      ...(props.comment !== undefined ? { comment: props.comment } : {}),
      ...(props.columns !== undefined ? { columns: props.columns.map((c) => ({ name: c.name, type: c.type })) } : {}),
    };
    super(scope, id, spec, props);
    this.addDependency(
      ...(props.to ? [props.to.database, props.to] : props.database ? [props.database] : []),
      ...(props.sources ?? []),
      ...(props.refresh?.dependsOn ?? []),
    );
  }
}
