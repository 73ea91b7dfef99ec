// Drift scenarios through the real provider and real Terraform: a stack (generated as
// main.tf.json from specs, one table or view per scenario, thousands of rows in several monthly
// partitions each) is deployed once; then each group of manual changes (drift-scenarios.ts) is
// made by hand at once, and for each scenario:
// - detected: the refreshed state's `drift` names its reason codes (terraform show -json of the
//   saved plan, or of a refresh-only plan when the plan refuses), or nothing for a change that is
//   not drift;
// - shown: the plan updates (or creates) its resource with the planned_sql that heals it, or
//   fails naming the refused reasons with their hint;
// - healed: apply runs it (or the server is put back by hand after a refusal), and
//   `terraform plan -detailed-exitcode` exits 0;
// - rows kept: counted before and after (and the converted values, where a type changes).
// The console gets `N/M scenarios handled`.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ClickHouseClient } from '@clickhouse/client';
import { installForWorkingDirectory, providerVersion } from '../../provider/install';
import { databaseType } from '../../provider/resources/database';
import { materializedViewType } from '../../provider/resources/materialized-view';
import { tableType } from '../../provider/resources/table';
import { TfObject, TfValue } from '../../provider/protocol/dynamic-value';
import { DatabaseSpec, MaterializedViewSpec, TableSpec } from '../../sql/spec/model';
import { buildProject, execCapture, ExecResult, NO_TERRAFORM, terraformTest } from '../support/cdktf';
import { queryRows, testClient, uniqueName } from '../support/clickhouse';
import { serverInfo } from '../support/server-info';
import { Group, insertRows, Scenario, SCENARIOS, templateTable } from './drift-scenarios';
import { scaled } from '../support/timeouts';

jest.setTimeout(scaled(20 * 60_000));

const ROWS = 4000;
const client: ClickHouseClient = testClient();
const db = uniqueName('drift_sc');
const db2 = `${db}_b`;
let dir = '';

/** Problems per scenario key; a scenario with none is handled. */
const problems = new Map<string, string[]>(SCENARIOS.map((s) => [s.key, []]));
const timings: string[] = [];
const fail = (s: Scenario, problem: string) => problems.get(s.key)!.push(problem);
const check = (s: Scenario, ok: boolean, problem: string) => (ok ? undefined : fail(s, problem));

// ---- the stack --------------------------------------------------------------------------

const tableOf = (s: Scenario): TableSpec => (s.table ?? ((t: TableSpec) => t))(templateTable(db, s.key));
const viewOf = (s: Scenario): MaterializedViewSpec => ({
  kind: 'materialized_view',
  database: db,
  name: s.key,
  to: { database: db, name: `${s.key}_t` },
  select: `SELECT id, val AS n FROM ${db}.events`,
});
const viewTarget = (s: Scenario): TableSpec => ({
  kind: 'table',
  database: db,
  name: `${s.key}_t`,
  columns: [
    { name: 'id', type: 'UInt64' },
    { name: 'n', type: 'UInt32' },
  ],
  engine: { name: 'MergeTree' },
  orderBy: ['id'],
});
const owns = (s: Scenario) => s.address === undefined;
const addressOf = (s: Scenario) => s.address ?? `${s.view ? 'clickhouse_materialized_view' : 'clickhouse_table'}.${s.key}`;
/** The table whose rows the scenario counts: its own, or its view's target. */
const countedTable = (s: Scenario) => (s.view ? `${db}.${s.key}_t` : `${db}.${s.key}`);

function withoutNulls(v: TfValue): TfValue {
  if (Array.isArray(v)) return v.map(withoutNulls);
  if (v !== null && typeof v === 'object')
    return Object.fromEntries(
      Object.entries(v)
        .filter(([, x]) => x !== null)
        .map(([k, x]) => [k, withoutNulls(x)]),
    );
  return v;
}

