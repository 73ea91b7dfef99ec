// Reads the live schema of databases, tables, materialized views and plain views, behind a query function
// (QueryFn) so tests can count and fake queries.
import {
  ColumnSpec,
  DatabaseSpec,
  DefaultKind,
  DetachedState,
  DictionarySpec,
  IndexSpec,
  InnerTableSpec,
  LiveSchema,
  MaterializedViewSpec,
  ObjectSpec,
  ProjectionSpec,
  RefreshSpec,
  TableSpec,
  ViewSpec,
} from '../spec/model';
import type { PendingMutation, TableData } from '../spec/changes';
import { qualified } from '../spec/identifiers';
import type { QueryFn } from './client';
import { dictionaryFromCreateQuery } from './introspect-dictionaries';
import { findTopLevelKeyword, findTopLevelWord, keyElements, matchingBracket, singleLine, splitTopLevel, unquoteString } from '../spec/sql-text';

interface DatabaseRow {
  name: string;
  engine: string;
  comment: string;
}
interface TableRow {
  database: string;
  name: string;
  engine: string;
  partition_key: string;
  sorting_key: string;
  primary_key: string;
  sampling_key: string;
  create_table_query: string;
  comment: string;
  as_select: string;
}
interface ColumnRow {
  database: string;
  table: string;
  name: string;
  type: string;
  default_kind: string;
  default_expression: string;
  comment: string;
  compression_codec: string;
}

interface IndexRow {
  database: string;
  table: string;
  name: string;
  type_full: string;
  expr: string;
  granularity: number | string;
}

interface ProjectionRow {
  database: string;
  table: string;
  name: string;
  query: string;
}

interface SettingRow {
  name: string;
  value: string;
}

/** The server's default of every MergeTree setting: what a table has for a setting it does not set. */
const MERGE_TREE_SETTINGS_SQL = 'SELECT name, value FROM system.merge_tree_settings';

/**
 * Queries whose answer is a property of the server, not of the schema: a process that lives for
 * one Terraform run (the provider) may ask them once and reuse the answer.
 */
export const SERVER_CONSTANT_QUERIES: ReadonlySet<string> = new Set([MERGE_TREE_SETTINGS_SQL]);

interface DetachedRow {
  database: string;
  table: string;
  is_permanently: number | string;
}

/**
 * Detached tables and views of the databases {dbs} (system.detached_tables), of every replica of
 * {cluster} with `replicas`. Only databases whose engine keeps detached tables are asked: others
 * (clickhouse-local's Overlay, say) refuse the question with NOT_IMPLEMENTED.
 */
function detachedSql(replicas = false, named = false): string {
  const from = (t: string) => (replicas ? `clusterAllReplicas({cluster:String}, ${t})` : t);
  return (
    `SELECT ${replicas ? '_shard_num AS replica, ' : ''}database, table, is_permanently FROM ${from('system.detached_tables')} ` +
    `WHERE ${named ? 'table IN {tables:Array(String)} AND ' : ''}database IN (SELECT name FROM ${from('system.databases')} WHERE name IN {dbs:Array(String)} AND engine IN ('Atomic', 'Ordinary', 'Replicated', 'Lazy', 'Shared')) ` +
    `ORDER BY ${replicas ? 'replica, ' : ''}database, table`
  );
}

/** Engines that are views, not tables with data of their own. */
const VIEW_ENGINES = new Set(['View', 'LiveView', 'WindowView']);
/** View engines the model has no kind for (import names them as left out). */
const UNMODELLED_ENGINES = new Set(['LiveView', 'WindowView']);

/**
 * Reads databases, tables, columns and materialized views of the given databases in a CONSTANT
 * number of queries (one per system table: system.databases, system.tables, system.columns,
 * system.merge_tree_settings for the server's setting defaults, system.detached_tables,
 * system.data_skipping_indices, system.projections),
 * independent of the table count. Returns them as DatabaseSpec/TableSpec/MaterializedViewSpec/ViewSpec
 * (live state in the model's types; a plain view comes from the same system.tables row, engine View). Objects not in these databases are not read.
 *
 * A detached table or view comes back with `detached` set and its definition, which ClickHouse
 * shows only through SHOW CREATE TABLE (system.detached_tables has no definition column): one
 * more query per DETACHED object, none when nothing is detached.
 */
export async function introspectDatabases(query: QueryFn, databases: readonly string[], tables?: readonly string[]): Promise<ObjectSpec[]> {
  return (await readDatabases(query, databases, tables)).objects;
}

/** A table-like object of system.tables that the model has no kind for (a live or window view). */
export interface UnmodelledObject {
  readonly database: string;
  readonly name: string;
  readonly engine: string;
}

/**
 * introspectDatabases, with the objects of those databases that the model has no kind for (live
 * and window views): `import` names them, as it names everything it leaves out. A view
 * (materialized or plain) keeps its column list only where it differs from what its SELECT
 * returns (the server lists columns for every view, declared or not): one DESCRIBE per view.
 */
export async function introspectForImport(
  query: QueryFn,
  databases: readonly string[],
): Promise<{ readonly objects: ObjectSpec[]; readonly unmodelled: UnmodelledObject[] }> {
  const read = await readDatabases(query, databases);
  const objects = await Promise.all(
    read.objects.map(async (o): Promise<ObjectSpec> => {
      if ((o.kind !== 'materialized_view' && o.kind !== 'view') || o.columns === undefined || o.detached) return o;
      const own = await query<{ name: string; type: string }>(`DESCRIBE (${o.select})`).catch(() => undefined);
      const same = own !== undefined && own.length === o.columns.length && own.every((c, i) => c.name === o.columns![i].name && c.type === o.columns![i].type);
      if (!same) return o;
      const { columns: _ofTheSelect, columnsListed: _listed, ...rest } = o;
      return rest;
    }),
  );
  return { objects, unmodelled: read.unmodelled };
}

