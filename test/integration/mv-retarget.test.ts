// A materialized view whose target table is renamed (Table renamedFrom) on the real server.
// Measured on 26.7: ClickHouse does not follow a RENAME TABLE of a view's target (the view still
// says TO the old name, and inserts into its source then fail with UNKNOWN_TABLE), nor of its
// source (the view stops receiving rows until MODIFY QUERY names the new one). So the plan renames
// the table, recreates the view to write to the new name (mv_retargeted: runnable without an
// opt-in, as the broken view loses nothing), and a view reading a renamed table gets MODIFY QUERY.
import { clientQueryFn } from '../../sql/live/client';
import { checkDrift } from '../../sql/live/drift-check';
import { runnableStatements } from '../../sql/spec/changes';
import { DatabaseSpec, MaterializedViewSpec, ObjectSpec, TableSpec } from '../../sql/spec/model';
import { queryRows, testClient, uniqueName } from '../support/clickhouse';

describe('materialized views retargeted when their tables are renamed', () => {
  const client = testClient();
  const query = clientQueryFn(client);
  const db = uniqueName('retarget');
  const database: DatabaseSpec = { kind: 'database', name: db };
  const table = (name: string, renamedFrom?: string): TableSpec => ({
    kind: 'table',
    database: db,
    name,
    columns: [{ name: 'k', type: 'UInt64' }],
    engine: { name: 'MergeTree' },
    orderBy: ['k'],
    ...(renamedFrom ? { renamedFrom } : {}),
  });
  const view = (to: MaterializedViewSpec['to'], from: string): MaterializedViewSpec => ({
    kind: 'materialized_view',
    database: db,
    name: 'mv',
    to,
    select: `SELECT k FROM ${db}.${from}`,
  });
  const count = async (t: string) => Number((await queryRows<{ n: string }>(client, `SELECT count() AS n FROM ${db}.${t}`))[0].n);
  const deploy = async (specs: ObjectSpec[]) => {
    for (const s of runnableStatements((await checkDrift(query, specs)).changes)) await client.command({ query: s });
  };
  afterAll(async () => {
    await client.command({ query: `DROP DATABASE IF EXISTS ${db} SYNC` });
    await client.close();
  });

  test('GIVEN the target and the source renamed with renamedFrom THEN the plan renames both and retargets the view without an opt-in; rows flow again', async () => {
    const before: ObjectSpec[] = [database, table('src'), table('dst'), view({ database: db, name: 'dst' }, 'src')];
    await deploy(before);
    expect((await checkDrift(query, before)).changes).toEqual([]);
    const after: ObjectSpec[] = [database, table('src2', 'src'), table('dst2', 'dst'), view({ database: db, name: 'dst2', renamedFrom: 'dst' }, 'src2')];
    const changes = (await checkDrift(query, after)).changes;
    expect(changes.map((c) => [c.object, c.reason, c.runnable])).toEqual([
      [`table:${db}.src2`, 'table_renamed', true],
      [`table:${db}.dst2`, 'table_renamed', true],
      [`materialized_view:${db}.mv`, 'mv_retargeted', true],
    ]);
    for (const s of runnableStatements(changes)) await client.command({ query: s });
    expect((await checkDrift(query, after)).changes).toEqual([]);
    await client.command({ query: `INSERT INTO ${db}.src2 VALUES (1)` });
    expect(await count('dst2')).toBe(1);
  });

  test('GIVEN the target renamed but the view declared without renamedFrom THEN mv_target_changed stays gated', async () => {
    const specs: ObjectSpec[] = [database, table('src2'), table('dst3', 'dst2'), view({ database: db, name: 'dst3' }, 'src2')];
    const changes = (await checkDrift(query, specs)).changes;
    expect(changes.map((c) => [c.reason, c.runnable])).toEqual([
      ['table_renamed', true],
      ['mv_target_changed', false],
    ]);
  });
});
