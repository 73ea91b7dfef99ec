// What an apply reads: a create the plan's snapshot does not hold runs its CREATE ... IF NOT
// EXISTS without reading first, and reads once after, to verify. That read still catches a
// table someone else created between the plan and the apply: as declared, it is adopted; with
// another definition, apply fails naming what differs, and the table is left as it was.
import { ClickHouseClient } from '@clickhouse/client';
import { LiveReader } from '../../provider/live-reader';
import { DatabaseSpec, TableSpec } from '../../sql/spec/model';
import { queryRows, testClient, uniqueName } from '../support/clickhouse';
import { errorsOf, startProvider, TestProvider } from '../support/provider';
import { serverInfo } from '../support/server-info';

const readerOf = (tp: TestProvider) => (tp.provider as unknown as { reader: LiveReader }).reader;

describe('provider apply: what a create reads', () => {
  let client: ClickHouseClient;
  let tp: TestProvider;
  const db = uniqueName('apply_reads');
  const database: DatabaseSpec = { kind: 'database', name: db };
  const table = (name: string): TableSpec => ({
    kind: 'table',
    database: db,
    name,
    columns: [
      { name: 'ts', type: 'DateTime' },
      { name: 'k', type: 'UInt64', comment: 'key' },
    ],
    engine: { name: 'MergeTree' },
    orderBy: ['k'],
    ttl: 'ts + INTERVAL 90 DAY',
  });

  beforeAll(async () => {
    client = testClient();
    const info = serverInfo();
    tp = await startProvider({ url: info.url, username: info.username, password: info.password, stack: 'apply-reads', record_revisions: false });
    expect(errorsOf(await tp.converge(database))).toBe('');
  });
  afterAll(async () => {
    await tp.close();
    await client.command({ query: `DROP DATABASE IF EXISTS ${db} SYNC` });
    await client.close();
  });

  test('GIVEN a new table planned WHEN applied THEN apply reads the server once (to verify), not before its CREATE as well', async () => {
    const spec = table('fresh');
    const reader = readerOf(tp);
    const planned = await tp.plan(spec);
    expect(planned.planned?.planned_sql).toMatch(/^CREATE TABLE IF NOT EXISTS/);
    const q0 = reader.queries;
    const run = await tp.converge(spec);
    expect(errorsOf(run)).toBe('');
    const applied = reader.queries - q0;
    // converge plans again (as Terraform does right before applying): that plan's reads are the
    // canonical form's; measure them apart.
    const q1 = reader.queries;
    await reader.canonical(spec);
    const canonical = reader.queries - q1;
    const q2 = reader.queries;
    await reader.fresh(spec);
    const oneRead = reader.queries - q2;
    expect(oneRead).toBeGreaterThan(1);
    expect(applied).toBe(canonical + oneRead);
    const cols = await queryRows<{ name: string; comment: string }>(
      client,
      'SELECT name, comment FROM system.columns WHERE database = {d:String} AND table = {t:String} ORDER BY position',
      {
        d: db,
        t: 'fresh',
      },
    );
    expect(cols).toEqual([
      { name: 'ts', comment: '' },
      { name: 'k', comment: 'key' },
    ]);
    expect(run.state?.planned_sql).toBe(planned.planned?.planned_sql);
  });

  test('GIVEN the same table created by hand between plan and apply WHEN applied THEN it is adopted as declared', async () => {
    const spec = table('race_same');
    await tp.plan(spec); // the plan's snapshot (cached in this process) does not hold it
    await client.command({
      query: `CREATE TABLE ${db}.race_same (ts DateTime, k UInt64 COMMENT 'key') ENGINE = MergeTree ORDER BY k TTL ts + INTERVAL 90 DAY`,
    });
    const run = await tp.converge(spec);
    expect(errorsOf(run)).toBe('');
    expect(run.state?.id).toBe(`${db}.race_same`);
  });

  test('GIVEN another table of that name created by hand between plan and apply WHEN applied THEN apply fails naming the difference and the table keeps its rows', async () => {
    const spec = table('race_other');
    await tp.plan(spec);
    await client.command({ query: `CREATE TABLE ${db}.race_other (ts DateTime, k UInt64, extra String) ENGINE = MergeTree ORDER BY k` });
    await client.command({ query: `INSERT INTO ${db}.race_other VALUES (now(), 1, 'x'), (now(), 2, 'y')` });
    const run = await tp.converge(spec);
    expect(errorsOf(run)).toContain(`${db}.race_other: still differs after apply`);
    expect(errorsOf(run)).toContain('extra_column');
    expect(run.state).toBeNull();
    const [row] = await queryRows<{ n: string }>(client, `SELECT count() AS n FROM ${db}.race_other`);
    expect(Number(row.n)).toBe(2);
  });
});
