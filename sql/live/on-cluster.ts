// Running one ON CLUSTER statement and telling which host failed. ClickHouse answers a
// distributed DDL with one row per host (host, port, status, error, num_hosts_remaining,
// num_hosts_active); with distributed_ddl_output_mode = 'never_throw' it reports failures and
// unfinished hosts in those rows instead of rethrowing only the first error, so the error raised
// here can name every host that failed or did not finish, and what it was running.
import type { Connection } from './client';
import { hasServerErrorCode } from './error-codes';

/** One row of a distributed DDL's answer. `status` is the host's exit code (0 = done), null when it has not finished. */
export interface DdlHostStatus {
  readonly host: string;
  readonly port: number;
  readonly status: number | null;
  readonly error: string | null;
  readonly num_hosts_remaining: number;
  readonly num_hosts_active: number;
}

/** What execOnCluster needs of a connection: a query that may take per-query ClickHouse settings, and exec. */
export interface DdlConnection {
  readonly host: string;
  query<T>(sql: string, params?: Record<string, unknown>, settings?: Readonly<Record<string, string | number>>): Promise<T[]>;
  exec(sql: string, params?: Record<string, unknown>, label?: string): Promise<void>;
}

/**
 * Access-control statements (GRANT, REVOKE, CREATE/ALTER/DROP USER, ROLE, SETTINGS PROFILE, QUOTA,
 * ROW POLICY) take no FORMAT clause (measured: "Syntax error" on ClickHouse 26.7), and the
 * client's query() appends one, so they can only be sent as a command, without the hosts' rows.
 */
const NO_FORMAT = /^\s*(GRANT|REVOKE|(CREATE|ALTER|DROP)\s+(USER|ROLE|SETTINGS\s+PROFILE|PROFILE|QUOTA|ROW\s+POLICY|POLICY))\b/i;

export function acceptsFormatClause(statement: string): boolean {
  return !NO_FORMAT.test(statement);
}

export interface OnClusterOptions {
  /** Seconds the server waits for every host (distributed_ddl_task_timeout). @default 180 */
  readonly taskTimeoutSeconds?: number;
}

/** A distributed DDL that failed or did not finish on some hosts. */
export class OnClusterError extends Error {
  constructor(
    /** The node the statement was sent to. */
    readonly initiator: string,
    readonly statement: string,
    /** host:port of each host whose run failed, with its error. */
    readonly failed: readonly { host: string; code?: string; error: string }[],
    /** host:port of each host that had not finished when the timeout ran out. */
    readonly unfinished: readonly string[],
    /** ClickHouse's error code when the server rethrew the failure itself. */
    readonly code?: string,
  ) {
    const parts = [
      ...failed.map((f) => `failed on ${f.host}${f.code ? ` (ClickHouse error ${f.code})` : ''}: ${f.error}`),
      ...(unfinished.length
        ? [`not finished on ${unfinished.join(', ')} within the DDL timeout (they may still run it in the background: see system.distributed_ddl_queue)`]
        : []),
    ];
    super(`${initiator}: ON CLUSTER statement "${oneLine(statement)}" ${parts.join('; ')}`);
    this.name = 'OnClusterError';
  }
}

function oneLine(sql: string): string {
  const s = sql.replace(/\s+/g, ' ').trim();
  return s.length > 160 ? `${s.slice(0, 157)}...` : s;
}

/** "Code: 44. DB::Exception: ..." -> '44'. */
function codeOf(error: string): string | undefined {
  return /^Code: (\d+)\./.exec(error.trim())?.[1];
}

/** The hosts' rows -> failures and unfinished hosts. Pure. */
export function ddlFailures(rows: readonly DdlHostStatus[]): { failed: { host: string; code?: string; error: string }[]; unfinished: string[] } {
  const failed: { host: string; code?: string; error: string }[] = [];
  const unfinished: string[] = [];
  for (const r of rows) {
    const host = `${r.host}:${r.port}`;
    if (r.status === null || r.status === undefined) unfinished.push(host);
    else if (Number(r.status) !== 0) {
      const error = (r.error ?? '').split('\n')[0] || `exit status ${r.status}`;
      const code = codeOf(error) ?? String(r.status);
      failed.push({ host, code, error });
    }
  }
  return { failed, unfinished };
}

/**
 * Runs one ON CLUSTER statement through `conn.query` (a distributed DDL returns rows, so it is a
 * query, not a command) with distributed_ddl_task_timeout and distributed_ddl_output_mode =
 * 'never_throw', reads each host's status, and throws an OnClusterError naming every host that
 * failed or did not finish. Returns the hosts' rows when all succeeded (none for access
 * statements, which cannot be sent as a query: see acceptsFormatClause).
 *
 * If the connection does not pass the settings on, the server's defaults apply (its own
 * distributed_ddl_task_timeout, output mode 'throw'): the server then rethrows the first host's
 * error itself, naming that host ("There was an error on [host:port]"), and this function turns
 * that into the same OnClusterError (the host taken from the message only for display).
 */
export async function execOnCluster(conn: DdlConnection | Connection, statement: string, opts: OnClusterOptions = {}): Promise<DdlHostStatus[]> {
  const settings = { distributed_ddl_task_timeout: opts.taskTimeoutSeconds ?? 180, distributed_ddl_output_mode: 'never_throw' };
  let rows: DdlHostStatus[];
  try {
    if (!acceptsFormatClause(statement)) {
      // Sent as a command the server's own output mode applies ('throw' by default): a failure
      // comes back as the first host's error, handled below.
      await conn.exec(statement);
      return [];
    }
    rows = await (conn as DdlConnection).query<DdlHostStatus>(statement, undefined, settings);
  } catch (err) {
    // Only server answers are rewritten; a network failure stays what it is (it names the node already).
    if (!hasServerErrorCode(err)) throw err;
    const e = err;
    const hosts = [...e.message.matchAll(/error on \[?([^\]\s:]+:\d+)\]?/g)].map((m) => m[1]);
    const error = e.message.split('\n')[0];
    throw new OnClusterError(
      conn.host,
      statement,
      hosts.length ? hosts.map((host) => ({ host, code: e.code, error })) : [{ host: conn.host, code: e.code, error }],
      [],
      e.code,
    );
  }
  const { failed, unfinished } = ddlFailures(rows);
  if (failed.length || unfinished.length) throw new OnClusterError(conn.host, statement, failed, unfinished, failed[0]?.code);
  return rows;
}

/** Whether a rendered statement is a distributed DDL (render puts ON CLUSTER right after the object name). */
export function isOnCluster(statement: string): boolean {
  return / ON CLUSTER /.test(statement);
}
