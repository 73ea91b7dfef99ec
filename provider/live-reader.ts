// The provider's view of the server. Two kinds of reads:
// - snapshots, for Read and Plan: one bulk introspection of everything the requested objects
//   touch (their databases, users, profiles, grantees), put in canonical form by one formatter
//   query, and cached for the life of the provider process (one plan = one process), so a plan
//   costs a constant number of queries whatever the number of tables;
// - fresh reads, for Apply: not cached (the server may have moved since plan, and apply verifies
//   what it did), batched across the resources Terraform applies at the same time.
// With a cluster that the server defines, every object is read from every replica at once
// (clusterAllReplicas): still a constant number of queries.
import { canonicalize, canonicalizeSnapshots } from '../sql/live/canonicalize';
import { hasCluster, readLive, scopeOf } from '../sql/live/drift-check';
import { introspectAccess, introspectAccessReplicas } from '../sql/live/introspect-access';
import { introspectDatabases, introspectReplicas } from '../sql/live/introspect-tables';
import { QueryFn } from '../sql/live/client';
import { LiveSchema, ObjectSpec, objectId } from '../sql/spec/model';
import { Batcher } from './batcher';

export interface LiveSnapshot {
  /** Canonical live objects on the connected node (with a cluster: the first replica). */
  readonly objects: ReadonlyMap<string, ObjectSpec>;
  /** Canonical objects of every replica, when the cluster is read replica by replica. */
  readonly replicas?: readonly LiveSchema[];
}

export interface FreshRead {
  /** The desired spec in canonical form (same formatter query as the live side). */
  readonly desired: ObjectSpec;
  readonly live: LiveSnapshot;
}

export interface LiveReaderOptions {
  readonly cluster?: string;
}

/** Keys of the bulk reads an object needs: 'db:monitor', 'user:monitor', ... */
export function scopeKeys(spec: ObjectSpec): string[] {
  const s = scopeOf([spec]);
  return [
    ...s.databases.map((d) => `db:${d}`),
    ...s.users.map((u) => `user:${u}`),
    ...s.profiles.map((p) => `profile:${p}`),
    ...s.grantees.map((g) => `grantee:${g}`),
  ];
}

function scopeFromKeys(keys: readonly string[]) {
  const pick = (prefix: string) => [...new Set(keys.filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length)))].sort();
  return { databases: pick('db:'), users: pick('user:'), profiles: pick('profile:'), grantees: pick('grantee:') };
}

function byId(objects: readonly ObjectSpec[]): Map<string, ObjectSpec> {
  return new Map(objects.map((o) => [objectId(o), o]));
}

export class LiveReader {
  private clustered?: Promise<boolean>;
  private readonly snapshots = new Map<string, Promise<LiveSnapshot>>();
  private readonly snapshotBatcher: Batcher<string, LiveSnapshot>;
  private readonly canonicalBatcher: Batcher<ObjectSpec, ObjectSpec>;
  private readonly freshBatcher: Batcher<ObjectSpec, FreshRead>;
  /** Queries sent, for tests and the benchmark. */
  queries = 0;

  constructor(
    query: QueryFn,
    private readonly opts: LiveReaderOptions = {},
  ) {
    this.query = (async <T>(sql: string, params?: Record<string, unknown>) => {
      this.queries++;
      return query<T>(sql, params);
    }) as QueryFn;
    this.snapshotBatcher = new Batcher(async (keys) => {
      const snap = await this.readScope(keys);
      return keys.map(() => snap);
    });
    this.canonicalBatcher = new Batcher(async (specs) => (await canonicalize(this.query, specs, [])).desired);
    this.freshBatcher = new Batcher((specs) => this.readFresh(specs));
  }

  private readonly query: QueryFn;

  /** The live state around `spec`, from this process's cached bulk reads. */
  async snapshotFor(spec: ObjectSpec): Promise<LiveSnapshot> {
    const parts = await Promise.all(
      scopeKeys(spec).map((key) => {
        let p = this.snapshots.get(key);
        if (!p) {
          p = this.snapshotBatcher.get(key);
          this.snapshots.set(key, p);
          p.catch(() => this.snapshots.delete(key));
        }
        return p;
      }),
    );
    return mergeSnapshots(parts);
  }

  /** `spec` with its expressions in the server's canonical form (batched with concurrent callers). */
  canonical(spec: ObjectSpec): Promise<ObjectSpec> {
    return this.canonicalBatcher.get(spec);
  }

  /** A fresh (uncached) read of the live state around `spec`, with `spec` canonical (batched). */
  fresh(spec: ObjectSpec): Promise<FreshRead> {
    return this.freshBatcher.get(spec);
  }

