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
import { FAILS, FIXTURE_DIR, LiveFixture, LiveScenario, loadFixture, RecordedQuery, recordingQueryFn, SCENARIOS } from '../support/live-fixtures-b';
import { HOOK_TIMEOUT_MS } from '../support/timeouts';

const RECORD = process.env.CHX_RECORD_LIVE_FIXTURES === '1';

/** Queries in a stable order (Promise.all sends them in any): by SQL, then parameters. */
const key = (q: RecordedQuery): string => `${q.sql}\n${JSON.stringify(q.params ?? {})}`;

async function recordOn(client: ClickHouseClient, s: LiveScenario): Promise<LiveFixture> {
  const run = (statement: string) => client.command({ query: statement, clickhouse_settings: { wait_end_of_query: 1 } });
  for (const statement of s.setup) {
    if (!statement.startsWith(FAILS)) await run(statement);
    else if (
      await run(statement.slice(FAILS.length)).then(
        () => true,
        () => false,
      )
    )
      throw new Error(`expected to fail: ${statement}`);
  }
  const query = clientQueryFn(client);
  const [{ v }] = await query<{ v: string }>('SELECT version() AS v');
  const recording = recordingQueryFn(query);
  try {
    await s.run(recording);
  } finally {
    for (const statement of s.cleanup ?? []) await run(statement);
  }
  return {
    server: v,
    about: s.about,
    setup: s.setup,
    ...(s.usersXml ? { usersXml: s.usersXml } : {}),
    queries: [...recording.recorded].sort((a, b) => key(a).localeCompare(key(b))),
  };
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

/** The fixture with each query's rows sorted: a UNION ALL (introspectTableData) answers its parts in any order. */
function unordered(f: LiveFixture): LiveFixture {
  const rows = (q: RecordedQuery) => [...q.rows].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  return { ...f, queries: [...f.queries].sort((a, b) => key(a).localeCompare(key(b))).map((q) => ({ ...q, rows: rows(q) })) };
}

describe('live fixtures: the committed rows are what the server answers', () => {
  test.each(SCENARIOS.map((s) => [s.name, s] as const))(
    'GIVEN the objects of %s made again THEN the same queries get the same rows',
    async (name, scenario) => {
      const fresh = await recordScenario(scenario);
      const file = path.join(FIXTURE_DIR, `${name}.json`);
      if (RECORD) fs.writeFileSync(file, JSON.stringify(fresh, null, 2) + '\n');
      expect(unordered(fresh)).toEqual(unordered(loadFixture(name)));
    },
    HOOK_TIMEOUT_MS,
  );
});
