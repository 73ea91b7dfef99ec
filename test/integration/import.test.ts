// `import` on a real server: the code it generates for an existing schema, synthesized with the
// drift check against that same server, shows no drift. So a team can adopt the tool on a
// hand-made schema without a single change being planned.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { createClient } from '@clickhouse/client';
import { renderCreateDatabase, renderCreateMaterializedView, renderCreateTable, renderDropDatabase } from '../../sql/render/tables';
import { summarize } from '../../sql/report/report';
import { seedTables, seedView } from '../../stacks/lightbulb/seed-schema';
import { queryRows, testClient } from '../support/clickhouse';
import { diff } from '../../sql/diff';
import { ObjectSpec, TableSpec } from '../../sql/spec/model';
import { checkStack } from '../../sql/live/stack-check';
import { stackReport } from '../../sql/report/report';
import { serverInfo } from '../support/server-info';
import { serverWithUsersXml } from '../support/users-xml';
import { EmbeddedServer } from '../../server/embedded-server';
import { HOOK_TIMEOUT_MS } from '../support/timeouts';
import { checkStackDrift } from '../../constructs/app';
import { GENERATED_DIR, importCli, importToFile, StackFn, synthWithDriftCheck, useImportFixture } from '../support/import-roundtrip';

describe('import: generated constructs reproduce a live schema exactly', () => {
  const { client, database, outFile, env, apps } = useImportFixture('imp');

  beforeAll(async () => {
    // The seed as our renderer writes it, plus a hand-made table using what the seed does not.
    const statements = [
      renderCreateDatabase({ kind: 'database', name: database, comment: 'team\'s "monitor" db' }),
      ...seedTables({ database }).map((t) => renderCreateTable(t)),
      renderCreateMaterializedView(seedView({ database })),
      `CREATE TABLE ${database}.hand_made (
         id UInt64 COMMENT 'it''s the \\\\ key\nsecond line',
         at DateTime DEFAULT now() CODEC(Delta, ZSTD(3)),
         kind LowCardinality(String) DEFAULT 'a' COMMENT '',
         payload String TTL at + INTERVAL 1 DAY,
         len UInt64 MATERIALIZED length(payload)
       ) ENGINE = ReplacingMergeTree(at)
       PARTITION BY toYYYYMM(at) PRIMARY KEY (kind, intHash32(id)) ORDER BY (kind, intHash32(id), id) SAMPLE BY intHash32(id)
       TTL at + INTERVAL 30 DAY
       SETTINGS index_granularity = 4096, merge_with_ttl_timeout = 3600
       COMMENT 'written by hand: ''quotes'', \\\\ and ünïcode'`,
    ];
    for (const query of statements) await client.command({ query });
  });

  async function driftOf(fn: StackFn) {
    const { report } = await synthWithDriftCheck(fn, serverInfo().url, env(), apps);
    return { report, log: report.notices.join('\n') };
  }

  test('GIVEN the seed and a hand-made table WHEN imported, compiled and synthesized with the drift check THEN nothing drifted', async () => {
    const imported = await importToFile(['--database', database], 'adopted', outFile, env());
    const { err, code } = imported;
    expect(err.join('\n')).not.toMatch(/warning/);
    expect(code).toBe(0);
    const source = imported.source;
    expect(source).toContain("export function adoptedStack(scope: Construct, id = 'adopted'");
    expect(source).toContain("from '../../constructs/table'");
    expect(source).toMatch(
      /new MaterializedView\(stack, 'service_status_summary', \{\n\s+name: 'service_status_summary',\n\s+to: serviceStatusHourly,\n\s+sources: \[serviceStatus\],/,
    );

    // It type-checks as part of the project (strict, as tsconfig.json).
    expect(imported.typeErrors).toEqual([]);

    const fn = imported.stackFn!;
    const { report, log } = await driftOf(fn);
    expect(report.checked).toBe(true);
    expect(report.objects.length).toBe(1 + 8 + 1);
    const drifted = report.objects.filter((o) => o.state !== 'in_sync').map((o) => `${o.object}: ${o.reasons}`);
    expect({ drifted, log }).toEqual({ drifted: [], log: expect.any(String) });
    expect(summarize(report)).toEqual({ inSync: 10, drifted: 0, blocked: 0, unchecked: 0 });

    // The check is not vacuous: a change by hand now shows on exactly that object.
    await client.command({ query: `ALTER TABLE ${database}.hand_made COMMENT COLUMN kind 'changed'` });
    const after = await driftOf(fn);
    expect(after.report.objects.filter((o) => o.state === 'drift').map((o) => o.object)).toEqual([`table:${database}.hand_made`]);
  });

  test('GIVEN no such database WHEN imported THEN it fails naming it', async () => {
    const err: string[] = [];
    const code = await importCli(
      ['--database', `${database}_absent`],
      env(),
      () => undefined,
      (l) => err.push(l),
    );
    expect(code).toBe(1);
    expect(err.join('\n')).toContain(`no database ${database}_absent`);
  });
});

describe('import of skip indexes and projections', () => {
  const { client, database, outFile, env, apps } = useImportFixture('imp_idx');

  beforeAll(async () => {
    for (const query of [
      `CREATE DATABASE ${database}`,
      `CREATE TABLE ${database}.idx (k UInt64, s String, INDEX i_s s TYPE bloom_filter(0.01) GRANULARITY 1, INDEX i_k k*2 TYPE minmax GRANULARITY 4, PROJECTION p (SELECT k, count() GROUP BY k)) ENGINE = MergeTree ORDER BY k`,
      // What the constructs cannot declare: an index name that is not an identifier, a projection WITH SETTINGS.
      `CREATE TABLE ${database}.odd (k UInt64, s String, INDEX \`we ird\` s TYPE set(0), INDEX i_s s TYPE minmax, PROJECTION p3 (SELECT * ORDER BY s) WITH SETTINGS (index_granularity = 128)) ENGINE = MergeTree ORDER BY k`,
    ])
      await client.command({ query });
  });

  const driftOf = async (fn: StackFn) => (await synthWithDriftCheck(fn, serverInfo().url, env(), apps)).report;

  test('GIVEN tables with indexes and projections WHEN imported THEN the code declares them, names what it cannot in a warning and in the file, and its drift check shows nothing', async () => {
    const imported = await importToFile(['--database', database], 'indexed', outFile, env());
    const { err, code } = imported;
    expect(code).toBe(0);
    const warnings = err.join('\n');
    expect(warnings).toContain(`table:${database}.odd: index we ird`);
    expect(warnings).toContain(`table:${database}.odd: projection p3: WITH SETTINGS (index_granularity = 128) cannot be declared`);
    expect(warnings).not.toContain(`table:${database}.idx`);
    const source = imported.source;
    expect(source).toContain("{ name: 'i_s', expression: 's', type: 'bloom_filter(0.01)' },");
    expect(source).toContain("{ name: 'i_k', expression: 'k * 2', type: 'minmax', granularity: 4 },");
    expect(source).toContain("{ name: 'p', query: 'SELECT k, count() GROUP BY k' },");
    expect(source).toContain(`// Left out: table:${database}.odd: index we ird: `);
    expect(source).toContain(`// Left out: table:${database}.odd: projection p3: `);
    expect(source).toContain("ignoreUndeclared: ['indexes', 'projections'],");
    expect(imported.typeErrors).toEqual([]);

    const fn = imported.stackFn!;
    const report = await driftOf(fn);
    expect(report.checked).toBe(true);
    expect(report.objects.filter((o) => o.state !== 'in_sync').map((o) => `${o.object}: ${o.reasons}`)).toEqual([]);
    expect(summarize(report)).toEqual({ inSync: 3, drifted: 0, blocked: 0, unchecked: 0 });

    // Not vacuous: an index dropped by hand shows on that table, as index_missing.
    await client.command({ query: `ALTER TABLE ${database}.idx DROP INDEX i_k` });
    const after = await driftOf(fn);
    expect(after.objects.filter((o) => o.state === 'drift').map((o) => `${o.object}: ${o.reasons}`)).toEqual([`table:${database}.idx: index_missing`]);
  });
});

/** What the server says about a database's tables and columns, to compare a copy deployed from code with the original. */
async function serverRows(client: ReturnType<typeof testClient>, database: string, names: readonly string[]) {
  const params = { db: database, names };
  return {
    tables: await queryRows(
      client,
      'SELECT name, engine, create_table_query, sorting_key, primary_key, partition_key, sampling_key, as_select FROM system.tables WHERE database = {db:String} AND name IN {names:Array(String)} ORDER BY name',
      params,
    ),
    columns: await queryRows(
      client,
      'SELECT table, name, position, type, default_kind, default_expression, comment, compression_codec FROM system.columns WHERE database = {db:String} AND table IN {names:Array(String)} ORDER BY table, position',
      params,
    ),
  };
}

/** Drops the database and deploys the generated stack's specs to the empty server: the statements the diff gives for objects that do not exist. */
async function deployFresh(client: ReturnType<typeof testClient>, database: string, specs: readonly ObjectSpec[]): Promise<void> {
  await client.command({ query: renderDropDatabase({ name: database }) });
  for (const c of diff(specs, { objects: [] })) for (const query of c.statements) await client.command({ query });
}

describe('import of what real schemas have: SimpleAggregateFunction TTL, PRIMARY KEY = ORDER BY, boolean settings, plain views', () => {
  const { client, database, outFile, env, apps } = useImportFixture('imp_real');

  beforeAll(async () => {
    for (const query of [
      `CREATE DATABASE ${database}`,
      `CREATE TABLE ${database}.agg (k String, start SimpleAggregateFunction(min, DateTime)) ENGINE = AggregatingMergeTree ORDER BY k TTL toDateTime(start) + toIntervalDay(3)`,
      `CREATE TABLE ${database}.pk (x UInt64, y String) ENGINE = MergeTree PRIMARY KEY x ORDER BY x SETTINGS allow_nullable_key = true`,
      `CREATE VIEW ${database}.v AS SELECT k FROM ${database}.agg`,
      // Declared before the view it reads (by name order): the generated code puts it after.
      `CREATE VIEW ${database}.a_typed (k LowCardinality(String)) COMMENT 'typed' AS SELECT k FROM ${database}.v WHERE k != ''`,
    ])
      await client.command({ query });
  });

  test('GIVEN them WHEN imported THEN the code declares the tables and the views (a view after the view it reads, a column list only where declared), its drift check is clean, and deployed to an empty server it gives the same system rows', async () => {
    const imported = await importToFile(['--database', database], 'real', outFile, env());
    expect(imported.code).toBe(0);
    const err = imported.err;
    expect(err.filter((l) => /warning/.test(l))).toEqual([]);
    const source = imported.source;
    expect(source).not.toContain('// Left out');
    expect(source).toMatch(
      /const v = new View\(stack, 'v', \{\n {4}database: \w+,\n {4}name: 'v',\n {4}sources: \[agg\],\n {4}select: 'SELECT k FROM \w+\.agg',\n {2}\}\);/,
    );
    expect(source).toMatch(
      /new View\(stack, 'a_typed', \{\n {4}database: \w+,\n {4}name: 'a_typed',\n {4}sources: \[v\],\n {4}select: 'SELECT k FROM \w+\.v WHERE k != \\'\\'',\n {4}comment: 'typed',\n {4}columns: \[\n {6}\{ name: 'k', type: 'LowCardinality\(String\)' \},\n {4}\],\n {2}\}\);/,
    );
    expect(source.indexOf("new View(stack, 'v'")).toBeLessThan(source.indexOf("new View(stack, 'a_typed'"));
    expect(source).toContain("{ name: 'start', type: 'SimpleAggregateFunction(min, DateTime)' },");
    expect(source).toContain("ttl: 'toDateTime(start) + toIntervalDay(3)',");
    expect(source).toContain("orderBy: ['x'],\n    primaryKey: ['x'],");
    expect(imported.typeErrors).toEqual([]);

    const { stack, report } = await synthWithDriftCheck(imported.stackFn!, serverInfo().url, env(), apps);
    expect(report.checked).toBe(true);
    expect(report.objects.filter((o) => o.state !== 'in_sync').map((o) => `${o.object}: ${o.reasons}`)).toEqual([]);
    expect(summarize(report)).toEqual({ inSync: 5, drifted: 0, blocked: 0, unchecked: 0 });

    const names = ['agg', 'pk', 'v', 'a_typed'];
    const before = await serverRows(client, database, names);
    expect(before.tables.map((t) => (t as { create_table_query: string }).create_table_query)).toEqual([
      expect.stringContaining(`CREATE VIEW ${database}.a_typed (\`k\` LowCardinality(String)) COMMENT 'typed' AS SELECT`),
      expect.stringContaining('TTL toDateTime(start) + toIntervalDay(3)'),
      expect.stringContaining('PRIMARY KEY x ORDER BY x SETTINGS allow_nullable_key = true,'),
      `CREATE VIEW ${database}.v (\`k\` String) AS SELECT k FROM ${database}.agg`,
    ]);
    await deployFresh(client, database, stack.specs());
    expect(await serverRows(client, database, names)).toEqual(before);
    const again = await checkStackDrift(stack, env());
    expect(again.objects.filter((o) => o.state !== 'in_sync').map((o) => `${o.object}: ${o.reasons}`)).toEqual([]);
  });
});

describe('import of Null and Buffer tables (and a materialized view fed by the Null table)', () => {
  const { client, database, outFile, env, apps } = useImportFixture('imp_engines');
  const names = ['buf', 'events', 'incoming', 'incoming_mv'];

  beforeAll(async () => {
    for (const query of [
      `CREATE DATABASE ${database}`,
      `CREATE TABLE ${database}.events (k UInt64, s String) ENGINE = MergeTree ORDER BY k`,
      `CREATE TABLE ${database}.incoming (k UInt64, s String) ENGINE = Null`,
      `CREATE MATERIALIZED VIEW ${database}.incoming_mv TO ${database}.events AS SELECT k, s FROM ${database}.incoming`,
      `CREATE TABLE ${database}.buf AS ${database}.events ENGINE = Buffer(${database}, events, 16, 10, 100, 10000, 1000000, 10000000, 100000000)`,
    ])
      await client.command({ query });
  });

  test('GIVEN them WHEN imported THEN the code declares each engine (no ORDER BY for Null and Buffer), its drift check is clean, and deployed to an empty server it gives the same system rows', async () => {
    const imported = await importToFile(['--database', database], 'engines', outFile, env());
    expect(imported.code).toBe(0);
    const err = imported.err;
    expect(err.filter((l) => /warning/.test(l))).toEqual([]);
    const source = imported.source;
    expect(source).toMatch(/name: 'incoming',\n {4}columns: \[\n[^\]]*\],\n {4}engine: 'Null',\n {2}\}\);/);
    expect(source).toContain(
      `engine: 'Buffer',\n    engineArgs: ['\\'${database}\\'', '\\'events\\'', '16', '10', '100', '10000', '1000000', '10000000', '100000000'],\n  });`,
    );
    expect(imported.typeErrors).toEqual([]);

    const { stack, report } = await synthWithDriftCheck(imported.stackFn!, serverInfo().url, env(), apps);
    expect(report.objects.filter((o) => o.state !== 'in_sync').map((o) => `${o.object}: ${o.reasons}`)).toEqual([]);
    expect(summarize(report)).toEqual({ inSync: 5, drifted: 0, blocked: 0, unchecked: 0 });

    const before = await serverRows(client, database, names);
    await deployFresh(client, database, stack.specs());
    expect(await serverRows(client, database, names)).toEqual(before);
  });
});