async function readDatabases(
  query: QueryFn,
  databases: readonly string[],
  tables?: readonly string[],
): Promise<{ readonly objects: ObjectSpec[]; readonly unmodelled: UnmodelledObject[] }> {
  const names = [...new Set(databases)];
  if (names.length === 0) return { objects: [], unmodelled: [] };
  const params = { dbs: names, ...(tables ? { tables: [...new Set(tables)] } : {}) };
  // `tables` narrows the read to those tables and views (apply reads back only what it applied); [] reads the databases only.
  const none = tables !== undefined && tables.length === 0;
  const named = tables !== undefined;
  const [dbRows, tableRows, columnRows, settingRows, detachedRows, indexRows, projectionRows] = await Promise.all([
    query<DatabaseRow>('SELECT name, engine, comment FROM system.databases WHERE name IN {dbs:Array(String)} ORDER BY name', params),
    none ? Promise.resolve([] as TableRow[]) : query<TableRow>(tablesSql(false, named), params),
    none ? Promise.resolve([] as ColumnRow[]) : query<ColumnRow>(columnsSql(false, named), params),
    none ? Promise.resolve([] as SettingRow[]) : query<SettingRow>(MERGE_TREE_SETTINGS_SQL),
    none ? Promise.resolve([] as DetachedRow[]) : query<DetachedRow>(detachedSql(false, named), params),
    none ? Promise.resolve([] as IndexRow[]) : query<IndexRow>(indexesSql(false, named), params),
    none ? Promise.resolve([] as ProjectionRow[]) : query<ProjectionRow>(projectionsSql(false, named), params),
  ]);
  const defaults = settingDefaults(settingRows);
  const attached = new Set(tableRows.map((t) => `${t.database}.${t.name}`));
  const detached = await Promise.all(detachedRows.filter((d) => !attached.has(`${d.database}.${d.table}`)).map((d) => readDetached(query, d, defaults)));
  return {
    objects: [...objectsFromRows(dbRows, tableRows, columnRows, defaults, indexRows, projectionRows), ...detached.flat()],
    unmodelled: tableRows.filter((t) => UNMODELLED_ENGINES.has(t.engine)).map((t) => ({ database: t.database, name: t.name, engine: t.engine })),
  };
}

/** A detached table or view as SHOW CREATE TABLE prints it; a bare marker when that fails or prints something else (a dictionary). */
async function readDetached(query: QueryFn, row: DetachedRow, defaults: Readonly<Record<string, string>>): Promise<ObjectSpec[]> {
  const state: DetachedState = { permanently: Number(row.is_permanently) === 1, definitionRead: true };
  try {
    const [shown] = await query<{ statement: string }>(`SHOW CREATE TABLE ${qualified(row.database, row.table)}`);
    const spec = shown
      ? (specFromCreateQuery(row.database, row.table, shown.statement, defaults) ?? dictionaryFromCreateQuery(row.database, row.table, shown.statement))
      : undefined;
    if (spec) return [{ ...spec, detached: state }];
  } catch {
    // Unreadable metadata: the name is still taken, and ATTACH will say what is wrong with it.
  }
  return detachedMarkers(row.database, row.table, { ...state, definitionRead: false });
}

/**
 * A detached name whose definition is unknown, as a table and as a view of each kind (it may be
 * any): the diff of whichever is declared under that name says detached_object.
 */
export function detachedMarkers(database: string, name: string, state: DetachedState): ObjectSpec[] {
  return [
    { kind: 'table', database, name, columns: [], engine: { name: '' }, orderBy: [], detached: state },
    { kind: 'materialized_view', database, name, to: { database, name: '' }, select: '', detached: state },
    { kind: 'view', database, name, select: '', detached: state },
    { kind: 'dictionary', database, name, attributes: [], primaryKey: [], source: { type: '' }, layout: { type: '' }, detached: state },
  ];
}

function settingDefaults(rows: readonly SettingRow[]): Record<string, string> {
  return Object.fromEntries(rows.map((r) => [r.name, r.value]));
}

/**
 * system.tables of the databases {dbs} (only the tables named in {tables} when `named`); with
 * `replicas`, of every replica of {cluster}, tagged `replica`.
 */
function tablesSql(replicas = false, named = false): string {
  return (
    `SELECT ${replicas ? '_shard_num AS replica, ' : ''}database, name, engine, partition_key, sorting_key, primary_key, sampling_key, create_table_query, comment, as_select ` +
    `FROM ${replicas ? 'clusterAllReplicas({cluster:String}, system.tables)' : 'system.tables'} WHERE database IN {dbs:Array(String)}${named ? ' AND name IN {tables:Array(String)}' : ''} AND NOT is_temporary AND NOT startsWith(name, '.inner') ` +
    `ORDER BY ${replicas ? 'replica, ' : ''}database, name`
  );
}

/** system.columns of the databases {dbs} (of the tables in {tables} when `named`); with `replicas`, of every replica of {cluster}, tagged `replica`. */
function columnsSql(replicas = false, named = false): string {
  return (
    `SELECT ${replicas ? '_shard_num AS replica, ' : ''}database, table, name, type, default_kind, default_expression, comment, compression_codec ` +
    `FROM ${replicas ? 'clusterAllReplicas({cluster:String}, system.columns)' : 'system.columns'} WHERE database IN {dbs:Array(String)}${named ? ' AND table IN {tables:Array(String)}' : ''} ` +
    `ORDER BY ${replicas ? 'replica, ' : ''}database, table, position`
  );
}

/**
 * system.data_skipping_indices of the databases {dbs} (of the tables in {tables} when `named`);
 * with `replicas`, of every replica of {cluster}, tagged `replica`. Rows keep the table's order
 * of definition.
 */
function indexesSql(replicas = false, named = false): string {
  return (
    `SELECT ${replicas ? '_shard_num AS replica, ' : ''}database, table, name, type_full, expr, granularity ` +
    `FROM ${replicas ? 'clusterAllReplicas({cluster:String}, system.data_skipping_indices)' : 'system.data_skipping_indices'} WHERE database IN {dbs:Array(String)}${named ? ' AND table IN {tables:Array(String)}' : ''}` +
    (replicas ? ' ORDER BY replica' : '')
  );
}

