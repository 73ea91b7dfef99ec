// Recorded answers of a real server to exactly the queries sql/live/introspect-tables.ts sends,
// for test/unit/introspect-tables-replay.test.ts (which drives the async readers with them, no
// server) and test/integration/live-fixtures-tables.test.ts (which recreates the objects, records
// again and requires the same answers, so a server that prints differently fails loudly instead of
// the fixture going stale). Regenerate: scripts/capture-live-fixtures-tables.ts (docs/mutation.md).
import * as fs from 'fs';
import * as path from 'path';
import type { ClickHouseClient, ClickHouseSettings } from '@clickhouse/client';
import type { QueryFn } from '../../sql/live/client';
import { introspectDatabases, introspectForImport, introspectReplicas, introspectTableData } from '../../sql/live/introspect-tables';

export const TABLES_FIXTURE_FILE = path.join(__dirname, '..', 'fixtures', 'live', 'introspect-tables.json');

/** The databases the fixture's objects live in (dropped and created again by each capture). */
export const FIXTURE_DATABASES = ['fx_tables', 'fx_inner', 'fx_inner2'];

/**
 * The objects, created in this order. Not here, for want of what they need on the embedded
 * server: Replicated* (no Keeper), Distributed (no cluster), GraphiteMergeTree (no rollup config).
 */
