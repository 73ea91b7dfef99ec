// on_refused = "hold" through real Terraform (plain HCL, the provider installed beside it): one
// table has a change that is refused (a column with rows added by hand, which dropping would
// lose), another table is new. With "fail" (the default) the plan fails and nothing is applied;
// with "hold" the plan warns, the new table is created, the refused table is held back whole (its
// apply fails naming what was refused, runs nothing, keeps its state), and the deploy exits
// non-zero. The next plan still shows the held-back change: drift stays visible.
import * as fs from 'fs';
import { NO_TERRAFORM, terraformTest } from '../support/cdktf';
import { hclProject, tf } from '../support/hcl-project';
import { queryRows, testClient, uniqueName } from '../support/clickhouse';
import { serverInfo } from '../support/server-info';
import { E2E_TIMEOUT_MS } from '../support/timeouts';

jest.setTimeout(E2E_TIMEOUT_MS);

const table = (name: string, count: string) => `
resource "clickhouse_table" "${name}" {
  count    = ${count}
  database = clickhouse_database.db.name
  name     = "${name}"
  columns  = [{ name = "id", type = "UInt64" }]
  engine   = "MergeTree"
  order_by = ["id"]
}`;

const MAIN_TF = `
terraform {
  required_providers {
    clickhouse = { source = "terraform.local/chx/clickhouse" }
  }
}
variable "database" { type = string }
variable "on_refused" {
  type    = string
  default = "fail"
}
variable "with_new" {
  type    = bool
  default = false
}
provider "clickhouse" {
  url_env          = "CLICKHOUSE_URL"
  stack            = "hold-e2e"
  record_revisions = false
  on_refused       = var.on_refused
}
resource "clickhouse_database" "db" {
  name = var.database
}
${table('kept', '1')}
${table('fresh', 'var.with_new ? 1 : 0')}
`;

describe('on_refused = "hold": a refused object is held back, the others are applied', () => {
  const client = testClient();
  const database = uniqueName('hold_tf');
  let dir = '';
  const env = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => {
    const info = serverInfo();
    return { CLICKHOUSE_URL: info.url, CLICKHOUSE_USER: info.username, CLICKHOUSE_PASSWORD: info.password, TF_VAR_database: database, ...extra };
  };
  const columns = async (t: string) =>
    (
      await queryRows<{ name: string }>(client, 'SELECT name FROM system.columns WHERE database = {d:String} AND table = {t:String} ORDER BY position', {
        d: database,
        t,
      })
    ).map((r) => r.name);
  const tableNames = async () =>
    (await queryRows<{ name: string }>(client, 'SELECT name FROM system.tables WHERE database = {d:String} ORDER BY name', { d: database })).map((r) => r.name);

  beforeAll(async () => {
    if (NO_TERRAFORM) return;
    dir = await hclProject('chx-hold-', MAIN_TF);
  });
  afterAll(async () => {
    await client.command({ query: `DROP DATABASE IF EXISTS ${database} SYNC` });
    await client.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  terraformTest(
    'GIVEN a refused change on one table and a new table WHEN applied with "fail", then "hold" THEN only "hold" creates the new table, and the refused one runs nothing',
    async () => {
      expect((await tf(dir, ['init', '-input=false'], env())).code).toBe(0);
      expect((await tf(dir, ['apply', '-auto-approve', '-input=false'], env())).out).toContain('Apply complete!');
      // By hand: a column with rows in "kept" (dropping it loses them: refused without allow_destructive).
      await client.command({ query: `ALTER TABLE ${database}.kept ADD COLUMN note String` });
      await client.command({ query: `INSERT INTO ${database}.kept SELECT number, 'by hand' FROM numbers(100)` });
      await client.command({ query: `OPTIMIZE TABLE ${database}.kept FINAL` });

      // Default "fail": the plan fails naming the refusal; nothing is applied.
      const failed = await tf(dir, ['apply', '-auto-approve', '-input=false'], env({ TF_VAR_with_new: 'true' }));
      expect(failed.code).not.toBe(0);
      expect(failed.out).toMatch(/clickhouse_table \S+\.kept: 1 change\(s\) refused/);
      expect(failed.out).not.toContain('held back');
      expect(await tableNames()).toEqual(['kept']);

      // "hold": the plan warns and shows the held-back SQL commented out.
      const hold = { TF_VAR_with_new: 'true', TF_VAR_on_refused: 'hold' };
      const plan = await tf(dir, ['plan', '-input=false', '-detailed-exitcode'], env(hold));
      expect(plan.code).toBe(2);
      expect(plan.out).toMatch(/Warning: clickhouse_table \S+\.kept: 1 change\(s\) refused: held back/);
      expect(plan.out).toContain('-- held back (on_refused = "hold"): extra_column refused, nothing of this object runs');
      expect(plan.out).toContain('clickhouse_table.fresh[0] will be created');

      const applied = await tf(dir, ['apply', '-auto-approve', '-input=false'], env(hold));
      expect(applied.code).not.toBe(0);
      expect(applied.out).toContain('clickhouse_table.fresh[0]: Creation complete');
      expect(applied.out).toMatch(/Error: clickhouse_table \S+\.kept: 1 change\(s\) refused: held back \(on_refused = "hold"\), nothing of it ran/);
      expect(await tableNames()).toEqual(['fresh', 'kept']);
      expect(await columns('kept')).toEqual(['id', 'note']);
      expect((await queryRows<{ n: number }>(client, `SELECT count() AS n FROM ${database}.kept WHERE note = 'by hand'`))[0].n).toBe(100);

      // The next plan still proposes the held-back change: the drift does not disappear.
      const again = await tf(dir, ['plan', '-input=false', '-detailed-exitcode'], env(hold));
      expect(again.code).toBe(2);
      expect(again.out).toContain('held back');
      expect(again.out).not.toContain('clickhouse_table.fresh[0] will be created');
    },
  );
});
