// The async readers of sql/live/introspect-tables.ts driven by the answers a real server gave to
// exactly the queries they send (test/fixtures/live/introspect-tables.json, recorded from ClickHouse
// 26.7 by scripts/capture-live-fixtures-tables.ts; test/integration/live-fixtures-tables.test.ts
// checks they are still what the server answers). A query the code sends that was not recorded
// fails the test: changed SQL is caught as well as changed parsing.
import { FIXTURE_CALLS, readTablesFixture, replayQueryFn, RecordedCall } from '../support/live-fixtures-tables';
import { introspectDatabases, introspectForImport } from '../../sql/live/introspect-tables';
import type { ObjectSpec } from '../../sql/spec/model';

const fixture = readTablesFixture();

/** system.merge_tree_settings as recorded: every MergeTree-family table's settingDefaults. */
function defaults(): Record<string, string> {
  const call = fixture.calls['introspectDatabases(fx_tables)'].find((c) => c.sql === 'SELECT name, value FROM system.merge_tree_settings')!;
  return Object.fromEntries((call.rows as { name: string; value: string }[]).map((r) => [r.name, r.value]));
}

/** Runs a recorded reader call on the recorded answers: its result (Maps as objects) and the SQL it sent. */
async function replay(name: string): Promise<{ result: unknown; sent: string[]; recorded: readonly RecordedCall[] }> {
  const recorded = fixture.calls[name];
  const q = replayQueryFn(recorded);
  const result = await FIXTURE_CALLS[name](q);
  return { result: JSON.parse(JSON.stringify(result, (_k, v: unknown) => (v instanceof Map ? Object.fromEntries(v) : v))), sent: q.sent, recorded };
}

