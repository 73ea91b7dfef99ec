// Secrets never stored: after a deploy and a plan with the monitor user declared, the password
// (and its SHA-256, and its base64) appears in none of cdk.tf.json, the plan files, Terraform
// state, the drift reports, the command output, or the revisions record.
import { createHash, randomBytes } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { queryRows, testClient } from '../support/clickhouse';
import { runCdktf, terraformTest, useE2eStack } from '../support/cdktf';
import { serverInfo } from '../support/server-info';

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name === 'providers' || e.name === 'plugins') continue; // provider binaries, none here
      out.push(...filesUnder(p));
    } else if (e.isFile()) out.push(p);
  }
  return out;
}

describe('secrets never appear in synth output, state, plan, logs or the revisions record', () => {
  const client = testClient();
  const e2e = useE2eStack('secrets');
  const { stack } = e2e;
  afterAll(() => client.close());
  const password = `pw-${randomBytes(12).toString('hex')}`;
  const needles = [password, createHash('sha256').update(password).digest('hex'), Buffer.from(password).toString('base64')];

  terraformTest('deploy + plan with the monitor user; scan everything for the password', async () => {
    const info = serverInfo();
    const dir = e2e.dir();
    // Login probe on: where the user exists (a server with access storage), synth and apply log in with the password too.
    const env = e2e.env({ E2E_ACCESS: '1', MONITOR_PASSWORD: password, CHX_LOGIN_PROBE: '1' });
    const deploy = await runCdktf(dir, ['deploy', stack, '--auto-approve'], env);
    if (info.capabilities.accessStorage) {
      expect(deploy.code).toBe(0);
    } else {
      // Said plainly at plan time and at apply, instead of failing late with a server error.
      expect(deploy.output).toMatch(/no writable access storage/);
      expect(deploy.output).toContain('access_storage_unavailable');
    }
    // The plan shows which variable the password comes from, never a value.
    expect(deploy.output).toContain('{{password_sha256:MONITOR_PASSWORD}}');
    const plan = await runCdktf(dir, ['plan', stack], env);

    const files = filesUnder(dir);
    expect(files.some((f) => f.endsWith('cdk.tf.json'))).toBe(true);
    expect(files.some((f) => /\.tfstate$/.test(f))).toBe(true);
    const texts: Array<[string, string]> = files.map((f) => [f, fs.readFileSync(f).toString('latin1')]);
    texts.push(['deploy output', deploy.output], ['plan output', plan.output]);
    const revisions = await queryRows<Record<string, unknown>>(client, 'SELECT * FROM schema_revisions.revisions WHERE stack = {s:String}', { s: stack });
    expect(revisions.length).toBeGreaterThan(0);
    texts.push(['revisions record', JSON.stringify(revisions)]);
    const hits = texts.flatMap(([name, text]) => needles.filter((n) => text.includes(n)).map(() => name));
    console.log(
      `secrets scan: ${texts.length} files/outputs, ${texts.reduce((a, [, t]) => a + t.length, 0)} bytes, ${needles.length} needles, ${hits.length} hits`,
    );
    expect(hits).toEqual([]);
  });
});
