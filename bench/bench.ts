// npm run bench: cost of the drift check, synth and deploy as the schema grows, on a dedicated
// embedded ClickHouse in a temp dir. Flags: --sizes=6,50,200,1000 --skip-deploy-above=N --runs=5
// Writes bench/results/{results.json,results.md,chart.png}; prints PASS/FAIL per target and exits
// non-zero on a FAIL.
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, LocalBackend } from 'cdktf';
import { connect, Connection, countingQueryFn, QueryFn } from '../sql/live/client';
import { checkDrift } from '../sql/live/drift-check';
import { qualified, quoteIdent } from '../sql/spec/identifiers';
import { renderCreateDatabase, renderCreateTable } from '../sql/render/tables';
import { EmbeddedServer, startEmbeddedServer } from '../server/embedded-server';
import { addBenchStack } from './bench-app';
import { projectRoot } from '../sql/live/connection';
import { writeLogLogChart } from './chart';
import { benchSpecs, benchTables } from './schema';
import { launcherScript, PROVIDER_SOURCE, PROVIDER_TYPE } from '../provider/install';

const ROOT = projectRoot();
const RESULTS = path.join(ROOT, 'bench', 'results');
const CDKTF = path.join(ROOT, 'node_modules', '.bin', 'cdktf');
let BENCH_APP = path.join(ROOT, 'dist', 'bench', 'bench-app.js');

/**
 * A private copy of dist/ (with package.json and a node_modules link) that the deploys run from:
 * the working tree is shared, and a rebuild of dist/ during a long deploy would otherwise swap
 * the apply command under it.
 */
function snapshotProject(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chx-bench-project-'));
  fs.cpSync(path.join(ROOT, 'dist'), path.join(dir, 'dist'), { recursive: true });
  // The provider the seed deploy installs runs from this copy and loads its protocol files beside it.
  fs.cpSync(path.join(ROOT, 'provider', 'protocol', 'proto'), path.join(dir, 'provider', 'protocol', 'proto'), { recursive: true });
  fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(dir, 'package.json'));
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  BENCH_APP = path.join(dir, 'dist', 'bench', 'bench-app.js');
  return dir;
}
/** Terraform's default -parallelism, used for the concurrent variant of the per-resource baseline. */
const TF_PARALLELISM = 10;

interface Args {
  sizes: number[];
  skipDeployAbove?: number;
  runs: number;
}

function parseArgs(argv: string[]): Args {
  // Every size is deployed by default (one apply process per changed object, ~0.3-0.9 s each on
  // 2 CPUs: the 1000-table first deploy takes minutes). --skip-deploy-above=N skips larger ones.
  const args: Args = { sizes: [6, 50, 200, 1000], runs: 5 };
  for (const a of argv) {
    const [k, v] = a.split('=');
    if (k === '--sizes')
      args.sizes = v
        .split(',')
        .map((s) => Number(s.trim()))
        .filter((n) => Number.isInteger(n) && n > 0);
    else if (k === '--skip-deploy-above') args.skipDeployAbove = Number(v);
    else if (k === '--all-deploys') args.skipDeployAbove = undefined;
    else if (k === '--runs') args.runs = Math.max(1, Number(v));
    else throw new Error(`unknown argument ${a}: use --sizes=6,50,200,1000 --skip-deploy-above=N (default: none) --all-deploys --runs=N`);
  }
  return args;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const round = (ms: number) => Math.round(ms * 10) / 10;
const log = (line: string) => process.stdout.write(`${line}\n`);

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}

// ---------------------------------------------------------------------------------------------
// Per-resource baseline: what a provider that reads each resource on its own does on refresh.

async function perResourceRead(query: QueryFn, database: string, tables: readonly string[], concurrency: number): Promise<void> {
  await query('SELECT name, engine, comment FROM system.databases WHERE name = {db:String}', { db: database });
  let next = 0;
  const worker = async () => {
    while (next < tables.length) {
      const t = tables[next++];
      await query(
        'SELECT database, name, engine, partition_key, sorting_key, primary_key, sampling_key, create_table_query, comment, as_select FROM system.tables WHERE database = {db:String} AND name = {t:String}',
        { db: database, t },
      );
      await query(
        'SELECT name, type, default_kind, default_expression, comment, compression_codec FROM system.columns WHERE database = {db:String} AND table = {t:String} ORDER BY position',
        { db: database, t },
      );
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

// ---------------------------------------------------------------------------------------------
// Real cdktf deploys in a scratch project whose app is dist/bench/bench-app.js.

function scratchProject(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chx-bench-'));
  fs.writeFileSync(
    path.join(dir, 'cdktf.json'),
    JSON.stringify({ language: 'typescript', app: `node "${BENCH_APP}"`, terraformProviders: [], terraformModules: [], sendCrashReports: 'false' }),
  );
  return dir;
}

function runCdktf(dir: string, args: string[], env: Record<string, string>, timeoutMs: number): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(
      CDKTF,
      args,
      {
        cwd: dir,
        env: {
          ...process.env,
          CHECKPOINT_DISABLE: '1',
          CDKTF_DISABLE_PLUGIN_CACHE_ENV: '1',
          CI: '1',
          FORCE_COLOR: '0',
          NO_COLOR: '1',
          TF_IN_AUTOMATION: '1',
          CHX_QUIET: '1',
          ...env,
        },
        timeout: timeoutMs,
        maxBuffer: 256 * 1024 * 1024,
      },
      (err, stdout, stderr) => {
        // eslint-disable-next-line no-control-regex
        const output = `${stdout}\n${stderr}`.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '').replace(/\r/g, '');
        resolve({ code: err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as unknown as { code: number }).code : 1) : 0, output });
      },
    );
  });
}

