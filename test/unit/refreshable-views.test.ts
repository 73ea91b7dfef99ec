// Refreshable materialized views (REFRESH EVERY/AFTER ... APPEND) and views without TO (inner
// table): introspection parses both from the printed CREATE, render writes them back, the diff
// compares them (MODIFY REFRESH in place; APPEND and inner-table changes recreate the view, gated),
// import declares them (naming what it cannot: DEPENDS ON, an inner SAMPLE BY).
import { runnableStatements } from '../../sql/spec/changes';
import { diffView } from '../../sql/diff/tables';
import { innerFromCreateQuery, refreshClause, refreshFromClause } from '../../sql/live/introspect-tables';
import { renderCreateMaterializedView } from '../../sql/render/tables';
import { generateStackCode } from '../../sql/codegen';
import { intervalNormalForm } from '../../sql/spec/refresh';
import { validateSpec } from '../../sql/spec/validate-spec';
import { MaterializedViewSpec, ObjectSpec } from '../../sql/spec/model';

const view: MaterializedViewSpec = {
  kind: 'materialized_view',
  database: 'd',
  name: 'mv',
  to: { database: 'd', name: 'hourly' },
  select: 'SELECT toStartOfHour(ts) AS hour, count() AS n FROM d.src GROUP BY hour',
};
const hourly: ObjectSpec = {
  kind: 'table',
  database: 'd',
  name: 'hourly',
  columns: [{ name: 'hour', type: 'DateTime' }],
  engine: { name: 'MergeTree' },
  orderBy: ['hour'],
};
const inner: MaterializedViewSpec = {
  kind: 'materialized_view',
  database: 'd',
  name: 'mvi',
  inner: { engine: { name: 'MergeTree' }, orderBy: ['k'], partitionBy: 'toYYYYMM(ts)', settings: { index_granularity: 4096 } },
  select: 'SELECT id AS k, ts FROM d.src',
};

