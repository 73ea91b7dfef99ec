// One drift check: read the live state of everything a set of desired objects touches (a
// constant number of queries), put both sides in the server's canonical form, and diff.
import { Change } from './changes';
import { diff } from './diff';
import { introspectAccess } from './introspect-access';
import { introspectDatabases, QueryFn } from './introspect';
import { DiffOptions, ObjectSpec, objectId, UserSpec } from './model';
import { canonicalize } from './normalize';
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
      case 'database': s.databases.add(o.name); break;
      case 'table': s.databases.add(o.database); break;
      case 'materialized_view': s.databases.add(o.database); s.databases.add(o.to.database); break;
      case 'user': s.users.add(o.name); break;
      case 'settings_profile': s.profiles.add(o.name); break;
      case 'grant': s.grantees.add(o.grantee); break;
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

export interface DriftResult {
  /** Changes per object id; every desired object has an entry (empty = in sync). */
  readonly byObject: Map<string, Change[]>;
  readonly changes: Change[];
  readonly live: ObjectSpec[];
  readonly queries?: number;
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

export async function checkDrift(query: QueryFn, desired: readonly ObjectSpec[], opts: DiffOptions & { revisions?: ReadonlyMap<string, RevisionRecord> } = {}): Promise<DriftResult> {
  const rawLive = withRecordedPasswordVersions(await readLive(query, desired), opts.revisions);
  const canon = await canonicalize(query, desired, rawLive);
  const changes = diff(canon.desired, { objects: canon.live }, opts);
  const byObject = new Map<string, Change[]>();
  for (const o of canon.desired) byObject.set(objectId(o), []);
  for (const c of changes) {
    const list = byObject.get(c.object) ?? [];
    list.push(c);
    byObject.set(c.object, list);
  }
  return { byObject, changes, live: canon.live };
}