interface DeployRun {
  ms: number;
  ddl?: number;
  ok: boolean;
  summary: string;
}

async function deploy(conn: Connection, dir: string, stack: string, env: Record<string, string>, queryLog: boolean, timeoutMs: number): Promise<DeployRun> {
  const since = await serverNow(conn);
  const t0 = performance.now();
  const r = await runCdktf(dir, ['deploy', stack, '--auto-approve'], { ...env, BENCH_STACK: stack }, timeoutMs);
  const ms = performance.now() - t0;
  const summary = (r.output.match(/Apply complete![^\n]*|No changes\.[^\n]*/) ?? [
    r.code === 0
      ? 'ok'
      : r.output
          .split('\n')
          .filter((l) => /error|fail/i.test(l))
          .slice(0, 5)
          .join(' | '),
  ])[0];
  let ddl: number | undefined;
  if (queryLog) {
    await conn.exec('SYSTEM FLUSH LOGS');
    const [row] = await conn.query<{ n: string }>(
      "SELECT uniqExact(query_id) AS n FROM system.query_log WHERE event_time_microseconds >= {since:DateTime64(6)} AND query_kind IN ('Create', 'Alter', 'Drop') AND is_initial_query",
      { since },
    );
    ddl = Number(row.n);
  }
  if (r.code !== 0) log(`  deploy of ${stack} failed (exit ${r.code}):\n${r.output.split('\n').slice(-30).join('\n')}`);
  return { ms, ddl, ok: r.code === 0, summary };
}

export async function serverNow(conn: Connection): Promise<string> {
  const [row] = await conn.query<{ t: string }>('SELECT toString(now64(6)) AS t');
  return row.t;
}

// ---------------------------------------------------------------------------------------------

// ---------------------------------------------------------------------------------------------
// Terraform driven directly on a synthesized stack (cdktf's own start-up, ~5 s, is measured once
// with the seed stack above): what each deploy and plan costs with the ClickHouse provider.

export function runTerraform(
  dir: string,
  args: string[],
  env: Record<string, string>,
  timeoutMs = 3600000,
): Promise<{ code: number; output: string; ms: number }> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    execFile(
      'terraform',
      [...args, '-no-color'],
      { cwd: dir, env: { ...process.env, CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1', ...env }, timeout: timeoutMs, maxBuffer: 256 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as unknown as { code: number }).code : 1) : 0;
        resolve({ code, output: `${stdout}\n${stderr}`, ms: performance.now() - t0 });
      },
    );
  });
}

/** Synthesizes the n-table stack in-process (state file in `home`) and runs terraform init there. */
export async function prepareStack(home: string, stack: string, database: string, n: number, env: Record<string, string>): Promise<string> {
  const app = new App({ outdir: path.join(home, 'out') });
  const st = addBenchStack(app, stack, database, n);
  new LocalBackend(st, { path: path.join(home, `${stack}.tfstate`) });
  app.synth();
  const dir = path.join(home, 'out', 'stacks', stack);
  const init = await runTerraform(dir, ['init', '-input=false'], env);
  if (init.code !== 0) throw new Error(`terraform init failed in ${dir}:\n${init.output}`);
  return dir;
}

/** Queries of kind `kinds` the server saw since `since` (the bench's own bookkeeping left out). */
async function countQueries(conn: Connection, since: string, kinds: readonly string[]): Promise<number> {
  await conn.exec('SYSTEM FLUSH LOGS');
  const [row] = await conn.query<{ n: string }>(
    'SELECT uniqExact(query_id) AS n FROM system.query_log WHERE event_time_microseconds >= {since:DateTime64(6)} AND is_initial_query AND query_kind IN {kinds:Array(String)} ' +
      "AND query NOT LIKE '%system.query_log%' AND query NOT LIKE '%now64(6)%'",
    { since, kinds },
  );
  return Number(row.n);
}

const DDL = ['Create', 'Alter', 'Drop', 'Rename'];

interface TfRun {
  ms: number;
  ok: boolean;
  /** DDL (deploys) or all queries (plans) the server saw during the run, from system.query_log. */
  queries?: number;
  summary: string;
}