describe('refreshable materialized views', () => {
  test.each([
    ['CREATE MATERIALIZED VIEW d.mv REFRESH EVERY 1 HOUR TO d.hourly (`hour` DateTime, `n` UInt64) AS SELECT 1', 'REFRESH EVERY 1 HOUR'],
    ['CREATE MATERIALIZED VIEW d.mv REFRESH AFTER 30 SECOND APPEND TO d.t AS SELECT 1', 'REFRESH AFTER 30 SECOND APPEND'],
    ['CREATE MATERIALIZED VIEW d.mv REFRESH EVERY 1 DAY OFFSET 2 HOUR DEPENDS ON d.x TO d.t AS SELECT 1', 'REFRESH EVERY 1 DAY OFFSET 2 HOUR DEPENDS ON d.x'],
    ['CREATE MATERIALIZED VIEW d.mv REFRESH EVERY 1 DAY (`k` UInt64) ENGINE = MergeTree ORDER BY k AS SELECT 1 AS k', 'REFRESH EVERY 1 DAY'],
    ['CREATE MATERIALIZED VIEW d.mv TO d.t (`refresh` UInt8) AS SELECT 1 AS refresh', undefined],
    ["CREATE MATERIALIZED VIEW d.mv TO d.t AS SELECT 'REFRESH EVERY 1 HOUR' AS s", undefined],
  ])('GIVEN %s THEN the REFRESH clause is %s', (query, expected) => {
    expect(refreshClause(query)).toBe(expected);
  });

  test('GIVEN the printed clause of every part THEN it parses into the spec, and renders back as printed', () => {
    const printed = 'REFRESH EVERY 1 HOUR OFFSET 5 MINUTE RANDOMIZE FOR 10 SECOND DEPENDS ON r.other, `r`.`b c` SETTINGS refresh_retries = 2 APPEND';
    const r = refreshFromClause(printed);
    expect(r).toEqual({
      kind: 'EVERY',
      interval: '1 HOUR',
      offset: '5 MINUTE',
      randomizeFor: '10 SECOND',
      dependsOn: [
        { database: 'r', name: 'other' },
        { database: 'r', name: 'b c' },
      ],
      settings: { refresh_retries: '2' },
      append: true,
    });
    expect(renderCreateMaterializedView({ ...view, refresh: r })).toContain(
      '\nREFRESH EVERY 1 HOUR OFFSET 5 MINUTE RANDOMIZE FOR 10 SECOND DEPENDS ON `r`.`other`, `r`.`b c` SETTINGS refresh_retries = 2 APPEND\nTO `d`.`hourly`',
    );
    expect(refreshFromClause('REFRESH AFTER 30 MINUTE')).toEqual({ kind: 'AFTER', interval: '30 MINUTE' });
    // Not understood: kept whole, so it differs from any declared clause.
    expect(refreshFromClause('REFRESH EVERY whenever')).toEqual({ kind: 'EVERY', interval: 'REFRESH EVERY whenever' });
  });

  test.each([
    ['30 minutes', '30 MINUTE'],
    ['1 hour', '1 HOUR'],
    ['1 Day 2 hours', '1 DAY 2 HOUR'],
    ['soon', 'soon'],
    ['5 fortnights', '5 fortnights'],
  ])('GIVEN the interval %s THEN its normal form is %s', (given, expected) => {
    expect(intervalNormalForm(given)).toBe(expected);
  });

  test('GIVEN a declared view that is refreshable on the server THEN mv_refresh_changed, refused by default, DROP + CREATE when allowed', () => {
    const live = { ...view, refresh: { kind: 'EVERY' as const, interval: '1 HOUR' } };
    const refused = diffView(view, live);
    expect(refused.map((c) => [c.reason, c.runnable])).toEqual([['mv_refresh_changed', false]]);
    expect(refused[0].detail).toBe('refresh desired none, live REFRESH EVERY 1 HOUR');
    const allowed = diffView(view, live, { allowDestructive: true });
    expect(runnableStatements(allowed)).toEqual([
      expect.stringMatching(/^DROP VIEW IF EXISTS `d`.`mv`/),
      expect.stringMatching(/^CREATE MATERIALIZED VIEW IF NOT EXISTS `d`.`mv`/),
    ]);
    expect(diffView(view, view)).toEqual([]);
  });

  test('GIVEN a declared refreshable view whose interval differs THEN mv_refresh_changed runs in place (MODIFY REFRESH), unit spellings aside', () => {
    const desired = { ...view, refresh: { kind: 'EVERY' as const, interval: '2 hours', offset: '5 minutes' } };
    const live = { ...view, refresh: { kind: 'EVERY' as const, interval: '1 HOUR' } };
    const changes = diffView(desired, live);
    expect(changes.map((c) => [c.reason, c.runnable, c.inPlace, c.detail])).toEqual([
      ['mv_refresh_changed', true, true, 'refresh desired REFRESH EVERY 2 HOUR OFFSET 5 MINUTE, live REFRESH EVERY 1 HOUR'],
    ]);
    expect(changes[0].statements).toEqual(['ALTER TABLE `d`.`mv` MODIFY REFRESH EVERY 2 hours OFFSET 5 minutes']);
    expect(diffView(desired, { ...view, refresh: { kind: 'EVERY', interval: '2 HOUR', offset: '5 MINUTE' } })).toEqual([]);
  });

  test('GIVEN APPEND declared and not live THEN mv_refresh_changed recreates the view (no ALTER for APPEND), refused by default', () => {
    const desired = { ...view, refresh: { kind: 'EVERY' as const, interval: '1 HOUR', append: true } };
    const live = { ...view, refresh: { kind: 'EVERY' as const, interval: '1 HOUR' } };
    const changes = diffView(desired, live);
    expect(changes.map((c) => [c.reason, c.runnable, c.inPlace])).toEqual([['mv_refresh_changed', false, false]]);
    expect(changes[0].hint).toContain('APPEND added or removed');
  });

  test('GIVEN a refreshable view WHEN imported THEN it is declared with its refresh; one with DEPENDS ON is left out, named', () => {
    const objects: ObjectSpec[] = [
      { kind: 'database', name: 'd' },
      hourly,
      { ...view, refresh: { kind: 'EVERY', interval: '1 HOUR', offset: '5 MINUTE', settings: { refresh_retries: '2' }, append: true } },
      { ...view, name: 'mv2', refresh: { kind: 'AFTER', interval: '1 HOUR', dependsOn: [{ database: 'd', name: 'mv' }] } },
    ];
    const out = generateStackCode(objects, { stackName: 'r' });
    expect(out.code).toContain("refresh: { kind: 'EVERY', interval: '1 HOUR', offset: '5 MINUTE', settings: { refresh_retries: '2' }, append: true },");
    expect(out.warnings.join('\n')).toContain('materialized_view:d.mv2');
    expect(out.warnings.join('\n')).toContain('DEPENDS ON d.mv is not imported yet');
    expect(out.code).not.toContain("name: 'mv2'");
  });

  test('GIVEN refresh problems THEN validation names each field', () => {
    const problems = validateSpec({ ...view, refresh: { kind: 'AFTER', interval: 'often', offset: '1 MINUTE', dependsOn: [{ database: 'd', name: 'a-b' }] } });
    expect(problems.map((p) => p.field)).toEqual(['refresh.interval', 'refresh.offset', 'refresh.dependsOn[0].name']);
  });
});

