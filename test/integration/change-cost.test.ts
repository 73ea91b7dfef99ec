// Changes that know the data, on a real server: the snapshot reads what each table holds
// (system.parts, system.mutations) in one query whatever the table count; every change of a table
// carries its cost with exactly the rows, bytes and parts system.parts lists; dropping a column
// that holds rows is refused naming them, the same drop on an empty table runs.
import { ClickHouseClient } from '@clickhouse/client';
import { clientQueryFn, countingQueryFn } from '../../sql/live/client';
import { readSnapshot, scopeOf } from '../../sql/live/snapshot';
import { evaluateObject } from '../../sql/diff/evaluate';
import { formatCost, runnableStatements } from '../../sql/spec/changes';
import { TableSpec } from '../../sql/spec/model';
import { renderDropDatabase } from '../../sql/render/tables';
import { monthlyTable } from '../support/tables';
import { queryRows, testClient, uniqueName } from '../support/clickhouse';

const client: ClickHouseClient = testClient();
const query = clientQueryFn(client);
const db = uniqueName('cost');
const run = async (...statements: string[]) => {
  for (const q of statements) await client.command({ query: q });
};

const table = (name: string): TableSpec => monthlyTable(db, name);
const create = (name: string) => `CREATE TABLE ${db}.${name} (id UInt64, ts DateTime, extra String) ENGINE = MergeTree PARTITION BY toYYYYMM(ts) ORDER BY id`;

beforeAll(async () => {
  await run(`CREATE DATABASE ${db}`, create('full'), create('empty'), `SYSTEM STOP MERGES ${db}.full`);
  // 12,000 rows an hour apart from January: about 17 monthly partitions, in two inserts (two parts each).
  for (const from of [0, 6000])
    await run(`INSERT INTO ${db}.full SELECT number, toDateTime('2025-01-01 00:00:00') + number * 3600, repeat('x', 20) FROM numbers(${from}, 6000)`);
});
afterAll(async () => {
  await run(renderDropDatabase({ name: db }));
  await client.close();
});

async function onDisk(name: string): Promise<{ rows: number; bytes: number; parts: number }> {
  const [r] = await queryRows<{ rows: string; bytes: string; parts: string }>(
    client,
    `SELECT sum(rows) AS rows, sum(bytes_on_disk) AS bytes, count() AS parts FROM system.parts WHERE active AND database = '${db}' AND table = '${name}'`,
  );
  return { rows: Number(r.rows), bytes: Number(r.bytes), parts: Number(r.parts) };
}

describe('the cost of a change, from what the table holds', () => {
  test('GIVEN a table with rows in many partitions WHEN its drift is evaluated THEN each change carries the rows, bytes and parts system.parts lists', async () => {
    const desired = { ...table('full'), ttl: 'ts + toIntervalYear(5)' };
    const {
      desired: [canon],
      snapshot,
    } = await readSnapshot(query, scopeOf([desired]), [desired]);
    const changes = evaluateObject(canon, snapshot, {});
    const disk = await onDisk('full');
    expect(disk.rows).toBe(12000);
    expect(disk.parts).toBeGreaterThan(10);
    expect(changes.map((c) => [c.reason, c.cost])).toEqual([
      ['extra_column', { class: 'drops_data', ...disk, pendingMutations: 0 }],
      ['ttl_changed', { class: 'rewrites_parts', ...disk, pendingMutations: 0, note: 'materialize_ttl_after_modify=1' }],
    ]);
    expect(formatCost(changes[1].cost!)).toMatch(/^rewrites \d+ part\(s\), [\d.]+ KiB, 12,000 row\(s\) \(materialize_ttl_after_modify=1\)$/);
    // The guard: a column holding rows is not dropped without allowDestructive, and the refusal says how much.
    expect(changes[0].runnable).toBe(false);
    expect(changes[0].hint).toContain('the table holds 12,000 row(s)');
    expect(changes[0].hint).toContain(`in ${disk.parts} part(s)`);
    expect(evaluateObject(canon, snapshot, { allowDestructive: true })[0].runnable).toBe(true);
  });

  test('GIVEN an empty table WHEN a column is dropped from its declaration THEN the drop runs without allowDestructive', async () => {
    const desired = table('empty');
    const {
      desired: [canon],
      snapshot,
    } = await readSnapshot(query, scopeOf([desired]), [desired]);
    const changes = evaluateObject(canon, snapshot, {});
    expect(changes.map((c) => [c.reason, c.runnable, c.cost])).toEqual([
      ['extra_column', true, { class: 'drops_data', rows: 0, bytes: 0, parts: 0, pendingMutations: 0 }],
    ]);
    await run(...runnableStatements(changes));
    const after = await readSnapshot(query, scopeOf([desired]), [desired]);
    expect(evaluateObject(after.desired[0], after.snapshot, {})).toEqual([]);
  });

  test('GIVEN pending mutations WHEN read THEN the cost counts them', async () => {
    // Merges are stopped on `full`, so a mutation stays pending.
    await run(`ALTER TABLE ${db}.full UPDATE extra = 'y' WHERE 1 SETTINGS mutations_sync = 0`);
    const desired = table('full');
    const {
      desired: [canon],
      snapshot,
    } = await readSnapshot(query, scopeOf([desired]), [desired]);
    const [drop] = evaluateObject(canon, snapshot, {});
    expect(drop.cost?.pendingMutations).toBe(1);
    expect(formatCost(drop.cost!)).toContain('1 pending mutation(s) before it');
  });

  test('GIVEN 2 tables or 40 WHEN the snapshot is read THEN the data read adds one query, the same whatever the count', async () => {
    const q2 = countingQueryFn(query);
    await readSnapshot(q2, scopeOf([table('full')]));
    for (let i = 0; i < 38; i++) await run(create(`more_${i}`));
    const q40 = countingQueryFn(query);
    await readSnapshot(q40, scopeOf([table('full')]));
    expect(q40.count).toBe(q2.count);
    expect(q2.count).toBe(7 + 1 + 1); // introspection (7), the data read, the formatter
  });

  test('GIVEN materialize_ttl_after_modify = 0 on the ALTER THEN MODIFY TTL queues no mutation (the cheap variant)', async () => {
    const mutations = async () =>
      Number((await queryRows<{ n: string }>(client, `SELECT count() AS n FROM system.mutations WHERE database = '${db}' AND table = 'empty2'`))[0].n);
    await run(create('empty2'), `INSERT INTO ${db}.empty2 VALUES (1, now(), 'a')`);
    await run(`ALTER TABLE ${db}.empty2 MODIFY TTL ts + toIntervalYear(5) SETTINGS materialize_ttl_after_modify = 0`);
    expect(await mutations()).toBe(0);
    await run(`ALTER TABLE ${db}.empty2 MODIFY TTL ts + toIntervalYear(6)`);
    expect(await mutations()).toBe(1);
  });
});