/**
 * system.projections of the databases {dbs} (of the tables in {tables} when `named`); with
 * `replicas`, of every replica of {cluster}, tagged `replica`. The table exists since
 * ClickHouse/ClickHouse#68901 (merged August 2024), with the query text; a server older than that
 * fails the read. WITH SETTINGS is read from create_table_query.
 * Implicit indexes are told apart by create_table_query too, not by data_skipping_indices.creation,
 * a column recent servers have and older ones do not.
 */
function projectionsSql(replicas = false, named = false): string {
  return (
    `SELECT ${replicas ? '_shard_num AS replica, ' : ''}database, table, name, query ` +
    `FROM ${replicas ? 'clusterAllReplicas({cluster:String}, system.projections)' : 'system.projections'} WHERE database IN {dbs:Array(String)}${named ? ' AND table IN {tables:Array(String)}' : ''}` +
    (replicas ? ' ORDER BY replica' : '')
  );
}

function byTable<T extends { database: string; table: string }>(rows: readonly T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const key = `${r.database}.${r.table}`;
    const list = out.get(key) ?? [];
    list.push(r);
    out.set(key, list);
  }
  return out;
}

/** Rows of the system tables -> live objects (shared by the single-node and per-replica reads). */
function objectsFromRows(
  dbRows: readonly DatabaseRow[],
  tableRows: readonly TableRow[],
  columnRows: readonly ColumnRow[],
  defaults: Readonly<Record<string, string>>,
  indexRows: readonly IndexRow[] = [],
  projectionRows: readonly ProjectionRow[] = [],
): ObjectSpec[] {
  const columnsByTable = byTable(columnRows);
  const indexesByTable = byTable(indexRows);
  const projectionsByTable = byTable(projectionRows);

  const out: ObjectSpec[] = dbRows.map((d): DatabaseSpec => ({
    kind: 'database',
    name: d.name,
    engine: d.engine,
    ...(d.comment ? { comment: d.comment } : {}),
  }));
  for (const t of tableRows) {
    if (t.engine === 'MaterializedView') out.push(viewFromRow(t, columnsByTable.get(`${t.database}.${t.name}`) ?? [], defaults));
    else if (t.engine === 'View') out.push(plainViewFromRow(t, columnsByTable.get(`${t.database}.${t.name}`) ?? []));
    else if (t.engine === 'Dictionary') out.push(...dictionaryFromRow(t));
    else if (!VIEW_ENGINES.has(t.engine)) {
      const key = `${t.database}.${t.name}`;
      out.push(tableFromRow(t, columnsByTable.get(key) ?? [], defaults, indexesByTable.get(key) ?? [], projectionsByTable.get(key) ?? []));
    }
  }
  return out;
}

/** Which replica a row came from: clusterAllReplicas() numbers replicas 1..n as `_shard_num`. */
/** Scalar subquery: the host:port of every replica of {cluster:String}, in system.clusters order (replica i = _shard_num i under clusterAllReplicas). */
export const CLUSTER_HOSTS =
  "(SELECT groupArray(concat(host_name, ':', toString(port))) FROM (SELECT host_name, port FROM system.clusters WHERE cluster = {cluster:String} ORDER BY shard_num, replica_num))";

export interface ReplicaTag {
  replica?: number | string;
}

/** The rows of one replica (1-based, as _shard_num numbers them under clusterAllReplicas). */
export function rowsOfReplica<T extends ReplicaTag>(rows: readonly T[], replica: number): T[] {
  return rows.filter((r) => Number(r.replica) === replica);
}

/**
 * Reads the same objects as introspectDatabases from EVERY replica of `cluster` at once, through
 * clusterAllReplicas(cluster, system.databases/tables/columns/merge_tree_settings/detached_tables/data_skipping_indices/projections):
 * still seven queries, whatever the
 * number of tables or replicas. Returns one LiveSchema per replica, in system.clusters order
 * (shard, replica), with `host` = that replica's host_name:port as system.clusters names it, so
 * a report names the replica the way the cluster config does.
 *
 * Facts this relies on (measured on ClickHouse 26.7): clusterAllReplicas() treats each replica as
 * a shard, and `_shard_num` is its 1-based position in system.clusters ORDER BY shard_num,
 * replica_num; a scalar subquery in the SELECT is evaluated once on the initiator, so the host
 * list comes from the node we are connected to. Every replica has a `system` database, which is
 * read too so that a replica without any of `databases` still yields a (nearly empty) snapshot.
 * An unreachable replica fails the read (skip_unavailable_shards is off): better no report than a
 * report that silently leaves a replica out.
 */