describe('import of Nested columns and Tuple, Map, Variant, Dynamic and JSON types', () => {
  const { client, database, outFile, env, apps } = useImportFixture('imp_types');
  const names = ['nested', 'types'];

  beforeAll(async () => {
    for (const query of [
      `CREATE DATABASE ${database}`,
      `CREATE TABLE ${database}.nested (k UInt64, ev Nested(name String, ts DateTime)) ENGINE = MergeTree ORDER BY k`,
      // On 26.7 none of these needs an allow_experimental_* setting any more.
      `CREATE TABLE ${database}.types (k UInt64, t Tuple(a String, b UInt8), m Map(String, UInt64), v Variant(String, UInt64), d Dynamic, j JSON) ENGINE = MergeTree ORDER BY k`,
    ])
      await client.command({ query });
  });

  test('GIVEN them WHEN imported THEN the code declares the flattened Nested columns and each type, its drift check is clean, declaring Nested(...) instead is clean too, and deployed to an empty server it gives the same system rows', async () => {
    const imported = await importToFile(['--database', database], 'typed', outFile, env());
    expect(imported.code).toBe(0);
    const err = imported.err;
    expect(err.filter((l) => /warning/.test(l))).toEqual([]);
    const source = imported.source;
    expect(source).toContain("{ name: 'ev.name', type: 'Array(String)' },\n      { name: 'ev.ts', type: 'Array(DateTime)' },");
    for (const type of ['Tuple(a String, b UInt8)', 'Map(String, UInt64)', 'Variant(String, UInt64)', 'Dynamic', 'JSON'])
      expect(source).toContain(`type: '${type}' }`);
    expect(imported.typeErrors).toEqual([]);

    const { stack, report } = await synthWithDriftCheck(imported.stackFn!, serverInfo().url, env(), apps);
    expect(report.objects.filter((o) => o.state !== 'in_sync').map((o) => `${o.object}: ${o.reasons}`)).toEqual([]);
    expect(summarize(report)).toEqual({ inSync: 3, drifted: 0, blocked: 0, unchecked: 0 });

    // The same table declared with a Nested column: no drift either, and a field missing on the server is.
    const asNested = stack
      .specs()
      .map((o): ObjectSpec =>
        o.kind === 'table' && o.name === 'nested' ? { ...o, columns: [o.columns[0], { name: 'ev', type: 'Nested(name String, ts DateTime)' }] } : o,
      );
    const nestedCheck = async (specs: readonly ObjectSpec[]) =>
      stackReport('nested', specs, await checkStack(stack.settings, specs, env()))
        .objects.filter((o) => o.state !== 'in_sync')
        .map((o) => `${o.object}: ${o.reasons}`);
    expect(await nestedCheck(asNested)).toEqual([]);
    const withField = asNested.map((o): ObjectSpec =>
      o.kind === 'table' && o.name === 'nested' ? { ...o, columns: [o.columns[0], { name: 'ev', type: 'Nested(name String, ts DateTime, n UInt8)' }] } : o,
    );
    expect(await nestedCheck(withField)).toEqual([`table:${database}.nested: missing_column`]);

    const before = await serverRows(client, database, names);
    await deployFresh(client, database, stack.specs());
    expect(await serverRows(client, database, names)).toEqual(before);
    // And deployed from the Nested declaration: the same rows again.
    await deployFresh(client, database, asNested);
    expect(await serverRows(client, database, names)).toEqual(before);
    expect((before.columns as TableSpec['columns']).filter((c) => c.name.startsWith('ev.')).map((c) => c.name)).toEqual(['ev.name', 'ev.ts']);
  });
});