export const FIXTURE_SETUP: readonly (string | { readonly sql: string; readonly settings: Record<string, number> })[] = [
  "CREATE DATABASE fx_tables COMMENT 'fixture objects'",
  'CREATE DATABASE fx_inner',
  'CREATE DATABASE fx_inner2',
  "CREATE TABLE fx_tables.events (`id` UInt64 CODEC(Delta, ZSTD(3)), `ts` DateTime COMMENT 'event time', `day` Date MATERIALIZED toDate(ts), `kind` LowCardinality(String) DEFAULT 'x', `note` Nullable(String) TTL ts + INTERVAL 1 DAY, `tags` Array(String), `attrs` Map(String, UInt32), `pair` Tuple(a UInt8, b String), `upper_kind` String ALIAS upper(kind), `raw` String EPHEMERAL, `with space` UInt8 DEFAULT 1 COMMENT 'it''s', `a\\`b` String TTL ts + INTERVAL 2 DAY, INDEX ix_kind kind TYPE bloom_filter(0.01) GRANULARITY 2, INDEX ix_id id TYPE minmax, PROJECTION by_kind (SELECT kind, count() GROUP BY kind), PROJECTION p_settings (SELECT id, ts ORDER BY ts) WITH SETTINGS (index_granularity = 4096)) ENGINE = MergeTree PARTITION BY toYYYYMM(ts) PRIMARY KEY (id, intHash32(id)) ORDER BY (id, intHash32(id), ts) SAMPLE BY intHash32(id) TTL ts + INTERVAL 1 YEAR SETTINGS index_granularity = 4096, merge_with_ttl_timeout = 3600 COMMENT 'events table'",
  'CREATE TABLE fx_tables.plain (`k` String, `v` UInt32) ENGINE = MergeTree ORDER BY k',
  'CREATE TABLE fx_tables.pk_same (`k` String) ENGINE = MergeTree PRIMARY KEY k ORDER BY k',
  'CREATE TABLE fx_tables.no_key (`k` String) ENGINE = MergeTree ORDER BY tuple()',
  'CREATE TABLE fx_tables.replacing (`k` String, `ver` UInt32) ENGINE = ReplacingMergeTree(ver) ORDER BY k',
  'CREATE TABLE fx_tables.summing (`k` String, `n` UInt64) ENGINE = SummingMergeTree(n) ORDER BY k',
  'CREATE TABLE fx_tables.aggregating (`k` String, `s` AggregateFunction(sum, UInt64)) ENGINE = AggregatingMergeTree ORDER BY k',
  'CREATE TABLE fx_tables.collapsing (`k` String, `sign` Int8) ENGINE = CollapsingMergeTree(sign) ORDER BY k',
  'CREATE TABLE fx_tables.versioned (`k` String, `sign` Int8, `ver` UInt32) ENGINE = VersionedCollapsingMergeTree(sign, ver) ORDER BY k',
  'CREATE TABLE fx_tables.mem (`k` String) ENGINE = Memory',
  'CREATE TABLE fx_tables.log (`k` String) ENGINE = Log',
  'CREATE TABLE fx_tables.tiny (`k` String) ENGINE = TinyLog',
  'CREATE TABLE fx_tables.buf (`k` String, `v` UInt32) ENGINE = Buffer(fx_tables, plain, 1, 10, 100, 10000, 1000000, 10000000, 100000000)',
  'CREATE TABLE fx_tables.target (`kind` String, `n` UInt64) ENGINE = SummingMergeTree ORDER BY kind',
  'CREATE MATERIALIZED VIEW fx_tables.mv_to TO fx_tables.target (`kind` String, `n` UInt64) AS SELECT kind, count() AS n FROM fx_tables.events GROUP BY kind',
  // Refreshes run at once, in the background: their target keeps no parts (Memory), so the data read stays the same.
  'CREATE TABLE fx_tables.rtarget (`kind` String, `n` UInt64) ENGINE = Memory',
  'CREATE MATERIALIZED VIEW fx_tables.mv_refresh REFRESH EVERY 1 HOUR OFFSET 5 MINUTE RANDOMIZE FOR 10 SECOND DEPENDS ON fx_tables.mv_to SETTINGS refresh_retries = 3 APPEND TO fx_tables.rtarget AS SELECT kind, count() AS n FROM fx_tables.events GROUP BY kind',
  "CREATE MATERIALIZED VIEW fx_tables.mv_after REFRESH AFTER 30 SECOND TO fx_tables.rtarget (`kind` String, `n` UInt64) COMMENT 'refreshed' AS SELECT 'a' AS kind, 1 AS n",
  'CREATE VIEW fx_tables.v_plain AS SELECT k, v FROM fx_tables.plain',
  "CREATE VIEW fx_tables.v_cols (`k` String, `v2` UInt64) AS SELECT k, v AS v2 FROM fx_tables.plain COMMENT 'view with columns'",
  'CREATE TABLE fx_tables.doomed (`x` UInt8) ENGINE = Memory',
  'CREATE VIEW fx_tables.v_broken AS SELECT x FROM fx_tables.doomed',
  'DROP TABLE fx_tables.doomed',
  "CREATE DICTIONARY fx_tables.dict (`k` String, `v` UInt32 DEFAULT 0) PRIMARY KEY k SOURCE(CLICKHOUSE(TABLE 'plain' DB 'fx_tables')) LIFETIME(MIN 0 MAX 300) LAYOUT(COMPLEX_KEY_HASHED()) COMMENT 'a dict'",
  "CREATE TABLE fx_tables.gone (`k` String, `d` Date, `n` UInt8, `m` UInt8 DEFAULT 1 COMMENT 'gone m' CODEC(ZSTD(1)) TTL d + INTERVAL 1 DAY, `a\\`b` String TTL d + INTERVAL 2 DAY, INDEX ix_n n TYPE minmax GRANULARITY 1, PROJECTION p (SELECT k ORDER BY n)) ENGINE = MergeTree PARTITION BY d ORDER BY (k, n) SAMPLE BY n TTL d + INTERVAL 1 YEAR SETTINGS index_granularity = 1024 COMMENT 'detached table'",
  'DETACH TABLE fx_tables.gone',
  'CREATE TABLE fx_tables.gone_forever (`k` String) ENGINE = Log',
  'DETACH TABLE fx_tables.gone_forever PERMANENTLY',
  "CREATE VIEW fx_tables.v_gone AS SELECT 1 AS one COMMENT 'gone view'",
  'DETACH VIEW fx_tables.v_gone',
  'CREATE MATERIALIZED VIEW fx_tables.mv_gone TO fx_tables.target AS SELECT kind, count() AS n FROM fx_tables.events GROUP BY kind',
  'DETACH VIEW fx_tables.mv_gone',
  'CREATE DICTIONARY fx_tables.dict_gone (`k` UInt64, `v` String) PRIMARY KEY k SOURCE(NULL()) LIFETIME(0) LAYOUT(FLAT())',
  'DETACH DICTIONARY fx_tables.dict_gone',
  "CREATE MATERIALIZED VIEW fx_inner.mv_inner (`kind` String, `n` UInt64, `d` Date) ENGINE = SummingMergeTree PARTITION BY kind PRIMARY KEY (kind, n) ORDER BY (kind, n, d) SAMPLE BY n TTL d + INTERVAL 1 YEAR SETTINGS index_granularity = 1024 COMMENT 'inner' AS SELECT kind, count() AS n, today() AS d FROM fx_tables.events GROUP BY kind",
  'CREATE MATERIALIZED VIEW fx_inner2.mv_inner_refresh REFRESH EVERY 1 DAY ENGINE = MergeTree ORDER BY tuple() EMPTY AS SELECT 1 AS one',
  'CREATE TABLE fx_inner2.src (`x` UInt8, `ts` DateTime) ENGINE = Memory',
  {
    sql: "CREATE WINDOW VIEW fx_inner2.wv ENGINE = Memory AS SELECT count(x) AS c, tumbleStart(w_id) AS s FROM fx_inner2.src GROUP BY tumble(ts, INTERVAL '10' SECOND) AS w_id",
    settings: { allow_experimental_window_view: 1, allow_experimental_analyzer: 0 },
  },
  // Detached, a window view's SHOW CREATE is no table, view or dictionary: a bare marker.
  {
    sql: "CREATE WINDOW VIEW fx_inner2.wv_gone ENGINE = Memory AS SELECT count(x) AS c, tumbleStart(w_id) AS s FROM fx_inner2.src GROUP BY tumble(ts, INTERVAL '10' SECOND) AS w_id",
    settings: { allow_experimental_window_view: 1, allow_experimental_analyzer: 0 },
  },
  'DETACH TABLE fx_inner2.wv_gone',
  "INSERT INTO fx_tables.plain VALUES ('a', 1), ('b', 2)",
  "INSERT INTO fx_tables.events (id, ts, kind, tags, attrs, pair) VALUES (1, '2026-01-02 03:04:05', 'k1', ['t'], {'a': 1}, (1, 'b')), (2, '2026-01-03 03:04:05', 'k2', [], {}, (2, 'c'))",
  "ALTER TABLE fx_tables.plain UPDATE v = throwIf(v > 0, 'fixture mutation fails') WHERE 1 SETTINGS mutations_sync = 0",
];

