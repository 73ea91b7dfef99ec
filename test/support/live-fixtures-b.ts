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
  /** Sends the queries to record (the code under test, or the query whose rows a parser reads). */
  readonly run: (query: QueryFn) => Promise<unknown>;
}

/** The printed CREATE DICTIONARY of dictionaries with every clause and attribute form the parser reads. */
export const DICTS_DB = 'chx_fx_b_dicts';
export const DICTIONARY_ROWS_SQL = "SELECT name, create_table_query FROM system.tables WHERE database = {db:String} AND engine = 'Dictionary' ORDER BY name";
export const SHOW_CREATE_DICTIONARY_SQL = `SHOW CREATE DICTIONARY ${DICTS_DB}.tricky`;
/** What introspection reads of a detached name (SHOW CREATE TABLE): the detached dictionary exe, and a table. */
export const SHOW_CREATE_TABLE_SQL = [`SHOW CREATE TABLE ${DICTS_DB}.exe`, `SHOW CREATE TABLE ${DICTS_DB}.src`];

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
];