async function terraformStep(
  conn: Connection,
  dir: string,
  args: string[],
  env: Record<string, string>,
  queryLog: boolean,
  kinds: readonly string[],
): Promise<TfRun> {
  const since = await serverNow(conn);
  const r = await runTerraform(dir, args, env);
  const ok = args[0] === 'plan' ? r.code === 0 || r.code === 2 : r.code === 0;
  const summary = (r.output.match(/Apply complete![^\n]*|No changes\.[^\n]*|Plan: [^\n]*/) ?? [
    ok
      ? 'ok'
      : r.output
          .split('\n')
          .filter((l) => /error/i.test(l))
          .slice(0, 5)
          .join(' | '),
  ])[0];
  if (!ok) log(`  terraform ${args[0]} failed (exit ${r.code}):\n${r.output.split('\n').slice(-30).join('\n')}`);
  return { ms: r.ms, ok, summary, ...(queryLog ? { queries: await countQueries(conn, since, kinds) } : {}) };
}

/** The same DDL sent directly, one statement after another, into a fresh database: the floor. */
async function floorMs(conn: Connection, n: number): Promise<number> {
  const database = `floor_${n}`;
  await conn.exec(`DROP DATABASE IF EXISTS ${quoteIdent(database)} SYNC`);
  const t0 = performance.now();
  for (const spec of benchSpecs(database, n)) await conn.exec(spec.kind === 'database' ? renderCreateDatabase(spec) : renderCreateTable(spec as never));
  const ms = performance.now() - t0;
  await conn.exec(`DROP DATABASE IF EXISTS ${quoteIdent(database)} SYNC`);
  return ms;
}

/**
 * Terraform alone: n built-in terraform_data resources holding as many bytes of state each as a
 * table resource does, applied from nothing. Terraform rewrites its whole state after every
 * resource, so this part grows with n times the state size whatever the provider does.
 */
async function terraformOnlyMs(home: string, n: number, bytesPerResource: number): Promise<{ ms: number; bytesPerResource: number }> {
  const dir = fs.mkdtempSync(path.join(home, 'tf-only-'));
  // terraform_data keeps its input twice in state (input and output): half the bytes in each.
  const filler = 'x'.repeat(Math.max(1, Math.round((bytesPerResource - 300) / 2)));
  const config = { resource: { terraform_data: Object.fromEntries(Array.from({ length: n + 1 }, (_, i) => [`r${i}`, { input: `${filler}${i}` }])) } };
  fs.writeFileSync(path.join(dir, 'main.tf.json'), JSON.stringify(config));
  await runTerraform(dir, ['init', '-input=false'], {});
  const r = await runTerraform(dir, ['apply', '-auto-approve', '-input=false'], {});
  if (r.code !== 0) throw new Error(`terraform-only apply failed:\n${r.output}`);
  return { ms: r.ms, bytesPerResource: Math.round(fs.statSync(path.join(dir, 'terraform.tfstate')).size / (n + 1)) };
}

/**
 * A no-change plan of the stack in `dir` through the echo provider (bench/echo-provider.ts: this
 * provider's schema and gRPC server, answering at once), installed by a dev_overrides CLI
 * configuration: what Terraform and the protocol cost for this schema, whatever the provider does.
 */
async function echoPlan(home: string, dir: string, env: Record<string, string>): Promise<TfRun> {
  const pluginDir = fs.mkdtempSync(path.join(home, 'echo-provider-'));
  const entry = path.join(__dirname, 'echo-provider.js');
  fs.writeFileSync(path.join(pluginDir, `terraform-provider-${PROVIDER_TYPE}`), launcherScript(process.execPath, entry), { mode: 0o755 });
  const cli = path.join(pluginDir, 'cli.tfrc');
  fs.writeFileSync(cli, `provider_installation {\n  dev_overrides {\n    "${PROVIDER_SOURCE}" = ${JSON.stringify(pluginDir)}\n  }\n  direct {}\n}\n`);
  const r = await runTerraform(dir, ['plan', '-input=false', '-detailed-exitcode'], { ...env, TF_CLI_CONFIG_FILE: cli });
  const ok = r.code === 0;
  if (!ok) log(`  echo-provider plan failed (exit ${r.code}):\n${r.output.split('\n').slice(-30).join('\n')}`);
  return { ms: r.ms, ok, summary: (r.output.match(/No changes\.[^\n]*|Plan: [^\n]*/) ?? ['?'])[0] };
}

/** Recorded by the previous executor (terraform_data triggers + one apply process per object), 2026-11-24, same machine kind. */
const PREVIOUS_EXECUTOR: Record<number, { initialMs: number; noChangeDeployMs: number; healMs: number }> = {
  6: { initialMs: 3739, noChangeDeployMs: 2647, healMs: 2620 },
  50: { initialMs: 9405, noChangeDeployMs: 2522, healMs: 3566 },
  200: { initialMs: 38629, noChangeDeployMs: 4141, healMs: 7940 },
  1000: { initialMs: 279230, noChangeDeployMs: 8373, healMs: 52213 },
};

// ---------------------------------------------------------------------------------------------

function alterTenPercent(n: number): number[] {
  const k = Math.max(1, Math.round(n / 10));
  return Array.from({ length: k }, (_, j) => Math.floor((j * n) / k) + 1);
}