describe('import of a materialized view with a declared column list', () => {
  const { client, database, outFile, env, apps } = useImportFixture('imp_mvcols');
  const names = ['src', 'tgt', 'mv', 'mv_plain'];

  beforeAll(async () => {
    for (const query of [
      `CREATE DATABASE ${database}`,
      `CREATE TABLE ${database}.src (k UInt64, b DateTime) ENGINE = MergeTree ORDER BY k`,
      `CREATE TABLE ${database}.tgt (k UInt64, b DateTime64(0)) ENGINE = MergeTree ORDER BY k`,
      `CREATE MATERIALIZED VIEW ${database}.mv TO ${database}.tgt (k UInt64, b DateTime64(0)) AS SELECT k, b FROM ${database}.src`,
      // Without a list the server lists the SELECT's columns (b DateTime): import must not declare them.
      `CREATE MATERIALIZED VIEW ${database}.mv_plain TO ${database}.tgt AS SELECT k, b FROM ${database}.src`,
    ])
      await client.command({ query });
  });

  test('GIVEN a view TO a table with a column list WHEN imported THEN the code declares the list (and none for a view without one), its drift check is clean and compares it, and deployed to an empty server it gives the same system rows', async () => {
    const imported = await importToFile(['--database', database], 'mvcols', outFile, env());
    expect(imported.code).toBe(0);
    const err = imported.err;
    expect(err.filter((l) => /warning/.test(l))).toEqual([]);
    const source = imported.source;
    expect(source).toContain("    columns: [\n      { name: 'k', type: 'UInt64' },\n      { name: 'b', type: 'DateTime64(0)' },\n    ],\n  });");
    expect(source.match(/\{ name: 'b', type: 'DateTime64\(0\)' \}/g)).toHaveLength(2); // the target table's and mv's, not mv_plain's
    expect(imported.typeErrors).toEqual([]);

    const { stack, report } = await synthWithDriftCheck(imported.stackFn!, serverInfo().url, env(), apps);
    expect(report.objects.filter((o) => o.state !== 'in_sync').map((o) => `${o.object}: ${o.reasons}`)).toEqual([]);
    expect(summarize(report)).toEqual({ inSync: 5, drifted: 0, blocked: 0, unchecked: 0 });

    // Compared when declared: another type in the list is drift on that view only.
    const other = stack.specs().map((o): ObjectSpec =>
      o.kind === 'materialized_view' && o.name === 'mv'
        ? {
            ...o,
            columns: [
              { name: 'k', type: 'UInt64' },
              { name: 'b', type: 'DateTime' },
            ],
          }
        : o,
    );
    const check = stackReport('mv', other, await checkStack(stack.settings, other, env()));
    expect(check.objects.filter((o) => o.state !== 'in_sync').map((o) => `${o.object}: ${o.reasons}`)).toEqual([
      `materialized_view:${database}.mv: mv_columns_changed`,
    ]);

    const before = await serverRows(client, database, names);
    await deployFresh(client, database, stack.specs());
    expect(await serverRows(client, database, names)).toEqual(before);
  });
});