  /** An uncached read of everything around `spec`, which only needs its identity fields (import). */
  readNow(spec: ObjectSpec): Promise<LiveSnapshot> {
    return this.readScope(scopeKeys(spec));
  }

  /** Forget cached snapshots touching `spec` (after apply changed it). */
  invalidate(spec: ObjectSpec): void {
    for (const key of scopeKeys(spec)) this.snapshots.delete(key);
  }

  /** Whether the provider's cluster is defined on the server (false without a cluster). */
  clusterIsDefined(): Promise<boolean> {
    return this.isClustered();
  }

  private isClustered(): Promise<boolean> {
    const cluster = this.opts.cluster;
    if (cluster === undefined) return Promise.resolve(false);
    this.clustered ??= hasCluster(this.query, cluster);
    return this.clustered;
  }

  private async readScope(keys: readonly string[]): Promise<LiveSnapshot> {
    const scope = scopeFromKeys(keys);
    const hasAccess = scope.users.length + scope.profiles.length + scope.grantees.length > 0;
    if (await this.isClustered()) {
      const cluster = this.opts.cluster!;
      const [tables, access] = await Promise.all([
        scope.databases.length ? introspectReplicas(this.query, cluster, scope.databases) : Promise.resolve([] as LiveSchema[]),
        hasAccess ? introspectAccessReplicas(this.query, cluster, scope) : Promise.resolve([] as LiveSchema[]),
      ]);
      const replicas = zipReplicas(tables, access);
      const canon = await canonicalizeSnapshots(this.query, [], replicas);
      return { objects: byId(canon.snapshots[0]?.objects ?? []), replicas: canon.snapshots };
    }
    const [tables, access] = await Promise.all([
      scope.databases.length ? introspectDatabases(this.query, scope.databases) : Promise.resolve([] as ObjectSpec[]),
      hasAccess ? introspectAccess(this.query, scope) : Promise.resolve([] as ObjectSpec[]),
    ]);
    const canon = await canonicalize(this.query, [], [...tables, ...access]);
    return { objects: byId(canon.live) };
  }

  private async readFresh(specs: readonly ObjectSpec[]): Promise<FreshRead[]> {
    if (await this.isClustered()) {
      const cluster = this.opts.cluster!;
      const scope = scopeOf(specs);
      const [tables, access] = await Promise.all([
        scope.databases.length ? introspectReplicas(this.query, cluster, scope.databases) : Promise.resolve([] as LiveSchema[]),
        scope.users.length + scope.profiles.length + scope.grantees.length
          ? introspectAccessReplicas(this.query, cluster, scope)
          : Promise.resolve([] as LiveSchema[]),
      ]);
      const canon = await canonicalizeSnapshots(this.query, specs, zipReplicas(tables, access));
      const live: LiveSnapshot = { objects: byId(canon.snapshots[0]?.objects ?? []), replicas: canon.snapshots };
      return canon.desired.map((desired) => ({ desired, live }));
    }
    const canon = await canonicalize(this.query, specs, await readLive(this.query, specs));
    const live: LiveSnapshot = { objects: byId(canon.live) };
    return canon.desired.map((desired) => ({ desired, live }));
  }
}

/** Table and access snapshots of the same replicas (same host order) as one snapshot per replica. */
function zipReplicas(tables: readonly LiveSchema[], access: readonly LiveSchema[]): LiveSchema[] {
  const hosts = [...new Set([...tables, ...access].map((r) => r.host ?? ''))];
  return hosts.map((host) => ({
    host: host || undefined,
    objects: [...(tables.find((t) => (t.host ?? '') === host)?.objects ?? []), ...(access.find((a) => (a.host ?? '') === host)?.objects ?? [])],
  }));
}

function mergeSnapshots(parts: readonly LiveSnapshot[]): LiveSnapshot {
  if (parts.length === 1) return parts[0];
  const objects = new Map<string, ObjectSpec>();
  for (const p of parts) for (const [k, v] of p.objects) objects.set(k, v);
  const withReplicas = parts.filter((p) => p.replicas);
  if (withReplicas.length === 0) return { objects };
  // Replica order is system.clusters order in every part; objects of a host merged by id.
  const hosts = new Map<string, Map<string, ObjectSpec>>();
  for (const p of withReplicas) {
    for (const r of p.replicas!) {
      const m = hosts.get(r.host ?? '') ?? new Map<string, ObjectSpec>();
      for (const o of r.objects) m.set(objectId(o), o);
      hosts.set(r.host ?? '', m);
    }
  }
  return { objects, replicas: [...hosts].map(([host, m]) => ({ host: host || undefined, objects: [...m.values()] })) };
}
