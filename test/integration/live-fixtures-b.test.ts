// The rows of test/fixtures/live (dictionaries-*, access-*, snapshot-*, mutations-*) are what the
// server answers today: each scenario of test/support/live-fixtures-b.ts is recreated on a real
// server (the suite's, or an embedded one with the fixture's users.xml), its queries rerun, and
// the SQL, parameters and rows compared with the committed file. CHX_RECORD_LIVE_FIXTURES=1
// writes the files instead (scripts/record-live-fixtures-b.sh).
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ClickHouseClient, createClient } from '@clickhouse/client';
import { testClient } from '../support/clickhouse';
import { serverWithAccessXml } from '../support/users-xml';
import { clientQueryFn } from '../../sql/live/client';
import { FIXTURE_DIR, LiveFixture, LiveScenario, loadFixture, recordingQueryFn, SCENARIOS } from '../support/live-fixtures-b';
import { HOOK_TIMEOUT_MS } from '../support/timeouts';

const RECORD = process.env.CHX_RECORD_LIVE_FIXTURES === '1';

async function recordOn(client: ClickHouseClient, s: LiveScenario): Promise<LiveFixture> {
  for (const statement of s.setup) await client.command({ query: statement, clickhouse_settings: { wait_end_of_query: 1 } });
  const query = clientQueryFn(client);
  const [{ v }] = await query<{ v: string }>('SELECT version() AS v');
  const recording = recordingQueryFn(query);
  await s.run(recording);
  return { server: v, about: s.about, setup: s.setup, ...(s.usersXml ? { usersXml: s.usersXml } : {}), queries: recording.recorded };
}

async function recordScenario(s: LiveScenario): Promise<LiveFixture> {
  if (!s.usersXml) {
    const client = testClient();
    try {
      return await recordOn(client, s);
    } finally {
      await client.close();
    }
  }
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'chx-fixtures-'));
  const server = await serverWithAccessXml(home, s.usersXml);
  const client = createClient({ url: server.url });
  try {
    return await recordOn(client, s);
  } finally {
    await client.close();
    await server.stop();
    fs.rmSync(home, { recursive: true, force: true });
  }
}

describe('live fixtures: the committed rows are what the server answers', () => {
  test.each(SCENARIOS.map((s) => [s.name, s] as const))(
    'GIVEN the objects of %s made again THEN the same queries get the same rows',
    async (name, scenario) => {
      const fresh = await recordScenario(scenario);
      const file = path.join(FIXTURE_DIR, `${name}.json`);
      if (RECORD) fs.writeFileSync(file, JSON.stringify(fresh, null, 2) + '\n');
      expect(fresh).toEqual(loadFixture(name));
    },
    HOOK_TIMEOUT_MS,
  );
});
