import { Construct } from 'constructs';
import { ClickHouseObject, ClickHouseObjectProps } from './clickhouse-object';
import { Database } from './database';
import { DictionaryAttributeSpec, DictionaryLayoutSpec, DictionarySourceSpec, DictionarySpec } from '../sql/spec/model';

export interface DictionaryProps extends ClickHouseObjectProps {
  /** Database the dictionary lives in. */
  readonly database: Database;
  /** Dictionary name. */
  readonly name: string;
  /** Attributes in order, key columns included, e.g. [{ name: 'id', type: 'UInt64' }, { name: 'name', type: 'String', default: "''" }]. */
  readonly attributes: readonly DictionaryAttributeSpec[];
  /** PRIMARY KEY: the key attribute(s); more than one needs a COMPLEX_KEY_ layout. */
  readonly primaryKey: readonly string[];
  /**
   * Where it loads from, e.g. `{ type: 'CLICKHOUSE', params: { table: 'names', db: 'shop' } }`.
   * A password only as `passwordEnv` (the variable's name): read at deploy, never written
   * anywhere. A source table declared in the same stack is deployed first.
   */
  readonly source: DictionarySourceSpec;
  /** LAYOUT, e.g. { type: 'HASHED' }, { type: 'COMPLEX_KEY_HASHED' }, { type: 'RANGE_HASHED' }. */
  readonly layout: DictionaryLayoutSpec;
  /** LIFETIME in seconds: n (MIN 0 MAX n) or { min, max }. @default none, which only DIRECT layouts accept */
  readonly lifetime?: number | { readonly min: number; readonly max: number };
  /** RANGE(MIN a MAX b) of a RANGE_HASHED layout. @default none */
  readonly range?: { readonly min: string; readonly max: string };
  /** Comment. @default none */
  readonly comment?: string;
}

/**
 * A dictionary (CREATE DICTIONARY). Any change is made in place by CREATE OR REPLACE DICTIONARY:
 * a dictionary holds only what it loads from its source, which it reloads. Tables of the stack
 * whose columns call dictGet on it are deployed after it.
 */
export class Dictionary extends ClickHouseObject {
  declare readonly spec: DictionarySpec;
  readonly database: Database;

  constructor(scope: Construct, id: string, props: DictionaryProps) {
    const spec: DictionarySpec = {
      kind: 'dictionary',
      database: props.database?.name,
      name: props.name,
      attributes: props.attributes,
      primaryKey: props.primaryKey,
      source: props.source,
      layout: props.layout,
      ...(props.lifetime !== undefined ? { lifetime: props.lifetime } : {}),
      ...(props.range !== undefined ? { range: props.range } : {}),
      ...(props.comment !== undefined ? { comment: props.comment } : {}),
    };
    super(scope, id, spec, props);
    this.database = props.database;
    this.addDependency(props.database);
  }

  get name(): string {
    return this.spec.name;
  }
}
