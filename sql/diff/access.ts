// Drift of users, settings profiles and grants: desired spec vs live spec (same types), to
// changes with reason codes and the statements that fix them. Pure: no I/O.
// Change details name what differs, never a password or its hash; statements that set a
// password carry the placeholder of sql/spec/secrets.ts.
import { Change } from '../spec/changes';
import { allowDestructive, change, NEVER, revokeExtra, safe } from './change';
import {
  DiffOptions,
  GrantEntry,
  GrantSpec,
  LiveGrantEntry,
  LiveUserAuth,
  ObjectSpec,
  objectId,
  ApplyTo,
  ProfileSetting,
  QuotaSpec,
  RoleSpec,
  RowPolicySpec,
  SettingsProfileSpec,
  UserAuth,
  UserSpec,
} from '../spec/model';
import { normalizeHosts } from '../spec/hosts';
import { DEFAULT_PRIVILEGE_CATALOG, LeafGrant, PrivilegeCatalog, compactLeaves, expandGrant, scopeCovers, scopeKey, scopeKind } from '../spec/privileges';
import {
  renderAlterSettingsProfile,
  renderAlterUserAuth,
  renderAlterUserDefaultRoles,
  renderAlterUserDefaultDatabase,
  renderAlterUserHosts,
  renderAlterUserProfiles,
  renderCreateQuota,
  renderCreateRole,
  renderCreateRowPolicy,
  renderCreateSettingsProfile,
  renderCreateUser,
  renderGrant,
  renderGrantRoles,
  renderGrantTarget,
  renderRevoke,
  renderRevokeRoles,
} from '../render/access';
import { kindMismatch } from '../spec/errors';

export interface AccessDiffOptions extends DiffOptions {
  /** Privilege hierarchy to normalize grants with (introspectPrivileges reads the server's). @default ClickHouse 26.7's */
  readonly privileges?: PrivilegeCatalog;
}

/** Our auth method -> the auth_type system.users shows for it. */
const SERVER_METHOD: Record<UserAuth['method'], string> = { sha256_hash: 'sha256_password', no_password: 'no_password' };
const DEFAULT_PASSWORD_VERSION = '1';

/** live undefined => missing_object with CREATE (or GRANT) statements. */
export function diffAccessObject(
  desired: UserSpec | RoleSpec | SettingsProfileSpec | GrantSpec | QuotaSpec | RowPolicySpec,
  live: ObjectSpec | undefined,
  opts: AccessDiffOptions = {},
): Change[] {
  if (live !== undefined && live.kind !== desired.kind) throw kindMismatch(objectId(desired), live.kind);
  switch (desired.kind) {
    case 'user':
      return diffUser(desired, live as UserSpec | undefined, opts);
    case 'role':
      // A role has nothing but its name: its privileges are a grant whose grantee is the role.
      return live
        ? []
        : [change(objectId(desired), 'missing_object', `role ${desired.name} does not exist`, safe([renderCreateRole(desired, opts)]), allowDestructive(opts))];
    case 'settings_profile':
      return diffProfile(desired, live as SettingsProfileSpec | undefined, opts);
    case 'quota':
      return diffQuota(desired, live as QuotaSpec | undefined, opts);
    case 'row_policy':
      return diffRowPolicy(desired, live as RowPolicySpec | undefined, opts);
    case 'grant':
      return diffGrants(desired, live as GrantSpec | undefined, opts);
  }
}

// ---- users -----------------------------------------------------------------------------

