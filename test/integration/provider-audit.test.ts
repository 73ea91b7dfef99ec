// The audit record under concurrency: provider processes (two pipelines, two Terraform states)
// applying at the same moment on a server without the audit table both create it (CREATE ... IF
// NOT EXISTS, so the loser of the race does not fail), and every applied change is recorded once.
import { ClickHouseClient } from '@clickhouse/client';
import { DatabaseSpec } from '../../sql/spec/model';
import { renderRevisionsDdl } from '../../sql/render/revisions-ddl';
import { queryRows, testClient, uniqueName } from '../support/clickhouse';
import { errorsOf, startProvider } from '../support/provider';
import { serverInfo } from '../support/server-info';

describe('audit record: concurrent first applies', () => {
  let client: ClickHouseClient;
  const audit = uniqueName('audit');
  const databases = [uniqueName('race_a'), uniqueName('race_b'), uniqueName('race_c'), uniqueName('race_d')];
  beforeAll(() => {
    client = testClient();
  });
  afterAll(async () => {
    for (const d of [audit, ...databases]) await client.command({ query: `DROP DATABASE IF EXISTS ${d} SYNC` });
    await client.close();
  });

  test('GIVEN no audit table WHEN four provider processes apply at once THEN all succeed, one table exists, and each change is recorded exactly once', async () => {
    const info = serverInfo();
    const providers = await Promise.all(
      databases.map(() =>
        startProvider({
          url: info.url,
          username: info.username,
          password: info.password,
          stack: 'race',
          revisions_database: audit,
          revisions_table: 'revisions',
        }),
      ),
    );
    try {
      const runs = await Promise.all(providers.map((p, i) => p.converge({ kind: 'database', name: databases[i] } satisfies DatabaseSpec)));
      expect(runs.map((r) => errorsOf(r))).toEqual(['', '', '', '']);
      const rows = await queryRows<{ object: string; statements: string[] }>(
        client,
        `SELECT object, statements FROM ${audit}.revisions WHERE stack = 'race' ORDER BY object`,
      );
      expect(rows.map((r) => r.object)).toEqual(databases.map((d) => `database:${d}`).sort());
      for (const r of rows) expect(r.statements).toEqual([expect.stringMatching(/^CREATE DATABASE IF NOT EXISTS `race_/)]);
    } finally {
      await Promise.all(providers.map((p) => p.close()));
    }
  });

  test('GIVEN the audit table DDL WHEN run twice (what the losers of that race do) THEN the second run succeeds and changes nothing', async () => {
    const loc = { database: uniqueName('audit_twice'), table: 'revisions' };
    try {
      for (let i = 0; i < 2; i++) for (const ddl of renderRevisionsDdl(loc)) await client.command({ query: ddl });
      const [row] = await queryRows<{ n: string }>(client, 'SELECT count() AS n FROM system.tables WHERE database = {d:String}', { d: loc.database });
      expect(Number(row.n)).toBe(1);
    } finally {
      await client.command({ query: `DROP DATABASE IF EXISTS ${loc.database} SYNC` });
    }
  });
});
