import { allowDestructive, change, NEVER } from '../../sql/diff/change';
import { classifyChange, classifyStatement, costOf } from '../../sql/diff/cost';
import { diffObject } from '../../sql/diff';
import { evaluateObject } from '../../sql/diff/evaluate';
import { formatBytes, formatCost, ReasonCode, TableData } from '../../sql/spec/changes';
import { TableSpec } from '../../sql/spec/model';
import { planCost } from '../../sql/report/plan';
import { renderMarkdown, stackReport } from '../../sql/report/report';

const T = 'ALTER TABLE `d`.`t`';

// What each statement costs the server, by the work ClickHouse does for it.
describe('classifyStatement(): the cost class of a statement', () => {
  test.each<[string, ReasonCode, string]>([
    [`${T} ADD COLUMN IF NOT EXISTS \`c\` UInt8 AFTER \`b\``, 'missing_column', 'metadata'],
    [`${T} COMMENT COLUMN IF EXISTS \`c\` 'x'`, 'column_comment_changed', 'metadata'],
    [`${T} MODIFY COMMENT 'x'`, 'comment_changed', 'metadata'],
    [`${T} MODIFY SETTING index_granularity = 4096`, 'setting_changed', 'metadata'],
    [`${T} RESET SETTING ttl_only_drop_parts`, 'setting_extra', 'metadata'],
    [`${T} ADD INDEX IF NOT EXISTS \`i\` c TYPE minmax GRANULARITY 1`, 'index_missing', 'metadata'],
    [`${T} DROP INDEX IF EXISTS \`i\``, 'index_extra', 'metadata'],
    [`${T} MODIFY COLUMN IF EXISTS \`c\` String DEFAULT 'none'`, 'column_default_changed', 'metadata'],
    [`${T} MODIFY COLUMN IF EXISTS \`c\` String COMMENT 'TTL is a word here'`, 'column_comment_changed', 'metadata'],
    ['ATTACH TABLE IF NOT EXISTS `d`.`t`', 'detached_object', 'metadata'],
    ['CREATE TABLE IF NOT EXISTS `d`.`t` (a UInt8) ENGINE = MergeTree ORDER BY a', 'missing_object', 'metadata'],
    [`${T} MODIFY COLUMN IF EXISTS \`c\` UInt64`, 'column_type_changed', 'rewrites_column'],
    [`${T} MATERIALIZE INDEX \`i\``, 'index_missing', 'rewrites_column'],
    [`${T} MATERIALIZE PROJECTION \`p\``, 'projection_missing', 'rewrites_column'],
    [`${T} CLEAR COLUMN \`c\``, 'column_default_changed', 'rewrites_column'],
    [`${T} MODIFY TTL ts + toIntervalDay(90)`, 'ttl_changed', 'rewrites_parts'],
    [`${T} MODIFY COLUMN IF EXISTS \`c\` String TTL ts + toIntervalDay(1)`, 'column_ttl_changed', 'rewrites_parts'],
    [`${T} MATERIALIZE TTL`, 'ttl_changed', 'rewrites_parts'],
    ['DROP VIEW IF EXISTS `d`.`v`', 'mv_target_changed', 'rebuild'],
    ['DROP VIEW IF EXISTS `d`.`v`', 'extra_object', 'metadata'],
    [`${T} DROP COLUMN IF EXISTS \`c\``, 'extra_column', 'drops_data'],
    ['DROP TABLE IF EXISTS `d`.`t` SYNC', 'extra_object', 'drops_data'],
    ['DROP DICTIONARY IF EXISTS `d`.`dict` SYNC', 'extra_object', 'drops_data'],
    ['\n  DROP TABLE IF EXISTS `d`.`t` SYNC', 'extra_object', 'drops_data'],
    ['\n DROP VIEW IF EXISTS `d`.`v`', 'mv_query_changed', 'rebuild'],
    [`${T} MODIFY COLUMN \`c\` String TTL ts + toIntervalDay(1)`, 'column_ttl_changed', 'rewrites_parts'],
    [`${T} MODIFY COMMENT 'DROP TABLE x'`, 'comment_changed', 'metadata'],
    [`${T} MODIFY COMMENT 'DROP VIEW x'`, 'comment_changed', 'metadata'],
  ])('%s (%s) -> %s', (statement, reason, cls) => {
    expect(classifyStatement(statement, reason)).toBe(cls);
  });

  test('GIVEN materialize_ttl_after_modify = 0 THEN MODIFY TTL is metadata only (merges apply it later)', () => {
    expect(classifyStatement(`${T} MODIFY TTL ts + toIntervalDay(90)`, 'ttl_changed', false)).toBe('metadata');
  });

  test('GIVEN several statements THEN the change costs its heaviest one', () => {
    expect(classifyChange([`${T} ADD INDEX IF NOT EXISTS \`i\` c TYPE minmax GRANULARITY 1`, `${T} MATERIALIZE INDEX \`i\``], 'index_missing')).toBe(
      'rewrites_column',
    );
    expect(classifyChange([], 'comment_changed')).toBe('metadata');
  });

  test('GIVEN no materialize_ttl_after_modify THEN the server default (1): MODIFY TTL rewrites the parts', () => {
    expect(classifyChange([`${T} MODIFY TTL ts + toIntervalDay(90)`], 'ttl_changed')).toBe('rewrites_parts');
  });

  test('GIVEN a TTL statement among others THEN the cost notes the setting', () => {
    const d: TableData = { rows: 1, bytes: 1, parts: 1, pendingMutations: 0 };
    expect(costOf([`${T} ADD COLUMN IF NOT EXISTS \`c\` UInt8`, `${T} MODIFY TTL ts + toIntervalDay(90)`], 'ttl_changed', d).note).toBe(
      'materialize_ttl_after_modify=1',
    );
    expect(costOf([`${T} ADD COLUMN IF NOT EXISTS \`c\` UInt8`], 'missing_column', d).note).toBeUndefined();
  });
});

