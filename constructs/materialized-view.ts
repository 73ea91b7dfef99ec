import { Construct } from 'constructs';
import { ClickHouseObject, ClickHouseObjectProps } from './clickhouse-object';
import { Table } from './table';
import { MaterializedViewSpec, ViewColumnSpec } from '../sql/spec/model';

export interface MaterializedViewProps extends ClickHouseObjectProps {
  /** View name; lives in the target table's database. */
  readonly name: string;
  /** Table the view writes to (TO ...). */
  readonly to: Table;
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

/** A materialized view writing into a declared table. A changed SELECT is applied in place (MODIFY QUERY). */
export class MaterializedView extends ClickHouseObject {
  declare readonly spec: MaterializedViewSpec;

  constructor(scope: Construct, id: string, props: MaterializedViewProps) {
    const spec: MaterializedViewSpec = {
      kind: 'materialized_view',
      database: props.to?.spec.database,
      name: props.name,
      to: { database: props.to?.spec.database, name: props.to?.spec.name },
      select: props.select,
      ...(props.comment !== undefined ? { comment: props.comment } : {}),
      ...(props.columns !== undefined ? { columns: props.columns.map((c) => ({ name: c.name, type: c.type })) } : {}),
    };
    super(scope, id, spec, props);
    this.addDependency(props.to.database, props.to, ...(props.sources ?? []));
  }
}