interface SizeResult {
  tables: number;
  driftCheck: { medianMs: number; runsMs: number[]; queries: number; changesBeforeDeploy: number };
  baselineSequential: { medianMs: number; runsMs: number[]; queries: number };
  baselineParallel: { medianMs: number; runsMs: number[]; queries: number; concurrency: number };
  ratio: { timeVsSequential: number; timeVsParallel: number; queries: number };
  synth: { medianMs: number; runsMs: number[]; skipValidationMs: number };
  deploy?: {
    floorMs: number;
    terraformOnlyMs: number;
    stateBytesPerResource: number;
    initial: TfRun;
    noChangePlan: TfRun;
    /** The same plan through the echo provider: Terraform and the protocol alone. */
    noChangePlanEcho: TfRun;
    noChangeDeploy: TfRun;
    heal: TfRun & { altered: number; driftAfter: number };
    previous?: { initialMs: number; noChangeDeployMs: number; healMs: number };
  };
  skipped: string[];
}

/** An embedded ClickHouse of its own in `tmp`, with system.query_log on (the DDL and query counts read it). */
export async function startBenchServer(tmp: string): Promise<{ server: EmbeddedServer; conn: Connection }> {
  // clickhouse-local keeps no query_log unless configured.
  const configFile = path.join(tmp, 'config.xml');
  fs.writeFileSync(
    configFile,
    '<clickhouse><query_log><database>system</database><table>query_log</table><flush_interval_milliseconds>1000</flush_interval_milliseconds></query_log></clickhouse>\n',
  );
  const server = await startEmbeddedServer({ dataDir: path.join(tmp, 'data'), logFile: path.join(tmp, 'server.log'), configFile });
  return { server, conn: connect({ url: server.url, requestTimeoutMs: 120000 }) };
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const started = new Date();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'chx-bench-server-'));
  log(`bench: starting embedded ClickHouse in ${tmp}`);
  const { server, conn } = await startBenchServer(tmp);
  const env = { CLICKHOUSE_URL: server.url };
  const dirs: string[] = [snapshotProject()];
  const failures: string[] = [];
  const checks: { target: string; pass: boolean; detail: string }[] = [];
  try {
    const [{ v }] = await conn.query<{ v: string }>('SELECT version() AS v');
    await conn.exec('SYSTEM FLUSH LOGS');
    const [{ n: qlog }] = await conn.query<{ n: string }>("SELECT count() AS n FROM system.tables WHERE database = 'system' AND name = 'query_log'");
    const queryLog = Number(qlog) > 0;
    log(`bench: ClickHouse ${v} at ${server.url}; system.query_log ${queryLog ? 'available' : 'NOT available'}`);

    // --- The seed stack: a no-change deploy must send no DDL at all.
    const seedDir = scratchProject();
    dirs.push(seedDir);
    const seedEnv = { ...env, BENCH_MODE: 'seed', BENCH_DATABASE: 'bench_seed' };
    const seedFirst = await deploy(conn, seedDir, 'bench-seed', seedEnv, queryLog, 600000);
    const seedAgain = await deploy(conn, seedDir, 'bench-seed', seedEnv, queryLog, 600000);
    log(
      `seed stack: first deploy ${round(seedFirst.ms)} ms (${seedFirst.summary}, ${seedFirst.ddl ?? '?'} DDL); no-change deploy ${round(seedAgain.ms)} ms (${seedAgain.summary}, ${seedAgain.ddl ?? '?'} DDL)`,
    );
    const seed = { firstDeploy: seedFirst, noChangeDeploy: seedAgain };

    const results: SizeResult[] = [];
    for (const n of args.sizes) {
      const database = `bench_${n}`;
      const stack = `bench-${n}`;
      const specs = benchSpecs(database, n);
      const names = benchTables(database, n).map((t) => t.name);
      const skipped: string[] = [];
      const doDeploy = args.skipDeployAbove === undefined || n <= args.skipDeployAbove;
      log(`\n== ${n} tables (database ${database}) ==`);
      const home = fs.mkdtempSync(path.join(os.tmpdir(), `chx-bench-${n}-`));
      dirs.push(home);

      // Create the schema: by a first real deploy through the provider, or directly by SQL.
      let dir = '';
      let initial: TfRun | undefined;
      let floor = 0;
      if (doDeploy) {
        floor = await floorMs(conn, n);
        log(`  floor (the same ${n + 1} DDL statements sent directly, one after another): ${round(floor)} ms`);
        dir = await prepareStack(home, stack, database, n, env);
        initial = await terraformStep(conn, dir, ['apply', '-auto-approve', '-input=false'], env, queryLog, DDL);
        log(`  initial deploy (creates ${n} tables): ${round(initial.ms)} ms, ${initial.summary}, ${initial.queries ?? '?'} DDL`);
        if (!initial.ok) failures.push(`initial deploy of ${n} tables failed`);
      } else {
        skipped.push(
          `deploys (initial, no-change, heal 10%): ${n} > --skip-deploy-above=${args.skipDeployAbove}; the schema was created directly by SQL for the drift check and synth`,
        );
        for (const s of specs) await conn.exec(s.kind === 'database' ? renderCreateDatabase(s) : renderCreateTable(s as never));
      }

      // Drift check (ours): warm-up, then median.
      const counter = countingQueryFn(conn.query.bind(conn) as QueryFn);
      const warm = await checkDrift(counter, specs);
      const changesBefore = warm.changes.length;
      if (changesBefore)
        log(
          `  !! drift check finds ${changesBefore} changes on a freshly deployed schema: ${warm.changes
            .slice(0, 3)
            .map((c) => `${c.object} ${c.reason}`)
            .join('; ')}`,
        );
      const driftRuns: number[] = [];
      let driftQueries = 0;
      for (let r = 0; r < args.runs; r++) {
        counter.count = 0;
        driftRuns.push((await timed(() => checkDrift(counter, specs))).ms);
        driftQueries = counter.count;
      }
      // Per-resource baseline, sequential and at Terraform's default parallelism.
      const baseRuns = (concurrency: number, runs: number) => async () => {
        const c = countingQueryFn(conn.query.bind(conn) as QueryFn);
        await perResourceRead(c, database, names, concurrency); // warm-up
        const out: number[] = [];
        for (let r = 0; r < runs; r++) {
          c.count = 0;
          out.push((await timed(() => perResourceRead(c, database, names, concurrency))).ms);
        }
        return { runs: out, queries: c.count };
      };
      const seq = await baseRuns(1, Math.min(args.runs, 3))();
      const par = await baseRuns(TF_PARALLELISM, Math.min(args.runs, 3))();
      const driftMs = median(driftRuns);
      log(`  drift check: ${round(driftMs)} ms median of ${args.runs}, ${driftQueries} queries`);
      log(
        `  per-resource baseline: sequential ${round(median(seq.runs))} ms, parallel(${TF_PARALLELISM}) ${round(median(par.runs))} ms, ${seq.queries} queries`,
      );

      // Synth in-process: constructs + drift check + app.synth() into a temp outdir.
      const synthRuns: number[] = [];
      for (let r = 0; r < (n > 200 ? 2 : 3); r++) {
        const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'chx-bench-synth-'));
        synthRuns.push(
          (
            await timed(async () => {
              const app = new App({ outdir });
              addBenchStack(app, stack, database, n);
              app.synth();
            })
          ).ms,
        );
        fs.rmSync(outdir, { recursive: true, force: true });
      }
      // The same once with App({ skipValidation: true }): what validations cost (cdktf's DataResource
      // spawned `terraform version` per resource, 54.6 s at 1000 tables; constructs/terraform-data.ts
      // now checks once per stack).
      const noValOut = fs.mkdtempSync(path.join(os.tmpdir(), 'chx-bench-synth-'));
      const synthNoValidationMs = (
        await timed(async () => {
          const app = new App({ outdir: noValOut, skipValidation: true });
          addBenchStack(app, stack, database, n);
          app.synth();
        })
      ).ms;
      fs.rmSync(noValOut, { recursive: true, force: true });
      log(`  synth: ${round(median(synthRuns))} ms median of ${synthRuns.length}; ${round(synthNoValidationMs)} ms with App({ skipValidation: true })`);

      let deployResult: SizeResult['deploy'];
      if (doDeploy && initial) {
        const noChangePlan = await terraformStep(conn, dir, ['plan', '-input=false', '-detailed-exitcode'], env, queryLog, ['Select']);
        log(`  no-change plan: ${round(noChangePlan.ms)} ms, ${noChangePlan.summary}, ${noChangePlan.queries ?? 'unmeasured'} queries`);
        const noChangePlanEcho = await echoPlan(home, dir, env);
        log(`  no-change plan through the echo provider (Terraform and the protocol alone): ${round(noChangePlanEcho.ms)} ms, ${noChangePlanEcho.summary}`);
        const noChangeDeploy = await terraformStep(conn, dir, ['apply', '-auto-approve', '-input=false'], env, queryLog, DDL);
        log(`  no-change deploy: ${round(noChangeDeploy.ms)} ms, ${noChangeDeploy.summary}, DDL ${noChangeDeploy.queries ?? 'unmeasured'}`);
        const altered = alterTenPercent(n);
        for (const [j, i] of altered.entries()) {
          const t = benchTables(database, n)[i - 1];
          const last = t.columns[t.columns.length - 1];
          await conn.exec(
            j % 2 === 0
              ? `ALTER TABLE ${qualified(database, t.name)} DROP COLUMN ${quoteIdent(last.name)}`
              : `ALTER TABLE ${qualified(database, t.name)} COMMENT COLUMN ${quoteIdent(t.columns[0].name)} 'changed by hand (bench)'`,
          );
        }
        const heal = await terraformStep(conn, dir, ['apply', '-auto-approve', '-input=false'], env, queryLog, DDL);
        const after = await checkDrift(conn.query.bind(conn) as QueryFn, specs);
        log(
          `  deploy healing ${altered.length} altered tables: ${round(heal.ms)} ms, ${heal.summary}, DDL ${heal.queries ?? 'unmeasured'}; drift after: ${after.changes.length}`,
        );
        const stateBytes = fs.statSync(path.join(home, `${stack}.tfstate`)).size;
        const perResource = Math.round(stateBytes / (n + 1));
        const only = await terraformOnlyMs(home, n, perResource);
        const tfOnly = only.ms;
        log(
          `  Terraform alone (${n + 1} terraform_data resources, ${only.bytesPerResource} bytes of state each; the tables' state: ${perResource} bytes each): ${round(tfOnly)} ms`,
        );
        if (!noChangePlan.ok || !noChangePlanEcho.ok || !noChangeDeploy.ok || !heal.ok) failures.push(`plans or deploys of ${n} tables failed`);
        if (after.changes.length) failures.push(`${after.changes.length} changes left after the healing deploy of ${n} tables`);
        deployResult = {
          floorMs: round(floor),
          terraformOnlyMs: round(tfOnly),
          stateBytesPerResource: perResource,
          initial,
          noChangePlan,
          noChangePlanEcho,
          noChangeDeploy,
          heal: { ...heal, altered: altered.length, driftAfter: after.changes.length },
          ...(PREVIOUS_EXECUTOR[n] ? { previous: PREVIOUS_EXECUTOR[n] } : {}),
        };
      }
      results.push({
        tables: n,
        driftCheck: { medianMs: round(driftMs), runsMs: driftRuns.map(round), queries: driftQueries, changesBeforeDeploy: changesBefore },
        baselineSequential: { medianMs: round(median(seq.runs)), runsMs: seq.runs.map(round), queries: seq.queries },
        baselineParallel: { medianMs: round(median(par.runs)), runsMs: par.runs.map(round), queries: par.queries, concurrency: TF_PARALLELISM },
        ratio: { timeVsSequential: driftMs / median(seq.runs), timeVsParallel: driftMs / median(par.runs), queries: driftQueries / seq.queries },
        synth: { medianMs: round(median(synthRuns)), runsMs: synthRuns.map(round), skipValidationMs: round(synthNoValidationMs) },
        ...(deployResult ? { deploy: deployResult } : {}),
        skipped,
      });
      log(
        `  ratio ours/baseline: time ${results[results.length - 1].ratio.timeVsSequential.toFixed(3)} (vs sequential), ${results[results.length - 1].ratio.timeVsParallel.toFixed(3)} (vs parallel ${TF_PARALLELISM}); queries ${results[results.length - 1].ratio.queries.toFixed(4)}`,
      );
    }
    const notRun = [6, 50, 200, 1000].filter((n) => !args.sizes.includes(n));

    // --- Targets.
    const r1000 = results.find((r) => r.tables === 1000);
    if (r1000) checks.push({ target: 'drift check of 1000 tables < 2 s', pass: r1000.driftCheck.medianMs < 2000, detail: `${r1000.driftCheck.medianMs} ms` });
    else checks.push({ target: 'drift check of 1000 tables < 2 s', pass: false, detail: 'not measured (1000 not in --sizes)' });
    const qs = results.map((r) => r.driftCheck.queries);
    checks.push({
      target: 'drift check query count does not grow with the table count',
      pass: qs.length > 1 && qs.every((q) => q === qs[0]),
      detail: results.map((r) => `${r.tables}: ${r.driftCheck.queries}`).join(', '),
    });
    checks.push({
      target: 'no-change deploy of the seed stack sends no DDL',
      pass: seedAgain.ok && seedAgain.ddl === 0,
      detail:
        seedAgain.ddl === undefined
          ? 'system.query_log not available: not measured'
          : `${seedAgain.ddl} Create/Alter/Drop queries in system.query_log during the deploy (${seedAgain.summary})`,
    });
    const r200 = results.find((r) => r.tables === 200);
    if (r200) {
      checks.push({
        target: 'at 200 tables, ours/per-resource baseline <= 1/10 in time (baseline sequential, as read one resource at a time)',
        pass: r200.ratio.timeVsSequential <= 0.1,
        detail: `${r200.driftCheck.medianMs} ms vs ${r200.baselineSequential.medianMs} ms = ${r200.ratio.timeVsSequential.toFixed(3)} (vs parallel ${TF_PARALLELISM}: ${r200.baselineParallel.medianMs} ms = ${r200.ratio.timeVsParallel.toFixed(3)})`,
      });
      checks.push({
        target: 'at 200 tables, ours/per-resource baseline <= 1/10 in query count',
        pass: r200.ratio.queries <= 0.1,
        detail: `${r200.driftCheck.queries} vs ${r200.baselineSequential.queries} = ${r200.ratio.queries.toFixed(4)}`,
      });
    } else checks.push({ target: 'ratio at 200 tables', pass: false, detail: 'not measured (200 not in --sizes)' });
    const d1000 = r1000?.deploy;
    checks.push({
      target: '1000-table initial deploy <= 3x the floor (the same DDL sent directly)',
      pass: d1000 !== undefined && d1000.initial.ms <= 3 * d1000.floorMs,
      detail: d1000
        ? `${s(d1000.initial.ms)} vs floor ${s(d1000.floorMs)} = ${(d1000.initial.ms / d1000.floorMs).toFixed(1)}x; Terraform alone, ${1001} built-in resources with the same ${d1000.stateBytesPerResource} bytes of state each: ${s(d1000.terraformOnlyMs)} (${(d1000.terraformOnlyMs / d1000.floorMs).toFixed(1)}x the floor), so the provider's own share is ${s(Math.max(0, d1000.initial.ms - d1000.terraformOnlyMs))}`
        : 'not measured (1000 not deployed)',
    });
    checks.push({
      target: 'no-change plan of 1000 tables <= 10 s',
      pass: d1000 !== undefined && d1000.noChangePlan.ms <= 10000 && d1000.noChangePlan.ok,
      detail: d1000
        ? `${s(d1000.noChangePlan.ms)} (${d1000.noChangePlan.summary}); the same plan through the echo provider, which answers every call at once: ${s(d1000.noChangePlanEcho.ms)}, so Terraform and the protocol take ${((100 * d1000.noChangePlanEcho.ms) / d1000.noChangePlan.ms).toFixed(0)}% of it and the provider's own work ${s(Math.max(0, d1000.noChangePlan.ms - d1000.noChangePlanEcho.ms))}`
        : 'not measured (1000 not deployed)',
    });
    const planQueries = results.filter((r) => r.deploy?.noChangePlan.queries !== undefined).map((r) => [r.tables, r.deploy!.noChangePlan.queries!] as const);
    checks.push({
      target: 'plan query count constant in the table count',
      pass: planQueries.length > 1 && planQueries.every(([, q]) => q === planQueries[0][1]),
      detail: planQueries.length ? planQueries.map(([t, q]) => `${t}: ${q}`).join(', ') : 'system.query_log not available: not measured',
    });
    const noChangeDdl = results.filter((r) => r.deploy).map((r) => [r.tables, r.deploy!.noChangeDeploy.queries] as const);
    checks.push({
      target: 'a no-change deploy sends no DDL, at every size',
      pass: noChangeDdl.length > 0 && noChangeDdl.every(([, q]) => q === 0),
      detail: noChangeDdl.map(([t, q]) => `${t}: ${q ?? 'unmeasured'}`).join(', '),
    });
    for (const f of failures) checks.push({ target: 'deploys succeed and heal', pass: false, detail: f });

    const machine = {
      date: started.toISOString(),
      nproc: os.cpus().length,
      cpu: os.cpus()[0]?.model ?? '?',
      memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
      node: process.version,
      clickhouse: v,
      platform: `${os.type()} ${os.release()}`,
      queryLog,
    };
    const totalMs = Date.now() - started.getTime();
    const json = { machine, args: { ...args, notRun }, totalMs, seed, results, checks };
    fs.mkdirSync(RESULTS, { recursive: true });
    fs.writeFileSync(path.join(RESULTS, 'results.json'), `${JSON.stringify(json, null, 2)}\n`);
    fs.writeFileSync(path.join(RESULTS, 'results.md'), markdown(json));
    writeChart(results);
    log('');
    for (const c of checks) log(`${c.pass ? 'PASS' : 'FAIL'} ${c.target}: ${c.detail}`);
    log(`\nbench: ${Math.round(totalMs / 1000)} s; results in ${path.relative(process.cwd(), RESULTS) || RESULTS}/`);
    return checks.every((c) => c.pass) ? 0 : 1;
  } finally {
    await conn.close();
    await server.stop();
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

const s = (ms: number | undefined) => (ms === undefined ? '—' : ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`);

function markdown(j: {
  machine: Record<string, unknown>;
  args: Record<string, unknown>;
  totalMs: number;
  seed: { firstDeploy: DeployRun; noChangeDeploy: DeployRun };
  results: SizeResult[];
  checks: { target: string; pass: boolean; detail: string }[];
}): string {
  const m = j.machine;
  const lines = [
    '# Benchmark: drift check, synth and deploy as the schema grows',
    '',
    `Run \`npm run bench\` (flags: \`--sizes=6,50,200,1000 --skip-deploy-above=N --runs=N\`). Date ${m.date}; ${m.nproc} CPUs (${m.cpu}), ${m.memoryGiB} GiB; Node ${m.node}; ClickHouse ${m.clickhouse} (embedded, chdb); ${m.platform}. Total ${Math.round(j.totalMs / 1000)} s.`,
    '',
    "Tables t_0001..t_N cycle through the six seed tables' columns, keys, partitions and TTL. Drift check = `checkDrift` (introspection + server-side canonicalization + diff), median of the runs after a warm-up. Baseline = the per-resource read pattern of other Terraform providers: per table one `system.tables` and one `system.columns` query (plus one for the database), sequential and at Terraform's default parallelism 10; it only reads (no normalization, no diff). Synth = constructs + `app.synth()` in-process into a temp outdir (no server: the provider reads it at plan).",
    '',
    '| tables | drift check | queries | baseline seq | baseline par10 | baseline queries | ours/seq time | ours/par10 time | ours/baseline queries | synth |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...j.results.map(
      (r) =>
        `| ${r.tables} | ${s(r.driftCheck.medianMs)} | ${r.driftCheck.queries} | ${s(r.baselineSequential.medianMs)} | ${s(r.baselineParallel.medianMs)} | ${r.baselineSequential.queries} | ${r.ratio.timeVsSequential.toFixed(3)} | ${r.ratio.timeVsParallel.toFixed(3)} | ${r.ratio.queries.toFixed(4)} | ${s(r.synth.medianMs)} |`,
    ),
    '',
    '## Deploys and plans through the ClickHouse provider',
    '',
    'Terraform run directly on the synthesized stack (`terraform apply` / `plan`), the provider installed by synth; DDL and query counts from `system.query_log`. Floor = the same DDL sent directly with @clickhouse/client, one statement after another. Terraform alone = as many built-in `terraform_data` resources, each holding as many bytes of state as a table resource, applied from nothing: Terraform rewrites its whole state after every resource, so this part grows with n times the state size whatever the provider does. Echo provider = the same no-change plan through a provider with the same schema and gRPC server as the real one that answers every call at once without reading the server (bench/echo-provider.ts, installed by a `dev_overrides` CLI configuration): what Terraform and the protocol cost, whatever a provider does. Previous executor = `terraform_data` triggers with one apply process per object (recorded 2026-11-24, `cdktf deploy`).',
    '',
    '| tables | floor | Terraform alone | initial deploy | no-change plan | same plan, echo provider | no-change deploy | heal 10% | previous executor: initial / no-change / heal |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...j.results
      .filter((r) => r.deploy)
      .map((r) => {
        const d = r.deploy!;
        const prev = d.previous ? `${s(d.previous.initialMs)} / ${s(d.previous.noChangeDeployMs)} / ${s(d.previous.healMs)}` : '—';
        return `| ${r.tables} | ${s(d.floorMs)} | ${s(d.terraformOnlyMs)} | ${s(d.initial.ms)} (${d.initial.queries ?? '?'} DDL) | ${s(d.noChangePlan.ms)} (${d.noChangePlan.queries ?? '?'} queries) | ${d.noChangePlanEcho ? s(d.noChangePlanEcho.ms) : '—'} | ${s(d.noChangeDeploy.ms)} (${d.noChangeDeploy.queries ?? '?'} DDL) | ${s(d.heal.ms)} (${d.heal.altered} tables, ${d.heal.queries ?? '?'} DDL) | ${prev} |`;
      }),
    '',
    `Seed stack through the real \`cdktf deploy\` (MonitoringSchema, as test/e2e/e2e-app.ts; includes cdktf's own start-up and synth): first deploy ${s(j.seed.firstDeploy.ms)} (${j.seed.firstDeploy.ddl ?? '?'} DDL), no-change deploy ${s(j.seed.noChangeDeploy.ms)} with ${j.seed.noChangeDeploy.ddl ?? 'unmeasured'} Create/Alter/Drop queries in \`system.query_log\`.`,
    '',
    "DDL counts are distinct initial queries of kind Create/Alter/Drop/Rename in `system.query_log` during the run; the audit table is created once, by the first apply that needs it. A plan's query count is every query the provider sent.",
    '',
    '## Targets',
    '',
    ...j.checks.map((c) => `- **${c.pass ? 'PASS' : 'FAIL'}** ${c.target}: ${c.detail}`),
    '',
  ];
  const skipped = j.results.flatMap((r) => r.skipped.map((x) => `- ${r.tables} tables: ${x}`));
  const notRun = (j.args.notRun as number[]) ?? [];
  if (skipped.length || notRun.length)
    lines.push('## Skipped', '', ...skipped, ...(notRun.length ? [`- sizes not run (--sizes): ${notRun.join(', ')}`] : []), '');
  lines.push('![time against table count](chart.png)', '');
  return lines.join('\n');
}