/** One query as the code sent it and what the server answered (rows, or the error's first line). */
export interface RecordedCall {
  readonly sql: string;
  readonly params?: Record<string, unknown>;
  readonly rows?: unknown[];
  readonly error?: string;
}

export interface TablesFixture {
  readonly serverVersion: string;
  readonly note: string;
  readonly setup: typeof FIXTURE_SETUP;
  /** Per reader call (named as the test calls it): the queries it sent, in order, with the answers. */
  readonly calls: Record<string, RecordedCall[]>;
}

/** The reader calls recorded, by name. */
export const FIXTURE_CALLS: Record<string, (q: QueryFn) => Promise<unknown>> = {
  'introspectDatabases(fx_tables)': (q) => introspectDatabases(q, ['fx_tables']),
  'introspectDatabases(fx_tables, fx_inner, fx_inner2; named)': (q) =>
    introspectDatabases(q, ['fx_tables', 'fx_inner', 'fx_inner2', 'fx_tables'], ['events', 'mv_inner', 'mv_inner_refresh', 'gone', 'versioned', 'events']),
  'introspectDatabases(fx_tables; no tables)': (q) => introspectDatabases(q, ['fx_tables'], []),
  'introspectForImport(fx_tables)': (q) => introspectForImport(q, ['fx_tables']),
  // Unnamed read of a database with inner tables (of a window view, a view without TO): their names hold UUIDs.
  'introspectForImport(fx_inner2)': (q) => introspectForImport(q, ['fx_inner2']),
  'introspectTableData(fx_tables)': (q) => introspectTableData(q, ['fx_tables']),
  'introspectTableData(fx_tables; plain)': (q) => introspectTableData(q, ['fx_tables'], ['plain']),
  'introspectTableData(fx_tables; plain; materialize_ttl_after_modify = 0)': (q) => introspectTableData(q, ['fx_tables'], ['plain']),
};