describe('import of users, settings profiles and grants', () => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'chx-import-access-'));
  const outFile = path.join(GENERATED_DIR, `access_${path.basename(home).replace(/[^A-Za-z0-9_]/g, '_')}.ts`);
  let server: EmbeddedServer;
  beforeAll(async () => {
    server = await serverWithUsersXml(home, 'node', {
      password: 'import-test-pw',
      grants: ['GRANT SELECT ON system.*', 'GRANT ALL ON monitor.*', 'GRANT INSERT ON monitor.events WITH GRANT OPTION'],
      maxExecutionTime: 120,
    });
    const c = createClient({ url: server.url });
    await c.command({ query: 'CREATE DATABASE monitor' });
    await c.close();
  }, HOOK_TIMEOUT_MS);
  afterAll(async () => {
    await server?.stop();
    fs.rmSync(home, { recursive: true, force: true });
    fs.rmSync(outFile, { force: true });
  });

  test('GIVEN a user defined by hand with a profile and grants WHEN imported with its database THEN the code declares them, type-checks, and its drift check shows nothing', async () => {
    const env = { CLICKHOUSE_URL: server.url };
    const imported = await importToFile(['--database', 'monitor', '--user', 'monitor'], 'adopted_access', outFile, env);
    expect(imported.code).toBe(0);
    const err = imported.err;
    expect(err.join('\n')).not.toMatch(/warning/);
    const source = imported.source;
    expect(source).toContain("passwordEnv: 'MONITOR_PASSWORD',");
    expect(source).toContain("{ name: 'max_threads', value: 8, max: 16 }");
    expect(source).toContain("{ name: 'max_execution_time', value: 120 }");
    expect(source).toMatch(/profiles: \[program\]/);
    // system.grants lists ALL ON monitor.* privilege by privilege; the code says it as it was granted.
    expect(source).toMatch(
      /grants: \[\n\s+\{ privilege: 'ALL', database: 'monitor' \},\n\s+\{ privilege: 'INSERT', database: 'monitor', table: 'events', grantOption: true \},\n\s+\{ privilege: 'SELECT', database: 'system' \},\n\s+\],/,
    );
    expect(source).not.toContain('import-test-pw');

    expect(imported.typeErrors).toEqual([]);

    const { report } = await synthWithDriftCheck(imported.stackFn!, server.url, env, [], home);
    expect(report.checked).toBe(true);
    expect(report.objects.map((o) => o.object).sort()).toEqual(['database:monitor', 'grant:monitor', 'settings_profile:program', 'user:monitor']);
    expect(report.objects.filter((o) => o.state !== 'in_sync').map((o) => `${o.object}: ${o.reasons}`)).toEqual([]);
  });

  test('GIVEN a user whose database is not imported WHEN imported THEN a warning names what was left out, and no user of that name is absent silently', async () => {
    const err: string[] = [];
    expect(
      await importCli(
        ['--user', 'monitor'],
        { CLICKHOUSE_URL: server.url },
        () => undefined,
        (l) => err.push(l),
      ),
    ).toBe(0);
    expect(err.join('\n')).toContain('default database monitor is not imported');
    expect(err.join('\n')).toContain('grants of monitor on database monitor, which is not imported');
    const none: string[] = [];
    expect(
      await importCli(
        ['--user', 'nobody'],
        { CLICKHOUSE_URL: server.url },
        () => undefined,
        (l) => none.push(l),
      ),
    ).toBe(1);
    expect(none.join('\n')).toContain('no user nobody');
  });
});
