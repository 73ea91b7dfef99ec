// One drift check: read the live state of everything a set of desired objects touches (a
// constant number of queries), put both sides in the server's canonical form, and diff.
import { Change } from '../spec/changes';
import { diff } from '../diff';
import { introspectAccess, introspectAccessReplicas, accessStorageInfo } from './introspect-access';
import { introspectDatabases, introspectReplicas } from './introspect-tables';
import { QueryFn } from './client';
import { LiveUserAuth, DiffOptions, isAccessKind, LiveSchema, ObjectSpec, objectId, UserSpec, RenderOptions } from '../spec/model';
import { normalizeHosts } from '../spec/hosts';
import { canonicalize, canonicalizeSnapshots } from './canonicalize';
import { accessBlockReason } from '../diff/access-storage';
import { diffReplicas } from '../diff/replicas';
import { blocked } from '../diff/change';
import { RevisionRecord } from './revisions';

export interface DriftScope {
  readonly databases: string[];
  readonly users: string[];
  readonly profiles: string[];
  readonly grantees: string[];
}

export function scopeOf(desired: readonly ObjectSpec[]): DriftScope {
  const s = { databases: new Set<string>(), users: new Set<string>(), profiles: new Set<string>(), grantees: new Set<string>() };
  for (const o of desired) {
    switch (o.kind) {
      case 'database':
        s.databases.add(o.name);
        break;
      case 'table':
        s.databases.add(o.database);
        break;
      case 'materialized_view':
        s.databases.add(o.database);
        s.databases.add(o.to.database);
        break;
      case 'user':
        s.users.add(o.name);
        break;
      case 'settings_profile':
        s.profiles.add(o.name);
        break;
      case 'grant':
        s.grantees.add(o.grantee);
        break;
    }
  }
  return { databases: [...s.databases].sort(), users: [...s.users].sort(), profiles: [...s.profiles].sort(), grantees: [...s.grantees].sort() };
}

/** The live password version is only known from the revisions record: the server stores no such thing. */
function withRecordedPasswordVersions(live: ObjectSpec[], revisions: ReadonlyMap<string, RevisionRecord> | undefined): ObjectSpec[] {
  if (!revisions) return live;
  return live.map((o) => {
    if (o.kind !== 'user') return o;
    const rec = revisions.get(`user:${o.name}`);
    if (!rec) return o;
    try {
      const applied = JSON.parse(rec.spec) as UserSpec;
      return applied.auth?.passwordVersion ? { ...o, auth: { ...o.auth, passwordVersion: applied.auth.passwordVersion } } : o;
    } catch {
      return o;
    }
  });
}

/**
 * The opt-in login probe (sql/live/login-probe.ts loginProbeFrom): can `user` log in with the password in
 * `passwordEnv`? undefined when it could not be asked (the variable is not set here).
 */
export type LoginProbe = (user: string, passwordEnv: string) => Promise<boolean | undefined>;

export interface DriftCheckOptions extends DiffOptions {
  readonly revisions?: ReadonlyMap<string, RevisionRecord>;
  /** Probe each declared password user that exists live; a failed login is drift (password_mismatch). @default no probe */
  readonly loginProbe?: LoginProbe;
}

/**
 * Asks the probe once per declared password user that exists live (in any of the `live`
 * snapshots), and returns the answers by user name. Users it cannot tell anything about are not
 * asked, and a notice says why: a variable not set here, or a host restriction (ClickHouse
 * refuses a login from a host the user may not use with the same error as a wrong password).
 */
async function probeLogins(
  desired: readonly ObjectSpec[],
  live: readonly ObjectSpec[],
  probe: LoginProbe | undefined,
  notices: string[],
): Promise<Map<string, boolean>> {
  const answers = new Map<string, boolean>();
  if (!probe) return answers;
  for (const d of desired) {
    const env = d.kind === 'user' && d.auth.method === 'sha256_hash' ? d.auth.passwordEnv : undefined;
    if (d.kind !== 'user' || env === undefined) continue;
    const copies = live.filter((o): o is UserSpec => o.kind === 'user' && o.name === d.name);
    if (copies.length === 0) continue;
    if ([d, ...copies].some((u) => normalizeHosts(u.hosts) !== 'ANY')) {
      notices.push(`login probe of user ${d.name} skipped: it may connect only from some hosts, and a login refused for the host fails like a wrong password`);
      continue;
    }
    const matches = await probe(d.name, env);
    if (matches === undefined) notices.push(`login probe of user ${d.name} skipped: $${env} is not set here, so its password was not checked`);
    else answers.set(d.name, matches);
  }
  return answers;
}

