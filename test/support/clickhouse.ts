import { ClickHouseClient, createClient } from '@clickhouse/client';
import { ServerCapabilities, serverInfo } from './server-info';
import { clientQueryFn } from '../../sql/live/client';

/** A client for the suite's server (see global-setup for how it was chosen). */
export function testClient(opts: { database?: string } = {}): ClickHouseClient {
  const info = serverInfo();
  return createClient({
    url: info.url,
    username: info.username,
    password: info.password,
    database: opts.database,
    clickhouse_settings: { wait_end_of_query: 1 },
  });
}

/** A database name unique to this test run, so tests never see each other's objects. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
}

export async function queryRows<T>(client: ClickHouseClient, query: string, params?: Record<string, unknown>): Promise<T[]> {
  return clientQueryFn(client)<T>(query, params);
}

/** The statement as ClickHouse's own parser prints it (formatQuery); rejects with the server's error (code 62 = SYNTAX_ERROR) when it does not parse. */
export async function formatQuery(client: ClickHouseClient, statement: string): Promise<string> {
  const [row] = await queryRows<{ f: string }>(client, 'SELECT formatQuery({q:String}) AS f', { q: statement });
  return row.f;
}

type Cap = keyof Pick<ServerCapabilities, 'accessStorage' | 'onCluster'>;
const capReasons: Record<Cap, string> = {
  accessStorage: 'the test server has no writable access storage (CREATE USER/ROLE/SETTINGS PROFILE fail); run with CLICKHOUSE_URL or Docker',
  onCluster: 'the test server cannot run ON CLUSTER DDL (no Keeper or no cluster); run the docker compose cluster (test/cluster/) with CLICKHOUSE_URL',
};

/** `test.skip` with the reason in the test's name, so the run reports it as skipped with why. */
function skippedBecause(reason: string): jest.It {
  return ((name: string, fn?: jest.ProvidesCallback, timeout?: number) => test.skip(`${name} [skipped: ${reason}]`, fn, timeout)) as unknown as jest.It;
}

/**
 * `test` when the server has every capability, otherwise `test.skip` with the reason in the
 * test's name, so the run reports it as skipped with why, never as passed.
 */
export function testWith(...caps: Cap[]): jest.It {
  const info = serverInfo();
  const missing = caps.filter((c) => !info.capabilities[c]);
  if (missing.length === 0) return test;
  return skippedBecause(missing.map((c) => capReasons[c]).join('; '));
}

/** `test` when the server lacks the capability (what a server without it does), otherwise skipped with why. */
export function testWithout(cap: Cap): jest.It {
  return serverInfo().capabilities[cap] ? skippedBecause(`the test server has ${cap}: this is what a server without it does`) : test;
}
