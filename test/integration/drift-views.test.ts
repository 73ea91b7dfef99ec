// Plain views on a real server: created from the spec they show no drift; each reason code (query
// changed by hand, column list changed, comment changed, dropped, detached) is detected, named and
// healed by the statements deploy runs; the drift report of a stack with View constructs names it;
// and reading views costs no query more than reading tables.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Testing } from 'cdktf';
import { ClickHouseClient } from '@clickhouse/client';
import { Change, runnableStatements } from '../../sql/spec/changes';
import { diff } from '../../sql/diff';
import { clientQueryFn, QueryFn } from '../../sql/live/client';
import { introspectDatabases } from '../../sql/live/introspect-tables';
import { DiffOptions, ObjectSpec, TableSpec, ViewSpec } from '../../sql/spec/model';
import { canonicalize } from '../../sql/live/canonicalize';
import { renderCreateDatabase, renderCreateTable, renderCreateView, renderDropDatabase } from '../../sql/render/tables';
import { renderDrop } from '../../sql/render/drop';
import { checkStackDrift } from '../../constructs/app';
import { ClickHouseStack } from '../../constructs/clickhouse-stack';
import { Database } from '../../constructs/database';
import { Table } from '../../constructs/table';
import { View } from '../../constructs/view';
import { queryRows, testClient, uniqueName } from '../support/clickhouse';
import { serverInfo } from '../support/server-info';

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

/** A database with a table of 10 rows and two views over it: one plain, one with a column list and a comment. */
async function createViews(prefix: string): Promise<{ db: string; objects: ObjectSpec[]; plain: ViewSpec; typed: ViewSpec }> {
  const db = uniqueName(prefix);
  databases.push(db);
  const table: TableSpec = {
    kind: 'table',
    database: db,
    name: 'src',
    columns: [
      { name: 'k', type: 'UInt64' },
      { name: 's', type: 'String' },
    ],
    engine: { name: 'MergeTree' },
    orderBy: ['k'],
  };
  const plain: ViewSpec = { kind: 'view', database: db, name: 'plain', select: `SELECT k,s FROM ${db}.src WHERE k>4` };
  const typed: ViewSpec = {
    kind: 'view',
    database: db,
    name: 'typed',
    select: `SELECT k, s FROM ${db}.src`,
    columns: [
      { name: 'k', type: 'UInt64' },
      { name: 's', type: 'LowCardinality(String)' },
    ],
    comment: "the 'typed' view",
  };
  await run([renderCreateDatabase({ kind: 'database', name: db }), renderCreateTable(table), renderCreateView(plain), renderCreateView(typed)]);
  await run([`INSERT INTO ${db}.src SELECT number, toString(number) FROM numbers(10)`]);
  return { db, objects: [{ kind: 'database', name: db }, table, plain, typed], plain, typed };
}

async function driftOf(desired: readonly ObjectSpec[], db: string, opts: DiffOptions = {}): Promise<Change[]> {
  const live = await introspectDatabases(query, [db]);
  const canon = await canonicalize(query, desired, live);
  return diff(canon.desired, { objects: canon.live }, opts);
}

const summary = (changes: readonly Change[]) => changes.map((c) => `${c.object} ${c.reason}: ${c.detail}`);
const reasons = (changes: readonly Change[]) => changes.map((c) => `${c.object} ${c.reason}`);
const rows = async (sql: string) => queryRows<Record<string, unknown>>(client, sql);
const count = async (from: string) => Number((await queryRows<{ n: string | number }>(client, `SELECT count() AS n FROM ${from}`))[0].n);

