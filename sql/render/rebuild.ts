// A table rebuilt by copy (TableSpec.rebuild = 'copy'), for what ALTER cannot change (engine,
// PARTITION BY, ORDER BY, PRIMARY KEY): the names it uses, the marker that identifies its shadow
// table, and the statements the plan shows. Pure. sql/live/rebuild.ts runs them (with resume).
//
// The steps: CREATE the shadow table `<t>__chx_rebuild` with the desired definition and the
// marker comment `chx-rebuild:<hash of that definition>`; INSERT ... SELECT one source partition
// at a time; count the rows per source partition on both sides (no swap on a mismatch); EXCHANGE
// TABLES (atomic on an Atomic database); RENAME the shadow name, which now holds the old data, to
// `<t>__chx_old_<UTC yyyymmddThhmm>` (kept, never dropped by deploy); set the declared comment
// on the table (it carried the marker through the swap, which is how a resumed run knows the swap
// was done).
import { createHash } from 'crypto';
import { ColumnSpec, RenderOptions, TableSpec } from '../spec/model';
import { qualified, quoteIdent, quoteString, rebuildOwner } from '../spec/identifiers';

export { rebuildOwner };
import { keyElements } from '../spec/sql-text';
import { renderCreateTable } from './tables';

export const SHADOW_SUFFIX = '__chx_rebuild';
export const OLD_INFIX = '__chx_old_';
export const MARKER_PREFIX = 'chx-rebuild:';

/** The shadow table of a rebuild of `table`. */
export function shadowName(table: string): string {
  return `${table}${SHADOW_SUFFIX}`;
}

/** Where a rebuild keeps the old data: `<table>__chx_old_20261204T0300` (UTC). */
export function oldName(table: string, when: Date): string {
  const iso = when.toISOString();
  return `${table}${OLD_INFIX}${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}T${iso.slice(11, 13)}${iso.slice(14, 16)}`;
}

/** The kept-old table a rebuild's statements name for `table` (in `RENAME TABLE ... TO`); undefined when they name none. */
export function keptOldName(statements: string, table: string): string | undefined {
  for (const m of statements.matchAll(/ TO `(?:[^`\\]|\\.)*`\.`([^`]+)`/g)) if (rebuildOwner(m[1]) === table && m[1] !== shadowName(table)) return m[1];
  return undefined;
}

/** The desired definition's fingerprint: what a shadow table must have been created for to be resumed. */
export function rebuildHash(desired: TableSpec): string {
  const create = renderCreateTable({ ...desired, comment: undefined, rebuild: undefined, renamedFrom: undefined });
  return createHash('sha256').update(create).digest('hex').slice(0, 16);
}

/** The comment that marks a shadow table (and the table, between the swap and the end). */
export function rebuildMarker(desired: TableSpec): string {
  return `${MARKER_PREFIX}${rebuildHash(desired)}`;
}

export function isRebuildMarker(comment: string | undefined): boolean {
  return comment !== undefined && comment.startsWith(MARKER_PREFIX);
}

/**
 * Columns a copy carries over: [target, source] for each stored column of `desired` (a
 * MATERIALIZED, ALIAS or EPHEMERAL one is computed, not inserted) that the live table stores,
 * under its name or, declared renamed (renamedFrom), under its previous one.
 */
export function copiedColumns(desired: TableSpec, live: TableSpec): [string, string][] {
  const liveCols = new Map(live.columns.map((c) => [c.name, c]));
  const stored = (c: ColumnSpec) => c.defaultKind === undefined || c.defaultKind === 'DEFAULT';
  const out: [string, string][] = [];
  for (const c of desired.columns) {
    if (!stored(c)) continue;
    const source = liveCols.has(c.name) ? c.name : c.renamedFrom !== undefined && liveCols.has(c.renamedFrom) ? c.renamedFrom : undefined;
    if (source !== undefined && liveCols.get(source)!.defaultKind !== 'EPHEMERAL') out.push([c.name, source]);
  }
  return out;
}

/** The source partition id of a row of the shadow table: partitionId over the live partition key ('all' without one). */
export function sourcePartitionExpression(live: TableSpec): string {
  const elements = live.partitionBy === undefined ? [] : keyElements(live.partitionBy);
  return elements.length ? `partitionId(${elements.join(', ')})` : "'all'";
}

export function renderCreateShadow(desired: TableSpec, opts: RenderOptions = {}): string {
  return renderCreateTable({ ...desired, name: shadowName(desired.name), comment: rebuildMarker(desired) }, opts);
}

export function renderCopyPartition(desired: TableSpec, live: TableSpec, partition: string): string {
  const cols = copiedColumns(desired, live);
  const targets = cols.map(([t]) => quoteIdent(t)).join(', ');
  const sources = cols.map(([t, src]) => (t === src ? quoteIdent(t) : `${quoteIdent(src)} AS ${quoteIdent(t)}`)).join(', ');
  return (
    `INSERT INTO ${qualified(desired.database, shadowName(desired.name))} (${targets}) SETTINGS optimize_on_insert = 0 ` +
    `SELECT ${sources} FROM ${qualified(desired.database, desired.name)} WHERE _partition_id = ${quoteString(partition)}`
  );
}

/** Rows per partition of the source table. */
export function renderSourceCounts(t: { database: string; name: string }): string {
  return `SELECT _partition_id AS partition, count() AS rows FROM ${qualified(t.database, t.name)} GROUP BY partition ORDER BY partition`;
}

/** Rows per source partition in the shadow table. */
export function renderShadowCounts(desired: TableSpec, live: TableSpec): string {
  return `SELECT ${sourcePartitionExpression(live)} AS partition, count() AS rows FROM ${qualified(desired.database, shadowName(desired.name))} GROUP BY partition ORDER BY partition`;
}

/** Rows of one source partition in the shadow table, removed before it is copied again. */
export function renderClearCopiedPartition(desired: TableSpec, live: TableSpec, partition: string): string {
  const shadow = qualified(desired.database, shadowName(desired.name));
  // Same partition key: the source partition is a partition of the shadow too.
  if (desired.partitionBy === live.partitionBy) return `ALTER TABLE ${shadow} DROP PARTITION ID ${quoteString(partition)}`;
  return `ALTER TABLE ${shadow} DELETE WHERE ${sourcePartitionExpression(live)} = ${quoteString(partition)} SETTINGS mutations_sync = 2`;
}

export function renderExchange(t: { database: string; name: string }): string {
  return `EXCHANGE TABLES ${qualified(t.database, t.name)} AND ${qualified(t.database, shadowName(t.name))}`;
}

export function renderKeepOld(t: { database: string; name: string }, old: string): string {
  return `RENAME TABLE IF EXISTS ${qualified(t.database, shadowName(t.name))} TO ${qualified(t.database, old)}`;
}

export function renderFinalComment(desired: TableSpec): string {
  return `ALTER TABLE ${qualified(desired.database, desired.name)} MODIFY COMMENT ${quoteString(desired.comment ?? '')}`;
}

/** Every statement of a rebuild of `live` into `desired`, copying `partitions` (source partition ids), as the plan shows them. */
export function renderRebuild(desired: TableSpec, live: TableSpec, partitions: readonly string[], when: Date, opts: RenderOptions = {}): string[] {
  return [
    renderCreateShadow(desired, opts),
    ...partitions.map((p) => renderCopyPartition(desired, live, p)),
    renderSourceCounts(desired),
    renderShadowCounts(desired, live),
    renderExchange(desired),
    renderKeepOld(desired, oldName(desired.name, when)),
    renderFinalComment(desired),
  ];
}
