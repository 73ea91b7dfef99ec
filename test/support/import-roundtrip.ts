// The import round trip the integration tests share: `chx import` of live databases into a
// TypeScript file, the file type-checked as part of the project and loaded, its stack synthesized
// with the drift check; the server's own rows (system.tables, columns, skip indexes, projections,
// dictionaries) to compare a copy deployed from the code with the original.
import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdktf';
import { ClickHouseClient } from '@clickhouse/client';
import { runChx } from '../../cli/chx';
import { checkStackDrift } from '../../constructs/app';
import { ClickHouseStack } from '../../constructs/clickhouse-stack';
import { StackReport } from '../../sql/report/report';
import { PROJECT_ROOT, typeCheck } from './cdktf';
import { renderDropDatabase } from '../../sql/render/tables';
import { queryRows, testClient, uniqueName } from './clickhouse';
import { serverInfo } from './server-info';

export type StackFn = (scope: App, id?: string, props?: ConstructorParameters<typeof ClickHouseStack>[2]) => ClickHouseStack;

export const GENERATED_DIR = path.join(PROJECT_ROOT, 'test', '.generated');

/** `chx import ARGS` in-process, as a user runs it from this checkout. */
export const importCli = (argv: string[], env: NodeJS.ProcessEnv, out: (s: string) => void, err: (s: string) => void): Promise<number> =>
  runChx(['import', ...argv], { out, err, env, cwd: process.cwd() });

export interface Imported {
  readonly code: number;
  /** What import wrote to stderr (its warnings). */
  readonly err: readonly string[];
  readonly source: string;
  /** Type errors of the generated file, compiled as part of the project ([] when it compiles). */
  readonly typeErrors: readonly string[];
  /** The generated stack function (loaded only when the file compiles). */
  readonly stackFn?: StackFn;
}

/** Imports `args` (e.g. ['--database', db]) into `outFile` with stack name `stackName`, type-checks and loads it. */
export async function importToFile(args: readonly string[], stackName: string, outFile: string, env: NodeJS.ProcessEnv): Promise<Imported> {
  const err: string[] = [];
  const code = await importCli(
    [...args, '--stack-name', stackName, '--out', outFile],
    env,
    () => undefined,
    (l) => err.push(l),
  );
  if (code !== 0) return { code, err, source: '', typeErrors: [] };
  const source = fs.readFileSync(outFile, 'utf8');
  const typeErrors = typeCheck(outFile);
  const fnName = `${stackName.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase())}Stack`;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the generated module, loaded at run time
  const stackFn = typeErrors.length ? undefined : ((require(outFile) as Record<string, StackFn>)[fnName] ?? undefined);
  return { code, err, source, typeErrors, ...(stackFn ? { stackFn } : {}) };
}

/** Synthesizes `fn`'s stack (into a temp dir under `outRoot`, recorded in `dirs`) with the drift check against `url`. */
export async function synthWithDriftCheck(
  fn: StackFn,
  url: string,
  env: NodeJS.ProcessEnv,
  dirs: string[],
  outRoot = GENERATED_DIR,
): Promise<{ stack: ClickHouseStack; report: StackReport }> {
  fs.mkdirSync(outRoot, { recursive: true });
  const app = new App({ outdir: fs.mkdtempSync(path.join(outRoot, 'app-')), skipValidation: false });
  dirs.push(app.outdir);
  const stack = fn(app, 'imported', { connection: { url } });
  const report = await checkStackDrift(stack, env);
  app.synth();
  return { stack, report };
}

/** The objects of a report that are not in sync, as 'object: reasons'. */
export const notInSync = (report: StackReport): string[] => report.objects.filter((o) => o.state !== 'in_sync').map((o) => `${o.object}: ${o.reasons}`);

/** What the server says about some objects of a database (tables, views, dictionaries), row sets keyed by object name. */
export async function serverRowsByObject(client: ClickHouseClient, database: string): Promise<Map<string, string>> {
  const params = { db: database };
  const sets: [string, string][] = [
    [
      'table',
      'SELECT name AS o, engine, create_table_query, sorting_key, primary_key, partition_key, sampling_key, as_select, comment FROM system.tables WHERE database = {db:String}',
    ],
    [
      'column',
      'SELECT table AS o, name, position, type, default_kind, default_expression, comment, compression_codec FROM system.columns WHERE database = {db:String}',
    ],
    ['index', 'SELECT table AS o, name, type_full, expr, granularity FROM system.data_skipping_indices WHERE database = {db:String}'],
    ['projection', 'SELECT table AS o, name, query FROM system.projections WHERE database = {db:String}'],
    [
      'dictionary',
      'SELECT name AS o, attribute.names, attribute.types, key.names, source, lifetime_min, lifetime_max, type FROM system.dictionaries WHERE database = {db:String}',
    ],
  ];
  const out = new Map<string, string[]>();
  for (const [what, sql] of sets) {
    for (const row of await queryRows<Record<string, unknown> & { o: string }>(client, `${sql} ORDER BY o`, params)) {
      const { o, ...rest } = row;
      const list = out.get(o) ?? [];
      list.push(`${what} ${JSON.stringify(rest)}`);
      out.set(o, list);
    }
  }
  return new Map([...out].map(([k, v]) => [k, v.sort().join('\n')]));
}

/**
 * The fixture of an import test: a client of the suite's server, a database name unique to the
 * run (the describe's beforeAll creates it), where its code goes and where its apps synthesize;
 * all dropped and removed after the describe's tests.
 */
export function useImportFixture(prefix: string) {
  const client = testClient();
  const database = uniqueName(prefix);
  const outFile = path.join(GENERATED_DIR, `${database}.ts`);
  const env = (): NodeJS.ProcessEnv => ({
    CLICKHOUSE_URL: serverInfo().url,
    CLICKHOUSE_USER: serverInfo().username,
    CLICKHOUSE_PASSWORD: serverInfo().password,
  });
  const apps: string[] = [];
  afterAll(async () => {
    await client.command({ query: renderDropDatabase({ name: database }) });
    await client.close();
    fs.rmSync(outFile, { force: true });
    for (const d of apps) fs.rmSync(d, { recursive: true, force: true });
  });
  return { client, database, outFile, env, apps };
}