function stackJson(): object {
  const databases: Record<string, TfObject> = {
    main: withoutNulls(databaseType.fromSpec({ kind: 'database', name: db })) as TfObject,
    second: withoutNulls(databaseType.fromSpec({ kind: 'database', name: db2, comment: 'second' } as DatabaseSpec)) as TfObject,
  };
  const tables: Record<string, TfObject> = {};
  const views: Record<string, TfObject> = {};
  const table = (name: string, spec: TableSpec, extra: TfObject = {}) =>
    (tables[name] = { ...(withoutNulls(tableType.fromSpec(spec)) as TfObject), ...extra, depends_on: ['clickhouse_database.main'] } as TfObject);
  table('events', templateTable(db, 'events'));
  for (const s of SCENARIOS.filter(owns)) {
    const destructive: TfObject = s.allowDestructive ? { allow_destructive: true } : {};
    if (s.view) {
      table(`${s.key}_t`, viewTarget(s));
      views[s.key] = {
        ...(withoutNulls(materializedViewType.fromSpec(viewOf(s))) as TfObject),
        ...destructive,
        depends_on: ['clickhouse_table.events', `clickhouse_table.${s.key}_t`],
      } as TfObject;
    } else table(s.key, tableOf(s), destructive);
  }
  return {
    terraform: { required_providers: { clickhouse: { source: 'terraform.local/chx/clickhouse', version: providerVersion() } } },
    // The server and its credentials come from CLICKHOUSE_URL/USER/PASSWORD in the environment, never from this file.
    provider: { clickhouse: { stack: 'drift-scenarios' } },
    resource: { clickhouse_database: databases, clickhouse_table: tables, clickhouse_materialized_view: views },
  };
}

// ---- terraform --------------------------------------------------------------------------

function terraform(...args: string[]): Promise<ExecResult> {
  const info = serverInfo();
  // -input=false where the command takes it (show does not).
  const flags = ['init', 'plan', 'apply'].includes(args[0]) ? ['-no-color', '-input=false'] : ['-no-color'];
  return execCapture('terraform', [args[0], ...flags, ...args.slice(1)], {
    cwd: dir,
    env: {
      ...process.env,
      CHECKPOINT_DISABLE: '1',
      TF_CLI_CONFIG_FILE: '/dev/null',
      TF_IN_AUTOMATION: '1',
      CLICKHOUSE_URL: info.url,
      CLICKHOUSE_USER: info.username,
      CLICKHOUSE_PASSWORD: info.password,
    },
    timeoutMs: 10 * 60_000,
  });
}

