// Live users, settings profiles and grants from ClickHouse's system tables, as the same spec
// types the constructs declare. A constant number of queries whatever the scope size: one per
// system table, filtered by the names in scope.
import {
  ApplyTo,
  GrantSpec,
  QuotaSpec,
  RowPolicySpec,
  LiveSchema,
  ObjectSpec,
  ProfileSetting,
  SettingsProfileSpec,
  SettingWritability,
  UserSpec,
  LiveGrantEntry,
  LiveUserAuth,
} from '../spec/model';
import { PrivilegeCatalog, PrivilegeRow } from '../spec/privileges';
import type { AccessStorageInfo } from '../diff/access-storage';
import { CLUSTER_HOSTS, ReplicaTag, rowsOfReplica } from './introspect-tables';
import { QueryFn } from './client';

export interface AccessScope {
  readonly users: readonly string[];
  readonly profiles: readonly string[];
  readonly grantees: readonly string[];
  /** Roles (CREATE ROLE) to read. @default [] */
  readonly roles?: readonly string[];
  /** Quotas to read. @default [] */
  readonly quotas?: readonly string[];
  /** Row policies to read, by their full name as system.row_policies has it ('p ON db.t'). @default [] */
  readonly rowPolicies?: readonly string[];
}

interface QuotaRow {
  name: string;
  keys: string[];
  apply_to_all: number | string;
  apply_to_list: string[];
  apply_to_except: string[];
}

type QuotaLimitRow = { quota_name: string; duration: number | string; is_randomized_interval: number | string } & Record<string, unknown>;

interface RowPolicyRow {
  name: string;
  short_name: string;
  database: string;
  table: string;
  select_filter: string | null;
  is_restrictive: number | string;
  apply_to_all: number | string;
  apply_to_list: string[];
  apply_to_except: string[];
}

interface UserRow {
  name: string;
  auth_type: string[];
  host_ip: string[];
  host_names: string[];
  host_names_regexp: string[];
  host_names_like: string[];
  default_database: string;
  default_roles_all: number | string;
  default_roles_list: string[];
  default_roles_except: string[];
}

interface RoleGrantRow {
  user_name: string | null;
  granted_role_name: string;
}

interface ElementRow {
  profile_name: string | null;
  user_name: string | null;
  index: string | number;
  setting_name: string | null;
  value: string | null;
  min: string | null;
  max: string | null;
  writability: string | null;
  inherit_profile: string | null;
}

interface GrantRow {
  user_name: string | null;
  role_name: string | null;
  access_type: string;
  access_object: string;
  database: string | null;
  table: string | null;
  column: string | null;
  is_partial_revoke: number;
  grant_option: number;
}

