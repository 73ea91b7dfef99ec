// Per-replica drift: the diff of each replica against the spec, plus a 'replica_diverged' change
// when replicas disagree with each other. Pure: no I/O.
//
// How a drift seen on one replica is fixed: with a cluster in the options, by the same
// idempotent ON CLUSTER statements the diff always renders (ADD COLUMN IF NOT EXISTS, MODIFY
// TTL, MODIFY COLUMN IF EXISTS, ...). Run on every node, they heal the replica that lacks the
// change and are no-ops where it is already there, so deploy needs no direct connection to each
// replica. Without a cluster in the options the statements carry no ON CLUSTER, and each change
// names its `host`: whoever runs them must connect to that host (what the tests do on the
// two-node embedded cluster, which has no Keeper and so cannot run ON CLUSTER).
//
// ReplicatedMergeTree is different: its replicas share metadata through Keeper, and ClickHouse
// runs an ON CLUSTER ALTER of a replicated table on one replica per shard only (the ALTER is then
// replicated through the table's log). A replicated table that differs between replicas is
// almost always a replica behind on its replication queue, so the hint says where to look.
import { Change } from '../spec/changes';
import { diff, SchemaDiffOptions } from './';
import { LiveSchema, ObjectSpec, objectId } from '../spec/model';

/** One line per change, the part that identifies what differs (not where). */
function signature(c: Change): string {
  return `${c.reason}: ${c.detail}`;
}

function sameChange(a: Change, b: Change): boolean {
  return signature(a) === signature(b) && a.statements.join('\n') === b.statements.join('\n');
}

function replicatedEngine(spec: ObjectSpec): boolean {
  return spec.kind === 'table' && spec.engine.name.startsWith('Replicated');
}

/**
 * Desired vs each replica. Returns:
 * - per replica, the changes of diff(desired, replica) with `host` set; a change that is the same
 *   on EVERY replica is reported once, without `host` (Change.host's default: every host);
 * - per object whose replicas disagree, one 'replica_diverged' change naming the host(s) that
 *   differ from the rest and how; its statements are the fixes of those hosts (idempotent, so
 *   running them where nothing is missing changes nothing).
 * Both sides should be canonicalized first (see ../live/canonicalize). No replicas gives no changes.
 */
export function diffReplicas(desired: readonly ObjectSpec[], replicas: readonly LiveSchema[], opts: SchemaDiffOptions = {}): Change[] {
  if (replicas.length === 0) return [];
  const perReplica = replicas.map((r, i) => ({ host: r.host ?? `replica ${i + 1}`, changes: diff(desired, { objects: r.objects }, opts) }));
  const out: Change[] = [];
  for (const d of desired) {
    const id = objectId(d);
    const own = perReplica.map((r) => ({ host: r.host, changes: r.changes.filter((c) => c.object === id) }));
    // Changes every replica has: once, for every host.
    const common = own[0].changes.filter((c) => own.every((r) => r.changes.some((x) => sameChange(x, c))));
    out.push(...common);
    for (const r of own) out.push(...r.changes.filter((c) => !common.some((x) => sameChange(x, c))).map((c) => ({ ...c, host: r.host })));
    const diverged = divergence(d, own, common);
    if (diverged) out.push(diverged);
  }
  return out;
}

/** The 'replica_diverged' change of one object, or undefined when every replica looks the same. */
function divergence(spec: ObjectSpec, own: readonly { host: string; changes: Change[] }[], common: readonly Change[]): Change | undefined {
  const groups = new Map<string, { hosts: string[]; changes: Change[] }>();
  for (const r of own) {
    const extra = r.changes.filter((c) => !common.some((x) => sameChange(x, c)));
    // Stryker disable next-line MethodExpression,StringLiteral: the key only groups equal lists; diff() lists a replica's changes in the one order of its rules, and no signature holds the text of two joined
    const key = extra.map(signature).sort().join('\n');
    const g = groups.get(key) ?? { hosts: [], changes: extra };
    g.hosts.push(r.host);
    groups.set(key, g);
  }
  if (groups.size < 2) return undefined;
  // The largest group is "the others"; hosts in any other group are the diverging ones. On a tie
  // (two replicas, one each way) the group that matches the spec best (fewest changes) is the reference.
  const ordered = [...groups.values()].sort((a, b) => b.hosts.length - a.hosts.length || a.changes.length - b.changes.length);
  const [reference, ...others] = ordered;
  const describe = (g: { hosts: string[]; changes: Change[] }) =>
    `${g.hosts.join(', ')}: ${g.changes.length ? g.changes.map((c) => `${c.reason} (${c.detail})`).join('; ') : 'as declared'}`;
  const detail = `replicas differ: ${others.map(describe).join(' | ')} — while ${describe(reference)}`;
  const fixes = others.flatMap((g) => g.changes);
  const statements = [...new Set(fixes.flatMap((c) => c.statements))];
  // No statement (only blocked fixes, or the diverging hosts are the ones as declared): nothing to run.
  const runnable = statements.length > 0 && fixes.every((c) => c.runnable);
  const divergingHosts = others.flatMap((g) => g.hosts);
  const hint = replicatedEngine(spec)
    ? 'replicated tables share metadata through Keeper: check system.replication_queue on the named host(s) and run SYSTEM SYNC REPLICA there before changing the schema'
    : runnable
      ? undefined
      : 'the differing replica(s) need a change deploy cannot make in place: fix them by hand, connected to each named host';
  return {
    object: objectId(spec),
    reason: 'replica_diverged',
    detail,
    statements,
    inPlace: fixes.every((c) => c.inPlace),
    destructive: fixes.some((c) => c.destructive),
    runnable,
    ...(divergingHosts.length === 1 ? { host: divergingHosts[0] } : {}),
    ...(hint ? { hint } : {}),
  };
}