export function writeChart(results: SizeResult[]): void {
  const pts = (f: (r: SizeResult) => number | undefined) =>
    results.flatMap((r) => {
      const y = f(r);
      return y === undefined ? [] : [{ x: r.tables, y: y / 1000 }];
    });
  writeLogLogChart(
    path.join(RESULTS, 'chart.png'),
    [
      { label: 'drift check (ours)', color: [214, 39, 40], points: pts((r) => r.driftCheck.medianMs) },
      { label: 'per-table seq', color: [31, 119, 180], points: pts((r) => r.baselineSequential.medianMs), dashed: true },
      { label: 'per-table par10', color: [23, 190, 207], points: pts((r) => r.baselineParallel.medianMs), dashed: true },
      { label: 'synth', color: [44, 160, 44], points: pts((r) => r.synth.medianMs) },
      { label: 'plan, no change', color: [148, 103, 189], points: pts((r) => r.deploy?.noChangePlan.ms) },
      { label: 'deploy, heal 10%', color: [255, 127, 14], points: pts((r) => r.deploy?.heal.ms) },
      { label: 'initial deploy', color: [140, 86, 75], points: pts((r) => r.deploy?.initial.ms) },
      { label: 'Terraform alone', color: [127, 127, 127], points: pts((r) => r.deploy?.terraformOnlyMs), dashed: true },
      { label: 'floor (DDL direct)', color: [0, 0, 0], points: pts((r) => r.deploy?.floorMs), dashed: true },
      { label: 'previous: initial', color: [188, 189, 34], points: pts((r) => r.deploy?.previous?.initialMs), dashed: true },
    ],
    { title: 'time against table count (log-log)', xLabel: 'tables', yLabel: 'seconds', xTicks: results.map((r) => r.tables) },
  );
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (err: Error) => {
      process.stderr.write(`bench failed: ${err.stack ?? err.message}\n`);
      process.exit(2);
    },
  );
}