describe('materialized views without TO (inner table)', () => {
  test('GIVEN the printed CREATE of a view without TO THEN its inner table is read; a view with TO has none', () => {
    const q =
      "CREATE MATERIALIZED VIEW r.mvi (`k` UInt64, `ts` DateTime) ENGINE = MergeTree PARTITION BY toYYYYMM(ts) ORDER BY k SETTINGS index_granularity = 4096 COMMENT 'c' AS SELECT id AS k, ts FROM r.src";
    expect(innerFromCreateQuery(q)).toEqual({
      engine: { name: 'MergeTree', args: [] },
      orderBy: ['k'],
      partitionBy: 'toYYYYMM(ts)',
      settings: { index_granularity: '4096' },
      settingDefaults: {},
    });
    const refreshable =
      'CREATE MATERIALIZED VIEW r.rf3 REFRESH EVERY 1 DAY (`k` UInt64) ENGINE = SummingMergeTree ORDER BY k SAMPLE BY k SETTINGS index_granularity = 8192 DEFINER = default SQL SECURITY DEFINER AS SELECT 1 AS k';
    expect(innerFromCreateQuery(refreshable)).toMatchObject({ engine: { name: 'SummingMergeTree' }, orderBy: ['k'], unsupported: ['SAMPLE BY k'] });
    expect(innerFromCreateQuery('CREATE MATERIALIZED VIEW r.v TO r.t (`k` UInt64) AS SELECT 1 AS k')).toBeUndefined();
  });

  test('GIVEN a view without TO THEN render writes its engine clause after the columns, never POPULATE', () => {
    expect(renderCreateMaterializedView({ ...inner, columns: [{ name: 'k', type: 'UInt64' }] })).toBe(
      'CREATE MATERIALIZED VIEW IF NOT EXISTS `d`.`mvi`\n(\n    `k` UInt64\n)\nENGINE = MergeTree() PARTITION BY toYYYYMM(ts) ORDER BY k SETTINGS index_granularity = 4096\nAS SELECT id AS k, ts FROM d.src',
    );
  });

  test.each([
    ['ORDER BY', { orderBy: ['k', 'ts'] }, 'inner table ORDER BY desired (k, ts), live (k)'],
    ['engine', { engine: { name: 'ReplacingMergeTree' } }, 'inner table ENGINE desired ReplacingMergeTree(), live MergeTree()'],
    ['PARTITION BY', { partitionBy: undefined }, 'inner table PARTITION BY desired none, live toYYYYMM(ts)'],
    ['a setting', { settings: { index_granularity: 8192 } }, 'inner table setting index_granularity desired 8192, live 4096'],
  ])('GIVEN the inner %s changed THEN mv_inner_changed: a destructive rebuild, refused by default, DROP + CREATE when allowed', (_, patch, detail) => {
    const desired = { ...inner, inner: { ...inner.inner!, ...patch } };
    const refused = diffView(desired, inner);
    expect(refused.map((c) => [c.reason, c.runnable, c.inPlace, c.destructive, c.detail])).toEqual([['mv_inner_changed', false, false, true, detail]]);
    expect(refused[0].hint).toContain('POPULATE is never run');
    expect(runnableStatements(diffView(desired, inner, { allowDestructive: true }))).toEqual([
      expect.stringMatching(/^DROP VIEW IF EXISTS `d`.`mvi`/),
      expect.stringMatching(/^CREATE MATERIALIZED VIEW IF NOT EXISTS `d`.`mvi`\nENGINE = /),
    ]);
  });

  test('GIVEN a view with TO declared and an inner one live (and back) THEN mv_target_changed; only dropping the inner one is destructive', () => {
    expect(diffView(view, { ...inner, name: 'mv' }).map((c) => [c.reason, c.destructive, c.detail])).toEqual([
      ['mv_target_changed', true, 'TO desired d.hourly, live none (inner table)'],
    ]);
    expect(diffView({ ...inner, name: 'mv' }, view).map((c) => [c.reason, c.destructive])).toEqual([['mv_target_changed', false]]);
    expect(diffView(inner, inner)).toEqual([]);
    // A live setting at the server's default is not drift.
    expect(
      diffView(
        { ...inner, inner: { ...inner.inner!, settings: {} } },
        { ...inner, inner: { ...inner.inner!, settingDefaults: { index_granularity: '4096' } } },
      ),
    ).toEqual([]);
  });

  test('GIVEN both TO and an inner table, or neither THEN validation refuses it naming the field', () => {
    expect(validateSpec({ ...inner, to: { database: 'd', name: 't' } }).map((p) => p.field)).toEqual(['engine']);
    expect(validateSpec({ ...inner, inner: undefined }).map((p) => p.field)).toEqual(['to']);
    expect(validateSpec({ ...inner, inner: { engine: { name: 'Memory' }, orderBy: ['k'] } }).map((p) => [p.field, p.message])).toEqual([
      ['orderBy', 'only the MergeTree family has orderBy; the Memory engine takes none'],
    ]);
  });

  test('GIVEN a view without TO WHEN imported THEN it is declared with its database and inner table (settings at their default left out)', () => {
    const objects: ObjectSpec[] = [
      { kind: 'database', name: 'd' },
      {
        ...inner,
        inner: {
          ...inner.inner!,
          settings: { index_granularity: '4096', merge_with_ttl_timeout: '14400' },
          settingDefaults: { merge_with_ttl_timeout: '14400' },
        },
      },
    ];
    const out = generateStackCode(objects, { stackName: 'r' });
    expect(out.warnings).toEqual([]);
    expect(out.code).toContain(
      "engine: { name: 'MergeTree' },\n    orderBy: ['k'],\n    partitionBy: 'toYYYYMM(ts)',\n    settings: { index_granularity: '4096' },",
    );
  });
});
