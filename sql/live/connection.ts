// What the apply command and the CLI commands need to reach a stack's server, without cdktf:
// the apply process runs once per object in a deploy, and loading cdktf cost it ~0.1 s each.
import * as fs from 'fs';
import * as path from 'path';
import { connect, ConnectOptions, Connection } from './client';
import { RevisionsLocation } from '../render/revisions-ddl';
import { noServerConfigured } from '../spec/errors';
import { refuseCredentialsInUrl } from '../spec/urls';

/** What the apply command needs besides the spec: all of it safe to store (no secrets). */
export interface ApplySettings {
  readonly stack: string;
  readonly url?: string;
  readonly defaultUrl?: string;
  readonly urlEnv: string;
  readonly userEnv: string;
  readonly passwordEnv: string;
  readonly requestTimeoutMs: number;
  readonly cluster?: string;
  readonly accessOnCluster?: boolean;
  readonly allowDestructive: boolean;
  readonly revisions: RevisionsLocation;
  /** The stack's loginProbe (CHX_LOGIN_PROBE overrides it at synth and at apply). @default false */
  readonly loginProbe?: boolean;
}

/** The embedded server's default HTTP port (chx clickhouse start). */
export const EMBEDDED_HTTP_PORT = 18123;
/** The embedded server's default address (chx clickhouse start). */
export const EMBEDDED_URL = `http://127.0.0.1:${EMBEDDED_HTTP_PORT}`;

/** The embedded server's address when started with `env` (CLICKHOUSE_HTTP_PORT moves it). */
export function embeddedUrl(env: NodeJS.ProcessEnv = process.env): string {
  const port = env.CLICKHOUSE_HTTP_PORT?.trim();
  return port ? `http://127.0.0.1:${port}` : EMBEDDED_URL;
}

/**
 * The server URL of `settings`: the url field, then the urlEnv variable, then defaultUrl. A URL
 * that carries credentials is refused (CHX_CREDENTIALS_IN_URL, naming where it came from).
 */
export function resolveUrl(
  settings: Pick<ApplySettings, 'url' | 'urlEnv' | 'defaultUrl'> & Partial<Pick<ApplySettings, 'userEnv' | 'passwordEnv'>>,
  env: NodeJS.ProcessEnv,
): string | undefined {
  const fromEnv = env[settings.urlEnv] || undefined;
  const url = settings.url ?? fromEnv ?? settings.defaultUrl;
  // Stryker disable next-line ConditionalExpression: no URL carries no credentials (refuseCredentialsInUrl passes it); the test keeps the source text from being built for nothing
  if (url !== undefined) {
    const source = settings.url !== undefined ? 'the url setting' : fromEnv !== undefined ? `$${settings.urlEnv}` : 'the defaultUrl setting';
    refuseCredentialsInUrl(url, source, settings.userEnv ?? 'CLICKHOUSE_USER', settings.passwordEnv ?? 'CLICKHOUSE_PASSWORD');
  }
  return url;
}

/** The directory holding this project's package.json (works from sql/ and dist/sql/). */
export function projectRoot(): string {
  let dir = __dirname;
  // Stryker disable next-line ConditionalExpression: the root guard only stops a search that finds no package.json; this package always has one above its code
  while (!fs.existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}

/**
 * A connection to the settings' server with the credentials of their userEnv/passwordEnv (user
 * 'default' and no password when unset). Throws, naming urlEnv, when no URL is configured.
 */
export function connectWith(
  settings: Pick<ApplySettings, 'url' | 'urlEnv' | 'defaultUrl' | 'userEnv' | 'passwordEnv'>,
  env: NodeJS.ProcessEnv,
  opts: Omit<ConnectOptions, 'url' | 'username' | 'password'> = {},
): Connection {
  const url = resolveUrl(settings, env);
  if (!url) throw noServerConfigured(settings.urlEnv);
  return connect({ url, username: env[settings.userEnv] || 'default', password: env[settings.passwordEnv] ?? '', ...opts });
}

/** The CLICKHOUSE_URL / CLICKHOUSE_USER / CLICKHOUSE_PASSWORD settings of the CLI commands (import, show), the embedded server by default. */
export function cliConnection(env: NodeJS.ProcessEnv = process.env) {
  return { urlEnv: 'CLICKHOUSE_URL', userEnv: 'CLICKHOUSE_USER', passwordEnv: 'CLICKHOUSE_PASSWORD', defaultUrl: embeddedUrl(env) } as const;
}