describe('formatCost(): one line a person reads', () => {
  const data: TableData = { rows: 48200, bytes: 3.1 * 1024 * 1024, parts: 12, pendingMutations: 0 };
  test.each([
    [[`${T} MODIFY TTL ts + toIntervalDay(90)`], 'ttl_changed', data, 'rewrites 12 part(s), 3.1 MiB, 48,200 row(s) (materialize_ttl_after_modify=1)'],
    [
      [`${T} MODIFY TTL ts + toIntervalDay(90)`],
      'ttl_changed',
      { ...data, materializeTtlAfterModify: false },
      'metadata only (materialize_ttl_after_modify=0)',
    ],
    [
      [`${T} DROP COLUMN IF EXISTS \`c\``],
      'extra_column',
      { ...data, pendingMutations: 2 },
      'drops 12 part(s), 3.1 MiB, 48,200 row(s) (2 pending mutation(s) before it)',
    ],
    [[`${T} MODIFY COMMENT 'x'`], 'comment_changed', data, 'metadata only'],
  ] as const)('%s (%s) -> %#', (statements, reason, d, line) => {
    expect(formatCost(costOf(statements, reason, d))).toBe(line);
  });
  test('bytes', () => {
    expect([formatBytes(0), formatBytes(512), formatBytes(2048), formatBytes(5 * 1024 ** 3)]).toEqual(['0 B', '512 B', '2.0 KiB', '5.0 GiB']);
  });
});

// The guard that knows the data: a destructive fix of a table with rows needs allowDestructive
// (and says how much it would take away); of an empty table it loses nothing and runs.
describe('change() with the table data: destructive fixes and rows', () => {
  const drop = { statements: [`${T} DROP COLUMN IF EXISTS \`c\``], inPlace: true, destructive: true };
  const full: TableData = { rows: 48200, bytes: 3 * 1024 * 1024, parts: 12, pendingMutations: 0 };
  const empty: TableData = { rows: 0, bytes: 0, parts: 0, pendingMutations: 0 };
  test.each([
    ['rows, opt-in off', false, allowDestructive({ data: full })],
    ['rows, opt-in on', true, allowDestructive({ data: full, allowDestructive: true })],
    ['empty table, opt-in off', true, allowDestructive({ data: empty })],
    ['data unknown, opt-in off', false, allowDestructive({})],
    ['empty table, never (undeclared objects)', false, NEVER],
  ])('GIVEN %s THEN runnable is %s', (_name, runnable, optIn) => {
    expect(change('table:d.t', 'extra_column', 'x', drop, optIn).runnable).toBe(runnable);
  });

  test('GIVEN a refused drop of a column with rows THEN the hint names the rows and bytes, and the change its cost', () => {
    const c = change('table:d.t', 'extra_column', 'x', drop, allowDestructive({ data: full }));
    expect(c.hint).toMatch(/48,200 row\(s\), 3\.0 MiB in 12 part\(s\)/);
    expect(c.cost).toEqual({ class: 'drops_data', rows: 48200, bytes: 3 * 1024 * 1024, parts: 12, pendingMutations: 0 });
  });

  test('GIVEN no data read THEN no cost (unchanged Change shape)', () => {
    expect(change('table:d.t', 'extra_column', 'x', drop, allowDestructive({})).cost).toBeUndefined();
  });

  test('GIVEN a snapshot with data THEN evaluateObject prices every change of the table', () => {
    const desired: TableSpec = {
      kind: 'table',
      database: 'd',
      name: 't',
      engine: { name: 'MergeTree', args: [] },
      orderBy: ['a'],
      columns: [{ name: 'a', type: 'UInt8' }],
    };
    const live: TableSpec = { ...desired, columns: [...desired.columns, { name: 'c', type: 'String' }], ttl: 'now()' };
    const snap = (data: TableData) => ({ objects: new Map([['table:d.t', live]]), data: new Map([['table:d.t', data]]) });
    const changes = evaluateObject(desired, snap(full), {});
    expect(changes.map((c) => [c.reason, c.cost?.class, c.runnable])).toEqual([
      ['extra_column', 'drops_data', false],
      ['ttl_changed', 'metadata', true],
    ]);
    expect(evaluateObject(desired, snap(empty), {}).map((c) => c.runnable)).toEqual([true, true]);
    expect(diffObject(desired, live, {}).every((c) => c.cost === undefined)).toBe(true);
  });
});

