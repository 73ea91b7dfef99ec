import { Construct } from 'constructs';
import { ClickHouseObject, ClickHouseObjectProps } from './clickhouse-object';
import { Database } from './database';
import { Role } from './role';
import { SettingsProfile } from './settings-profile';
import { HostRestriction, UserSpec } from '../sql/spec/model';

export interface UserProps extends ClickHouseObjectProps {
  /** User name. */
  readonly name: string;
  /** Environment variable holding the password at apply time: its name, never the value. Sent as a salted sha256_hash. */
  readonly passwordEnv: string;
  /** Bump to rotate the password: a deliberate, visible plan change. @default '1' */
  readonly passwordVersion?: string;
  /** Hosts the user may connect from. @default any host */
  readonly hosts?: HostRestriction;
  /** Default database. @default none */
  readonly defaultDatabase?: Database;
  /** Settings profiles assigned to the user (deployed first). @default [] */
  readonly profiles?: readonly SettingsProfile[];
  /** Roles granted to the user (GRANT role TO user; deployed first). A role granted on the server and not here is drift. @default [] */
  readonly roles?: readonly Role[];
  /** Default roles, each one of `roles` (ALTER USER ... DEFAULT ROLE). @default all of `roles` */
  readonly defaultRoles?: readonly Role[];
}

/** A ClickHouse user whose password comes from the pipeline's environment at apply time. */
export class User extends ClickHouseObject {
  declare readonly spec: UserSpec;

  constructor(scope: Construct, id: string, props: UserProps) {
    const spec: UserSpec = {
      kind: 'user',
      name: props.name,
      auth: { method: 'sha256_hash', passwordEnv: props.passwordEnv, passwordVersion: props.passwordVersion ?? '1' },
      ...(props.hosts ? { hosts: props.hosts } : {}),
      ...(props.defaultDatabase ? { defaultDatabase: props.defaultDatabase.name } : {}),
      profiles: (props.profiles ?? []).map((p) => p.name),
      ...(props.roles?.length ? { roles: props.roles.map((r) => r.name) } : {}),
      ...(props.defaultRoles !== undefined ? { defaultRoles: props.defaultRoles.map((r) => r.name) } : {}),
    };
    super(scope, id, spec, props);
    this.addDependency(...(props.profiles ?? []), ...(props.roles ?? []));
    if (props.defaultDatabase) this.addDependency(props.defaultDatabase);
  }

  get name(): string {
    return this.spec.name;
  }
}
