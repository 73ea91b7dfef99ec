// The provider's view of the server, through sql/live's one read (readSnapshot). Two uses:
// - snapshots, for Read and Plan: everything the requested objects touch (their databases,
//   users, profiles, grantees) read in bulk and canonical, cached for the life of the provider
//   process (one plan = one process), so a plan costs a constant number of queries whatever the
//   number of tables;
// - fresh reads, for Apply: not cached (the server may have moved since plan, and apply verifies
//   what it did), batched across the resources Terraform applies at the same time.
import { QueryFn } from '../sql/live/client';
import { SERVER_CONSTANT_QUERIES } from '../sql/live/introspect-tables';
import { DriftScope, hasCluster, narrowScopeOf, readSnapshot, scopeOf } from '../sql/live/snapshot';
import { LiveSnapshot, ObjectSpec, objectId } from '../sql/spec/model';
import { Batcher } from './batcher';

/** How long a fresh read waits for others to join its batch (ms). */
export const FRESH_BATCH_WINDOW_MS = 100;

/** How long a canonical-form request waits for others (ms): plans arrive up to -parallelism at once. */
export const CANONICAL_BATCH_WINDOW_MS = 20;

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

export class LiveReader {
  private clustered?: Promise<boolean>;
  private readonly snapshots = new Map<string, Promise<LiveSnapshot>>();
  private readonly snapshotBatcher: Batcher<string, LiveSnapshot>;
  private readonly canonicalBatcher: Batcher<ObjectSpec, ObjectSpec>;
  private readonly freshBatcher: Batcher<ObjectSpec, FreshRead>;
  private readonly query: QueryFn;
  /** Queries sent, for tests and the benchmark. */
  queries = 0;

  constructor(
    query: QueryFn,
    private readonly opts: LiveReaderOptions = {},
  ) {
    const constant = new Map<string, Promise<unknown[]>>();
    this.query = (async <T>(sql: string, params?: Record<string, unknown>) => {
      if (SERVER_CONSTANT_QUERIES.has(sql) && !params) {
        let p = constant.get(sql);
        if (!p) {
          this.queries++;
          p = query<T>(sql);
          constant.set(sql, p);
          p.catch(() => constant.delete(sql));
        }
        return (await p) as T[];
      }
      this.queries++;
      return query<T>(sql, params);
    }) as QueryFn;
    this.snapshotBatcher = new Batcher(async (keys) => {
      const { snapshot } = await this.read(scopeFromKeys(keys), []);
      return keys.map(() => snapshot);
    });
    this.canonicalBatcher = new Batcher(
      async (specs) => (await this.read({ databases: [], users: [], profiles: [], grantees: [] }, specs)).desired,
      CANONICAL_BATCH_WINDOW_MS,
    );
    // Only the objects asked for: apply reads each object twice, so a whole-database read here
    // would make a deploy of n tables cost n database reads.
    // Applies arrive one by one as Terraform's workers free up (each waits for Terraform to write
    // its state): a wider window than the plan's collects several of them into one read.
    this.freshBatcher = new Batcher(async (specs) => {
      const { desired, snapshot } = await this.read(narrowScopeOf(specs), specs);
      return desired.map((d) => ({ desired: d, live: snapshot }));
    }, FRESH_BATCH_WINDOW_MS);
  }

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
  async readNow(spec: ObjectSpec): Promise<LiveSnapshot> {
    return (await this.read(narrowScopeOf([spec]), [])).snapshot;
  }

  /**
   * After apply changed `spec`'s object: put what apply read back (`live`, canonical, or undefined
   * when it is gone) into the cached snapshots, so the plans Terraform makes during the same apply
   * see it without reading the whole database again. With replicas the snapshots are dropped instead.
   */
  remember(spec: ObjectSpec, live: LiveSnapshot | undefined): void {
    const id = objectId(spec);
    for (const key of scopeKeys(spec)) {
      const cached = this.snapshots.get(key);
      if (!cached) continue;
      if (!live || live.replicas) {
        this.snapshots.delete(key);
        continue;
      }
      const obj = live.objects.get(id);
      this.snapshots.set(
        key,
        cached.then((snap) => {
          const objects = new Map(snap.objects);
          if (obj) objects.set(id, obj);
          else objects.delete(id);
          const data = new Map(snap.data ?? []);
          const d = live.data?.get(id);
          if (d) data.set(id, d);
          else data.delete(id);
          return { objects, ...(snap.data || live.data ? { data } : {}) };
        }),
      );
    }
  }

  /** Forget cached snapshots touching `spec`. */
  invalidate(spec: ObjectSpec): void {
    for (const key of scopeKeys(spec)) this.snapshots.delete(key);
  }

  /** Whether the provider's cluster is defined on the server (false without a cluster). */
  clusterIsDefined(): Promise<boolean> {
    const cluster = this.opts.cluster;
    if (cluster === undefined) return Promise.resolve(false);
    this.clustered ??= hasCluster(this.query, cluster);
    return this.clustered;
  }

  private async read(scope: DriftScope, desired: readonly ObjectSpec[]) {
    return readSnapshot(this.query, scope, desired, (await this.clusterIsDefined()) ? this.opts.cluster : undefined);
  }
}

function mergeSnapshots(parts: readonly LiveSnapshot[]): LiveSnapshot {
  if (parts.length === 1) return parts[0];
  const objects = new Map<string, ObjectSpec>();
  for (const p of parts) for (const [k, v] of p.objects) objects.set(k, v);
  const withData = parts.filter((p) => p.data);
  const data = withData.length ? { data: new Map(withData.flatMap((p) => [...p.data!])) } : {};
  const withReplicas = parts.filter((p) => p.replicas);
  if (withReplicas.length === 0) return { objects, ...data };
  // Replica order is system.clusters order in every part; objects of a host merged by id.
  const hosts = new Map<string, Map<string, ObjectSpec>>();
  for (const p of withReplicas) {
    for (const r of p.replicas!) {
      const m = hosts.get(r.host ?? '') ?? new Map<string, ObjectSpec>();
      for (const o of r.objects) m.set(objectId(o), o);
      hosts.set(r.host ?? '', m);
    }
  }
  return { objects, replicas: [...hosts].map(([host, m]) => ({ ...(host ? { host } : {}), objects: [...m.values()] })) };
}
