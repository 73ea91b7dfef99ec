// Idempotent statements for users, settings profiles and grants. Pure: no I/O.
// Passwords never appear here: a user's identification is rendered as the placeholder of
// sql/spec/secrets.ts, filled by resolveSecrets() at apply time.
import { identifierProblem, quoteIdent, quoteString, settingValue } from '../spec/identifiers';
import {
  ApplyTo,
  GrantEntry,
  HostRestriction,
  ProfileSetting,
  QuotaSpec,
  RenderOptions,
  RoleSpec,
  RowPolicySpec,
  SettingsProfileSpec,
  UserSpec,
} from '../spec/model';
import { sha256Placeholder } from '../spec/secrets';
import { DEFAULT_PRIVILEGE_CATALOG, GrantScope, PrivilegeCatalog, privilegeProblem } from '../spec/privileges';
import { invalidIdentifier, invalidPrivilege, passwordEnvRequired } from '../spec/errors';

function ident(name: string, what: string): string {
  const problem = identifierProblem(name);
  if (problem) throw invalidIdentifier(what, problem);
  return quoteIdent(name);
}

/**
 * ` ON CLUSTER c` for access entities. Off when accessOnCluster is false: with replicated
 * access storage the entity already reaches every node, and ON CLUSTER would apply it twice.
 */
export function accessOnCluster(opts: RenderOptions = {}): string {
  return opts.cluster && opts.accessOnCluster !== false ? ` ON CLUSTER ${ident(opts.cluster, 'cluster')}` : '';
}

/** IDENTIFIED ... clause: a placeholder for sha256_hash (filled at apply time), or no_password. */
export function renderIdentification(user: UserSpec): string {
  if (user.auth.method === 'no_password') return 'IDENTIFIED WITH no_password';
  if (!user.auth.passwordEnv) throw passwordEnvRequired(user.name);
  return sha256Placeholder(user.auth.passwordEnv);
}

function nonEmpty(list: readonly string[] | undefined): readonly string[] {
  return list ?? [];
}

/** HOST clause; no restriction (or an empty one) is HOST ANY. */
export function renderHosts(hosts: HostRestriction | undefined): string {
  const parts = [
    ...nonEmpty(hosts?.ip).map((v) => `IP ${quoteString(v)}`),
    ...nonEmpty(hosts?.names).map((v) => `NAME ${quoteString(v)}`),
    ...nonEmpty(hosts?.like).map((v) => `LIKE ${quoteString(v)}`),
    ...nonEmpty(hosts?.regexp).map((v) => `REGEXP ${quoteString(v)}`),
    ...(hosts?.local ? ['LOCAL'] : []),
  ];
  return parts.length ? `HOST ${parts.join(', ')}` : 'HOST ANY';
}

export function renderDefaultDatabase(user: UserSpec): string {
  return `DEFAULT DATABASE ${user.defaultDatabase === undefined ? 'NONE' : ident(user.defaultDatabase, `user ${user.name}: defaultDatabase`)}`;
}

/**
 * SETTINGS PROFILE clause. ClickHouse turns `SETTINGS PROFILE a, PROFILE b` into
 * `DROP ALL SETTINGS, DROP ALL PROFILES, ADD PROFILES a, b`: it replaces the user's own settings
 * too. UserSpec declares no per-user settings, so nothing declared is lost.
 */
export function renderUserProfiles(user: UserSpec): string {
  const profiles = nonEmpty(user.profiles);
  if (profiles.length === 0) return 'DROP ALL PROFILES';
  return `SETTINGS ${profiles.map((p) => `PROFILE ${ident(p, `user ${user.name}: profile`)}`).join(', ')}`;
}

export function renderCreateUser(user: UserSpec, opts: RenderOptions = {}): string {
  const parts = [`CREATE USER IF NOT EXISTS ${ident(user.name, 'user name')}${accessOnCluster(opts)}`, renderIdentification(user), renderHosts(user.hosts)];
  if (user.defaultDatabase !== undefined) parts.push(renderDefaultDatabase(user));
  if (nonEmpty(user.profiles).length) parts.push(renderUserProfiles(user));
  return parts.join(' ');
}

function alterUser(user: UserSpec, opts: RenderOptions, clause: string): string {
  return `ALTER USER ${ident(user.name, 'user name')}${accessOnCluster(opts)} ${clause}`;
}

export const renderAlterUserAuth = (user: UserSpec, opts: RenderOptions = {}): string => alterUser(user, opts, renderIdentification(user));
export const renderAlterUserHosts = (user: UserSpec, opts: RenderOptions = {}): string => alterUser(user, opts, renderHosts(user.hosts));
export const renderAlterUserDefaultDatabase = (user: UserSpec, opts: RenderOptions = {}): string => alterUser(user, opts, renderDefaultDatabase(user));
export const renderAlterUserProfiles = (user: UserSpec, opts: RenderOptions = {}): string => alterUser(user, opts, renderUserProfiles(user));

