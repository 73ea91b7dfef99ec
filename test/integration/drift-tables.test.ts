// Drift of databases, tables and materialized views on a real server: the seed shows no drift
// right after creation, and each reason code is detected, named and (where runnable) healed.
import { ClickHouseClient } from '@clickhouse/client';
import { Change, ReasonCode, runnableStatements } from '../../sql/changes';
import { diff } from '../../sql/diff';
import { clientQueryFn, introspectDatabases } from '../../sql/introspect';
import { DatabaseSpec, DiffOptions, MaterializedViewSpec, ObjectSpec, TableSpec } from '../../sql/model';
import { canonicalize } from '../../sql/normalize';
import { renderCreateDatabase, renderCreateMaterializedView, renderCreateTable, renderDropDatabase } from '../../sql/render';
import { seedDatabase, seedTables, seedView } from '../../sql/seed';
import { queryRows, testClient, uniqueName } from '../support/clickhouse';

const client: ClickHouseClient = testClient();
const query = clientQueryFn(client);
const databases: string[] = [];
afterAll(async () => {
  for (const name of databases) await client.command({ query: renderDropDatabase({ name }) });
  await client.close();
});

async function run(statements: readonly string[]): Promise<void> {
  for (const q of statements) await client.command({ query: q });
}

/** The seed in a fresh database, with some rows in service_status (so the view fills the hourly table). */
async function createSeed(prefix: string): Promise<{ db: string; objects: ObjectSpec[] }> {
  const db = uniqueName(prefix);
  databases.push(db);
  const objects: ObjectSpec[] = [seedDatabase({ database: db }), ...seedTables({ database: db }), seedView({ database: db })];
  await run(objects.map((o) => (o.kind === 'database' ? renderCreateDatabase(o) : o.kind === 'table' ? renderCreateTable(o) : renderCreateMaterializedView(o as MaterializedViewSpec))));
  await client.command({
    query: `INSERT INTO ${db}.service_status (service_id, timestamp, status_code, message, service_type, stack, details, response_time_ms, cpu_usage, memory_usage)
            SELECT concat('svc', toString(number % 5)), now64(3) - number, number % 3, 'm', 't', 's', '{}', number, 1.5, 2.5 FROM numbers(100)`,
  });
  return { db, objects };
}

async function driftOf(desired: readonly ObjectSpec[], db: string, opts: DiffOptions = {}): Promise<Change[]> {
  const live = await introspectDatabases(query, [db]);
  const canon = await canonicalize(query, desired, live);
  return diff(canon.desired, { objects: canon.live }, opts);
}

async function count(db: string, table: string): Promise<number> {
  const [row] = await queryRows<{ n: string }>(client, `SELECT count() AS n FROM ${db}.${table}`);
  return Number(row.n);
}

const summary = (changes: readonly Change[]) => changes.map((c) => `${c.object} ${c.reason}: ${c.detail}`);

describe('seed schema on a real server', () => {
  test('GIVEN the seed just created WHEN canonicalized, introspected and diffed THEN there is no drift', async () => {
    const { db, objects } = await createSeed('drift_clean');
    const changes = await driftOf(objects, db);
    expect(summary(changes)).toEqual([]);
  });
});
