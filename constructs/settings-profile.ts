import { Construct } from 'constructs';
import { ClickHouseObject, ClickHouseObjectProps } from './clickhouse-object';
import { ProfileSetting, SettingsProfileSpec } from '../sql/spec/model';

export interface SettingsProfileProps extends ClickHouseObjectProps {
  /** Profile name. */
  readonly name: string;
  /** Settings with value, min/max and writability (server snake_case names). */
  readonly settings: readonly ProfileSetting[];
  /** Profiles to inherit from. @default [] */
  readonly inherit?: readonly SettingsProfile[];
}

/** A settings profile (CREATE/ALTER SETTINGS PROFILE). */
export class SettingsProfile extends ClickHouseObject {
  declare readonly spec: SettingsProfileSpec;

  constructor(scope: Construct, id: string, props: SettingsProfileProps) {
    const spec: SettingsProfileSpec = {
      kind: 'settings_profile',
      name: props.name,
      settings: props.settings ?? [],
      ...(props.inherit?.length ? { inherit: props.inherit.map((p) => p.spec.name) } : {}),
    };
    super(scope, id, spec, props);
    this.addDependency(...(props.inherit ?? []));
  }

  get name(): string {
    return this.spec.name;
  }
}
