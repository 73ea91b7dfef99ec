// Synth with a drift check: for each ClickHouse stack, read the live server (a constant number
// of queries), diff, and give every object triggers that show its drift and pending SQL.
// Without a reachable server, synth says so loudly and still produces a deployable plan.
import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdktf';
import { IConstruct } from 'constructs';
import { ClickHouseStack } from './clickhouse-stack';
import { connectWith } from '../sql/live/connection';
import { checkDrift, blockAccessChanges } from '../sql/live/drift-check';
import { readRevisions } from '../sql/live/revisions';
import { loginProbeEnabled, loginProbeFrom } from '../sql/live/login-probe';
import { renderMarkdown, StackReport, summarize } from '../sql/report/report';
import { validationFailed } from '../sql/spec/errors';

export function clickhouseStacks(app: IConstruct): ClickHouseStack[] {
  return app.node.findAll().filter((c): c is ClickHouseStack => c instanceof ClickHouseStack);
}

/** Options of the synth-time drift check of stacks; the check's own options (per object) are DriftCheckOptions of sql/live/drift-check.ts. */
export interface StackDriftCheckOptions {
  readonly env?: NodeJS.ProcessEnv;
  /** Where progress and warnings go. @default stderr */
  readonly log?: (line: string) => void;
  /** Only these stacks (by id); others are marked unchecked. @default all, or CHX_STACKS (comma separated) */
  readonly stacks?: readonly string[];
}

export async function checkStackDrift(stack: ClickHouseStack, opts: StackDriftCheckOptions = {}): Promise<void> {
  const env = opts.env ?? process.env;
  const log = opts.log ?? ((l: string) => process.stderr.write(`${l}\n`));
  const configured = stack.resolvedUrl(env);
  const url = configured ?? '(none)';
  const t0 = Date.now();
  const unchecked = (reason: string, loud = true) => {
    stack.setDriftResult(undefined, new Map(), { checked: false, reason, url, durationMs: Date.now() - t0, notices: [] });
    if (loud)
      log(
        `\n!!! [${stack.node.id}] DRIFT NOT CHECKED: ${reason}.\n!!! The plan shows every object of stack ${stack.node.id} as to be applied; deploy re-checks each against the server.\n`,
      );
    else log(`[${stack.node.id}] drift not checked: ${reason}`);
  };
  if (!configured) return unchecked(`no server configured for this stack (set ${stack.settings.urlEnv})`, false);
  if (stack.props.checkDrift === false) return unchecked('checkDrift is off for this stack');
  const only = opts.stacks ?? (env.CHX_STACKS ? env.CHX_STACKS.split(',').map((s) => s.trim()) : undefined);
  if (only && !only.includes(stack.node.id)) return unchecked(`stack not selected (CHX_STACKS=${only.join(',')})`, false);
  const s = stack.settings;
  const conn = connectWith(s, env, { requestTimeoutMs: s.requestTimeoutMs, attempts: 2, backoffMs: 200 });
  try {
    if (!(await conn.ping())) return unchecked(`ClickHouse at ${conn.host} is not reachable`);
    const specs = stack.specs();
    const notices: string[] = [];
    const revisions = await readRevisions(conn.query.bind(conn), s.stack, s.revisions);
    const loginProbe = loginProbeEnabled(s.loginProbe, env) ? loginProbeFrom(configured, env) : undefined;
    const result = await checkDrift(conn.query.bind(conn), specs, {
      cluster: s.cluster,
      accessOnCluster: s.accessOnCluster,
      allowDestructive: s.allowDestructive,
      revisions,
      loginProbe,
    });
    const byObject = new Map(result.byObject);
    notices.push(...(result.notices ?? []));
    const blocked = await blockAccessChanges(conn.query.bind(conn), byObject, specs, { cluster: s.cluster, accessOnCluster: s.accessOnCluster }, conn.host);
    if (blocked !== undefined) notices.push(blocked);
    const recorded = new Map([...revisions].map(([k, v]) => [k, v.triggers]));
    stack.setDriftResult(byObject, recorded, { checked: true, url, durationMs: Date.now() - t0, queries: conn.stats.queries, notices });
    const out = stack.driftOutcome!;
    const drifted = out.plans.filter((p) => p.state === 'drift');
    log(
      `[${stack.node.id}] drift check of ${specs.length} objects on ${conn.host}: ${drifted.length} drifted, ${out.plans.length - drifted.length} in sync (${conn.stats.queries} queries, ${out.durationMs} ms)`,
    );
    for (const p of drifted) log(`  ~ ${p.object}: ${p.triggers.reasons}`);
    for (const n of notices) log(`  ! ${n}`);
  } catch (err) {
    unchecked(`the drift check failed: ${(err as Error).message}`);
  } finally {
    await conn.close();
  }
}

export function stackReport(stack: ClickHouseStack): StackReport {
  const o = stack.driftOutcome;
  const plans = o?.plans ?? stack.clickhouseObjects.map((x) => stack.planFor(x));
  return {
    stack: stack.node.id,
    url: o?.url ?? stack.resolvedUrl() ?? '(none)',
    checked: o?.checked ?? false,
    reason: o?.reason ?? (o ? undefined : 'no drift check ran'),
    generatedAt: new Date().toISOString(),
    durationMs: o?.durationMs ?? 0,
    queries: o?.queries,
    notices: o?.notices ?? [],
    objects: plans,
  };
}

/** Writes drift-report.json and drift-report.md next to each synthesized stack. */
export function writeDriftReports(app: App): string[] {
  const written: string[] = [];
  for (const stack of clickhouseStacks(app)) {
    const dir = path.join(app.outdir, 'stacks', stack.node.id);
    fs.mkdirSync(dir, { recursive: true });
    const report = stackReport(stack);
    fs.writeFileSync(path.join(dir, 'drift-report.json'), JSON.stringify({ ...report, summary: summarize(report) }, null, 2));
    fs.writeFileSync(path.join(dir, 'drift-report.md'), renderMarkdown(report));
    written.push(path.join(dir, 'drift-report.md'));
  }
  return written;
}

/** Drift check of every ClickHouse stack, synth, drift reports. What main.ts runs. */
export async function synthWithDriftCheck(app: App, opts: StackDriftCheckOptions = {}): Promise<void> {
  // A bad spec fails before anything, even a read, reaches a server.
  const errors = clickhouseStacks(app).flatMap((s) => s.node.validate());
  if (errors.length) throw validationFailed(errors);
  for (const stack of clickhouseStacks(app)) await checkStackDrift(stack, opts);
  app.synth();
  writeDriftReports(app);
}