/** What each recorded call returns, as read from the objects the fixture's `setup` creates. */
function expected(DEFAULTS: Record<string, string>): Record<string, unknown> {
  return {
    'introspectDatabases(fx_tables)': [
      {
        kind: 'database',
        name: 'fx_tables',
        engine: 'Atomic',
        comment: 'fixture objects',
      },
      {
        kind: 'table',
        database: 'fx_tables',
        name: 'aggregating',
        columns: [
          {
            name: 'k',
            type: 'String',
          },
          {
            name: 's',
            type: 'AggregateFunction(sum, UInt64)',
          },
        ],
        engine: {
          name: 'AggregatingMergeTree',
          args: [],
        },
        orderBy: ['k'],
        settings: {
          index_granularity: '8192',
        },
        settingDefaults: DEFAULTS,
      },
      {
        kind: 'table',
        database: 'fx_tables',
        name: 'buf',
        columns: [
          {
            name: 'k',
            type: 'String',
          },
          {
            name: 'v',
            type: 'UInt32',
          },
        ],
        engine: {
          name: 'Buffer',
          args: ["'fx_tables'", "'plain'", '1', '10', '100', '10000', '1000000', '10000000', '100000000'],
        },
        orderBy: [],
      },
      {
        kind: 'table',
        database: 'fx_tables',
        name: 'collapsing',
        columns: [
          {
            name: 'k',
            type: 'String',
          },
          {
            name: 'sign',
            type: 'Int8',
          },
        ],
        engine: {
          name: 'CollapsingMergeTree',
          args: ['sign'],
        },
        orderBy: ['k'],
        settings: {
          index_granularity: '8192',
        },
        settingDefaults: DEFAULTS,
      },
      {
        kind: 'dictionary',
        database: 'fx_tables',
        name: 'dict',
        attributes: [
          {
            name: 'k',
            type: 'String',
          },
          {
            name: 'v',
            type: 'UInt32',
            default: '0',
          },
        ],
        primaryKey: ['k'],
        source: {
          type: 'CLICKHOUSE',
          params: {
            TABLE: 'plain',
            DB: 'fx_tables',
          },
        },
        layout: {
          type: 'COMPLEX_KEY_HASHED',
          params: {},
        },
        lifetime: {
          min: 0,
          max: 300,
        },
        comment: 'a dict',
      },
      {
        kind: 'table',
        database: 'fx_tables',
        name: 'events',
        columns: [
          {
            name: 'id',
            type: 'UInt64',
            codec: 'Delta(8), ZSTD(3)',
          },
          {
            name: 'ts',
            type: 'DateTime',
            comment: 'event time',
          },
          {
            name: 'day',
            type: 'Date',
            defaultKind: 'MATERIALIZED',
            defaultExpression: 'toDate(ts)',
          },
          {
            name: 'kind',
            type: 'LowCardinality(String)',
            defaultKind: 'DEFAULT',
            defaultExpression: "'x'",
          },
          {
            name: 'note',
            type: 'Nullable(String)',
            ttl: 'ts + toIntervalDay(1)',
          },
          {
            name: 'tags',
            type: 'Array(String)',
          },
          {
            name: 'attrs',
            type: 'Map(String, UInt32)',
          },
          {
            name: 'pair',
            type: 'Tuple(a UInt8, b String)',
          },
          {
            name: 'upper_kind',
            type: 'String',
            defaultKind: 'ALIAS',
            defaultExpression: 'upper(kind)',
          },
          {
            name: 'raw',
            type: 'String',
            defaultKind: 'EPHEMERAL',
            defaultExpression: "defaultValueOfTypeName('String')",
          },
          {
            name: 'with space',
            type: 'UInt8',
            defaultKind: 'DEFAULT',
            defaultExpression: '1',
            comment: "it's",
          },
          {
            name: 'a`b',
            type: 'String',
            ttl: 'ts + toIntervalDay(2)',
          },
        ],
        engine: {
          name: 'MergeTree',
          args: [],
        },
        orderBy: ['id', 'intHash32(id)', 'ts'],
        primaryKey: ['id', 'intHash32(id)'],
        partitionBy: 'toYYYYMM(ts)',
        sampleBy: 'intHash32(id)',
        ttl: 'ts + toIntervalYear(1)',
        settings: {
          index_granularity: '4096',
          merge_with_ttl_timeout: '3600',
        },
        comment: 'events table',
        indexes: [
          {
            name: 'ix_kind',
            expression: 'kind',
            type: 'bloom_filter(0.01)',
            granularity: 2,
          },
          {
            name: 'ix_id',
            expression: 'id',
            type: 'minmax',
            granularity: 1,
          },
        ],
        projections: [
          {
            name: 'by_kind',
            query: 'SELECT kind, count() GROUP BY kind',
          },
          {
            name: 'p_settings',
            query: 'SELECT id, ts ORDER BY ts',
            withSettings: 'index_granularity = 4096',
          },
        ],
        settingDefaults: DEFAULTS,
      },
      {
        kind: 'table',
        database: 'fx_tables',
        name: 'log',
        columns: [
          {
            name: 'k',
            type: 'String',
          },
        ],
        engine: {
          name: 'Log',
          args: [],
        },
        orderBy: [],
      },
      {
        kind: 'table',
        database: 'fx_tables',
        name: 'mem',
        columns: [
          {
            name: 'k',
            type: 'String',
          },
        ],
        engine: {
          name: 'Memory',
          args: [],
        },
        orderBy: [],
      },
      {
        kind: 'materialized_view',
        database: 'fx_tables',
        name: 'mv_after',
        to: {
          database: 'fx_tables',
          name: 'rtarget',
        },
        select: "SELECT 'a' AS kind, 1 AS n",
        comment: 'refreshed',
        refresh: {
          kind: 'AFTER',
          interval: '30 SECOND',
        },
        columns: [
          {
            name: 'kind',
            type: 'String',
          },
          {
            name: 'n',
            type: 'UInt64',
          },
        ],
        columnsListed: true,
      },
      {
        kind: 'materialized_view',
        database: 'fx_tables',
        name: 'mv_refresh',
        to: {
          database: 'fx_tables',
          name: 'rtarget',
        },
        select: 'SELECT kind, count() AS n FROM fx_tables.events GROUP BY kind',
        refresh: {
          kind: 'EVERY',
          interval: '1 HOUR',
          offset: '5 MINUTE',
          randomizeFor: '10 SECOND',
          dependsOn: [
            {
              database: 'fx_tables',
              name: 'mv_to',
            },
          ],
          settings: {
            refresh_retries: '3',
          },
          append: true,
        },
        columns: [
          {
            name: 'kind',
            type: 'LowCardinality(String)',
          },
          {
            name: 'n',
            type: 'UInt64',
          },
        ],
        columnsListed: true,
      },
      {
        kind: 'materialized_view',
        database: 'fx_tables',
        name: 'mv_to',
        to: {
          database: 'fx_tables',
          name: 'target',
        },
        select: 'SELECT kind, count() AS n FROM fx_tables.events GROUP BY kind',
        columns: [
          {
            name: 'kind',
            type: 'String',
          },
          {
            name: 'n',
            type: 'UInt64',
          },
        ],
        columnsListed: true,
      },
      {
        kind: 'table',
        database: 'fx_tables',
        name: 'no_key',
        columns: [
          {
            name: 'k',
            type: 'String',
          },
        ],
        engine: {
          name: 'MergeTree',
          args: [],
        },
        orderBy: [],
        settings: {
          index_granularity: '8192',
        },
        settingDefaults: DEFAULTS,
      },
      {
        kind: 'table',
        database: 'fx_tables',
        name: 'pk_same',
        columns: [
          {
            name: 'k',
            type: 'String',
          },
        ],
        engine: {
          name: 'MergeTree',
          args: [],
        },
        orderBy: ['k'],
        primaryKey: ['k'],
        settings: {
          index_granularity: '8192',
        },
        settingDefaults: DEFAULTS,
      },
      {
        kind: 'table',
        database: 'fx_tables',
        name: 'plain',
        columns: [
          {
            name: 'k',
            type: 'String',
          },
          {
            name: 'v',
            type: 'UInt32',
          },
        ],
        engine: {
          name: 'MergeTree',
          args: [],
        },
        orderBy: ['k'],
        settings: {
          index_granularity: '8192',
        },
        settingDefaults: DEFAULTS,
      },
      {
        kind: 'table',
        database: 'fx_tables',
        name: 'replacing',
        columns: [
          {
            name: 'k',
            type: 'String',
          },
          {
            name: 'ver',
            type: 'UInt32',
          },
        ],
        engine: {
          name: 'ReplacingMergeTree',
          args: ['ver'],
        },
        orderBy: ['k'],
        settings: {
          index_granularity: '8192',
        },
        settingDefaults: DEFAULTS,
      },
      {
        kind: 'table',
        database: 'fx_tables',
        name: 'rtarget',
        columns: [
          {
            name: 'kind',
            type: 'String',
          },
          {
            name: 'n',
            type: 'UInt64',
          },
        ],
        engine: {
          name: 'Memory',
          args: [],
        },
        orderBy: [],
      },
      {
        kind: 'table',
        database: 'fx_tables',
        name: 'summing',
        columns: [
          {
            name: 'k',
            type: 'String',
          },
          {
            name: 'n',
            type: 'UInt64',
          },
        ],
        engine: {
          name: 'SummingMergeTree',
          args: ['n'],
        },
        orderBy: ['k'],
        settings: {
          index_granularity: '8192',
        },
        settingDefaults: DEFAULTS,
      },
      {
        kind: 'table',
        database: 'fx_tables',
        name: 'target',
        columns: [
          {
            name: 'kind',
            type: 'String',
          },
          {
            name: 'n',
            type: 'UInt64',
          },
        ],
        engine: {
          name: 'SummingMergeTree',
          args: [],
        },
        orderBy: ['kind'],
        settings: {
          index_granularity: '8192',
        },
        settingDefaults: DEFAULTS,
      },
      {
        kind: 'table',
        database: 'fx_tables',
        name: 'tiny',
        columns: [
          {
            name: 'k',
            type: 'String',
          },
        ],
        engine: {
          name: 'TinyLog',
          args: [],
        },
        orderBy: [],
      },
      {
        kind: 'view',
        database: 'fx_tables',
        name: 'v_broken',
        select: 'SELECT x FROM fx_tables.doomed',
        columns: [
          {
            name: 'x',
            type: 'UInt8',
          },
        ],
        columnsListed: true,
      },
      {
        kind: 'view',
        database: 'fx_tables',
        name: 'v_cols',
        select: 'SELECT k, v AS v2 FROM fx_tables.plain',
        comment: 'view with columns',
        columns: [
          {
            name: 'k',
            type: 'String',
          },
          {
            name: 'v2',
            type: 'UInt64',
          },
        ],
        columnsListed: true,
      },
      {
        kind: 'view',
        database: 'fx_tables',
        name: 'v_plain',
        select: 'SELECT k, v FROM fx_tables.plain',
        columns: [
          {
            name: 'k',
            type: 'String',
          },
          {
            name: 'v',
            type: 'UInt32',
          },
        ],
        columnsListed: true,
      },
      {
        kind: 'table',
        database: 'fx_tables',
        name: 'versioned',
        columns: [
          {
            name: 'k',
            type: 'String',
          },
          {
            name: 'sign',
            type: 'Int8',
          },
          {
            name: 'ver',
            type: 'UInt32',
          },
        ],
        engine: {
          name: 'VersionedCollapsingMergeTree',
          args: ['sign', 'ver'],
        },
        orderBy: ['k'],
        settings: {
          index_granularity: '8192',
        },
        settingDefaults: DEFAULTS,
      },
      {
        kind: 'dictionary',
        database: 'fx_tables',
        name: 'dict_gone',
        attributes: [
          {
            name: 'k',
            type: 'UInt64',
          },
          {
            name: 'v',
            type: 'String',
          },
        ],
        primaryKey: ['k'],
        source: {
          type: 'NULL',
          params: {},
        },
        layout: {
          type: 'FLAT',
          params: {},
        },
        lifetime: {
          min: 0,
          max: 0,
        },
        detached: {
          permanently: false,
          definitionRead: true,
        },
      },
      {
        kind: 'table',
        database: 'fx_tables',
        name: 'gone',
        columns: [
          {
            name: 'k',
            type: 'String',
          },
          {
            name: 'd',
            type: 'Date',
          },
          {
            name: 'n',
            type: 'UInt8',
          },
          {
            name: 'm',
            type: 'UInt8',
            defaultKind: 'DEFAULT',
            defaultExpression: '1',
            comment: 'gone m',
            codec: 'ZSTD(1)',
            ttl: 'd + toIntervalDay(1)',
          },
          {
            name: 'a`b',
            type: 'String',
            ttl: 'd + toIntervalDay(2)',
          },
        ],
        engine: {
          name: 'MergeTree',
          args: [],
        },
        orderBy: ['k', 'n'],
        partitionBy: 'd',
        sampleBy: 'n',
        ttl: 'd + toIntervalYear(1)',
        settings: {
          index_granularity: '1024',
        },
        comment: 'detached table',
        indexes: [
          {
            name: 'ix_n',
            expression: 'n',
            type: 'minmax',
            granularity: 1,
          },
        ],
        projections: [
          {
            name: 'p',
            query: 'SELECT k ORDER BY n',
          },
        ],
        settingDefaults: DEFAULTS,
        detached: {
          permanently: false,
          definitionRead: true,
        },
      },
      {
        kind: 'table',
        database: 'fx_tables',
        name: 'gone_forever',
        columns: [
          {
            name: 'k',
            type: 'String',
          },
        ],
        engine: {
          name: 'Log',
          args: [],
        },
        orderBy: [],
        detached: {
          permanently: true,
          definitionRead: true,
        },
      },
      {
        kind: 'materialized_view',
        database: 'fx_tables',
        name: 'mv_gone',
        to: {
          database: 'fx_tables',
          name: 'target',
        },
        select: 'SELECT kind, count() AS n FROM fx_tables.events GROUP BY kind',
        columns: [
          {
            name: 'kind',
            type: 'LowCardinality(String)',
          },
          {
            name: 'n',
            type: 'UInt64',
          },
        ],
        columnsListed: true,
        detached: {
          permanently: false,
          definitionRead: true,
        },
      },
      {
        kind: 'view',
        database: 'fx_tables',
        name: 'v_gone',
        select: 'SELECT 1 AS one',
        comment: 'gone view',
        columns: [
          {
            name: 'one',
            type: 'UInt8',
          },
        ],
        columnsListed: true,
        detached: {
          permanently: false,
          definitionRead: true,
        },
      },
    ],
    'introspectDatabases(fx_tables, fx_inner, fx_inner2; named)': [
      {
        kind: 'database',
        name: 'fx_inner',
        engine: 'Atomic',
      },
      {
        kind: 'database',
        name: 'fx_inner2',
        engine: 'Atomic',
      },
      {
        kind: 'database',
        name: 'fx_tables',
        engine: 'Atomic',
        comment: 'fixture objects',
      },
      {
        kind: 'materialized_view',
        database: 'fx_inner',
        name: 'mv_inner',
        inner: {
          engine: {
            name: 'SummingMergeTree',
            args: [],
          },
          orderBy: ['kind', 'n', 'd'],
          partitionBy: 'kind',
          primaryKey: ['kind', 'n'],
          ttl: 'd + toIntervalYear(1)',
          settings: {
            index_granularity: '1024',
          },
          unsupported: ['SAMPLE BY n'],
          settingDefaults: DEFAULTS,
        },
        select: 'SELECT kind, count() AS n, today() AS d FROM fx_tables.events GROUP BY kind',
        comment: 'inner',
        columns: [
          {
            name: 'kind',
            type: 'String',
          },
          {
            name: 'n',
            type: 'UInt64',
          },
          {
            name: 'd',
            type: 'Date',
          },
        ],
        columnsListed: true,
      },
      {
        kind: 'materialized_view',
        database: 'fx_inner2',
        name: 'mv_inner_refresh',
        inner: {
          engine: {
            name: 'MergeTree',
            args: [],
          },
          orderBy: [],
          settings: {
            index_granularity: '8192',
          },
          settingDefaults: DEFAULTS,
        },
        select: 'SELECT 1 AS one',
        refresh: {
          kind: 'EVERY',
          interval: '1 DAY',
        },
        columns: [
          {
            name: 'one',
            type: 'UInt8',
          },
        ],
        columnsListed: true,
      },
      {
        kind: 'table',
        database: 'fx_tables',
        name: 'events',
        columns: [
          {
            name: 'id',
            type: 'UInt64',
            codec: 'Delta(8), ZSTD(3)',
          },
          {
            name: 'ts',
            type: 'DateTime',
            comment: 'event time',
          },
          {
            name: 'day',
            type: 'Date',
            defaultKind: 'MATERIALIZED',
            defaultExpression: 'toDate(ts)',
          },
          {
            name: 'kind',
            type: 'LowCardinality(String)',
            defaultKind: 'DEFAULT',
            defaultExpression: "'x'",
          },
          {
            name: 'note',
            type: 'Nullable(String)',
            ttl: 'ts + toIntervalDay(1)',
          },
          {
            name: 'tags',
            type: 'Array(String)',
          },
          {
            name: 'attrs',
            type: 'Map(String, UInt32)',
          },
          {
            name: 'pair',
            type: 'Tuple(a UInt8, b String)',
          },
          {
            name: 'upper_kind',
            type: 'String',
            defaultKind: 'ALIAS',
            defaultExpression: 'upper(kind)',
          },
          {
            name: 'raw',
            type: 'String',
            defaultKind: 'EPHEMERAL',
            defaultExpression: "defaultValueOfTypeName('String')",
          },
          {
            name: 'with space',
            type: 'UInt8',
            defaultKind: 'DEFAULT',
            defaultExpression: '1',
            comment: "it's",
          },
          {
            name: 'a`b',
            type: 'String',
            ttl: 'ts + toIntervalDay(2)',
          },
        ],
        engine: {
          name: 'MergeTree',
          args: [],
        },
        orderBy: ['id', 'intHash32(id)', 'ts'],
        primaryKey: ['id', 'intHash32(id)'],
        partitionBy: 'toYYYYMM(ts)',
        sampleBy: 'intHash32(id)',
        ttl: 'ts + toIntervalYear(1)',
        settings: {
          index_granularity: '4096',
          merge_with_ttl_timeout: '3600',
        },
        comment: 'events table',
        indexes: [
          {
            name: 'ix_kind',
            expression: 'kind',
            type: 'bloom_filter(0.01)',
            granularity: 2,
          },
          {
            name: 'ix_id',
            expression: 'id',
            type: 'minmax',
            granularity: 1,
          },
        ],
        projections: [
          {
            name: 'by_kind',
            query: 'SELECT kind, count() GROUP BY kind',
          },
          {
            name: 'p_settings',
            query: 'SELECT id, ts ORDER BY ts',
            withSettings: 'index_granularity = 4096',
          },
        ],
        settingDefaults: DEFAULTS,
      },
      {
        kind: 'table',
        database: 'fx_tables',
        name: 'versioned',
        columns: [
          {
            name: 'k',
            type: 'String',
          },
          {
            name: 'sign',
            type: 'Int8',
          },
          {
            name: 'ver',
            type: 'UInt32',
          },
        ],
        engine: {
          name: 'VersionedCollapsingMergeTree',
          args: ['sign', 'ver'],
        },
        orderBy: ['k'],
        settings: {
          index_granularity: '8192',
        },
        settingDefaults: DEFAULTS,
      },
      {
        kind: 'table',
        database: 'fx_tables',
        name: 'gone',
        columns: [
          {
            name: 'k',
            type: 'String',
          },
          {
            name: 'd',
            type: 'Date',
          },
          {
            name: 'n',
            type: 'UInt8',
          },
          {
            name: 'm',
            type: 'UInt8',
            defaultKind: 'DEFAULT',
            defaultExpression: '1',
            comment: 'gone m',
            codec: 'ZSTD(1)',
            ttl: 'd + toIntervalDay(1)',
          },
          {
            name: 'a`b',
            type: 'String',
            ttl: 'd + toIntervalDay(2)',
          },
        ],
        engine: {
          name: 'MergeTree',
          args: [],
        },
        orderBy: ['k', 'n'],
        partitionBy: 'd',
        sampleBy: 'n',
        ttl: 'd + toIntervalYear(1)',
        settings: {
          index_granularity: '1024',
        },
        comment: 'detached table',
        indexes: [
          {
            name: 'ix_n',
            expression: 'n',
            type: 'minmax',
            granularity: 1,
          },
        ],
        projections: [
          {
            name: 'p',
            query: 'SELECT k ORDER BY n',
          },
        ],
        settingDefaults: DEFAULTS,
        detached: {
          permanently: false,
          definitionRead: true,
        },
      },
    ],
    'introspectForImport(fx_inner2)': {
      objects: [
        {
          kind: 'database',
          name: 'fx_inner2',
          engine: 'Atomic',
        },
        {
          kind: 'materialized_view',
          database: 'fx_inner2',
          name: 'mv_inner_refresh',
          inner: {
            engine: {
              name: 'MergeTree',
              args: [],
            },
            orderBy: [],
            settings: {
              index_granularity: '8192',
            },
            settingDefaults: DEFAULTS,
          },
          select: 'SELECT 1 AS one',
          refresh: {
            kind: 'EVERY',
            interval: '1 DAY',
          },
        },
        {
          kind: 'table',
          database: 'fx_inner2',
          name: 'src',
          columns: [
            {
              name: 'x',
              type: 'UInt8',
            },
            {
              name: 'ts',
              type: 'DateTime',
            },
          ],
          engine: {
            name: 'Memory',
            args: [],
          },
          orderBy: [],
        },
        {
          kind: 'table',
          database: 'fx_inner2',
          name: 'wv_gone',
          columns: [],
          engine: {
            name: '',
          },
          orderBy: [],
          detached: {
            permanently: false,
            definitionRead: false,
          },
        },
        {
          kind: 'materialized_view',
          database: 'fx_inner2',
          name: 'wv_gone',
          to: {
            database: 'fx_inner2',
            name: '',
          },
          select: '',
          detached: {
            permanently: false,
            definitionRead: false,
          },
        },
        {
          kind: 'view',
          database: 'fx_inner2',
          name: 'wv_gone',
          select: '',
          detached: {
            permanently: false,
            definitionRead: false,
          },
        },
        {
          kind: 'dictionary',
          database: 'fx_inner2',
          name: 'wv_gone',
          attributes: [],
          primaryKey: [],
          source: {
            type: '',
          },
          layout: {
            type: '',
          },
          detached: {
            permanently: false,
            definitionRead: false,
          },
        },
      ],
      unmodelled: [
        {
          database: 'fx_inner2',
          name: 'wv',
          engine: 'WindowView',
        },
      ],
    },
    'introspectTableData(fx_tables)': {
      byTable: {
        'fx_tables.events': {
          rows: 2,
          bytes: 3206,
          parts: 1,
          pendingMutations: 0,
          partitions: ['202601'],
          columnsOnDisk: ['a`b', 'attrs', 'day', 'id', 'kind', 'note', 'pair', 'tags', 'ts', 'with space'],
        },
        'fx_tables.plain': {
          rows: 2,
          bytes: 427,
          parts: 1,
          pendingMutations: 1,
          pending: [
            {
              id: 'mutation_2.txt',
              command: "(UPDATE v = throwIf(v > 0, 'fixture mutation fails') WHERE 1)",
              partsToDo: 1,
              failReason:
                "Code: 395. DB::Exception: fixture mutation fails: while executing 'FUNCTION if(1_UInt8 :: 2, _CAST(throwIf(greater(v, 0_UInt8), 'fixture mutation fails'_String), 'UInt32'_String) :: 4, v :: 1) -> if(1_UInt8, _CAST(throwIf(greater(v, 0_UInt8), 'fixture mutation fails'_String), 'UInt32'_String), v... UInt32 : 3'. (FUNCTION_THROW_IF_VALUE_IS_NON_ZERO) (version 26.7.2.1)",
            },
          ],
          partitions: ['all'],
          columnsOnDisk: ['k', 'v'],
        },
        'fx_tables.target': {
          rows: 2,
          bytes: 435,
          parts: 1,
          pendingMutations: 0,
          partitions: ['all'],
          columnsOnDisk: ['kind', 'n'],
        },
      },
      materializeTtlAfterModify: true,
    },
  };
}

