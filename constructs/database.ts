import { Construct } from 'constructs';
import { ClickHouseObject, ClickHouseObjectProps } from './clickhouse-object';
import { DatabaseSpec, UndeclaredAttribute } from '../sql/spec/model';

export interface DatabaseProps extends ClickHouseObjectProps {
  /** Database name. */
  readonly name: string;
  /** Database engine. @default server default (Atomic) */
  readonly engine?: string;
  /** Comment. @default none */
  readonly comment?: string;
  /** Attributes left to the server when not declared here (only 'comment': a comment set by hand is then not drift). @default [] (a comment not declared means none) */
  readonly ignoreUndeclared?: readonly UndeclaredAttribute[];
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
      ...(props.ignoreUndeclared !== undefined ? { ignoreUndeclared: props.ignoreUndeclared } : {}),
    };
    super(scope, id, spec, props);
  }

  get name(): string {
    return this.spec.name;
  }
}
