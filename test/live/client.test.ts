// sql/live/client.ts against the real server: rows and parameters, per-request settings, the
// errors a person reads (host, what was being done, the server's code), and the retry rule (a
// read retries a network failure; a statement is sent again only when it never reached the
// server). The fault proxy cases are in test/reliability/client-faults.
import { clientQueryFn, connect, ConnectionError, ConnectOptions, countingQueryFn, ServerError } from '../../sql/live/client';
import { testClient, uniqueName } from '../support/clickhouse';
import { serverInfo } from '../support/server-info';
import { closedPort } from '../support/closed-port';

const info = serverInfo();
const opts = (extra: Partial<ConnectOptions> = {}): ConnectOptions => ({ url: info.url, username: info.username, password: info.password, ...extra });

async function caught(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a rejection');
}

describe('connect: a reachable server', () => {
  test('query: rows of JSONEachRow, parameters bound by the server, per-query settings; counted', async () => {
    const conn = connect(opts());
    try {
      expect(conn.url).toBe(info.url);
      expect(conn.host).toBe(new URL(info.url).host);
      const rows = await conn.query<{ y: number; s: string; b: number }>(
        "SELECT {x:UInt8} + 1 AS y, {s:String} AS s, getSetting('max_block_size') AS b",
        { x: 41, s: "it's" },
        { max_block_size: 4321 },
      );
      expect(rows).toEqual([{ y: 42, s: "it's", b: 4321 }]);
      const [plain] = await conn.query<{ b: number }>("SELECT getSetting('max_block_size') AS b");
      expect(plain.b).not.toBe(4321);
      expect(conn.stats).toEqual({ queries: 2, statements: 0, retries: 0 });
      expect(await conn.ping()).toBe(true);
    } finally {
      await conn.close();
    }
  });

  test("no user or password given: the server's default user without a password", async () => {
    const conn = connect({ url: info.url, attempts: 1 });
    try {
      if (info.username === 'default' && info.password === '') expect(await conn.query('SELECT currentUser() AS u')).toEqual([{ u: 'default' }]);
      else await expect(conn.query('SELECT 1')).rejects.toThrow(/ClickHouse error (516|194)/);
    } finally {
      await conn.close();
    }
  });

  test('exec: runs the statement with its parameters and settings, waits for it; counted', async () => {
    const db = uniqueName('live_client');
    const conn = connect(opts());
    try {
      await conn.exec(`CREATE DATABASE ${db}`);
      await conn.exec(`CREATE TABLE ${db}.t (n UInt64, s String) ENGINE = MergeTree ORDER BY n`);
      await conn.exec(`INSERT INTO ${db}.t SELECT getSetting('max_block_size'), {s:String}`, { s: 'p' }, undefined, { max_block_size: 777 });
      expect(await conn.query(`SELECT n, s FROM ${db}.t`)).toEqual([{ n: 777, s: 'p' }]);
      expect(conn.stats).toEqual({ queries: 1, statements: 3, retries: 0 });
    } finally {
      await conn.exec(`DROP DATABASE IF EXISTS ${db}`);
      await conn.close();
    }
  });

  test("the server's error: ServerError naming the host, what was done (whitespace folded), code and type; never retried", async () => {
    const conn = connect(opts({ backoffMs: 1 }));
    try {
      const err = await caught(conn.query('  SELECT\n   no_such_function_x(1)\n'));
      expect(err).toBeInstanceOf(ServerError);
      const e = err as ServerError;
      expect(e.name).toBe('ServerError');
      expect(e.code).toBe('46');
      expect(e.type).toBe('UNKNOWN_FUNCTION');
      expect(e.host).toBe(conn.host);
      expect(e.doing).toBe('query "SELECT no_such_function_x(1)"');
      expect(e.message.startsWith(`${conn.host}: query "SELECT no_such_function_x(1)" failed: ClickHouse error 46 (UNKNOWN_FUNCTION): `)).toBe(true);
      // The server's own first line follows the type.
      expect(e.message).toMatch(/\(UNKNOWN_FUNCTION\): \S.{15,}$/);
      expect(e.message).not.toContain('\n');
      expect(conn.stats.retries).toBe(0);
    } finally {
      await conn.close();
    }
  });

  test('a long statement is shown cut to 120 characters; a label is shown instead of the statement in what was being done', async () => {
    const conn = connect(opts());
    try {
      const long = `SELECT no_such_function_y(${Array.from({ length: 40 }, (_, i) => i).join(', ')})`;
      const e1 = (await caught(conn.exec(long))) as ServerError;
      expect(e1.doing).toBe(`statement "${long.slice(0, 117)}..."`);
      const exactly120 = `SELECT no_such_function_z('${'a'.repeat(120 - "SELECT no_such_function_z('')".length)}')`;
      expect(exactly120).toHaveLength(120);
      const e2 = (await caught(conn.query(exactly120))) as ServerError;
      expect(e2.doing).toBe(`query "${exactly120}"`);
      const e3 = (await caught(conn.exec("SELECT no_such_function_w('secret-ish')", undefined, 'the labelled statement'))) as ServerError;
      expect(e3.doing).toBe('statement "the labelled statement"');
      // (The server's own message may quote the statement: callers redact it, see provider/clickhouse-provider.ts.)
      expect(e3.message.startsWith(`${conn.host}: statement "the labelled statement" failed: ClickHouse error 46`)).toBe(true);
    } finally {
      await conn.close();
    }
  });
});

