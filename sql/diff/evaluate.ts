// The drift check's verdict for one object from already-read live data: the diff (per replica
// with a cluster), the password version that was applied, the login probe's answer, and the
// block for a cluster the server lacks. Pure. The drift check (sql/live/drift-check.ts) and the
// Terraform provider's Read, Plan and Apply all decide through this one function, which is why
// a plan proposes a change for an object exactly when the drift check finds drift in it.
import { Change } from '../spec/changes';
import { diffInSchema } from './index';
import { renamedFromId, renameSource } from './tables';
import { diffReplicas } from './replicas';
import { blocked } from './change';
import { DiffOptions, LiveSnapshot, LiveUserAuth, ObjectSpec, objectId } from '../spec/model';

export interface EvaluateFacts {
  /** The password version recorded for a user or a dictionary source (the server keeps none). */
  readonly passwordVersion?: string;
  /** The login probe's answer for a user, when it was asked. */
  readonly passwordMatches?: boolean;
  /** false when the options name a cluster that the server does not define. */
  readonly clusterDefined?: boolean;
}

function withFacts(live: ObjectSpec | undefined, facts: EvaluateFacts): ObjectSpec | undefined {
  if (live?.kind === 'dictionary' && facts.passwordVersion !== undefined)
    return { ...live, source: { ...live.source, passwordVersion: facts.passwordVersion } };
  // Stryker disable next-line ConditionalExpression: only a user's diff reads auth; an auth added to another kind changes no verdict
  if (!live || live.kind !== 'user') return live;
  const auth: LiveUserAuth = {
    ...live.auth,
    ...(facts.passwordVersion !== undefined ? { passwordVersion: facts.passwordVersion } : {}),
    ...(facts.passwordMatches !== undefined ? { passwordMatches: facts.passwordMatches } : {}),
  };
  return { ...live, auth };
}

/** Changes that bring `desired` (canonical) to the live state of `snapshot`; [] when in sync. */
export function evaluateObject(desired: ObjectSpec, snapshot: LiveSnapshot, opts: DiffOptions, facts: EvaluateFacts = {}): Change[] {
  const id = objectId(desired);
  // A table still under the name it was declared renamed from: that one's objects and data count.
  const from = renamedFromId(desired);
  const get = (k: string) => withFacts(snapshot.objects.get(k), facts);
  const dataId = renameSource(desired, get(id), get) ? from! : id;
  const changes = snapshot.replicas
    ? diffReplicas(
        [desired],
        snapshot.replicas.map((r) => ({
          host: r.host,
          // Stryker disable next-line MethodExpression,ConditionalExpression: diff() looks up only the declared id and its renamedFrom; the filter keeps each replica's diff to those objects (less work, the same verdict)
          objects: r.objects.filter((o) => objectId(o) === id || objectId(o) === from).map((o) => withFacts(o, facts)!),
        })),
        opts,
      )
    : diffInSchema(desired, get, snapshot.data?.has(dataId) ? { ...opts, data: snapshot.data.get(dataId) } : opts);
  if (opts.cluster !== undefined && facts.clusterDefined === false && changes.some((c) => c.statements.some((s) => s.includes(' ON CLUSTER ')))) {
    changes.push(
      blocked(
        id,
        'cluster_missing',
        `the stack deploys ON CLUSTER ${opts.cluster}, which the server does not define`,
        `define cluster ${opts.cluster} in the server's remote_servers, or set the stack's cluster to one in system.clusters`,
      ),
    );
  }
  return changes;
}
