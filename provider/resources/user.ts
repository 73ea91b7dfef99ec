// clickhouse_user: a user whose password never reaches Terraform's state or plan. The password
// comes from the write-only attribute password_wo (Terraform >= 1.11, e.g. from an ephemeral
// variable) or from the environment variable named by password_env, read by the provider at
// apply time. Either way ClickHouse receives only a salted SHA-256. password_version is what the
// state remembers: bump it to rotate.
import { HostRestriction, UserSpec } from '../../sql/spec/model';
import { bool, defined, str, strs, TfObjectLike } from '../schema/attributes';
import { ResourceType } from './resource-type';

/** The pseudo variable name under which the write-only password is handed to the renderer's placeholder. */
export const WRITE_ONLY_PASSWORD = 'password_wo';

function hostsToSpec(v: TfObjectLike | null): HostRestriction | undefined {
  if (!v) return undefined;
  const h = defined({ ip: strs(v.ip), names: strs(v.names), like: strs(v.like), regexp: strs(v.regexp), local: bool(v.local) || undefined });
  return Object.keys(h).length ? (h as HostRestriction) : undefined;
}

export const userType: ResourceType<UserSpec> = {
  typeName: 'clickhouse_user',
  kind: 'user',
  description:
    'A ClickHouse user identified WITH sha256_hash (salted); the password comes from password_wo or the variable password_env names, never from state.',
  attributes: [
    { name: 'name', type: 'string', required: true, description: 'User name.' },
    { name: 'auth_method', type: 'string', optional: true, description: "'sha256_hash' (default) or 'no_password'." },
    {
      name: 'password_env',
      type: 'string',
      optional: true,
      description: 'Name of the environment variable holding the password where Terraform runs (read at apply only).',
    },
    {
      name: 'password_wo',
      type: 'string',
      optional: true,
      sensitive: true,
      writeOnly: true,
      description: 'The password, write-only (Terraform >= 1.11): sent at apply, never stored.',
    },
    { name: 'password_version', type: 'string', optional: true, description: 'Bump to set the password again (rotation). Default "1".' },
    {
      name: 'hosts',
      nested: {
        nesting: 'single',
        attributes: [
          { name: 'ip', type: ['list', 'string'], optional: true, description: 'IP addresses or subnets.' },
          { name: 'names', type: ['list', 'string'], optional: true, description: 'Exact host names.' },
          { name: 'like', type: ['list', 'string'], optional: true, description: 'LIKE patterns of host names.' },
          { name: 'regexp', type: ['list', 'string'], optional: true, description: 'Host name regular expressions.' },
          { name: 'local', type: 'bool', optional: true, description: 'Allow localhost.' },
        ],
      },
      optional: true,
      description: 'Hosts the user may connect from. Default: any host.',
    },
    { name: 'default_database', type: 'string', optional: true, description: 'Default database.' },
    { name: 'profiles', type: ['list', 'string'], optional: true, description: 'Settings profiles assigned to the user.' },
    {
      name: 'roles',
      type: ['list', 'string'],
      optional: true,
      description: 'Roles granted to the user (GRANT role TO user); others found on the server are drift.',
    },
    {
      name: 'default_roles',
      type: ['list', 'string'],
      optional: true,
      description: 'Default roles (ALTER USER ... DEFAULT ROLE). Default: all granted roles.',
    },
  ],
  toSpec: (a) => {
    const method = str(a.auth_method) === 'no_password' ? 'no_password' : 'sha256_hash';
    const passwordEnv = str(a.password_env) ?? (a.password_wo !== null && a.password_wo !== undefined ? WRITE_ONLY_PASSWORD : undefined);
    const hosts = hostsToSpec((a.hosts as TfObjectLike | null) ?? null);
    return {
      kind: 'user',
      name: str(a.name) ?? '',
      auth: { method, ...defined({ passwordEnv: method === 'sha256_hash' ? passwordEnv : undefined, passwordVersion: str(a.password_version) }) },
      ...(hosts ? { hosts } : {}),
      ...defined({ defaultDatabase: str(a.default_database) }),
      profiles: strs(a.profiles) ?? [],
      ...(strs(a.roles)?.length ? { roles: strs(a.roles) } : {}),
      ...defined({ defaultRoles: strs(a.default_roles) }),
    };
  },
  fromSpec: (s) => ({
    name: s.name,
    auth_method: s.auth.method === 'sha256_hash' ? null : s.auth.method,
    password_env: s.auth.passwordEnv && s.auth.passwordEnv !== WRITE_ONLY_PASSWORD ? s.auth.passwordEnv : null,
    password_wo: null,
    password_version: s.auth.passwordVersion ?? null,
    hosts: s.hosts
      ? {
          ip: s.hosts.ip ? [...s.hosts.ip] : null,
          names: s.hosts.names ? [...s.hosts.names] : null,
          like: s.hosts.like ? [...s.hosts.like] : null,
          regexp: s.hosts.regexp ? [...s.hosts.regexp] : null,
          local: s.hosts.local ?? null,
        }
      : null,
    default_database: s.defaultDatabase ?? null,
    profiles: s.profiles?.length ? [...s.profiles] : null,
    roles: s.roles?.length ? [...s.roles] : null,
    default_roles: s.defaultRoles !== undefined ? [...s.defaultRoles] : null,
  }),
  identityFromImportId: (id) => ({ kind: 'user', name: id }),
  reasonAttributes: {
    user_auth_changed: ['auth_method', 'password_version'],
    user_hosts_changed: ['hosts'],
    user_default_database_changed: ['default_database'],
    user_profiles_changed: ['profiles'],
    user_roles_changed: ['roles'],
    user_default_roles_changed: ['default_roles'],
  },
};
