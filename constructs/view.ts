import { Aspects } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { ClickHouseObject, ClickHouseObjectProps } from './clickhouse-object';
import { ClickHouseStack } from './clickhouse-stack';
import { Database } from './database';
import { isDatabaseObject, UndeclaredAttribute, ViewColumnSpec, ViewSpec } from '../sql/spec/model';
import { tablesRead } from '../sql/spec/sql-text';

export interface ViewProps extends ClickHouseObjectProps {
  /** The database construct the view lives in (adds the dependency). */
  readonly database: Database;
  /** View name. */
  readonly name: string;
  /**
   * The SELECT the view runs when it is read. Name tables as db.table: the server qualifies a
   * bare name with the connection's database, and prints it so.
   */
  readonly select: string;
  /**
   * Tables and views the SELECT reads, deployed before the view. Those of the same stack that the
   * SELECT names after FROM or JOIN are found without being listed here. @default []
   */
  readonly sources?: readonly ClickHouseObject[];
  /**
   * Column list of the view (`CREATE VIEW v (k UInt64, s String) AS SELECT ...`). Compared with
   * the server only when declared; a change replaces the view. @default the SELECT's own columns
   */
  readonly columns?: readonly ViewColumnSpec[];
  /** Comment. @default none */
  readonly comment?: string;
  /**
   * Attributes left to the server when not declared here: a value set by hand is then not drift ('comment').
   * @default [] (every attribute compared: undeclared means the server's default)
   */
  readonly ignoreUndeclared?: readonly UndeclaredAttribute[];
}

/**
 * A plain view (CREATE VIEW db.v AS SELECT ...): a stored query with no data of its own. A changed
 * query or column list is applied in place with CREATE OR REPLACE VIEW; deployed after the
 * tables and views it reads.
 */
export class View extends ClickHouseObject {
  declare readonly spec: ViewSpec;

  constructor(scope: Construct, id: string, props: ViewProps) {
    const spec: ViewSpec = {
      kind: 'view',
      database: props.database?.name,
      name: props.name,
      select: props.select,
      ...(props.columns !== undefined ? { columns: props.columns.map((c) => ({ name: c.name, type: c.type })) } : {}),
      ...(props.comment !== undefined ? { comment: props.comment } : {}),
      ...(props.ignoreUndeclared !== undefined ? { ignoreUndeclared: props.ignoreUndeclared } : {}),
    };
    super(scope, id, spec, props);
    this.addDependency(props.database, ...(props.sources ?? []));
    // At synth, when every construct of the stack exists: the ones the SELECT reads come first.
    Aspects.of(this).add({
      visit: (node: IConstruct) => {
        if (node === this) this.dependOnWhatItReads();
      },
    });
  }

  get name(): string {
    return this.spec.name;
  }

  /** Depends on each table or view of the stack that the SELECT names after FROM or JOIN. */
  private dependOnWhatItReads(): void {
    const refs = tablesRead(this.spec.select);
    const read = ClickHouseStack.of(this).clickhouseObjects.filter(
      (o) =>
        o !== this &&
        isDatabaseObject(o.spec) &&
        refs.some((r) => r.name === (o.spec as ViewSpec).name && (r.database ?? this.spec.database) === (o.spec as ViewSpec).database),
    );
    this.addDependency(...read);
  }
}
