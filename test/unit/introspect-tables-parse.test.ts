// The parsers of sql/live/introspect-tables.ts on definitions as ClickHouse 26.7 prints them (SHOW
// CREATE TABLE ... FORMAT JSONEachRow and system.tables.create_table_query on the embedded server,
// copied verbatim): column parts the fixture's tables do not have (EPHEMERAL without a value,
// column SETTINGS and STATISTICS, keywords inside strings), quoted names, constraints, views.
import {
  columnFromDefinition,
  columnTtls,
  detachedMarkers,
  indexFromDefinition,
  innerFromCreateQuery,
  parseEngineClause,
  projectionFromDefinition,
  refreshClause,
  refreshFromClause,
  rowsOfReplica,
  specFromCreateQuery,
  splitCreateTable,
  viewTarget,
} from '../../sql/live/introspect-tables';

// SHOW CREATE TABLE of: CREATE TABLE `my-db`.`t 1` (`a` String NULL, `b` String NOT NULL, `e` String EPHEMERAL, `e2` UInt8 EPHEMERAL 5 COMMENT
// 'ephemeral with TTL word', `s` String SETTINGS (max_compress_block_size = 1048576), `c` String DEFAULT 'a DEFAULT b' COMMENT '' CODEC(LZ4),
// `m` String MATERIALIZED concat(b, 'x') CODEC(ZSTD(1)), `ts` DateTime, `t` String TTL ts + INTERVAL 1 DAY SETTINGS (max_compress_block_size = 1048576))
// ENGINE = MergeTree ORDER BY b SETTINGS allow_nullable_key = 0, storage_policy = 'default'
const T1 =
  "CREATE TABLE `my-db`.`t 1`\n(\n    `a` Nullable(String),\n    `b` String,\n    `e` String EPHEMERAL,\n    `e2` UInt8 EPHEMERAL 5 COMMENT 'ephemeral with TTL word',\n    `s` String SETTINGS (max_compress_block_size = 1048576),\n    `c` String DEFAULT 'a DEFAULT b' CODEC(LZ4),\n    `m` String MATERIALIZED concat(b, 'x') CODEC(ZSTD(1)),\n    `ts` DateTime,\n    `t` String TTL ts + toIntervalDay(1) SETTINGS (max_compress_block_size = 1048576)\n)\nENGINE = MergeTree\nORDER BY b\nSETTINGS allow_nullable_key = 0, storage_policy = 'default', index_granularity = 8192";
// system.tables.create_table_query of the same table.
const T1_ROW =
  "CREATE TABLE `my-db`.`t 1` (`a` Nullable(String), `b` String, `e` String EPHEMERAL, `e2` UInt8 EPHEMERAL 5 COMMENT 'ephemeral with TTL word', `s` String SETTINGS (max_compress_block_size = 1048576), `c` String DEFAULT 'a DEFAULT b' CODEC(LZ4), `m` String MATERIALIZED concat(b, 'x') CODEC(ZSTD(1)), `ts` DateTime, `t` String TTL ts + toIntervalDay(1) SETTINGS (max_compress_block_size = 1048576)) ENGINE = MergeTree ORDER BY b SETTINGS allow_nullable_key = 0, storage_policy = 'default', index_granularity = 8192";
// CREATE TABLE `my-db`.c (`x` UInt64, `y` UInt64, CONSTRAINT c1 CHECK x > 0, INDEX `ix 1` (x, y) TYPE set(100) GRANULARITY 4,
// PROJECTION `p 1` (SELECT x, y ORDER BY y)) ENGINE = MergeTree ORDER BY x SETTINGS index_granularity = 8192 COMMENT 'c''s AS TTL'
const C =
  "CREATE TABLE `my-db`.c\n(\n    `x` UInt64,\n    `y` UInt64,\n    INDEX `ix 1` (x, y) TYPE set(100) GRANULARITY 4,\n    CONSTRAINT c1 CHECK x > 0,\n    PROJECTION `p 1`\n    (\n        SELECT\n            x,\n            y\n        ORDER BY y\n    )\n)\nENGINE = MergeTree\nORDER BY x\nSETTINGS index_granularity = 8192\nCOMMENT 'c\\'s AS TTL'";