/** CREATE ROLE IF NOT EXISTS r: the role's privileges come from a grant whose grantee is the role. */
export function renderCreateRole(role: RoleSpec, opts: RenderOptions = {}): string {
  return `CREATE ROLE IF NOT EXISTS ${ident(role.name, 'role name')}${accessOnCluster(opts)}`;
}

export function renderDropRole(role: { name: string }, opts: RenderOptions = {}): string {
  return `DROP ROLE IF EXISTS ${ident(role.name, 'role name')}${accessOnCluster(opts)}`;
}

/** GRANT r1, r2 TO u (granting a role the user has already is a no-op). */
export function renderGrantRoles(user: string, roles: readonly string[], opts: RenderOptions = {}): string {
  return `GRANT${accessOnCluster(opts)} ${roles.map((r) => ident(r, `user ${user}: role`)).join(', ')} TO ${ident(user, 'user name')}`;
}

/** REVOKE r1, r2 FROM u. */
export function renderRevokeRoles(user: string, roles: readonly string[], opts: RenderOptions = {}): string {
  return `REVOKE${accessOnCluster(opts)} ${roles.map((r) => ident(r, `user ${user}: role`)).join(', ')} FROM ${ident(user, 'user name')}`;
}

/** ALTER USER u DEFAULT ROLE r1, r2 (ALL when not declared, NONE for an empty list). */
export function renderAlterUserDefaultRoles(user: UserSpec, opts: RenderOptions = {}): string {
  const list = user.defaultRoles;
  const roles = list === undefined ? 'ALL' : list.length === 0 ? 'NONE' : list.map((r) => ident(r, `user ${user.name}: defaultRoles`)).join(', ');
  return alterUser(user, opts, `DEFAULT ROLE ${roles}`);
}

/** TO u1, r1 | TO ALL [EXCEPT ...] | TO NONE: who a quota or row policy applies to. */
export function renderApplyTo(to: ApplyTo | undefined, what: string): string {
  const names = (list: readonly string[]) => list.map((n) => ident(n, `${what}: applyTo`)).join(', ');
  if (to?.all) return `TO ALL${to.except?.length ? ` EXCEPT ${names(to.except)}` : ''}`;
  return to?.names?.length ? `TO ${names(to.names)}` : 'TO NONE';
}

/**
 * CREATE QUOTA [IF NOT EXISTS | OR REPLACE] q KEYED BY k FOR [RANDOMIZED] INTERVAL n SECOND MAX
 * r = v, ... TO ...: the whole definition (OR REPLACE is the in-place fix: ALTER QUOTA would keep
 * intervals not named).
 */
export function renderCreateQuota(q: QuotaSpec, opts: RenderOptions & { replace?: boolean } = {}): string {
  const head = `CREATE QUOTA ${opts.replace ? 'OR REPLACE' : 'IF NOT EXISTS'} ${ident(q.name, 'quota name')}${accessOnCluster(opts)}`;
  const keyed = q.keyedBy ? ` KEYED BY ${q.keyedBy}` : ' NOT KEYED';
  const intervals = q.intervals.map((i) => {
    const limits = Object.entries(i.max).map(([k, v]) => `${k} = ${v}`);
    return `FOR${i.randomized ? ' RANDOMIZED' : ''} INTERVAL ${i.durationSeconds} SECOND ${limits.length ? `MAX ${limits.join(', ')}` : 'NO LIMITS'}`;
  });
  return `${head}${keyed}${intervals.length ? ` ${intervals.join(', ')}` : ''} ${renderApplyTo(q.applyTo, `quota ${q.name}`)}`;
}

/** CREATE ROW POLICY [IF NOT EXISTS | OR REPLACE] p ON db.t [AS RESTRICTIVE] FOR SELECT USING filter TO ... */
export function renderCreateRowPolicy(p: RowPolicySpec, opts: RenderOptions & { replace?: boolean } = {}): string {
  const on = `${ident(p.database, `row policy ${p.name}: database`)}.${ident(p.table, `row policy ${p.name}: table`)}`;
  const head = `CREATE ROW POLICY ${opts.replace ? 'OR REPLACE' : 'IF NOT EXISTS'} ${ident(p.name, 'row policy name')}${accessOnCluster(opts)} ON ${on}`;
  return `${head} AS ${p.restrictive ? 'RESTRICTIVE' : 'PERMISSIVE'} FOR SELECT USING ${p.using} ${renderApplyTo(p.applyTo, `row policy ${p.name}`)}`;
}

