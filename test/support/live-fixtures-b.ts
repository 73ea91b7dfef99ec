// Rows recorded from the real server for the unit tests of sql/live (test/fixtures/live/*.json):
// each fixture names the server version, the statements that made the objects (or the users.xml
// that defines them) and, per query the code sent, its SQL, parameters and the rows the server
// answered. replayQueryFn answers a QueryFn from them (an unrecorded query fails the test);
// test/integration/live-fixtures-b.test.ts recreates the objects, reruns the code and checks the
// rows are still the same (CHX_RECORD_LIVE_FIXTURES=1 writes them instead:
// scripts/record-live-fixtures-b.sh).
import * as fs from 'fs';
import * as path from 'path';
import { QueryFn } from '../../sql/live/client';
import { accessStorageInfo, introspectAccess } from '../../sql/live/introspect-access';
import { mutationIds, mutationsSince } from '../../sql/live/mutations';
import { hasCluster, readLive, readSnapshot, scopeOf } from '../../sql/live/snapshot';
import { ObjectSpec } from '../../sql/spec/model';
import type { accessXml } from './users-xml';

export interface RecordedQuery {
  readonly sql: string;
  readonly params?: Record<string, unknown>;
  readonly rows: unknown[];
}

export interface LiveFixture {
  /** version() of the server the rows come from. */
  readonly server: string;
  /** What the fixture holds. */
  readonly about: string;
  /** Statements run on a fresh server before the queries. */
  readonly setup: readonly string[];
  /** The access entities of the server's users.xml (test/support/users-xml.ts accessXml), when it needs any. */
  readonly usersXml?: Parameters<typeof accessXml>[1];
  readonly queries: readonly RecordedQuery[];
}

export const FIXTURE_DIR = path.join(__dirname, '..', 'fixtures', 'live');

export function loadFixture(name: string): LiveFixture {
  return JSON.parse(fs.readFileSync(path.join(FIXTURE_DIR, `${name}.json`), 'utf8')) as LiveFixture;
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? {}) === JSON.stringify(b ?? {});

/** A QueryFn answering each query with the rows recorded for exactly that SQL and those parameters; any other query throws. */
export function replayQueryFn(fixture: LiveFixture): QueryFn & { sent: string[] } {
  const sent: string[] = [];
  const fn = (async <T>(sql: string, params?: Record<string, unknown>): Promise<T[]> => {
    sent.push(sql);
    const hit = fixture.queries.find((q) => q.sql === sql && same(q.params, params));
    if (!hit) throw new Error(`no rows recorded for ${sql} ${JSON.stringify(params ?? {})}`);
    return structuredClone(hit.rows) as T[];
  }) as QueryFn & { sent: string[] };
  fn.sent = sent;
  return fn;
}

/** Wraps a QueryFn and keeps each distinct query (SQL and parameters) with its rows, in the order first sent. */
export function recordingQueryFn(inner: QueryFn): QueryFn & { recorded: RecordedQuery[] } {
  const recorded: RecordedQuery[] = [];
  const fn = (async <T>(sql: string, params?: Record<string, unknown>): Promise<T[]> => {
    const rows = await inner<T>(sql, params);
    if (!recorded.some((q) => q.sql === sql && same(q.params, params))) recorded.push({ sql, ...(params ? { params } : {}), rows });
    return rows;
  }) as QueryFn & { recorded: RecordedQuery[] };
  fn.recorded = recorded;
  return fn;
}

/** One fixture: how its objects are made and what code reads them. */
export interface LiveScenario {
  readonly name: string;
  readonly about: string;
  readonly setup: readonly string[];
  readonly usersXml?: Parameters<typeof accessXml>[1];
  /** Statements run after the recording (a failing mutation would retry for ever). */
  readonly cleanup?: readonly string[];
  /** Sends the queries to record (the code under test, or the query whose rows a parser reads). */
  readonly run: (query: QueryFn) => Promise<unknown>;
}

