// clickhouse_settings_profile: settings with values, MIN/MAX and writability, and inheritance.
import { ProfileSetting, SettingsProfileSpec, SettingWritability } from '../../sql/spec/model';
import { defined, objects, str, strs } from '../schema/attributes';
import { ResourceType } from './resource-type';

export const settingsProfileType: ResourceType<SettingsProfileSpec> = {
  typeName: 'clickhouse_settings_profile',
  kind: 'settings_profile',
  description: 'A settings profile (CREATE/ALTER SETTINGS PROFILE). ALTER replaces the whole settings list.',
  attributes: [
    { name: 'name', type: 'string', required: true, description: 'Profile name.' },
    {
      name: 'settings',
      nested: {
        nesting: 'list',
        attributes: [
          { name: 'name', type: 'string', required: true, description: 'Setting name (server snake_case).' },
          { name: 'value', type: 'string', optional: true, description: 'Value.' },
          { name: 'min', type: 'string', optional: true, description: 'MIN constraint.' },
          { name: 'max', type: 'string', optional: true, description: 'MAX constraint.' },
          { name: 'writability', type: 'string', optional: true, description: 'CONST, READONLY, WRITABLE or CHANGEABLE_IN_READONLY.' },
        ],
      },
      required: true,
      description: 'Settings of the profile.',
    },
    { name: 'inherit', type: ['list', 'string'], optional: true, description: 'Profiles this one inherits from.' },
  ],
  toSpec: (a) => ({
    kind: 'settings_profile',
    name: str(a.name) ?? '',
    settings: objects(a.settings).map((s): ProfileSetting => ({
      name: str(s.name) ?? '',
      ...defined({ value: str(s.value), min: str(s.min), max: str(s.max), writability: str(s.writability) as SettingWritability | undefined }),
    })),
    ...(strs(a.inherit)?.length ? { inherit: strs(a.inherit) } : {}),
  }),
  fromSpec: (s) => ({
    name: s.name,
    settings: s.settings.map((x) => ({
      name: x.name,
      value: x.value === undefined ? null : String(x.value),
      min: x.min === undefined ? null : String(x.min),
      max: x.max === undefined ? null : String(x.max),
      writability: x.writability ?? null,
    })),
    inherit: s.inherit?.length ? [...s.inherit] : null,
  }),
  identityFromImportId: (id) => ({ kind: 'settings_profile', name: id }),
  reasonAttributes: {
    profile_setting_missing: ['settings'],
    profile_setting_changed: ['settings'],
    profile_setting_extra: ['settings'],
    profile_inherit_changed: ['inherit'],
  },
};
