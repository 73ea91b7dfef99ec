// The drift check of one stack, as validate, bootstrap and library users run it: connect with the
// stack's settings, read the record of applied password versions, check every declared object
// (one bulk read: see drift-check.ts), and block access changes the server cannot store. A server
// that cannot be reached is "not checked" with the reason, never an exception.
import { Change } from '../spec/changes';
import { ObjectSpec } from '../spec/model';
import { ApplySettings, connectWith, resolveUrl } from './connection';
import { blockAccessChanges, checkDrift } from './drift-check';
import { loginProbeEnabled, loginProbeFrom } from './login-probe';
import { readRevisions } from './revisions';
import { redactUrl } from '../spec/urls';

export interface StackCheck {
  readonly checked: boolean;
  /** Why drift was not checked. */
  readonly reason?: string;
  /** The server's URL (never with credentials: those are refused). */
  readonly url: string;
  /** Changes per object id, every declared object present (empty = in sync); absent when not checked. */
  readonly byObject?: ReadonlyMap<string, Change[]>;
  readonly notices: readonly string[];
  readonly queries?: number;
  readonly durationMs: number;
}

export async function checkStack(
  settings: ApplySettings,
  specs: readonly ObjectSpec[],
  env: NodeJS.ProcessEnv = process.env,
  allowDestructiveObjects?: ReadonlySet<string>,
): Promise<StackCheck> {
  const t0 = Date.now();
  const url = resolveUrl(settings, env);
  const unchecked = (reason: string): StackCheck => ({
    checked: false,
    reason,
    url: url ? redactUrl(url) : '(none)',
    notices: [],
    durationMs: Date.now() - t0,
  });
  if (!url) return unchecked(`no server configured for stack ${settings.stack} (set ${settings.urlEnv})`);
  const conn = connectWith(settings, env, { requestTimeoutMs: settings.requestTimeoutMs, attempts: 2, backoffMs: 200 });
  try {
    if (!(await conn.ping())) return unchecked(`ClickHouse at ${conn.host} is not reachable`);
    const query = conn.query.bind(conn);
    const revisions = await readRevisions(query, settings.stack, settings.revisions);
    const loginProbe = loginProbeEnabled(settings.loginProbe, env) ? loginProbeFrom(url, env) : undefined;
    const opts = { cluster: settings.cluster, accessOnCluster: settings.accessOnCluster, allowDestructive: settings.allowDestructive };
    const result = await checkDrift(query, specs, { ...opts, revisions, loginProbe, ...(allowDestructiveObjects ? { allowDestructiveObjects } : {}) });
    const byObject = new Map(result.byObject);
    const notices = [...(result.notices ?? [])];
    const blocked = await blockAccessChanges(query, byObject, specs, opts, conn.host);
    if (blocked !== undefined) notices.push(blocked);
    return { checked: true, url: redactUrl(url), byObject, notices, queries: conn.stats.queries, durationMs: Date.now() - t0 };
  } catch (err) {
    return unchecked(`the drift check failed: ${(err as Error).message}`);
    // Not tested: closing frees the connection's kept-alive sockets, which no test reads (Stryker's BlockStatement mutant of this finally survives; a comment here is not one it reads)
  } finally {
    await conn.close();
  }
}