/** Session settings a call is recorded with (the server's answer depends on them). */
export const FIXTURE_CALL_SETTINGS: Record<string, Record<string, string | number>> = {
  'introspectTableData(fx_tables; plain; materialize_ttl_after_modify = 0)': { materialize_ttl_after_modify: 0 },
};

/**
 * What changes from one creation of the same objects to the next, made constant: the
 * create_time of a pending mutation (in the pending-mutations JSON, used only to order them), the
 * UUIDs in the names of inner tables (never read: the code skips tables named .inner*), and the
 * order of the rows of a UNION ALL (its parts run in parallel: any order is an answer).
 */
export function normalized(sql: string, rows: readonly unknown[]): unknown[] {
  const constant = JSON.parse(
    JSON.stringify(rows)
      .replace(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/g, '2000-01-01 00:00:00')
      .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '00000000-0000-0000-0000-000000000000'),
  ) as unknown[];
  if (!sql.includes(' UNION ALL ')) return constant;
  const key = (r: unknown) => JSON.stringify(r);
  return constant.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** A QueryFn that sends to `inner` and records each query and its answer into `into`. */
export function recordingQueryFn(inner: QueryFn, into: RecordedCall[]): QueryFn {
  return async <T>(sql: string, params?: Record<string, unknown>): Promise<T[]> => {
    const at = into.length;
    into.push({ sql, ...(params ? { params } : {}) });
    try {
      const rows = await inner<T>(sql, params);
      into[at] = { ...into[at], rows: normalized(sql, rows) };
      return rows;
    } catch (e) {
      into[at] = { ...into[at], error: String((e as Error).message).split('\n')[0] };
      throw e;
    }
  };
}

/**
 * A QueryFn that answers only the recorded queries (same SQL, same parameters), with the recorded
 * rows or error; any other query fails the test (code that sends different SQL is wrong).
 */
export function replayQueryFn(calls: readonly RecordedCall[]): QueryFn & { sent: string[] } {
  const sent: string[] = [];
  const fn = (async <T>(sql: string, params?: Record<string, unknown>): Promise<T[]> => {
    sent.push(sql);
    const hit = calls.find((c) => c.sql === sql && JSON.stringify(c.params) === JSON.stringify(params));
    if (!hit) throw new Error(`not recorded: ${sql} ${JSON.stringify(params)}`);
    if (hit.error !== undefined) throw new Error(hit.error);
    return JSON.parse(JSON.stringify(hit.rows)) as T[];
  }) as QueryFn & { sent: string[] };
  fn.sent = sent;
  return fn;
}

/** QueryFns over `client`, with session settings when given (JSONEachRow rows, like clientQueryFn). */
export function settingsQueryFn(client: ClickHouseClient): (settings?: Record<string, string | number>) => QueryFn {
  return (settings) =>
    async <T>(sql: string, params?: Record<string, unknown>): Promise<T[]> =>
      (
        await client.query({
          query: sql,
          query_params: params,
          format: 'JSONEachRow',
          ...(settings ? { clickhouse_settings: settings as ClickHouseSettings } : {}),
        })
      ).json<T>();
}

