// Drift report verdicts and the exit code of `chx validate`, table-driven over real diffs. No server.
import { exitCode, progressLines } from '../../cli/validate';
import { diffObject } from '../../sql/diff';
import { planObject } from '../../sql/report/plan';
import { renderMarkdown, StackCheckResult, stackReport, summarize } from '../../sql/report/report';
import { Change } from '../../sql/spec/changes';
import { DatabaseSpec, objectId, TableSpec } from '../../sql/spec/model';

const db: DatabaseSpec = { kind: 'database', name: 'monitor' };
const table: TableSpec = {
  kind: 'table',
  database: 'monitor',
  name: 't',
  columns: [
    { name: 'id', type: 'String' },
    { name: 'ts', type: 'DateTime' },
  ],
  engine: { name: 'MergeTree', args: [] },
  orderBy: ['id'],
  partitionBy: 'toYYYYMM(ts)',
  ttl: 'ts + toIntervalDay(90)',
};
/** A change deploy runs (TTL changed by hand) and one it refuses (partition key changed). */
const runnable: Change[] = diffObject(table, { ...table, ttl: 'ts + toIntervalDay(30)' });
const blocked: Change[] = diffObject(table, { ...table, partitionBy: undefined });

type Verdict = readonly Change[] | undefined;
interface Row {
  readonly name: string;
  readonly checked: boolean;
  /** Per object (db, table): its changes, or undefined when the check gave no verdict for it. */
  readonly verdicts?: readonly [Verdict, Verdict];
  readonly states: readonly string[];
  readonly summary: ReturnType<typeof summarize>;
  readonly exit: number;
}

const rows: Row[] = [
  {
    name: 'all in sync',
    checked: true,
    verdicts: [[], []],
    states: ['in_sync', 'in_sync'],
    summary: { inSync: 2, drifted: 0, blocked: 0, unchecked: 0 },
    exit: 0,
  },
  {
    name: 'runnable drift',
    checked: true,
    verdicts: [[], runnable],
    states: ['in_sync', 'drift'],
    summary: { inSync: 1, drifted: 1, blocked: 0, unchecked: 0 },
    exit: 2,
  },
  {
    name: 'blocked drift',
    checked: true,
    verdicts: [[], blocked],
    states: ['in_sync', 'drift'],
    summary: { inSync: 1, drifted: 1, blocked: 1, unchecked: 0 },
    exit: 2,
  },
  {
    name: 'runnable and blocked on one object',
    checked: true,
    verdicts: [[], [...runnable, ...blocked]],
    states: ['in_sync', 'drift'],
    summary: { inSync: 1, drifted: 1, blocked: 1, unchecked: 0 },
    exit: 2,
  },
  { name: 'not checked', checked: false, states: ['unchecked', 'unchecked'], summary: { inSync: 0, drifted: 0, blocked: 0, unchecked: 2 }, exit: 1 },
];

function check(row: Row): StackCheckResult {
  const byObject = row.verdicts ? new Map([db, table].map((s, i) => [objectId(s), row.verdicts![i] ?? []] as const)) : undefined;
  return {
    checked: row.checked,
    ...(row.checked ? {} : { reason: 'no server at http://127.0.0.1:1' }),
    url: 'http://127.0.0.1:1',
    ...(byObject ? { byObject } : {}),
    notices: [],
    durationMs: 1,
  };
}

describe.each(rows)('drift report: $name', (row) => {
  // Built inside each test (code run while jest collects belongs to no test, for npm run mutate).
  const report = () => stackReport('dev', [db, table], check(row), new Date(0));
  test('each object has its verdict', () => expect(report().objects.map((o) => o.state)).toEqual(row.states));
  test('the summary counts each verdict once', () => expect(summarize(report())).toEqual(row.summary));
  test(`validate exits ${row.exit}`, () => expect(exitCode(report())).toBe(row.exit));
  test('the Markdown says what was found', () => {
    const md = renderMarkdown(report());
    if (!row.checked) expect(md).toContain('Drift was NOT checked');
    if (row.exit === 0) expect(md).toContain('No drift');
    else expect(md).not.toContain('No drift');
    if (row.summary.blocked) expect(md).toContain('need a decision');
    if (row.summary.unchecked) expect(md).toContain(`${row.summary.unchecked} unchecked`);
  });
});