/** A setup statement starting with this is expected to fail (a mutation that fails while the statement waits for it). */
export const FAILS = '/* fails */ ';

/** The printed CREATE DICTIONARY of dictionaries with every clause and attribute form the parser reads. */
export const DICTS_DB = 'chx_fx_b_dicts';
export const DICTIONARY_ROWS_SQL = "SELECT name, create_table_query FROM system.tables WHERE database = {db:String} AND engine = 'Dictionary' ORDER BY name";
export const SHOW_CREATE_DICTIONARY_SQL = `SHOW CREATE DICTIONARY ${DICTS_DB}.tricky`;
/** What introspection reads of a detached name (SHOW CREATE TABLE): the detached dictionary exe, and a table. */
export const SHOW_CREATE_TABLE_SQL = [`SHOW CREATE TABLE ${DICTS_DB}.exe`, `SHOW CREATE TABLE ${DICTS_DB}.src`];

/** Access entities from users.xml (the embedded engine's only access storage): two users, two roles, two profiles, a quota, a row policy. */
export const ACCESS_XML = {
  profiles: `
    <ro_profile>
      <max_threads>4</max_threads>
      <constraints>
        <max_threads><min>1</min><max>8</max></max_threads>
        <max_memory_usage><readonly/></max_memory_usage>
        <force_index_by_date><changeable_in_readonly/></force_index_by_date>
      </constraints>
    </ro_profile>
    <child><profile>ro_profile</profile><max_execution_time>60</max_execution_time></child>`,
  roles: `
    <reader><grants><query>GRANT SELECT ON r.*</query></grants></reader>
    <writer><grants><query>GRANT INSERT ON r.t</query></grants></writer>`,
  users: `
    <alice>
      <no_password/>
      <networks><ip>10.0.0.0/8</ip><host>example.com</host><host_regexp>^db\\d+\\.local$</host_regexp></networks>
      <profile>child</profile>
      <quota>limited</quota>
      <default_database>r</default_database>
      <grants><query>GRANT reader</query><query>GRANT SELECT(a, b) ON r.t</query><query>GRANT INSERT ON r.* WITH GRANT OPTION</query><query>GRANT READ ON S3</query></grants>
      <databases><r><t><filter>k = 1</filter></t></r></databases>
    </alice>
    <bob>
      <password_sha256_hex>5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8</password_sha256_hex>
      <networks><ip>::/0</ip></networks>
      <grants><query>GRANT SELECT ON r.*</query><query>REVOKE SELECT ON r.secret</query><query>GRANT writer</query></grants>
    </bob>`,
  quotas: `
    <limited>
      <keyed_by_ip>true</keyed_by_ip>
      <interval><duration>3600</duration><randomize>true</randomize><queries>100</queries><errors>10</errors><read_rows>1000</read_rows></interval>
      <interval><duration>86400</duration><queries>1000</queries></interval>
    </limited>
    <light><interval><duration>60</duration><result_rows>5</result_rows></interval></light>`,
};

/** Every entity of ACCESS_XML and a name of each kind that does not exist. */
export const ACCESS_SCOPE = {
  users: ['alice', 'bob', 'ghost'],
  profiles: ['child', 'ro_profile', 'ghost'],
  grantees: ['alice', 'bob', 'reader', 'writer', 'ghost'],
  roles: ['reader', 'writer', 'ghost'],
  quotas: ['limited', 'light', 'ghost'],
  rowPolicies: ['alice ON r.t', 'ghost ON r.t'],
};
/** Grants of a role only: no user read, so no role_grants query; no quota or policy queries. */
export const ACCESS_ROLE_SCOPE = { users: [], profiles: [], grantees: ['writer'] };
/** readSnapshot of an access scope alone (no database). */
export const ACCESS_SNAPSHOT_SCOPE = { databases: [], users: ['alice'], profiles: ['child'], grantees: ['alice'] };