function diffUser(d: UserSpec, live: UserSpec | undefined, opts: DiffOptions): Change[] {
  const id = objectId(d);
  if (!live) {
    const how = d.auth.method === 'no_password' ? 'no password' : `password from $${d.auth.passwordEnv} (filled in at apply time)`;
    const roles = d.roles ?? [];
    const statements = [
      renderCreateUser(d, opts),
      ...(roles.length ? [renderGrantRoles(d.name, roles, opts)] : []),
      ...(roles.length && d.defaultRoles !== undefined ? [renderAlterUserDefaultRoles(d, opts)] : []),
    ];
    return [change(id, 'missing_object', `user ${d.name} does not exist; create it with ${how}`, safe(statements), allowDestructive(opts))];
  }
  const out: Change[] = [];
  const la = live.auth as LiveUserAuth;
  const want = SERVER_METHOD[d.auth.method];
  const desiredVersion = d.auth.passwordVersion ?? DEFAULT_PASSWORD_VERSION;
  if (la.serverMethods !== undefined && !la.serverMethods.includes(want)) {
    out.push(
      change(
        id,
        'user_auth_changed',
        `authentication is ${la.serverMethods.join(', ') || 'none'}, declared ${want}`,
        safe([renderAlterUserAuth(d, opts)]),
        allowDestructive(opts),
      ),
    );
  } else if (la.passwordVersion !== undefined && la.passwordVersion !== desiredVersion) {
    // The server cannot tell versions apart; the apply step records the version it set.
    out.push(
      change(
        id,
        'user_auth_changed',
        `password version ${la.passwordVersion} applied, ${desiredVersion} declared: rotate from $${d.auth.passwordEnv}`,
        safe([renderAlterUserAuth(d, opts)]),
        allowDestructive(opts),
      ),
    );
  } else if (la.passwordMatches === false && d.auth.method !== 'no_password') {
    out.push(
      change(
        id,
        'password_mismatch',
        `the login probe failed with the password in $${d.auth.passwordEnv}`,
        safe([renderAlterUserAuth(d, opts)]),
        allowDestructive(opts),
      ),
    );
  }
  const dh = normalizeHosts(d.hosts);
  const lh = normalizeHosts(live.hosts);
  if (dh !== lh) out.push(change(id, 'user_hosts_changed', `hosts ${lh}, declared ${dh}`, safe([renderAlterUserHosts(d, opts)]), allowDestructive(opts)));
  const ddb = d.defaultDatabase ?? '';
  const ldb = live.defaultDatabase ?? '';
  if (ddb !== ldb)
    out.push(
      change(
        id,
        'user_default_database_changed',
        `default database ${ldb || 'none'}, declared ${ddb || 'none'}`,
        safe([renderAlterUserDefaultDatabase(d, opts)]),
        allowDestructive(opts),
      ),
    );
  const dp = [...(d.profiles ?? [])].sort();
  const lp = [...(live.profiles ?? [])].sort();
  if (dp.join(',') !== lp.join(',')) {
    out.push(
      change(
        id,
        'user_profiles_changed',
        `profiles [${lp.join(', ')}], declared [${dp.join(', ')}] (the fix replaces the user's settings and profiles)`,
        safe([renderAlterUserProfiles(d, opts)]),
        allowDestructive(opts),
      ),
    );
  }
  out.push(...diffUserRoles(d, live, opts));
  return out;
}

/**
 * Roles granted to the user (user_roles_changed: GRANT the missing ones, safe; REVOKE the extra
 * ones, which takes privileges away: destructive, run only with allowDestructive) and its default
 * roles (user_default_roles_changed: ALTER USER ... DEFAULT ROLE, safe).
 */