describe('connect: failures before or after the request reached the server', () => {
  test('the client library prints nothing of its own: a refused connection, a failed ping and a server error reach only the caller', async () => {
    const port = await closedPort();
    const printed: unknown[][] = [];
    const spies = (['error', 'warn', 'info', 'debug', 'log'] as const).map((m) =>
      jest.spyOn(console, m).mockImplementation((...args: unknown[]) => void printed.push(args)),
    );
    const down = connect({ url: `http://127.0.0.1:${port}`, attempts: 1 });
    const up = connect(opts({ attempts: 1 }));
    try {
      expect(await down.ping()).toBe(false);
      await expect(down.query('SELECT 1')).rejects.toThrow(ConnectionError);
      await expect(down.exec('SELECT 1')).rejects.toThrow(ConnectionError);
      await expect(up.query('SELECT no_such_function_y()')).rejects.toThrow(ServerError);
    } finally {
      spies.forEach((s) => s.mockRestore());
      await down.close();
      await up.close();
    }
    expect(printed).toEqual([]);
  });

  test('refused connection: a read and a statement are both tried `attempts` times (never reached), then ConnectionError', async () => {
    const port = await closedPort();
    const conn = connect({ url: `http://127.0.0.1:${port}`, attempts: 3, backoffMs: 1 });
    try {
      expect(conn.host).toBe(`127.0.0.1:${port}`);
      expect(await conn.ping()).toBe(false);
      const e = (await caught(conn.query('SELECT 1'))) as ConnectionError;
      expect(e).toBeInstanceOf(ConnectionError);
      expect(e.name).toBe('ConnectionError');
      expect(e.host).toBe(`127.0.0.1:${port}`);
      expect(e.doing).toBe('query "SELECT 1"');
      expect(e.causeCode).toBe('ECONNREFUSED');
      expect(e.message).toMatch(
        new RegExp(`^127\\.0\\.0\\.1:${port}: query "SELECT 1" failed after 3 attempt\\(s\\): ECONNREFUSED connect ECONNREFUSED 127\\.0\\.0\\.1:${port}$`),
      );
      expect(e.message).not.toContain('may have received it');
      expect(conn.stats.retries).toBe(2);
      const s = (await caught(conn.exec('CREATE DATABASE never_made'))) as ConnectionError;
      expect(s.message).toMatch(/statement "CREATE DATABASE never_made" failed after 3 attempt\(s\): ECONNREFUSED /);
      expect(s.message).not.toContain('may have received it');
      expect(conn.stats).toEqual({ queries: 1, statements: 1, retries: 4 });
    } finally {
      await conn.close();
    }
  });

  test('defaults: 4 attempts, backoff 250 ms doubling (at least 250 + 500 + 1000 ms); attempts below 1 mean one', async () => {
    const port = await closedPort();
    const conn = connect({ url: `http://127.0.0.1:${port}` });
    const t0 = Date.now();
    try {
      const e = await caught(conn.query('SELECT 1'));
      expect(Date.now() - t0).toBeGreaterThanOrEqual(1740);
      expect(e.message).toContain('failed after 4 attempt(s)');
      expect(conn.stats.retries).toBe(3);
    } finally {
      await conn.close();
    }
    const once = connect({ url: `http://127.0.0.1:${port}`, attempts: 0, backoffMs: 1 });
    try {
      expect((await caught(once.query('SELECT 1'))).message).toContain('failed after 1 attempt(s)');
      expect(once.stats.retries).toBe(0);
    } finally {
      await once.close();
    }
  });

  test('no answer in time: a read is retried and says so; a statement is not sent again and names its query_id', async () => {
    const conn = connect(opts({ requestTimeoutMs: 400, attempts: 2, backoffMs: 1 }));
    try {
      const r = (await caught(conn.query('SELECT sleep(2)'))) as ConnectionError;
      expect(r).toBeInstanceOf(ConnectionError);
      expect(r.message).toContain('query "SELECT sleep(2)" failed after 2 attempt(s): Timeout error');
      expect(r.message).toMatch(/\(no answer within 400 ms\)$/);
      expect(r.message).toContain('(no answer within 400 ms)');
      expect(r.message).not.toContain('may have received it');
      expect(conn.stats.retries).toBe(1);
      const s = (await caught(conn.exec('SELECT sleep(2)'))) as ConnectionError;
      expect(s.message).toContain('statement "SELECT sleep(2)" failed after 1 attempt(s): ');
      expect(s.message).toContain('(no answer within 400 ms)');
      expect(s.message).toMatch(
        /; the server may have received it and may still be running it \(query_id [0-9a-f-]{36}, see system\.processes and system\.query_log\): a statement is not sent again/,
      );
      expect(conn.stats.retries).toBe(1);
    } finally {
      await conn.close();
    }
  });
});

describe('QueryFn helpers', () => {
  test('clientQueryFn binds parameters; countingQueryFn counts each query it passes on', async () => {
    const client = testClient();
    try {
      const q = countingQueryFn(clientQueryFn(client));
      expect(q.count).toBe(0);
      expect(await q<{ v: string }>('SELECT {v:String} AS v', { v: 'a' })).toEqual([{ v: 'a' }]);
      expect(await q<{ n: number }>('SELECT number AS n FROM numbers(2)')).toEqual([{ n: 0 }, { n: 1 }]);
      expect(q.count).toBe(2);
    } finally {
      await client.close();
    }
  });
});