/** Scopes of one role, one quota, one row policy alone, a user and a profile, a user and its grants: each is enough to read access. */
export const ACCESS_ONLY_SCOPES = [
  { databases: [], users: [], profiles: [], grantees: [], roles: ['writer'] },
  { databases: [], users: [], profiles: [], grantees: [], quotas: ['limited'] },
  { databases: [], users: [], profiles: [], grantees: [], rowPolicies: ['alice ON r.t'] },
  { databases: [], users: ['alice'], profiles: ['child'], grantees: [] },
  { databases: [], users: ['alice'], profiles: [], grantees: ['alice'] },
];

/** Mutations: one done, one held (merges stopped on the table), one failing. */
export const MUTATIONS_DB = 'chx_fx_b_mutations';
const M = MUTATIONS_DB;

/** Tables and data as readSnapshot reads them: parts (merges stopped), partitions, a Memory table, an empty table, a detached one, a view. */
export const SNAPSHOT_DB = 'chx_fx_b_snapshot';
const S = SNAPSHOT_DB;
export const SNAPSHOT_DESIRED: ObjectSpec[] = [
  { kind: 'database', name: S },
  {
    kind: 'table',
    database: S,
    name: 'events',
    columns: [
      { name: 'd', type: 'Date' },
      { name: 'k', type: 'UInt64' },
      { name: 'v', type: 'String' },
    ],
    engine: { name: 'MergeTree' },
    partitionBy: 'toYYYYMM(d)',
    orderBy: ['k'],
  },
];

