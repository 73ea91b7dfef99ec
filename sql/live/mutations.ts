// The mutations a deploy starts, followed to their end: which ones a statement started (the
// table's mutations that were not there before it ran), their progress (parts_to_do in
// system.mutations), a failure (latest_fail_reason) and the ones still running when the time
// given runs out. Apply runs such a statement without letting the server wait for the rewrite
// (alter_sync = 0, mutations_sync = 0, see asyncMutationSettings) and waits here instead: bounded,
// with a line of progress now and then, instead of a request that times out on a large table.
import type { QueryFn } from './client';
import { splitAlterHead } from '../spec/alter-batch';

/** A mutation of one table, as system.mutations shows it. */
export interface MutationStatus {
  readonly id: string;
  readonly command: string;
  readonly partsToDo: number;
  readonly done: boolean;
  /** latest_fail_reason; absent while it has not failed. */
  readonly failReason?: string;
}

/** How a wait ended: every mutation done, one failed, or the time ran out with some still running. */
export interface MutationWait {
  readonly started: readonly MutationStatus[];
  readonly failed: readonly MutationStatus[];
  readonly running: readonly MutationStatus[];
  readonly waitedMs: number;
}

export interface WaitOptions {
  /** How long to wait for the mutations to finish. */
  readonly timeoutMs: number;
  /** Pause between two reads of system.mutations. @default 1000 */
  readonly pollMs?: number;
  /** Where progress lines go. */
  readonly log?: (line: string) => void;
  /** Seconds between two progress lines of an unchanged mutation. @default 10 */
  readonly progressEverySeconds?: number;
}

/**
 * Statement settings that let an ALTER return once its metadata changed, leaving its mutation to
 * run in the background: the server would otherwise hold the request until every part is
 * rewritten (alter_sync and mutations_sync are 1 by default). Only for a table that is not
 * replicated and a statement without ON CLUSTER: on a replicated table alter_sync = 0 would also
 * leave the metadata change queued, and apply reads the table right after to verify it.
 */
export function asyncMutationSettings(engine: string, statement: string): Readonly<Record<string, number>> | undefined {
  const head = splitAlterHead(statement)?.head;
  if (!head || head.includes(' ON CLUSTER ') || !engine.includes('MergeTree') || /Replicated|Shared/.test(engine)) return undefined;
  return { alter_sync: 0, mutations_sync: 0 };
}

/** The ids of every mutation system.mutations lists for the table (done or not). */
export async function mutationIds(query: QueryFn, database: string, table: string): Promise<Set<string>> {
  const rows = await query<{ id: string }>('SELECT mutation_id AS id FROM system.mutations WHERE database = {db:String} AND table = {t:String}', {
    db: database,
    t: table,
  });
  return new Set(rows.map((r) => r.id));
}

/** The table's mutations that are not among `before` (the ones started since it was read), oldest first. */
export async function mutationsSince(query: QueryFn, database: string, table: string, before: ReadonlySet<string>): Promise<MutationStatus[]> {
  const rows = await query<{ id: string; command: string; parts_to_do: string | number; is_done: string | number; fail: string }>(
    'SELECT mutation_id AS id, command, parts_to_do, is_done, latest_fail_reason AS fail FROM system.mutations ' +
      'WHERE database = {db:String} AND table = {t:String} AND NOT has({before:Array(String)}, mutation_id) ORDER BY create_time, mutation_id',
    { db: database, t: table, before: [...before] },
  );
  return rows.map((r) => ({
    id: r.id,
    command: r.command,
    partsToDo: Number(r.parts_to_do),
    done: Number(r.is_done) === 1,
    ...(r.fail ? { failReason: r.fail } : {}),
  }));
}

/**
 * Waits for the mutations started on the table since `before` was read: until all are done, one
 * of them reports a failure (ClickHouse retries a failing mutation forever, so the first failure
 * ends the wait, as mutations_sync would), or `timeoutMs` runs out.
 */
export async function waitForMutations(query: QueryFn, database: string, table: string, before: ReadonlySet<string>, opts: WaitOptions): Promise<MutationWait> {
  const t0 = Date.now();
  const pollMs = opts.pollMs ?? 1000;
  const every = (opts.progressEverySeconds ?? 10) * 1000;
  const lastLine = new Map<string, { parts: number; at: number }>();
  const initial = new Map<string, number>();
  for (;;) {
    const started = await mutationsSince(query, database, table, before);
    const waitedMs = Date.now() - t0;
    const running = started.filter((m) => !m.done);
    const failed = running.filter((m) => m.failReason !== undefined);
    if (failed.length || running.length === 0 || waitedMs >= opts.timeoutMs) return { started, failed, running: failed.length ? [] : running, waitedMs };
    for (const m of running) {
      if (!initial.has(m.id)) initial.set(m.id, m.partsToDo);
      const seen = lastLine.get(m.id);
      if (seen && seen.parts === m.partsToDo && Date.now() - seen.at < every) continue;
      lastLine.set(m.id, { parts: m.partsToDo, at: Date.now() });
      opts.log?.(
        `mutation ${m.id} on ${database}.${table} ${m.command}: ${m.partsToDo.toLocaleString('en-US')} of ${initial.get(m.id)!.toLocaleString('en-US')} part(s) to do, ${Math.round(waitedMs / 1000)} s of ${Math.round(opts.timeoutMs / 1000)} s`,
      );
    }
    await new Promise((r) => setTimeout(r, Math.min(pollMs, Math.max(0, opts.timeoutMs - waitedMs))));
  }
}