describe('planObject', () => {
  test.each<[string, Verdict, string, string]>([
    ['no verdict: unchecked, never in sync', undefined, 'unchecked', 'drift not checked'],
    ['no changes: in sync', [], 'in_sync', ''],
    ['changes: drift, with their reasons', runnable, 'drift', 'ttl_changed'],
  ])('%s', (_name, changes, state, reasons) => {
    const p = planObject(table, changes);
    expect(p).toMatchObject({ object: 'table:monitor.t', state, reasons });
  });
  test('drift: the SQL deploy runs, and what it refuses with the hint', () => {
    const p = planObject(table, [...runnable, ...blocked]);
    expect(p.sql).toBe('ALTER TABLE `monitor`.`t` MODIFY TTL ts + toIntervalDay(90);');
    expect(p.blocked).toMatch(/^partition_key_changed: .+ \(.+\)$/);
  });
  test('progress lines name unchecked objects as not checked', () => {
    const report = stackReport('dev', [db, table], { checked: false, url: 'u', notices: [], durationMs: 0 });
    expect(progressLines(report)).toEqual(['[1/2] database:monitor: not checked', '[2/2] table:monitor.t: not checked']);
  });
});

// The Markdown as a person reads it in a pull request, whole: every line is something they act on.
describe('renderMarkdown and the JSON report, exactly', () => {
  const withHost = (changes: readonly Change[], host: string) => changes.map((c) => ({ ...c, host }));
  test('GIVEN runnable and refused drift with a notice and a query count THEN the table, the details and the SQL', () => {
    const byObject = new Map([
      [objectId(db), []],
      [objectId(table), [...runnable, ...withHost(blocked, 'replica-2')]],
    ]);
    const report = stackReport(
      'dev',
      [db, table],
      { checked: true, url: 'http://h:8123', byObject, notices: ['a notice'], queries: 3, durationMs: 12 },
      new Date(0),
    );
    expect(renderMarkdown(report)).toBe(
      [
        '### ClickHouse schema drift: stack `dev`',
        '',
        'Server: `http://h:8123` · 2 objects · 1 in sync · 1 drifted (1 need a decision) · 3 queries in 12 ms',
        '',
        '> a notice',
        '',
        '| object | reasons | deploy |',
        '|---|---|---|',
        '| `table:monitor.t` | ttl_changed, partition_key_changed@replica-2 | 1 change(s) to apply, **1 refused** |',
        '',
        '#### `table:monitor.t`',
        '- `ttl_changed`: TTL desired ts + toIntervalDay(90), live ts + toIntervalDay(30)',
        `- \`partition_key_changed\` on \`replica-2\`: PARTITION BY desired toYYYYMM(ts), live none — **not run**: ${blocked[0].hint}`,
        '',
        '```sql',
        'ALTER TABLE `monitor`.`t` MODIFY TTL ts + toIntervalDay(90);',
        '```',
        '',
      ].join('\n'),
    );
  });
  test('GIVEN only refused drift and no query count THEN no SQL block and no count', () => {
    const byObject = new Map([[objectId(table), blocked]]);
    const md = renderMarkdown(stackReport('dev', [table], { checked: true, url: 'u', byObject, notices: [], durationMs: 1 }, new Date(0)));
    expect(md.split('\n').slice(2, 7)).toEqual([
      'Server: `u` · 1 objects · 0 in sync · 1 drifted (1 need a decision)',
      '',
      '| object | reasons | deploy |',
      '|---|---|---|',
      '| `table:monitor.t` | partition_key_changed | **1 refused** |',
    ]);
    expect(md).not.toContain('```sql');
  });
  test('GIVEN no drift THEN one line says so', () => {
    const byObject = new Map([[objectId(table), []]]);
    expect(renderMarkdown(stackReport('dev', [table], { checked: true, url: 'u', byObject, notices: [], durationMs: 1 }, new Date(0)))).toBe(
      '### ClickHouse schema drift: stack `dev`\n\nServer: `u` · 1 objects · 1 in sync · 0 drifted\n\nNo drift: the server matches the declared schema.\n',
    );
  });
  test('GIVEN a check that could not run THEN the Markdown says nothing is known, and the JSON carries the reason and no query count', () => {
    const report = stackReport('dev', [db], { checked: false, reason: 'no server', url: 'http://h:8123', notices: [], durationMs: 5 }, new Date(0));
    expect(renderMarkdown(report)).toBe(
      '### ClickHouse schema drift: stack `dev`\n\n' +
        "> **Drift was NOT checked**: no server. Nothing is known about this stack's objects; a plan or deploy against an unreachable server fails.\n\n" +
        'Server: `http://h:8123` · 1 objects · 0 in sync · 0 drifted · 1 unchecked\n',
    );
    expect(report).toEqual({
      stack: 'dev',
      url: 'http://h:8123',
      checked: false,
      reason: 'no server',
      generatedAt: '1970-01-01T00:00:00.000Z',
      durationMs: 5,
      notices: [],
      objects: [{ object: 'database:monitor', state: 'unchecked', changes: [], reasons: 'drift not checked', sql: '', blocked: '' }],
    });
    const checked = stackReport('dev', [db], { checked: true, url: 'u', byObject: new Map(), notices: [], queries: 2, durationMs: 1 }, new Date(0));
    expect(Object.keys(checked)).toEqual(['stack', 'url', 'checked', 'generatedAt', 'durationMs', 'queries', 'notices', 'objects']);
  });
});
