// The connection every command uses: bounded retries with backoff for transient network errors
// (a statement only when it never reached the server), a timeout per request, and errors that
// name the host and what was being done.
import { randomUUID } from 'crypto';
import { ClickHouseClient, ClickHouseError, ClickHouseLogLevel, ClickHouseSettings, createClient } from '@clickhouse/client';
import { urlHost } from '../spec/urls';

export interface ConnectOptions {
  readonly url: string;
  readonly username?: string;
  readonly password?: string;
  /** Per-request timeout. @default 10000 */
  readonly requestTimeoutMs?: number;
  /** Attempts for transient network errors. @default 4 */
  readonly attempts?: number;
  /** First backoff delay; doubles each time. @default 250 */
  readonly backoffMs?: number;
}

export interface Connection {
  readonly url: string;
  /** Host name and port, for messages. */
  readonly host: string;
  /** Rows of a query; `settings` are per-query ClickHouse settings (snake_case). */
  query<T>(sql: string, params?: Record<string, unknown>, settings?: Readonly<Record<string, string | number>>): Promise<T[]>;
  /**
   * Runs one statement (DDL), waiting for it to finish. `label` is what errors show instead of the
   * statement (for statements carrying secrets); `settings` are per-statement ClickHouse settings.
   */
  exec(sql: string, params?: Record<string, unknown>, label?: string, settings?: Readonly<Record<string, string | number>>): Promise<void>;
  ping(): Promise<boolean>;
  close(): Promise<void>;
  /** Statements and queries sent so far. */
  readonly stats: { queries: number; statements: number; retries: number };
}

const TRANSIENT = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'UND_ERR_SOCKET']);

/** Failures that happen before a request reaches the server (no connection was made). */
const NOT_SENT = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ENOTFOUND']);

/**
 * Whether the request certainly never reached the server: only then may a statement be sent
 * again. After a timeout or a connection dropped mid-request the server may have received it and
 * may still be running it (an ALTER starting a mutation, an INSERT ... SELECT): sending it again
 * would queue a second mutation or copy the rows twice.
 */
export function neverReachedServer(err: unknown): boolean {
  // Stryker disable next-line ConditionalExpression: ClickHouse's error codes are numbers, never one of the network codes below (kept to say so)
  if (err instanceof ClickHouseError) return false;
  const e = err as { code?: string; cause?: { code?: string } };
  return Boolean((e?.code && NOT_SENT.has(e.code)) || (e?.cause?.code && NOT_SENT.has(e.cause.code)));
}

/** Network errors worth retrying for a read; a ClickHouse error (the server answered) never is. */
export function isTransient(err: unknown): boolean {
  if (err instanceof ClickHouseError) return false;
  const e = err as { code?: string; cause?: { code?: string }; message?: string };
  if (e?.code && TRANSIENT.has(e.code)) return true;
  if (e?.cause?.code && TRANSIENT.has(e.cause.code)) return true;
  // Stryker disable next-line StringLiteral: no text put in place of the missing message matches the pattern either
  return /Timeout error|socket hang up/i.test(e?.message ?? '');
}

export class ConnectionError extends Error {
  constructor(
    readonly host: string,
    readonly doing: string,
    readonly causeCode: string | undefined,
    message: string,
  ) {
    super(message);
    this.name = 'ConnectionError';
  }
}

/** ClickHouse's own error, with its code (the digits the server sent; compare with errorCode() and ./error-codes) and type, plus where and what. */
export class ServerError extends Error {
  constructor(
    readonly host: string,
    readonly doing: string,
    readonly code: string,
    readonly type: string | undefined,
    serverMessage: string,
  ) {
    super(`${host}: ${doing} failed: ClickHouse error ${code}${type ? ` (${type})` : ''}: ${serverMessage}`);
    this.name = 'ServerError';
  }
}

function describe(sql: string): string {
  const one = sql.replace(/\s+/g, ' ').trim();
  return one.length > 120 ? `${one.slice(0, 117)}...` : one;
}

