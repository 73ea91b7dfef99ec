// A refreshable materialized view on the real server: introspection reads its REFRESH clause, so
// a regular view declared under its name is drift (mv_refresh_changed), never silently in sync.
import { clientQueryFn } from '../../sql/live/client';
import { checkDrift } from '../../sql/live/drift-check';
import { DatabaseSpec, MaterializedViewSpec, TableSpec } from '../../sql/spec/model';
import { testClient, uniqueName } from '../support/clickhouse';

describe('refreshable materialized views on the server', () => {
  const client = testClient();
  const query = clientQueryFn(client);
  const db = uniqueName('refresh');
  const database: DatabaseSpec = { kind: 'database', name: db };
  const src: TableSpec = {
    kind: 'table',
    database: db,
    name: 'src',
    columns: [{ name: 'ts', type: 'DateTime' }],
    engine: { name: 'MergeTree' },
    orderBy: ['ts'],
  };
  const hourly: TableSpec = {
    kind: 'table',
    database: db,
    name: 'hourly',
    columns: [
      { name: 'hour', type: 'DateTime' },
      { name: 'n', type: 'UInt64' },
    ],
    engine: { name: 'MergeTree' },
    orderBy: ['hour'],
  };
  const view: MaterializedViewSpec = {
    kind: 'materialized_view',
    database: db,
    name: 'mv',
    to: { database: db, name: 'hourly' },
    select: `SELECT toStartOfHour(ts) AS hour, count() AS n FROM ${db}.src GROUP BY hour`,
  };
  afterAll(async () => {
    await client.command({ query: `DROP DATABASE IF EXISTS ${db} SYNC` });
    await client.close();
  });

  test('GIVEN the view made refreshable by hand WHEN the declared regular view is checked THEN mv_refresh_changed names the REFRESH clause', async () => {
    await client.command({ query: `CREATE DATABASE ${db}` });
    await client.command({ query: `CREATE TABLE ${db}.src (ts DateTime) ENGINE = MergeTree ORDER BY ts` });
    await client.command({ query: `CREATE TABLE ${db}.hourly (hour DateTime, n UInt64) ENGINE = MergeTree ORDER BY hour` });
    await client.command({ query: `CREATE MATERIALIZED VIEW ${db}.mv TO ${db}.hourly AS ${view.select}` });
    expect((await checkDrift(query, [database, src, hourly, view])).changes).toEqual([]);
    await client.command({ query: `DROP VIEW ${db}.mv SYNC` });
    await client.command({ query: `CREATE MATERIALIZED VIEW ${db}.mv REFRESH EVERY 1 HOUR TO ${db}.hourly AS ${view.select}` });
    const changes = (await checkDrift(query, [database, src, hourly, view])).changes;
    expect(changes.map((c) => [c.object, c.reason, c.runnable, c.detail])).toEqual([
      [`materialized_view:${db}.mv`, 'mv_refresh_changed', false, 'refresh desired none, live REFRESH EVERY 1 HOUR'],
    ]);
  });
});
