import { Construct } from 'constructs';
import { ClickHouseObject, ClickHouseObjectProps } from './clickhouse-object';
import { RoleSpec } from '../sql/spec/model';

export interface RoleProps extends ClickHouseObjectProps {
  /** Role name. */
  readonly name: string;
}

/**
 * A role (CREATE ROLE). Give it privileges with a Grant whose grantee is the role, and give it to
 * users with their `roles` prop (GRANT role TO user).
 */
export class Role extends ClickHouseObject {
  declare readonly spec: RoleSpec;

  constructor(scope: Construct, id: string, props: RoleProps) {
    super(scope, id, { kind: 'role', name: props.name }, props);
  }

  get name(): string {
    return this.spec.name;
  }
}