export function readTablesFixture(): TablesFixture {
  return JSON.parse(fs.readFileSync(TABLES_FIXTURE_FILE, 'utf8')) as TablesFixture;
}

/**
 * Creates the objects on the server behind `query`/`exec` (dropping the fixture databases first),
 * runs each reader call through a recording QueryFn, drops the databases, and returns the record.
 */
export async function captureTablesFixture(
  queryWith: (settings?: Record<string, string | number>) => QueryFn,
  exec: (sql: string, settings?: Record<string, number>) => Promise<void>,
): Promise<TablesFixture> {
  const query = queryWith();
  const drop = async () => {
    for (const db of FIXTURE_DATABASES) await exec(`DROP DATABASE IF EXISTS ${db} SYNC`);
  };
  await drop();
  try {
    for (const statement of FIXTURE_SETUP) await (typeof statement === 'string' ? exec(statement) : exec(statement.sql, statement.settings));
    const [{ version }] = await query<{ version: string }>('SELECT version() AS version');
    const calls: Record<string, RecordedCall[]> = {};
    for (const [name, run] of Object.entries(FIXTURE_CALLS)) {
      const into: RecordedCall[] = [];
      await run(recordingQueryFn(queryWith(FIXTURE_CALL_SETTINGS[name]), into));
      calls[name] = into;
    }
    return {
      serverVersion: version,
      note: 'Recorded by scripts/capture-live-fixtures-tables.ts from the statements in `setup`; checked against the server by test/integration/live-fixtures-tables.test.ts. Times in the rows are set to 2000-01-01 00:00:00.',
      setup: FIXTURE_SETUP,
      calls,
    };
  } finally {
    await drop();
  }
}

// -----------------------------------------------------------------------------------------
// introspectReplicas: two embedded servers configured as one cluster (test/support/embedded-cluster.ts).

export const REPLICAS_FIXTURE_FILE = path.join(__dirname, '..', 'fixtures', 'live', 'introspect-replicas.json');

/** The cluster the replicas fixture is recorded on (its name in both nodes' remote_servers). */
export const FIXTURE_CLUSTER = 'production';

/** Node 2's own MergeTree setting default (its config), so the replicas' settingDefaults differ. */
export const NODE2_MERGE_TREE_CONFIG = '  <merge_tree><parts_to_throw_insert>500</parts_to_throw_insert></merge_tree>\n';

/** The objects on node 1 and node 2: the same database, where node 2 differs (a column, a missing view, nothing detached). */
export const REPLICAS_SETUP: readonly (readonly string[])[] = [
  [
    "CREATE DATABASE fx_rep COMMENT 'on both'",
    "CREATE TABLE fx_rep.a (`k` String, `v` UInt8 COMMENT 'v', INDEX ix v TYPE minmax GRANULARITY 1, PROJECTION p (SELECT v ORDER BY v)) ENGINE = MergeTree ORDER BY k SETTINGS index_granularity = 1024",
    'CREATE TABLE fx_rep.b (`k` String) ENGINE = Log',
    'CREATE MATERIALIZED VIEW fx_rep.mv TO fx_rep.b (`k` String) AS SELECT k FROM fx_rep.a',
    'CREATE VIEW fx_rep.v AS SELECT k FROM fx_rep.a',
    'CREATE TABLE fx_rep.gone (`k` String) ENGINE = Log',
    'DETACH TABLE fx_rep.gone PERMANENTLY',
  ],
  [
    "CREATE DATABASE fx_rep COMMENT 'on both'",
    "CREATE TABLE fx_rep.a (`k` String, `v` UInt8 COMMENT 'v', `w` UInt8, INDEX ix v TYPE minmax GRANULARITY 1, PROJECTION p (SELECT v ORDER BY v)) ENGINE = MergeTree ORDER BY k SETTINGS index_granularity = 2048",
    'CREATE TABLE fx_rep.b (`k` String) ENGINE = Log',
    'CREATE MATERIALIZED VIEW fx_rep.mv TO fx_rep.b (`k` String) AS SELECT k FROM fx_rep.a',
    'CREATE TABLE fx_rep.gone2 (`k` String) ENGINE = Log',
    'DETACH TABLE fx_rep.gone2',
  ],
];