/** The five reads of access introspection, from `system.X` or, with a cluster, `clusterAllReplicas(cluster, system.X)` tagged with the replica. */
async function readAccessRows(query: QueryFn, scope: AccessScope, cluster?: string) {
  const principals = [...new Set([...scope.users, ...scope.grantees])];
  const from = (table: string) => (cluster === undefined ? `system.${table}` : `clusterAllReplicas({cluster:String}, system.${table})`);
  const tag = cluster === undefined ? '' : '_shard_num AS replica, ';
  const c = cluster === undefined ? {} : { cluster };
  const quotas = scope.quotas ?? [];
  const policies = scope.rowPolicies ?? [];
  const [users, roles, profiles, elements, grants, roleGrants, quotaRows, quotaLimits, policyRows] = await Promise.all([
    query<UserRow & ReplicaTag>(
      `SELECT ${tag}name, auth_type, host_ip, host_names, host_names_regexp, host_names_like, default_database, default_roles_all, default_roles_list, default_roles_except FROM ${from('users')} WHERE has({names:Array(String)}, name)`,
      { names: principals, ...c },
    ),
    query<{ name: string } & ReplicaTag>(`SELECT ${tag}name FROM ${from('roles')} WHERE has({names:Array(String)}, name)`, {
      names: [...new Set([...scope.grantees, ...(scope.roles ?? [])])],
      ...c,
    }),
    query<{ name: string } & ReplicaTag>(`SELECT ${tag}name FROM ${from('settings_profiles')} WHERE has({names:Array(String)}, name)`, {
      names: [...scope.profiles],
      ...c,
    }),
    query<ElementRow & ReplicaTag>(
      `SELECT ${tag}profile_name, user_name, index, setting_name, value, min, max, toString(writability) AS writability, inherit_profile ` +
        `FROM ${from('settings_profile_elements')} ` +
        "WHERE has({profiles:Array(String)}, ifNull(profile_name, '')) OR has({users:Array(String)}, ifNull(user_name, '')) ORDER BY index",
      { profiles: [...scope.profiles], users: [...scope.users], ...c },
    ),
    query<GrantRow & ReplicaTag>(
      `SELECT ${tag}user_name, role_name, toString(access_type) AS access_type, access_object, database, table, column, is_partial_revoke, grant_option ` +
        `FROM ${from('grants')} WHERE has({names:Array(String)}, ifNull(user_name, '')) OR has({names:Array(String)}, ifNull(role_name, ''))`,
      { names: [...scope.grantees], ...c },
    ),
    // Roles granted to the users in scope (one more query, only when users are read).
    scope.users.length
      ? query<RoleGrantRow & ReplicaTag>(
          `SELECT ${tag}user_name, granted_role_name FROM ${from('role_grants')} WHERE has({users:Array(String)}, ifNull(user_name, '')) ORDER BY granted_role_name`,
          { users: [...scope.users], ...c },
        )
      : Promise.resolve([] as (RoleGrantRow & ReplicaTag)[]),
    // Quotas and row policies: read only when some are in scope (two and one more queries).
    quotas.length
      ? query<QuotaRow & ReplicaTag>(
          `SELECT ${tag}name, keys, apply_to_all, apply_to_list, apply_to_except FROM ${from('quotas')} WHERE has({names:Array(String)}, name)`,
          { names: [...quotas], ...c },
        )
      : Promise.resolve([] as (QuotaRow & ReplicaTag)[]),
    quotas.length
      ? query<QuotaLimitRow & ReplicaTag>(`SELECT ${tag}* FROM ${from('quota_limits')} WHERE has({names:Array(String)}, quota_name) ORDER BY duration`, {
          names: [...quotas],
          ...c,
        })
      : Promise.resolve([] as (QuotaLimitRow & ReplicaTag)[]),
    policies.length
      ? query<RowPolicyRow & ReplicaTag>(
          `SELECT ${tag}name, short_name, database, table, select_filter, is_restrictive, apply_to_all, apply_to_list, apply_to_except FROM ${from('row_policies')} WHERE has({names:Array(String)}, name)`,
          { names: [...policies], ...c },
        )
      : Promise.resolve([] as (RowPolicyRow & ReplicaTag)[]),
  ]);
  return { users, roles, profiles, elements, grants, roleGrants, quotaRows, quotaLimits, policyRows };
}

type AccessRows = Awaited<ReturnType<typeof readAccessRows>>;

/** Introspected objects of the scope that exist; a name with no object is simply absent (diff reports missing_object). */
export async function introspectAccess(query: QueryFn, scope: AccessScope): Promise<ObjectSpec[]> {
  return accessObjects(scope, await readAccessRows(query, scope));
}

/**
 * The access objects of the scope on every replica of `cluster` (clusterAllReplicas: the same five
 * queries plus one for the host names), one LiveSchema per replica in system.clusters order, named
 * host:port as system.clusters names it. Where access storage is local to each node, a user,
 * profile or grant can differ from node to node; with replicated storage they read the same.
 */
