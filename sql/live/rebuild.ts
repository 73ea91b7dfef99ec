// Runs a table's rebuild by copy (TableSpec.rebuild = 'copy'; the statements and names are in
// ../render/rebuild.ts), resuming what an interrupted run left:
// - a shadow table whose comment is this definition's marker is resumed: partitions whose row
//   counts already match are skipped, a partially copied one is cleared and copied again;
// - a shadow table with another definition's marker holds only copies: dropped, started over;
// - a table under the shadow name without a marker is the old data of a swap that did not finish
//   (EXCHANGE ran, the RENAME after it did not; the table then carries the marker): it is renamed
//   to the kept-old name, never dropped; with the table unmarked it is someone else's table, and
//   the rebuild is refused before any statement (rebuildShadowTaken);
// - a table whose comment is this definition's marker was swapped already: only the comment is
//   left to set.
// Row counts per source partition are compared right before the swap; on a mismatch nothing is
// swapped (rebuildCountMismatch).
import { QueryFn } from './client';
import { TableSpec } from '../spec/model';
import { isRebuildMarker, rebuildMarker, renderClearCopiedPartition, renderCopyPartition, renderCreateShadow } from '../render/rebuild';
import { renderExchange, renderFinalComment, renderKeepOld, renderShadowCounts, renderSourceCounts, shadowName } from '../render/rebuild';
import { qualified } from '../spec/identifiers';
import { rebuildCountMismatch, rebuildShadowTaken } from '../spec/errors';

export interface RebuildOptions {
  /** Where the old data goes (see oldName). */
  readonly oldName: string;
  /** Runs one statement (DDL, INSERT ... SELECT). */
  readonly exec: (statement: string) => Promise<void>;
  /** Progress lines. */
  readonly log: (line: string) => void;
  /** Called after each partition this run copied, with how many it copied so far (tests interrupt the run here). */
  readonly afterPartition?: (copied: number) => void;
}

export interface RebuildResult {
  /** Statements run, in order. */
  readonly ran: readonly string[];
  /** Partitions copied by this run, and skipped because an earlier run had copied them. */
  readonly copied: number;
  readonly skipped: number;
  /** Rows in the table after the swap. */
  readonly rows: number;
  /** The kept-old table, when this run put the old data there. */
  readonly kept?: string;
}

async function counts(query: QueryFn, sql: string): Promise<Map<string, number>> {
  const rows = await query<{ partition: string; rows: string | number }>(sql);
  return new Map(rows.map((r) => [r.partition, Number(r.rows)]));
}

/** Rebuilds `live` into `desired` (both canonical, same database and name). */
export async function runRebuild(query: QueryFn, desired: TableSpec, live: TableSpec, o: RebuildOptions): Promise<RebuildResult> {
  const ran: string[] = [];
  const run = async (statement: string) => {
    await o.exec(statement);
    ran.push(statement);
  };
  const table = `${desired.database}.${desired.name}`;
  const shadow = shadowName(desired.name);
  const marker = rebuildMarker(desired);
  const found = await query<{ name: string; comment: string }>(
    'SELECT name, comment FROM system.tables WHERE database = {db:String} AND name IN {names:Array(String)}',
    { db: desired.database, names: [desired.name, shadow] },
  );
  // Stryker disable next-line OptionalChaining,ConditionalExpression: the table being rebuilt exists (its live definition is the input), and system.tables lists it before its shadow (a name sorts before itself with a suffix)
  const tableComment = found.find((t) => t.name === desired.name)?.comment;
  const shadowComment = found.find((t) => t.name === shadow)?.comment;
  let kept: string | undefined;
  let haveShadow = shadowComment !== undefined;
  if (shadowComment !== undefined && shadowComment !== marker) {
    if (isRebuildMarker(shadowComment)) {
      o.log(`${desired.database}.${shadow} was made for another definition (${shadowComment}) and holds only copies: dropped, the copy starts over`);
      await run(`DROP TABLE ${qualified(desired.database, shadow)} SYNC`);
    } else {
      // Old data under the shadow name is what a swap that did not finish leaves: the table then
      // carries the marker. Without it the table under the shadow name is someone else's.
      if (tableComment !== marker) throw rebuildShadowTaken(table, `${desired.database}.${shadow}`);
      o.log(`${desired.database}.${shadow} holds the old data of a swap that did not finish: kept as ${desired.database}.${o.oldName}`);
      await run(renderKeepOld(desired, o.oldName));
      kept = o.oldName;
    }
    haveShadow = false;
  }
  if (tableComment === marker) {
    o.log(`${table} was swapped in by an earlier run: setting its comment`);
    await run(renderKeepOld(desired, o.oldName));
    await run(renderFinalComment(desired));
    return { ran, copied: 0, skipped: 0, rows: 0, ...(kept ? { kept } : {}) };
  }
  if (haveShadow) o.log(`resuming the rebuild of ${table}: ${desired.database}.${shadow} exists with this definition`);
  else await run(renderCreateShadow(desired));

  const source = await counts(query, renderSourceCounts(desired));
  const done = await counts(query, renderShadowCounts(desired, live));
  let copied = 0;
  let skipped = 0;
  let i = 0;
  for (const [partition, rows] of source) {
    i++;
    const have = done.get(partition) ?? 0;
    if (have === rows) {
      skipped++;
      o.log(`partition ${partition} (${i}/${source.size}): ${rows.toLocaleString('en-US')} row(s) copied by an earlier run`);
      continue;
    }
    if (have > 0) {
      o.log(
        `partition ${partition} (${i}/${source.size}): ${have.toLocaleString('en-US')} of ${rows.toLocaleString('en-US')} row(s) copied by an earlier run: cleared, copied again`,
      );
      await run(renderClearCopiedPartition(desired, live, partition));
    }
    const t0 = Date.now();
    await run(renderCopyPartition(desired, live, partition));
    copied++;
    o.log(`partition ${partition} (${i}/${source.size}): ${rows.toLocaleString('en-US')} row(s) copied in ${Date.now() - t0} ms`);
    o.afterPartition?.(copied);
  }

  // Verify right before the swap: the source as it is now against the shadow.
  const now = await counts(query, renderSourceCounts(desired));
  const copy = await counts(query, renderShadowCounts(desired, live));
  const mismatches: string[] = [];
  for (const p of new Set([...now.keys(), ...copy.keys()])) {
    if ((now.get(p) ?? 0) !== (copy.get(p) ?? 0)) mismatches.push(`partition ${p}: ${now.get(p) ?? 0} row(s) in the table, ${copy.get(p) ?? 0} in the copy`);
  }
  if (mismatches.length) throw rebuildCountMismatch(table, `${desired.database}.${shadow}`, mismatches);
  const rows = [...now.values()].reduce((a, b) => a + b, 0);
  o.log(`row counts match in ${now.size} partition(s) (${rows.toLocaleString('en-US')} row(s)): swapping`);
  await run(renderExchange(desired));
  await run(renderKeepOld(desired, o.oldName));
  await run(renderFinalComment(desired));
  o.log(
    `${table} rebuilt; the old data is kept as ${desired.database}.${o.oldName} (drop it once confirmed: DROP TABLE ${qualified(desired.database, o.oldName)} SYNC)`,
  );
  return { ran, copied, skipped, rows, kept: o.oldName };
}
