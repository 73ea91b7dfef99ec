import { Construct } from 'constructs';
import { ClickHouseObject, ClickHouseObjectProps } from './clickhouse-object';
import { Role } from './role';
import { User } from './user';
import { GrantEntry, GrantSpec } from '../sql/spec/model';

export interface GrantProps extends ClickHouseObjectProps {
  /** The user or role receiving the privileges. */
  readonly grantee: User | Role;
  /** Privileges on database.table ('*' wildcards as in GRANT SELECT ON system.*). */
  readonly grants: readonly GrantEntry[];
  /** Revoke privileges found on the server that are not declared here. @default false: reported as drift only */
  readonly revokeExtra?: boolean;
  /** Objects the grants refer to, deployed before them. @default [] */
  readonly after?: readonly ClickHouseObject[];
}

/** The complete set of privileges of one grantee (authoritative: extra grants on the server are drift). */
export class Grant extends ClickHouseObject {
  declare readonly spec: GrantSpec;

  constructor(scope: Construct, id: string, props: GrantProps) {
    const spec: GrantSpec = { kind: 'grant', grantee: props.grantee?.name, grants: props.grants, ...(props.revokeExtra ? { revokeExtra: true } : {}) };
    super(scope, id, spec, props);
    this.addDependency(props.grantee, ...(props.after ?? []));
  }
}
