// Mutations a deploy starts, followed on a real server with rows in several partitions: apply
// waits for them (bounded by mutation_timeout_seconds) with progress lines from system.mutations
// in the provider log; a mutation that fails is an error naming it and its latest_fail_reason; one
// still running when the time is up is a warning naming it; and the plan of a table with
// mutations not done names them. Merges are stopped on a table to hold its mutations (a stopped
// table's mutations do not progress), and started again by the test.
import { ClickHouseClient } from '@clickhouse/client';
import { TfObject } from '../../provider/protocol/dynamic-value';
import { Diagnostic } from '../../provider/protocol/messages';
import { TableSpec } from '../../sql/spec/model';
import { queryRows, testClient, uniqueName } from '../support/clickhouse';
import { errorsOf, ProviderRun, startProvider, TestProvider } from '../support/provider';
import { monthlyTable } from '../support/tables';
import { serverInfo } from '../support/server-info';

const ROWS = 6000;
/** Warnings other than the plan's cost warning. */
const warningsOf = (run: ProviderRun): Diagnostic[] =>
  run.diagnostics.filter((d) => d.severity === 2 && !d.summary.endsWith('what the planned change costs on the server'));

describe('mutations started by deploy are waited for, reported and shown in the plan', () => {
  const db = uniqueName('mutations');
  let client: ClickHouseClient;
  let provider: TestProvider;
  let patient: TestProvider;
  const logs: string[] = [];
  const info = serverInfo();
  const connection = { url: info.url, username: info.username, password: info.password, record_revisions: false };

  const base = (name: string, valueType = 'String'): TableSpec => monthlyTable(db, name, [{ name: 'value', type: valueType }]);

  /** The table through the provider, then ROWS rows an hour apart (9 monthly partitions); `bad` rows hold a value that is not a number. */
  async function created(name: string, bad = false, by = provider): Promise<TfObject> {
    // The provider that changes the table next creates it (each provider process caches what it read).
    const run = await by.converge(base(name));
    expect(errorsOf(run)).toBe('');
    const value = bad ? "if(number % 1000 = 7, 'x', toString(number))" : 'toString(number)';
    await client.command({
      query: `INSERT INTO ${db}.${name} SELECT number, toDateTime('2025-01-01 00:00:00') + number * 3600, ${value} FROM numbers(${ROWS})`,
    });
    return run.state!;
  }
  async function pending(table: string): Promise<{ id: string; command: string }[]> {
    return queryRows(client, 'SELECT mutation_id AS id, command FROM system.mutations WHERE database = {db:String} AND table = {t:String} AND NOT is_done', {
      db,
      t: table,
    });
  }
  async function parts(table: string): Promise<number> {
    const [r] = await queryRows<{ n: string }>(client, 'SELECT count() AS n FROM system.parts WHERE active AND database = {db:String} AND table = {t:String}', {
      db,
      t: table,
    });
    return Number(r.n);
  }

  beforeAll(async () => {
    client = testClient();
    await client.command({ query: `CREATE DATABASE ${db}` });
    provider = await startProvider({ ...connection, mutation_timeout_seconds: 2 }, process.env, (l) => logs.push(l));
    patient = await startProvider({ ...connection, mutation_timeout_seconds: 120 }, process.env, (l) => logs.push(l));
  });
  afterAll(async () => {
    await client.command({ query: `KILL MUTATION WHERE database = '${db}' SYNC` }).catch(() => undefined);
    await provider.close();
    await patient.close();
    await client.command({ query: `DROP DATABASE IF EXISTS ${db} SYNC` });
    await client.close();
  });

  test('GIVEN a table with rows WHEN a new TTL is deployed THEN apply waits for its MATERIALIZE TTL with progress lines, and it is done when apply returns', async () => {
    const state = await created('waits', false, patient);
    const partCount = await parts('waits');
    expect(partCount).toBeGreaterThanOrEqual(9);
    await client.command({ query: `SYSTEM STOP MERGES ${db}.waits` });
    logs.length = 0;
    // The mutation cannot progress until merges start again, 2.5 s into apply.
    const release = new Promise<void>((resolve) =>
      setTimeout(() => void client.command({ query: `SYSTEM START MERGES ${db}.waits` }).then(() => resolve()), 2500),
    );
    const t0 = Date.now();
    const run = await patient.converge({ ...base('waits'), ttl: 'ts + toIntervalYear(10)' }, state);
    const took = Date.now() - t0;
    await release;
    expect(errorsOf(run)).toBe('');
    expect(warningsOf(run)).toEqual([]);
    expect(took).toBeGreaterThanOrEqual(2500);
    const progress = logs.filter((l) => / mutation mutation_\S+ on \S+\.waits \(MATERIALIZE TTL\): /.test(l));
    expect(progress[0]).toContain(`${partCount} of ${partCount} part(s) to do`);
    expect(logs.some((l) => /apply table:\S+\.waits: mutation\(s\) mutation_\S+ done in \d+ s/.test(l))).toBe(true);
    expect(await pending('waits')).toEqual([]);
  });

  test('GIVEN a mutation that cannot progress WHEN the time is up THEN apply warns naming it (the statement ran), and the next plan of the table names it as not done', async () => {
    const state = await created('stuck');
    await client.command({ query: `SYSTEM STOP MERGES ${db}.stuck` });
    try {
      const withIndex: TableSpec = { ...base('stuck'), indexes: [{ name: 'by_value', expression: 'value', type: 'bloom_filter' }] };
      const run = await provider.converge(withIndex, state);
      expect(errorsOf(run)).toBe('');
      const [stuck] = await pending('stuck');
      expect(stuck.command).toContain('MATERIALIZE INDEX');
      expect(warningsOf(run).map((d) => d.summary)).toEqual([
        expect.stringMatching(/stuck: 1 mutation\(s\) still running after [23] s \(mutation_timeout_seconds\)$/),
      ]);
      expect(warningsOf(run)[0].detail).toContain(`- ${stuck.id} (MATERIALIZE INDEX by_value): `);
      expect(String(run.state!.planned_sql)).toContain('MATERIALIZE INDEX `by_value`');

      // The next change of the table: its plan names the mutation still pending.
      const plan = await provider.plan({ ...withIndex, comment: 'next change' }, run.state!);
      expect(errorsOf(plan)).toBe('');
      const warning = warningsOf(plan).find((d) => d.summary.endsWith('1 mutation(s) not done on the table'));
      expect(warning?.detail).toContain(`- ${stuck.id} (MATERIALIZE INDEX by_value): ${await parts('stuck')} part(s) to do`);
    } finally {
      await client.command({ query: `SYSTEM START MERGES ${db}.stuck` });
    }
  });

  test('GIVEN values that do not convert WHEN a new column type is deployed THEN apply fails naming the mutation and its latest_fail_reason', async () => {
    const state = await created('fails', true, patient);
    const run = await patient.converge(base('fails', 'UInt32'), state, { allow_destructive: true });
    const error = errorsOf(run);
    const [failing] = await pending('fails');
    expect(failing.command).toContain('MODIFY COLUMN');
    expect(error).toContain(`fails: mutation ${failing.id} failed on the server`);
    expect(error).toMatch(/Cannot parse string 'x' as UInt32/);
    expect(error).toContain(`KILL MUTATION WHERE database = '${db}' AND table = 'fails' AND mutation_id = '${failing.id}'`);
    expect(run.state).toEqual(state);
    await client.command({ query: `KILL MUTATION WHERE database = '${db}' AND table = 'fails' SYNC` });
    expect(await pending('fails')).toEqual([]);
  });
});
