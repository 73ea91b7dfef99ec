// Idempotent DDL for databases, tables, materialized views and plain views. Pure: no I/O.
import { qualified, quoteIdent, quoteString, settingValue } from '../spec/identifiers';
import {
  ColumnSpec,
  DatabaseSpec,
  EngineSpec,
  IndexSpec,
  MaterializedViewSpec,
  InnerTableSpec,
  ProjectionSpec,
  RefreshSpec,
  RenderOptions,
  TableSpec,
  ViewColumnSpec,
  ViewSpec,
} from '../spec/model';
import { keyList } from '../spec/sql-text';

export function onCluster(opts: RenderOptions = {}): string {
  return opts.cluster ? ` ON CLUSTER ${quoteIdent(opts.cluster)}` : '';
}

export function renderCreateDatabase(db: DatabaseSpec, opts: RenderOptions = {}): string {
  let sql = `CREATE DATABASE IF NOT EXISTS ${quoteIdent(db.name)}${onCluster(opts)}`;
  if (db.engine) sql += ` ENGINE = ${db.engine}`;
  if (db.comment !== undefined) sql += ` COMMENT ${quoteString(db.comment)}`;
  return sql;
}

export function renderDropDatabase(db: { name: string }, opts: RenderOptions = {}): string {
  return `DROP DATABASE IF EXISTS ${quoteIdent(db.name)}${onCluster(opts)} SYNC`;
}

/** A column definition as in CREATE TABLE / ADD COLUMN. */
export function renderColumn(col: ColumnSpec): string {
  let sql = `${quoteIdent(col.name)} ${col.type}`;
  if (col.defaultExpression !== undefined) sql += ` ${col.defaultKind ?? 'DEFAULT'} ${col.defaultExpression}`;
  if (col.comment !== undefined) sql += ` COMMENT ${quoteString(col.comment)}`;
  if (col.codec !== undefined) sql += ` CODEC(${col.codec})`;
  if (col.ttl !== undefined) sql += ` TTL ${col.ttl}`;
  return sql;
}

/** An index definition as in CREATE TABLE / ADD INDEX: name expression TYPE type GRANULARITY n. */
export function renderIndex(ix: IndexSpec): string {
  return `${quoteIdent(ix.name)} ${ix.expression} TYPE ${ix.type} GRANULARITY ${ix.granularity ?? 1}`;
}

/** A projection definition as in CREATE TABLE / ADD PROJECTION: name (query). */
export function renderProjection(p: ProjectionSpec): string {
  return `${quoteIdent(p.name)} (${p.query})`;
}

export function renderEngine(engine: EngineSpec): string {
  return `${engine.name}(${(engine.args ?? []).join(', ')})`;
}

export function renderOrderBy(t: Pick<TableSpec, 'orderBy'>): string {
  return keyList(t.orderBy);
}

export function renderCreateTable(t: TableSpec, opts: RenderOptions = {}): string {
  const cols = [
    ...t.columns.map((c) => `    ${renderColumn(c)}`),
    ...(t.indexes ?? []).map((ix) => `    INDEX ${renderIndex(ix)}`),
    ...(t.projections ?? []).map((p) => `    PROJECTION ${renderProjection(p)}`),
  ].join(',\n');
  const parts = [`CREATE TABLE IF NOT EXISTS ${qualified(t.database, t.name)}${onCluster(opts)}\n(\n${cols}\n)`, `ENGINE = ${renderEngine(t.engine)}`];
  if (t.partitionBy !== undefined) parts.push(`PARTITION BY ${t.partitionBy}`);
  // Only the MergeTree family has a sorting key; Distributed, Memory, Log and Null refuse ORDER BY, even tuple().
  if (t.engine.name.endsWith('MergeTree') || t.orderBy.length > 0) parts.push(`ORDER BY ${renderOrderBy(t)}`);
  if (t.primaryKey !== undefined) parts.push(`PRIMARY KEY ${keyList(t.primaryKey)}`);
  if (t.sampleBy !== undefined) parts.push(`SAMPLE BY ${t.sampleBy}`);
  if (t.ttl !== undefined) parts.push(`TTL ${t.ttl}`);
  const settings = Object.entries(t.settings ?? {});
  if (settings.length) parts.push(`SETTINGS ${settings.map(([k, v]) => `${k} = ${settingValue(v)}`).join(', ')}`);
  if (t.comment !== undefined) parts.push(`COMMENT ${quoteString(t.comment)}`);
  return parts.join('\n');
}

