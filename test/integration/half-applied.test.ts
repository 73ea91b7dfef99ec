// A half-applied table change, undone by reverting the code: a new column and a skip index are
// deployed as two statements (ADD COLUMN + ADD INDEX, then MATERIALIZE INDEX, which a mutation
// ends); the second fails (the connection is reset under it), so the column and the index stay.
// Reverting the code, the next deploy drops them as a normal change, without allowDestructive:
// no part holds the new column on disk (system.parts_columns, read with the table's data in the
// same query), so dropping it loses nothing. A column that parts do hold stays refused.
import { ClickHouseClient } from '@clickhouse/client';
import { TableSpec } from '../../sql/spec/model';
import { monthlyTable } from '../support/tables';
import { queryRows, testClient, uniqueName } from '../support/clickhouse';
import { FaultProxy, startFaultProxy } from '../support/fault-proxy';
import { errorsOf, ProviderRun, startProvider, TestProvider } from '../support/provider';
import { TfObject } from '../../provider/protocol/dynamic-value';
import { serverInfo } from '../support/server-info';

describe('a half-applied change converges after the code is reverted, with no manual SQL', () => {
  const db = uniqueName('half');
  let client: ClickHouseClient;
  let proxy: FaultProxy;
  const info = serverInfo();
  const connection = { url: info.url, username: info.username, password: info.password, record_revisions: false };
  const base: TableSpec = monthlyTable(db, 'events');
  const withGood: TableSpec = {
    ...base,
    columns: [...base.columns, { name: 'good', type: 'UInt8' }],
    indexes: [{ name: 'by_ts', expression: 'ts', type: 'minmax' }],
  };

  async function once<T>(f: (p: TestProvider) => Promise<T>, conn: Record<string, unknown> = connection): Promise<T> {
    const p = await startProvider(conn);
    try {
      return await f(p);
    } finally {
      await p.close();
    }
  }
  /** What Terraform does: refresh the state (Read), then plan (and apply) from it, in one provider process. */
  const refreshed = async (p: TestProvider, spec: TableSpec, state: TfObject) => (await p.read(spec, state)).state ?? null;
  let created: ProviderRun | undefined;
  const columns = async () =>
    (
      await queryRows<{ name: string }>(client, 'SELECT name FROM system.columns WHERE database = {db:String} AND table = {t:String} ORDER BY position', {
        db,
        t: 'events',
      })
    ).map((r) => r.name);

  beforeAll(async () => {
    client = testClient();
    await client.command({ query: `CREATE DATABASE ${db}` });
    proxy = await startFaultProxy({ target: info.url });
  });
  afterAll(async () => {
    await proxy.close();
    await client.command({ query: `DROP DATABASE IF EXISTS ${db} SYNC` });
    await client.close();
  });

  test('GIVEN ADD COLUMN ran and MATERIALIZE INDEX failed WHEN the code is reverted THEN the plan drops the column and index as safe changes and deploy converges', async () => {
    created = await once((p) => p.converge(base));
    expect(errorsOf(created)).toBe('');
    await client.command({ query: `INSERT INTO ${db}.events SELECT number, toDateTime('2025-01-01 00:00:00') + number * 3600 FROM numbers(6000)` });

    // The deploy of the new column and index: its second statement fails.
    proxy.resetWhen = (sql) => sql.includes('MATERIALIZE INDEX');
    const half = await once(async (p) => p.converge(withGood, await refreshed(p, base, created!.state!)), { ...connection, url: proxy.url });
    proxy.resetWhen = undefined;
    expect(errorsOf(half)).toContain('Ran before the failure:');
    expect(errorsOf(half)).toMatch(/Failed[^:]*:\nALTER TABLE `[^`]+`\.`events` MATERIALIZE INDEX `by_ts`;/);
    expect(await columns()).toEqual(['id', 'ts', 'good']);

    // Reverted: the plan drops the column and the index, allowed without allowDestructive.
    const plan = await once(async (p) => p.plan(base, await refreshed(p, base, created!.state!)));
    expect(errorsOf(plan)).toBe('');
    expect(String(plan.planned!.planned_sql)).toContain('DROP COLUMN IF EXISTS `good`');
    expect(String(plan.planned!.planned_sql)).toContain('DROP INDEX IF EXISTS `by_ts`');
    const undo = await once(async (p) => p.converge(base, await refreshed(p, base, created!.state!)));
    expect(errorsOf(undo)).toBe('');
    expect(await columns()).toEqual(['id', 'ts']);
    const [{ n }] = await queryRows<{ n: string }>(client, `SELECT count() AS n FROM ${db}.events`);
    expect(Number(n)).toBe(6000);
    const after = await once(async (p) => p.plan(base, await refreshed(p, base, undo.state!)));
    expect(after.planned).toEqual(undo.state);
  });

  test('GIVEN an extra column that parts hold on disk WHEN planned without allowDestructive THEN it is refused as before', async () => {
    await client.command({ query: `ALTER TABLE ${db}.events ADD COLUMN kept UInt8` });
    await client.command({ query: `INSERT INTO ${db}.events SELECT number, now(), 1 FROM numbers(10)` });
    const plan = await once(async (p) => p.plan(base, await refreshed(p, base, created!.state!)));
    expect(errorsOf(plan)).toContain('extra_column: column kept UInt8: desired absent, live present\n');
  });
});
