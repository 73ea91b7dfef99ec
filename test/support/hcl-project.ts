// A plain-HCL Terraform project in a temporary folder, with this package's provider installed
// beside it (`chx provider install .`), for e2e tests that drive Terraform directly.
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runChx } from '../../cli/chx';
import { buildProject } from './cdktf';

/** `terraform <args> -no-color` in `dir`: exit code and stdout + stderr. */
export function tf(dir: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(
      'terraform',
      [...args, '-no-color'],
      { cwd: dir, env: { ...process.env, CHECKPOINT_DISABLE: '1', CDKTF_DISABLE_PLUGIN_CACHE_ENV: '1', ...env }, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, out: `${stdout}\n${stderr}` }),
    );
  });
}

/** Builds the package, writes `mainTf` into a new temporary folder and installs the provider there; returns the folder. */
export async function hclProject(prefix: string, mainTf: string): Promise<string> {
  buildProject();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.writeFileSync(path.join(dir, 'main.tf'), mainTf);
  const said: string[] = [];
  const code = await runChx(['provider', 'install', '.'], { out: (s) => said.push(s), err: (s) => said.push(s), env: process.env, cwd: dir });
  if (code !== 0) throw new Error(`chx provider install failed: ${said.join('\n')}`);
  return dir;
}