function alterTable(t: { database: string; name: string }, opts: RenderOptions, action: string): string {
  return `ALTER TABLE ${qualified(t.database, t.name)}${onCluster(opts)} ${action}`;
}

export function renderAddColumn(t: TableSpec, col: ColumnSpec, after: string | undefined, opts: RenderOptions = {}): string {
  const position = after === undefined ? ' FIRST' : ` AFTER ${quoteIdent(after)}`;
  return alterTable(t, opts, `ADD COLUMN IF NOT EXISTS ${renderColumn(col)}${position}`);
}

export function renderModifyColumn(t: TableSpec, col: ColumnSpec, opts: RenderOptions = {}): string {
  return alterTable(t, opts, `MODIFY COLUMN IF EXISTS ${renderColumn(col)}`);
}

export function renderDropColumn(t: { database: string; name: string }, column: string, opts: RenderOptions = {}): string {
  return alterTable(t, opts, `DROP COLUMN IF EXISTS ${quoteIdent(column)}`);
}

export function renderRenameColumn(t: { database: string; name: string }, from: string, to: string, opts: RenderOptions = {}): string {
  return alterTable(t, opts, `RENAME COLUMN IF EXISTS ${quoteIdent(from)} TO ${quoteIdent(to)}`);
}

/** RENAME TABLE db.from TO db.to (the same database). */
export function renderRenameTable(database: string, from: string, to: string, opts: RenderOptions = {}): string {
  return `RENAME TABLE ${qualified(database, from)} TO ${qualified(database, to)}${onCluster(opts)}`;
}

export function renderCommentColumn(t: TableSpec, column: string, comment: string, opts: RenderOptions = {}): string {
  return alterTable(t, opts, `COMMENT COLUMN IF EXISTS ${quoteIdent(column)} ${quoteString(comment)}`);
}

export function renderModifyTtl(t: TableSpec, opts: RenderOptions = {}): string {
  return t.ttl === undefined ? alterTable(t, opts, 'REMOVE TTL') : alterTable(t, opts, `MODIFY TTL ${t.ttl}`);
}

/**
 * MODIFY ORDER BY, in one ALTER with the ADD COLUMNs of the columns it appends: ClickHouse only
 * lets the sorting key grow by columns added in the same ALTER query.
 */
export function renderModifyOrderBy(t: TableSpec, added: readonly { column: ColumnSpec; after: string | undefined }[] = [], opts: RenderOptions = {}): string {
  const adds = added.map(
    ({ column, after }) => `ADD COLUMN IF NOT EXISTS ${renderColumn(column)}${after === undefined ? ' FIRST' : ` AFTER ${quoteIdent(after)}`}`,
  );
  return alterTable(t, opts, [...adds, `MODIFY ORDER BY ${renderOrderBy(t)}`].join(', '));
}

export function renderModifySampleBy(t: TableSpec, opts: RenderOptions = {}): string {
  return t.sampleBy === undefined ? alterTable(t, opts, 'REMOVE SAMPLE BY') : alterTable(t, opts, `MODIFY SAMPLE BY ${t.sampleBy}`);
}

/** What of a column can be removed on its own (the rest of its definition stays). */
export type ColumnPart = 'DEFAULT' | 'MATERIALIZED' | 'ALIAS' | 'CODEC' | 'TTL' | 'COMMENT';

export function renderRemoveColumnPart(t: { database: string; name: string }, column: string, part: ColumnPart, opts: RenderOptions = {}): string {
  return alterTable(t, opts, `MODIFY COLUMN IF EXISTS ${quoteIdent(column)} REMOVE ${part}`);
}

/** Moves a column (MODIFY COLUMN needs the type to accept a position). */
export function renderMoveColumn(t: { database: string; name: string }, col: ColumnSpec, after: string | undefined, opts: RenderOptions = {}): string {
  const position = after === undefined ? 'FIRST' : `AFTER ${quoteIdent(after)}`;
  return alterTable(t, opts, `MODIFY COLUMN IF EXISTS ${quoteIdent(col.name)} ${col.type} ${position}`);
}

