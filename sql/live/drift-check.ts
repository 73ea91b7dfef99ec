// One drift check: read the live state of everything a set of desired objects touches (a
// constant number of queries), put both sides in the server's canonical form, and evaluate each
// object as the Terraform provider does.
import { Change } from '../spec/changes';
import { accessStorageInfo } from './introspect-access';
import { QueryFn } from './client';
import { DiffOptions, isAccessKind, LiveSchema, ObjectSpec, objectId, UserSpec, RenderOptions } from '../spec/model';
import { normalizeHosts } from '../spec/hosts';
import { accessBlockReason } from '../diff/access-storage';
import { blocked } from '../diff/change';
import { evaluateObject, EvaluateFacts } from '../diff/evaluate';
import { RevisionRecord } from './revisions';
import { hasCluster, readSnapshot, scopeOf } from './snapshot';

export { DriftScope, hasCluster, readLive, scopeOf } from './snapshot';

/** The password version each user was last applied with, by object id, from the record: the server stores no such thing. */
function recordedPasswordVersions(revisions: ReadonlyMap<string, RevisionRecord> = new Map()): Map<string, string | undefined> {
  const out = new Map<string, string | undefined>();
  for (const [id, rec] of revisions) {
    // Stryker disable next-line ConditionalExpression,StringLiteral: another kind's record has no auth (reading it throws, caught below) and its id is no user's; the check saves parsing it
    if (!id.startsWith('user:')) continue;
    try {
      out.set(id, (JSON.parse(rec.spec) as UserSpec).auth.passwordVersion);
    } catch {
      // A damaged record only means the version is not compared.
    }
  }
  return out;
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
  /** Objects (by id) whose construct allows destructive changes, beyond allowDestructive. @default none */
  readonly allowDestructiveObjects?: ReadonlySet<string>;
}

/**
 * Asks the probe once per declared password user that exists live (in any of the `live`
 * snapshots), and returns the answers by object id. Users it cannot tell anything about are not
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
    // Stryker disable next-line ConditionalExpression: only sha256_hash has a password variable (no_password has none); the test narrows the type
    const env = d.kind === 'user' && d.auth.method === 'sha256_hash' ? d.auth.passwordEnv : undefined;
    // Stryker disable next-line ConditionalExpression: env is undefined for every other kind; the kind test narrows the type
    if (d.kind !== 'user' || env === undefined) continue;
    const copies = live.filter((o): o is UserSpec => o.kind === 'user' && o.name === d.name);
    if (copies.length === 0) continue;
    if ([d, ...copies].some((u) => normalizeHosts(u.hosts) !== 'ANY')) {
      notices.push(`login probe of user ${d.name} skipped: it may connect only from some hosts, and a login refused for the host fails like a wrong password`);
      continue;
    }
    const matches = await probe(d.name, env);
    if (matches === undefined) notices.push(`login probe of user ${d.name} skipped: $${env} is not set here, so its password was not checked`);
    else answers.set(objectId(d), matches);
  }
  return answers;
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

/**
 * Desired vs live, object by object, through evaluateObject (sql/diff/evaluate.ts: the same
 * verdict the Terraform provider plans with). With opts.cluster set and that cluster defined on
 * the server, every object is read from every replica (changes name their host,
 * 'replica_diverged' where replicas disagree): a user, profile or grant kept in each node's local
 * access storage can differ from node to node just as a table can. The login probe runs on the
 * connected node only. A cluster the server does not define is not an error here: the
 * single-node result comes back with a notice, and every object with ON CLUSTER statements
 * pending gets a blocked 'cluster_missing' change (they would fail with CLUSTER_DOESNT_EXIST).
 */
export async function checkDrift(query: QueryFn, desired: readonly ObjectSpec[], opts: DriftCheckOptions = {}): Promise<DriftResult> {
  const cluster = opts.cluster;
  const clusterDefined = cluster !== undefined && desired.length > 0 ? await hasCluster(query, cluster) : undefined;
  const read = await readSnapshot(query, scopeOf(desired), desired, clusterDefined ? cluster : undefined);
  const { snapshot } = read;
  const notices: string[] = [];
  if (clusterDefined === false) {
    notices.push(
      `cluster ${cluster} is not defined on this server (system.clusters has no such cluster): per-replica drift was not checked, and ON CLUSTER statements would fail with CLUSTER_DOESNT_EXIST`,
    );
  }
  const everyLive = snapshot.replicas ? snapshot.replicas.flatMap((r) => r.objects) : [...snapshot.objects.values()];
  const answers = await probeLogins(desired, everyLive, opts.loginProbe, notices);
  const versions = recordedPasswordVersions(opts.revisions);
  const byObject = new Map<string, Change[]>();
  for (const d of read.desired) {
    // Both maps are keyed by a user's object id: no other object gets a user's facts (evaluateObject reads an undefined fact as none).
    const facts: EvaluateFacts = { passwordVersion: versions.get(objectId(d)), passwordMatches: answers.get(objectId(d)), clusterDefined };
    const allow = opts.allowDestructive === true || opts.allowDestructiveObjects?.has(objectId(d)) === true;
    byObject.set(objectId(d), evaluateObject(d, snapshot, { ...opts, allowDestructive: allow }, facts));
  }
  return {
    byObject,
    changes: [...byObject.values()].flat(),
    live: [...snapshot.objects.values()],
    ...(snapshot.replicas ? { replicas: [...snapshot.replicas] } : {}),
    ...(notices.length ? { notices } : {}),
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
    // Every pending object has changes in byObject (that is what made it pending).
    byObject.set(id, [...byObject.get(id)!, change]);
  }
  return storage.message ?? why;
}
