#!/usr/bin/env node
// `validate <stack>`: the seed's validate_schema.py as a drift check. Exit 0 in sync, 2 on
// drift, 1 on error (like terraform plan -detailed-exitcode). Prints the Markdown drift report
// (fit for a pull request comment); --json prints the JSON report; --out FILE writes it too.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdktf';
import { checkStackDrift, clickhouseStacks, stackReport } from '../constructs/app';
import { renderMarkdown, summarize } from '../sql/report';
import { buildStacks } from '../stacks';

export async function validate(argv: string[], env: NodeJS.ProcessEnv, out: (s: string) => void, err: (s: string) => void): Promise<number> {
  const args = argv.filter((a) => !a.startsWith('--'));
  const flag = (f: string) => argv.includes(f);
  const outIdx = argv.indexOf('--out');
  const outFile = outIdx >= 0 ? argv[outIdx + 1] : undefined;
  const stackId = args.find((a) => a !== outFile) ?? 'dev';
  const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'chx-validate-')), skipValidation: false });
  buildStacks(app, env);
  const stack = clickhouseStacks(app).find((s) => s.node.id === stackId);
  if (!stack) {
    err(`validate: no stack "${stackId}"; stacks: ${clickhouseStacks(app).map((s) => s.node.id).join(', ')}`);
    return 1;
  }
  for (const e of stack.node.validate()) err(`validate: ${e}`);
  await checkStackDrift(stack, { env, log: flag('--quiet') ? () => undefined : err });
  const report = stackReport(stack);
  const text = flag('--json') ? JSON.stringify({ ...report, summary: summarize(report) }, null, 2) : renderMarkdown(report);
  out(text);
  if (outFile) fs.writeFileSync(outFile, text);
  fs.rmSync(app.outdir, { recursive: true, force: true });
  if (!report.checked) {
    err(`validate: drift could not be checked: ${report.reason}`);
    return 1;
  }
  return summarize(report).drifted > 0 ? 2 : 0;
}

if (require.main === module) {
  validate(process.argv.slice(2), process.env, (s) => process.stdout.write(s.endsWith('\n') ? s : `${s}\n`), (s) => process.stderr.write(`${s}\n`))
    .then((code) => process.exit(code), (e: Error) => { process.stderr.write(`validate: ${e.message}\n`); process.exit(1); });
}
