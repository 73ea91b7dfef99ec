import { Construct } from 'constructs';
import { ClickHouseObject, ClickHouseObjectProps } from './clickhouse-object';
import { DatabaseSpec } from '../sql/spec/model';

export interface DatabaseProps extends ClickHouseObjectProps {
  /** Database name. */
  readonly name: string;
  /** Database engine. @default server default (Atomic) */
  readonly engine?: string;
  /** Comment. @default none */
  readonly comment?: string;
}

/** A ClickHouse database (CREATE DATABASE IF NOT EXISTS, ON CLUSTER when the stack has a cluster). */
export class Database extends ClickHouseObject {
  declare readonly spec: DatabaseSpec;

  constructor(scope: Construct, id: string, props: DatabaseProps) {
    const spec: DatabaseSpec = {
      kind: 'database',
      name: props.name,
      ...(props.engine !== undefined ? { engine: props.engine } : {}),
      ...(props.comment !== undefined ? { comment: props.comment } : {}),
    };
    super(scope, id, spec, props);
  }

  get name(): string {
    return this.spec.name;
  }
}
