// A rebuild by copy through real Terraform (plain HCL, the provider installed beside it): a table
// with 6,000 rows in 9 partitions gets a new ORDER BY and PARTITION BY with rebuild = "copy". The
// first apply is killed in the middle of the copy (the provider process exits after 4 partitions,
// CHX_TEST_REBUILD_STOP_AFTER, as if killed); the table is untouched and the plan still shows the
// rebuild; the next apply resumes and completes with every row; no shadow is left; the plan
// after it is clean.
import * as fs from 'fs';
import * as path from 'path';
import { rebuildOwner } from '../../sql/spec/identifiers';
import { NO_TERRAFORM, terraformTest } from '../support/cdktf';
import { hclProject, tf } from '../support/hcl-project';
import { queryRows, testClient, uniqueName } from '../support/clickhouse';
import { serverInfo } from '../support/server-info';
import { E2E_TIMEOUT_MS } from '../support/timeouts';

jest.setTimeout(E2E_TIMEOUT_MS);

const MAIN_TF = `
terraform {
  required_providers {
    clickhouse = { source = "terraform.local/chx/clickhouse" }
  }
}
variable "database" { type = string }
variable "order_by" {
  type    = list(string)
  default = ["id"]
}
variable "partition_by" {
  type    = string
  default = "toYYYYMM(ts)"
}
provider "clickhouse" {
  url_env         = "CLICKHOUSE_URL"
  stack           = "rebuild-e2e"
  record_revisions = false
}
resource "clickhouse_database" "db" {
  name = var.database
}
resource "clickhouse_table" "events" {
  database     = clickhouse_database.db.name
  name         = "events"
  columns      = [
    { name = "id", type = "UInt64" },
    { name = "ts", type = "DateTime" },
    { name = "value", type = "String" },
  ]
  engine       = "MergeTree"
  order_by     = var.order_by
  partition_by = var.partition_by
  rebuild      = "copy"
}
`;

