#!/usr/bin/env node
// `chx bootstrap <stack> [--quiet]`: the seed's bootstrap.py for pipelines. Deploys the stack
// (`cdktf deploy <stack> --auto-approve` in the current cdktf project, output filtered for logs),
// then validates: checks the objects of the configuration the deploy synthesized against the
// server. Exit 0 only when the deploy succeeded AND the server is in sync afterwards; 2 when
// drift remains, 1 on any error (a refused change fails the deploy's plan, naming it).
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as readline from 'readline';
import { checkStack } from '../sql/live/stack-check';
import { renderMarkdown, stackReport, summarize } from '../sql/report/report';
import { readSynthesizedStack } from './synthesized-stack';
import { createPlainFilter, isQuiet } from './plain-output';
import { exitCode, progressLines } from './validate';
import { main } from './chx';

/**
 * The cdktf CLI for the project in `cwd`: its own node_modules/.bin/cdktf (an app's, or this
 * package's when run in its checkout), else `cdktf` from the PATH.
 */
export function cdktfCommand(cwd: string): string {
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', '.bin', 'cdktf');
    if (fs.existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) return 'cdktf';
  }
}

/** Runs cdktf with the given arguments in `cwd`, passing each filtered output line to `out`. */
export function runCdktfFiltered(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv, out: (line: string) => void, quiet: boolean): Promise<number> {
  const cdktf = cdktfCommand(cwd);
  return new Promise((resolve) => {
    const child = spawn(cdktf, args, {
      cwd,
      env: { ...env, CHECKPOINT_DISABLE: '1', CI: env.CI ?? '1', FORCE_COLOR: '0', NO_COLOR: '1', TF_IN_AUTOMATION: '1', ...(quiet ? { CHX_QUIET: '1' } : {}) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const filter = createPlainFilter({ quiet });
    const pipe = (stream: NodeJS.ReadableStream) =>
      readline.createInterface({ input: stream }).on('line', (raw) => {
        const line = filter(raw);
        if (line !== undefined) out(line);
      });
    pipe(child.stdout!);
    pipe(child.stderr!);
    child.on('error', (e) => {
      out(`bootstrap: cannot run ${cdktf}: ${e.message}`);
      resolve(1);
    });
    child.on('close', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

/** The synth output directory of the cdktf project in `cwd` (cdktf.json "output", default cdktf.out). */
function outputDir(cwd: string): string {
  try {
    const config = JSON.parse(fs.readFileSync(path.join(cwd, 'cdktf.json'), 'utf8')) as { output?: string };
    return path.resolve(cwd, config.output ?? 'cdktf.out');
  } catch {
    return path.resolve(cwd, 'cdktf.out');
  }
}

export interface BootstrapOptions {
  /** Stack id. */
  readonly stack: string;
  /** Only changes and errors (CHX_QUIET=1 too). @default false */
  readonly quiet?: boolean;
}

/** `chx bootstrap <stack>` in the cdktf project `cwd` (arguments parsed by cli/chx.ts). */
export async function bootstrap(
  opts: BootstrapOptions,
  env: NodeJS.ProcessEnv,
  cwd: string,
  out: (s: string) => void,
  err: (s: string) => void,
): Promise<number> {
  const quiet = opts.quiet || isQuiet(env);
  const stack = opts.stack;
  if (!fs.existsSync(path.join(cwd, 'cdktf.json'))) {
    err(`bootstrap: no cdktf.json in ${cwd}: run it in the cdktf project's directory`);
    return 1;
  }

  if (!quiet) out(`==> bootstrap 1/2: cdktf deploy ${stack} --auto-approve`);
  const t0 = Date.now();
  const deployed = await runCdktfFiltered(['deploy', stack, '--auto-approve'], cwd, env, out, quiet);
  if (deployed !== 0) {
    err(`bootstrap: cdktf deploy ${stack} failed (exit ${deployed}); the lines above name the object and the server's message`);
    return 1;
  }

  // Validate after the deploy, from the configuration the deploy just synthesized: the server,
  // not the Terraform state, has the last word.
  if (!quiet) out(`==> bootstrap 2/2: validate ${stack} (deploy took ${Math.round((Date.now() - t0) / 1000)} s)`);
  const synthesized = readSynthesizedStack(outputDir(cwd), stack);
  const report = stackReport(stack, synthesized.specs, await checkStack(synthesized.settings, synthesized.specs, env, synthesized.allowDestructive));
  for (const line of progressLines(report, quiet)) out(line);
  const code = exitCode(report);
  if (!quiet || code !== 0) out(renderMarkdown(report).trimEnd());
  const s = summarize(report);
  if (code === 0) out(`bootstrap: ${stack} deployed and in sync (${s.inSync} objects)`);
  else if (code === 2)
    err(
      `bootstrap: ${stack} deployed but ${s.drifted} object(s) still drift${s.blocked ? ` (${s.blocked} need a decision: deploy refuses destructive changes)` : ''}`,
    );
  else err(`bootstrap: ${stack} deployed but drift could not be checked: ${report.reason ?? 'unknown reason'}`);
  return code;
}

if (require.main === module) main(['bootstrap']);
