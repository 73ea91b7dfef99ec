// Data safety: with thousands of rows in every table of the seed, a sequence of spec changes
// applied the way deploy applies them (drift check, then the runnable statements) loses no row;
// changes that would lose data are refused unless allowDestructive, and the refusal says what to do.
import { Change } from '../../sql/spec/changes';
import { connect, Connection } from '../../sql/live/client';
import { checkDrift } from '../../sql/live/drift-check';
import { qualified, quoteIdent } from '../../sql/spec/identifiers';
import { DiffOptions, ObjectSpec, objectId, TableSpec } from '../../sql/spec/model';
import { seedDatabase, seedTables, seedView, SEED_SUMMARY_TABLE } from '../../stacks/lightbulb/seed-schema';
import { uniqueName } from '../support/clickhouse';
import { configOf, errorsOf, startProvider } from '../support/provider';
import { resourceTypeOf } from '../../provider/resources';
import { toDynamic } from '../../provider/protocol/dynamic-value';
import { serverInfo } from '../support/server-info';
import { HOOK_TIMEOUT_MS } from '../support/timeouts';

const ROWS = 5000;

function valueFor(col: { name: string; type: string }): string {
  switch (col.type) {
    case 'String':
      return `concat('${col.name}-', toString(number))`;
    case 'DateTime64(3)':
      return 'now64(3)';
    case 'DateTime':
      return 'toStartOfHour(now())';
    case 'UInt8':
      return 'toUInt8(number % 3)';
    case 'UInt64':
      return 'number';
    case 'Nullable(UInt32)':
      return 'toUInt32(number % 1000)';
    case 'Map(String, String)':
      return "map('k', toString(number))";
    case 'Array(String)':
      return "['a', 'b']";
    default:
      return `defaultValueOfTypeName('${col.type}')`;
  }
}