/** One element of a SETTINGS list: name = value MIN a MAX b WRITABILITY. */
export function renderProfileSetting(s: ProfileSetting, profile: string): string {
  const problem = identifierProblem(s.name);
  if (problem) throw invalidIdentifier(`settings profile ${profile}: setting`, problem);
  let sql = s.name; // a validated snake_case setting name, written bare as ClickHouse does
  if (s.value !== undefined) sql += ` = ${settingValue(s.value)}`;
  if (s.min !== undefined) sql += ` MIN ${settingValue(s.min)}`;
  if (s.max !== undefined) sql += ` MAX ${settingValue(s.max)}`;
  if (s.writability !== undefined) sql += ` ${s.writability}`;
  return sql;
}

/** The full SETTINGS list of a profile, inherits included. ALTER ... SETTINGS replaces the whole list, so it is always rendered whole. */
export function renderProfileSettings(p: SettingsProfileSpec): string {
  const items = [
    ...p.settings.map((s) => renderProfileSetting(s, p.name)),
    ...nonEmpty(p.inherit).map((i) => `INHERIT ${ident(i, `settings profile ${p.name}: inherit`)}`),
  ];
  return items.length ? `SETTINGS ${items.join(', ')}` : 'SETTINGS NONE';
}

export function renderCreateSettingsProfile(p: SettingsProfileSpec, opts: RenderOptions = {}): string {
  const list = renderProfileSettings(p);
  return `CREATE SETTINGS PROFILE IF NOT EXISTS ${ident(p.name, 'settings profile name')}${accessOnCluster(opts)}${list === 'SETTINGS NONE' ? '' : ` ${list}`}`;
}

export function renderAlterSettingsProfile(p: SettingsProfileSpec, opts: RenderOptions = {}): string {
  return `ALTER SETTINGS PROFILE ${ident(p.name, 'settings profile name')}${accessOnCluster(opts)} ${renderProfileSettings(p)}`;
}

/** ON db.table / db.* / *.* ; parameterized privileges (READ, CREATE USER, ...) are written ON name. */
export function renderGrantTarget(scope: GrantScope, parameterized = false): string {
  if (scope.database === '*') return '*.*';
  const db = ident(scope.database, 'grant database');
  if (parameterized) return db;
  return `${db}.${scope.table === '*' ? '*' : ident(scope.table, 'grant table')}`;
}

function privilegeList(privileges: readonly string[], columns: readonly string[] | undefined, catalog: PrivilegeCatalog): string {
  for (const p of privileges) {
    const problem = privilegeProblem(p, catalog);
    if (problem) throw invalidPrivilege(problem);
  }
  const cols = columns && columns.length ? `(${columns.map((c) => ident(c, 'grant column')).join(', ')})` : '';
  return privileges.map((p) => `${catalog.canonical(p) ?? p}${cols}`).join(', ');
}

/** GRANT <entry> TO grantee: idempotent (granting what is granted changes nothing). */
export function renderGrant(grantee: string, entry: GrantEntry, opts: RenderOptions = {}, catalog: PrivilegeCatalog = DEFAULT_PRIVILEGE_CATALOG): string {
  const scope = { database: entry.database, table: entry.table ?? '*' };
  return `GRANT${accessOnCluster(opts)} ${privilegeList([entry.privilege], entry.columns, catalog)} ON ${renderGrantTarget(scope)} TO ${ident(grantee, 'grantee')}${entry.grantOption ? ' WITH GRANT OPTION' : ''}`;
}

export interface RevokeTarget {
  readonly privileges: readonly string[];
  readonly scope: GrantScope;
  /** Written ON name (privileges of a parameterized level). @default false */
  readonly parameterized?: boolean;
  /** Revoke only WITH GRANT OPTION, keep the privilege. @default false */
  readonly grantOptionOnly?: boolean;
}

/** REVOKE ... FROM grantee: destructive (takes access away). Idempotent: revoking what is not granted changes nothing. */
export function renderRevoke(grantee: string, target: RevokeTarget, opts: RenderOptions = {}, catalog: PrivilegeCatalog = DEFAULT_PRIVILEGE_CATALOG): string {
  const cols = target.scope.column !== undefined ? [target.scope.column] : undefined;
  const what = privilegeList(target.privileges, cols, catalog);
  return `REVOKE${accessOnCluster(opts)} ${target.grantOptionOnly ? 'GRANT OPTION FOR ' : ''}${what} ON ${renderGrantTarget(target.scope, target.parameterized)} FROM ${ident(grantee, 'grantee')}`;
}
