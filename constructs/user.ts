import { Construct } from 'constructs';
import { ClickHouseObject, ClickHouseObjectProps } from './clickhouse-object';
import { Database } from './database';
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
    };
    super(scope, id, spec, props);
    this.addDependency(...(props.profiles ?? []));
    if (props.defaultDatabase) this.addDependency(props.defaultDatabase);
  }

  get name(): string {
    return this.spec.name;
  }
}
