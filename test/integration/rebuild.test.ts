// Rebuild by copy (rebuild: 'copy') on a real server, through the provider: a table with
// thousands of rows in several partitions gets a new ORDER BY and PARTITION BY; the plan shows
// the steps and the cost, apply copies partition by partition, verifies the counts, swaps with
// EXCHANGE TABLES and keeps the old data; every row is counted after, and the plan after is clean.
// An interrupted rebuild (stopped after some partitions, a partition half copied) resumes; a
// shadow table of another definition is dropped and the copy starts over; a table left under the
// shadow name by a swap that did not finish is kept under the dated name. Without the opt-in the
// change is refused, as before.
import { ClickHouseClient } from '@clickhouse/client';
import { TfObject } from '../../provider/protocol/dynamic-value';
import { diff } from '../../sql/diff';
import { readSnapshot } from '../../sql/live/snapshot';
import { rebuildMarker, renderCreateShadow, shadowName } from '../../sql/render/rebuild';
import { clientQueryFn } from '../../sql/live/client';
import { TableSpec } from '../../sql/spec/model';
import { queryRows, testClient, uniqueName } from '../support/clickhouse';
import { errorsOf, startProvider, TestProvider } from '../support/provider';
import { monthlyTable } from '../support/tables';
import { serverInfo } from '../support/server-info';

const ROWS = 6000;

