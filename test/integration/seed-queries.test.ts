// The seed's query examples run against the deployed schema with sample rows and return the
// expected numbers: the schema is fit for the dashboards it exists for.
import { renderCreateDatabase, renderCreateMaterializedView, renderCreateTable, renderDropDatabase } from '../../sql/render/tables';
import { seedTables, seedView } from '../../stacks/lightbulb/seed-schema';
import { queryRows, testClient, uniqueName } from '../support/clickhouse';

describe('the seed query examples on the seed schema', () => {
  const client = testClient();
  const db = uniqueName('queries');

  beforeAll(async () => {
    for (const q of [
      renderCreateDatabase({ kind: 'database', name: db }),
      ...seedTables({ database: db }).map((t) => renderCreateTable(t)),
      renderCreateMaterializedView(seedView({ database: db })),
    ]) {
      await client.command({ query: q });
    }
    // svc-a: 20 checks in the last hour, 4 failed (20%), response 100 ms; the latest is OK.
    // svc-b: 50 checks, 1 failed (2%): below the 5% threshold.
    // svc-c: 10 checks two days ago, all failed: outside the 1-hour and 24-hour windows.
    await client.command({
      query: `INSERT INTO ${db}.service_status (service_id, timestamp, status_code, message, service_type, stack, details, response_time_ms)
      SELECT 'svc-a', now64(3) - toIntervalSecond(60 * (20 - number)), if(number < 4, 2, 0), if(number = 19, 'latest ok', 'x'), 'python_process', 'core', '{}', 100 FROM numbers(20)`,
    });
    await client.command({
      query: `INSERT INTO ${db}.service_status (service_id, timestamp, status_code, message, service_type, stack, details, response_time_ms)
      SELECT 'svc-b', now64(3) - toIntervalSecond(30 * (50 - number)), if(number = 0, 2, 0), 'fine', 'temporal_workflow', 'core', '{}', NULL FROM numbers(50)`,
    });
    await client.command({
      query: `INSERT INTO ${db}.service_status (service_id, timestamp, status_code, message, service_type, stack, details)
      SELECT 'svc-c', now64(3) - toIntervalDay(2) - toIntervalSecond(number), 2, 'down', 'python_process', 'edge', '{}' FROM numbers(10)`,
    });
  });
  afterAll(async () => {
    await client.command({ query: renderDropDatabase({ name: db }) });
    await client.close();
  });

  test('current status of all services (argMax per service)', async () => {
    const rows = await queryRows<{ service_id: string; current_status: number; last_message: string }>(
      client,
      `
      SELECT service_id, argMax(status_code, timestamp) AS current_status, argMax(message, timestamp) AS last_message, argMax(timestamp, timestamp) AS last_check
      FROM ${db}.service_status GROUP BY service_id ORDER BY service_id`,
    );
    expect(rows.map((r) => [r.service_id, Number(r.current_status), r.last_message])).toEqual([
      ['svc-a', 0, 'latest ok'],
      ['svc-b', 0, 'fine'],
      ['svc-c', 2, 'down'],
    ]);
  });

  test('service health over the last 24 hours', async () => {
    const rows = await queryRows<{ service_id: string; failures: string; total_checks: string; avg_response_time: number | null }>(
      client,
      `
      SELECT service_id, toStartOfHour(timestamp) AS hour, avg(response_time_ms) AS avg_response_time, countIf(status_code = 2) AS failures, count() AS total_checks
      FROM ${db}.service_status WHERE timestamp >= now() - INTERVAL 24 HOUR GROUP BY service_id, hour ORDER BY service_id, hour`,
    );
    const per = new Map<string, { failures: number; total: number; avg: number | null }>();
    for (const r of rows) {
      const p = per.get(r.service_id) ?? { failures: 0, total: 0, avg: r.avg_response_time };
      per.set(r.service_id, { failures: p.failures + Number(r.failures), total: p.total + Number(r.total_checks), avg: r.avg_response_time });
    }
    expect(per.get('svc-a')).toEqual({ failures: 4, total: 20, avg: 100 });
    expect(per.get('svc-b')).toMatchObject({ failures: 1, total: 50, avg: null });
    expect(per.has('svc-c')).toBe(false);
  });

  test('top failing services in the last hour (failure rate above 5%)', async () => {
    const rows = await queryRows<{ service_id: string; failure_rate: number; total_checks: string }>(
      client,
      `
      SELECT service_id, countIf(status_code = 2) / count() * 100 AS failure_rate, count() AS total_checks
      FROM ${db}.service_status WHERE timestamp >= now() - INTERVAL 1 HOUR GROUP BY service_id HAVING failure_rate > 5 ORDER BY failure_rate DESC`,
    );
    expect(rows.map((r) => [r.service_id, r.failure_rate, Number(r.total_checks)])).toEqual([['svc-a', 20, 20]]);
  });

  test('table sizes from system.parts', async () => {
    const rows = await queryRows<{ table: string; rows: string; size: string }>(
      client,
      `
      SELECT table, formatReadableSize(sum(bytes)) AS size, sum(rows) AS rows FROM system.parts WHERE database = {db:String} AND active GROUP BY table ORDER BY table`,
      { db },
    );
    const byTable = Object.fromEntries(rows.map((r) => [r.table, Number(r.rows)]));
    expect(byTable.service_status).toBe(80);
    expect(byTable.service_status_hourly).toBeGreaterThan(0);
    expect(rows.every((r) => /B$/.test(r.size))).toBe(true);
  });

  test('the hourly service_status_summary view adds up to the raw rows', async () => {
    const rows = await queryRows<{ service_id: string; checks: string; failed: string }>(
      client,
      `
      SELECT service_id, sum(checks) AS checks, sum(failed_checks) AS failed FROM ${db}.service_status_hourly GROUP BY service_id ORDER BY service_id`,
    );
    expect(rows.map((r) => [r.service_id, Number(r.checks), Number(r.failed)])).toEqual([
      ['svc-a', 20, 4],
      ['svc-b', 50, 1],
      ['svc-c', 10, 10],
    ]);
  });
});
