#!/usr/bin/env node
// `validate <stack>`: the seed's validate_schema.py as a drift check. Exit 0 in sync, 2 on
// drift, 1 on error (like terraform plan -detailed-exitcode). Prints the Markdown drift report
// (fit for a pull request comment); --json prints the JSON report; --out FILE writes it too.
// Progress ("[3/9] table:monitor.services: in sync") goes to stderr; --quiet or CHX_QUIET=1
// keeps only drift and errors (and prints no report when everything is in sync).
// --login-probe checks each declared user's password by logging in (as CHX_LOGIN_PROBE=1).
// ("validate" is the seed's name for this drift check; the rules a spec must follow are sql/spec/validate-spec.ts.)
import * as fs from 'fs';
import { checkStack } from '../sql/live/stack-check';
import { renderMarkdown, StackReport, stackReport, summarize } from '../sql/report/report';
import { isQuiet } from './plain-output';
import { runCommand, stderrLine, stdoutLine } from './run';
import { readSynthesizedStack, synthesizeApp, synthesizedStackIds } from './synthesized-stack';

/**
 * `validate <stack> [--json] [--quiet] [--login-probe] [--out FILE] [--synth-dir DIR]`: synthesizes
 * the cdktf app of the current directory (or reads DIR, an existing synth output) and checks the
 * stack's declared objects against its server.
 */
export async function validate(
  argv: string[],
  env: NodeJS.ProcessEnv,
  out: (s: string) => void,
  err: (s: string) => void,
  cwd = process.cwd(),
): Promise<number> {
  const valueOf = (f: string) => (argv.indexOf(f) >= 0 ? argv[argv.indexOf(f) + 1] : undefined);
  const flag = (f: string) => argv.includes(f);
  const outFile = valueOf('--out');
  const synthDir = valueOf('--synth-dir');
  const stackId = argv.find((a, i) => !a.startsWith('--') && argv[i - 1] !== '--out' && argv[i - 1] !== '--synth-dir') ?? 'dev';
  if (flag('--login-probe')) env = { ...env, CHX_LOGIN_PROBE: '1' };
  const outdir = synthDir ?? (await synthesizeApp(cwd, { env }));
  try {
    const ids = synthesizedStackIds(outdir);
    if (!ids.includes(stackId)) {
      err(`validate: no stack "${stackId}"; stacks: ${ids.join(', ')}`);
      return 1;
    }
    const stack = readSynthesizedStack(outdir, stackId);
    const quiet = flag('--quiet') || isQuiet(env);
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
    const text = flag('--json') ? JSON.stringify({ ...report, summary: summarize(report) }, null, 2) : renderMarkdown(report);
    const code = exitCode(report);
    if (!quiet || code !== 0) out(text);
    if (outFile) fs.writeFileSync(outFile, text);
    if (!report.checked) err(`validate: drift could not be checked: ${report.reason}`);
    return code;
  } finally {
    if (!synthDir) fs.rmSync(outdir, { recursive: true, force: true });
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

if (require.main === module) {
  runCommand('validate', () => validate(process.argv.slice(2), process.env, stdoutLine, stderrLine));
}
