// What the test server is and what it can do; written by global-setup, read by every test file.
export type ServerKind = 'url' | 'testcontainers' | 'embedded';

export interface ServerCapabilities {
  /** CREATE USER / ROLE / SETTINGS PROFILE can be stored (a writable access storage exists). */
  readonly accessStorage: boolean;
  /** Names of the writable access storages (local_directory, replicated, memory). */
  readonly accessStorageTypes: readonly string[];
  /** ON CLUSTER DDL works (Keeper reachable and clusters configured). */
  readonly onCluster: boolean;
  /** Clusters configured on the server. */
  readonly clusters: readonly string[];
}

export interface ServerInfo {
  readonly kind: ServerKind;
  readonly url: string;
  readonly username: string;
  readonly password: string;
  readonly version: string;
  /** Why this server was chosen (the others were not available). */
  readonly reason: string;
  readonly capabilities: ServerCapabilities;
  /** Embedded only: data directory and log of the server. */
  readonly dataDir?: string;
  readonly logFile?: string;
  readonly tcpPort?: number;
}

export const SERVER_INFO_ENV = 'CHX_TEST_SERVER';

export function serverInfo(): ServerInfo {
  const raw = process.env[SERVER_INFO_ENV];
  if (!raw) throw new Error(`${SERVER_INFO_ENV} is not set: run the tests through jest (its globalSetup starts or finds a ClickHouse)`);
  return JSON.parse(raw) as ServerInfo;
}

export function describeServer(info: ServerInfo): string {
  const caps = info.capabilities;
  return (
    `${info.kind} ClickHouse ${info.version} at ${info.url} (${info.reason}); ` +
    `access storage: ${caps.accessStorage ? caps.accessStorageTypes.join(',') : 'read-only'}; ` +
    `ON CLUSTER: ${caps.onCluster ? 'yes' : 'no'}; clusters: ${caps.clusters.join(',') || 'none'}`
  );
}