function diffUserRoles(d: UserSpec, live: UserSpec, opts: DiffOptions): Change[] {
  const id = objectId(d);
  const out: Change[] = [];
  const dr = [...(d.roles ?? [])].sort();
  const lr = [...(live.roles ?? [])].sort();
  const missing = dr.filter((r) => !lr.includes(r));
  const extra = lr.filter((r) => !dr.includes(r));
  if (missing.length || extra.length) {
    const detail = `roles [${lr.join(', ')}], declared [${dr.join(', ')}]`;
    if (missing.length)
      out.push(
        change(id, 'user_roles_changed', `${detail}: grant ${missing.join(', ')}`, safe([renderGrantRoles(d.name, missing, opts)]), allowDestructive(opts)),
      );
    if (extra.length)
      out.push(
        change(
          id,
          'user_roles_changed',
          `${detail}: revoke ${extra.join(', ')}`,
          {
            statements: [renderRevokeRoles(d.name, extra, opts)],
            inPlace: true,
            destructive: true,
            hint: `revoking takes the role's privileges away: declare roles [${lr.join(', ')}] to keep them, or allow destructive changes`,
          },
          allowDestructive(opts),
        ),
      );
  }
  // Default roles matter only where roles are granted (with none, ALL and NONE are the same).
  if (dr.length || lr.length) {
    const shown = (list: readonly string[] | undefined) => (list === undefined ? 'ALL' : list.length === 0 ? 'NONE' : [...list].sort().join(', '));
    const lv = live.defaultRoles !== undefined && [...live.defaultRoles].sort().join(',') === lr.join(',') ? undefined : live.defaultRoles;
    const dv = d.defaultRoles !== undefined && [...d.defaultRoles].sort().join(',') === dr.join(',') ? undefined : d.defaultRoles;
    if (shown(dv) !== shown(lv))
      out.push(
        change(
          id,
          'user_default_roles_changed',
          `default roles ${shown(lv)}, declared ${shown(dv)}`,
          safe([renderAlterUserDefaultRoles(d, opts)]),
          allowDestructive(opts),
        ),
      );
  }
  return out;
}

// ---- quotas and row policies ------------------------------------------------------------

/** TO ... as the server stores it: 'ALL EXCEPT a, b', 'a, r1' (sorted) or 'NONE'. */
export function applyToNormalForm(to: ApplyTo | undefined): string {
  const sorted = (l: readonly string[] | undefined) => [...(l ?? [])].sort().join(', ');
  if (to?.all) return to.except?.length ? `ALL EXCEPT ${sorted(to.except)}` : 'ALL';
  return to?.names?.length ? sorted(to.names) : 'NONE';
}

/** A quota's intervals as text, by duration: '3600s: errors = 10, queries = 100; 86400s randomized: queries = 1000'. */
export function quotaIntervalsNormalForm(q: QuotaSpec): string {
  return [...q.intervals]
    .sort((a, b) => a.durationSeconds - b.durationSeconds)
    .map((i) => {
      const limits = Object.entries(i.max)
        .map(([k, v]) => `${k} = ${Number(v)}`)
        .sort();
      return `${i.durationSeconds}s${i.randomized ? ' randomized' : ''}: ${limits.join(', ') || 'no limits'}`;
    })
    .join('; ');
}

/**
 * A quota: missing (CREATE QUOTA IF NOT EXISTS), or its key (quota_keyed_by_changed), intervals
 * and limits (quota_limits_changed) or users and roles (quota_apply_to_changed) different, each
 * fixed by CREATE QUOTA OR REPLACE with the whole definition (in place; usage counted so far restarts).
 */
function diffQuota(d: QuotaSpec, live: QuotaSpec | undefined, opts: DiffOptions): Change[] {
  const id = objectId(d);
  if (!live) return [change(id, 'missing_object', `quota ${d.name} does not exist`, safe([renderCreateQuota(d, opts)]), allowDestructive(opts))];
  const fix = safe([renderCreateQuota(d, { ...opts, replace: true })]);
  const out: Change[] = [];
  const key = (q: QuotaSpec) => q.keyedBy ?? 'none';
  if (key(d) !== key(live)) out.push(change(id, 'quota_keyed_by_changed', `keyed by ${key(live)}, declared ${key(d)}`, fix, allowDestructive(opts)));
  const [di, li] = [quotaIntervalsNormalForm(d), quotaIntervalsNormalForm(live)];
  if (di !== li) out.push(change(id, 'quota_limits_changed', `limits ${li || 'none'}, declared ${di || 'none'}`, fix, allowDestructive(opts)));
  const [dt, lt] = [applyToNormalForm(d.applyTo), applyToNormalForm(live.applyTo)];
  if (dt !== lt) out.push(change(id, 'quota_apply_to_changed', `applies to ${lt}, declared ${dt}`, fix, allowDestructive(opts)));
  return out;
}

/**
 * A row policy: missing (CREATE ROW POLICY IF NOT EXISTS), or its filter or kind
 * (row_policy_filter_changed) or users and roles (row_policy_apply_to_changed) different, fixed
 * by CREATE ROW POLICY OR REPLACE (in place).
 */
