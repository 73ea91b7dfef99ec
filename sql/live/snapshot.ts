// One read of the server around a set of objects: a constant number of queries (one per system
// table; per replica through clusterAllReplicas when a cluster is given), one query for what the
// tables hold (parts, pending mutations; single node only), and one formatter query that puts the
// live objects, and any desired ones passed along, in the server's canonical form.
// The drift check and the Terraform provider both read the server through this.
import { canonicalize, canonicalizeSnapshots } from './canonicalize';
import { QueryFn } from './client';
import { introspectAccess, introspectAccessReplicas } from './introspect-access';
import { introspectDatabases, introspectReplicas, introspectTableData } from './introspect-tables';
import { isDatabaseObject, LiveSchema, LiveSnapshot, ObjectSpec, objectId } from '../spec/model';
import { TableData } from '../spec/changes';

/** The names a read covers: databases (with all their tables and views) and access entities. */
export interface DriftScope {
  readonly databases: readonly string[];
  /** Only these tables and views of the databases (by name); [] for none. @default all of them */
  readonly tables?: readonly string[];
  readonly users: readonly string[];
  readonly profiles: readonly string[];
  readonly grantees: readonly string[];
  /** Roles in scope. @default [] */
  readonly roles?: readonly string[];
  /** Quotas in scope. @default [] */
  readonly quotas?: readonly string[];
  /** Row policies in scope ('p ON db.t'). @default [] */
  readonly rowPolicies?: readonly string[];
}

export function scopeOf(desired: readonly ObjectSpec[]): DriftScope {
  const s = {
    databases: new Set<string>(),
    users: new Set<string>(),
    profiles: new Set<string>(),
    grantees: new Set<string>(),
    roles: new Set<string>(),
    quotas: new Set<string>(),
    rowPolicies: new Set<string>(),
  };
  for (const o of desired) {
    switch (o.kind) {
      case 'database':
        s.databases.add(o.name);
        break;
      case 'table':
      case 'view':
        s.databases.add(o.database);
        break;
      case 'materialized_view':
        s.databases.add(o.database);
        if (o.to !== undefined) s.databases.add(o.to.database);
        break;
      case 'dictionary':
        s.databases.add(o.database);
        break;
      case 'user':
        s.users.add(o.name);
        break;
      case 'role':
        s.roles.add(o.name);
        break;
      case 'quota':
        s.quotas.add(o.name);
        break;
      case 'row_policy':
        s.rowPolicies.add(`${o.name} ON ${o.database}.${o.table}`);
        break;
      case 'settings_profile':
        s.profiles.add(o.name);
        break;
      case 'grant':
        s.grantees.add(o.grantee);
        break;
    }
  }
  return {
    databases: [...s.databases].sort(),
    users: [...s.users].sort(),
    profiles: [...s.profiles].sort(),
    grantees: [...s.grantees].sort(),
    roles: [...s.roles].sort(),
    quotas: [...s.quotas].sort(),
    rowPolicies: [...s.rowPolicies].sort(),
  };
}

const hasAccess = (scope: DriftScope): boolean =>
  scope.users.length +
    scope.profiles.length +
    scope.grantees.length +
    (scope.roles?.length ?? 0) +
    (scope.quotas?.length ?? 0) +
    (scope.rowPolicies?.length ?? 0) >
  0;

/** Whether the server we talk to has `cluster` in system.clusters (one query). */
export async function hasCluster(query: QueryFn, cluster: string): Promise<boolean> {
  const [row] = await query<{ n: number | string }>('SELECT count() AS n FROM system.clusters WHERE cluster = {cluster:String}', { cluster });
  return Number(row?.n ?? 0) > 0;
}