export async function introspectAccessReplicas(query: QueryFn, cluster: string, scope: AccessScope): Promise<LiveSchema[]> {
  const [rows, [hostRow]] = await Promise.all([
    readAccessRows(query, scope, cluster),
    query<{ hosts: string[] }>(`SELECT ${CLUSTER_HOSTS} AS hosts`, { cluster }),
  ]);
  const hosts = hostRow?.hosts ?? [];
  return hosts.map((host, i): LiveSchema => ({
    host,
    objects: accessObjects(scope, {
      users: rowsOfReplica(rows.users, i + 1),
      roles: rowsOfReplica(rows.roles, i + 1),
      profiles: rowsOfReplica(rows.profiles, i + 1),
      elements: rowsOfReplica(rows.elements, i + 1),
      grants: rowsOfReplica(rows.grants, i + 1),
      roleGrants: rowsOfReplica(rows.roleGrants, i + 1),
      quotaRows: rowsOfReplica(rows.quotaRows, i + 1),
      quotaLimits: rowsOfReplica(rows.quotaLimits, i + 1),
      policyRows: rowsOfReplica(rows.policyRows, i + 1),
    }),
  }));
}

function accessObjects(scope: AccessScope, rows: AccessRows): ObjectSpec[] {
  const { users, roles, profiles, elements, grants, roleGrants, quotaRows, quotaLimits, policyRows } = rows;
  const out: ObjectSpec[] = [];
  const userRows = new Map(users.map((u) => [u.name, u]));
  for (const name of scope.users) {
    const u = userRows.get(name);
    if (u)
      out.push(
        liveUser(
          u,
          elements.filter((e) => e.user_name === name),
          roleGrants.filter((g) => g.user_name === name).map((g) => g.granted_role_name),
        ),
      );
  }
  const roleNames = new Set(roles.map((r) => r.name));
  for (const name of scope.roles ?? []) if (roleNames.has(name)) out.push({ kind: 'role', name });
  for (const q of quotaRows)
    out.push(
      liveQuota(
        q,
        quotaLimits.filter((l) => l.quota_name === q.name),
      ),
    );
  for (const p of policyRows) out.push(liveRowPolicy(p));
  const profileNames = new Set(profiles.map((p) => p.name));
  for (const name of scope.profiles) {
    if (profileNames.has(name))
      out.push(
        liveProfile(
          name,
          elements.filter((e) => e.profile_name === name),
        ),
      );
  }
  const principalsThere = new Set([...users.map((u) => u.name), ...roles.map((r) => r.name)]);
  for (const grantee of scope.grantees) {
    if (!principalsThere.has(grantee)) continue;
    const own = grants.filter((g) => g.user_name === grantee || g.role_name === grantee);
    out.push({ kind: 'grant', grantee, grants: own.map(liveGrantEntry) } satisfies GrantSpec);
  }
  return out;
}

function liveUser(u: UserRow, elements: readonly ElementRow[], roles: readonly string[] = []): UserSpec {
  const auth: LiveUserAuth = {
    method: u.auth_type.includes('no_password') ? 'no_password' : 'sha256_hash',
    serverMethods: u.auth_type,
  };
  return {
    kind: 'user',
    name: u.name,
    auth,
    hosts: { ip: u.host_ip, names: u.host_names, like: u.host_names_like, regexp: u.host_names_regexp },
    ...(u.default_database ? { defaultDatabase: u.default_database } : {}),
    profiles: elements.filter((e) => e.inherit_profile !== null).map((e) => e.inherit_profile as string),
    roles: [...roles],
    // DEFAULT ROLE ALL [EXCEPT ...] or a list; ALL without exceptions is the undeclared default.
    ...(Number(u.default_roles_all) && !(u.default_roles_except ?? []).length
      ? {}
      : {
          defaultRoles: Number(u.default_roles_all)
            ? roles.filter((r) => !(u.default_roles_except ?? []).includes(r))
            : (u.default_roles_list ?? []).filter((r) => roles.includes(r)),
        }),
  };
}

function applyToOf(r: { apply_to_all: number | string; apply_to_list: string[]; apply_to_except: string[] }): ApplyTo {
  return Number(r.apply_to_all)
    ? { all: true, ...(r.apply_to_except?.length ? { except: [...r.apply_to_except] } : {}) }
    : r.apply_to_list?.length
      ? { names: [...r.apply_to_list] }
      : {};
}

