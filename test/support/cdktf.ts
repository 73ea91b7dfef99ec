// Runs the real cdktf CLI (and so real terraform) in a scratch project directory.
import { execFile, execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';

export const PROJECT_ROOT = path.resolve(__dirname, '..', '..');
const CDKTF = path.join(PROJECT_ROOT, 'node_modules', '.bin', 'cdktf');

export interface CdktfResult {
  readonly code: number;
  /** stdout + stderr with terminal escapes removed. */
  readonly output: string;
}

export function stripAnsi(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '').replace(/\r/g, '');
}

/** Compiles the project once per process (the apply command runs from dist/). */
let built = false;
export function buildProject(): void {
  if (built) return;
  execFileSync(path.join(PROJECT_ROOT, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.build.json'], { cwd: PROJECT_ROOT, stdio: 'pipe' });
  built = true;
}

export function terraformAvailable(): string | undefined {
  try {
    execFileSync('terraform', ['version'], { stdio: 'pipe' });
    return undefined;
  } catch {
    return 'terraform is not on the PATH';
  }
}

/** A scratch cdktf project whose app is a TypeScript file of this repository. */
export function scratchProject(appFile: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chx-e2e-'));
  const tsNode = path.join(PROJECT_ROOT, 'node_modules', 'ts-node', 'register', 'transpile-only');
  fs.writeFileSync(
    path.join(dir, 'cdktf.json'),
    JSON.stringify({
      language: 'typescript',
      app: `node -r "${tsNode}" "${path.join(PROJECT_ROOT, appFile)}"`,
      terraformProviders: [],
      terraformModules: [],
      sendCrashReports: 'false',
    }),
  );
  return dir;
}

export interface ExecResult {
  /** Exit code; 1 when the process could not run or was killed. */
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

/** Runs a command to its end and captures its output (never rejects). */
export function execCapture(file: string, args: readonly string[], opts: { cwd?: string; env: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<ExecResult> {
  const t0 = Date.now();
  return new Promise((resolve) => {
    execFile(file, [...args], { cwd: opts.cwd, env: opts.env, timeout: opts.timeoutMs ?? 300000, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as unknown as { code: number }).code : 1) : 0;
      resolve({ code, stdout, stderr, ms: Date.now() - t0 });
    });
  });
}

export async function runCdktf(dir: string, args: string[], env: Record<string, string>, timeoutMs = 300000): Promise<CdktfResult> {
  const r = await execCapture(CDKTF, args, {
    cwd: dir,
    env: {
      ...process.env,
      CHECKPOINT_DISABLE: '1',
      CI: '1',
      FORCE_COLOR: '0',
      NO_COLOR: '1',
      TF_IN_AUTOMATION: '1',
      TS_NODE_PROJECT: path.join(PROJECT_ROOT, 'tsconfig.json'),
      ...env,
    },
    timeoutMs,
  });
  return { code: r.code, output: stripAnsi(`${r.stdout}\n${r.stderr}`) };
}

/** TypeScript diagnostics of one file compiled as part of the project (tsconfig.json, strict): [] when it type-checks. */
export function typeCheck(file: string): string[] {
  const config = ts.getParsedCommandLineOfConfigFile(
    path.join(PROJECT_ROOT, 'tsconfig.json'),
    {},
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined },
  )!;
  const program = ts.createProgram([file], { ...config.options, noEmit: true });
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

/** terraform plan -detailed-exitcode in the synthesized stack: 0 no changes, 2 changes, 1 error. The provider reads the server from `env`. */
export function terraformPlanExitCode(dir: string, stack: string, env: Record<string, string> = {}): { code: number; output: string } {
  const cwd = path.join(dir, 'cdktf.out', 'stacks', stack);
  try {
    const out = execFileSync('terraform', ['plan', '-detailed-exitcode', '-no-color', '-input=false', '-lock=false'], {
      cwd,
      env: { ...process.env, CHECKPOINT_DISABLE: '1', ...env },
      stdio: 'pipe',
    });
    return { code: 0, output: out.toString() };
  } catch (e) {
    const err = e as { status: number; stdout?: Buffer; stderr?: Buffer };
    return { code: err.status, output: `${err.stdout?.toString() ?? ''}${err.stderr?.toString() ?? ''}` };
  }
}

/** Asserts that terraform plan in the stack is clean (exit 0), showing Terraform's output when it is not. */
export function expectCleanPlan(dir: string, stack: string, env: Record<string, string> = {}): void {
  const r = terraformPlanExitCode(dir, stack, env);
  expect({ code: r.code, output: r.code === 0 ? '' : r.output }).toEqual({ code: 0, output: '' });
}

/** Skip reason when terraform is missing, and the matching `test` (skipped with the reason in its name). */
export const NO_TERRAFORM = terraformAvailable();
export function terraformTest(name: string, fn: () => Promise<void>, timeout?: number): void {
  if (NO_TERRAFORM) test.skip(`${name} [skipped: ${NO_TERRAFORM}]`, fn, timeout);
  else test(name, fn, timeout);
}

/** A scratch project of test/e2e/e2e-app.ts for one describe block: built in beforeAll, removed in afterAll. */
export function useScratchProject(appFile = 'test/e2e/e2e-app.ts'): { dir(): string } {
  let dir = '';
  beforeAll(() => {
    if (NO_TERRAFORM) return;
    buildProject();
    dir = scratchProject(appFile);
  });
  afterAll(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });
  return { dir: () => dir };
}

/**
 * The e2e app as a stack of its own on the suite's server: a unique database and stack name,
 * the scratch project, the environment cdktf needs, and the database dropped afterwards.
 */
export function useE2eStack(prefix: string): {
  readonly database: string;
  readonly stack: string;
  dir(): string;
  env(extra?: Record<string, string>): Record<string, string>;
} {
  // Loaded lazily: support modules are also used by files that run without a suite server.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { testClient, uniqueName } = require('./clickhouse') as typeof import('./clickhouse');
  const { serverInfo } = require('./server-info') as typeof import('./server-info');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const database = uniqueName(prefix);
  const stack = `${prefix.replace(/_/g, '-')}-${database.slice(prefix.length + 1).replace(/_/g, '-')}`;
  const project = useScratchProject();
  afterAll(async () => {
    const client = testClient();
    try {
      await client.command({ query: `DROP DATABASE IF EXISTS ${database} SYNC` });
    } finally {
      await client.close();
    }
  });
  return {
    database,
    stack,
    dir: project.dir,
    env: (extra = {}) => {
      const info = serverInfo();
      return {
        CLICKHOUSE_URL: info.url,
        CLICKHOUSE_USER: info.username,
        CLICKHOUSE_PASSWORD: info.password,
        E2E_STACK: stack,
        E2E_DATABASE: database,
        ...extra,
      };
    },
  };
}
