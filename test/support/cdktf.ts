// Runs the real cdktf CLI (and so real terraform) in a scratch project directory.
import { execFile, execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

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
  fs.writeFileSync(path.join(dir, 'cdktf.json'), JSON.stringify({ language: 'typescript', app: `node -r "${tsNode}" "${path.join(PROJECT_ROOT, appFile)}"`, terraformProviders: [], terraformModules: [], sendCrashReports: 'false' }));
  return dir;
}

export function runCdktf(dir: string, args: string[], env: Record<string, string>, timeoutMs = 300000): Promise<CdktfResult> {
  return new Promise((resolve) => {
    execFile(CDKTF, args, {
      cwd: dir,
      env: { ...process.env, CHECKPOINT_DISABLE: '1', CI: '1', FORCE_COLOR: '0', NO_COLOR: '1', TF_IN_AUTOMATION: '1', TS_NODE_PROJECT: path.join(PROJECT_ROOT, 'tsconfig.json'), ...env },
      timeout: timeoutMs,
      maxBuffer: 64 * 1024 * 1024,
    }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as NodeJS.ErrnoException & { code?: unknown }).code === 'number' ? ((err as unknown as { code: number }).code) : 1) : 0;
      resolve({ code, output: stripAnsi(`${stdout}\n${stderr}`) });
    });
  });
}

/** terraform plan -detailed-exitcode in the synthesized stack: 0 no changes, 2 changes. */
export function terraformPlanExitCode(dir: string, stack: string): { code: number; output: string } {
  const cwd = path.join(dir, 'cdktf.out', 'stacks', stack);
  try {
    const out = execFileSync('terraform', ['plan', '-detailed-exitcode', '-no-color', '-input=false', '-lock=false'], { cwd, env: { ...process.env, CHECKPOINT_DISABLE: '1' }, stdio: 'pipe' });
    return { code: 0, output: out.toString() };
  } catch (e) {
    const err = e as { status: number; stdout?: Buffer; stderr?: Buffer };
    return { code: err.status, output: `${err.stdout?.toString() ?? ''}${err.stderr?.toString() ?? ''}` };
  }
}