function diffRowPolicy(d: RowPolicySpec, live: RowPolicySpec | undefined, opts: DiffOptions): Change[] {
  const id = objectId(d);
  if (!live)
    return [
      change(
        id,
        'missing_object',
        `row policy ${d.name} on ${d.database}.${d.table} does not exist`,
        safe([renderCreateRowPolicy(d, opts)]),
        allowDestructive(opts),
      ),
    ];
  const fix = safe([renderCreateRowPolicy(d, { ...opts, replace: true })]);
  const out: Change[] = [];
  const filter = (p: RowPolicySpec) => `${p.restrictive ? 'RESTRICTIVE' : 'PERMISSIVE'} USING ${p.using}`;
  if (filter(d) !== filter(live)) out.push(change(id, 'row_policy_filter_changed', `${filter(live)}, declared ${filter(d)}`, fix, allowDestructive(opts)));
  const [dt, lt] = [applyToNormalForm(d.applyTo), applyToNormalForm(live.applyTo)];
  if (dt !== lt) out.push(change(id, 'row_policy_apply_to_changed', `applies to ${lt}, declared ${dt}`, fix, allowDestructive(opts)));
  return out;
}

// ---- settings profiles -----------------------------------------------------------------

/** A setting value as ClickHouse stores it in system.settings_profile_elements: numbers canonical, booleans 0/1. */
export function normalizeSettingValue(v: string | number | undefined | null): string | undefined {
  if (v === undefined || v === null) return undefined;
  const s = String(v).trim();
  if (/^(true|false)$/i.test(s)) return s.toLowerCase() === 'true' ? '1' : '0';
  if (/^-?\d+(\.\d*)?([eE][+-]?\d+)?$/.test(s)) return String(Number(s));
  return s;
}

function describeSetting(s: ProfileSetting): string {
  const parts: string[] = [];
  if (s.value !== undefined) parts.push(`= ${s.value}`);
  if (s.min !== undefined) parts.push(`MIN ${s.min}`);
  if (s.max !== undefined) parts.push(`MAX ${s.max}`);
  if (s.writability !== undefined) parts.push(s.writability);
  return parts.join(' ') || '(no value)';
}

function settingKey(s: ProfileSetting): string {
  // READONLY is ClickHouse's alias of CONST.
  const w = s.writability === 'READONLY' ? 'CONST' : s.writability;
  // Stryker disable next-line StringLiteral: what stands for a part not set only has to be the same on both sides, and no normal form holds \u0000
  return [normalizeSettingValue(s.value), normalizeSettingValue(s.min), normalizeSettingValue(s.max), w].map((x) => x ?? '').join('\u0000');
}

function diffProfile(d: SettingsProfileSpec, live: SettingsProfileSpec | undefined, opts: DiffOptions): Change[] {
  const id = objectId(d);
  if (!live)
    return [change(id, 'missing_object', `settings profile ${d.name} does not exist`, safe([renderCreateSettingsProfile(d, opts)]), allowDestructive(opts))];
  // ALTER ... SETTINGS replaces the whole list, so every profile change carries the same full statement.
  const fix = safe([renderAlterSettingsProfile(d, opts)]);
  const out: Change[] = [];
  const liveByName = new Map(live.settings.map((s) => [s.name, s]));
  const desiredNames = new Set(d.settings.map((s) => s.name));
  for (const s of d.settings) {
    const l = liveByName.get(s.name);
    if (!l) out.push(change(id, 'profile_setting_missing', `setting ${s.name} ${describeSetting(s)} is not in the profile`, fix, allowDestructive(opts)));
    else if (settingKey(s) !== settingKey(l))
      out.push(
        change(id, 'profile_setting_changed', `setting ${s.name} is ${describeSetting(l)}, declared ${describeSetting(s)}`, fix, allowDestructive(opts)),
      );
  }
  for (const l of live.settings) {
    if (!desiredNames.has(l.name))
      out.push(change(id, 'profile_setting_extra', `setting ${l.name} ${describeSetting(l)} is not declared`, fix, allowDestructive(opts)));
  }
  const di = (d.inherit ?? []).join(', ');
  const li = (live.inherit ?? []).join(', ');
  if (di !== li) out.push(change(id, 'profile_inherit_changed', `inherits [${li}], declared [${di}]`, fix, allowDestructive(opts)));
  return out;
}

