#!/usr/bin/env node
// `validate <stack>`: the seed's validate_schema.py as a drift check. Exit 0 in sync, 2 on
// drift, 1 on error (like terraform plan -detailed-exitcode). Prints the Markdown drift report
// (fit for a pull request comment); --json prints the JSON report; --out FILE writes it too.
// Progress ("[3/9] table:monitor.services: in sync") goes to stderr; --quiet or CHX_QUIET=1
// keeps only drift and errors (and prints no report when everything is in sync).
// --login-probe checks each declared user's password by logging in (as CHX_LOGIN_PROBE=1).
// ("validate" is the seed's name for this drift check; the rules a spec must follow are sql/spec/validate-spec.ts.)
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdktf';
import { checkStackDrift, clickhouseStacks, stackReport } from '../constructs/app';
import { renderMarkdown, StackReport, summarize } from '../sql/report/report';
import { buildStacks } from '../stacks';
import { isQuiet } from './plain-output';
import { runCommand, stderrLine, stdoutLine } from './run';

export async function validate(argv: string[], env: NodeJS.ProcessEnv, out: (s: string) => void, err: (s: string) => void): Promise<number> {
  const args = argv.filter((a) => !a.startsWith('--'));
  const flag = (f: string) => argv.includes(f);
  const outIdx = argv.indexOf('--out');
  const outFile = outIdx >= 0 ? argv[outIdx + 1] : undefined;
  const stackId = args.find((a) => a !== outFile) ?? 'dev';
  if (flag('--login-probe')) env = { ...env, CHX_LOGIN_PROBE: '1' };
  const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'chx-validate-')), skipValidation: false });
  buildStacks(app, env);
  const stack = clickhouseStacks(app).find((s) => s.node.id === stackId);
  if (!stack) {
    err(
      `validate: no stack "${stackId}"; stacks: ${clickhouseStacks(app)
        .map((s) => s.node.id)
        .join(', ')}`,
    );
    return 1;
  }
  for (const e of stack.node.validate()) err(`validate: ${e}`);
  const quiet = flag('--quiet') || isQuiet(env);
  if (!quiet) err(`validate: checking ${stack.clickhouseObjects.length} objects of stack ${stackId} on ${stack.resolvedUrl(env) ?? '(no server configured)'}`);
  // The per-object lines below replace the drift check's own "  ~ object" list.
  await checkStackDrift(stack, {
    env,
    log: quiet
      ? () => undefined
      : (l) => {
          if (!l.startsWith('  ~ ')) err(l);
        },
  });
  const report = stackReport(stack);
  for (const line of progressLines(report, quiet)) err(line);
  const text = flag('--json') ? JSON.stringify({ ...report, summary: summarize(report) }, null, 2) : renderMarkdown(report);
  const code = exitCode(report);
  if (!quiet || code !== 0) out(text);
  if (outFile) fs.writeFileSync(outFile, text);
  fs.rmSync(app.outdir, { recursive: true, force: true });
  if (!report.checked) err(`validate: drift could not be checked: ${report.reason}`);
  return code;
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
        ? `DRIFT: ${o.triggers.reasons}${o.changes.some((c) => !c.runnable) ? ' (needs a decision)' : ''}`
        : o.state === 'in_sync'
          ? 'in sync'
          : 'not checked';
    return [`[${i + 1}/${n}] ${o.object}: ${state}`];
  });
}

if (require.main === module) {
  runCommand('validate', () => validate(process.argv.slice(2), process.env, stdoutLine, stderrLine));
}