describe("rebuild: 'copy' rebuilds a table with rows, verified, and recovers from an interruption", () => {
  const db = uniqueName('rebuild');
  let client: ClickHouseClient;
  let provider: TestProvider;
  /** Creates the tables: a provider process caches what it read, and Terraform's plan runs in a new one. */
  let creator: TestProvider;
  const logs: string[] = [];
  const info = serverInfo();
  const connection = { url: info.url, username: info.username, password: info.password, record_revisions: false };

  const base = (name: string): TableSpec => monthlyTable(db, name, [{ name: 'value', type: 'String' }]);
  /** The new definition: another ORDER BY and PARTITION BY, which ALTER cannot make. */
  const rebuilt = (name: string): TableSpec => ({ ...base(name), orderBy: ['value', 'id'], partitionBy: 'toStartOfQuarter(ts)', rebuild: 'copy' });

  /** The table through the provider, then ROWS rows an hour apart (9 monthly partitions). */
  async function created(name: string): Promise<TfObject> {
    const run = await creator.converge(base(name));
    expect(errorsOf(run)).toBe('');
    await client.command({
      query: `INSERT INTO ${db}.${name} SELECT number, toDateTime('2025-01-01 00:00:00') + number * 3600, toString(number % 97) FROM numbers(${ROWS})`,
    });
    return run.state!;
  }
  async function tables(): Promise<{ name: string; comment: string; sorting_key: string; partition_key: string; total_rows: string }[]> {
    return queryRows(client, 'SELECT name, comment, sorting_key, partition_key, total_rows FROM system.tables WHERE database = {db:String} ORDER BY name', {
      db,
    });
  }
  async function fingerprint(table: string): Promise<{ n: string; s: string; h: string }> {
    const [r] = await queryRows<{ n: string; s: string; h: string }>(
      client,
      `SELECT count() AS n, sum(id) AS s, groupBitXor(cityHash64(id, ts, value)) AS h FROM ${db}.${table}`,
    );
    return r;
  }

  async function once<T>(f: (p: TestProvider) => Promise<T>): Promise<T> {
    const p = await startProvider(connection, process.env, (l) => logs.push(l));
    try {
      return await f(p);
    } finally {
      await p.close();
    }
  }

  beforeAll(async () => {
    client = testClient();
    await client.command({ query: `CREATE DATABASE ${db}` });
    provider = await startProvider(connection, process.env, (l) => logs.push(l));
    creator = await startProvider(connection);
  });
  afterAll(async () => {
    await provider.close();
    await creator.close();
    await client.command({ query: `DROP DATABASE IF EXISTS ${db} SYNC` });
    await client.close();
  });

  test('GIVEN a new ORDER BY and PARTITION BY WHEN planned without rebuild THEN refused as before; with rebuild copy THEN the plan lists the steps and apply keeps every row', async () => {
    const state = await created('events');
    const before = await fingerprint('events');
    expect(Number(before.n)).toBe(ROWS);

    // Without the opt-in: refused, as it always was.
    const { rebuild: _omitted, ...noOptIn } = rebuilt('events');
    const refused = await provider.plan(noOptIn, state);
    expect(errorsOf(refused)).toContain('change(s) refused');
    expect(errorsOf(refused)).toMatch(/order_by_changed/);

    // With it: an update whose planned_sql lists every step, and a warning with rows and parts.
    const plan = await provider.plan(rebuilt('events'), state);
    expect(errorsOf(plan)).toBe('');
    const sql = String(plan.planned!.planned_sql);
    const shadow = `\`${db}\`.\`events__chx_rebuild\``;
    expect(sql).toContain(`CREATE TABLE IF NOT EXISTS ${shadow}`);
    expect(sql).toContain(`COMMENT '${rebuildMarker({ ...rebuilt('events') })}'`);
    expect(sql.match(/^INSERT INTO .* WHERE _partition_id = '\d{6}';$/gm)).toHaveLength(9);
    expect(sql).toContain(`EXCHANGE TABLES \`${db}\`.\`events\` AND ${shadow};`);
    expect(sql).toMatch(new RegExp(`RENAME TABLE IF EXISTS ${shadow.replace(/[.`]/g, '\\$&')} TO \`${db}\`\\.\`events__chx_old_\\d{8}T\\d{4}\`;`));
    expect(String(plan.planned!.planned_cost)).toContain('rebuilds the object');
    const warnings = plan.diagnostics.filter((d) => d.severity === 2);
    const cost = warnings.find((d) => d.summary.endsWith('what the planned change costs on the server'));
    const [parts] = await queryRows<{ n: string }>(client, `SELECT count() AS n FROM system.parts WHERE active AND database = '${db}' AND table = 'events'`);
    expect(cost?.detail).toContain(`rebuilds ${parts.n} part(s)`);
    expect(cost?.detail).toContain(`${ROWS.toLocaleString('en-US')} row(s)`);
    expect(warnings.some((d) => d.summary.includes("rebuilt by copy (rebuild: 'copy')") && (d.detail ?? '').includes('DROP TABLE'))).toBe(true);

    logs.length = 0;
    const run = await provider.converge(rebuilt('events'), state);
    expect(errorsOf(run)).toBe('');
    expect(logs.filter((l) => / partition \d{6} \(\d\/9\): [\d,]+ row\(s\) copied in \d+ ms/.test(l))).toHaveLength(9);
    expect(logs.some((l) => l.includes('row counts match in 9 partition(s) (6,000 row(s)): swapping'))).toBe(true);

    // Every row is there, under the new keys; the old data is kept; no shadow is left.
    expect(await fingerprint('events')).toEqual(before);
    const after = await tables();
    const old = after.find((t) => /^events__chx_old_\d{8}T\d{4}$/.test(t.name));
    expect(after.find((t) => t.name === 'events')).toMatchObject({ sorting_key: 'value, id', partition_key: 'toStartOfQuarter(ts)', comment: '' });
    expect(old).toMatchObject({ sorting_key: 'id', partition_key: 'toYYYYMM(ts)' });
    expect(await fingerprint(old!.name)).toEqual(before);
    expect(after.some((t) => t.name === shadowName('events'))).toBe(false);
    expect(run.diagnostics.some((d) => d.severity === 2 && d.summary.includes(`the old data is kept as ${db}.${old!.name}`))).toBe(true);

    // The plan right after is clean, and the kept table is not an undeclared object of the schema.
    const again = await provider.plan(rebuilt('events'), run.state!);
    expect(errorsOf(again)).toBe('');
    expect(again.planned).toEqual(run.state);
    const read = await readSnapshot(clientQueryFn(client), { databases: [db], users: [], profiles: [], grantees: [] }, [rebuilt('events')]);
    expect(diff(read.desired, { objects: [...read.snapshot.objects.values()] }, { reportExtraObjects: true })).toEqual([]);
  });

  test('GIVEN a rebuild stopped after 3 partitions and a 4th half copied WHEN applied again THEN it resumes: 3 kept, the half one cleared and copied again, every row there', async () => {
    const state = await created('resumed');
    const before = await fingerprint('resumed');
    const stopping = await startProvider(connection, { ...process.env, CHX_TEST_REBUILD_STOP_AFTER: '3', CHX_TEST_REBUILD_STOP_MODE: 'throw' }, (l) =>
      logs.push(l),
    );
    try {
      const first = await stopping.converge(rebuilt('resumed'), state);
      expect(errorsOf(first)).toContain('the rebuild did not finish');
      expect(errorsOf(first)).toContain('stopped after 3 partition(s) copied');
      expect(first.state).toEqual(state);
    } finally {
      await stopping.close();
    }
    // The table is untouched; the shadow carries the marker and 3 partitions' rows.
    expect(await fingerprint('resumed')).toEqual(before);
    const shadow = (await tables()).find((t) => t.name === shadowName('resumed'));
    expect(shadow?.comment).toBe(rebuildMarker(rebuilt('resumed')));
    // A 4th partition half copied, as an INSERT cut short leaves it.
    const [fourth] = await queryRows<{ p: string; n: string }>(
      client,
      `SELECT _partition_id AS p, count() AS n FROM ${db}.resumed GROUP BY p ORDER BY p LIMIT 1 OFFSET 3`,
    );
    await client.command({
      query: `INSERT INTO ${db}.${shadowName('resumed')} SELECT id, ts, value FROM ${db}.resumed WHERE _partition_id = '${fourth.p}' LIMIT 100`,
    });

    logs.length = 0;
    const second = await startProvider(connection, process.env, (l) => logs.push(l));
    try {
      const run = await second.converge(rebuilt('resumed'), state);
      expect(errorsOf(run)).toBe('');
      expect(logs.some((l) => l.includes('resuming the rebuild'))).toBe(true);
      expect(logs.filter((l) => l.includes('copied by an earlier run') && !l.includes('cleared'))).toHaveLength(3);
      expect(
        logs.filter((l) =>
          l.includes(`partition ${fourth.p} (4/9): 100 of ${Number(fourth.n).toLocaleString('en-US')} row(s) copied by an earlier run: cleared, copied again`),
        ),
      ).toHaveLength(1);
      expect(await fingerprint('resumed')).toEqual(before);
      expect((await tables()).some((t) => t.name === shadowName('resumed'))).toBe(false);
      const again = await second.plan(rebuilt('resumed'), run.state!);
      expect(again.planned).toEqual(run.state);
    } finally {
      await second.close();
    }
  });

  test('GIVEN a shadow table of another definition WHEN rebuilt THEN it is dropped and the copy starts over; GIVEN the old data left under the shadow name THEN it is kept under the dated name', async () => {
    const state = await created('other');
    const before = await fingerprint('other');
    await client.command({
      query: `CREATE TABLE ${db}.${shadowName('other')} (id UInt64, ts DateTime, value String) ENGINE = MergeTree ORDER BY ts COMMENT 'chx-rebuild:0000000000000000'`,
    });
    await client.command({ query: `INSERT INTO ${db}.${shadowName('other')} SELECT number, now(), 'junk' FROM numbers(10)` });
    logs.length = 0;
    // Each step in a provider process of its own, as Terraform runs them (a process caches what it read).
    const run = await once((p) => p.converge(rebuilt('other'), state));
    expect(errorsOf(run)).toBe('');
    expect(logs.some((l) => l.includes('was made for another definition') && l.includes('dropped'))).toBe(true);
    expect(await fingerprint('other')).toEqual(before);

    // A swap that did not finish: the old data under the shadow name without a marker, the table with the marker comment.
    const state2 = await created('swapped');
    const data = await fingerprint('swapped');
    const spec = rebuilt('swapped');
    await client.command({ query: `RENAME TABLE ${db}.swapped TO ${db}.${shadowName('swapped')}` });
    await client.command({
      query: `CREATE TABLE ${db}.swapped (id UInt64, ts DateTime, value String) ENGINE = MergeTree PARTITION BY toStartOfQuarter(ts) ORDER BY (value, id) COMMENT '${rebuildMarker(spec)}'`,
    });
    await client.command({ query: `INSERT INTO ${db}.swapped SELECT * FROM ${db}.${shadowName('swapped')}` });
    const plan = await once((p) => p.plan(spec, state2));
    expect(errorsOf(plan)).toBe('');
    expect(String(plan.planned!.planned_sql)).not.toContain('INSERT INTO');
    logs.length = 0;
    const finish = await once((p) => p.converge(spec, state2));
    expect(errorsOf(finish)).toBe('');
    const names = (await tables()).map((t) => t.name);
    expect(names).not.toContain(shadowName('swapped'));
    const kept = names.find((n) => /^swapped__chx_old_\d{8}T\d{4}$/.test(n));
    expect(await fingerprint(kept!)).toEqual(data);
    expect((await tables()).find((t) => t.name === 'swapped')?.comment).toBe('');
    expect((await once((p) => p.plan(spec, finish.state!))).planned).toEqual(finish.state);
  });

  test('GIVEN a copy holding rows of a partition the table no longer has WHEN rebuilt THEN the counts differ and nothing is swapped', async () => {
    const state = await created('mismatch');
    const before = await fingerprint('mismatch');
    const spec = rebuilt('mismatch');
    // A shadow of this definition, resumed, with rows of a partition (2030-01) the table does not have.
    const create = (await queryRows<{ s: string }>(client, `SELECT formatQuery({q:String}) AS s`, { q: renderCreateShadow(spec) }))[0].s;
    await client.command({ query: create });
    await client.command({ query: `INSERT INTO ${db}.${shadowName('mismatch')} SELECT number, toDateTime('2030-01-01 00:00:00'), 'x' FROM numbers(5)` });
    const run = await once((p) => p.converge(spec, state));
    expect(errorsOf(run)).toContain('the rebuild did not finish');
    expect(errorsOf(run)).toContain('partition 203001: 0 row(s) in the table, 5 in the copy');
    expect(run.state).toEqual(state);
    const t = (await tables()).find((x) => x.name === 'mismatch');
    expect(t).toMatchObject({ sorting_key: 'id', partition_key: 'toYYYYMM(ts)' });
    expect(await fingerprint('mismatch')).toEqual(before);
  });
});