// With allow_experimental_statistics = 1: CREATE TABLE `my-db`.st (`x` UInt64 STATISTICS(tdigest), `y` UInt64 COMMENT 'y' STATISTICS(minmax)) ENGINE = MergeTree ORDER BY x
const ST =
  "CREATE TABLE `my-db`.st\n(\n    `x` UInt64 STATISTICS(tdigest),\n    `y` UInt64 COMMENT 'y' STATISTICS(minmax)\n)\nENGINE = MergeTree\nORDER BY x\nSETTINGS index_granularity = 8192";
// CREATE VIEW `my-db`.v (`n` UInt8) AS SELECT 1 AS n COMMENT 'kept AS it is'
const V = "CREATE VIEW `my-db`.v\n(\n    `n` UInt8\n)\nCOMMENT 'kept AS it is'\nAS SELECT 1 AS n";
// CREATE MATERIALIZED VIEW `my-db`.`mv-1` TO `my-db`.`t 1` (`b` String) AS SELECT 'x' AS b
const MV1 = "CREATE MATERIALIZED VIEW `my-db`.`mv-1` TO `my-db`.`t 1`\n(\n    `b` String\n)\nAS SELECT 'x' AS b";
const MV1_ROW = "CREATE MATERIALIZED VIEW `my-db`.`mv-1` TO `my-db`.`t 1` (`b` String) AS SELECT 'x' AS b";
// CREATE MATERIALIZED VIEW `my-db`.`r 2` REFRESH AFTER 2 HOUR 30 MINUTE DEPENDS ON `my-db`.r1, `my-db`.inner_pk SETTINGS refresh_retries = 2,
// refresh_retry_initial_backoff_ms = 50 TO `my-db`.t2 (`b` String) EMPTY AS SELECT 'y' AS b
const R2 =
  "CREATE MATERIALIZED VIEW `my-db`.`r 2`\nREFRESH AFTER 2 HOUR 30 MINUTE DEPENDS ON `my-db`.r1, `my-db`.inner_pk SETTINGS refresh_retries = 2, refresh_retry_initial_backoff_ms = 50 TO `my-db`.t2\n(\n    `b` String\n)\nDEFINER = default SQL SECURITY DEFINER\nAS SELECT 'y' AS b";
const R2_ROW =
  "CREATE MATERIALIZED VIEW `my-db`.`r 2` REFRESH AFTER 2 HOUR 30 MINUTE DEPENDS ON `my-db`.r1, `my-db`.inner_pk SETTINGS refresh_retries = 2, refresh_retry_initial_backoff_ms = 50 TO `my-db`.t2 (`b` String) DEFINER = default SQL SECURITY DEFINER AS SELECT 'y' AS b";
// CREATE MATERIALIZED VIEW `my-db`.inner_pk (`k` UInt64) ENGINE = MergeTree PRIMARY KEY k ORDER BY k COMMENT 'inner pk' AS SELECT 1 AS k
const IPK =
  "CREATE MATERIALIZED VIEW `my-db`.inner_pk\n(\n    `k` UInt64\n)\nENGINE = MergeTree\nPRIMARY KEY k\nORDER BY k\nSETTINGS index_granularity = 8192\nCOMMENT 'inner pk'\nAS SELECT 1 AS k";
const IPK_ROW =
  "CREATE MATERIALIZED VIEW `my-db`.inner_pk (`k` UInt64) ENGINE = MergeTree PRIMARY KEY k ORDER BY k SETTINGS index_granularity = 8192 COMMENT 'inner pk' AS SELECT 1 AS k";
