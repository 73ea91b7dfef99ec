// The provider block: how to reach the server (never with credentials in the URL), the cluster,
// and where apply writes its audit record. Credentials come from the provider's environment
// (the variables named by user_env/password_env) or from sensitive attributes, never from state.
import { RevisionsLocation, DEFAULT_REVISIONS } from '../sql/render/revisions-ddl';
import { urlHasCredentials } from '../sql/spec/urls';
import { TfObject } from './protocol/dynamic-value';
import { AttrDef, bool, str } from './schema/attributes';

export const PROVIDER_ATTRIBUTES: readonly AttrDef[] = [
  {
    name: 'url',
    type: 'string',
    optional: true,
    description: 'Server URL (http://host:8123), without credentials. Default: the variable url_env names, then default_url.',
  },
  { name: 'url_env', type: 'string', optional: true, description: 'Environment variable holding the URL. Default CLICKHOUSE_URL.' },
  { name: 'default_url', type: 'string', optional: true, description: 'URL used when neither url nor url_env is set.' },
  { name: 'username', type: 'string', optional: true, description: 'User name. Default: the variable user_env names, then "default".' },
  { name: 'user_env', type: 'string', optional: true, description: 'Environment variable holding the user name. Default CLICKHOUSE_USER.' },
  {
    name: 'password',
    type: 'string',
    optional: true,
    sensitive: true,
    description: 'Password (prefer password_env: provider configuration is not stored, but variables are safer in CI).',
  },
  { name: 'password_env', type: 'string', optional: true, description: 'Environment variable holding the password. Default CLICKHOUSE_PASSWORD.' },
  {
    name: 'request_timeout_ms',
    type: 'number',
    optional: true,
    description: 'Timeout of one request in ms. Default 10000 (200000 with a cluster, for ON CLUSTER DDL).',
  },
  {
    name: 'mutation_timeout_seconds',
    type: 'number',
    optional: true,
    description:
      'How long apply waits for the mutations its statements start (MODIFY TTL, a new column type, MATERIALIZE INDEX...), with progress in the provider log. One that fails is an error naming it; one still running then is a warning (it goes on in the background). Default 300.',
  },
  {
    name: 'on_refused',
    type: 'string',
    optional: true,
    description:
      'What a refused change (destructive, not allowed) does. "fail" (default): the plan fails naming it, nothing is applied. "hold": the plan warns and goes on; that object is held back whole (its apply fails naming what was refused, runs nothing, keeps its state) while the objects that do not depend on it are applied.',
  },
  { name: 'cluster', type: 'string', optional: true, description: 'Cluster name: every DDL gets ON CLUSTER, and drift is read from every replica.' },
  {
    name: 'access_on_cluster',
    type: 'bool',
    optional: true,
    description: 'ON CLUSTER for users, profiles and grants (only right with node-local access storage). Default: true with a cluster.',
  },
  { name: 'stack', type: 'string', optional: true, description: 'Name recorded with each applied change in the audit record. Default "terraform".' },
  { name: 'revisions_database', type: 'string', optional: true, description: 'Database of the audit record. Default schema_revisions.' },
  { name: 'revisions_table', type: 'string', optional: true, description: 'Table of the audit record. Default revisions.' },
  { name: 'record_revisions', type: 'bool', optional: true, description: 'Write the audit record (who applied which statements when). Default true.' },
  {
    name: 'login_probe',
    type: 'bool',
    optional: true,
    description: 'Log in as each user with its password to detect a password changed by hand. Default false (CHX_LOGIN_PROBE=1/0 overrides).',
  },
];

export interface ProviderSettings {
  readonly url: string;
  readonly username: string;
  readonly password: string;
  readonly requestTimeoutMs: number;
  /** How long apply waits for the mutations it started. */
  readonly mutationTimeoutMs: number;
  readonly cluster?: string;
  readonly accessOnCluster?: boolean;
  readonly stack: string;
  readonly revisions: RevisionsLocation;
  readonly recordRevisions: boolean;
  readonly loginProbe: boolean;
  /** on_refused = "hold": a refused object is held back at apply instead of failing the plan. */
  readonly holdRefused: boolean;
}

export class ProviderConfigError extends Error {
  constructor(
    message: string,
    readonly attribute?: string,
  ) {
    super(message);
    this.name = 'ProviderConfigError';
  }
}

/** Settings from the provider block and the environment; throws ProviderConfigError naming the attribute or variable. */
export function resolveProviderSettings(config: TfObject, env: NodeJS.ProcessEnv): ProviderSettings {
  const urlEnv = str(config.url_env) ?? 'CLICKHOUSE_URL';
  const userEnv = str(config.user_env) ?? 'CLICKHOUSE_USER';
  const passwordEnv = str(config.password_env) ?? 'CLICKHOUSE_PASSWORD';
  const fromAttr = str(config.url);
  const fromEnv = env[urlEnv] || undefined;
  const url = fromAttr ?? fromEnv ?? str(config.default_url);
  const where = fromAttr !== undefined ? 'the provider attribute url' : fromEnv !== undefined ? `$${urlEnv}` : 'the provider attribute default_url';
  if (!url) throw new ProviderConfigError(`no ClickHouse server configured: set ${urlEnv} (or the provider's url)`, 'url');
  if (urlHasCredentials(url))
    throw new ProviderConfigError(
      `the URL in ${where} carries credentials: give the user and password in $${userEnv} and $${passwordEnv} instead`,
      fromAttr !== undefined ? 'url' : undefined,
    );
  const cluster = str(config.cluster);
  const timeout = typeof config.request_timeout_ms === 'number' ? config.request_timeout_ms : undefined;
  const mutationTimeout = typeof config.mutation_timeout_seconds === 'number' ? config.mutation_timeout_seconds : 300;
  if (!Number.isFinite(mutationTimeout) || mutationTimeout < 0)
    throw new ProviderConfigError(`mutation_timeout_seconds must be a number of seconds, 0 or more, got ${mutationTimeout}`, 'mutation_timeout_seconds');
  const onRefused = str(config.on_refused) ?? 'fail';
  if (onRefused !== 'fail' && onRefused !== 'hold')
    throw new ProviderConfigError(`on_refused must be "fail" or "hold", got ${JSON.stringify(onRefused)}`, 'on_refused');
  const probeVar = env.CHX_LOGIN_PROBE?.trim().toLowerCase();
  const loginProbe = probeVar === '1' || probeVar === 'true' ? true : probeVar === '0' || probeVar === 'false' ? false : (bool(config.login_probe) ?? false);
  return {
    url,
    username: str(config.username) ?? (env[userEnv] || 'default'),
    password: str(config.password) ?? env[passwordEnv] ?? '',
    requestTimeoutMs: timeout ?? (cluster ? 200_000 : 10_000),
    mutationTimeoutMs: mutationTimeout * 1000,
    ...(cluster ? { cluster } : {}),
    ...(bool(config.access_on_cluster) !== undefined ? { accessOnCluster: bool(config.access_on_cluster) } : {}),
    stack: str(config.stack) ?? 'terraform',
    revisions: { database: str(config.revisions_database) ?? DEFAULT_REVISIONS.database, table: str(config.revisions_table) ?? DEFAULT_REVISIONS.table },
    recordRevisions: bool(config.record_revisions) ?? true,
    loginProbe,
    holdRefused: onRefused === 'hold',
  };
}