/** The live objects `scope` covers on the connected node, as the server prints them (not canonical). */
export async function readLive(query: QueryFn, scope: DriftScope): Promise<ObjectSpec[]> {
  const [tables, access] = await Promise.all([
    scope.databases.length ? introspectDatabases(query, scope.databases, scope.tables) : Promise.resolve([] as ObjectSpec[]),
    hasAccess(scope) ? introspectAccess(query, scope) : Promise.resolve([] as ObjectSpec[]),
  ]);
  return [...tables, ...access];
}

/** Table and access snapshots of the same replicas as one snapshot per replica, in system.clusters order. */
function zipReplicas(tables: readonly LiveSchema[], access: readonly LiveSchema[]): LiveSchema[] {
  const hosts: string[] = [];
  for (const r of [...tables, ...access]) if (!hosts.includes(r.host ?? '')) hosts.push(r.host ?? '');
  return hosts.map((host) => ({
    ...(host ? { host } : {}),
    objects: [...tables, ...access].filter((r) => (r.host ?? '') === host).flatMap((r) => r.objects),
  }));
}

/** The scope of exactly these objects: their databases' rows, only their own tables and views, their access entities. */
export function narrowScopeOf(objects: readonly ObjectSpec[]): DriftScope {
  const tables = new Set<string>();
  for (const o of objects) {
    if (isDatabaseObject(o)) tables.add(o.name);
    if (o.kind === 'dictionary') tables.add(o.name);
    // A table's old name too: apply reads back what it renames.
    if (o.kind === 'table' && o.renamedFrom !== undefined) tables.add(o.renamedFrom);
  }
  return { ...scopeOf(objects), tables: [...tables].sort() };
}

export function byId(objects: readonly ObjectSpec[]): Map<string, ObjectSpec> {
  return new Map(objects.map((o) => [objectId(o), o]));
}

/**
 * Reads `scope` (from every replica of `cluster` when given: pass it only when the server defines
 * it) and returns the canonical snapshot, with `desired` canonical too (same formatter query).
 */
export async function readSnapshot(
  query: QueryFn,
  scope: DriftScope,
  desired: readonly ObjectSpec[] = [],
  cluster?: string,
): Promise<{ desired: ObjectSpec[]; snapshot: LiveSnapshot }> {
  if (cluster !== undefined) {
    const [tables, access] = await Promise.all([
      scope.databases.length ? introspectReplicas(query, cluster, scope.databases, scope.tables) : Promise.resolve([] as LiveSchema[]),
      hasAccess(scope) ? introspectAccessReplicas(query, cluster, scope) : Promise.resolve([] as LiveSchema[]),
    ]);
    const canon = await canonicalizeSnapshots(query, desired, zipReplicas(tables, access));
    return { desired: canon.desired, snapshot: { objects: byId(canon.snapshots[0]?.objects ?? []), replicas: canon.snapshots } };
  }
  const [live, data] = await Promise.all([
    readLive(query, scope),
    scope.databases.length && scope.tables?.length !== 0 ? introspectTableData(query, scope.databases, scope.tables) : Promise.resolve(undefined),
  ]);
  const canon = await canonicalize(query, desired, live);
  return { desired: canon.desired, snapshot: { objects: byId(canon.live), ...(data ? { data: dataOf(canon.live, data) } : {}) } };
}

/**
 * What each live MergeTree-family table holds (no active parts: empty). Other engines (Memory,
 * Log, Distributed…) and detached tables are left out: system.parts does not see their rows, so
 * what they hold stays unknown rather than read as empty.
 */
function dataOf(live: readonly ObjectSpec[], read: Awaited<ReturnType<typeof introspectTableData>>): Map<string, TableData> {
  const out = new Map<string, TableData>();
  for (const o of live) {
    if (o.kind !== 'table' || o.detached || !o.engine.name.includes('MergeTree')) continue;
    const d = read.byTable.get(`${o.database}.${o.name}`) ?? { rows: 0, bytes: 0, parts: 0, pendingMutations: 0, partitions: [], columnsOnDisk: [] };
    out.set(objectId(o), { ...d, materializeTtlAfterModify: read.materializeTtlAfterModify });
  }
  return out;
}