export function renderAddIndex(t: { database: string; name: string }, ix: IndexSpec, opts: RenderOptions = {}): string {
  return alterTable(t, opts, `ADD INDEX IF NOT EXISTS ${renderIndex(ix)}`);
}

export function renderDropIndex(t: { database: string; name: string }, name: string, opts: RenderOptions = {}): string {
  return alterTable(t, opts, `DROP INDEX IF EXISTS ${quoteIdent(name)}`);
}

/** Builds the index for the parts written before it existed (ADD INDEX covers only new inserts and merges). */
export function renderMaterializeIndex(t: { database: string; name: string }, name: string, opts: RenderOptions = {}): string {
  return alterTable(t, opts, `MATERIALIZE INDEX ${quoteIdent(name)}`);
}

export function renderAddProjection(t: { database: string; name: string }, p: ProjectionSpec, opts: RenderOptions = {}): string {
  return alterTable(t, opts, `ADD PROJECTION IF NOT EXISTS ${renderProjection(p)}`);
}

export function renderDropProjection(t: { database: string; name: string }, name: string, opts: RenderOptions = {}): string {
  return alterTable(t, opts, `DROP PROJECTION IF EXISTS ${quoteIdent(name)}`);
}

/** Builds the projection for the parts written before it existed. */
export function renderMaterializeProjection(t: { database: string; name: string }, name: string, opts: RenderOptions = {}): string {
  return alterTable(t, opts, `MATERIALIZE PROJECTION ${quoteIdent(name)}`);
}

export function renderAlterDatabaseComment(db: DatabaseSpec, opts: RenderOptions = {}): string {
  return `ALTER DATABASE ${quoteIdent(db.name)}${onCluster(opts)} MODIFY COMMENT ${quoteString(db.comment ?? '')}`;
}

export function renderModifySetting(t: TableSpec, name: string, value: string | number, opts: RenderOptions = {}): string {
  return alterTable(t, opts, `MODIFY SETTING ${name} = ${settingValue(value)}`);
}

/** Takes a table setting back to the server's default (it leaves the table's SETTINGS). */
export function renderResetSetting(t: TableSpec, name: string, opts: RenderOptions = {}): string {
  return alterTable(t, opts, `RESET SETTING ${name}`);
}

export function renderModifyComment(t: TableSpec | MaterializedViewSpec | ViewSpec, opts: RenderOptions = {}): string {
  return alterTable(t, opts, `MODIFY COMMENT ${quoteString(t.comment ?? '')}`);
}

/** Attaches a detached table or view (ATTACH TABLE works for both); a no-op where it is attached already. */
export function renderAttach(t: { database: string; name: string }, opts: RenderOptions = {}): string {
  return `ATTACH TABLE IF NOT EXISTS ${qualified(t.database, t.name)}${onCluster(opts)}`;
}

export function renderDropTable(t: { database: string; name: string }, opts: RenderOptions = {}): string {
  return `DROP TABLE IF EXISTS ${qualified(t.database, t.name)}${onCluster(opts)} SYNC`;
}

/** A view's column list as in CREATE [MATERIALIZED] VIEW, on its own lines; '' when not declared. */
function viewColumns(columns: readonly ViewColumnSpec[] | undefined): string {
  return columns !== undefined ? `\n(\n${columns.map((c) => `    ${quoteIdent(c.name)} ${c.type}`).join(',\n')}\n)` : '';
}

/** COMMENT before AS, where ClickHouse prints it: after the SELECT it would read as part of the query's tail. */
function viewComment(comment: string | undefined): string {
  return comment !== undefined ? `\nCOMMENT ${quoteString(comment)}` : '';
}

/** A REFRESH clause (REFRESH EVERY 1 HOUR OFFSET 5 MINUTE ... APPEND), as the server prints it; '' when the view has none. */
export function renderRefresh(r: RefreshSpec | undefined): string {
  if (r === undefined) return '';
  const parts = [`REFRESH ${r.kind} ${r.interval}`];
  if (r.offset !== undefined) parts.push(`OFFSET ${r.offset}`);
  if (r.randomizeFor !== undefined) parts.push(`RANDOMIZE FOR ${r.randomizeFor}`);
  if (r.dependsOn?.length) parts.push(`DEPENDS ON ${r.dependsOn.map((d) => qualified(d.database, d.name)).join(', ')}`);
  const settings = Object.entries(r.settings ?? {});
  if (settings.length) parts.push(`SETTINGS ${settings.map(([k, v]) => `${k} = ${settingValue(v)}`).join(', ')}`);
  if (r.append) parts.push('APPEND');
  return parts.join(' ');
}

