// No half-applied tables, on a real server with rows in several partitions: a table's ALTERs run
// as one multi-command ALTER, which ClickHouse validates whole before it changes anything. The
// issue's scenario (a good column and a bad one, `DEFAULT nosuchfunc(user_id)`, added in one
// change) leaves neither column, and once the code is reverted the plan is clean and deploy runs
// nothing, without a hand-written statement. Where statements cannot share an ALTER (two
// list-ending commands: MODIFY TTL and MODIFY SETTING), the error says which one ran and which failed.
import { ClickHouseClient } from '@clickhouse/client';
import { TfObject } from '../../provider/protocol/dynamic-value';
import { TableSpec } from '../../sql/spec/model';
import { queryRows, testClient, uniqueName } from '../support/clickhouse';
import { errorsOf, startProvider, TestProvider } from '../support/provider';
import { monthlyTable } from '../support/tables';
import { serverInfo } from '../support/server-info';

const ROWS = 6000;

describe('one ALTER per table: a failing change leaves nothing half-applied', () => {
  const db = uniqueName('batch');
  const audit = uniqueName('batch_audit');
  let client: ClickHouseClient;
  let provider: TestProvider;
  const logs: string[] = [];

  const base = (name: string): TableSpec => monthlyTable(db, name, [{ name: 'user_id', type: 'UInt64' }]);

  async function columns(table: string): Promise<string[]> {
    const rows = await queryRows<{ name: string }>(
      client,
      'SELECT name FROM system.columns WHERE database = {db:String} AND table = {t:String} ORDER BY position',
      {
        db,
        t: table,
      },
    );
    return rows.map((r) => r.name);
  }
  async function count(table: string): Promise<number> {
    const [r] = await queryRows<{ n: string }>(client, `SELECT count() AS n FROM ${db}.${table}`);
    return Number(r.n);
  }

  /** Creates the table through the provider and fills it: ROWS rows an hour apart, 9 monthly partitions. */
  async function created(name: string): Promise<TfObject> {
    const run = await provider.converge(base(name));
    expect(errorsOf(run)).toBe('');
    await client.command({
      query: `INSERT INTO ${db}.${name} SELECT number, toDateTime('2025-01-01 00:00:00') + number * 3600, number % 97 FROM numbers(${ROWS})`,
    });
    const [p] = await queryRows<{ partitions: string }>(
      client,
      'SELECT uniqExact(partition) AS partitions FROM system.parts WHERE active AND database = {db:String} AND table = {t:String}',
      { db, t: name },
    );
    expect(Number(p.partitions)).toBeGreaterThanOrEqual(8);
    return run.state!;
  }

  beforeAll(async () => {
    client = testClient();
    await client.command({ query: `CREATE DATABASE ${db}` });
    const info = serverInfo();
    provider = await startProvider(
      { url: info.url, username: info.username, password: info.password, stack: 'batch', revisions_database: audit },
      process.env,
      (l) => logs.push(l),
    );
  });
  afterAll(async () => {
    await provider.close();
    for (const d of [db, audit]) await client.command({ query: `DROP DATABASE IF EXISTS ${d} SYNC` });
    await client.close();
  });

  test('GIVEN a table with rows WHEN columns good and bad (DEFAULT nosuchfunc) are added in one change THEN neither is added, and after reverting the code the plan is clean', async () => {
    const state = await created('events');
    const broken: TableSpec = {
      ...base('events'),
      columns: [...base('events').columns, { name: 'good', type: 'UInt8' }, { name: 'bad', type: 'UInt64', defaultExpression: 'nosuchfunc(user_id)' }],
    };

    // The plan shows the one statement apply runs.
    const plan = await provider.plan(broken, state);
    expect(errorsOf(plan)).toBe('');
    const sql = String(plan.planned!.planned_sql);
    expect(sql.split('\n')).toEqual([
      expect.stringMatching(/^ALTER TABLE `[^`]+`\.`events` ADD COLUMN IF NOT EXISTS `good` UInt8 AFTER `user_id`, ADD COLUMN IF NOT EXISTS `bad` .*;$/),
    ]);

    // Deploy fails as a whole: ClickHouse's error (46, UNKNOWN_FUNCTION), and neither column.
    const deploy = await provider.converge(broken, state);
    const error = errorsOf(deploy);
    expect(error).toMatch(/ClickHouse error 46/);
    expect(error).toContain('Nothing ran before the failure.');
    expect(error).toContain(`Failed (refused by the server as a whole: none of its commands took effect):\n${sql}`);
    expect(deploy.state).toEqual(state);
    expect(await columns('events')).toEqual(['id', 'ts', 'user_id']);
    expect(await count('events')).toBe(ROWS);

    // The code reverted: refresh, plan and deploy change nothing, with no SQL by hand.
    const read = await provider.read(base('events'), state);
    expect(read.state!.drift).toBe('');
    const again = await provider.converge(base('events'), read.state!);
    expect(errorsOf(again)).toBe('');
    expect(again.planned).toEqual(read.state);
    expect(again.state).toEqual(read.state);

    // And the bad column fixed, the same change deploys in one statement.
    const fixed: TableSpec = {
      ...broken,
      columns: [...base('events').columns, { name: 'good', type: 'UInt8' }, { name: 'bad', type: 'UInt64', defaultExpression: 'user_id * 2' }],
    };
    const good = await provider.converge(fixed, read.state!);
    expect(errorsOf(good)).toBe('');
    expect(String(good.state!.planned_sql).split('\n')).toHaveLength(1);
    expect(await columns('events')).toEqual(['id', 'ts', 'user_id', 'good', 'bad']);
    expect(await count('events')).toBe(ROWS);
  });

  test('GIVEN a TTL and an unknown setting (two list-ending commands cannot share an ALTER) WHEN deployed THEN the error says the TTL ran and the setting failed', async () => {
    const state = await created('metrics');
    const desired: TableSpec = { ...base('metrics'), ttl: 'ts + toIntervalYear(10)', settings: { no_such_setting_here: 1 } };
    const plan = await provider.plan(desired, state);
    expect(errorsOf(plan)).toBe('');
    const [ttl, setting] = String(plan.planned!.planned_sql).split('\n');
    expect(ttl).toMatch(/ MODIFY TTL ts \+ toIntervalYear\(10\);$/);
    expect(setting).toMatch(/ MODIFY SETTING no_such_setting_here = 1;$/);

    const deploy = await provider.converge(desired, state);
    const error = errorsOf(deploy);
    expect(error).toMatch(/ClickHouse error 115/);
    expect(error).toContain(`Ran before the failure:\n${ttl}`);
    expect(error).toContain(`Failed (refused by the server as a whole: none of its commands took effect):\n${setting}`);
    const [t] = await queryRows<{ engine_full: string }>(client, 'SELECT engine_full FROM system.tables WHERE database = {db:String} AND name = {t:String}', {
      db,
      t: 'metrics',
    });
    expect(t.engine_full).toContain('TTL ts + toIntervalYear(10)');
    expect(t.engine_full).not.toContain('no_such_setting_here');
    expect(await count('metrics')).toBe(ROWS);
    // The audit record says exactly what ran.
    const records = await queryRows<{ revision: string; statements: string[] }>(
      client,
      `SELECT revision, statements FROM ${audit}.revisions WHERE stack = 'batch' AND object = {o:String} ORDER BY applied_at, revision`,
      { o: `table:${db}.metrics` },
    );
    expect(records.at(-1)).toEqual({ revision: 'partial', statements: [ttl.replace(/;$/, '')] });
  });
});