/** Live users with the probe's answer in auth.passwordMatches. */
function withProbeAnswers(live: ObjectSpec[], answers: ReadonlyMap<string, boolean>): ObjectSpec[] {
  if (answers.size === 0) return live;
  return live.map((o) => (o.kind === 'user' && answers.has(o.name) ? { ...o, auth: { ...o.auth, passwordMatches: answers.get(o.name) } as LiveUserAuth } : o));
}

export interface DriftResult {
  /** Changes per object id; every desired object has an entry (empty = in sync). */
  readonly byObject: Map<string, Change[]>;
  readonly changes: Change[];
  readonly live: ObjectSpec[];
  readonly queries?: number;
  /** Per-replica snapshots (canonical), when the cluster of opts.cluster was read replica by replica. */
  readonly replicas?: LiveSchema[];
  /** Things a person should know about this check (e.g. the stack's cluster is not defined on the server). */
  readonly notices?: string[];
}

export async function readLive(query: QueryFn, desired: readonly ObjectSpec[]): Promise<ObjectSpec[]> {
  const scope = scopeOf(desired);
  const [tables, access] = await Promise.all([
    scope.databases.length ? introspectDatabases(query, scope.databases) : Promise.resolve([] as ObjectSpec[]),
    scope.users.length + scope.profiles.length + scope.grantees.length
      ? introspectAccess(query, { users: scope.users, profiles: scope.profiles, grantees: scope.grantees })
      : Promise.resolve([] as ObjectSpec[]),
  ]);
  return [...tables, ...access];
}

/** Whether the server we talk to has `cluster` in system.clusters (one query). */
export async function hasCluster(query: QueryFn, cluster: string): Promise<boolean> {
  const [row] = await query<{ n: number | string }>('SELECT count() AS n FROM system.clusters WHERE cluster = {cluster:String}', { cluster });
  return Number(row?.n ?? 0) > 0;
}

function groupByObject(desired: readonly ObjectSpec[], changes: readonly Change[]): Map<string, Change[]> {
  const byObject = new Map<string, Change[]>();
  for (const o of desired) byObject.set(objectId(o), []);
  for (const c of changes) {
    const list = byObject.get(c.object) ?? [];
    list.push(c);
    byObject.set(c.object, list);
  }
  return byObject;
}

/**
 * Desired vs live. With opts.cluster set and that cluster defined on the server, every object is
 * read from every replica (introspectReplicas, introspectAccessReplicas) and diffed per replica
 * (../diff/replicas: changes name their host, 'replica_diverged' where replicas disagree): a user,
 * profile or grant kept in each node's local access storage can differ from node to node just as
 * a table can. The login probe runs on the connected node only. Without a cluster, one node.
 * A cluster the server does not define is not an error here: the single-node result comes back
 * with a notice, and every object with ON CLUSTER statements pending gets a blocked 'cluster_missing' change, because its ON
 * CLUSTER statements would fail there (CLUSTER_DOESNT_EXIST).
 */
export async function checkDrift(query: QueryFn, desired: readonly ObjectSpec[], opts: DriftCheckOptions = {}): Promise<DriftResult> {
  const cluster = opts.cluster;
  const clustered = cluster !== undefined && desired.length > 0 && (await hasCluster(query, cluster));
  if (cluster !== undefined && clustered) return checkClusterDrift(query, desired, cluster, opts);
  const probeNotices: string[] = [];
  const live = withRecordedPasswordVersions(await readLive(query, desired), opts.revisions);
  const answers = await probeLogins(desired, live, opts.loginProbe, probeNotices);
  const canon = await canonicalize(query, desired, withProbeAnswers(live, answers));
  const changes = diff(canon.desired, { objects: canon.live }, opts);
  const byObject = groupByObject(canon.desired, changes);
  if (cluster === undefined || desired.length === 0) return { byObject, changes, live: canon.live, ...(probeNotices.length ? { notices: probeNotices } : {}) };
  const notice = `cluster ${cluster} is not defined on this server (system.clusters has no such cluster): per-replica drift was not checked, and ON CLUSTER statements would fail with CLUSTER_DOESNT_EXIST`;
  for (const [id, list] of byObject) {
    if (!list.some((c) => c.statements.some((st) => st.includes(' ON CLUSTER ')))) continue;
    const change = blocked(
      id,
      'cluster_missing',
      `the stack deploys ON CLUSTER ${cluster}, which the server does not define`,
      `define cluster ${cluster} in the server's remote_servers, or set the stack's cluster to one in system.clusters`,
    );
    list.push(change);
    changes.push(change);
  }
  return { byObject, changes, live: canon.live, notices: [notice, ...probeNotices] };
}

