// Refreshable materialized views and views without TO (inner table) on the real server: what
// render writes parses (formatQuery) and creates the view, introspection reads it back in sync,
// and each reason code is detected after a change by hand and healed: mv_refresh_changed in place
// (MODIFY REFRESH) or by a gated rebuild (APPEND, a regular view made refreshable), mv_inner_changed
// (a destructive rebuild, refused by default), mv_target_changed between TO and an inner table.
import { clientQueryFn } from '../../sql/live/client';
import { checkDrift } from '../../sql/live/drift-check';
import { renderCreateMaterializedView } from '../../sql/render/tables';
import { runnableStatements } from '../../sql/spec/changes';
import { DatabaseSpec, MaterializedViewSpec, ObjectSpec, TableSpec } from '../../sql/spec/model';
import { formatQuery, queryRows, testClient, uniqueName } from '../support/clickhouse';

describe('refreshable materialized views and views without TO on the server', () => {
  const client = testClient();
  const query = clientQueryFn(client);
  const db = uniqueName('refresh');
  const database: DatabaseSpec = { kind: 'database', name: db };
  const src: TableSpec = {
    kind: 'table',
    database: db,
    name: 'src',
    columns: [
      { name: 'ts', type: 'DateTime' },
      { name: 'id', type: 'UInt64' },
    ],
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
  const refreshable: MaterializedViewSpec = {
    ...view,
    name: 'rmv',
    refresh: { kind: 'EVERY', interval: '1 hour', offset: '5 minutes', randomizeFor: '10 SECOND', settings: { refresh_retries: 2 } },
  };
  const inner: MaterializedViewSpec = {
    kind: 'materialized_view',
    database: db,
    name: 'imv',
    inner: { engine: { name: 'MergeTree' }, orderBy: ['id'], partitionBy: 'toYYYYMM(ts)', settings: { index_granularity: 4096 } },
    select: `SELECT id, ts FROM ${db}.src`,
  };
  const base: ObjectSpec[] = [database, src, hourly];
  const drift = async (specs: readonly ObjectSpec[], allowDestructive = false) =>
    (await checkDrift(query, [...base, ...specs], { allowDestructive })).changes.map((c) => [c.object, c.reason, c.runnable, c.inPlace]);
  const heal = async (specs: readonly ObjectSpec[], allowDestructive = false) => {
    for (const s of runnableStatements((await checkDrift(query, [...base, ...specs], { allowDestructive })).changes)) await client.command({ query: s });
  };
  beforeAll(async () => {
    for (const s of runnableStatements((await checkDrift(query, base)).changes)) await client.command({ query: s });
  });
  afterAll(async () => {
    await client.command({ query: `DROP DATABASE IF EXISTS ${db} SYNC` });
    await client.close();
  });

  test('GIVEN the view made refreshable by hand WHEN the declared regular view is checked THEN mv_refresh_changed names the REFRESH clause', async () => {
    await client.command({ query: `CREATE MATERIALIZED VIEW ${db}.mv TO ${db}.hourly AS ${view.select}` });
    expect(await drift([view])).toEqual([]);
    await client.command({ query: `DROP VIEW ${db}.mv SYNC` });
    await client.command({ query: `CREATE MATERIALIZED VIEW ${db}.mv REFRESH EVERY 1 HOUR TO ${db}.hourly AS ${view.select}` });
    const changes = (await checkDrift(query, [...base, view])).changes;
    expect(changes.map((c) => [c.object, c.reason, c.runnable, c.detail])).toEqual([
      [`materialized_view:${db}.mv`, 'mv_refresh_changed', false, 'refresh desired none, live REFRESH EVERY 1 HOUR'],
    ]);
    await heal([view], true);
    expect(await drift([view])).toEqual([]);
  });

  test('GIVEN a declared refreshable view THEN its CREATE parses and deploys in sync; a REFRESH changed by hand is mv_refresh_changed, healed in place', async () => {
    const create = renderCreateMaterializedView(refreshable);
    expect(await formatQuery(client, create)).toContain('REFRESH EVERY 1 HOUR OFFSET 5 MINUTE RANDOMIZE FOR 10 SECOND SETTINGS refresh_retries = 2');
    await heal([refreshable]);
    expect(await drift([refreshable])).toEqual([]);
    await client.command({ query: `ALTER TABLE ${db}.rmv MODIFY REFRESH AFTER 2 HOUR` });
    expect(await drift([refreshable])).toEqual([[`materialized_view:${db}.rmv`, 'mv_refresh_changed', true, true]]);
    await heal([refreshable]);
    expect(await drift([refreshable])).toEqual([]);
    const [row] = await queryRows<{ q: string }>(
      client,
      'SELECT create_table_query AS q FROM system.tables WHERE database = {db:String} AND name = {n:String}',
      {
        db,
        n: 'rmv',
      },
    );
    expect(row.q).toContain('REFRESH EVERY 1 HOUR OFFSET 5 MINUTE RANDOMIZE FOR 10 SECOND SETTINGS refresh_retries = 2 TO');
  });

  test('GIVEN APPEND declared on a view that has none THEN mv_refresh_changed is a rebuild, refused by default, healed when allowed', async () => {
    const append: MaterializedViewSpec = { ...refreshable, refresh: { ...refreshable.refresh!, append: true } };
    expect(await drift([append])).toEqual([[`materialized_view:${db}.rmv`, 'mv_refresh_changed', false, false]]);
    await heal([append], true);
    expect(await drift([append])).toEqual([]);
  });

  test('GIVEN a declared view without TO THEN its CREATE deploys in sync; an inner ORDER BY changed by hand is mv_inner_changed, destructive, refused by default', async () => {
    await heal([inner]);
    expect(await drift([inner])).toEqual([]);
    await client.command({ query: `INSERT INTO ${db}.src VALUES (now(), 1)` });
    const [{ n }] = await queryRows<{ n: string }>(client, `SELECT count() AS n FROM ${db}.imv`);
    expect(Number(n)).toBe(1);
    await client.command({ query: `DROP VIEW ${db}.imv SYNC` });
    await client.command({ query: `CREATE MATERIALIZED VIEW ${db}.imv ENGINE = MergeTree ORDER BY (id, ts) AS ${inner.select}` });
    const changes = (await checkDrift(query, [...base, inner])).changes;
    expect(changes.map((c) => [c.reason, c.runnable, c.destructive, c.detail])).toEqual([
      [
        'mv_inner_changed',
        false,
        true,
        'inner table PARTITION BY desired toYYYYMM(ts), live none; ORDER BY desired (id), live (id, ts); setting index_granularity desired 4096, live 8192',
      ],
    ]);
    await heal([inner], true);
    expect(await drift([inner])).toEqual([]);
  });

  test('GIVEN an inner view declared with TO instead THEN mv_target_changed (destructive: its rows go with it)', async () => {
    const withTo: MaterializedViewSpec = { ...inner, inner: undefined, to: { database: db, name: 'hourly' }, select: view.select };
    expect((await checkDrift(query, [...base, withTo])).changes.map((c) => [c.reason, c.runnable, c.destructive])).toEqual([
      ['mv_target_changed', false, true],
    ]);
  });
});
