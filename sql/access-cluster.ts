// Whether access entities (users, settings profiles, grants) can be deployed with a stack's
// cluster settings, given where the server stores them. Pure: the storage facts come from
// accessStorageInfo (system.user_directories).
//
// ON CLUSTER suits access entities only when each node keeps them locally (local_directory):
// the DDL then reaches every node through the distributed DDL queue. With replicated access
// storage (Keeper) an entity created on one node reaches every node by itself, so ON CLUSTER
// would create it once per node and race with replication: such a stack must set
// accessOnCluster: false.
import { Change } from './changes';
import { accessStorageInfo, AccessStorageInfo, QueryFn } from './introspect-access';
import { isAccessKind, ObjectSpec, objectId, RenderOptions } from './model';

/** Why access changes are blocked on this server with these options, or undefined when they may run. */
export function accessBlockReason(storage: Pick<AccessStorageInfo, 'writable' | 'replicated' | 'types'>, opts: RenderOptions, host: string): string | undefined {
  if (!storage.writable) {
    return `server ${host} has no writable access storage (system.user_directories: ${storage.types.join(', ') || 'none'}): users, settings profiles and grants cannot be created or changed there`;
  }
  // accessOnCluster defaults to "same as cluster" (RenderOptions), so only an explicit false avoids ON CLUSTER.
  if (storage.replicated && opts.cluster && opts.accessOnCluster !== false) {
    return `server ${host} keeps access entities in replicated storage: set accessOnCluster: false so they are not created ON CLUSTER`;
  }
  return undefined;
}

/**
 * Where access objects of `specs` have changes and the server's access storage cannot take them
 * with these options (accessBlockReason), adds a blocked 'access_storage_unavailable' change to
 * each of them in `byObject`. One query (system.user_directories), only when there is an access
 * change. The same rule at synth (the plan) and at apply (which then runs nothing for the object).
 * Returns what a person should be told, or undefined when nothing is blocked.
 */
export async function blockAccessChanges(query: QueryFn, byObject: Map<string, Change[]>, specs: readonly ObjectSpec[], opts: RenderOptions, host: string): Promise<string | undefined> {
  const pending = specs.filter((o) => isAccessKind(o.kind) && (byObject.get(objectId(o))?.length ?? 0) > 0);
  if (pending.length === 0) return undefined;
  const storage = await accessStorageInfo(query);
  const why = accessBlockReason(storage, opts, host);
  if (why === undefined) return undefined;
  for (const o of pending) {
    const id = objectId(o);
    const blocked: Change = { object: id, reason: 'access_storage_unavailable', detail: why, statements: [], inPlace: false, destructive: false, runnable: false, hint: 'point the stack at a server with local_directory or replicated access storage, or drop access objects from this stack' };
    byObject.set(id, [...(byObject.get(id) ?? []), blocked]);
  }
  return storage.message ?? why;
}
