// The most important test: deploy, plan shows nothing; a manual change shows exactly that object;
// deploy heals it; plan is clean again. Real cdktf, real terraform (terraform_data), real server.
import * as fs from 'fs';
import * as path from 'path';
import { SEED_TABLE_NAMES } from '../../stacks/lightbulb/seed-schema';
import { queryRows, testClient } from '../support/clickhouse';
import { runCdktf, terraformPlanExitCode, terraformTest, useE2eStack } from '../support/cdktf';

describe('cdktf deploy / plan cycle on a real server', () => {
  const client = testClient();
  const e2e = useE2eStack('e2e');
  const { database, stack } = e2e;
  const env = () => e2e.env();
  afterAll(() => client.close());

  terraformTest('deploy creates the schema; plan right after is clean', async () => {
    const dir = e2e.dir();
    const deploy = await runCdktf(dir, ['deploy', stack, '--auto-approve'], env());
    expect(deploy.output).toContain('Apply complete!');
    expect(deploy.code).toBe(0);
    const tables = await queryRows<{ name: string }>(client, 'SELECT name FROM system.tables WHERE database = {db:String} ORDER BY name', { db: database });
    for (const t of SEED_TABLE_NAMES) expect(tables.map((r) => r.name)).toContain(t);
    expect(tables.map((r) => r.name)).toContain('service_status_summary');
    // The apply command printed the SQL it ran.
    expect(deploy.output).toMatch(/CREATE TABLE IF NOT EXISTS `[a-z0-9_]+`\.`service_status`/);

    const plan = await runCdktf(dir, ['plan', stack], env());
    expect(plan.code).toBe(0);
    expect(plan.output).toMatch(/No changes\./);
    expect(terraformPlanExitCode(dir, stack).code).toBe(0);

    const report = JSON.parse(fs.readFileSync(path.join(dir, 'cdktf.out', 'stacks', stack, 'drift-report.json'), 'utf8'));
    expect(report.checked).toBe(true);
    expect(report.summary.drifted).toBe(0);
  });

  terraformTest('a manual change shows exactly that object with its SQL; deploy heals it; plan is clean again', async () => {
    const dir = e2e.dir();
    await client.command({
      query: `INSERT INTO ${database}.service_logs (service_id, timestamp, log_level, message, source) SELECT toString(number % 7), now64(3), 'INFO', 'm', 's' FROM numbers(1000)`,
    });
    await client.command({ query: `ALTER TABLE ${database}.service_logs DROP COLUMN source` });
    await client.command({ query: `ALTER TABLE ${database}.service_metrics MODIFY TTL toDateTime(timestamp) + INTERVAL 7 DAY` });

    const plan = await runCdktf(dir, ['plan', stack], env());
    expect(plan.code).toBe(0);
    expect(plan.output).toMatch(/Plan: 2 to add, 0 to change, 2 to destroy/);
    expect(plan.output).toMatch(/service_logs.*must be replaced/);
    expect(plan.output).toMatch(/service_metrics.*must be replaced/);
    expect(plan.output).toContain('ADD COLUMN IF NOT EXISTS `source` String');
    expect(plan.output).toContain('MODIFY TTL');
    expect(plan.output).not.toMatch(/service_status\b.*must be replaced/);

    const deploy = await runCdktf(dir, ['deploy', stack, '--auto-approve'], env());
    expect(deploy.code).toBe(0);
    const cols = await queryRows<{ name: string }>(client, "SELECT name FROM system.columns WHERE database = {db:String} AND table = 'service_logs'", {
      db: database,
    });
    expect(cols.map((c) => c.name)).toContain('source');
    const [{ n }] = await queryRows<{ n: string }>(client, `SELECT count() AS n FROM ${database}.service_logs`);
    expect(Number(n)).toBe(1000);

    const again = await runCdktf(dir, ['plan', stack], env());
    expect(again.output).toMatch(/No changes\./);
    const second = await runCdktf(dir, ['deploy', stack, '--auto-approve'], env());
    expect(second.code).toBe(0);
    expect(second.output).toMatch(/No changes\.|0 added, 0 changed, 0 destroyed/);
  });
});