// ---- grants ----------------------------------------------------------------------------

// A partial revoke's leaves are kept apart by the caller (granted / revoked lists), so they need no revoke flag.
function entryLeaves(catalog: PrivilegeCatalog, e: GrantEntry): LeafGrant[] {
  const scope = { database: e.database, table: e.table ?? '*' };
  const cols = e.columns && e.columns.length ? e.columns : [undefined];
  return cols.flatMap((column) => expandGrant(catalog, e.privilege, { ...scope, column }, Boolean(e.grantOption)));
}

function describeEntry(e: GrantEntry): string {
  const cols = e.columns && e.columns.length ? `(${e.columns.join(', ')})` : '';
  // Stryker disable next-line ConditionalExpression,StringLiteral: a grant on every database (*) has no table either, so `*.${table ?? '*'}` prints *.* too
  return `${e.privilege}${cols} ON ${e.database === '*' ? '*.*' : `${e.database}.${e.table ?? '*'}`}${e.grantOption ? ' WITH GRANT OPTION' : ''}`;
}

function listSome(names: readonly string[], max = 6): string {
  return names.length <= max ? names.join(', ') : `${names.slice(0, max).join(', ')} and ${names.length - max} more`;
}

/**
 * Grants compared leaf by leaf (see sql/spec/privileges.ts). A declared leaf is satisfied when some
 * live grant at the same or a broader scope has it (with grant option if declared) and no
 * partial revoke takes it away; a live leaf is extra when no declared grant covers it.
 */
