// The Null and Buffer engines on a real server, through the Table construct: declared without
// ORDER BY, deployed, read back as the server prints them (Buffer's destination as string
// literals), in sync right after, and what they do to rows (a Null table keeps none but feeds its
// materialized views; a Buffer table forwards to its destination). A Buffer recreated by hand with
// other thresholds is engine_changed, refused with the rebuild hint.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdktf';
import { checkStackDrift } from '../../constructs/app';
import { ClickHouseStack } from '../../constructs/clickhouse-stack';
import { Database } from '../../constructs/database';
import { MaterializedView } from '../../constructs/materialized-view';
import { Table } from '../../constructs/table';
import { diff } from '../../sql/diff';
import { introspectDatabases } from '../../sql/live/introspect-tables';
import { clientQueryFn } from '../../sql/live/client';
import { renderDropDatabase } from '../../sql/render/tables';
import { TableSpec } from '../../sql/spec/model';
import { queryRows, testClient, uniqueName } from '../support/clickhouse';
import { serverInfo } from '../support/server-info';
import { ClickHouseProvider } from '../../provider/clickhouse-provider';
import { toDynamic } from '../../provider/protocol/dynamic-value';
import { resourceTypeOf } from '../../provider/resources';
import { complete } from '../../provider/schema/attributes';
import { allAttributes } from '../../provider/state';

const client = testClient();
const db = uniqueName('engines');
const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'engines-'));
const env = () => ({ CLICKHOUSE_URL: serverInfo().url, CLICKHOUSE_USER: serverInfo().username, CLICKHOUSE_PASSWORD: serverInfo().password });
afterAll(async () => {
  await client.command({ query: renderDropDatabase({ name: db }) });
  await client.close();
  fs.rmSync(outdir, { recursive: true, force: true });
});

const count = async (from: string) => Number((await queryRows<{ n: string | number }>(client, `SELECT count() AS n FROM ${from}`))[0].n);

function stackOf(): ClickHouseStack {
  const app = new App({ outdir, skipValidation: false });
  const stack = new ClickHouseStack(app, 'engines', { connection: { url: serverInfo().url } });
  const database = new Database(stack, 'db', { name: db });
  const columns = [
    { name: 'k', type: 'UInt64' },
    { name: 's', type: 'String' },
  ];
  const events = new Table(stack, 'events', { database, name: 'events', columns, orderBy: ['k'] });
  // Buffer's destination named bare, as one writes it: the server prints it quoted.
  new Table(stack, 'events_buffer', {
    database,
    name: 'events_buffer',
    columns,
    engine: 'Buffer',
    engineArgs: [db, 'events', '1', '10', '100', '10000', '1000000', '10000000', '100000000'],
  });
  const incoming = new Table(stack, 'incoming', { database, name: 'incoming', columns, engine: 'Null' });
  new MaterializedView(stack, 'incoming_mv', { name: 'incoming_mv', to: events, sources: [incoming], select: `SELECT k, s FROM ${db}.incoming` });
  return stack;
}