export const REPLICAS_CALLS: Record<string, (q: QueryFn) => Promise<unknown>> = {
  'introspectReplicas(production; fx_rep)': (q) => introspectReplicas(q, FIXTURE_CLUSTER, ['fx_rep', 'fx_rep']),
  'introspectReplicas(production; fx_rep; named)': (q) => introspectReplicas(q, FIXTURE_CLUSTER, ['fx_rep'], ['a', 'gone', 'gone2', 'a']),
  'introspectReplicas(production; fx_rep; no tables)': (q) => introspectReplicas(q, FIXTURE_CLUSTER, ['fx_rep'], []),
  'introspectReplicas(production; no databases)': (q) => introspectReplicas(q, FIXTURE_CLUSTER, []),
};

export interface ReplicasFixture {
  readonly serverVersion: string;
  readonly note: string;
  readonly setup: readonly (readonly string[])[];
  readonly calls: Record<string, RecordedCall[]>;
}

/**
 * The replicas' addresses made constant: node i's TCP port (a free port at each start) becomes
 * 9001 / 9002, in tcpPort() and in system.clusters' host:port list, and hostName() 'node'.
 */
function portsNormalized(calls: RecordedCall[], tcpPorts: readonly number[]): RecordedCall[] {
  const fixed = (p: number) => 9001 + tcpPorts.indexOf(p);
  return calls.map((c) =>
    c.rows === undefined || !c.sql.includes('hostName()')
      ? c
      : {
          ...c,
          rows: (c.rows as { port: number; host_name: string; replicas: string[] }[]).map((r) => ({
            ...r,
            host_name: 'node',
            port: fixed(Number(r.port)),
            replicas: r.replicas.map((h) => h.replace(/:(\d+)$/, (_m, p: string) => `:${fixed(Number(p))}`)),
          })),
        },
  );
}

/**
 * Creates REPLICAS_SETUP on the two nodes (node i: its query, exec and TCP port), records each
 * REPLICAS_CALLS call through node 1, drops the database on both, and returns the record.
 */
export async function captureReplicasFixture(
  nodes: readonly { readonly query: QueryFn; readonly exec: (sql: string) => Promise<void>; readonly tcpPort: number }[],
): Promise<ReplicasFixture> {
  const drop = () => Promise.all(nodes.map((n) => n.exec('DROP DATABASE IF EXISTS fx_rep SYNC')));
  await drop();
  try {
    for (const [i, node] of nodes.entries()) for (const statement of REPLICAS_SETUP[i]) await node.exec(statement);
    const [{ version }] = await nodes[0].query<{ version: string }>('SELECT version() AS version');
    const calls: Record<string, RecordedCall[]> = {};
    for (const [name, run] of Object.entries(REPLICAS_CALLS)) {
      const into: RecordedCall[] = [];
      await run(recordingQueryFn(nodes[0].query, into));
      calls[name] = portsNormalized(
        into,
        nodes.map((n) => n.tcpPort),
      );
    }
    return {
      serverVersion: version,
      note: `Recorded by scripts/capture-live-fixtures-tables.ts on two embedded servers forming cluster '${FIXTURE_CLUSTER}' (node 2 with ${NODE2_MERGE_TREE_CONFIG.trim()}), from the statements in \`setup\` (node 1, node 2); checked by test/integration/live-fixtures-tables.test.ts. Ports are set to 9001/9002 and hostName() to 'node'.`,
      setup: REPLICAS_SETUP,
      calls,
    };
  } finally {
    await drop();
  }
}

export function readReplicasFixture(): ReplicasFixture {
  return JSON.parse(fs.readFileSync(REPLICAS_FIXTURE_FILE, 'utf8')) as ReplicasFixture;
}