// CREATE DICTIONARY `my-db`.d (`k` UInt64, `v` String) PRIMARY KEY k SOURCE(NULL()) LIFETIME(0) LAYOUT(FLAT())
const D = 'CREATE DICTIONARY `my-db`.d\n(\n    `k` UInt64,\n    `v` String\n)\nPRIMARY KEY k\nSOURCE(NULL())\nLIFETIME(MIN 0 MAX 0)\nLAYOUT(FLAT())';
// With allow_experimental_window_view = 1, allow_experimental_analyzer = 0.
const WV =
  "CREATE WINDOW VIEW scratch.wv\n(\n    `c` UInt64,\n    `s` DateTime\n)\nENGINE = Memory\nAS SELECT\n    count(x) AS c,\n    tumbleStart(w_id) AS s\nFROM scratch.src\nGROUP BY tumble(ts, toIntervalSecond('10')) AS w_id";

const T1_COLUMNS = [
  { name: 'a', type: 'Nullable(String)' },
  { name: 'b', type: 'String' },
  { name: 'e', type: 'String', defaultKind: 'EPHEMERAL' },
  { name: 'e2', type: 'UInt8', defaultKind: 'EPHEMERAL', defaultExpression: '5', comment: 'ephemeral with TTL word' },
  { name: 's', type: 'String' },
  { name: 'c', type: 'String', defaultKind: 'DEFAULT', defaultExpression: "'a DEFAULT b'", codec: 'LZ4' },
  { name: 'm', type: 'String', defaultKind: 'MATERIALIZED', defaultExpression: "concat(b, 'x')", codec: 'ZSTD(1)' },
  { name: 'ts', type: 'DateTime' },
  { name: 't', type: 'String', ttl: 'ts + toIntervalDay(1)' },
];

describe('printed column definitions', () => {
  test('GIVEN each column part as the server prints it WHEN parsed THEN type, default, comment, codec and TTL; column SETTINGS and keywords inside strings are no part', () => {
    expect(splitCreateTable(T1_ROW).columns.map(columnFromDefinition)).toStrictEqual(T1_COLUMNS);
  });

  test('GIVEN column TTLs, one followed by column SETTINGS WHEN read THEN the TTL ends before SETTINGS; other columns have none', () => {
    expect([...columnTtls(splitCreateTable(T1_ROW).columns)]).toStrictEqual([['t', 'ts + toIntervalDay(1)']]);
  });

  test('GIVEN STATISTICS after a type and after a comment WHEN parsed THEN they end the type and the comment', () => {
    const defs = splitCreateTable(
      "CREATE TABLE `my-db`.st (`x` UInt64 STATISTICS(tdigest), `y` UInt64 COMMENT 'y' STATISTICS(minmax)) ENGINE = MergeTree ORDER BY x",
    ).columns;
    expect(defs.map(columnFromDefinition)).toStrictEqual([
      { name: 'x', type: 'UInt64' },
      { name: 'y', type: 'UInt64', comment: 'y' },
    ]);
  });

  test('GIVEN a name with a back quote (`a\\`b`) WHEN parsed THEN the name is a`b and the rest of the definition its type and TTL', () => {
    // create_table_query of CREATE TABLE scratch.bq (`e` DateTime, `a\`b` String TTL e + INTERVAL 1 DAY, ...)
    const def = '`a\\`b` String TTL e + toIntervalDay(1)';
    expect(columnFromDefinition(def)).toStrictEqual({ name: 'a`b', type: 'String', ttl: 'e + toIntervalDay(1)' });
    expect([...columnTtls([def])]).toStrictEqual([['a`b', 'e + toIntervalDay(1)']]);
  });

  test('GIVEN INDEX, CONSTRAINT and PROJECTION entries WHEN read as columns THEN they are none; each is read only by its own parser', () => {
    const defs = splitCreateTable(C.replace(/\n\s*/g, ' ')).columns;
    expect(defs.map(columnFromDefinition).filter((c) => c !== undefined)).toStrictEqual([
      { name: 'x', type: 'UInt64' },
      { name: 'y', type: 'UInt64' },
    ]);
    expect(columnTtls(defs).size).toBe(0);
    expect(defs.map(indexFromDefinition).filter((c) => c !== undefined)).toStrictEqual([
      { name: 'ix 1', expression: '(x, y)', type: 'set(100)', granularity: 4 },
    ]);
    expect(defs.map(projectionFromDefinition).filter((c) => c !== undefined)).toStrictEqual([{ name: 'p 1', query: 'SELECT x, y ORDER BY y' }]);
    expect(indexFromDefinition('CONSTRAINT c1 CHECK x > 0')).toBeUndefined();
    expect(projectionFromDefinition('CONSTRAINT c1 CHECK x > 0')).toBeUndefined();
  });

  test('GIVEN printed INDEX and PROJECTION entries WHEN parsed THEN name, expression, type, granularity, query and WITH SETTINGS', () => {
    // From the fixture table fx_tables.events (test/support/live-fixtures-tables.ts).
    expect(indexFromDefinition('INDEX ix_kind kind TYPE bloom_filter(0.01) GRANULARITY 2')).toStrictEqual({
      name: 'ix_kind',
      expression: 'kind',
      type: 'bloom_filter(0.01)',
      granularity: 2,
    });
    expect(projectionFromDefinition('PROJECTION p_settings (SELECT id, ts ORDER BY ts) WITH SETTINGS (index_granularity = 4096)')).toStrictEqual({
      name: 'p_settings',
      query: 'SELECT id, ts ORDER BY ts',
      withSettings: 'index_granularity = 4096',
    });
    expect(projectionFromDefinition('PROJECTION by_kind (SELECT kind, count() GROUP BY kind)')).toStrictEqual({
      name: 'by_kind',
      query: 'SELECT kind, count() GROUP BY kind',
    });
  });
});