describe('Null and Buffer tables', () => {
  test('GIVEN Null and Buffer tables declared without ORDER BY WHEN deployed THEN read back as printed, in sync, and they do what their engines do to rows', async () => {
    const stack = stackOf();
    for (const c of diff(stack.specs(), { objects: [] })) for (const query of c.statements) await client.command({ query });
    const live = (await introspectDatabases(clientQueryFn(client), [db])).filter((o): o is TableSpec => o.kind === 'table');
    expect(live.find((t) => t.name === 'incoming')).toMatchObject({ engine: { name: 'Null', args: [] }, orderBy: [] });
    expect(live.find((t) => t.name === 'events_buffer')).toMatchObject({
      engine: { name: 'Buffer', args: [`'${db}'`, "'events'", '1', '10', '100', '10000', '1000000', '10000000', '100000000'] },
      orderBy: [],
    });
    expect(live.find((t) => t.name === 'incoming')!.settingDefaults).toBeUndefined();

    const report = await checkStackDrift(stack, env());
    expect(report.checked).toBe(true);
    expect(report.objects.filter((o) => o.state !== 'in_sync').map((o) => `${o.object}: ${o.reasons}`)).toEqual([]);

    // Null keeps nothing, and its view forwards every insert; Buffer's rows are read through it.
    await client.command({ query: `INSERT INTO ${db}.incoming SELECT number, 'x' FROM numbers(5)` });
    await client.command({ query: `INSERT INTO ${db}.events_buffer SELECT number, 'b' FROM numbers(3)` });
    expect(await count(`${db}.incoming`)).toBe(0);
    expect(await count(`${db}.events_buffer`)).toBe(8);
  });

  test('GIVEN the Buffer recreated by hand with other thresholds WHEN checked THEN engine_changed, refused with the rebuild hint', async () => {
    const stack = stackOf();
    await client.command({ query: `DROP TABLE ${db}.events_buffer SYNC` });
    await client.command({
      query: `CREATE TABLE ${db}.events_buffer (k UInt64, s String) ENGINE = Buffer(${db}, events, 1, 10, 100, 10000, 1000000, 10000000, 200000000)`,
    });
    const report = await checkStackDrift(stack, env());
    const drifted = report.objects.filter((o) => o.state !== 'in_sync');
    expect(drifted.map((o) => `${o.object}: ${o.reasons}`)).toEqual([`table:${db}.events_buffer: engine_changed`]);
    expect(drifted[0].changes[0]).toMatchObject({ runnable: false, statements: [] });
    expect(drifted[0].changes[0].detail).toContain('200000000');
    expect(drifted[0].changes[0].hint).toMatch(/cannot be changed in place: rebuild the table/);
  });
});

describe('removing a Buffer table with removal policy destroy', () => {
  test('GIVEN its destination holds rows WHEN the provider plans and applies the destroy THEN it is not refused (DROP flushes into the destination), and the destination keeps its rows; the destination itself is refused', async () => {
    const stack = stackOf();
    const provider = new ClickHouseProvider({}, () => undefined);
    const info = serverInfo();
    expect(
      (
        await provider.configureProvider({
          terraform_version: '1.11.4',
          config: toDynamic({ url: info.url, username: info.username, password: info.password, stack: 'engines', record_revisions: false } as never),
        } as never)
      ).diagnostics,
    ).toEqual([]);
    const stateOf = (id: string) => {
      const t = stack.findObject(`table:${db}.${id}`)!;
      const type = resourceTypeOf('table');
      return complete(allAttributes(type), { ...type.fromSpec(t.spec as never), id: `${db}.${id}`, removal_policy: 'destroy', allow_destructive: false });
    };
    const destroy = (id: string) =>
      provider.planResourceChange({
        type_name: 'clickhouse_table',
        prior_state: toDynamic(stateOf(id)),
        proposed_new_state: toDynamic(null),
        config: toDynamic(null),
        prior_private: new Uint8Array(),
      });
    const held = await count(`${db}.events`);
    expect(held).toBeGreaterThan(0);
    expect((await destroy('events')).diagnostics).toEqual([expect.objectContaining({ summary: expect.stringMatching(/refusing to drop a table that holds/) })]);
    expect((await destroy('events_buffer')).diagnostics).toEqual([]);
    const applied = await provider.applyResourceChange({
      type_name: 'clickhouse_table',
      prior_state: toDynamic(stateOf('events_buffer')),
      planned_state: toDynamic(null),
      config: toDynamic(null),
      planned_private: new Uint8Array(),
    } as never);
    expect(applied.diagnostics).toEqual([]);
    expect(await queryRows(client, `SELECT name FROM system.tables WHERE database = {db:String} AND name = 'events_buffer'`, { db })).toEqual([]);
    expect(await count(`${db}.events`)).toBe(held);
    await provider.close();
  });
});
