// sql/report at the edges report.test.ts leaves: several statements and refusals of one object,
// the statement names of the cost lines (each head form cut, long commands shortened), verdicts
// without changes, exact JSON keys, and the Markdown of a report without a reason, with runnable
// changes only, with a refusal without a hint, and with a `|` in the reasons.
import { blockedText, planCost, planObject, planSql } from '../../sql/report/plan';
import { renderMarkdown, stackReport } from '../../sql/report/report';
import { Change, ChangeCost, ReasonCode } from '../../sql/spec/changes';
import { TableSpec } from '../../sql/spec/model';

const table: TableSpec = { kind: 'table', database: 'r', name: 't', columns: [{ name: 'k', type: 'UInt8' }], engine: { name: 'MergeTree' }, orderBy: ['k'] };
const change = (over: Partial<Change>): Change => ({
  object: 'table:r.t',
  reason: 'ttl_changed',
  detail: 'TTL desired a, live b',
  statements: [],
  inPlace: true,
  destructive: false,
  runnable: true,
  ...over,
});
const metadata: ChangeCost = { class: 'metadata', rows: 0, bytes: 0, parts: 0, pendingMutations: 0 };
/** The cost line planCost writes for one change whose last statement is `statement`. */
const costLine = (statement: string) => planCost([change({ statements: ['SELECT 1', statement], cost: metadata })]);

describe('planSql and blockedText: several of one object', () => {
  test('GIVEN two statements deploy runs THEN one per line, each with its semicolon', () => {
    const changes = [
      change({ statements: ['ALTER TABLE `r`.`t` MODIFY TTL a'] }),
      change({ reason: 'comment_changed', statements: ['CREATE TABLE IF NOT EXISTS `r`.`u` (k UInt8) ENGINE = Memory'] }),
    ];
    expect(planSql(changes)).toBe('ALTER TABLE `r`.`t` MODIFY TTL a;\nCREATE TABLE IF NOT EXISTS `r`.`u` (k UInt8) ENGINE = Memory;');
    expect(planObject(table, changes).sql).toBe(planSql(changes));
  });

  test('GIVEN two refused changes, one with a hint and one without THEN one line each, the hint in brackets', () => {
    const changes = [
      change({ reason: 'partition_key_changed', detail: 'PARTITION BY desired a, live b', runnable: false, hint: 'rebuild it' }),
      change({ statements: ['ALTER TABLE `r`.`t` MODIFY TTL a'] }),
      change({ reason: 'order_by_changed', detail: 'ORDER BY desired a, live b', runnable: false }),
    ];
    expect(blockedText(changes)).toBe('partition_key_changed: PARTITION BY desired a, live b (rebuild it)\norder_by_changed: ORDER BY desired a, live b');
    expect(planObject(table, changes).blocked).toBe(blockedText(changes));
  });
});

describe('planObject without changes', () => {
  test('GIVEN no changes THEN in sync with every text empty; GIVEN no verdict THEN unchecked, with no statements or refusals', () => {
    expect(planObject(table, [])).toStrictEqual({ object: 'table:r.t', state: 'in_sync', changes: [], reasons: '', sql: '', blocked: '' });
    expect(planObject(table, undefined)).toStrictEqual({
      object: 'table:r.t',
      state: 'unchecked',
      changes: [],
      reasons: 'drift not checked',
      sql: '',
      blocked: '',
    });
  });
});