const sqlOf = (calls: readonly RecordedCall[]) => calls.map((c) => c.sql);
const named = (objects: readonly ObjectSpec[], kind: string, name: string) => objects.find((o) => o.kind === kind && 'name' in o && o.name === name);

describe('introspect-tables readers on recorded server answers', () => {
  test('GIVEN the recorded answers WHEN the fixture was taken THEN it names the server version it came from', () => {
    expect(fixture.serverVersion).toMatch(/^\d+\.\d+\./);
    expect(Object.keys(fixture.calls)).toEqual(Object.keys(FIXTURE_CALLS));
  });

  test.each([
    'introspectDatabases(fx_tables)',
    'introspectDatabases(fx_tables, fx_inner, fx_inner2; named)',
    'introspectForImport(fx_inner2)',
    'introspectTableData(fx_tables)',
  ])('GIVEN the objects of the fixture WHEN %s runs THEN it sends the recorded queries and reads every object as the server printed it', async (name) => {
    const { result, sent, recorded } = await replay(name);
    expect(sent).toEqual(sqlOf(recorded));
    expect(result).toEqual(expected(defaults())[name]);
  });

  test('GIVEN one database WHEN read THEN seven queries (one per system table) and one SHOW CREATE per detached object', async () => {
    const { sent } = await replay('introspectDatabases(fx_tables)');
    expect(sent.filter((s) => s.startsWith('SHOW CREATE TABLE '))).toEqual([
      'SHOW CREATE TABLE `fx_tables`.`dict_gone`',
      'SHOW CREATE TABLE `fx_tables`.`gone`',
      'SHOW CREATE TABLE `fx_tables`.`gone_forever`',
      'SHOW CREATE TABLE `fx_tables`.`mv_gone`',
      'SHOW CREATE TABLE `fx_tables`.`v_gone`',
    ]);
    expect(sent).toHaveLength(12);
  });

  test('GIVEN an empty table list WHEN the databases are read THEN only system.databases is asked', async () => {
    const { result, sent } = await replay('introspectDatabases(fx_tables; no tables)');
    expect(sent).toEqual(['SELECT name, engine, comment FROM system.databases WHERE name IN {dbs:Array(String)} ORDER BY name']);
    expect(result).toEqual([{ kind: 'database', name: 'fx_tables', engine: 'Atomic', comment: 'fixture objects' }]);
  });

  test('GIVEN no database WHEN read THEN nothing is asked and nothing comes back', async () => {
    const q = replayQueryFn([]);
    await expect(introspectDatabases(q, [])).resolves.toEqual([]);
    await expect(introspectForImport(q, [])).resolves.toEqual({ objects: [], unmodelled: [] });
    expect(q.sent).toEqual([]);
  });

  test('GIVEN views whose listed columns are what their SELECT returns WHEN imported THEN those lose the list; views that differ, or whose SELECT no longer runs, keep it', async () => {
    const { result, sent, recorded } = await replay('introspectForImport(fx_tables)');
    expect(sent).toEqual(sqlOf(recorded));
    const read = expected(defaults())['introspectDatabases(fx_tables)'] as ObjectSpec[];
    const stripped = ['mv_refresh', 'v_plain'];
    const want = read.map((o) => {
      if (!('name' in o) || !stripped.includes(o.name) || ('detached' in o && o.detached)) return o;
      const { columns: _c, columnsListed: _l, ...rest } = o as ObjectSpec & { columns?: unknown; columnsListed?: unknown };
      return rest;
    });
    expect(result).toEqual({ objects: want, unmodelled: [] });
    const objects = (result as { objects: ObjectSpec[] }).objects;
    // DESCRIBE types differ (LowCardinality(String) vs String, UInt8 vs UInt64, UInt32 vs UInt64), or it fails (v_broken).
    for (const [kind, name] of [
      ['materialized_view', 'mv_to'],
      ['materialized_view', 'mv_after'],
      ['view', 'v_cols'],
      ['view', 'v_broken'],
      ['view', 'v_gone'],
    ])
      expect(named(objects, kind, name)).toHaveProperty('columnsListed', true);
  });

  test('GIVEN a table list WHEN the data is read THEN only those tables, and the server setting', async () => {
    const all = (await replay('introspectTableData(fx_tables)')).result as { byTable: Record<string, unknown> };
    const { result, sent, recorded } = await replay('introspectTableData(fx_tables; plain)');
    expect(sent).toEqual(sqlOf(recorded));
    expect(result).toEqual({ byTable: { 'fx_tables.plain': all.byTable['fx_tables.plain'] }, materializeTtlAfterModify: true });
  });

  test('GIVEN materialize_ttl_after_modify = 0 on the server WHEN the data is read THEN it says so', async () => {
    const all = (await replay('introspectTableData(fx_tables)')).result as { byTable: Record<string, unknown> };
    const { result } = await replay('introspectTableData(fx_tables; plain; materialize_ttl_after_modify = 0)');
    expect(result).toEqual({ byTable: { 'fx_tables.plain': all.byTable['fx_tables.plain'] }, materializeTtlAfterModify: false });
  });
});
