import { renderCreateDatabase, renderCreateMaterializedView, renderCreateTable, renderDropDatabase } from '../../sql/render/tables';
import { seedTables, seedView } from '../../stacks/lightbulb/seed-schema';
import { queryRows, testClient, uniqueName } from '../support/clickhouse';

describe('the seed schema renders to DDL a real ClickHouse executes', () => {
  const client = testClient();
  const database = uniqueName('seed');
  afterAll(async () => {
    await client.command({ query: renderDropDatabase({ name: database }) });
    await client.close();
  });

  test('GIVEN the seed tables and view WHEN their CREATE statements run twice THEN every object exists once', async () => {
    const statements = [
      renderCreateDatabase({ kind: 'database', name: database }),
      ...seedTables({ database }).map((t) => renderCreateTable(t)),
      renderCreateMaterializedView(seedView({ database })),
    ];
    for (let i = 0; i < 2; i++) for (const query of statements) await client.command({ query });
    const rows = await queryRows<{ name: string; engine: string }>(
      client,
      'SELECT name, engine FROM system.tables WHERE database = {db:String} ORDER BY name',
      { db: database },
    );
    expect(rows.map((r) => r.name)).toEqual([
      'alert_rules',
      'service_logs',
      'service_metrics',
      'service_relations',
      'service_status',
      'service_status_hourly',
      'service_status_summary',
      'services',
    ]);
    expect(rows.find((r) => r.name === 'service_status_summary')?.engine).toBe('MaterializedView');
  });
});
