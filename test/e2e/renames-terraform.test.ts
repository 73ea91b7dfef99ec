// Renames through real Terraform (plain HCL, the provider installed by `chx provider install`):
// a table with rows renamed in config with renamed_from and one column with renamed_columns plans
// as an in-place update whose planned_sql is the two RENAMEs (no destroy, no create), apply keeps
// the rows, the next plan is clean, and dropping renamed_from/renamed_columns afterwards is an
// update that runs no SQL, after which the plan is clean again.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runChx } from '../../cli/chx';
import { buildProject, execCapture, NO_TERRAFORM, terraformTest } from '../support/cdktf';
import { queryRows, testClient, uniqueName } from '../support/clickhouse';
import { serverInfo } from '../support/server-info';
import { E2E_TIMEOUT_MS } from '../support/timeouts';

jest.setTimeout(E2E_TIMEOUT_MS);

const config = (db: string, table: string, column: string, renames: string) => `terraform {
  required_providers {
    clickhouse = { source = "terraform.local/chx/clickhouse" }
  }
}
provider "clickhouse" {
  stack = "renames"
}
resource "clickhouse_database" "db" {
  name = "${db}"
}
resource "clickhouse_table" "events" {
  database = clickhouse_database.db.name
  name     = "${table}"
  columns  = [{ name = "id", type = "UInt64" }, { name = "${column}", type = "String", comment = "the text" }]
  engine   = "MergeTree"
  order_by = ["id"]
${renames}}
`;

describe('renames through Terraform', () => {
  const client = testClient();
  const db = uniqueName('tf_renames');
  let dir = '';
  const env = (): NodeJS.ProcessEnv => ({
    ...process.env,
    CHECKPOINT_DISABLE: '1',
    CLICKHOUSE_URL: serverInfo().url,
    CLICKHOUSE_USER: serverInfo().username,
    CLICKHOUSE_PASSWORD: serverInfo().password,
  });
  const tf = async (...args: string[]) => {
    const r = await execCapture('terraform', [...args, '-no-color', '-input=false'], { cwd: dir, env: env(), timeoutMs: E2E_TIMEOUT_MS });
    return { code: r.code, out: `${r.stdout}\n${r.stderr}` };
  };
  const write = (table: string, column: string, renames = '') => fs.writeFileSync(path.join(dir, 'main.tf'), config(db, table, column, renames));

  beforeAll(async () => {
    if (NO_TERRAFORM) return;
    buildProject();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chx-tf-renames-'));
    const said: string[] = [];
    const code = await runChx(['provider', 'install', '.'], { out: (s) => said.push(s), err: (s) => said.push(s), env: process.env, cwd: dir });
    if (code !== 0) throw new Error(`chx provider install failed: ${said.join('\n')}`);
  });
  afterAll(async () => {
    await client.command({ query: `DROP DATABASE IF EXISTS ${db} SYNC` });
    await client.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  terraformTest(
    'GIVEN a table with rows WHEN renamed with a column in config THEN Terraform updates it in place with the RENAMEs and every row stays',
    async () => {
      write('events_v1', 'msg');
      expect((await tf('init')).code).toBe(0);
      const first = await tf('apply', '-auto-approve');
      expect(first.out).toContain('Apply complete! Resources: 2 added');
      await client.command({ query: `INSERT INTO ${db}.events_v1 SELECT number, toString(number) FROM numbers(500)` });

      write('events', 'message', '  renamed_from    = "events_v1"\n  renamed_columns = { message = "msg" }\n');
      const plan = await tf('plan', '-detailed-exitcode');
      expect(plan.code).toBe(2);
      expect(plan.out).toContain('clickhouse_table.events will be updated in-place');
      expect(plan.out).toContain(`RENAME TABLE \`${db}\`.\`events_v1\` TO \`${db}\`.\`events\`;`);
      expect(plan.out).toContain(`ALTER TABLE \`${db}\`.\`events\` RENAME COLUMN IF EXISTS \`msg\` TO \`message\`;`);
      expect(plan.out).toMatch(/Plan: 0 to add, 1 to change, 0 to destroy/);
      expect(plan.out).not.toMatch(/destroy and then create|must be replaced/);

      const apply = await tf('apply', '-auto-approve');
      expect(apply.code).toBe(0);
      const [row] = await queryRows<{ n: string; s: string }>(client, `SELECT count() AS n, toString(sum(toUInt64(message))) AS s FROM ${db}.events`);
      expect(Number(row.n)).toBe(500);
      expect(row.s).toBe(String((499 * 500) / 2));
      expect((await tf('plan', '-detailed-exitcode')).code).toBe(0);

      // The renames done, renamed_from and renamed_columns can go: an update that runs no SQL.
      write('events', 'message');
      const tidy = await tf('plan', '-detailed-exitcode');
      expect(tidy.code).toBe(2);
      expect(tidy.out).toMatch(/renamed_from\s+= "events_v1" -> null/);
      // The SQL of the rename leaves planned_sql (shown with "-"); nothing is added to run.
      expect(tidy.out).toMatch(/^\s*- RENAME TABLE/m);
      expect(tidy.out).not.toMatch(/^\s*\+ .*RENAME/m);
      expect((await tf('apply', '-auto-approve')).code).toBe(0);
      expect((await tf('plan', '-detailed-exitcode')).code).toBe(0);
    },
  );
});
