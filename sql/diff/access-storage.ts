// Whether access entities (users, settings profiles, grants) can be deployed with a stack's
// cluster settings, given where the server stores them. Pure: the storage facts come from
// accessStorageInfo (system.user_directories, ../live/introspect-access.ts).
//
// ON CLUSTER suits access entities only when each node keeps them locally (local_directory):
// the DDL then reaches every node through the distributed DDL queue. With replicated access
// storage (Keeper) an entity created on one node reaches every node by itself, so ON CLUSTER
// would create it once per node and race with replication: such a stack must set
// accessOnCluster: false.
import { RenderOptions } from '../spec/model';

/** What system.user_directories says about where access entities are kept (read by accessStorageInfo). */
export interface AccessStorageInfo {
  writable: boolean;
  types: string[];
  replicated: boolean;
  message?: string;
}

/** Why access changes are blocked on this server with these options, or undefined when they may run. */
export function accessBlockReason(
  storage: Pick<AccessStorageInfo, 'writable' | 'replicated' | 'types'>,
  opts: RenderOptions,
  host: string,
): string | undefined {
  if (!storage.writable) {
    return `server ${host} has no writable access storage (system.user_directories: ${storage.types.join(', ') || 'none'}): users, settings profiles and grants cannot be created or changed there`;
  }
  // accessOnCluster defaults to "same as cluster" (RenderOptions), so only an explicit false avoids ON CLUSTER.
  if (storage.replicated && opts.cluster && opts.accessOnCluster !== false) {
    return `server ${host} keeps access entities in replicated storage: set accessOnCluster: false so they are not created ON CLUSTER`;
  }
  return undefined;
}