/** A system.quotas row and its system.quota_limits rows (max_<resource>, NULL where unlimited). */
function liveQuota(q: QuotaRow, limits: readonly QuotaLimitRow[]): QuotaSpec {
  return {
    kind: 'quota',
    name: q.name,
    ...(q.keys?.length ? { keyedBy: q.keys.join(',') } : {}),
    intervals: limits.map((l) => ({
      durationSeconds: Number(l.duration),
      ...(Number(l.is_randomized_interval) ? { randomized: true } : {}),
      max: Object.fromEntries(
        Object.entries(l)
          .filter(([k, v]) => k.startsWith('max_') && v !== null)
          .map(([k, v]) => [k.slice(4), Number(v)]),
      ),
    })),
    applyTo: applyToOf(q),
  };
}

function liveRowPolicy(p: RowPolicyRow): RowPolicySpec {
  return {
    kind: 'row_policy',
    name: p.short_name,
    database: p.database,
    table: p.table,
    using: p.select_filter ?? '',
    ...(Number(p.is_restrictive) ? { restrictive: true } : {}),
    applyTo: applyToOf(p),
  };
}

function liveProfile(name: string, elements: readonly ElementRow[]): SettingsProfileSpec {
  const settings: ProfileSetting[] = elements
    .filter((e) => e.setting_name !== null)
    .map((e) => ({
      name: e.setting_name as string,
      ...(e.value !== null ? { value: e.value } : {}),
      ...(e.min !== null ? { min: e.min } : {}),
      ...(e.max !== null ? { max: e.max } : {}),
      ...(e.writability !== null ? { writability: e.writability as SettingWritability } : {}),
    }));
  const inherit = elements.filter((e) => e.inherit_profile !== null).map((e) => e.inherit_profile as string);
  return { kind: 'settings_profile', name, settings, inherit };
}

/**
 * A system.grants row as a grant entry. Parameterized privileges (READ, CREATE USER, ...) have
 * database NULL and the name in access_object: they are entered at that name's database scope,
 * which is where `GRANT ALL ON db.*` puts them.
 */
export function liveGrantEntry(g: GrantRow): LiveGrantEntry {
  const database = g.database ?? (g.access_object ? g.access_object : '*');
  return {
    privilege: g.access_type,
    database,
    table: g.table ?? '*',
    ...(g.column !== null ? { columns: [g.column] } : {}),
    ...(Number(g.grant_option) ? { grantOption: true } : {}),
    ...(Number(g.is_partial_revoke) ? { partialRevoke: true } : {}),
  };
}

/** The server's privilege hierarchy (one query), for diffing against servers other than 26.7. */
export async function introspectPrivileges(query: QueryFn): Promise<PrivilegeCatalog> {
  return new PrivilegeCatalog(await query<PrivilegeRow>(PRIVILEGES_SQL));
}

/** system.privileges as PrivilegeRow (also what scripts/generate-privileges.ts reads). */
export const PRIVILEGES_SQL =
  'SELECT toString(privilege) AS privilege, toString(level) AS level, toString(parent_group) AS parent_group, aliases FROM system.privileges';

/** Storages that only read configuration or a directory service: CREATE USER cannot land there. */
const READ_ONLY_STORAGES = new Set(['users_xml', 'users.xml', 'ldap']);

export async function accessStorageInfo(query: QueryFn): Promise<AccessStorageInfo> {
  const rows = await query<{ name: string; type: string }>('SELECT name, type FROM system.user_directories ORDER BY precedence');
  const types = rows.map((r) => r.type);
  const writable = types.some((t) => !READ_ONLY_STORAGES.has(t));
  const replicated = types.includes('replicated');
  let message: string | undefined;
  if (!writable) {
    message = `this server has no writable access storage (user directories: ${types.join(', ') || 'none'}): users, settings profiles and grants cannot be created or changed here, only read; define them in the server's users.xml or add a local_directory or replicated user directory`;
  } else if (replicated) {
    message =
      'access entities are stored in replicated storage (Keeper): they reach every node by themselves, so ON CLUSTER must not be used for users, profiles and grants (set accessOnCluster: false)';
  }
  return { writable, types, replicated, ...(message ? { message } : {}) };
}