const D = DICTS_DB;
export const SCENARIOS: readonly LiveScenario[] = [
  {
    name: 'dictionaries-printed',
    about:
      'system.tables.create_table_query of dictionaries (every clause; quoted names; keyword-named keys), one SHOW CREATE DICTIONARY (many lines), SHOW CREATE TABLE of a detached dictionary and of a table',
    setup: [
      `DROP DATABASE IF EXISTS ${D}`,
      `CREATE DATABASE ${D}`,
      `CREATE TABLE ${D}.src (id UInt64, k2 String, name String, parent UInt64, lo Date, hi Date) ENGINE = MergeTree ORDER BY id`,
      `CREATE DICTIONARY ${D}.plain (id UInt64, name String DEFAULT '', parent UInt64 HIERARCHICAL, up String EXPRESSION upper(name) INJECTIVE) PRIMARY KEY id SOURCE(CLICKHOUSE(TABLE 'src' DB '${D}')) LIFETIME(300) LAYOUT(HASHED())`,
      `CREATE DICTIONARY ${D}.complex (\`id\` UInt64, \`k 2\` String, \`we\\\`ird\` String DEFAULT 'a''b') PRIMARY KEY id, \`k 2\`, \`we\\\`ird\` SOURCE(CLICKHOUSE(QUERY 'SELECT id, k2 AS \`k 2\`, name AS \`we\\\\\`ird\` FROM ${D}.src' USER 'default' PASSWORD 'secret')) LIFETIME(MIN 10 MAX 20) LAYOUT(COMPLEX_KEY_HASHED(SHARDS 2)) COMMENT 'it''s a comment'`,
      `CREATE DICTIONARY ${D}.ranged (id UInt64, lo Date, hi Date, name String, o UInt64 IS_OBJECT_ID, parent UInt64 HIERARCHICAL BIDIRECTIONAL) PRIMARY KEY id SOURCE(CLICKHOUSE(TABLE 'src')) LIFETIME(MIN 0 MAX 60) LAYOUT(RANGE_HASHED(range_lookup_strategy 'max')) RANGE(MIN lo MAX hi) SETTINGS(format_csv_allow_single_quotes = 0)`,
      `CREATE DICTIONARY ${D}.ranged_q (\`id\` UInt64, \`lo x\` Date, \`MAX\` Date) PRIMARY KEY id SOURCE(CLICKHOUSE(TABLE 'src')) LIFETIME(MIN 0 MAX 60) LAYOUT(RANGE_HASHED()) RANGE(MIN \`lo x\` MAX \`MAX\`)`,
      `CREATE DICTIONARY ${D}.direct (id UInt64, name String) PRIMARY KEY id SOURCE(HTTP(URL 'http://localhost:1/x' FORMAT 'TSV' HEADERS(HEADER(NAME 'a' VALUE 'b')))) LAYOUT(DIRECT())`,
      `CREATE DICTIONARY ${D}.cached (id UInt64, name String) PRIMARY KEY id SOURCE(CLICKHOUSE(HOST 'localhost' PORT 9000 TABLE 'src' DB '${D}')) LIFETIME(MIN 1 MAX 5) LAYOUT(CACHE(SIZE_IN_CELLS 1000)) COMMENT ''`,
      `CREATE OR REPLACE DICTIONARY ${D}.tricky (\`id\` UInt64, \`lifetime\` String DEFAULT 'HIERARCHICAL SOURCE(x)', \`range\` String EXPRESSION concat('DEFAULT ', name)) PRIMARY KEY id SOURCE(CLICKHOUSE(TABLE 'src' DB '${D}')) LIFETIME(0) LAYOUT(FLAT(INITIAL_ARRAY_SIZE 1024 MAX_ARRAY_SIZE 500000)) COMMENT 'LAYOUT(HASHED()) RANGE'`,
      `CREATE DICTIONARY ${D}.keyword_key (\`LIFETIME\` UInt64, \`SOURCE\` String, \`COMMENT\` String) PRIMARY KEY LIFETIME SOURCE(CLICKHOUSE(TABLE 'src' DB '${D}')) LIFETIME(MIN 0 MAX 1) LAYOUT(HASHED())`,
      `CREATE DICTIONARY ${D}.pg (id UInt64, name String) PRIMARY KEY id SOURCE(POSTGRESQL(PORT 5432 USER 'u' PASSWORD 'p' DB 'x' TABLE 't' REPLICA(HOST 'h1' PRIORITY 1) REPLICA(HOST 'h2' PRIORITY 2))) LIFETIME(MIN 0 MAX 10) LAYOUT(HASHED(SHARDS 4 SHARD_LOAD_QUEUE_BACKLOG 100))`,
      `CREATE DICTIONARY ${D}.nul (id UInt64, name String) PRIMARY KEY id SOURCE(NULL()) LIFETIME(MIN 0 MAX 10) LAYOUT(FLAT())`,
      `CREATE DICTIONARY ${D}.exe (id UInt64, name String) PRIMARY KEY id SOURCE(EXECUTABLE(COMMAND 'cat' FORMAT 'TSV' IMPLICIT_KEY 1)) LIFETIME(MIN 0 MAX 10) LAYOUT(HASHED())`,
      `DETACH DICTIONARY ${D}.exe`,
      `CREATE DICTIONARY ${D}.keyword_keys (\`RANGE\` UInt64, \`COMMENT\` String) PRIMARY KEY RANGE, COMMENT SOURCE(CLICKHOUSE(TABLE 'src' DB '${D}')) LIFETIME(MIN 0 MAX 2) LAYOUT(COMPLEX_KEY_HASHED()) COMMENT 'k'`,
    ],
    run: async (query) => {
      await query(DICTIONARY_ROWS_SQL, { db: D });
      await query(SHOW_CREATE_DICTIONARY_SQL);
      for (const sql of SHOW_CREATE_TABLE_SQL) await query(sql);
    },
  },
  {
    name: 'access-entities',
    about:
      'introspectAccess of users, roles, profiles, grants, a quota and a row policy defined in users.xml (and a name of each kind that does not exist); accessStorageInfo; readSnapshot of an access scope',
    setup: [],
    usersXml: ACCESS_XML,
    run: async (query) => {
      await introspectAccess(query, ACCESS_SCOPE);
      await introspectAccess(query, ACCESS_ROLE_SCOPE);
      await accessStorageInfo(query);
      await readSnapshot(query, ACCESS_SNAPSHOT_SCOPE);
      for (const only of ACCESS_ONLY_SCOPES) await readLive(query, only);
    },
  },
  {
    name: 'mutations-states',
    about: 'system.mutations of a table with a done mutation and one held by SYSTEM STOP MERGES, and of a table whose mutation fails (throwIf)',
    setup: [
      `DROP DATABASE IF EXISTS ${M} SYNC`,
      `CREATE DATABASE ${M}`,
      `CREATE TABLE ${M}.t (k UInt64, v UInt64) ENGINE = MergeTree ORDER BY k`,
      `INSERT INTO ${M}.t SELECT number, number FROM numbers(10)`,
      `ALTER TABLE ${M}.t DELETE WHERE k = 100 SETTINGS mutations_sync = 1`,
      `SYSTEM STOP MERGES ${M}.t`,
      `INSERT INTO ${M}.t SELECT number + 10, number FROM numbers(10)`,
      `ALTER TABLE ${M}.t UPDATE v = v + 1 WHERE 1 SETTINGS mutations_sync = 0`,
      `CREATE TABLE ${M}.f (k UInt64, v UInt64) ENGINE = MergeTree ORDER BY k`,
      `INSERT INTO ${M}.f SELECT number, number FROM numbers(10)`,
      `${FAILS}ALTER TABLE ${M}.f UPDATE v = throwIf(v = 5) WHERE 1 SETTINGS mutations_sync = 1`,
    ],
    cleanup: [`DROP DATABASE IF EXISTS ${M} SYNC`],
    run: async (query) => {
      await mutationIds(query, M, 't');
      await mutationsSince(query, M, 't', new Set());
      await mutationsSince(query, M, 't', new Set(['mutation_2.txt']));
      await mutationsSince(query, M, 't', new Set(['mutation_2.txt', 'mutation_4.txt']));
      await mutationsSince(query, M, 'f', new Set());
    },
  },
  {
    name: 'snapshot-tables',
    about: 'readSnapshot of a database (its tables, their parts and partitions, a detached table, a view), of two of its tables, of none; hasCluster',
    setup: [
      `DROP DATABASE IF EXISTS ${S} SYNC`,
      `CREATE DATABASE ${S}`,
      `CREATE TABLE ${S}.events (d Date, k UInt64, v String) ENGINE = MergeTree PARTITION BY toYYYYMM(d) ORDER BY k`,
      `SYSTEM STOP MERGES ${S}.events`,
      `INSERT INTO ${S}.events VALUES ('2026-01-01', 1, 'a'), ('2026-02-01', 2, 'b')`,
      `INSERT INTO ${S}.events VALUES ('2026-01-02', 3, 'c')`,
      `CREATE TABLE ${S}.mem (k UInt64) ENGINE = Memory`,
      `INSERT INTO ${S}.mem VALUES (1)`,
      `CREATE TABLE ${S}.empty (k UInt64) ENGINE = MergeTree ORDER BY k`,
      `CREATE TABLE ${S}.gone (k UInt64) ENGINE = MergeTree ORDER BY k`,
      `DETACH TABLE ${S}.gone`,
      `CREATE VIEW ${S}.v AS SELECT k FROM ${S}.events`,
    ],
    run: async (query) => {
      const scope = scopeOf(SNAPSHOT_DESIRED);
      await readSnapshot(query, scope, SNAPSHOT_DESIRED);
      await readSnapshot(query, { ...scope, tables: ['events', 'mem'] });
      await readSnapshot(query, { ...scope, tables: [] });
      await hasCluster(query, 'default');
    },
  },
];