// The cost reaches people: the drift report (Markdown and JSON) and the provider's plan.
describe('the cost in the drift report and the plan', () => {
  const desired: TableSpec = {
    kind: 'table',
    database: 'd',
    name: 't',
    engine: { name: 'MergeTree', args: [] },
    orderBy: ['a'],
    columns: [{ name: 'a', type: 'UInt8' }],
    ttl: 'now() + toIntervalDay(1)',
  };
  const live: TableSpec = { ...desired, columns: [...desired.columns, { name: 'c', type: 'String' }], ttl: undefined };
  const data: TableData = { rows: 48200, bytes: 3.1 * 1024 * 1024, parts: 12, pendingMutations: 0, materializeTtlAfterModify: true };
  // Computed inside each test (a table computed here, while jest collects the tests, belongs to no test: Stryker would not run it per mutant).
  const changesOf = () => evaluateObject(desired, { objects: new Map([['table:d.t', live]]), data: new Map([['table:d.t', data]]) }, {});
  const reportOf = () =>
    stackReport('s', [desired], { checked: true, url: 'http://x', byObject: new Map([['table:d.t', changesOf()]]), notices: [], durationMs: 1 });

  test('GIVEN changes with their cost THEN each Markdown line says it, and the JSON carries it', () => {
    const report = reportOf();
    const md = renderMarkdown(report);
    expect(md).toContain(
      '`ttl_changed`: TTL desired now() + toIntervalDay(1), live none — cost: rewrites 12 part(s), 3.1 MiB, 48,200 row(s) (materialize_ttl_after_modify=1)',
    );
    expect(md).toMatch(
      /`extra_column`: .* — cost: drops 12 part\(s\), 3\.1 MiB, 48,200 row\(s\) — \*\*not run\*\*: .*the table holds 48,200 row\(s\), 3\.1 MiB in 12 part\(s\)/,
    );
    const json = JSON.parse(JSON.stringify(report));
    expect(json.objects[0].changes[1].cost).toEqual({
      class: 'rewrites_parts',
      rows: 48200,
      bytes: 3.1 * 1024 * 1024,
      parts: 12,
      pendingMutations: 0,
      note: 'materialize_ttl_after_modify=1',
    });
    expect(json.objects[0].cost).toBe(
      'DROP COLUMN IF EXISTS `c` — drops 12 part(s), 3.1 MiB, 48,200 row(s) [not run]\nMODIFY TTL now() + toIntervalDay(1) — rewrites 12 part(s), 3.1 MiB, 48,200 row(s) (materialize_ttl_after_modify=1)',
    );
  });

  test('GIVEN the plan attribute THEN it names the classes only, stable while rows come and go', () => {
    const changes = changesOf();
    expect(planCost(changes, false)).toBe(
      'DROP COLUMN IF EXISTS `c` — drops data [not run]\nMODIFY TTL now() + toIntervalDay(1) — rewrites every part (materialize_ttl_after_modify=1)',
    );
    const more = evaluateObject(desired, { objects: new Map([['table:d.t', live]]), data: new Map([['table:d.t', { ...data, rows: 99 }]]) }, {});
    expect(planCost(more, false)).toBe(planCost(changes, false));
  });
});
