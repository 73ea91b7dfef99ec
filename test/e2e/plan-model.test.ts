// Model-based test of the plan invariant: for every object, the plan proposes a change exactly
// when the drift check finds drift (or could not check); right after a deploy the plan is clean.
// Seeded random sequences of what happens to a deployed schema in real life — a table dropped by
// hand (again and again), a column dropped, a TTL changed, any of those restored by hand, the
// server wiped, the Terraform state deleted, the audit record dropped — interleaved with plans
// and deploys, against the real server, real Terraform and the project's provider. After every
// plan: the set of objects Terraform's saved plan changes (terraform show -json) equals the set
// the drift report (validate --json) calls drifted or unchecked — or every object, while the
// state is lost (Terraform must adopt them again). Deploys apply the saved plan; after each,
// validate exits 0 and the next plan is clean. A failure prints the seed and the step.
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, LocalBackend } from 'cdktf';
import { ClickHouseClient } from '@clickhouse/client';
import { MonitoringStack } from '../../stacks/environment';
import { renderAddColumn, renderCreateTable, renderModifyTtl } from '../../sql/render/tables';
import { objectId, TableSpec } from '../../sql/spec/model';
import { buildProject, NO_TERRAFORM, PROJECT_ROOT, terraformTest } from '../support/cdktf';
import { queryRows, testClient, uniqueName } from '../support/clickhouse';
import { serverInfo } from '../support/server-info';
import { scaled } from '../support/timeouts';

jest.setTimeout(scaled(900_000));

const SEEDS = (process.env.CHX_MODEL_SEEDS ?? '11,23,42').split(',').map(Number);
const STEPS = Number(process.env.CHX_MODEL_STEPS ?? '25');

/** mulberry32: a small seeded PRNG, so a failing sequence can be run again from its seed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(file: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve) => {
    execFile(file, args, { cwd, env, maxBuffer: 256 * 1024 * 1024, timeout: 300_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code as number) : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** A hand change the model can undo. */
type HandChange =
  { kind: 'table_dropped'; table: TableSpec } | { kind: 'column_dropped'; table: TableSpec; column: string } | { kind: 'ttl_changed'; table: TableSpec };

const OPS = ['drop_table', 'drop_column', 'modify_ttl', 'restore', 'wipe_server', 'delete_state', 'drop_audit', 'plan', 'deploy'] as const;
type Op = (typeof OPS)[number];
/** How often each operation is drawn: plans and deploys most, the catastrophes least. */
const WEIGHTS: Record<Op, number> = {
  drop_table: 3,
  drop_column: 3,
  modify_ttl: 3,
  restore: 3,
  wipe_server: 1,
  delete_state: 1,
  drop_audit: 1,
  plan: 6,
  deploy: 4,
};

