// Dictionaries against the real server, through the provider in-process (as Terraform drives it):
// created (CREATE DICTIONARY IF NOT EXISTS) and usable by dictGet, read back with no false drift
// (the server prints LIFETIME(MIN 0 MAX n), upper-case keywords), a lifetime changed by hand is
// dictionary_lifetime_changed and healed in place by CREATE OR REPLACE DICTIONARY, a dictionary
// dropped by hand leaves the state and is created again, import by "db.name" gives the live
// definition, removal policy destroy drops it. A source password comes from the environment: on
// the server it prints as [HIDDEN], and it is in no state, plan, log line or diagnostic.
import { randomBytes } from 'crypto';
import { ClickHouseClient } from '@clickhouse/client';
import { DatabaseSpec, DictionarySpec, TableSpec } from '../../sql/spec/model';
import { dictionaryType } from '../../provider/resources/dictionary';
import { fromDynamic, TfObject, toDynamic } from '../../provider/protocol/dynamic-value';
import { queryRows, testClient, uniqueName } from '../support/clickhouse';
import { clientQueryFn, countingQueryFn } from '../../sql/live/client';
import { introspectDatabases } from '../../sql/live/introspect-tables';
import { errorsOf, startProvider, TestProvider } from '../support/provider';
import { leaks } from '../support/secret-needles';
import { serverInfo } from '../support/server-info';

