#!/usr/bin/env node
// `chx validate [stack]`: the seed's validate_schema.py as a drift check. Exit 0 in sync, 2 on
// drift, 1 on error (like terraform plan -detailed-exitcode). Prints the Markdown drift report
// (fit for a pull request comment); --json prints the JSON report; --out FILE writes it too.
// Progress ("[3/9] table:monitor.services: in sync") goes to stderr; --quiet or CHX_QUIET=1
// keeps only drift and errors (and prints no report when everything is in sync).
// --login-probe checks each declared user's password by logging in (as CHX_LOGIN_PROBE=1).
// Arguments are parsed by cli/chx.ts (commander).
// ("validate" is the seed's name for this drift check; the rules a spec must follow are sql/spec/validate-spec.ts.)
import * as fs from 'fs';
import * as path from 'path';
import { checkStack } from '../sql/live/stack-check';
import { renderMarkdown, StackReport, stackReport, summarize } from '../sql/report/report';
import { isQuiet } from './plain-output';
import { main } from './chx';
import { hasClickHouseProvider, readSynthesizedStack, synthesizeApp, synthesizedStackIds } from './synthesized-stack';

export interface ValidateOptions {
  /** Stack id. @default the app's only stack (an error lists them when there are several) */
  readonly stack?: string;
  /** Print the JSON report instead of Markdown. @default false */
  readonly json?: boolean;
  /** Only drift and errors (CHX_QUIET=1 too). @default false */
  readonly quiet?: boolean;
  /** Check each declared user's password by logging in (CHX_LOGIN_PROBE=1). @default false */
  readonly loginProbe?: boolean;
  /** Also write the report to this file. @default none */
  readonly out?: string;
  /** Read this existing synth output instead of synthesizing the app. @default synthesize into a temporary directory */
  readonly synthDir?: string;
}

/**
 * `chx validate [stack]`: synthesizes the cdktf app of `cwd` (or reads opts.synthDir, an existing
 * synth output) and checks the stack's declared objects against its server.
 */
export async function validate(
  opts: ValidateOptions,
  env: NodeJS.ProcessEnv,
  out: (s: string) => void,
  err: (s: string) => void,
  cwd = process.cwd(),
): Promise<number> {
  if (opts.loginProbe) env = { ...env, CHX_LOGIN_PROBE: '1' };
  if (!opts.synthDir && !fs.existsSync(path.join(cwd, 'cdktf.json'))) {
    err(`validate: no cdktf.json in ${cwd}: run it in a cdktf project, or give --synth-dir`);
    return 1;
  }
  const outdir = opts.synthDir ?? (await synthesizeApp(cwd, { env }));
  try {
    const ids = synthesizedStackIds(outdir).filter((id) => hasClickHouseProvider(outdir, id));
    const stackId = opts.stack ?? (ids.length === 1 ? ids[0] : undefined);
    if (stackId === undefined || !ids.includes(stackId)) {
      err(`validate: ${stackId === undefined ? 'name a stack' : `no ClickHouse stack "${stackId}"`}; stacks: ${ids.join(', ') || 'none'}`);
      return 1;
    }
    const stack = readSynthesizedStack(outdir, stackId);
    const quiet = opts.quiet || isQuiet(env);
    if (!quiet) err(`validate: checking ${stack.specs.length} objects of stack ${stackId}`);
    const check = await checkStack(stack.settings, stack.specs, env, stack.allowDestructive);
    const report = stackReport(stackId, stack.specs, check);
    if (!quiet && check.checked) {
      const s = summarize(report);
      err(
        `[${stackId}] drift check of ${stack.specs.length} objects on ${check.url}: ${s.drifted} drifted, ${s.inSync} in sync (${check.queries} queries, ${check.durationMs} ms)`,
      );
    }
    for (const n of check.notices) if (!quiet) err(`  ! ${n}`);
    for (const line of progressLines(report, quiet)) err(line);
    const text = opts.json ? JSON.stringify({ ...report, summary: summarize(report) }, null, 2) : renderMarkdown(report);
    const code = exitCode(report);
    if (!quiet || code !== 0) out(text);
    if (opts.out) fs.writeFileSync(path.resolve(cwd, opts.out), text);
    if (!report.checked) err(`validate: drift could not be checked: ${report.reason}`);
    return code;
  } finally {
    if (!opts.synthDir) fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/** 0 in sync, 2 drift, 1 not checked (like terraform plan -detailed-exitcode). */
export function exitCode(report: StackReport): number {
  if (!report.checked) return 1;
  return summarize(report).drifted > 0 ? 2 : 0;
}

/** One line per object, "[i/n] object: state"; in quiet mode only the drifted ones. */
export function progressLines(report: StackReport, quiet = false): string[] {
  const n = report.objects.length;
  return report.objects.flatMap((o, i) => {
    if (quiet && o.state !== 'drift') return [];
    const state =
      o.state === 'drift'
        ? `DRIFT: ${o.reasons}${o.changes.some((c) => !c.runnable) ? ' (needs a decision)' : ''}`
        : o.state === 'in_sync'
          ? 'in sync'
          : 'not checked';
    return [`[${i + 1}/${n}] ${o.object}: ${state}`];
  });
}

if (require.main === module) main(['validate']);