function diffGrants(d: GrantSpec, live: GrantSpec | undefined, opts: AccessDiffOptions): Change[] {
  const id = objectId(d);
  const catalog = opts.privileges ?? DEFAULT_PRIVILEGE_CATALOG;
  if (!live) {
    return [
      change(
        id,
        'missing_object',
        `${d.grantee} does not exist or has no grants; declared ${d.grants.map(describeEntry).join('; ')}`,
        safe(d.grants.map((g) => renderGrant(d.grantee, g, opts, catalog))),
        revokeExtra(d),
      ),
    ];
  }
  const liveEntries = live.grants as readonly LiveGrantEntry[];
  const granted = liveEntries.filter((e) => !e.partialRevoke).flatMap((e) => entryLeaves(catalog, e));
  const revoked = liveEntries.filter((e) => e.partialRevoke).flatMap((e) => entryLeaves(catalog, e));
  const out: Change[] = [];

  for (const entry of d.grants) {
    const missing = entryLeaves(catalog, entry).filter((leaf) => {
      const has = granted.some((g) => g.privilege === leaf.privilege && scopeCovers(g, leaf) && (g.grantOption || !leaf.grantOption));
      const taken = revoked.some((r) => r.privilege === leaf.privilege && scopeCovers(r, leaf) && (!r.grantOption || leaf.grantOption));
      return !has || taken;
    });
    // A partial revoke narrower than the declared scope (REVOKE SELECT ON monitor.t under a
    // declared ALL ON monitor.*) takes part of the declared grant away too; a revoke of the grant
    // option only (REVOKE GRANT OPTION FOR ...) takes away only a declared grant option.
    const holes = revoked.filter((r) =>
      entryLeaves(catalog, entry).some(
        (leaf) => leaf.privilege === r.privilege && scopeCovers(leaf, r) && !scopeCovers(r, leaf) && (!r.grantOption || leaf.grantOption),
      ),
    );
    if (missing.length) {
      const names = compactLeaves(catalog, [...new Set(missing.map((m) => m.privilege))], scopeKind(missing[0]));
      out.push(
        change(
          id,
          'grant_missing',
          `${describeEntry(entry)} is not (fully) granted to ${d.grantee}: missing ${listSome(names)}`,
          safe([renderGrant(d.grantee, entry, opts, catalog)]),
          revokeExtra(d),
        ),
      );
    } else if (holes.length) {
      const where = [...new Set(holes.map((h) => renderGrantTarget(h).replace(/`/g, '')))];
      const names = [...new Set(holes.map((h) => h.privilege))];
      // Granting at the declared scope again replaces the narrower revokes beneath it.
      out.push(
        change(
          id,
          'grant_missing',
          `${describeEntry(entry)} is partially revoked from ${d.grantee}: ${listSome(names)} revoked on ${listSome(where)}`,
          safe([renderGrant(d.grantee, entry, opts, catalog)]),
          revokeExtra(d),
        ),
      );
    }
  }

  const declared = d.grants.flatMap((e) => entryLeaves(catalog, e));
  // Extra leaves grouped by scope and by whether only the grant option is extra.
  const groups = new Map<string, { scope: LeafGrant; grantOptionOnly: boolean; leaves: Set<string> }>();
  for (const g of granted) {
    const covering = declared.filter((x) => x.privilege === g.privilege && scopeCovers(x, g));
    let grantOptionOnly: boolean;
    if (covering.length === 0) grantOptionOnly = false;
    else if (g.grantOption && !covering.some((x) => x.grantOption)) grantOptionOnly = true;
    else continue;
    const key = `${scopeKey(g)}\u0000${grantOptionOnly}`;
    const group = groups.get(key) ?? { scope: g, grantOptionOnly, leaves: new Set<string>() };
    group.leaves.add(g.privilege);
    groups.set(key, group);
  }
  for (const { scope, grantOptionOnly, leaves } of groups.values()) {
    const kind = scopeKind(scope);
    const names = compactLeaves(catalog, [...leaves], kind);
    // Parameterized privileges (READ, CREATE USER, ...) granted per database name are written ON name.
    // (ALL reaches non-parameterized leaves too, so it is never written ON name.)
    const isParam = (n: string): boolean => kind === 'database' && catalog.applicableLeaves(n, kind).every((l) => catalog.isParameterized(l));
    // READ/WRITE take a source type (S3, URL, ...) in SQL, yet `GRANT ALL ON db.*` stores them
    // with the database name as parameter: no REVOKE can name that, only REVOKE ALL ON db.*.
    // No group of ClickHouse 26.7's catalog mixes SOURCE leaves with other parameterized ones, so every() and some() agree there.
    const unsayable = names.filter((n) => isParam(n) && catalog.applicableLeaves(n, kind).every((l) => catalog.level(l) === 'SOURCE'));
    const sayable = names.filter((n) => !unsayable.includes(n));
    const statements = [false, true]
      .map((param) => sayable.filter((n) => isParam(n) === param))
      .filter((list) => list.length > 0)
      .map((list) => renderRevoke(d.grantee, { privileges: list, scope, parameterized: isParam(list[0]), grantOptionOnly }, opts, catalog));
    const where = renderGrantTarget(scope).replace(/`/g, '');
    if (unsayable.length) {
      out.push(
        change(
          id,
          'grant_extra',
          `${unsayable.join(', ')} ON ${scope.database} (left by GRANT ALL ON ${scope.database}.*) granted to ${d.grantee} but not declared`,
          {
            statements: [],
            inPlace: false,
            destructive: true,
            hint: `ClickHouse has no REVOKE for ${unsayable.join('/')} on a database name: run REVOKE ALL ON ${scope.database}.* FROM ${d.grantee} and deploy again to re-grant what is declared`,
          },
          NEVER,
        ),
      );
      if (!statements.length) continue;
    }
    const detail = `${grantOptionOnly ? 'grant option for ' : ''}${listSome(names)} ON ${where}${scope.column !== undefined ? ` (column ${scope.column})` : ''} granted to ${d.grantee} but not declared`;
    // Runs only with the grant's revokeExtra (its hint says so otherwise), whatever allowDestructive says.
    out.push(change(id, 'grant_extra', detail, { statements, inPlace: true, destructive: true }, revokeExtra(d)));
  }
  return out;
}