describe('plain views on a real server', () => {
  test('GIVEN views created from their specs WHEN introspected and diffed THEN each is a view with the listed columns, and there is no drift', async () => {
    const { db, objects } = await createViews('view_clean');
    const live = (await introspectDatabases(query, [db])).filter((o) => o.kind === 'view');
    expect(live).toEqual([
      {
        kind: 'view',
        database: db,
        name: 'plain',
        select: `SELECT k, s FROM ${db}.src WHERE k > 4`,
        columns: [
          { name: 'k', type: 'UInt64' },
          { name: 's', type: 'String' },
        ],
        columnsListed: true,
      },
      expect.objectContaining({ name: 'typed', comment: "the 'typed' view", columns: [expect.anything(), { name: 's', type: 'LowCardinality(String)' }] }),
    ]);
    expect(summary(await driftOf(objects, db))).toEqual([]);
    // Deploying again changes nothing: every statement is idempotent.
    await run(diff(objects, { objects: [] }).flatMap((c) => c.statements));
    expect(summary(await driftOf(objects, db))).toEqual([]);
  });

  test('GIVEN the query replaced by hand WHEN diffed THEN view_query_changed, healed in place by CREATE OR REPLACE VIEW, and the view returns the declared rows again', async () => {
    const { db, objects } = await createViews('view_query');
    await run([`CREATE OR REPLACE VIEW ${db}.plain AS SELECT k, s FROM ${db}.src`]);
    expect(await count(`${db}.plain`)).toBe(10);
    const changes = await driftOf(objects, db);
    expect(reasons(changes)).toEqual([`view:${db}.plain view_query_changed`]);
    expect(changes[0]).toMatchObject({ runnable: true, inPlace: true, destructive: false });
    expect(changes[0].detail).toBe(`SELECT desired SELECT k, s FROM ${db}.src WHERE k > 4, live SELECT k, s FROM ${db}.src`);
    expect(runnableStatements(changes)).toEqual([`CREATE OR REPLACE VIEW \`${db}\`.\`plain\`\nAS SELECT k, s FROM ${db}.src WHERE k > 4`]);
    await run(runnableStatements(changes));
    expect(summary(await driftOf(objects, db))).toEqual([]);
    expect(await count(`${db}.plain`)).toBe(5);
  });

  test('GIVEN the view dropped by hand WHEN diffed THEN missing_object, recreated by CREATE VIEW IF NOT EXISTS', async () => {
    const { db, objects } = await createViews('view_dropped');
    await run([`DROP VIEW ${db}.typed`]);
    const changes = await driftOf(objects, db);
    expect(reasons(changes)).toEqual([`view:${db}.typed missing_object`]);
    expect(changes[0].statements[0]).toMatch(
      /^CREATE VIEW IF NOT EXISTS `[^`]+`\.`typed`\n\(\n {4}`k` UInt64,\n {4}`s` LowCardinality\(String\)\n\)\nCOMMENT /,
    );
    await run(runnableStatements(changes));
    expect(summary(await driftOf(objects, db))).toEqual([]);
  });

  test('GIVEN the column list changed by hand WHEN diffed THEN view_columns_changed (compared because declared), healed by the replace', async () => {
    const { db, objects } = await createViews('view_columns');
    await run([`CREATE OR REPLACE VIEW ${db}.typed (k UInt64, s String) COMMENT 'the ''typed'' view' AS SELECT k, s FROM ${db}.src`]);
    const changes = await driftOf(objects, db);
    expect(reasons(changes)).toEqual([`view:${db}.typed view_columns_changed`]);
    expect(changes[0].detail).toBe('columns desired (k UInt64, s LowCardinality(String)), live (k UInt64, s String)');
    await run(runnableStatements(changes));
    expect(summary(await driftOf(objects, db))).toEqual([]);
    expect(await rows(`SELECT toTypeName(s) AS t FROM ${db}.typed LIMIT 1`)).toEqual([{ t: 'LowCardinality(String)' }]);
  });

  test('GIVEN the comment changed by hand WHEN diffed THEN comment_changed, healed by MODIFY COMMENT', async () => {
    const { db, objects } = await createViews('view_comment');
    await run([`ALTER TABLE ${db}.typed MODIFY COMMENT 'by hand'`, `ALTER TABLE ${db}.plain MODIFY COMMENT 'also'`]);
    const changes = await driftOf(objects, db);
    expect(reasons(changes)).toEqual([`view:${db}.plain comment_changed`, `view:${db}.typed comment_changed`]);
    await run(runnableStatements(changes));
    expect(summary(await driftOf(objects, db))).toEqual([]);
  });

  test('GIVEN a view detached by hand WHEN diffed THEN detached_object (its definition read with SHOW CREATE), healed by ATTACH', async () => {
    const { db, objects } = await createViews('view_detached');
    await run([`DETACH VIEW ${db}.plain`]);
    const changes = await driftOf(objects, db);
    expect(summary(changes)).toEqual([`view:${db}.plain detached_object: view ${db}.plain: desired attached, live detached, with the declared definition`]);
    await run(runnableStatements(changes));
    expect(summary(await driftOf(objects, db))).toEqual([]);
  });

  test('GIVEN the removal policy destroy WHEN the view is dropped THEN DROP VIEW removes it and nothing else', async () => {
    const { db, objects, plain } = await createViews('view_drop');
    await run(renderDrop(plain));
    expect(reasons(await driftOf(objects, db))).toEqual([`view:${db}.plain missing_object`]);
    expect(await count(`${db}.src`)).toBe(10);
  });

  test('GIVEN ten views more WHEN introspected THEN the read costs the same number of queries (views come from the one system.tables read)', async () => {
    const { db } = await createViews('view_count');
    const counting = (): { q: QueryFn; n: () => number } => {
      let n = 0;
      const q = (async <T>(sql: string, params?: Record<string, unknown>) => {
        n++;
        return query<T>(sql, params);
      }) as QueryFn;
      return { q, n: () => n };
    };
    const before = counting();
    await introspectDatabases(before.q, [db]);
    await run(Array.from({ length: 10 }, (_, i) => `CREATE VIEW ${db}.more_${i} AS SELECT k FROM ${db}.src WHERE k = ${i}`));
    const after = counting();
    const live = await introspectDatabases(after.q, [db]);
    expect(live.filter((o) => o.kind === 'view')).toHaveLength(12);
    expect(after.n()).toBe(before.n());
    expect(after.n()).toBe(7);
  });
});

describe('View constructs: the drift report and the deploy order', () => {
  const env = () => ({ CLICKHOUSE_URL: serverInfo().url, CLICKHOUSE_USER: serverInfo().username, CLICKHOUSE_PASSWORD: serverInfo().password });

  function stackOf(db: string, outdir: string) {
    const app = new App({ outdir, skipValidation: false });
    const stack = new ClickHouseStack(app, 'views', { connection: { url: serverInfo().url } });
    const database = new Database(stack, 'db', { name: db });
    const top = new View(stack, 'top', { database, name: 'top', select: `SELECT k FROM ${db}.plain WHERE k < 8` });
    const src = new Table(stack, 'src', {
      database,
      name: 'src',
      columns: [
        { name: 'k', type: 'UInt64' },
        { name: 's', type: 'String' },
      ],
      orderBy: ['k'],
    });
    const plain = new View(stack, 'plain', { database, name: 'plain', select: `SELECT k,s FROM ${db}.src WHERE k>4` });
    return { app, stack, top, src, plain };
  }

  test('GIVEN a stack with views WHEN synthesized THEN each view depends on what its SELECT reads, declared before or after it', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'views-'));
    try {
      const { stack, top, src, plain } = stackOf('vdb', outdir);
      const synth = JSON.parse(Testing.synth(stack, true));
      const views = synth.resource.clickhouse_view;
      expect(views[top.resource.friendlyUniqueId].depends_on).toEqual([expect.stringContaining('clickhouse_database.'), plain.resource.address]);
      expect(views[plain.resource.friendlyUniqueId].depends_on).toEqual([expect.stringContaining('clickhouse_database.'), src.resource.address]);
      expect(views[plain.resource.friendlyUniqueId]).toMatchObject({ database: 'vdb', name: 'plain', select: 'SELECT k,s FROM vdb.src WHERE k>4' });
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });

  test('GIVEN the stack deployed and a view query changed by hand WHEN the drift check runs THEN the report names view_query_changed and the statement; after it runs, in sync', async () => {
    const db = uniqueName('view_stack');
    databases.push(db);
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'views-'));
    try {
      const { stack } = stackOf(db, outdir);
      // Terraform deploys by depends_on; here by hand in that order (top reads plain, which reads src).
      const [dbSpec, top, src, plain] = stack.specs();
      await run(diff([dbSpec, src, plain, top], { objects: [] }).flatMap((c) => c.statements));
      expect((await checkStackDrift(stack, env())).objects.filter((o) => o.state !== 'in_sync')).toEqual([]);

      await run([`CREATE OR REPLACE VIEW ${db}.top AS SELECT k FROM ${db}.plain`]);
      const report = await checkStackDrift(stack, env());
      const drifted = report.objects.filter((o) => o.state !== 'in_sync');
      expect(drifted.map((o) => `${o.object}: ${o.reasons}`)).toEqual([`view:${db}.top: view_query_changed`]);
      expect(drifted[0].changes.map((c) => c.statements)).toEqual([[`CREATE OR REPLACE VIEW \`${db}\`.\`top\`\nAS SELECT k FROM ${db}.plain WHERE k < 8`]]);
      await run(drifted[0].changes.flatMap((c) => c.statements));
      expect((await checkStackDrift(stack, env())).objects.filter((o) => o.state !== 'in_sync')).toEqual([]);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});