export async function introspectReplicas(query: QueryFn, cluster: string, databases: readonly string[], tables?: readonly string[]): Promise<LiveSchema[]> {
  const names = [...new Set(databases)];
  const params = { cluster, dbs: names, ...(tables ? { tables: [...new Set(tables)] } : {}) };
  const none = names.length === 0 || (tables !== undefined && tables.length === 0);
  const named = tables !== undefined;
  const [dbRows, tableRows, columnRows, settingRows, detachedRows, indexRows, projectionRows] = await Promise.all([
    query<DatabaseRow & ReplicaTag & { replicas: string[]; port: number; host_name: string }>(
      'SELECT _shard_num AS replica, hostName() AS host_name, tcpPort() AS port, ' +
        `${CLUSTER_HOSTS} AS replicas, ` +
        "name, engine, comment FROM clusterAllReplicas({cluster:String}, system.databases) WHERE name IN {dbs:Array(String)} OR name = 'system' ORDER BY replica, name",
      params,
    ),
    none ? Promise.resolve([] as (TableRow & ReplicaTag)[]) : query<TableRow & ReplicaTag>(tablesSql(true, named), params),
    none ? Promise.resolve([] as (ColumnRow & ReplicaTag)[]) : query<ColumnRow & ReplicaTag>(columnsSql(true, named), params),
    // Each replica's own defaults (its config may set merge_tree settings).
    none
      ? Promise.resolve([] as (SettingRow & ReplicaTag)[])
      : query<SettingRow & ReplicaTag>(
          'SELECT _shard_num AS replica, name, value FROM clusterAllReplicas({cluster:String}, system.merge_tree_settings) ORDER BY replica, name',
          params,
        ),
    none ? Promise.resolve([] as (DetachedRow & ReplicaTag)[]) : query<DetachedRow & ReplicaTag>(detachedSql(true, named), params),
    none ? Promise.resolve([] as (IndexRow & ReplicaTag)[]) : query<IndexRow & ReplicaTag>(indexesSql(true, named), params),
    none ? Promise.resolve([] as (ProjectionRow & ReplicaTag)[]) : query<ProjectionRow & ReplicaTag>(projectionsSql(true, named), params),
  ]);

  const hosts = dbRows[0]?.replicas ?? [];
  // Named by system.clusters; the replica's own hostName():tcpPort() only if the list were short.
  const hostOf = new Map<number, string>();
  for (const r of dbRows) hostOf.set(Number(r.replica), hosts[Number(r.replica) - 1] ?? `${r.host_name}:${r.port}`);
  return [...hostOf.keys()]
    .sort((a, b) => a - b)
    .map((replica): LiveSchema => ({
      host: hostOf.get(replica),
      objects: objectsFromRows(
        rowsOfReplica(dbRows, replica).filter((d) => names.includes(d.name)),
        rowsOfReplica(tableRows, replica),
        rowsOfReplica(columnRows, replica),
        settingDefaults(rowsOfReplica(settingRows, replica)),
        rowsOfReplica(indexRows, replica),
        rowsOfReplica(projectionRows, replica),
      ).concat(
        // SHOW CREATE TABLE reads only the node it runs on: a replica's detached definition is compared once attached.
        rowsOfReplica(detachedRows, replica).flatMap((d) =>
          detachedMarkers(d.database, d.table, { permanently: Number(d.is_permanently) === 1, definitionRead: false }),
        ),
      ),
    }));
}

// -----------------------------------------------------------------------------------------
// Parsing of system.tables.create_table_query. ClickHouse prints it in one normal form:
//   CREATE TABLE db.t (`c` Type DEFAULT e COMMENT 'x' CODEC(..) TTL e, ...) ENGINE = Name(args)
//   PARTITION BY .. PRIMARY KEY .. ORDER BY .. SAMPLE BY .. TTL .. SETTINGS k = v, .. COMMENT '..'
// (all on one line). Keys come from their own system.tables columns; only what has no column of
// its own (engine arguments, TTL, SETTINGS, column TTL, a view's TO target) is cut from this text.

/** The clause after `keyword` up to the next of `stops` (top level), or undefined when absent. */
function clause(text: string, keyword: string, stops: readonly string[]): string | undefined {
  const at = findTopLevelKeyword(text, keyword);
  if (at < 0) return undefined;
  const start = at + keyword.length + 2;
  const ends = stops.map((s) => findTopLevelKeyword(text, s, start)).filter((i) => i >= 0);
  return text.slice(start, ends.length ? Math.min(...ends) : text.length).trim();
}

/** Column definitions and the engine part of a CREATE TABLE as printed by the server. */
export function splitCreateTable(createQuery: string): { columns: string[]; rest: string } {
  const open = createQuery.indexOf('(');
  const close = open < 0 ? -1 : matchingBracket(createQuery, open);
  if (open < 0 || close < 0) return { columns: [], rest: createQuery };
  return { columns: splitTopLevel(createQuery.slice(open + 1, close)), rest: ' ' + createQuery.slice(close + 1).trim() };
}

/** Column TTLs by column name, from the printed column definitions. */
export function columnTtls(columnDefs: readonly string[]): Map<string, string> {
  const ttls = new Map<string, string>();
  for (const def of columnDefs) {
    const column = columnName(def);
    if (!column) continue; // INDEX, PROJECTION, CONSTRAINT entries
    const ttl = clause(def, 'TTL', ['SETTINGS']);
    if (ttl !== undefined) ttls.set(column.name, ttl);
  }
  return ttls;
}

/** Engine name and arguments, TTL and SETTINGS from the part after the column list. */
export function parseEngineClause(rest: string): { name: string; args: string[]; ttl?: string; settings: Record<string, string> } {
  const m = /ENGINE = (\w+)/.exec(rest);
  const name = m ? m[1] : '';
  let args: string[] = [];
  if (m) {
    const after = m.index + m[0].length;
    if (rest[after] === '(') args = splitTopLevel(rest.slice(after + 1, matchingBracket(rest, after)));
  }
  const ttl = clause(rest, 'TTL', ['SETTINGS', 'COMMENT']);
  const settings: Record<string, string> = {};
  for (const s of splitTopLevel(clause(rest, 'SETTINGS', ['COMMENT']) ?? '')) {
    const eq = s.indexOf('=');
    if (eq > 0) settings[s.slice(0, eq).trim()] = unquoteString(s.slice(eq + 1));
  }
  return { name, args, ...(ttl !== undefined ? { ttl } : {}), settings };
}