async function checkClusterDrift(query: QueryFn, desired: readonly ObjectSpec[], cluster: string, opts: DriftCheckOptions): Promise<DriftResult> {
  const tableDesired = desired.filter((o) => !isAccessKind(o.kind));
  const accessDesired = desired.filter((o) => isAccessKind(o.kind));
  const tableScope = scopeOf(tableDesired);
  const accessScope = scopeOf(accessDesired);
  const [replicas, rawAccessReplicas] = await Promise.all([
    tableScope.databases.length ? introspectReplicas(query, cluster, tableScope.databases) : Promise.resolve([] as LiveSchema[]),
    accessDesired.length ? introspectAccessReplicas(query, cluster, accessScope) : Promise.resolve([] as LiveSchema[]),
  ]);
  // The login probe logs in on the node we are connected to; its answer stands for every replica.
  const probeNotices: string[] = [];
  const answers = await probeLogins(
    accessDesired,
    rawAccessReplicas.flatMap((r) => r.objects),
    opts.loginProbe,
    probeNotices,
  );
  const accessReplicas = rawAccessReplicas.map((r): LiveSchema => ({
    host: r.host,
    objects: withProbeAnswers(withRecordedPasswordVersions([...r.objects], opts.revisions), answers),
  }));
  // One formatter query for every replica's objects.
  const canon = await canonicalizeSnapshots(query, desired, [...replicas, ...accessReplicas]);
  const canonReplicas = canon.snapshots.slice(0, replicas.length);
  const canonAccessReplicas = canon.snapshots.slice(replicas.length);
  const canonTableDesired = canon.desired.filter((o) => !isAccessKind(o.kind));
  const canonAccessDesired = canon.desired.filter((o) => isAccessKind(o.kind));
  const changes = [...diffReplicas(canonTableDesired, canonReplicas, opts), ...diffReplicas(canonAccessDesired, canonAccessReplicas, opts)];
  return {
    byObject: groupByObject(canon.desired, changes),
    changes,
    live: [...(canonReplicas[0]?.objects ?? []), ...(canonAccessReplicas[0]?.objects ?? [])],
    replicas: canonReplicas.length ? canonReplicas : canonAccessReplicas,
    ...(probeNotices.length ? { notices: probeNotices } : {}),
  };
}

/**
 * Where access objects of `specs` have changes and the server's access storage cannot take them
 * with these options (accessBlockReason), adds a blocked 'access_storage_unavailable' change to
 * each of them in `byObject`. One query (system.user_directories), only when there is an access
 * change. The same rule at synth (the plan) and at apply (which then runs nothing for the object).
 * Returns what a person should be told, or undefined when nothing is blocked.
 */
export async function blockAccessChanges(
  query: QueryFn,
  byObject: Map<string, Change[]>,
  specs: readonly ObjectSpec[],
  opts: RenderOptions,
  host: string,
): Promise<string | undefined> {
  const pending = specs.filter((o) => isAccessKind(o.kind) && (byObject.get(objectId(o))?.length ?? 0) > 0);
  if (pending.length === 0) return undefined;
  const storage = await accessStorageInfo(query);
  const why = accessBlockReason(storage, opts, host);
  if (why === undefined) return undefined;
  for (const o of pending) {
    const id = objectId(o);
    const change = blocked(
      id,
      'access_storage_unavailable',
      why,
      'point the stack at a server with local_directory or replicated access storage, or drop access objects from this stack',
    );
    byObject.set(id, [...(byObject.get(id) ?? []), change]);
  }
  return storage.message ?? why;
}
