// examples/hcl used as a plain-Terraform user would (no cdktf): the provider installed next to the
// configuration, init offline, apply, a clean plan, drift shown in place and by -refresh-only,
// an existing table adopted with an import block, and the write-only password kept out of state.
import * as fs from 'fs';
import * as path from 'path';
import { NO_TERRAFORM, PROJECT_ROOT, terraformTest } from '../support/cdktf';
import { hclProject, tf } from '../support/hcl-project';
import { queryRows, testClient, testWith, uniqueName } from '../support/clickhouse';
import { serverInfo } from '../support/server-info';
import { E2E_TIMEOUT_MS } from '../support/timeouts';

jest.setTimeout(E2E_TIMEOUT_MS);

describe('the provider from plain HCL (examples/hcl)', () => {
  const client = testClient();
  const database = uniqueName('hcl');
  let dir = '';
  const env = (): NodeJS.ProcessEnv => {
    const info = serverInfo();
    return { CLICKHOUSE_URL: info.url, CLICKHOUSE_USER: info.username, CLICKHOUSE_PASSWORD: info.password, TF_VAR_database: database };
  };
  beforeAll(async () => {
    if (NO_TERRAFORM) return;
    // As the example's header says: `chx provider install .` in the configuration's directory.
    dir = await hclProject('chx-hcl-', fs.readFileSync(path.join(PROJECT_ROOT, 'examples', 'hcl', 'main.tf'), 'utf8'));
  });
  afterAll(async () => {
    await client.command({ query: `DROP DATABASE IF EXISTS ${database} SYNC` });
    await client.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  terraformTest('GIVEN the example WHEN initialized offline and applied THEN the schema exists and the next plan is clean', async () => {
    const init = await tf(dir, ['init', '-input=false'], env());
    expect(init.out).toContain('Installed terraform.local/chx/clickhouse');
    expect(init.code).toBe(0);
    const apply = await tf(dir, ['apply', '-auto-approve', '-input=false'], env());
    expect(apply.out).toContain('Apply complete! Resources: 4 added, 0 changed, 0 destroyed.');
    const tables = await queryRows<{ name: string }>(client, 'SELECT name FROM system.tables WHERE database = {d:String} ORDER BY name', { d: database });
    expect(tables.map((t) => t.name)).toEqual(['service_status', 'service_status_hourly', 'service_status_summary']);
    expect((await tf(dir, ['plan', '-input=false', '-detailed-exitcode'], env())).code).toBe(0);
  });

  terraformTest(
    'GIVEN a TTL changed by hand WHEN planned THEN an in-place update with the ALTER; -refresh-only shows the change outside Terraform; apply heals it',
    async () => {
      await client.command({ query: `ALTER TABLE ${database}.service_status MODIFY TTL toDateTime(timestamp) + INTERVAL 7 DAY` });
      const refresh = await tf(dir, ['plan', '-refresh-only', '-input=false'], env());
      expect(refresh.out).toContain('Objects have changed outside of Terraform');
      expect(refresh.out).toMatch(/ttl\s+= "toDateTime\(timestamp\) \+ INTERVAL 90 DAY" -> "toDateTime\(timestamp\) \+ toIntervalDay\(7\)"/);
      const plan = await tf(dir, ['plan', '-input=false', '-detailed-exitcode'], env());
      expect(plan.code).toBe(2);
      expect(plan.out).toContain('clickhouse_table.service_status will be updated in-place');
      expect(plan.out).toContain(`ALTER TABLE \`${database}\`.\`service_status\` MODIFY TTL toDateTime(timestamp) + toIntervalDay(90);`);
      expect(plan.out).toMatch(/Plan: 0 to add, 1 to change, 0 to destroy/);
      expect((await tf(dir, ['apply', '-auto-approve', '-input=false'], env())).code).toBe(0);
      expect((await tf(dir, ['plan', '-input=false', '-detailed-exitcode'], env())).code).toBe(0);
    },
  );

  terraformTest('GIVEN a table made by hand WHEN an import block adopts it THEN the plan imports it with no change, and it is managed afterwards', async () => {
    await client.command({ query: `CREATE TABLE ${database}.legacy (k UInt64, v String) ENGINE = MergeTree ORDER BY k` });
    fs.writeFileSync(
      path.join(dir, 'adopt.tf'),
      `import {\n  to = clickhouse_table.legacy\n  id = "${database}.legacy"\n}\n` +
        `resource "clickhouse_table" "legacy" {\n  database = "${database}"\n  name     = "legacy"\n  columns  = [{ name = "k", type = "UInt64" }, { name = "v", type = "String" }]\n  engine   = "MergeTree"\n  order_by = ["k"]\n}\n`,
    );
    const plan = await tf(dir, ['plan', '-input=false'], env());
    expect(plan.out).toContain('clickhouse_table.legacy: Preparing import... [id=' + database + '.legacy]');
    expect(plan.out).toMatch(/Plan: 1 to import, 0 to add, 0 to change, 0 to destroy/);
    expect((await tf(dir, ['apply', '-auto-approve', '-input=false'], env())).code).toBe(0);
    const state = await tf(dir, ['state', 'list'], env());
    expect(state.out).toContain('clickhouse_table.legacy');
    await client.command({ query: `ALTER TABLE ${database}.legacy ADD COLUMN extra UInt8` });
    await client.command({ query: `INSERT INTO ${database}.legacy VALUES (1, 'a', 7)` });
    const drift = await tf(dir, ['plan', '-input=false'], env());
    // A column added by hand to a table with rows is extra: dropping it loses data, so the plan refuses with the hint and the rows.
    expect(drift.out).toContain('extra_column: column extra UInt8');
    expect(drift.out).toContain('1 row(s)');
  });

  testWith('accessStorage')(
    'GIVEN manage_access and an ephemeral password WHEN applied THEN the user exists and no state or plan holds the password',
    async () => {
      const password = 'hcl-wo-secret-93';
      const withAccess = { ...env(), TF_VAR_manage_access: 'true', TF_VAR_monitor_password: password };
      fs.rmSync(path.join(dir, 'adopt.tf'), { force: true });
      const apply = await tf(dir, ['apply', '-auto-approve', '-input=false'], withAccess);
      expect(apply.code).toBe(0);
      expect(fs.readFileSync(path.join(dir, 'terraform.tfstate'), 'utf8')).not.toContain(password);
      expect(apply.out).not.toContain(password);
      expect((await tf(dir, ['plan', '-input=false', '-detailed-exitcode'], withAccess)).code).toBe(0);
    },
  );
});