function tableFromRow(
  t: TableRow,
  columns: readonly ColumnRow[],
  defaults: Readonly<Record<string, string>>,
  indexRows: readonly IndexRow[],
  projectionRows: readonly ProjectionRow[],
): TableSpec {
  const { columns: defs, rest } = splitCreateTable(t.create_table_query);
  const ttls = columnTtls(defs);
  // Indexes the server adds by itself (add_minmax_index_for_* settings) are not in the printed
  // definition: they follow from a setting, not from an INDEX to declare.
  const printedIndexes = new Set(
    defs
      .map(indexFromDefinition)
      .filter((ix) => ix !== undefined)
      .map((ix) => ix.name),
  );
  const indexes = indexRows
    .filter((r) => printedIndexes.has(r.name))
    .map((r): IndexSpec => ({ name: r.name, expression: r.expr, type: r.type_full, granularity: Number(r.granularity) }));
  // The query comes from system.projections; WITH SETTINGS only from the printed definition.
  const printedProjections = new Map(
    defs
      .map(projectionFromDefinition)
      .filter((p) => p !== undefined)
      .map((p) => [p.name, p]),
  );
  const projections = projectionRows.map((r): ProjectionSpec => ({
    name: r.name,
    query: r.query,
    ...(printedProjections.get(r.name)?.withSettings ? { withSettings: printedProjections.get(r.name)!.withSettings } : {}),
  }));
  const engine = parseEngineClause(rest);
  // sorting_key and primary_key are printed as bare lists ('a, b'), empty for tuple().
  let orderBy = splitTopLevel(t.sorting_key);
  // VersionedCollapsingMergeTree appends its version column to the sorting key it reports
  // ('k, ver' for ORDER BY k): what the table declares is the printed ORDER BY.
  if (/VersionedCollapsingMergeTree$/.test(t.engine)) {
    const printed = clause(
      rest,
      'ORDER BY',
      TABLE_CLAUSES.filter((k) => k !== 'ORDER BY'),
    );
    if (printed !== undefined) orderBy = keyElements(printed);
  }
  const primaryKey = splitTopLevel(t.primary_key);
  return {
    kind: 'table',
    database: t.database,
    name: t.name,
    columns: columns.map((c) => columnFromRow(c, ttls.get(c.name))),
    engine: { name: t.engine, args: engine.args },
    orderBy,
    // Reported where it differs from ORDER BY, and where the table declares it (PRIMARY KEY x
    // ORDER BY x): the server prints a declared key, so a copy deployed without it would differ.
    ...(primaryKey.join(', ') !== orderBy.join(', ') || findTopLevelKeyword(rest, 'PRIMARY KEY') >= 0 ? { primaryKey } : {}),
    ...(t.partition_key ? { partitionBy: t.partition_key } : {}),
    ...(t.sampling_key ? { sampleBy: t.sampling_key } : {}),
    ...(engine.ttl !== undefined ? { ttl: engine.ttl } : {}),
    ...(Object.keys(engine.settings).length ? { settings: engine.settings } : {}),
    ...(t.comment ? { comment: t.comment } : {}),
    ...(indexes.length ? { indexes } : {}),
    ...(projections.length ? { projections } : {}),
    // MergeTree settings (ReplicatedMergeTree, SharedMergeTree... included) have server defaults; other engines' do not.
    ...(/MergeTree$/.test(t.engine) ? { settingDefaults: defaults } : {}),
  };
}

/** An identifier as printed: `quoted` or bare, at the start of `s`; its name and the rest of the text. */
function leadingName(s: string): { name: string; rest: string } | undefined {
  const m = new RegExp(`^${NAME}\\s*`).exec(s);
  return m ? { name: unquoteIdent(m[1]), rest: s.slice(m[0].length) } : undefined;
}

/**
 * The name of a printed column definition (always back-quoted: `a\`b` for a`b) and the text after
 * it; undefined for INDEX, PROJECTION and CONSTRAINT entries.
 */
function columnName(def: string): { name: string; rest: string } | undefined {
  return def.startsWith('`') ? leadingName(def) : undefined;
}

/** A printed `INDEX name expr TYPE type GRANULARITY n` entry of a CREATE TABLE; undefined for other entries. */
export function indexFromDefinition(def: string): IndexSpec | undefined {
  if (!def.startsWith('INDEX ')) return undefined;
  const named = leadingName(def.slice('INDEX '.length));
  if (!named) return undefined;
  const body = ' ' + named.rest;
  const typeAt = findTopLevelWord(body, 'TYPE');
  if (typeAt < 0) return undefined;
  const granularityAt = findTopLevelWord(body, 'GRANULARITY', typeAt);
  const type = body.slice(typeAt + ' TYPE'.length, granularityAt < 0 ? body.length : granularityAt).trim();
  const granularity = granularityAt < 0 ? 1 : Number(body.slice(granularityAt + ' GRANULARITY'.length).trim());
  return { name: named.name, expression: body.slice(0, typeAt).trim(), type, granularity };
}

/**
 * A printed `PROJECTION name (query) [WITH SETTINGS (...)]` entry of a CREATE TABLE; undefined
 * for other entries. The settings clause comes back as printed (the model cannot declare it).
 */
export function projectionFromDefinition(def: string): ProjectionSpec | undefined {
  if (!def.startsWith('PROJECTION ')) return undefined;
  const named = leadingName(def.slice('PROJECTION '.length));
  if (!named || !named.rest.startsWith('(')) return undefined;
  const close = matchingBracket(named.rest, 0);
  if (close < 0) return undefined;
  const after = named.rest.slice(close + 1).trim();
  const withSettings = /^WITH SETTINGS\s*\((.*)\)$/s.exec(after)?.[1].trim();
  return { name: named.name, query: named.rest.slice(1, close).trim(), ...(withSettings ? { withSettings } : {}) };
}

function columnFromRow(c: ColumnRow, ttl: string | undefined): ColumnSpec {
  const codec = c.compression_codec ? c.compression_codec.replace(/^CODEC\((.*)\)$/s, '$1') : undefined;
  return {
    name: c.name,
    type: c.type,
    ...(c.default_kind ? { defaultKind: c.default_kind as DefaultKind } : {}),
    ...(c.default_kind && c.default_expression ? { defaultExpression: c.default_expression } : {}),
    ...(c.comment ? { comment: c.comment } : {}),
    ...(codec ? { codec } : {}),
    ...(ttl !== undefined ? { ttl } : {}),
  };
}

const NAME = '(`(?:[^`\\\\]|\\\\.)*`|[A-Za-z_][A-Za-z0-9_]*)';
const TO_TARGET = new RegExp(`\\sTO ${NAME}\\.${NAME}`);

function unquoteIdent(name: string): string {
  return name.startsWith('`') ? name.slice(1, -1).replace(/\\(.)/g, '$1') : name;
}

