// codegen: the TypeScript `import` writes. Strings must survive any content, names must be
// valid and unique, and what the constructs cannot express is left out with a reason.
import * as vm from 'vm';
import * as ts from 'typescript';
import { compactGrantEntries, generateStackCode, selectSources, tsIdentifier, tsKey, tsString } from '../../sql/codegen';
import { DEFAULT_PRIVILEGE_CATALOG } from '../../sql/spec/privileges';
import { ObjectSpec, QuotaSpec, RowPolicySpec, TableSpec } from '../../sql/spec/model';
import { seedDatabase, seedTables, seedView } from '../../stacks/lightbulb/seed-schema';

/** Evaluates a string literal the way the compiled code will (a TS string literal is JS). */
function evalLiteral(literal: string): unknown {
  return vm.runInNewContext(`(${literal})`);
}

describe('tsString', () => {
  test.each([
    ['plain', "'plain'"],
    ["it's", "'it\\'s'"],
    ['back\\slash', "'back\\\\slash'"],
    ['two\nlines', "'two\\nlines'"],
    ['cr\r\ttab', "'cr\\r\\ttab'"],
    ['nul\u0000bell\u0007', "'nul\\u0000bell\\u0007'"],
    ['line\u2028sep\u2029', "'line\\u2028sep\\u2029'"],
    ['"double" and `back` and ${tpl}', '\'"double" and `back` and ${tpl}\''],
    ['ünïcode 🚦', "'ünïcode 🚦'"],
  ])('GIVEN %j WHEN written THEN %s, which evaluates back to the same string', (input, expected) => {
    const lit = tsString(input);
    expect(lit).toBe(expected);
    expect(evalLiteral(lit)).toBe(input);
    expect(lit).not.toMatch(/[\n\r\u2028\u2029]/);
  });
});

describe('tsIdentifier and tsKey', () => {
  test.each([
    ['service_status', 'serviceStatus'],
    ['Services', 'services'],
    ['1st_table', '_1stTable'],
    ['default', 'default_'],
    ['class', 'class_'],
    ['__', 'object'],
    ['my-table.v2', 'myTableV2'],
  ])('GIVEN name %j THEN variable %s', (name, expected) => {
    expect(tsIdentifier(name, new Set())).toBe(expected);
  });

  test('GIVEN names that collide WHEN made variables THEN each is unique', () => {
    const used = new Set(['stack']);
    expect(['stack', 'a_b', 'aB', 'a_b'].map((n) => tsIdentifier(n, used))).toEqual(['stack2', 'aB', 'aB2', 'aB3']);
  });

  test('keys are bare when they can be, quoted otherwise', () => {
    expect(tsKey('index_granularity')).toBe('index_granularity');
    expect(tsKey('storage-policy')).toBe("'storage-policy'");
  });
});

describe('selectSources', () => {
  const tables = seedTables({ database: 'm' });
  test.each([
    ['SELECT * FROM m.service_status', ['service_status']],
    ['SELECT * FROM `m`.`services` AS s JOIN m.alert_rules r ON 1', ['services', 'alert_rules']],
    ['SELECT * FROM service_logs', ['service_logs']],
    ['SELECT * FROM other.service_status', []],
  ])('%s reads %j', (select, expected) => {
    expect(selectSources(select, tables).map((t) => t.name)).toEqual(expected);
  });
});