describe('printed engine clauses', () => {
  test('GIVEN engines with and without arguments and SETTINGS with a quoted value WHEN parsed THEN name, arguments and settings unquoted', () => {
    expect(parseEngineClause(splitCreateTable(T1_ROW).rest)).toStrictEqual({
      name: 'MergeTree',
      args: [],
      settings: { allow_nullable_key: '0', storage_policy: 'default', index_granularity: '8192' },
    });
    expect(parseEngineClause(' ENGINE = Log')).toStrictEqual({ name: 'Log', args: [], settings: {} });
    // The rest of a view (no engine): nothing.
    expect(parseEngineClause(splitCreateTable(V.replace(/\n/g, ' ')).rest)).toStrictEqual({ name: '', args: [], settings: {} });
    expect(parseEngineClause(" ENGINE = Buffer('fx_tables', 'plain', 1, 10, 100, 10000, 1000000, 10000000, 100000000)")).toStrictEqual({
      name: 'Buffer',
      args: ["'fx_tables'", "'plain'", '1', '10', '100', '10000', '1000000', '10000000', '100000000'],
      settings: {},
    });
    expect(
      parseEngineClause(
        " ENGINE = MergeTree PARTITION BY toYYYYMM(ts) ORDER BY id TTL ts + toIntervalYear(1) SETTINGS index_granularity = 4096 COMMENT 'events table'",
      ),
    ).toStrictEqual({
      name: 'MergeTree',
      args: [],
      ttl: 'ts + toIntervalYear(1)',
      settings: { index_granularity: '4096' },
    });
  });
});