describe('rebuild by copy through Terraform, killed in the middle, resumed', () => {
  const client = testClient();
  const database = uniqueName('rebuild_tf');
  let dir = '';
  const env = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => {
    const info = serverInfo();
    return { CLICKHOUSE_URL: info.url, CLICKHOUSE_USER: info.username, CLICKHOUSE_PASSWORD: info.password, TF_VAR_database: database, ...extra };
  };
  const newKeys = { TF_VAR_order_by: '["value", "id"]', TF_VAR_partition_by: 'toStartOfQuarter(ts)' };
  const fingerprint = async (table: string) =>
    (await queryRows<{ n: string; h: string }>(client, `SELECT count() AS n, groupBitXor(cityHash64(id, ts, value)) AS h FROM ${database}.${table}`))[0];
  const tables = async () =>
    queryRows<{ name: string; comment: string; sorting_key: string; partition_key: string }>(
      client,
      'SELECT name, comment, sorting_key, partition_key FROM system.tables WHERE database = {d:String} ORDER BY name',
      { d: database },
    );

  beforeAll(async () => {
    if (NO_TERRAFORM) return;
    dir = await hclProject('chx-rebuild-', MAIN_TF);
  });
  afterAll(async () => {
    await client.command({ query: `DROP DATABASE IF EXISTS ${database} SYNC` });
    await client.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  terraformTest(
    'GIVEN 6,000 rows in 9 partitions WHEN the rebuild is killed after 4 partitions and applied again THEN every row is there, no shadow is left, the plan is clean',
    async () => {
      expect((await tf(dir, ['init', '-input=false'], env())).code).toBe(0);
      const created = await tf(dir, ['apply', '-auto-approve', '-input=false'], env());
      expect(created.out).toContain('Apply complete!');
      await client.command({
        query: `INSERT INTO ${database}.events SELECT number, toDateTime('2025-01-01 00:00:00') + number * 3600, toString(number % 97) FROM numbers(6000)`,
      });
      const before = await fingerprint('events');
      expect(Number(before.n)).toBe(6000);
      // The plan counts the table's parts and bytes; a background merge between Terraform's plan
      // and its final plan at apply makes the two differ ("Provider produced inconsistent final
      // plan", seen once in CI). Known provider issue (issue 17 closing note); merges are held here.
      await client.command({ query: `SYSTEM STOP MERGES ${database}.events` });

      // The plan: an in-place update listing the steps.
      const plan = await tf(dir, ['plan', '-input=false', '-detailed-exitcode'], env(newKeys));
      expect(plan.code).toBe(2);
      expect(plan.out).toContain('clickhouse_table.events will be updated in-place');
      expect(plan.out).toContain(`EXCHANGE TABLES \`${database}\`.\`events\` AND \`${database}\`.\`events__chx_rebuild\`;`);
      expect(plan.out.match(/INSERT INTO `[^`]+`\.`events__chx_rebuild`/g)).toHaveLength(9);
      expect(plan.out).toMatch(/rebuilds \d+ part\(s\), [\d.]+ KiB, 6,000 row\(s\)/);

      // Killed in the middle: the provider exits after copying 4 partitions.
      const killed = await tf(dir, ['apply', '-auto-approve', '-input=false'], env({ ...newKeys, CHX_TEST_REBUILD_STOP_AFTER: '4' }));
      expect(killed.code).not.toBe(0);
      expect(killed.out).not.toContain('Apply complete!');
      const mid = await tables();
      expect(mid.find((t) => t.name === 'events')).toMatchObject({ sorting_key: 'id', partition_key: 'toYYYYMM(ts)' });
      expect(mid.find((t) => t.name === 'events__chx_rebuild')?.comment).toMatch(/^chx-rebuild:[0-9a-f]{16}$/);
      expect(await fingerprint('events')).toEqual(before);
      await client.command({ query: `SYSTEM STOP MERGES ${database}.events__chx_rebuild` });
      const copied = Number((await fingerprint('events__chx_rebuild')).n);
      expect(copied).toBeGreaterThan(0);
      expect(copied).toBeLessThan(6000);

      // Applied again: resumes and completes.
      // Terraform's debug log carries the provider's progress lines (its stderr).
      const log = path.join(dir, 'resumed.log');
      const resumed = await tf(dir, ['apply', '-auto-approve', '-input=false'], env({ ...newKeys, TF_LOG: 'DEBUG', TF_LOG_PATH: log }));
      const progress = fs.readFileSync(log, 'utf8');
      expect(progress).toContain('resuming the rebuild');
      expect(progress.match(/\(\d\/9\): [\d,]+ row\(s\) copied by an earlier run/g)).toHaveLength(4);
      expect(resumed.out).toContain('Apply complete! Resources: 0 added, 1 changed, 0 destroyed.');
      expect(resumed.out).toContain('rebuilt; the old data is kept as');
      const after = await tables();
      expect(after.find((t) => t.name === 'events')).toMatchObject({ sorting_key: 'value, id', partition_key: 'toStartOfQuarter(ts)', comment: '' });
      expect(await fingerprint('events')).toEqual(before);
      expect(after.map((t) => t.name)).not.toContain('events__chx_rebuild');
      const old = after.find((t) => rebuildOwner(t.name) === 'events');
      expect(old?.name).toMatch(/^events__chx_old_\d{8}T\d{4}$/);
      expect(await fingerprint(old!.name)).toEqual(before);

      const clean = await tf(dir, ['plan', '-input=false', '-detailed-exitcode'], env(newKeys));
      expect(clean.out).toContain('No changes.');
      expect(clean.code).toBe(0);
      console.log(
        `[e2e/rebuild] killed after 4 of 9 partitions (terraform exit ${killed.code}, ${copied} rows in the shadow); resumed and swapped; ${after.length} tables: ${after.map((t) => t.name).join(', ')}`,
      );
    },
  );
});
