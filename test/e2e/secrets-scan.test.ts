// Secrets never stored: after deploys and plans with the monitor user declared, the password,
// its SHA-256, its base64 and any resolved identification (a salted hash with its salt) appear
// in none of cdk.tf.json, the saved plan and its JSON, Terraform state, a TF_LOG=trace log, the
// command output, or the audit record.
import { execFileSync } from 'child_process';
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { queryRows, testClient, testWith } from '../support/clickhouse';
import { runCdktf, terraformTest, useE2eStack } from '../support/cdktf';
import { leaks } from '../support/secret-needles';
import { serverInfo } from '../support/server-info';
import { E2E_TIMEOUT_MS } from '../support/timeouts';

jest.setTimeout(E2E_TIMEOUT_MS);

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name === 'providers' || e.name === 'node_modules') continue; // provider copies: launcher scripts only
      out.push(...filesUnder(p));
    } else if (e.isFile()) out.push(p);
  }
  return out;
}

describe('secrets never appear in synth output, state, plan, logs or the audit record', () => {
  const client = testClient();
  const e2e = useE2eStack('secrets');
  const { stack } = e2e;
  afterAll(() => client.close());
  const password = `pw-${randomBytes(12).toString('hex')}`;

  terraformTest(
    'GIVEN the monitor user declared with its password in the environment WHEN deployed and planned THEN no file, output, log or record holds the password in any form',
    async () => {
      const dir = e2e.dir();
      const info = serverInfo();
      const env = e2e.env({ E2E_ACCESS: '1', MONITOR_PASSWORD: password, CHX_LOGIN_PROBE: '1' });
      // First the schema without access objects, so state and the audit record exist on any server.
      const base = await runCdktf(dir, ['deploy', stack, '--auto-approve'], e2e.env());
      expect(base.code).toBe(0);
      const deploy = await runCdktf(dir, ['deploy', stack, '--auto-approve'], env);
      const said = deploy.output.replace(/[│\s]+/g, ' ');
      if (info.capabilities.accessStorage) {
        expect(deploy.code).toBe(0);
        // The plan shows which variable the password comes from, never a value.
        expect(said).toContain('{{password_sha256:MONITOR_PASSWORD}}');
      } else {
        // Said plainly at plan time, naming why, instead of failing late with a server error.
        expect(deploy.code).not.toBe(0);
        expect(said).toMatch(/no writable access storage/);
        expect(said).toContain('access_storage_unavailable');
      }
      const plan = await runCdktf(dir, ['plan', stack], env);

      // A saved plan, its JSON, and a trace log of Terraform and the provider.
      const stackDir = path.join(dir, 'cdktf.out', 'stacks', stack);
      const tfEnv = { ...process.env, ...env, CHECKPOINT_DISABLE: '1', TF_LOG: 'trace', TF_LOG_PATH: path.join(dir, 'trace.log') };
      try {
        execFileSync('terraform', ['plan', '-input=false', '-lock=false', '-out=plan.bin'], { cwd: stackDir, env: tfEnv, stdio: 'pipe' });
      } catch {
        // Refused on a server without access storage: the trace and outputs are still scanned.
      }
      const planJson = fs.existsSync(path.join(stackDir, 'plan.bin'))
        ? execFileSync('terraform', ['show', '-json', 'plan.bin'], { cwd: stackDir, env: { ...process.env, CHECKPOINT_DISABLE: '1' } }).toString()
        : '';

      const files = filesUnder(dir);
      expect(files.some((f) => f.endsWith('cdk.tf.json'))).toBe(true);
      expect(files.some((f) => /\.tfstate$/.test(f))).toBe(true);
      expect(files.some((f) => f.endsWith('trace.log'))).toBe(true);
      const texts: Array<[string, string]> = files.map((f) => [f, fs.readFileSync(f).toString('latin1')]);
      texts.push(['deploy output', deploy.output], ['plan output', plan.output], ['plan JSON', planJson]);
      const audit = await queryRows<Record<string, unknown>>(client, 'SELECT * FROM schema_revisions.revisions WHERE stack = {s:String}', { s: stack });
      expect(audit.length).toBeGreaterThan(0);
      texts.push(['audit record', JSON.stringify(audit)]);
      const hits = texts.flatMap(([name, text]) => leaks(text, password).map((what) => `${what} in ${name}`));
      console.log(`secrets scan: ${texts.length} files/outputs, ${texts.reduce((a, [, t]) => a + t.length, 0)} bytes, 4 kinds of needle, ${hits.length} hits`);
      expect(hits).toEqual([]);
    },
  );

  testWith('accessStorage')(
    'GIVEN a server that stores users WHEN the user is created, probed and rotated THEN the scan above also covered a real CREATE USER and login',
    async () => {
      // Runs only where users can exist: the scan above then saw the resolved CREATE USER go out and the probe log in.
      const [row] = await queryRows<{ n: string }>(client, "SELECT count() AS n FROM system.users WHERE name = 'monitor'");
      expect(Number(row.n)).toBe(1);
    },
  );
});