describe('printed CREATE statements (SHOW CREATE TABLE)', () => {
  test('GIVEN a table over several lines WHEN parsed THEN every column part, ORDER BY and the settings', () => {
    expect(specFromCreateQuery('my-db', 't 1', T1, { index_granularity: '8192' })).toStrictEqual({
      kind: 'table',
      database: 'my-db',
      name: 't 1',
      columns: T1_COLUMNS,
      engine: { name: 'MergeTree', args: [] },
      orderBy: ['b'],
      settings: { allow_nullable_key: '0', storage_policy: 'default', index_granularity: '8192' },
      settingDefaults: { index_granularity: '8192' },
    });
  });

  test('GIVEN a table with an index, a constraint, a projection over several lines and a comment with a quote and keywords WHEN parsed THEN each is read', () => {
    expect(specFromCreateQuery('my-db', 'c', C)).toStrictEqual({
      kind: 'table',
      database: 'my-db',
      name: 'c',
      columns: [
        { name: 'x', type: 'UInt64' },
        { name: 'y', type: 'UInt64' },
      ],
      engine: { name: 'MergeTree', args: [] },
      orderBy: ['x'],
      settings: { index_granularity: '8192' },
      comment: "c's AS TTL",
      indexes: [{ name: 'ix 1', expression: '(x, y)', type: 'set(100)', granularity: 4 }],
      projections: [{ name: 'p 1', query: 'SELECT x, y ORDER BY y' }],
      settingDefaults: {},
    });
  });

  test('GIVEN columns with STATISTICS WHEN parsed THEN type and comment end before it', () => {
    expect(specFromCreateQuery('my-db', 'st', ST)).toMatchObject({
      columns: [
        { name: 'x', type: 'UInt64' },
        { name: 'y', type: 'UInt64', comment: 'y' },
      ],
    });
  });

  test('GIVEN a view whose comment says AS WHEN parsed THEN the SELECT starts at the top-level AS after the comment', () => {
    expect(specFromCreateQuery('my-db', 'v', V)).toStrictEqual({
      kind: 'view',
      database: 'my-db',
      name: 'v',
      select: 'SELECT 1 AS n',
      comment: 'kept AS it is',
      columns: [{ name: 'n', type: 'UInt8' }],
      columnsListed: true,
    });
  });

  test('GIVEN materialized views TO quoted names, refreshable with DEPENDS ON and SETTINGS, and with an inner table WHEN parsed THEN target, refresh and inner table', () => {
    expect(specFromCreateQuery('my-db', 'mv-1', MV1)).toStrictEqual({
      kind: 'materialized_view',
      database: 'my-db',
      name: 'mv-1',
      to: { database: 'my-db', name: 't 1' },
      select: "SELECT 'x' AS b",
      columns: [{ name: 'b', type: 'String' }],
      columnsListed: true,
    });
    expect(specFromCreateQuery('my-db', 'r 2', R2)).toStrictEqual({
      kind: 'materialized_view',
      database: 'my-db',
      name: 'r 2',
      to: { database: 'my-db', name: 't2' },
      refresh: {
        kind: 'AFTER',
        interval: '2 HOUR 30 MINUTE',
        dependsOn: [
          { database: 'my-db', name: 'r1' },
          { database: 'my-db', name: 'inner_pk' },
        ],
        settings: { refresh_retries: '2', refresh_retry_initial_backoff_ms: '50' },
      },
      select: "SELECT 'y' AS b",
      columns: [{ name: 'b', type: 'String' }],
      columnsListed: true,
    });
    expect(specFromCreateQuery('my-db', 'inner_pk', IPK, { index_granularity: '8192' })).toStrictEqual({
      kind: 'materialized_view',
      database: 'my-db',
      name: 'inner_pk',
      inner: {
        engine: { name: 'MergeTree', args: [] },
        orderBy: ['k'],
        primaryKey: ['k'],
        settings: { index_granularity: '8192' },
        settingDefaults: { index_granularity: '8192' },
      },
      select: 'SELECT 1 AS k',
      comment: 'inner pk',
      columns: [{ name: 'k', type: 'UInt64' }],
      columnsListed: true,
    });
  });

  test('GIVEN a database WHEN split THEN no columns and the whole statement', () => {
    // SHOW CREATE DATABASE fx_inner
    const db = 'CREATE DATABASE fx_inner\nENGINE = Atomic';
    expect(splitCreateTable(db)).toStrictEqual({ columns: [], rest: db });
    expect(specFromCreateQuery('fx_inner', 'fx_inner', db)).toBeUndefined();
  });

  test('GIVEN a dictionary and a window view WHEN parsed as a table or view THEN nothing', () => {
    expect(specFromCreateQuery('my-db', 'd', D)).toBeUndefined();
    expect(specFromCreateQuery('scratch', 'wv', WV)).toBeUndefined();
  });
});

