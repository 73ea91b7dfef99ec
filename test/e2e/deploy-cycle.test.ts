// The most important test: deploy, plan shows nothing; a manual change shows exactly that object,
// in place, with its SQL; deploy heals it; plan is clean again. Then changes of the code itself:
// a new column and a new TTL plan as in-place ALTERs (never destroy/replace), and constructs
// removed from the code are dropped (removal policy destroy) or forgotten (retain).
// Real cdktf, real terraform, the project's provider, real server.
import { SEED_TABLE_NAMES } from '../../stacks/lightbulb/seed-schema';
import { queryRows, testClient } from '../support/clickhouse';
import { runCdktf, expectCleanPlan, terraformTest, useE2eStack } from '../support/cdktf';
import { E2E_TIMEOUT_MS } from '../support/timeouts';

jest.setTimeout(E2E_TIMEOUT_MS);

/** Words a reviewer reads as data loss: none of them may appear when nothing is dropped. */
const DESTROY_WORDS = /must be replaced|destroy and then create|-\/\+|Destruction complete|Destroying\.\.\.|[1-9]\d* to destroy/;

describe('cdktf deploy / plan cycle on a real server, through the ClickHouse provider', () => {
  const client = testClient();
  const e2e = useE2eStack('e2e');
  const { database, stack } = e2e;
  const env = (extra: Record<string, string> = {}) => e2e.env(extra);
  afterAll(() => client.close());
  const tableNames = async () =>
    (await queryRows<{ name: string }>(client, 'SELECT name FROM system.tables WHERE database = {db:String} ORDER BY name', { db: database })).map(
      (r) => r.name,
    );

  terraformTest('deploy creates the schema; plan right after is clean', async () => {
    const dir = e2e.dir();
    const deploy = await runCdktf(dir, ['deploy', stack, '--auto-approve'], env());
    expect(deploy.output).toContain('Apply complete! Resources: 9 added, 0 changed, 0 destroyed.');
    expect(deploy.code).toBe(0);
    const tables = await tableNames();
    for (const t of SEED_TABLE_NAMES) expect(tables).toContain(t);
    expect(tables).toContain('service_status_summary');
    // The plan showed the SQL apply ran.
    expect(deploy.output).toMatch(/CREATE TABLE IF NOT EXISTS `[a-z0-9_]+`\.`service_status`/);
    expect(deploy.output).not.toMatch(DESTROY_WORDS);

    const plan = await runCdktf(dir, ['plan', stack], env());
    expect(plan.code).toBe(0);
    expect(plan.output).toMatch(/No changes\./);
    expectCleanPlan(dir, stack, env());
  });

  terraformTest('a manual change shows exactly that object, in place with its SQL; deploy heals it; plan is clean again', async () => {
    const dir = e2e.dir();
    await client.command({
      query: `INSERT INTO ${database}.service_logs (service_id, timestamp, log_level, message, source) SELECT toString(number % 7), now64(3), 'INFO', 'm', 's' FROM numbers(1000)`,
    });
    await client.command({ query: `ALTER TABLE ${database}.service_logs DROP COLUMN source` });
    await client.command({ query: `ALTER TABLE ${database}.service_metrics MODIFY TTL toDateTime(timestamp) + INTERVAL 7 DAY` });

    const plan = await runCdktf(dir, ['plan', stack], env());
    expect(plan.code).toBe(0);
    expect(plan.output).toMatch(/Plan: 0 to add, 2 to change, 0 to destroy/);
    expect(plan.output).toMatch(/clickhouse_table\.monitoring_service_logs_resource_\w+ \(monitoring\/service_logs\/resource\) will be updated in-place/);
    expect(plan.output).toMatch(/clickhouse_table\.monitoring_service_metrics_resource_\w+ \(monitoring\/service_metrics\/resource\) will be updated in-place/);
    expect(plan.output).toMatch(/drift\s+= "missing_column" -> ""/);
    expect(plan.output).toMatch(/drift\s+= "ttl_changed" -> ""/);
    expect(plan.output).toContain('ADD COLUMN IF NOT EXISTS `source` String');
    expect(plan.output).toContain('MODIFY TTL');
    expect(plan.output).not.toMatch(/service_status_resource\w* \(monitoring\/service_status\/resource\) will be/);
    expect(plan.output).not.toMatch(DESTROY_WORDS);

    const deploy = await runCdktf(dir, ['deploy', stack, '--auto-approve'], env());
    expect(deploy.code).toBe(0);
    expect(deploy.output).toContain('Apply complete! Resources: 0 added, 2 changed, 0 destroyed.');
    const cols = await queryRows<{ name: string }>(client, "SELECT name FROM system.columns WHERE database = {db:String} AND table = 'service_logs'", {
      db: database,
    });
    expect(cols.map((c) => c.name)).toContain('source');
    const [{ n }] = await queryRows<{ n: string }>(client, `SELECT count() AS n FROM ${database}.service_logs`);
    expect(Number(n)).toBe(1000);

    expectCleanPlan(dir, stack, env());
    const second = await runCdktf(dir, ['deploy', stack, '--auto-approve'], env());
    expect(second.code).toBe(0);
    expect(second.output).toMatch(/No changes\.|0 added, 0 changed, 0 destroyed/);
  });

  terraformTest(
    'GIVEN a column and a shorter TTL added in the code WHEN planned THEN in-place ALTERs, no destroy or replace anywhere; deploy runs them and keeps rows',
    async () => {
      const dir = e2e.dir();
      const changed = env({ E2E_EXTRA_COLUMN: 'owner', E2E_TTL_DAYS: '30' });
      const plan = await runCdktf(dir, ['plan', stack], changed);
      expect(plan.code).toBe(0);
      // services gets its column; the three time-series tables and the hourly rollup their TTL.
      expect(plan.output).toMatch(/Plan: 0 to add, 5 to change, 0 to destroy/);
      expect(plan.output).toContain(`ALTER TABLE \`${database}\`.\`services\` ADD COLUMN IF NOT EXISTS \`owner\` String COMMENT 'added by the e2e test'`);
      expect(plan.output).toMatch(/MODIFY TTL toDateTime\(timestamp\) \+ toIntervalDay\(30\)/);
      expect(plan.output).not.toMatch(DESTROY_WORDS);
      const deploy = await runCdktf(dir, ['deploy', stack, '--auto-approve'], changed);
      expect(deploy.code).toBe(0);
      expect(deploy.output).toContain('Apply complete! Resources: 0 added, 5 changed, 0 destroyed.');
      expect(deploy.output).not.toMatch(DESTROY_WORDS);
      const [{ n }] = await queryRows<{ n: string }>(client, `SELECT count() AS n FROM ${database}.service_logs`);
      expect(Number(n)).toBe(1000);
      expectCleanPlan(dir, stack, changed);
      // Back to the seed: the column is extra now. services is empty, so dropping it loses nothing: planned.
      const backEmpty = await runCdktf(dir, ['plan', stack], env({ E2E_TTL_DAYS: '30' }));
      expect(backEmpty.code).toBe(0);
      expect(backEmpty.output).toContain(`ALTER TABLE \`${database}\`.\`services\` DROP COLUMN IF EXISTS \`owner\``);
      expect(backEmpty.output).toMatch(/drops data/);
      // With a row in it, dropping the column is destructive: refused with a hint naming the rows.
      await client.command({ query: `INSERT INTO ${database}.services (owner) VALUES ('someone')` });
      const back = await runCdktf(dir, ['plan', stack], env({ E2E_TTL_DAYS: '30' }));
      expect(back.code).not.toBe(0);
      expect(back.output).toMatch(/extra_column: column owner String: desired absent, live present/);
      expect(back.output).toMatch(/the table holds 1 row\(s\)/);
      expect(back.output).toMatch(/allow_destructive/);
    },
  );

  terraformTest(
    'GIVEN two tables removed from the code WHEN deployed THEN the destroy one is dropped (refused while it holds rows) and the retain one forgotten, both visible in the plan',
    async () => {
      const dir = e2e.dir();
      const base = { E2E_EXTRA_COLUMN: 'owner', E2E_TTL_DAYS: '30' };
      const added = await runCdktf(dir, ['deploy', stack, '--auto-approve'], env({ ...base, E2E_EXTRA_TABLES: '1' }));
      expect(added.code).toBe(0);
      expect(await tableNames()).toEqual(expect.arrayContaining(['gone_destroy', 'gone_retain']));
      await client.command({ query: `INSERT INTO ${database}.gone_destroy SELECT number FROM numbers(5)` });

      const guarded = await runCdktf(dir, ['plan', stack], env(base));
      expect(guarded.code).not.toBe(0);
      expect(guarded.output).toMatch(/refusing to drop a table that holds 5 row\(s\)/);

      await client.command({ query: `TRUNCATE TABLE ${database}.gone_destroy` });
      const plan = await runCdktf(dir, ['plan', stack], env(base));
      expect(plan.code).toBe(0);
      expect(plan.output).toMatch(/clickhouse_table\.gone_destroy_resource_\w+ will be destroyed/);
      expect(plan.output).toMatch(/clickhouse_table\.gone_retain_resource_\w+ will no longer be managed by Terraform, but will not be destroyed/);
      expect(plan.output).toMatch(/Plan: 0 to add, 0 to change, 1 to destroy/);
      const deploy = await runCdktf(dir, ['deploy', stack, '--auto-approve'], env(base));
      expect(deploy.code).toBe(0);
      const tables = await tableNames();
      expect(tables).not.toContain('gone_destroy');
      expect(tables).toContain('gone_retain');
      expectCleanPlan(dir, stack, env(base));
    },
  );
});