describe('dictionaries on the server, through the provider', () => {
  let client: ClickHouseClient;
  let tp: TestProvider;
  const lines: string[] = [];
  const password = `pw-${randomBytes(12).toString('hex')}`;
  const db = uniqueName('dicts');
  const database: DatabaseSpec = { kind: 'database', name: db };
  const source: TableSpec = {
    kind: 'table',
    database: db,
    name: 'names',
    columns: [
      { name: 'id', type: 'UInt64' },
      { name: 'name', type: 'String' },
    ],
    engine: { name: 'MergeTree' },
    orderBy: ['id'],
  };
  const dict: DictionarySpec = {
    kind: 'dictionary',
    database: db,
    name: 'names_dict',
    attributes: [
      { name: 'id', type: 'UInt64' },
      { name: 'name', type: 'String', default: "'?'" },
    ],
    primaryKey: ['id'],
    source: { type: 'clickhouse', params: { table: 'names', db } },
    layout: { type: 'hashed' },
    lifetime: 300,
    comment: 'names by id',
  };
  const withPassword: DictionarySpec = {
    ...dict,
    name: 'remote_dict',
    source: { type: 'CLICKHOUSE', params: { table: 'names', db, user: 'reader', port: 9000 }, passwordEnv: 'DICT_SOURCE_PASSWORD' },
  };
  const createQuery = async (name: string) =>
    (
      await queryRows<{ q: string }>(client, 'SELECT create_table_query AS q FROM system.tables WHERE database = {db:String} AND name = {n:String}', {
        db,
        n: name,
      })
    )[0]?.q;

  /** A new provider process, as the next Terraform run starts one (a provider reads the server once per run). */
  const nextRun = async () => {
    await tp?.close();
    const info = serverInfo();
    tp = await startProvider(
      { url: info.url, username: info.username, password: info.password, stack: 'dicts', record_revisions: false },
      { ...process.env, DICT_SOURCE_PASSWORD: password },
      (l) => lines.push(l),
    );
  };

  beforeAll(async () => {
    client = testClient();
    await nextRun();
    expect(errorsOf(await tp.converge(database))).toBe('');
    expect(errorsOf(await tp.converge(source))).toBe('');
    await client.command({ query: `INSERT INTO ${db}.names VALUES (1, 'one'), (2, 'two')` });
  });
  afterAll(async () => {
    await tp.close();
    await client.command({ query: `DROP DATABASE IF EXISTS ${db} SYNC` });
    await client.close();
  });

  test('GIVEN a dictionary WHEN applied THEN it exists as declared, dictGet reads its source, and a read after is in sync', async () => {
    const run = await tp.converge(dict);
    expect(errorsOf(run)).toBe('');
    expect(run.planned?.planned_sql).toMatch(/^CREATE DICTIONARY IF NOT EXISTS `\w+`.`names_dict`\n/);
    expect(await createQuery('names_dict')).toContain('LIFETIME(MIN 0 MAX 300) LAYOUT(HASHED())');
    const [row] = await queryRows<{ a: string; b: string }>(
      client,
      `SELECT dictGet('${db}.names_dict', 'name', toUInt64(2)) AS a, dictGet('${db}.names_dict', 'name', toUInt64(9)) AS b`,
    );
    expect(row).toEqual({ a: 'two', b: '?' });
    const read = await tp.read(dict, run.state!, run.private);
    expect(read.state).toEqual(run.state);
    expect(read.state?.drift).toBe('');
    // Planned again with the same config: nothing to do.
    const again = await tp.plan(dict, read.state!);
    expect(errorsOf(again)).toBe('');
    expect(again.planned).toEqual(read.state);
  });

  test('GIVEN its lifetime changed by hand WHEN read THEN dictionary_lifetime_changed; the plan replaces it in place and apply heals it', async () => {
    const created = await tp.converge(dict);
    expect(errorsOf(created)).toBe('');
    await client.command({
      query: `CREATE OR REPLACE DICTIONARY ${db}.names_dict (id UInt64, name String DEFAULT '?') PRIMARY KEY id SOURCE(CLICKHOUSE(TABLE 'names' DB '${db}')) LIFETIME(60) LAYOUT(HASHED()) COMMENT 'names by id'`,
    });
    await nextRun();
    const read = await tp.read(dict, created.state!);
    expect(read.state?.drift).toBe('dictionary_lifetime_changed');
    expect(read.state?.lifetime_max).toBe(60);
    const healed = await tp.converge(dict, read.state!);
    expect(errorsOf(healed)).toBe('');
    expect(healed.planned?.planned_sql).toMatch(/^CREATE OR REPLACE DICTIONARY `\w+`.`names_dict`\n/);
    expect(healed.planned?.planned_cost).toMatch(/^CREATE OR REPLACE DICTIONARY .* — metadata only \(the dictionary reloads from its source\)$/);
    expect(await createQuery('names_dict')).toContain('LIFETIME(MIN 0 MAX 300)');
    expect((await tp.read(dict, healed.state!)).state?.drift).toBe('');
  });

  test('GIVEN it dropped by hand WHEN read THEN it leaves the state, and the next apply creates it again', async () => {
    const created = await tp.converge(dict);
    await client.command({ query: `DROP DICTIONARY ${db}.names_dict` });
    await nextRun();
    expect((await tp.read(dict, created.state!)).state).toBeNull();
    const again = await tp.converge(dict);
    expect(errorsOf(again)).toBe('');
    expect(await createQuery('names_dict')).toContain('CREATE DICTIONARY');
  });

  test('GIVEN it detached by hand WHEN read THEN detached_object; apply runs ATTACH DICTIONARY (CREATE ... IF NOT EXISTS would do nothing) and it is back', async () => {
    const created = await tp.converge(dict);
    await client.command({ query: `DETACH DICTIONARY ${db}.names_dict` });
    await nextRun();
    const read = await tp.read(dict, created.state!);
    expect(read.state?.drift).toBe('detached_object');
    const healed = await tp.converge(dict, read.state!);
    expect(errorsOf(healed)).toBe('');
    expect(healed.planned?.planned_sql).toBe(`ATTACH DICTIONARY IF NOT EXISTS \`${db}\`.\`names_dict\`;`);
    expect(await createQuery('names_dict')).toContain('CREATE DICTIONARY');
  });

  test('GIVEN an existing dictionary WHEN imported as "db.name" THEN the state is its live definition, and planning the same declaration changes nothing', async () => {
    await tp.converge(dict);
    const res = await tp.provider.importResourceState({ type_name: 'clickhouse_dictionary', id: `${db}.names_dict` });
    expect(res.diagnostics).toEqual([]);
    const state = fromDynamic(res.imported_resources[0].state) as TfObject;
    expect(state).toMatchObject({
      id: `${db}.names_dict`,
      source_type: 'CLICKHOUSE',
      layout_type: 'HASHED',
      lifetime_min: 0,
      lifetime_max: 300,
      primary_key: ['id'],
    });
    expect(dictionaryType.toSpec(state).attributes).toEqual(dict.attributes);
    const plan = await tp.plan(dict, state);
    expect(errorsOf(plan)).toBe('');
    expect(plan.planned?.planned_sql ?? '').toBe('');
    const missing = await tp.provider.importResourceState({ type_name: 'clickhouse_dictionary', id: `${db}.nope` });
    expect(missing.diagnostics.map((d) => d.summary).join('')).toMatch(/no such object/);
  });

  test('GIVEN a source password from the environment WHEN applied THEN the server has one ([HIDDEN]), and no state, plan, log line or diagnostic holds it', async () => {
    const run = await tp.converge(withPassword);
    expect(errorsOf(run)).toBe('');
    expect(run.planned?.planned_sql).toContain("PASSWORD '{{password:DICT_SOURCE_PASSWORD}}'");
    expect(await createQuery('remote_dict')).toContain("USER 'reader' PORT 9000 PASSWORD '[HIDDEN]'");
    const read = await tp.read(withPassword, run.state!, run.private);
    expect(read.state?.drift).toBe('');
    // The password taken away by hand is drift: the source differs.
    await client.command({
      query: `CREATE OR REPLACE DICTIONARY ${db}.remote_dict (id UInt64, name String DEFAULT '?') PRIMARY KEY id SOURCE(CLICKHOUSE(TABLE 'names' DB '${db}' USER 'reader' PORT 9000)) LIFETIME(300) LAYOUT(HASHED()) COMMENT 'names by id'`,
    });
    await nextRun();
    const drifted = await tp.read(withPassword, run.state!);
    expect(drifted.state?.drift).toBe('dictionary_source_changed');
    const healed = await tp.converge(withPassword, drifted.state!);
    expect(errorsOf(healed)).toBe('');
    expect(await createQuery('remote_dict')).toContain("PASSWORD '[HIDDEN]'");
    const texts = [
      ...lines,
      ...[run, read, drifted, healed].flatMap((r) => [
        JSON.stringify(r.planned ?? null),
        JSON.stringify(r.state ?? null),
        ...r.diagnostics.map((d) => `${d.summary}${d.detail}`),
      ]),
    ];
    expect(texts.flatMap((t) => leaks(t, password))).toEqual([]);
    expect(run.state?.password_env).toBe('DICT_SOURCE_PASSWORD');
    expect(run.state?.password_wo).toBeNull();
  });

  test('GIVEN a source password version bumped WHEN planned THEN dictionary_source_changed replaces it with the password read at apply; after apply the state says 2 and the next plan is clean', async () => {
    const first = await tp.converge(withPassword);
    expect(errorsOf(first)).toBe('');
    await nextRun();
    const read = await tp.read(withPassword, first.state!, first.private);
    expect(read.state?.drift).toBe('');
    const v2: DictionarySpec = { ...withPassword, source: { ...withPassword.source, passwordVersion: '2' } };
    const planned = await tp.plan(v2, read.state!);
    expect(errorsOf(planned)).toBe('');
    expect(planned.planned?.planned_sql).toMatch(/^CREATE OR REPLACE DICTIONARY `\w+`.`remote_dict`\n[^]*PASSWORD '\{\{password:DICT_SOURCE_PASSWORD\}\}'/);
    const applied = await tp.converge(v2, read.state!);
    expect(errorsOf(applied)).toBe('');
    expect(applied.state?.password_version).toBe('2');
    expect(await createQuery('remote_dict')).toContain("PASSWORD '[HIDDEN]'");
    await nextRun();
    const after = await tp.read(v2, applied.state!, applied.private);
    expect(after.state?.drift).toBe('');
    const again = await tp.plan(v2, after.state!);
    expect(errorsOf(again)).toBe('');
    expect(again.planned).toEqual(after.state);
    // Back to the default version is a rotation too.
    expect((await tp.plan(withPassword, after.state!)).planned?.planned_sql).toMatch(/^CREATE OR REPLACE DICTIONARY/);
    expect(lines.flatMap((l) => leaks(l, password))).toEqual([]);
  });

  test('GIVEN dictionaries in a database WHEN introspected THEN they come from the one system.tables read: still 7 queries', async () => {
    await tp.converge(dict);
    const q = countingQueryFn(clientQueryFn(client));
    const live = await introspectDatabases(q, [db]);
    expect(q.count).toBe(7); // as without dictionaries (test/integration/introspect.test.ts)
    expect(live.filter((o) => o.kind === 'dictionary').map((o) => o.name)).toEqual(expect.arrayContaining(['names_dict']));
    expect(live.filter((o) => o.kind === 'table').map((o) => o.name)).toEqual(['names']);
  });

  test('GIVEN removal policy destroy WHEN the resource is deleted THEN DROP DICTIONARY', async () => {
    const run = await tp.converge(dict, null, { removal_policy: 'destroy' });
    const res = await tp.provider.applyResourceChange({
      type_name: 'clickhouse_dictionary',
      prior_state: toDynamic(run.state!),
      planned_state: toDynamic(null),
      config: toDynamic(null),
      planned_private: new Uint8Array(),
    });
    expect(res.diagnostics).toEqual([]);
    expect(await createQuery('names_dict')).toBeUndefined();
  });
});