describe('generateStackCode', () => {
  const seed: ObjectSpec[] = [seedDatabase({ database: 'monitor' }), ...seedTables(), seedView()];

  test('GIVEN the seed WHEN generated THEN the code is valid TypeScript syntax (import.test.ts type-checks it against the constructs) and declares every object', () => {
    const { code, warnings } = generateStackCode(seed, { stackName: 'monitor', constructsImport: '../constructs' });
    expect(warnings).toEqual([]);
    const out = ts.transpileModule(code, { reportDiagnostics: true, compilerOptions: { module: ts.ModuleKind.CommonJS } });
    expect(out.diagnostics).toEqual([]);
    expect(code).toContain("export function monitorStack(scope: Construct, id = 'monitor', props: ClickHouseStackProps = {}): ClickHouseStack {");
    expect(code).toContain("const monitor = new Database(stack, 'monitor', { name: 'monitor' });");
    expect(code.match(/new Table\(stack, /g)).toHaveLength(7);
    expect(code).toContain('    to: serviceStatusHourly,\n    sources: [serviceStatus],');
    expect(code).toContain("ttl: 'toDateTime(timestamp) + INTERVAL 90 DAY',");
    expect(code).toContain("{ name: 'status_code', type: 'UInt8', comment: '0 OK, 1 DEGRADED, 2 FAILED, 3 STARTING, 4 STOPPED, 5 UNKNOWN' },");
  });

  test('GIVEN every table field WHEN generated THEN each is written with its escaping', () => {
    const t: TableSpec = {
      kind: 'table',
      database: 'db',
      name: 'default',
      engine: { name: 'ReplicatedReplacingMergeTree', args: ["'/ch/{shard}/t'", "'{replica}'", 'ver'] },
      columns: [
        { name: 'id', type: 'UInt64', comment: "it's a \\ key\nreally" },
        { name: 'ver', type: 'DateTime', defaultKind: 'DEFAULT', defaultExpression: 'now()', codec: 'Delta(4), ZSTD(1)', ttl: 'ver + toIntervalDay(1)' },
      ],
      orderBy: ['id', 'intHash32(id)'],
      primaryKey: ['id'],
      partitionBy: 'toYYYYMM(ver)',
      sampleBy: 'intHash32(id)',
      ttl: 'ver + toIntervalDay(30)',
      settings: { index_granularity: '4096', storage_policy: 'hot', big: '18446744073709551615' },
      comment: 'a "table"\twith tab',
    };
    const { code, warnings } = generateStackCode([{ kind: 'database', name: 'db', engine: 'Atomic', comment: "x'y" }, t], { stackName: 'my-stack' });
    expect(warnings).toEqual([]);
    expect(code).toContain("export function myStackStack(scope: Construct, id = 'my-stack'");
    expect(code).toContain("const db = new Database(stack, 'db', { name: 'db', comment: 'x\\'y' });");
    expect(code).toContain("new Table(stack, 'default', {\n    database: db,\n    name: 'default',");
    expect(code).toContain("{ name: 'id', type: 'UInt64', comment: 'it\\'s a \\\\ key\\nreally' },");
    expect(code).toContain(
      "{ name: 'ver', type: 'DateTime', defaultKind: 'DEFAULT', defaultExpression: 'now()', codec: 'Delta(4), ZSTD(1)', ttl: 'ver + toIntervalDay(1)' },",
    );
    expect(code).toContain("engine: 'ReplicatedReplacingMergeTree',\n    engineArgs: ['\\'/ch/{shard}/t\\'', '\\'{replica}\\'', 'ver'],");
    expect(code).toContain(
      "orderBy: ['id', 'intHash32(id)'],\n    primaryKey: ['id'],\n    partitionBy: 'toYYYYMM(ver)',\n    sampleBy: 'intHash32(id)',\n    ttl: 'ver + toIntervalDay(30)',",
    );
    expect(code).toContain("settings: { index_granularity: 4096, storage_policy: 'hot', big: '18446744073709551615' },");
    expect(code).toContain('comment: \'a "table"\\twith tab\',');
    expect(ts.transpileModule(code, { reportDiagnostics: true }).diagnostics).toEqual([]);
  });

  test('GIVEN objects the constructs cannot express WHEN generated THEN they are left out with the reason, in the result and the code', () => {
    const objects: ObjectSpec[] = [
      { kind: 'database', name: 'db' },
      { kind: 'table', database: 'db', name: 'bad-name', columns: [{ name: 'a', type: 'String' }], engine: { name: 'MergeTree' }, orderBy: [] },
      { kind: 'table', database: 'db', name: 'log', columns: [{ name: 'a', type: 'String' }], engine: { name: 'StripeLog' }, orderBy: [] },
      { kind: 'table', database: 'other', name: 't', columns: [{ name: 'a', type: 'String' }], engine: { name: 'MergeTree' }, orderBy: [] },
      { kind: 'materialized_view', database: 'db', name: 'inner_mv', select: 'SELECT 1' },
      { kind: 'user', name: 'u', auth: { method: 'no_password' } },
    ];
    const { code, warnings } = generateStackCode(objects, { stackName: 's' });
    expect(warnings).toEqual([
      expect.stringMatching(/^left out table:db\.bad-name: name: .*not a plain identifier/),
      expect.stringMatching(/^left out table:db\.log: engine: unknown engine "StripeLog"/),
      expect.stringMatching(/^left out materialized_view:db\.inner_mv: a view without a TO table whose inner table could not be read/),
      'left out user:u: authentication no_password: the User construct declares sha256 password users only',
      'left out table:other.t: its database other is not imported',
    ]);
    expect(code).toContain('// Left out: table:db.log: engine: unknown engine "StripeLog"');
    expect(code).not.toContain('new Table(');
    expect(code).not.toContain("from '../constructs/table'");
  });
});

describe('generateStackCode: what real schemas lose on import', () => {
  const db: ObjectSpec = { kind: 'database', name: 'r' };

  test('GIVEN a TTL on a SimpleAggregateFunction(min, DateTime) column WHEN generated THEN the table is declared (its values are DateTimes)', () => {
    const agg: TableSpec = {
      kind: 'table',
      database: 'r',
      name: 'agg',
      columns: [
        { name: 'k', type: 'String' },
        { name: 'start', type: 'SimpleAggregateFunction(min, DateTime)' },
      ],
      engine: { name: 'AggregatingMergeTree' },
      orderBy: ['k'],
      ttl: 'toDateTime(start) + toIntervalDay(3)',
    };
    const { code, warnings } = generateStackCode([db, agg], { stackName: 's' });
    expect(warnings).toEqual([]);
    expect(code).toContain("ttl: 'toDateTime(start) + toIntervalDay(3)',");
    // Still refused when the aggregated values are not dates.
    const notDate = { ...agg, columns: [agg.columns[0], { name: 'start', type: 'SimpleAggregateFunction(min, UInt32)' }] };
    expect(generateStackCode([db, notDate], { stackName: 's' }).warnings).toEqual([
      expect.stringMatching(/^left out table:r\.agg: ttl: TTL needs a Date\/DateTime column/),
    ]);
  });

  test('GIVEN a materialized view with a column list WHEN generated THEN the list is declared', () => {
    const tgt: TableSpec = {
      kind: 'table',
      database: 'r',
      name: 'tgt',
      columns: [{ name: 'b', type: 'DateTime64(0)' }],
      engine: { name: 'MergeTree' },
      orderBy: [],
    };
    const mv: ObjectSpec = {
      kind: 'materialized_view',
      database: 'r',
      name: 'mv',
      to: { database: 'r', name: 'tgt' },
      select: 'SELECT b FROM r.src',
      columns: [{ name: 'b', type: 'DateTime64(0)' }],
      columnsListed: true,
    };
    const { code, warnings } = generateStackCode([db, tgt, mv], { stackName: 's' });
    expect(warnings).toEqual([]);
    expect(code).toContain("    select: 'SELECT b FROM r.src',\n    columns: [\n      { name: 'b', type: 'DateTime64(0)' },\n    ],\n  });");
    expect(ts.transpileModule(code, { reportDiagnostics: true }).diagnostics).toEqual([]);
  });

  test('GIVEN plain views, one reading the other WHEN generated THEN each is a View after what it reads, with its sources, column list and comment', () => {
    const src: ObjectSpec = {
      kind: 'table',
      database: 'r',
      name: 'src',
      columns: [{ name: 'k', type: 'UInt64' }],
      engine: { name: 'MergeTree' },
      orderBy: ['k'],
    };
    const top: ObjectSpec = { kind: 'view', database: 'r', name: 'top', select: 'SELECT k FROM r.v WHERE k > 1', comment: "it's on top" };
    const v: ObjectSpec = { kind: 'view', database: 'r', name: 'v', select: 'SELECT k FROM r.src', columns: [{ name: 'k', type: 'UInt32' }] };
    const { code, warnings } = generateStackCode([db, src, top, v], { stackName: 's' });
    expect(warnings).toEqual([]);
    expect(code).toContain("import { View } from '../constructs/view';");
    expect(code).toContain(
      "  const v = new View(stack, 'v', {\n    database: r,\n    name: 'v',\n    sources: [src],\n    select: 'SELECT k FROM r.src',\n    columns: [\n      { name: 'k', type: 'UInt32' },\n    ],\n  });",
    );
    expect(code).toContain(
      "  new View(stack, 'top', {\n    database: r,\n    name: 'top',\n    sources: [v],\n    select: 'SELECT k FROM r.v WHERE k > 1',\n    comment: 'it\\'s on top',\n  });",
    );
    expect(code.indexOf("new View(stack, 'v'")).toBeLessThan(code.indexOf("new View(stack, 'top'"));
    expect(code).toContain(', 2 view(s)');
    expect(ts.transpileModule(code, { reportDiagnostics: true }).diagnostics).toEqual([]);
  });

  test('GIVEN live and window views the model has no kind for WHEN generated THEN each is named in a warning and in the code', () => {
    const { code, warnings } = generateStackCode([db], {
      stackName: 's',
      unmodelled: [
        { database: 'r', name: 'l', engine: 'LiveView' },
        { database: 'r', name: 'w', engine: 'WindowView' },
      ],
    });
    expect(warnings).toEqual([
      'left out live_view:r.l: engine LiveView: the constructs cannot declare it; it stays on the server, undeclared',
      'left out window_view:r.w: engine WindowView: the constructs cannot declare it; it stays on the server, undeclared',
    ]);
    expect(code).toContain('// Left out: window_view:r.w: engine WindowView');
  });
});

describe('generateStackCode: indexes and projections', () => {
  const db: ObjectSpec = { kind: 'database', name: 'r' };
  const t: TableSpec = {
    kind: 'table',
    database: 'r',
    name: 'idx',
    columns: [
      { name: 'k', type: 'UInt64' },
      { name: 's', type: 'String' },
    ],
    engine: { name: 'MergeTree' },
    orderBy: ['k'],
    indexes: [
      { name: 'i_s', expression: 's', type: 'bloom_filter(0.01)', granularity: 1 },
      { name: 'i_t', expression: 'lower(s)', type: 'tokenbf_v1(256, 2, 0)', granularity: 4 },
    ],
    projections: [{ name: 'p', query: 'SELECT k, count() GROUP BY k' }],
  };

  test('GIVEN a table with indexes and a projection WHEN generated THEN both are declared (granularity only when not 1)', () => {
    const { code, warnings } = generateStackCode([db, t], { stackName: 's' });
    expect(warnings).toEqual([]);
    expect(code).toContain(
      "    indexes: [\n      { name: 'i_s', expression: 's', type: 'bloom_filter(0.01)' },\n      { name: 'i_t', expression: 'lower(s)', type: 'tokenbf_v1(256, 2, 0)', granularity: 4 },\n    ],",
    );
    expect(code).toContain("    projections: [\n      { name: 'p', query: 'SELECT k, count() GROUP BY k' },\n    ],");
    expect(code).not.toContain('ignoreUndeclared');
    expect(ts.transpileModule(code, { reportDiagnostics: true }).diagnostics).toEqual([]);
  });

  test('GIVEN an index and a projection the constructs cannot express WHEN generated THEN the table is declared without them, leaves them to the server, and says so in a warning and in the code', () => {
    const odd: TableSpec = {
      ...t,
      indexes: [...t.indexes!, { name: 'we ird', expression: 's', type: 'set(0)', granularity: 1 }],
      projections: [...t.projections!, { name: 'p3', query: 'SELECT * ORDER BY s', withSettings: 'index_granularity = 128' }],
    };
    const { code, warnings } = generateStackCode([db, odd], { stackName: 's' });
    expect(warnings).toEqual([
      expect.stringMatching(/^left out table:r\.idx: index we ird: .*not a plain identifier.*ignoreUndeclared: \['indexes'\]/),
      expect.stringMatching(
        /^left out table:r\.idx: projection p3: WITH SETTINGS \(index_granularity = 128\) cannot be declared.*ignoreUndeclared: \['projections'\]/,
      ),
    ]);
    expect(code).toContain('// Left out: table:r.idx: index we ird: ');
    expect(code).toContain('// Left out: table:r.idx: projection p3: WITH SETTINGS (index_granularity = 128) cannot be declared');
    expect(code).toContain("    ignoreUndeclared: ['indexes', 'projections'],");
    expect(code).not.toContain("'we ird'");
    expect(code).toContain("{ name: 'i_s', expression: 's', type: 'bloom_filter(0.01)' }");
    expect(code).toContain("{ name: 'p', query: 'SELECT k, count() GROUP BY k' }");
  });
});

describe('compactGrantEntries', () => {
  test('GIVEN ALL ON db.* as system.grants lists it (one row per privilege) THEN one ALL entry; an incomplete set stays in groups; scopes and grant options apart', () => {
    const all = DEFAULT_PRIVILEGE_CATALOG.applicableLeaves('ALL', 'database').map((privilege) => ({ privilege, database: 'monitor' }));
    expect(all.length).toBeGreaterThan(20);
    expect(compactGrantEntries(all)).toEqual([{ privilege: 'ALL', database: 'monitor' }]);
    const alterLeaves = DEFAULT_PRIVILEGE_CATALOG.applicableLeaves('ALTER', 'table');
    const rows = [
      ...alterLeaves.map((privilege) => ({ privilege, database: 'db', table: 't' })),
      { privilege: 'SELECT', database: 'db', table: 't' },
      { privilege: 'SELECT', database: 'db', table: 't', grantOption: true },
      { privilege: 'SELECT', database: 'system' },
    ];
    expect(compactGrantEntries(rows)).toEqual([
      { privilege: 'SELECT', database: 'db', table: 't' },
      { privilege: 'ALTER', database: 'db', table: 't' },
      { privilege: 'SELECT', database: 'db', table: 't', grantOption: true },
      { privilege: 'SELECT', database: 'system' },
    ]);
  });
});

describe('generateStackCode: quotas and row policies', () => {
  const db: ObjectSpec = { kind: 'database', name: 'r' };
  const table: TableSpec = { kind: 'table', database: 'r', name: 't', columns: [{ name: 'k', type: 'UInt8' }], engine: { name: 'MergeTree' }, orderBy: ['k'] };
  const bob: ObjectSpec = { kind: 'user', name: 'bob', auth: { method: 'sha256_hash', passwordEnv: 'X' } };
  const quota: QuotaSpec = {
    kind: 'quota',
    name: 'limited',
    keyedBy: 'user_name',
    intervals: [
      { durationSeconds: 3600, max: { queries: 100, errors: 10 } },
      { durationSeconds: 60, randomized: true, max: { execution_time: 1.5 } },
    ],
    applyTo: { names: ['bob', 'ghost'] },
  };
  const policy: RowPolicySpec = {
    kind: 'row_policy',
    name: 'own',
    database: 'r',
    table: 't',
    using: "k = 1 AND s = 'x'",
    restrictive: true,
    applyTo: { all: true, except: ['bob', 'nobody'] },
  };

  test('GIVEN a quota and a row policy with their table and a user WHEN generated THEN Quota and RowPolicy declare them, the users by variable, a name not imported left out with a warning', () => {
    const { code, warnings } = generateStackCode([db, table, bob, quota, policy], { stackName: 's', constructsImport: '../constructs' });
    expect(warnings).toEqual([
      'left out quota:limited: applies to ghost: no user or role of that name is imported (import it with --user to declare it); the plan will show it',
      'left out row_policy:own ON r.t: ALL EXCEPT nobody: no user or role of that name is imported (import it with --user to declare it); the plan will show it',
    ]);
    expect(ts.transpileModule(code, { reportDiagnostics: true }).diagnostics).toEqual([]);
    expect(code).toContain("import { Quota, RowPolicy } from '../constructs/quota';");
    expect(code).toContain("const t = new Table(stack, 't', {");
    expect(code).toContain(
      [
        "  new Quota(stack, 'quota_limited', {",
        "    name: 'limited',",
        "    keyedBy: 'user_name',",
        '    intervals: [',
        '      { durationSeconds: 3600, max: { queries: 100, errors: 10 } },',
        '      { durationSeconds: 60, randomized: true, max: { execution_time: 1.5 } },',
        '    ],',
        '    appliesTo: { to: [bobUser] },',
        '  });',
      ].join('\n'),
    );
    expect(code).toContain(
      [
        "  new RowPolicy(stack, 'policy_own_r_t', {",
        "    name: 'own',",
        '    table: t,',
        "    using: 'k = 1 AND s = \\'x\\'',",
        '    restrictive: true,',
        '    appliesTo: { all: true, except: [bobUser] },',
        '  });',
      ].join('\n'),
    );
    expect(code).toContain('// Left out: quota:limited: applies to ghost:');
    expect(code.indexOf('new Quota(')).toBeGreaterThan(code.indexOf('new User('));
  });

  test('GIVEN a row policy whose table is not imported and a quota alone WHEN generated THEN the policy is left out naming the table, the quota declared without appliesTo', () => {
    const { code, warnings } = generateStackCode([{ ...quota, applyTo: undefined }, policy], { stackName: 's' });
    expect(warnings).toEqual([
      'left out row_policy:own ON r.t: its table r.t is not imported (the RowPolicy construct takes the Table: import its database too)',
    ]);
    expect(code).toContain("import { Quota } from '../constructs/quota';");
    expect(code).not.toContain('new RowPolicy(');
    expect(code).not.toContain('appliesTo');
    expect(ts.transpileModule(code, { reportDiagnostics: true }).diagnostics).toEqual([]);
  });
});