describe('printed view heads (system.tables.create_table_query)', () => {
  test('GIVEN a view TO quoted names WHEN its target is read THEN unquoted; a view with an inner table has none', () => {
    expect(viewTarget(MV1_ROW)).toStrictEqual({ database: 'my-db', name: 't 1' });
    expect(viewTarget(R2_ROW)).toStrictEqual({ database: 'my-db', name: 't2' });
    expect(viewTarget(IPK_ROW)).toBeUndefined();
  });

  test('GIVEN a refreshable view WHEN its REFRESH clause is read THEN it ends before TO; the clause parses whole', () => {
    const clause = refreshClause(R2_ROW);
    expect(clause).toBe(
      'REFRESH AFTER 2 HOUR 30 MINUTE DEPENDS ON `my-db`.r1, `my-db`.inner_pk SETTINGS refresh_retries = 2, refresh_retry_initial_backoff_ms = 50',
    );
    expect(refreshFromClause(clause!)).toStrictEqual({
      kind: 'AFTER',
      interval: '2 HOUR 30 MINUTE',
      dependsOn: [
        { database: 'my-db', name: 'r1' },
        { database: 'my-db', name: 'inner_pk' },
      ],
      settings: { refresh_retries: '2', refresh_retry_initial_backoff_ms: '50' },
    });
    expect(refreshClause(MV1_ROW)).toBeUndefined();
  });

  test('GIVEN the inner table of a view with PRIMARY KEY and COMMENT WHEN read THEN its keys, without the comment or the SELECT', () => {
    expect(innerFromCreateQuery(IPK_ROW)).toStrictEqual({
      engine: { name: 'MergeTree', args: [] },
      orderBy: ['k'],
      primaryKey: ['k'],
      settings: { index_granularity: '8192' },
      settingDefaults: {},
    });
    expect(innerFromCreateQuery(MV1_ROW)).toBeUndefined();
  });
});

describe('replica rows and detached markers', () => {
  test('GIVEN rows tagged with replica numbers as text or numbers WHEN one replica is asked THEN only its rows', () => {
    const rows = [
      { replica: 1, n: 'a' },
      { replica: '2', n: 'b' },
      { replica: '1', n: 'c' },
    ];
    expect(rowsOfReplica(rows, 1)).toStrictEqual([rows[0], rows[2]]);
    expect(rowsOfReplica(rows, 2)).toStrictEqual([rows[1]]);
    expect(rowsOfReplica(rows, 3)).toStrictEqual([]);
  });

  test('GIVEN a detached name WHEN markers are made THEN one of each kind, with the detached state', () => {
    const state = { permanently: true, definitionRead: false };
    expect(detachedMarkers('db', 'x', state)).toStrictEqual([
      { kind: 'table', database: 'db', name: 'x', columns: [], engine: { name: '' }, orderBy: [], detached: state },
      { kind: 'materialized_view', database: 'db', name: 'x', to: { database: 'db', name: '' }, select: '', detached: state },
      { kind: 'view', database: 'db', name: 'x', select: '', detached: state },
      { kind: 'dictionary', database: 'db', name: 'x', attributes: [], primaryKey: [], source: { type: '' }, layout: { type: '' }, detached: state },
    ]);
  });
});