describe('spec changes keep every row; data-losing changes are refused unless allowed', () => {
  const info = serverInfo();
  const database = uniqueName('rel_safety');
  let conn: Connection;
  const figures = { changes: 0, statements: 0, rowsChecked: 0, refusals: 0 };
  let tables: TableSpec[] = seedTables({ database });
  let view = seedView({ database });

  const desired = (): ObjectSpec[] => [seedDatabase({ database }), ...tables, view];

  async function apply(specs: ObjectSpec[], opts: DiffOptions = {}): Promise<{ ran: string[]; refused: Change[]; changes: Change[] }> {
    const result = await checkDrift(conn.query.bind(conn), specs, opts);
    const ran: string[] = [];
    for (const c of result.changes.filter((x) => x.runnable)) {
      for (const s of c.statements) {
        if (ran.includes(s)) continue;
        await conn.exec(s);
        ran.push(s);
      }
    }
    figures.statements += ran.length;
    return { ran, refused: result.changes.filter((c) => !c.runnable), changes: result.changes };
  }

  async function counts(): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const t of tables) {
      const [{ n }] = await conn.query<{ n: string }>(`SELECT count() AS n FROM ${qualified(database, t.name)}`);
      out[t.name] = Number(n);
    }
    return out;
  }

  let baseline: Record<string, number> = {};

  beforeAll(async () => {
    conn = connect({ url: info.url, username: info.username, password: info.password });
    await apply(desired());
    // Every key unique, so SummingMergeTree merges of the hourly table cannot fold rows either.
    for (const t of tables.filter((x) => x.name !== SEED_SUMMARY_TABLE)) {
      const cols = t.columns.map((c) => c.name);
      const values = t.columns.map((c) => valueFor(c));
      await conn.exec(
        `INSERT INTO ${qualified(database, t.name)} (${cols.map((c) => `\`${c}\``).join(', ')}) SELECT ${values.join(', ')} FROM numbers(${ROWS})`,
      );
    }
    const hourly = tables.find((x) => x.name === SEED_SUMMARY_TABLE)!;
    await conn.exec(
      `INSERT INTO ${qualified(database, hourly.name)} (${hourly.columns.map((c) => `\`${c.name}\``).join(', ')}) SELECT concat('h-', toString(number)), toStartOfHour(now()) - INTERVAL 1 HOUR, 1, 1, 0, 0, 10, 1 FROM numbers(${ROWS})`,
    );
    baseline = await counts();
  }, HOOK_TIMEOUT_MS);

  afterAll(async () => {
    await conn.exec(`DROP DATABASE IF EXISTS ${quoteIdent(database)} SYNC`);
    await conn.close();
    console.log(
      `[reliability/data-safety] ${figures.changes} spec changes applied (${figures.statements} statements), ${figures.refusals} data-losing changes refused, ${figures.rowsChecked} row counts checked; rows per table: ${JSON.stringify(baseline)}`,
    );
  });

  test('every table has thousands of rows to lose', () => {
    for (const t of tables) expect(baseline[t.name]).toBeGreaterThanOrEqual(ROWS);
  });

  const steps: { name: string; change: () => void; reasons: string[] }[] = [
    {
      name: 'add columns (services.owner, service_logs.host with a default)',
      change: () => {
        tables = tables.map((t) =>
          t.name === 'services'
            ? { ...t, columns: [...t.columns, { name: 'owner', type: 'String', comment: 'team' }] }
            : t.name === 'service_logs'
              ? { ...t, columns: [...t.columns, { name: 'host', type: 'LowCardinality(String)', defaultKind: 'DEFAULT', defaultExpression: "'unknown'" }] }
              : t,
        );
      },
      reasons: ['missing_column'],
    },
    {
      name: 'change TTL of service_metrics to 30 days',
      change: () => {
        tables = tables.map((t) => (t.name === 'service_metrics' ? { ...t, ttl: 'toDateTime(timestamp) + INTERVAL 30 DAY' } : t));
      },
      reasons: ['ttl_changed'],
    },
    {
      name: 'change comments (table and column)',
      change: () => {
        tables = tables.map((t) =>
          t.name === 'alert_rules'
            ? {
                ...t,
                comment: 'Alert rules, reviewed weekly',
                columns: t.columns.map((c) => (c.name === 'severity' ? { ...c, comment: 'info, warning or critical' } : c)),
              }
            : t,
        );
      },
      reasons: ['comment_changed', 'column_comment_changed'],
    },
    {
      name: 'add a table',
      change: () => {
        tables = [
          ...tables,
          {
            kind: 'table',
            database,
            name: 'service_notes',
            columns: [
              { name: 'service_id', type: 'String' },
              { name: 'note', type: 'String' },
            ],
            engine: { name: 'MergeTree' },
            orderBy: ['service_id'],
          },
        ];
      },
      reasons: ['missing_object'],
    },
    {
      name: "change the view's SELECT",
      change: () => {
        view = { ...view, select: view.select.replace('countIf(status_code = 2) AS failed_checks', 'countIf(status_code >= 2) AS failed_checks') };
      },
      reasons: ['mv_query_changed'],
    },
  ];

  for (const step of steps) {
    test(`${step.name}: applied in place, no row lost, then in sync`, async () => {
      const before = await counts();
      step.change();
      const r = await apply(desired());
      figures.changes++;
      expect(r.refused).toEqual([]);
      expect(r.ran.length).toBeGreaterThan(0);
      for (const reason of step.reasons) expect(r.changes.map((c) => c.reason)).toContain(reason);
      const after = await counts();
      for (const t of Object.keys(before)) expect({ table: t, rows: after[t] }).toEqual({ table: t, rows: before[t] });
      figures.rowsChecked += Object.values(after).reduce((a, b) => a + b, 0);
      const again = await checkDrift(conn.query.bind(conn), desired());
      expect(again.changes).toEqual([]);
      console.log(
        `[reliability/data-safety] ${step.name}: ran ${r.ran.length} statement(s); rows before/after ${JSON.stringify(before)} = ${JSON.stringify(after)}`,
      );
    });
  }

  test('the new view still forwards inserts into the summary table', async () => {
    const before = await counts();
    await conn.exec(
      `INSERT INTO ${qualified(database, 'service_status')} (service_id, timestamp, status_code) SELECT concat('late-', toString(number)), now64(3), 2 FROM numbers(100)`,
    );
    const after = await counts();
    expect(after.service_status).toBe(before.service_status + 100);
    expect(after[SEED_SUMMARY_TABLE]).toBe(before[SEED_SUMMARY_TABLE] + 100);
    baseline = after;
  });

  const destructive: { name: string; spec: () => TableSpec; reason: string; allowedRuns: boolean; hint: RegExp }[] = [
    {
      name: 'drop a column (service_logs.source)',
      spec: () => ({
        ...tables.find((t) => t.name === 'service_logs')!,
        columns: tables.find((t) => t.name === 'service_logs')!.columns.filter((c) => c.name !== 'source'),
      }),
      reason: 'extra_column',
      allowedRuns: true,
      hint: /allow destructive changes/,
    },
    {
      name: 'narrow a type (service_status.response_time_ms UInt32 -> UInt8)',
      spec: () => ({
        ...tables.find((t) => t.name === 'service_status')!,
        columns: tables.find((t) => t.name === 'service_status')!.columns.map((c) => (c.name === 'response_time_ms' ? { ...c, type: 'Nullable(UInt8)' } : c)),
      }),
      reason: 'column_type_changed',
      allowedRuns: true,
      hint: /allow destructive changes|migrate through a new column/,
    },
    {
      name: 'new ORDER BY (services by label)',
      spec: () => ({ ...tables.find((t) => t.name === 'services')!, orderBy: ['label', 'service_id'] }),
      reason: 'order_by_changed',
      allowedRuns: false,
      hint: /\S/,
    },
  ];

  for (const d of destructive) {
    test(`${d.name}: refused by default with what to do; ${d.allowedRuns ? 'runnable' : 'still not runnable (rebuild)'} with allowDestructive`, async () => {
      const before = await counts();
      const spec = d.spec();
      const refused = await apply([spec]);
      const c = refused.changes.find((x) => x.reason === d.reason)!;
      expect(c).toBeDefined();
      expect(c.runnable).toBe(false);
      expect(c.hint).toMatch(d.hint);
      expect(refused.ran).toEqual([]);
      figures.refusals++;
      expect(await counts()).toEqual(before);
      figures.rowsChecked += Object.values(before).reduce((a, b) => a + b, 0);

      // Only checked, never run: allowing it is the user's decision, and the data here is the point.
      const allowed = await checkDrift(conn.query.bind(conn), [spec], { allowDestructive: true });
      const ca = allowed.changes.find((x) => x.reason === d.reason)!;
      expect(ca.runnable).toBe(d.allowedRuns);
      expect(ca.destructive || !ca.inPlace).toBe(true);
      console.log(`[reliability/data-safety] refused ${objectId(spec)} ${c.reason}: ${c.detail} — ${c.hint}`);
    });
  }

  test('the provider refuses a narrowing type change: the plan fails with what to do, apply re-checks and refuses too, no row lost', async () => {
    const before = await counts();
    const spec = destructive[1].spec();
    const provider = await startProvider({ url: info.url, username: info.username, password: info.password, stack: `rel-${database}` });
    try {
      const plan = await provider.plan(spec);
      figures.refusals++;
      expect(plan.planned).toBeUndefined();
      const said = errorsOf(plan);
      expect(said).toContain(`clickhouse_table ${database}.service_status: 1 change(s) refused`);
      expect(said).toContain('column_type_changed');
      expect(said).toContain('allow_destructive');
      // Apply never trusts the plan alone: given a planned state anyway, it reads the server again and refuses.
      const type = resourceTypeOf('table');
      const config = toDynamic(configOf(spec));
      const applied = await provider.provider.applyResourceChange({
        type_name: type.typeName,
        prior_state: toDynamic(null),
        planned_state: config,
        config,
        planned_private: new Uint8Array(),
      });
      expect(applied.diagnostics.map((d) => d.summary).join('\n')).toContain('1 change(s) refused');
      const cols = await conn.query<{ type: string }>(
        "SELECT type FROM system.columns WHERE database = {db:String} AND table = 'service_status' AND name = 'response_time_ms'",
        { db: database },
      );
      expect(cols[0].type).toBe('Nullable(UInt32)');
      expect(await counts()).toEqual(before);
      console.log(`[reliability/data-safety] provider plan refused: ${said.split('\n').slice(0, 3).join(' | ')}`);
    } finally {
      await provider.close();
    }
  });
});