async function timed<T>(what: string, f: () => Promise<T>): Promise<T> {
  const t0 = Date.now();
  try {
    return await f();
  } finally {
    timings.push(`${what} ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
}

interface PlanJson {
  prior_state?: { values?: { root_module?: { resources?: { address: string; values: TfObject }[] } } };
  resource_changes?: { address: string; change: { actions: string[]; after: TfObject | null } }[];
}

async function savedPlan(file: string, ...flags: string[]): Promise<{ code: number; json: PlanJson; output: string }> {
  const plan = await terraform('plan', '-detailed-exitcode', `-out=${file}`, ...flags);
  if (plan.code === 1) return { code: 1, json: {}, output: plan.stdout + plan.stderr };
  const show = await terraform('show', '-json', file);
  if (show.code !== 0) throw new Error(`terraform show -json ${file} failed: ${show.stderr}`);
  return { code: plan.code, json: JSON.parse(show.stdout) as PlanJson, output: plan.stdout + plan.stderr };
}

/** The refreshed state's resources by address. */
const refreshed = (p: PlanJson) => new Map((p.prior_state?.values?.root_module?.resources ?? []).map((r) => [r.address, r.values]));
const changesOf = (p: PlanJson) => new Map((p.resource_changes ?? []).filter((c) => !c.change.actions.includes('no-op')).map((c) => [c.address, c.change]));
const reasonsOf = (drift: TfValue | undefined) => (typeof drift === 'string' && drift ? drift.split(', ').sort() : []);

// ---- the server -------------------------------------------------------------------------

const sqlOf = (s: Scenario, statements: readonly string[]) =>
  statements.map((q) =>
    q
      .replace(/\{t\}/g, `${db}.${s.key}`)
      .replace(/\{db2\}/g, db2)
      .replace(/\{db\}/g, db),
  );

async function runByHand(s: Scenario, statements: readonly string[]): Promise<void> {
  for (const query of sqlOf(s, statements)) {
    try {
      await client.command({ query });
    } catch (err) {
      fail(s, `manual statement failed: ${query}: ${(err as Error).message.split('\n')[0]}`);
      return;
    }
  }
}

interface Measure {
  rows: number;
  checksum?: string;
}

async function measure(s: Scenario): Promise<Measure> {
  const expr = s.checksum ? `, toString(${s.checksum}) AS checksum` : '';
  try {
    const [row] = await queryRows<{ n: string; checksum?: string }>(client, `SELECT count() AS n${expr} FROM ${countedTable(s)}`);
    return { rows: Number(row.n), ...(row.checksum !== undefined ? { checksum: row.checksum } : {}) };
  } catch (err) {
    return { rows: -1, checksum: (err as Error).message.split('\n')[0] };
  }
}

async function eachScenario(list: readonly Scenario[], f: (s: Scenario) => Promise<void>): Promise<void> {
  for (let i = 0; i < list.length; i += 8) await Promise.all(list.slice(i, i + 8).map(f));
}

// ---- the suite --------------------------------------------------------------------------

const before = new Map<string, Measure>();
const of = (group: Group) => SCENARIOS.filter((s) => s.group === group);

beforeAll(async () => {
  if (NO_TERRAFORM) return;
  buildProject();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chx-drift-'));
  installForWorkingDirectory(dir);
  fs.writeFileSync(path.join(dir, 'main.tf.json'), JSON.stringify(stackJson(), null, 2));
  const init = await timed('terraform init', () => terraform('init'));
  if (init.code !== 0) throw new Error(`terraform init failed:\n${init.stdout}${init.stderr}`);
});

afterAll(async () => {
  const handled = SCENARIOS.filter((s) => problems.get(s.key)!.length === 0).length;
  const lines = SCENARIOS.map((s) => {
    const p = problems.get(s.key)!;
    return `  ${p.length ? 'FAILED ' : 'ok     '} ${s.key} [${s.group}] ${s.name}${p.length ? `\n           - ${p.join('\n           - ')}` : ''}`;
  });
  if (!NO_TERRAFORM)
    console.log(
      `drift scenarios: ${handled}/${SCENARIOS.length} scenarios handled ` +
        `(${of('heal').length} healed, ${of('refuse').length} refused with a hint, ${of('same').length} not drift)\n` +
        `${lines.join('\n')}\n  timings: ${timings.join(', ')}`,
    );
  await client.command({ query: `DROP DATABASE IF EXISTS ${db} SYNC` });
  await client.command({ query: `DROP DATABASE IF EXISTS ${db2} SYNC` });
  await client.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('drift scenarios through the provider and Terraform', () => {
  terraformTest('GIVEN the stack deployed and filled with rows THEN a plan is clean', async () => {
    const apply = await timed('deploy', () => terraform('apply', '-auto-approve'));
    expect(apply.stderr).toBe('');
    expect(apply.code).toBe(0);
    const sources = [`${db}.events`, ...SCENARIOS.filter((s) => owns(s) && !s.view).map((s) => `${db}.${s.key}`)];
    await timed('rows', async () => {
      for (let i = 0; i < sources.length; i += 8) await Promise.all(sources.slice(i, i + 8).map((t) => client.command({ query: insertRows(t, ROWS) })));
    });
    const [{ parts }] = await queryRows<{ parts: string }>(
      client,
      `SELECT uniqExact(partition) AS parts FROM system.parts WHERE database = {db:String} AND table = 'events' AND active`,
      {
        db,
      },
    );
    expect(Number(parts)).toBeGreaterThanOrEqual(4);
    const plan = await timed('plan', () => terraform('plan', '-detailed-exitcode'));
    expect({ code: plan.code, err: plan.stderr }).toEqual({ code: 0, err: '' });
  });

  terraformTest('GIVEN manual changes that are drift with a safe fix THEN each is detected, planned with its SQL, healed by apply, rows kept', async () => {
    const list = of('heal');
    await eachScenario(list, async (s) => {
      if (owns(s)) before.set(s.key, await measure(s));
      await runByHand(s, s.byHand);
    });
    const plan = await timed('heal plan', () => savedPlan('heal.tfplan'));
    expect({ code: plan.code, output: plan.code === 1 ? plan.output : '' }).toEqual({ code: 2, output: '' });
    const state = refreshed(plan.json);
    const changes = changesOf(plan.json);
    for (const s of list) {
      const address = addressOf(s);
      const change = changes.get(address);
      if (s.create) {
        check(s, !state.has(address), `${address} should have left the refreshed state (it is gone from the server)`);
        check(s, change?.actions.join() === 'create', `plan should create ${address}, got ${change?.actions.join() ?? 'nothing'}`);
      } else {
        const drift = reasonsOf(state.get(address)?.drift);
        check(
          s,
          drift.join() === [...s.reasons!].sort().join(),
          `refreshed drift ${JSON.stringify(drift)}, expected ${JSON.stringify([...s.reasons!].sort())}`,
        );
        check(s, change?.actions.join() === 'update', `plan should update ${address} in place, got ${change?.actions.join() ?? 'nothing'}`);
      }
      const sql = String(change?.after?.planned_sql ?? '');
      check(s, s.sql!.test(sql), `planned_sql ${JSON.stringify(sql)} does not match ${s.sql}`);
    }
    const apply = await timed('heal apply', () => terraform('apply', '-auto-approve', 'heal.tfplan'));
    expect({ code: apply.code, err: apply.stderr }).toEqual({ code: 0, err: '' });
    await afterwards(list, 'heal');
  });

  terraformTest(
    'GIVEN manual changes that deploy must not undo on its own THEN each is detected, the plan refuses it with a hint, and once restored by hand the plan is clean, rows kept',
    async () => {
      const list = of('refuse');
      await eachScenario(list, async (s) => {
        before.set(s.key, await measure(s));
        await runByHand(s, s.byHand);
      });
      const refresh = await timed('refresh-only plan', () => savedPlan('refresh.tfplan', '-refresh-only'));
      const state = refreshed(refresh.json);
      const plan = await timed('refused plan', () => terraform('plan', '-json'));
      expect(plan.code).toBe(1);
      const diagnostics = plan.stdout
        .split('\n')
        .filter((l) => l.includes('"type":"diagnostic"'))
        .map((l) => (JSON.parse(l) as { diagnostic: { severity: string; summary: string; detail: string; address?: string } }).diagnostic);
      for (const s of list) {
        const address = addressOf(s);
        const drift = reasonsOf(state.get(address)?.drift);
        check(
          s,
          drift.join() === [...s.reasons!].sort().join(),
          `refreshed drift ${JSON.stringify(drift)}, expected ${JSON.stringify([...s.reasons!].sort())}`,
        );
        const refusal = diagnostics.find((d) => d.severity === 'error' && d.address === address);
        check(s, refusal !== undefined && /change\(s\) refused/.test(refusal.summary), `no refusal for ${address} in the plan`);
        if (refusal) {
          check(s, s.hint!.test(refusal.detail), `refusal does not say ${s.hint}: ${refusal.detail}`);
          for (const r of s.refused ?? s.reasons!) check(s, refusal.detail.includes(`- ${r}:`), `refusal does not name ${r}`);
        }
      }
      const others = diagnostics.filter((d) => d.severity === 'error' && !list.some((s) => addressOf(s) === d.address));
      expect(others).toEqual([]);
      await eachScenario(list, (s) => runByHand(s, s.restore!(tableOf(s))));
      await afterwards(list, 'restore');
    },
  );

  terraformTest(
    'GIVEN manual changes that are not drift (printing, defaults, round trips, opt-outs) THEN nothing is detected and the plan is clean, rows kept',
    async () => {
      const list = of('same');
      await eachScenario(list, async (s) => {
        if (owns(s)) before.set(s.key, await measure(s));
        await runByHand(s, s.byHand);
      });
      const plan = await timed('not-drift plan', () => savedPlan('same.tfplan'));
      const state = refreshed(plan.json);
      const changes = changesOf(plan.json);
      for (const s of list) {
        const address = addressOf(s);
        check(s, plan.code !== 1, `plan failed: ${plan.output.slice(0, 400)}`);
        check(s, reasonsOf(state.get(address)?.drift).length === 0, `detected as drift: ${String(state.get(address)?.drift)}`);
        check(s, !changes.has(address), `the plan changes ${address}: ${JSON.stringify(changes.get(address)?.after?.planned_sql)}`);
        if (owns(s)) {
          const after = await measure(s);
          check(s, after.rows === before.get(s.key)!.rows, `rows ${before.get(s.key)!.rows} -> ${after.rows}`);
        }
      }
      expect(plan.code).toBe(0);
    },
  );

  terraformTest(
    'GIVEN a comment set by hand and then ignore_undeclared = ["comment"] in config THEN the plan records the rule without SQL, and the next plan is clean',
    async () => {
      const table = `${db}.h28`;
      await client.command({ query: `ALTER TABLE ${table} MODIFY COMMENT 'kept by hand'` });
      const stack = JSON.parse(fs.readFileSync(path.join(dir, 'main.tf.json'), 'utf8'));
      stack.resource.clickhouse_table.h28.ignore_undeclared = ['comment'];
      fs.writeFileSync(path.join(dir, 'main.tf.json'), JSON.stringify(stack, null, 2));
      const plan = await timed('rule plan', () => savedPlan('rule.tfplan'));
      expect(plan.code).toBe(2);
      const change = changesOf(plan.json).get('clickhouse_table.h28');
      expect(change?.actions).toEqual(['update']);
      expect(change?.after).toMatchObject({ ignore_undeclared: ['comment'], planned_sql: '', drift: '' });
      const apply = await timed('rule apply', () => terraform('apply', '-auto-approve', 'rule.tfplan'));
      expect({ code: apply.code, err: apply.stderr }).toEqual({ code: 0, err: '' });
      expect((await terraform('plan', '-detailed-exitcode')).code).toBe(0);
      const [{ comment }] = await queryRows<{ comment: string }>(client, `SELECT comment FROM system.tables WHERE database = {db:String} AND name = 'h28'`, {
        db,
      });
      expect(comment).toBe('kept by hand');
    },
  );

  terraformTest('every scenario is handled', () => {
    const failed = [...problems].filter(([, p]) => p.length > 0).map(([k, p]) => `${k}: ${p.join('; ')}`);
    expect(failed).toEqual([]);
    expect(of('heal').length + of('refuse').length).toBeGreaterThanOrEqual(40);
    expect(of('same').length).toBeGreaterThanOrEqual(8);
    return Promise.resolve();
  });
});

/** After apply or restore: the plan is clean (naming what is not), and every scenario kept its rows and values. */
async function afterwards(list: readonly Scenario[], what: string): Promise<void> {
  const clean = await timed(`plan after ${what}`, () => savedPlan(`${what}-after.tfplan`));
  const changes = changesOf(clean.json);
  for (const s of list) {
    check(s, clean.code !== 1, `plan after ${what} failed: ${clean.output.slice(0, 400)}`);
    const c = changes.get(addressOf(s));
    check(s, c === undefined, `plan after ${what} still ${c?.actions.join()}s ${addressOf(s)}: ${JSON.stringify(c?.after?.planned_sql)}`);
    if (!owns(s)) continue;
    const was = before.get(s.key)!;
    const now = await measure(s);
    if (s.rowsLostByHand) check(s, now.rows === 0, `recreated table should be empty, has ${now.rows} rows`);
    else check(s, now.rows === was.rows && now.checksum === was.checksum, `rows/values ${JSON.stringify(was)} -> ${JSON.stringify(now)}`);
  }
  expect({ code: clean.code, output: clean.code === 0 ? '' : clean.output.slice(0, 2000) }).toEqual({ code: 0, output: '' });
}
