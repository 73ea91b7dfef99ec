// Secrets never stored: after a deploy and a plan with the monitor user declared, the password
// (and its SHA-256, and its base64) appears in none of cdk.tf.json, the plan files, Terraform
// state, the drift reports, the command output, or the revisions record.
import { createHash, randomBytes } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { queryRows, testClient, uniqueName } from '../support/clickhouse';
import { buildProject, runCdktf, scratchProject, terraformAvailable } from '../support/cdktf';
import { serverInfo } from '../support/server-info';

const noTerraform = terraformAvailable();
const maybe = noTerraform ? test.skip : test;

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
  const database = uniqueName('secrets');
  const stack = `sec-${database.replace(/_/g, '-')}`;
  const password = `pw-${randomBytes(12).toString('hex')}`;
  const needles = [password, createHash('sha256').update(password).digest('hex'), Buffer.from(password).toString('base64')];
  let dir = '';

  beforeAll(() => {
    if (noTerraform) return;
    buildProject();
    dir = scratchProject('test/e2e/e2e-app.ts');
  });
  afterAll(async () => {
    await client.command({ query: `DROP DATABASE IF EXISTS ${database} SYNC` });
    await client.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  maybe(`deploy + plan with the monitor user; scan everything for the password${noTerraform ? ` [skipped: ${noTerraform}]` : ''}`, async () => {
    const info = serverInfo();
    const env = { CLICKHOUSE_URL: info.url, CLICKHOUSE_USER: info.username, CLICKHOUSE_PASSWORD: info.password, E2E_STACK: stack, E2E_DATABASE: database, E2E_ACCESS: '1', MONITOR_PASSWORD: password };
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
    const revisions = await queryRows<Record<string, unknown>>(client, "SELECT * FROM schema_revisions.revisions WHERE stack = {s:String}", { s: stack });
    expect(revisions.length).toBeGreaterThan(0);
    texts.push(['revisions record', JSON.stringify(revisions)]);
    const hits = texts.flatMap(([name, text]) => needles.filter((n) => text.includes(n)).map(() => name));
    console.log(`secrets scan: ${texts.length} files/outputs, ${texts.reduce((a, [, t]) => a + t.length, 0)} bytes, ${needles.length} needles, ${hits.length} hits`);
    expect(hits).toEqual([]);
  });
});