/** The storage of a view without TO: ENGINE = ... [PARTITION BY] ORDER BY [PRIMARY KEY] [TTL] [SETTINGS]. */
export function renderInnerEngine(inner: InnerTableSpec): string {
  const parts = [`ENGINE = ${renderEngine(inner.engine)}`];
  if (inner.partitionBy !== undefined) parts.push(`PARTITION BY ${inner.partitionBy}`);
  if (inner.engine.name.endsWith('MergeTree') || inner.orderBy.length > 0) parts.push(`ORDER BY ${keyList(inner.orderBy)}`);
  if (inner.primaryKey !== undefined) parts.push(`PRIMARY KEY ${keyList(inner.primaryKey)}`);
  if (inner.ttl !== undefined) parts.push(`TTL ${inner.ttl}`);
  const settings = Object.entries(inner.settings ?? {});
  if (settings.length) parts.push(`SETTINGS ${settings.map(([k, v]) => `${k} = ${settingValue(v)}`).join(', ')}`);
  return parts.join(' ');
}

/**
 * CREATE MATERIALIZED VIEW IF NOT EXISTS [REFRESH ...] TO db.t | (columns) ENGINE = ..., never
 * POPULATE: a view created over a source that already has rows starts empty (POPULATE would
 * miss the rows inserted while it runs); fill it by hand with INSERT ... SELECT where needed.
 */
export function renderCreateMaterializedView(mv: MaterializedViewSpec, opts: RenderOptions = {}): string {
  const comment = viewComment(mv.comment);
  const columns = viewColumns(mv.columns);
  const refresh = mv.refresh !== undefined ? `\n${renderRefresh(mv.refresh)}` : '';
  const target = mv.to !== undefined ? `\nTO ${qualified(mv.to.database, mv.to.name)}` : '';
  const engine = mv.to === undefined && mv.inner !== undefined ? `\n${renderInnerEngine(mv.inner)}` : '';
  return `CREATE MATERIALIZED VIEW IF NOT EXISTS ${qualified(mv.database, mv.name)}${onCluster(opts)}${refresh}${target}${columns}${engine}${comment}\nAS ${mv.select}`;
}

/** Changes a refreshable view's REFRESH clause in place (ALTER TABLE ... MODIFY REFRESH); APPEND cannot change this way. */
export function renderModifyRefresh(mv: MaterializedViewSpec & { refresh: RefreshSpec }, opts: RenderOptions = {}): string {
  return alterTable(mv, opts, `MODIFY ${renderRefresh(mv.refresh)}`);
}

/** Changes the view's query in place (ALTER TABLE ... MODIFY QUERY); the target table is untouched. */
export function renderModifyQuery(mv: MaterializedViewSpec, opts: RenderOptions = {}): string {
  return alterTable(mv, opts, `MODIFY QUERY ${mv.select}`);
}

export function renderDropView(mv: { database: string; name: string }, opts: RenderOptions = {}): string {
  return `DROP VIEW IF EXISTS ${qualified(mv.database, mv.name)}${onCluster(opts)} SYNC`;
}

/** CREATE VIEW IF NOT EXISTS: a plain view with its column list (when declared), comment and SELECT. */
export function renderCreateView(v: ViewSpec, opts: RenderOptions = {}): string {
  return `CREATE VIEW IF NOT EXISTS ${qualified(v.database, v.name)}${onCluster(opts)}${viewColumns(v.columns)}${viewComment(v.comment)}\nAS ${v.select}`;
}

/**
 * CREATE OR REPLACE VIEW: the declared definition replaces the live one in one step (a plain view
 * holds no data, and readers see the old or the new query, never none). ClickHouse has no ALTER
 * for a plain view's query (MODIFY QUERY is for materialized views: NOT_IMPLEMENTED on View).
 */
export function renderReplaceView(v: ViewSpec, opts: RenderOptions = {}): string {
  return `CREATE OR REPLACE VIEW ${qualified(v.database, v.name)}${onCluster(opts)}${viewColumns(v.columns)}${viewComment(v.comment)}\nAS ${v.select}`;
}