describe('planCost: each line named by its last statement without the ALTER TABLE head', () => {
  test.each([
    ['quoted names', 'ALTER TABLE `monitor`.`events` MODIFY TTL ts', 'MODIFY TTL ts'],
    ['quoted names with an escaped backtick', 'ALTER TABLE `mon\\`itor`.`ev` MODIFY TTL ts', 'MODIFY TTL ts'],
    ['plain names', 'ALTER TABLE monitor.events MODIFY TTL ts', 'MODIFY TTL ts'],
    ['a table without its database', 'ALTER TABLE events MODIFY TTL ts', 'MODIFY TTL ts'],
    ['ON CLUSTER', 'ALTER TABLE `monitor`.`events` ON CLUSTER main MODIFY TTL ts', 'MODIFY TTL ts'],
    ['line breaks and runs of spaces', 'ALTER TABLE `monitor`.`events` MODIFY TTL ts\n    +  toIntervalDay(1)', 'MODIFY TTL ts + toIntervalDay(1)'],
    ['a statement that does not start with ALTER TABLE', "INSERT INTO `r`.`t` SELECT 'ALTER TABLE x y'", "INSERT INTO `r`.`t` SELECT 'ALTER TABLE x y'"],
    ['60 characters: as is', `ALTER TABLE t COMMENT '${'x'.repeat(50)}'`, `COMMENT '${'x'.repeat(50)}'`],
    ['61 characters: 59 and an ellipsis', `ALTER TABLE t COMMENT '${'x'.repeat(51)}'`, `COMMENT '${'x'.repeat(50)}…`],
  ])('%s', (_name, statement, named) => {
    expect(costLine(statement)).toBe(`${named} — metadata only`);
  });

  test('GIVEN no withData THEN the data is written; changes without a cost or a statement have no line; refused ones say [not run]', () => {
    const cost: ChangeCost = { class: 'rewrites_parts', rows: 1200, bytes: 2048, parts: 3, pendingMutations: 0 };
    const changes = [
      change({ statements: ['ALTER TABLE t MODIFY TTL a'], cost }),
      change({ statements: ['ALTER TABLE t MODIFY TTL b'] }),
      change({ statements: [], cost }),
      change({ reason: 'extra_column', statements: ['ALTER TABLE t DROP COLUMN c'], runnable: false, cost: { ...cost, class: 'drops_data' } }),
    ];
    expect(planCost(changes)).toBe(
      'MODIFY TTL a — rewrites 3 part(s), 2.0 KiB, 1,200 row(s)\nDROP COLUMN c — drops 3 part(s), 2.0 KiB, 1,200 row(s) [not run]',
    );
    expect(planObject(table, changes).cost).toBe(planCost(changes));
  });
});

describe('stackReport: the verdicts and the JSON keys', () => {
  test('GIVEN a check that found nothing for an object THEN it is in sync; GIVEN no query count THEN the report has no queries key', () => {
    const report = stackReport('dev', [table], { checked: true, url: 'u', byObject: new Map(), notices: [], durationMs: 1 }, new Date(0));
    expect(report.objects).toStrictEqual([planObject(table, [])]);
    expect(Object.keys(report)).toEqual(['stack', 'url', 'checked', 'generatedAt', 'durationMs', 'notices', 'objects']);
  });
});

describe('renderMarkdown at its edges', () => {
  const md = (byObject: Map<string, Change[]>) =>
    renderMarkdown(stackReport('dev', [table], { checked: true, url: 'u', byObject, notices: [], durationMs: 1 }, new Date(0)));

  test('GIVEN a check that could not run and no reason THEN it says the reason is unknown', () => {
    const report = stackReport('dev', [table], { checked: false, url: 'u', notices: [], durationMs: 1 }, new Date(0));
    expect(renderMarkdown(report).split('\n')[2]).toBe(
      "> **Drift was NOT checked**: unknown reason. Nothing is known about this stack's objects; a plan or deploy against an unreachable server fails.",
    );
  });

  test('GIVEN runnable changes only THEN the deploy column counts them and nothing refused', () => {
    const text = md(
      new Map([
        [
          'table:r.t',
          [change({ statements: ['ALTER TABLE t MODIFY TTL a'] }), change({ reason: 'comment_changed', statements: ['ALTER TABLE t MODIFY COMMENT x'] })],
        ],
      ]),
    );
    expect(text).toContain('\n| `table:r.t` | ttl_changed, comment_changed | 2 change(s) to apply |\n');
  });

  test('GIVEN a refused change without a hint THEN its line ends at not run', () => {
    const text = md(new Map([['table:r.t', [change({ reason: 'order_by_changed', detail: 'ORDER BY desired a, live b', runnable: false })]]]));
    expect(text).toContain('\n- `order_by_changed`: ORDER BY desired a, live b — **not run**\n');
  });

  test('GIVEN a | in the reasons THEN it is escaped, so the table keeps its columns', () => {
    const text = md(new Map([['table:r.t', [change({ reason: 'a|b' as ReasonCode, statements: ['ALTER TABLE t MODIFY TTL a'] })]]]));
    expect(text).toContain('\n| `table:r.t` | a\\|b | 1 change(s) to apply |\n');
  });
});