describe('model: the plan proposes a change exactly when the drift check finds drift', () => {
  let client: ClickHouseClient;
  beforeAll(() => {
    client = testClient();
    if (!NO_TERRAFORM) buildProject();
  });
  afterAll(() => client.close());

  for (const seed of SEEDS) {
    terraformTest(`seed ${seed}: ${STEPS} random steps`, async () => {
      const info = serverInfo();
      const random = rng(seed);
      const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
      const database = uniqueName(`model${seed}`);
      const stackId = 'model';
      const home = fs.mkdtempSync(path.join(os.tmpdir(), 'chx-model-'));
      const outdir = path.join(home, 'out');
      const stateFile = path.join(home, 'terraform.model.tfstate');
      // In-process synth (what `cdktf synth` runs), then Terraform driven directly in the stack directory.
      const app = new App({ outdir });
      // Its own audit table: the model drops it, and other test files read the default one.
      const audit = { database: `${database}_audit`, table: 'revisions' };
      const stack = new MonitoringStack(app, stackId, {
        stack: { connection: { urlEnv: 'CLICKHOUSE_URL' }, revisions: audit },
        schema: { database, access: false },
      });
      new LocalBackend(stack, { path: stateFile });
      app.synth();
      const dir = path.join(outdir, 'stacks', stackId);
      const specs = stack.specs();
      const tables = specs.filter((s): s is TableSpec => s.kind === 'table');
      const env = {
        ...process.env,
        CHECKPOINT_DISABLE: '1',
        TF_IN_AUTOMATION: '1',
        CLICKHOUSE_URL: info.url,
        CLICKHOUSE_USER: info.username,
        CLICKHOUSE_PASSWORD: info.password,
      };
      const tf = (...args: string[]) => run('terraform', [...args, '-no-color'], dir, env);
      const history: string[] = [];
      const fail = (msg: string): never => {
        throw new Error(`seed ${seed}, step ${history.length}: ${msg}\nsteps so far:\n${history.map((h, i) => `  ${i + 1}. ${h}`).join('\n')}`);
      };
      const sql = (q: string) => client.command({ query: q });
      const exists = async (t: string) =>
        Number(
          (
            await queryRows<{ n: string }>(client, 'SELECT count() AS n FROM system.tables WHERE database = {d:String} AND name = {t:String}', {
              d: database,
              t,
            })
          )[0].n,
        ) > 0;
      const columnsOf = async (t: string) =>
        (
          await queryRows<{ name: string }>(client, 'SELECT name FROM system.columns WHERE database = {d:String} AND table = {t:String}', { d: database, t })
        ).map((r) => r.name);

      let outstanding: HandChange[] = [];
      let stateLost = false;
      let planned = false;
      const stats = { plans: 0, deploys: 0, changedObjects: 0, ops: {} as Record<string, number> };

      const driftReport = async (): Promise<{ code: number; drifted: Set<string> }> => {
        const r = await run(
          process.execPath,
          [path.join(PROJECT_ROOT, 'dist', 'cli', 'validate.js'), stackId, '--synth-dir', outdir, '--json', '--quiet'],
          home,
          env,
        );
        if (r.code === 0 && !r.stdout.trim()) return { code: 0, drifted: new Set() };
        const report = JSON.parse(r.stdout) as { objects: { object: string; state: string }[] };
        return { code: r.code, drifted: new Set(report.objects.filter((o) => o.state !== 'in_sync').map((o) => o.object)) };
      };

      /** Objects the saved plan changes, by the object id the resource's attributes name; and the actions. */
      const planChanges = async (): Promise<{ changed: Set<string>; actions: string[] }> => {
        const show = await tf('show', '-json', 'plan.bin');
        if (show.code !== 0) fail(`terraform show failed: ${show.stderr}`);
        const plan = JSON.parse(show.stdout) as {
          resource_changes?: { address: string; change: { actions: string[]; before: { id?: string } | null; after: { id?: string } | null } }[];
        };
        const changed = new Set<string>();
        const actions: string[] = [];
        for (const rc of plan.resource_changes ?? []) {
          if (rc.change.actions.every((a) => a === 'no-op' || a === 'read')) continue;
          const type = rc.address.split('.')[0].replace('clickhouse_', '');
          const id = (rc.change.after?.id ?? rc.change.before?.id) as string | undefined;
          changed.add(`${type}:${id ?? rc.address}`);
          actions.push(`${rc.change.actions.join('+')} ${type}:${id}`);
        }
        return { changed, actions };
      };

      const doPlan = async () => {
        stats.plans++;
        const p = await tf('plan', '-input=false', '-lock=false', '-out=plan.bin');
        if (p.code !== 0) fail(`terraform plan failed:\n${p.stdout}\n${p.stderr}`);
        const { changed, actions } = await planChanges();
        const report = await driftReport();
        const expected = stateLost ? new Set(specs.map(objectId)) : report.drifted;
        const a = [...changed].sort();
        const b = [...expected].sort();
        if (JSON.stringify(a) !== JSON.stringify(b))
          fail(
            `plan changes [${a.join(', ')}] but the drift check says [${b.join(', ')}]${stateLost ? ' (state lost: every object)' : ''}\nactions: ${actions.join('; ')}`,
          );
        // Nothing was removed from the code: no plan may destroy or replace anything.
        const destructive = actions.filter((x) => x.includes('delete'));
        if (destructive.length) fail(`plan destroys: ${destructive.join('; ')}`);
        stats.changedObjects += changed.size;
        planned = true;
        return `plan: ${a.length ? a.join(', ') : 'no changes'}`;
      };

      const doDeploy = async () => {
        stats.deploys++;
        // The saved plan, as a pipeline applies what was reviewed; a fresh one when the server moved since.
        if (!planned) await doPlan();
        const apply = await tf('apply', '-input=false', '-lock=false', 'plan.bin');
        if (apply.code !== 0) fail(`terraform apply of the saved plan failed:\n${apply.stdout}\n${apply.stderr}`);
        planned = false;
        stateLost = false;
        outstanding = [];
        const report = await driftReport();
        if (report.code !== 0) fail(`validate after deploy exits ${report.code}: still drifted ${[...report.drifted].join(', ')}`);
        const again = await tf('plan', '-input=false', '-lock=false', '-detailed-exitcode');
        if (again.code !== 0) fail(`plan right after deploy is not clean (exit ${again.code}):\n${again.stdout}`);
        return 'deploy: applied the saved plan; validate 0; next plan clean';
      };

      const step = async (op: Op): Promise<string> => {
        switch (op) {
          case 'drop_table': {
            const candidates = [];
            for (const t of tables)
              if (!outstanding.some((h) => h.table.name === t.name && h.kind !== 'table_dropped') && (await exists(t.name))) candidates.push(t);
            if (!candidates.length) return 'drop_table: none to drop';
            const t = pick(candidates);
            await sql(`DROP TABLE ${database}.${t.name} SYNC`);
            outstanding = outstanding.filter((h) => h.table.name !== t.name);
            outstanding.push({ kind: 'table_dropped', table: t });
            planned = false;
            return `drop_table ${t.name}`;
          }
          case 'drop_column': {
            const candidates: [TableSpec, string][] = [];
            for (const t of tables) {
              if (t.name === 'service_status' || !(await exists(t.name))) continue; // service_status feeds the view
              const keys = [...t.orderBy, t.partitionBy ?? '', t.ttl ?? ''].join(' ');
              const live = await columnsOf(t.name);
              for (const c of t.columns) if (!keys.includes(c.name) && live.includes(c.name)) candidates.push([t, c.name]);
            }
            if (!candidates.length) return 'drop_column: none to drop';
            const [t, column] = pick(candidates);
            await sql(`ALTER TABLE ${database}.${t.name} DROP COLUMN ${column}`);
            outstanding.push({ kind: 'column_dropped', table: t, column });
            planned = false;
            return `drop_column ${t.name}.${column}`;
          }
          case 'modify_ttl': {
            const candidates = [];
            for (const t of tables) if (t.ttl && (await exists(t.name))) candidates.push(t);
            if (!candidates.length) return 'modify_ttl: no table';
            const t = pick(candidates);
            const days = 1 + Math.floor(random() * 60);
            await sql(`ALTER TABLE ${database}.${t.name} MODIFY TTL ${t.ttl!.replace(/INTERVAL \d+ DAY/, `INTERVAL ${days} DAY`)}`);
            if (!outstanding.some((h) => h.kind === 'ttl_changed' && h.table.name === t.name)) outstanding.push({ kind: 'ttl_changed', table: t });
            planned = false;
            return `modify_ttl ${t.name} to ${days} days`;
          }
          case 'restore': {
            const h = outstanding.length ? pick(outstanding) : undefined;
            if (!h) return 'restore: nothing changed by hand';
            outstanding = outstanding.filter((x) => x !== h);
            planned = false;
            if (h.kind === 'table_dropped') {
              await sql(renderCreateTable(h.table));
              return `restore: recreated ${h.table.name} by hand`;
            }
            if (h.kind === 'column_dropped') {
              const i = h.table.columns.findIndex((c) => c.name === h.column);
              await sql(renderAddColumn(h.table, h.table.columns[i], i === 0 ? undefined : h.table.columns[i - 1].name));
              return `restore: re-added ${h.table.name}.${h.column} by hand`;
            }
            await sql(renderModifyTtl(h.table));
            return `restore: TTL of ${h.table.name} back by hand`;
          }
          case 'wipe_server':
            await sql(`DROP DATABASE IF EXISTS ${database} SYNC`);
            await sql(`DROP DATABASE IF EXISTS ${audit.database} SYNC`);
            outstanding = [];
            planned = false;
            return 'wipe_server: database and audit record dropped';
          case 'delete_state':
            fs.rmSync(stateFile, { force: true });
            stateLost = true;
            planned = false;
            return 'delete_state';
          case 'drop_audit':
            await sql(`DROP DATABASE IF EXISTS ${audit.database} SYNC`);
            return 'drop_audit';
          case 'plan':
            return doPlan();
          case 'deploy':
            return doDeploy();
        }
      };

      try {
        const init = await tf('init', '-input=false');
        if (init.code !== 0) fail(`terraform init failed:\n${init.stdout}\n${init.stderr}`);
        history.push(await doDeploy());
        const bag = OPS.flatMap((op) => Array<Op>(WEIGHTS[op]).fill(op));
        for (let i = 0; i < STEPS; i++) {
          const op = pick(bag);
          stats.ops[op] = (stats.ops[op] ?? 0) + 1;
          history.push(await step(op));
        }
        history.push(await doDeploy());
        console.log(
          `[plan-model] seed ${seed}: ${STEPS} steps (${Object.entries(stats.ops)
            .map(([k, v]) => `${k} ${v}`)
            .join(
              ', ',
            )}); ${stats.plans} plans compared, ${stats.changedObjects} object changes matched the drift check; ${stats.deploys} deploys, each clean after`,
        );
      } finally {
        await sql(`DROP DATABASE IF EXISTS ${database} SYNC`).catch(() => undefined);
        await sql(`DROP DATABASE IF EXISTS ${audit.database} SYNC`).catch(() => undefined);
        fs.rmSync(home, { recursive: true, force: true });
      }
    });
  }
});
