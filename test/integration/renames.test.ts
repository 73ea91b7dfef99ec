// Renames on the real server, through the provider: a table and a column declared renamedFrom
// plan as RENAME TABLE and RENAME COLUMN (shown in planned_sql and in the drift check), apply keeps
// every row and value, and afterwards the drift check and the plan are clean. A key column's
// rename is refused at plan, before anything is sent.
import { clientQueryFn } from '../../sql/live/client';
import { checkDrift } from '../../sql/live/drift-check';
import { DatabaseSpec, TableSpec } from '../../sql/spec/model';
import { queryRows, testClient, uniqueName } from '../support/clickhouse';
import { errorsOf, startProvider, TestProvider } from '../support/provider';
import { serverInfo } from '../support/server-info';

describe('renames keep the data', () => {
  const client = testClient();
  const query = clientQueryFn(client);
  const db = uniqueName('renames');
  const database: DatabaseSpec = { kind: 'database', name: db };
  const before: TableSpec = {
    kind: 'table',
    database: db,
    name: 'events_old',
    columns: [
      { name: 'id', type: 'UInt64' },
      { name: 'ts', type: 'DateTime' },
      { name: 'msg', type: 'String', comment: 'the text' },
    ],
    engine: { name: 'MergeTree' },
    orderBy: ['id'],
    partitionBy: 'toYYYYMM(ts)',
  };
  const after: TableSpec = {
    ...before,
    name: 'events',
    renamedFrom: 'events_old',
    columns: before.columns.map((c) => (c.name === 'msg' ? { ...c, name: 'message', renamedFrom: 'msg' } : c)),
  };
  let tp: TestProvider;

  beforeAll(async () => {
    const info = serverInfo();
    tp = await startProvider({ url: info.url, username: info.username, password: info.password, stack: 'renames', record_revisions: false });
  });
  afterAll(async () => {
    await tp.close();
    await client.command({ query: `DROP DATABASE IF EXISTS ${db} SYNC` });
    await client.close();
  });

  test('GIVEN a table with rows in three partitions WHEN it and a column are renamed THEN the plan shows the RENAMEs and apply keeps every row', async () => {
    expect(errorsOf(await tp.converge(database))).toBe('');
    const created = await tp.converge(before);
    expect(errorsOf(created)).toBe('');
    await client.command({
      query: `INSERT INTO ${db}.events_old SELECT number, toDateTime('2026-09-01 00:00:00') + number * 2400, concat('m', toString(number)) FROM numbers(3000)`,
    });
    const [was] = await queryRows<{ n: string; parts: string; h: string }>(
      client,
      `SELECT count() AS n, uniqExact(_partition_id) AS parts, toString(sum(cityHash64(msg))) AS h FROM ${db}.events_old`,
    );
    expect(Number(was.n)).toBe(3000);
    expect(Number(was.parts)).toBe(3);

    // The drift check names both renames before anything runs.
    const drift = await checkDrift(query, [database, after]);
    expect(drift.changes.map((c) => [c.object, c.reason, c.runnable])).toEqual([
      [`table:${db}.events`, 'table_renamed', true],
      [`table:${db}.events`, 'column_renamed', true],
    ]);

    const run = await tp.converge(after, created.state!);
    expect(errorsOf(run)).toBe('');
    expect(run.planned?.planned_sql).toBe(
      [
        `RENAME TABLE \`${db}\`.\`events_old\` TO \`${db}\`.\`events\`;`,
        `ALTER TABLE \`${db}\`.\`events\` RENAME COLUMN IF EXISTS \`msg\` TO \`message\`;`,
      ].join('\n'),
    );
    expect(run.planned?.planned_cost).toContain('metadata');
    const tables = await queryRows<{ name: string }>(client, 'SELECT name FROM system.tables WHERE database = {d:String} ORDER BY name', { d: db });
    expect(tables.map((t) => t.name)).toEqual(['events']);
    const [now] = await queryRows<{ n: string; h: string; c: string }>(
      client,
      `SELECT count() AS n, toString(sum(cityHash64(message))) AS h, any(comment) AS c FROM ${db}.events, system.columns WHERE system.columns.database = '${db}' AND system.columns.table = 'events' AND system.columns.name = 'message'`,
    );
    expect(Number(now.n)).toBe(3000);
    expect(now.h).toBe(was.h);
    expect(now.c).toBe('the text');

    // Converged: the drift check and the next plan have nothing to do.
    expect((await checkDrift(query, [database, after])).changes).toEqual([]);
    const again = await tp.plan(after, run.state!);
    expect(errorsOf(again)).toBe('');
    expect(again.planned).toEqual(run.state);
  });

  test('GIVEN a key column declared renamed THEN the plan refuses it with the hint and the server is unchanged', async () => {
    const current = after;
    const keyRenamed: TableSpec = {
      ...current,
      columns: current.columns.map((c) => (c.name === 'id' ? { name: 'event_id', type: 'UInt64', renamedFrom: 'id' } : c)),
      orderBy: ['event_id'],
    };
    const state = (await tp.plan(current)).planned;
    const plan = await tp.plan(keyRenamed, state ?? null);
    expect(errorsOf(plan)).toContain('column_renamed');
    expect(errorsOf(plan)).toContain('cannot rename a key column');
    const cols = await queryRows<{ name: string }>(
      client,
      'SELECT name FROM system.columns WHERE database = {d:String} AND table = {t:String} ORDER BY position',
      {
        d: db,
        t: 'events',
      },
    );
    expect(cols.map((c) => c.name)).toEqual(['id', 'ts', 'message']);
  });
});
