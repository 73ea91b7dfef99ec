#!/usr/bin/env node
// `chx`: the one command of this package, for any cdktf app built with its constructs. Parsing
// is commander's: `--help`/`-h` print usage and exit 0, `--version` prints the package version,
// an unknown command or flag exits 2 with the usage; each subcommand's main returns its exit code.
//   chx validate [stack]      drift check of a synthesized stack (0 in sync, 2 drift, 1 not checked)
//   chx bootstrap <stack>     cdktf deploy, then validate
//   chx import                existing schema -> construct code
//   chx show [stack]          objects on the server and the audit record
//   chx clickhouse <action>   the embedded ClickHouse server (start, stop, status, run, url)
//   chx provider install [dir] the ClickHouse provider into a plain Terraform (HCL) directory
import { Argument, Command, CommanderError } from 'commander';
import * as path from 'path';
import { installForWorkingDirectory, providerVersion } from '../provider/install';
import { bootstrap } from './bootstrap';
import { clickhouseCommand } from './clickhouse';
import { runImport } from './import';
import { show } from './show';
import { validate } from './validate';

/** Where a command writes, and what it reads: the process's by default, a test's in tests. */
export interface ChxIo {
  readonly out: (s: string) => void;
  readonly err: (s: string) => void;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** The program, its subcommands' actions storing their exit code in `result.code`. */
export function chxProgram(io: ChxIo, result: { code: number }): Command {
  const program = new Command('chx')
    .description('ClickHouse schema as cdktf constructs: drift check, deploy-and-check, import, the embedded server')
    .version(providerVersion(), '-V, --version')
    .helpOption('-h, --help', 'show this help')
    .showHelpAfterError('(chx --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.replace(/\n$/, '')), writeErr: (s) => io.err(s.replace(/\n$/, '')) });
  const sub = (name: string) =>
    program.command(name).exitOverride().helpOption('-h, --help', 'show this help').showHelpAfterError(`(chx ${name} --help for usage)`);

  sub('validate')
    .description(
      'synthesize the cdktf app in the current directory (cdktf.json) and check a stack against its server: exit 0 in sync, 2 drift, 1 not checked or error',
    )
    .argument('[stack]', 'stack id (default: the only ClickHouse stack of the app)')
    .option('--json', 'print the JSON report instead of Markdown')
    .option('-q, --quiet', 'only drift and errors (CHX_QUIET=1)')
    .option('--login-probe', 'log in as each declared user to check its password (CHX_LOGIN_PROBE=1)')
    .option('-o, --out <file>', 'also write the report to a file')
    .option('--synth-dir <dir>', 'read an existing synth output instead of synthesizing')
    .action(async (stack: string | undefined, o: { json?: boolean; quiet?: boolean; loginProbe?: boolean; out?: string; synthDir?: string }) => {
      result.code = await validate({ stack, ...o }, io.env, io.out, io.err, io.cwd);
    });

  sub('bootstrap')
    .description('cdktf deploy <stack> --auto-approve in the current cdktf project, then validate: exit 0 only when deployed and in sync')
    .argument('<stack>', 'stack id')
    .option('-q, --quiet', 'only changes and errors (CHX_QUIET=1)')
    .action(async (stack: string, o: { quiet?: boolean }) => {
      result.code = await bootstrap({ stack, quiet: o.quiet }, io.env, io.cwd, io.out, io.err);
    });

  sub('import')
    .description('read existing databases (and users) from the server in $CLICKHOUSE_URL and write construct code that declares them')
    .option('-d, --database <name>', 'a database to import (repeatable)', collect, [])
    .option('-u, --user <name>', 'a user to import with its profiles and grants (repeatable)', collect, [])
    .option('--quota <name>', 'a quota to import (repeatable; --user does not bring its quotas)', collect, [])
    .option('--row-policy <name>', "a row policy to import, by its full name 'NAME ON db.table' (repeatable; its table's --database too)", collect, [])
    .option('--stack-name <id>', 'stack id and function name of the generated code (default: the first database)')
    .option('-o, --out <file>', 'write the code to a file instead of stdout')
    .option('--package <name>', 'module the generated code imports the constructs from (default: this package, or a relative path inside it)')
    .action(async (o: { database: string[]; user: string[]; quota: string[]; rowPolicy: string[]; stackName?: string; out?: string; package?: string }) => {
      result.code = await runImport(
        {
          databases: o.database,
          users: o.user,
          quotas: o.quota,
          rowPolicies: o.rowPolicy,
          stackName: o.stackName,
          out: o.out,
          packageName: o.package,
        },
        io.env,
        io.out,
        io.err,
        io.cwd,
      );
    });

  sub('show')
    .description('the tables of a database on the server in $CLICKHOUSE_URL and the latest audit record of a stack')
    .argument('[stack]', 'stack id in the audit record', 'dev')
    .argument('[database]', 'database whose tables to list', 'monitor')
    .action(async (stack: string, database: string) => {
      result.code = await show(stack, database, io.env, io.out);
    });

  sub('clickhouse')
    .description('the embedded ClickHouse server (data in ./.clickhouse; CLICKHOUSE_HTTP_PORT, CLICKHOUSE_TCP_PORT, CLICKHOUSE_DATA_DIR, CLICKHOUSE_HOME)')
    .addArgument(
      new Argument('[action]', 'start (background), run (foreground), stop, status, url').choices(['start', 'run', 'stop', 'status', 'url']).default('start'),
    )
    .action(async (action: 'start' | 'run' | 'stop' | 'status' | 'url') => {
      result.code = await clickhouseCommand(action, io.env, io.cwd, io.out);
    });

  sub('provider')
    .description('the ClickHouse Terraform provider for plain Terraform (HCL) projects: `chx provider install [dir]`')
    .addArgument(new Argument('<action>', 'install: put the provider where terraform init finds it offline, with the lock file').choices(['install']))
    .argument('[dir]', 'the Terraform working directory', '.')
    .action((_action: 'install', dir: string) => {
      const workDir = path.resolve(io.cwd, dir);
      const p = installForWorkingDirectory(workDir);
      io.out(
        `installed ${p.source} ${p.version} in ${path.relative(io.cwd, path.join(workDir, 'terraform.d', 'plugins')) || '.'} (and .terraform.lock.hcl): run terraform init there, no registry needed`,
      );
      result.code = 0;
    });

  return program;
}

/** Runs `chx <argv>` and returns its exit code (help and version: 0; a usage mistake: 2). */
export async function runChx(argv: readonly string[], io: ChxIo): Promise<number> {
  const result = { code: 0 };
  const program = chxProgram(io, result);
  if (argv.length === 0) {
    program.outputHelp();
    return 2;
  }
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return result.code;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.help' || e.code === 'commander.version') return 0;
      return 2;
    }
    throw e;
  }
}

/** The process's io. */
export function processIo(): ChxIo {
  return {
    out: (s) => process.stdout.write(s.endsWith('\n') ? s : `${s}\n`),
    err: (s) => process.stderr.write(s.endsWith('\n') ? s : `${s}\n`),
    env: process.env,
    cwd: process.cwd(),
  };
}

/** Runs chx with the process's arguments (after `prefix`, for the per-command entry points) and exits with its code. */
export function main(prefix: readonly string[] = []): void {
  // `clickhouse run` never resolves: the server runs in this process until a signal stops it.
  runChx([...prefix, ...process.argv.slice(2)], processIo()).then(
    (code) => process.exit(code),
    (e: Error) => {
      process.stderr.write(`chx: ${e.message}\n`);
      process.exit(1);
    },
  );
}

if (require.main === module) main();