export function connect(opts: ConnectOptions): Connection {
  const host = urlHost(opts.url);
  const timeoutMs = opts.requestTimeoutMs ?? 10000;
  const client: ClickHouseClient = createClient({
    url: opts.url,
    username: opts.username ?? 'default',
    password: opts.password ?? '',
    request_timeout: timeoutMs,
    // The library prints nothing of its own (its errors reach the caller as ServerError or ConnectionError).
    log: { level: ClickHouseLogLevel.OFF },
    // Stryker disable next-line ObjectLiteral: this client version reads an error in the middle of a query's answer the same way without it (checked: throwIf after 3M rows is a ClickHouseError either way); kept so that a read's error comes as the HTTP status
    clickhouse_settings: { wait_end_of_query: 1 },
  });
  const attempts = Math.max(1, opts.attempts ?? 4);
  const backoff = opts.backoffMs ?? 250;
  const stats = { queries: 0, statements: 0, retries: 0 };

  /** `statementId`: a statement's query_id; a statement is sent again only when it never reached the server. */
  async function withRetry<T>(doing: string, fn: () => Promise<T>, statementId?: string): Promise<T> {
    let last: unknown;
    let tried = 0;
    // Stryker disable next-line EqualityOperator: the last attempt breaks out of the loop (i === attempts - 1) before the condition is read again
    for (let i = 0; i < attempts; i++) {
      tried++;
      try {
        return await fn();
      } catch (err) {
        last = err;
        if (err instanceof ClickHouseError) throw new ServerError(host, doing, err.code, err.type, err.message.split('\n')[0]);
        const again = statementId === undefined ? isTransient(err) : neverReachedServer(err);
        if (!again || i === attempts - 1) break;
        stats.retries++;
        await new Promise((r) => setTimeout(r, backoff * 2 ** i));
      }
    }
    // The loop ran at least once and left only through a caught error: `last` is that error.
    const e = last as { code?: string; cause?: { code?: string }; message?: string };
    const code = e.code ?? e.cause?.code;
    const what = (e.message ?? String(last)).split('\n')[0];
    const timedOut = /Timeout error/i.test(what) ? ` (no answer within ${timeoutMs} ms)` : '';
    const unknown =
      statementId !== undefined && !neverReachedServer(last)
        ? `; the server may have received it and may still be running it (query_id ${statementId}, see system.processes and system.query_log): a statement is not sent again after a timeout or a dropped connection, the next plan reads what it did`
        : '';
    throw new ConnectionError(host, doing, code, `${host}: ${doing} failed after ${tried} attempt(s): ${code ? `${code} ` : ''}${what}${timedOut}${unknown}`);
  }

  return {
    url: opts.url,
    host,
    stats,
    async query<T>(sql: string, params?: Record<string, unknown>, settings?: Readonly<Record<string, string | number>>): Promise<T[]> {
      stats.queries++;
      return withRetry(`query "${describe(sql)}"`, async () =>
        (
          await client.query({
            query: sql,
            query_params: params,
            format: 'JSONEachRow',
            ...(settings ? { clickhouse_settings: settings as ClickHouseSettings } : {}),
          })
        ).json<T>(),
      );
    },
    async exec(sql: string, params?: Record<string, unknown>, label?: string, settings?: Readonly<Record<string, string | number>>): Promise<void> {
      stats.statements++;
      const queryId = randomUUID();
      await withRetry(
        `statement "${describe(label ?? sql)}"`,
        async () => {
          await client.command({
            query: sql,
            query_params: params,
            query_id: queryId,
            clickhouse_settings: { wait_end_of_query: 1, ...(settings as ClickHouseSettings | undefined) },
          });
        },
        queryId,
      );
    },
    /** The client's ping answers { success: false } when the server cannot be reached; it does not throw. */
    async ping(): Promise<boolean> {
      return (await client.ping()).success;
    },
    // Stryker disable next-line ArrowFunction: closing frees the client's kept-alive sockets, which no test reads (a query after close still works with this client version)
    close: () => client.close(),
  };
}

/** What introspection, canonicalization and the revisions record need of a server: rows of one query. */
export type QueryFn = <T>(sql: string, params?: Record<string, unknown>) => Promise<T[]>;

/** A QueryFn over @clickhouse/client: JSONEachRow rows, parameters bound server-side (query_params). */
export function clientQueryFn(client: ClickHouseClient): QueryFn {
  return async <T>(sql: string, params?: Record<string, unknown>): Promise<T[]> => {
    const rs = await client.query({ query: sql, query_params: params, format: 'JSONEachRow' });
    return rs.json<T>();
  };
}

/** Wraps a QueryFn and counts the queries it runs (for tests and benchmarks). */
export function countingQueryFn(inner: QueryFn): QueryFn & { count: number } {
  const counted = (async <T>(sql: string, params?: Record<string, unknown>): Promise<T[]> => {
    counted.count++;
    return inner<T>(sql, params);
  }) as QueryFn & { count: number };
  counted.count = 0;
  return counted;
}