/** The TO target of a materialized view from its printed CREATE (the part before the column list). */
export function viewTarget(createQuery: string): { database: string; name: string } | undefined {
  const open = createQuery.indexOf('(');
  const head = open < 0 ? createQuery : createQuery.slice(0, open);
  const m = TO_TARGET.exec(head);
  return m ? { database: unquoteIdent(m[1]), name: unquoteIdent(m[2]) } : undefined;
}

/** The REFRESH clause of a refreshable materialized view's printed CREATE (before TO, its column list and AS, APPEND included), or undefined. */
export function refreshClause(createQuery: string): string | undefined {
  const open = createQuery.search(/\s(\(|AS SELECT|AS WITH)/);
  const head = open < 0 ? createQuery : createQuery.slice(0, open);
  return /\sREFRESH\s+(EVERY|AFTER)\s.*?(?=\s+(TO|EMPTY|DEFINER|SQL SECURITY|ENGINE)\s|$)/.exec(head)?.[0].trim();
}

const INTERVAL = '\\d+ [A-Z]+(?: \\d+ [A-Z]+)*';
const REFRESH = new RegExp(
  `^REFRESH (EVERY|AFTER) (${INTERVAL})(?: OFFSET (${INTERVAL}))?(?: RANDOMIZE FOR (${INTERVAL}))?(?: DEPENDS ON (.+?))?(?: SETTINGS (.+?))?( APPEND)?$`,
);

/**
 * A printed REFRESH clause as a RefreshSpec. One that does not parse is kept whole as its
 * interval, so it differs from any declared clause (never silently in sync).
 */
export function refreshFromClause(clauseText: string): RefreshSpec {
  const m = REFRESH.exec(clauseText);
  if (!m) return { kind: /^REFRESH AFTER/.test(clauseText) ? 'AFTER' : 'EVERY', interval: clauseText };
  const settings: Record<string, string> = {};
  for (const s of splitTopLevel(m[6] ?? '')) {
    const eq = s.indexOf('=');
    if (eq > 0) settings[s.slice(0, eq).trim()] = unquoteString(s.slice(eq + 1));
  }
  const dependsOn = m[5] === undefined ? [] : splitTopLevel(m[5]).map((d) => viewTarget(` TO ${d.trim()}`) ?? { database: '', name: d.trim() });
  return {
    kind: m[1] as RefreshSpec['kind'],
    interval: m[2],
    ...(m[3] !== undefined ? { offset: m[3] } : {}),
    ...(m[4] !== undefined ? { randomizeFor: m[4] } : {}),
    ...(dependsOn.length ? { dependsOn } : {}),
    ...(Object.keys(settings).length ? { settings } : {}),
    ...(m[7] !== undefined ? { append: true } : {}),
  };
}

/** The engine and the key clauses (ORDER BY, PRIMARY KEY, PARTITION BY, SAMPLE BY) of a printed table definition after its column list. */
function keyClauses(text: string) {
  const other = (keyword: string) =>
    clause(
      text,
      keyword,
      TABLE_CLAUSES.filter((k) => k !== keyword),
    );
  const key = (keyword: string) => {
    const c = other(keyword);
    return c === undefined ? undefined : keyElements(c);
  };
  return {
    engine: parseEngineClause(text),
    orderBy: key('ORDER BY') ?? [],
    primaryKey: key('PRIMARY KEY'),
    partitionBy: other('PARTITION BY'),
    sampleBy: other('SAMPLE BY'),
  };
}

/**
 * The inner table of a materialized view without TO, from its printed CREATE (`(cols) ENGINE =
 * MergeTree PARTITION BY ... ORDER BY k SETTINGS ... [DEFINER ...] [COMMENT ...] AS SELECT`), or
 * undefined for a view with TO. What the model cannot declare (SAMPLE BY) is named in `unsupported`.
 */
export function innerFromCreateQuery(createQuery: string, defaults: Readonly<Record<string, string>> = {}): InnerTableSpec | undefined {
  const { rest } = splitCreateTable(createQuery);
  const ends = ['DEFINER', 'SQL SECURITY', 'COMMENT', 'AS'].map((k) => findTopLevelKeyword(rest, k)).filter((i) => i >= 0);
  const head = rest.slice(0, ends.length ? Math.min(...ends) : rest.length) + ' ';
  if (findTopLevelKeyword(head, 'ENGINE =') < 0) return undefined;
  const { engine, orderBy, primaryKey, partitionBy, sampleBy } = keyClauses(head);
  return {
    engine: { name: engine.name, args: engine.args },
    orderBy,
    ...(partitionBy !== undefined ? { partitionBy } : {}),
    ...(primaryKey !== undefined ? { primaryKey } : {}),
    ...(engine.ttl !== undefined ? { ttl: engine.ttl } : {}),
    ...(Object.keys(engine.settings).length ? { settings: engine.settings } : {}),
    ...(sampleBy !== undefined ? { unsupported: [`SAMPLE BY ${sampleBy}`] } : {}),
    ...(/MergeTree$/.test(engine.name) ? { settingDefaults: defaults } : {}),
  };
}

/** A dictionary of system.tables: its printed CREATE DICTIONARY, parsed (nothing when it does not parse). */
function dictionaryFromRow(t: TableRow): DictionarySpec[] {
  const d = dictionaryFromCreateQuery(t.database, t.name, t.create_table_query);
  return d ? [d] : [];
}

function viewFromRow(t: TableRow, columns: readonly ColumnRow[], defaults: Readonly<Record<string, string>> = {}): MaterializedViewSpec {
  const to = viewTarget(t.create_table_query);
  const inner = to === undefined ? innerFromCreateQuery(t.create_table_query, defaults) : undefined;
  const refresh = refreshClause(t.create_table_query);
  return {
    kind: 'materialized_view',
    database: t.database,
    name: t.name,
    ...(to !== undefined ? { to } : {}),
    ...(inner !== undefined ? { inner } : {}),
    select: t.as_select,
    ...(t.comment ? { comment: t.comment } : {}),
    ...(refresh !== undefined ? { refresh: refreshFromClause(refresh) } : {}),
    // The server lists a view's columns whether they were declared or come from the SELECT.
    ...(columns.length ? { columns: columns.map((c) => ({ name: c.name, type: c.type })), columnsListed: true } : {}),
  };
}

function plainViewFromRow(t: TableRow, columns: readonly ColumnRow[]): ViewSpec {
  return {
    kind: 'view',
    database: t.database,
    name: t.name,
    select: t.as_select,
    ...(t.comment ? { comment: t.comment } : {}),
    // As for a materialized view: listed whether declared or derived from the SELECT.
    ...(columns.length ? { columns: columns.map((c) => ({ name: c.name, type: c.type })), columnsListed: true } : {}),
  };
}

// -----------------------------------------------------------------------------------------
// Parsing a whole CREATE statement (SHOW CREATE TABLE of a detached table or view, which has no
// system.columns rows): the same printed form as create_table_query, over several lines.

/** Column parts in the order ClickHouse prints them after the type (and NULL / NOT NULL right after it). */
const DEFAULT_KINDS = ['DEFAULT', 'MATERIALIZED', 'ALIAS', 'EPHEMERAL'] as const;
const COLUMN_PARTS = [...DEFAULT_KINDS, 'COMMENT', 'CODEC', 'STATISTICS', 'TTL', 'SETTINGS'];
const TYPE_ENDS = [...COLUMN_PARTS, 'NULL', 'NOT'];

/** The part of a column definition that starts at `word` up to the next part, or undefined. */
function columnPart(def: string, word: string): string | undefined {
  const at = findTopLevelWord(def, word);
  if (at < 0) return undefined;
  const start = at + word.length + 1;
  const ends = COLUMN_PARTS.map((w) => findTopLevelWord(def, w, start)).filter((i) => i >= 0);
  return def.slice(start, ends.length ? Math.min(...ends) : def.length).trim();
}

/** One printed column definition (`name` Type DEFAULT e COMMENT 'c' CODEC(x) TTL e) as a ColumnSpec; undefined for INDEX and the like. */
export function columnFromDefinition(def: string): ColumnSpec | undefined {
  const column = columnName(def);
  if (!column) return undefined;
  const { name } = column;
  const rest = ' ' + column.rest.trim();
  const typeEnd = TYPE_ENDS.map((w) => findTopLevelWord(rest, w)).filter((i) => i >= 0);
  const type = rest.slice(0, typeEnd.length ? Math.min(...typeEnd) : rest.length).trim();
  // The first default keyword is the column's (a later one would be inside its expression).
  const kinds = DEFAULT_KINDS.map((k) => [k, findTopLevelWord(rest, k)] as const).filter(([, i]) => i >= 0);
  const kind = kinds.length ? kinds.reduce((a, b) => (b[1] < a[1] ? b : a))[0] : undefined;
  const expression = kind ? columnPart(rest, kind) : undefined;
  const comment = columnPart(rest, 'COMMENT');
  const codec = columnPart(rest, 'CODEC');
  const ttl = columnPart(rest, 'TTL');
  return {
    name,
    type,
    ...(kind ? { defaultKind: kind as DefaultKind } : {}),
    ...(kind && expression ? { defaultExpression: expression } : {}),
    ...(comment !== undefined && unquoteString(comment) !== '' ? { comment: unquoteString(comment) } : {}),
    ...(codec ? { codec: codec.replace(/^\((.*)\)$/s, '$1') } : {}),
    ...(ttl !== undefined ? { ttl } : {}),
  };
}

const nonEmpty = <K extends string, T>(key: K, list: T[]): Partial<Record<K, T[]>> => (list.length ? ({ [key]: list } as Record<K, T[]>) : {});

const TABLE_CLAUSES = ['PARTITION BY', 'PRIMARY KEY', 'ORDER BY', 'SAMPLE BY', 'TTL', 'SETTINGS', 'COMMENT'];

/**
 * A table, materialized view or plain view from its printed CREATE statement (SHOW CREATE TABLE),
 * in the model's types; undefined for anything else (a dictionary, a live view).
 */
export function specFromCreateQuery(
  database: string,
  name: string,
  createQuery: string,
  defaults: Readonly<Record<string, string>> = {},
): TableSpec | MaterializedViewSpec | ViewSpec | undefined {
  const q = singleLine(createQuery.trim());
  const { columns: defs, rest } = splitCreateTable(q);
  const comment = (text: string) => {
    const c = clause(text, 'COMMENT', []);
    return c !== undefined && unquoteString(c) !== '' ? { comment: unquoteString(c) } : {};
  };
  if (/^(CREATE|ATTACH) MATERIALIZED VIEW /.test(q)) {
    const to = viewTarget(q);
    const inner = to === undefined ? innerFromCreateQuery(q, defaults) : undefined;
    const refresh = refreshClause(q);
    const as = findTopLevelKeyword(rest, 'AS');
    if ((!to && !inner) || as < 0) return undefined;
    const columns = defs
      .map(columnFromDefinition)
      .filter((c): c is ColumnSpec => c !== undefined)
      .map((c) => ({ name: c.name, type: c.type }));
    return {
      kind: 'materialized_view',
      database,
      name,
      ...(to !== undefined ? { to } : {}),
      ...(inner !== undefined ? { inner } : {}),
      ...(refresh !== undefined ? { refresh: refreshFromClause(refresh) } : {}),
      select: rest.slice(as + 4).trim(),
      ...comment(rest.slice(0, as + 1)),
      ...(columns.length ? { columns, columnsListed: true } : {}),
    };
  }
  if (/^(CREATE|ATTACH) VIEW /.test(q)) {
    const as = findTopLevelKeyword(rest, 'AS');
    if (as < 0) return undefined;
    const columns = defs
      .map(columnFromDefinition)
      .filter((c): c is ColumnSpec => c !== undefined)
      .map((c) => ({ name: c.name, type: c.type }));
    return {
      kind: 'view',
      database,
      name,
      select: rest.slice(as + 4).trim(),
      ...comment(rest.slice(0, as + 1)),
      ...(columns.length ? { columns, columnsListed: true } : {}),
    };
  }
  if (!/^(CREATE|ATTACH) TABLE /.test(q)) return undefined;
  const { engine, orderBy, primaryKey, partitionBy, sampleBy } = keyClauses(rest);
  const ttls = columnTtls(defs);
  return {
    kind: 'table',
    database,
    name,
    columns: defs
      .map(columnFromDefinition)
      .filter((c): c is ColumnSpec => c !== undefined)
      .map((c) => ({ ...c, ...(ttls.has(c.name) ? { ttl: ttls.get(c.name) } : {}) })),
    engine: { name: engine.name, args: engine.args },
    orderBy,
    ...(primaryKey ? { primaryKey } : {}),
    ...(partitionBy !== undefined ? { partitionBy } : {}),
    ...(sampleBy !== undefined ? { sampleBy } : {}),
    ...(engine.ttl !== undefined ? { ttl: engine.ttl } : {}),
    ...(Object.keys(engine.settings).length ? { settings: engine.settings } : {}),
    ...comment(rest),
    ...nonEmpty(
      'indexes',
      defs.map(indexFromDefinition).filter((ix): ix is IndexSpec => ix !== undefined),
    ),
    ...nonEmpty(
      'projections',
      defs.map(projectionFromDefinition).filter((p): p is ProjectionSpec => p !== undefined),
    ),
    ...(/MergeTree$/.test(engine.name) ? { settingDefaults: defaults } : {}),
  };
}

interface DataRow {
  database: string;
  table: string;
  rows: string | number;
  bytes: string | number;
  parts: string | number;
  mutations: string | number;
  /** JSON of the table's pending mutations: [[mutation_id, command, parts_to_do, latest_fail_reason], ...] ('' on other rows). */
  pending: string;
  ttl_setting: string | number;
  partitions: string[];
  disk_columns: string[];
}

/** How many pending mutations of a table the read lists by name (the count covers them all). */
const PENDING_LISTED = 10;

/**
 * What the tables of the databases {dbs} hold (only those in {tables} when given), in ONE query
 * whatever the table count: active parts of system.parts (rows, bytes_on_disk, part count),
 * pending mutations of system.mutations (is_done = 0: counted, the oldest listed with their id,
 * command, parts to do and latest failure), the partition ids of the active parts and the
 * columns they hold on disk (system.parts_columns), and the server's
 * materialize_ttl_after_modify (one row with an empty table name). Keyed 'database.table'; a
 * table without active parts is absent (the caller knows which tables it read). Connected node
 * only: no per-replica variant yet.
 */
export async function introspectTableData(
  query: QueryFn,
  databases: readonly string[],
  tables?: readonly string[],
): Promise<{ byTable: Map<string, TableData>; materializeTtlAfterModify: boolean }> {
  const named = tables !== undefined;
  const where = `database IN {dbs:Array(String)}${named ? ' AND table IN {tables:Array(String)}' : ''}`;
  const rows = await query<DataRow>(
    `SELECT database, table, sum(rows) AS rows, sum(bytes_on_disk) AS bytes, count() AS parts, toUInt64(0) AS mutations, '' AS pending, '' AS ttl_setting, ` +
      `arraySort(groupUniqArray(partition_id)) AS partitions, CAST([], 'Array(String)') AS disk_columns ` +
      `FROM system.parts WHERE active AND ${where} GROUP BY database, table ` +
      `UNION ALL SELECT database, table, toUInt64(0), toUInt64(0), toUInt64(0), count(), ` +
      `toJSONString(arraySlice(arraySort(x -> x.5, groupArray((mutation_id, command, toInt64(parts_to_do), latest_fail_reason, create_time))), 1, ${PENDING_LISTED})), '', ` +
      `CAST([], 'Array(String)'), CAST([], 'Array(String)') ` +
      `FROM system.mutations WHERE NOT is_done AND ${where} GROUP BY database, table ` +
      `UNION ALL SELECT database, table, toUInt64(0), toUInt64(0), toUInt64(0), toUInt64(0), '', '', CAST([], 'Array(String)'), arraySort(groupUniqArray(column)) ` +
      `FROM system.parts_columns WHERE active AND ${where} GROUP BY database, table ` +
      `UNION ALL SELECT '', '', toUInt64(0), toUInt64(0), toUInt64(0), toUInt64(0), '', value, CAST([], 'Array(String)'), CAST([], 'Array(String)') ` +
      `FROM system.settings WHERE name = 'materialize_ttl_after_modify'`,
    { dbs: databases, ...(named ? { tables } : {}) },
  );
  let materializeTtlAfterModify = true;
  const byTable = new Map<string, TableData>();
  for (const r of rows) {
    if (r.table === '') {
      materializeTtlAfterModify = !['0', 'false'].includes(String(r.ttl_setting).toLowerCase());
      continue;
    }
    const key = `${r.database}.${r.table}`;
    const had: TableData = byTable.get(key) ?? { rows: 0, bytes: 0, parts: 0, pendingMutations: 0, partitions: [], columnsOnDisk: [] };
    const pending = r.pending ? pendingOf(r.pending) : had.pending;
    byTable.set(key, {
      rows: had.rows + Number(r.rows),
      bytes: had.bytes + Number(r.bytes),
      parts: had.parts + Number(r.parts),
      pendingMutations: had.pendingMutations + Number(r.mutations),
      ...(pending?.length ? { pending } : {}),
      partitions: [...(had.partitions ?? []), ...(r.partitions ?? [])],
      columnsOnDisk: [...(had.columnsOnDisk ?? []), ...(r.disk_columns ?? [])],
    });
  }
  return { byTable, materializeTtlAfterModify };
}

function pendingOf(json: string): PendingMutation[] {
  const rows = JSON.parse(json) as [string, string, number | string, string, string][];
  return rows.map(([id, command, partsToDo, failReason]) => ({ id, command, partsToDo: Number(partsToDo), ...(failReason ? { failReason } : {}) }));
}
