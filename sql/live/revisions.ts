// The revisions record: which triggers each object was last applied with, by whom, with which
// statements. Kept in ClickHouse itself so a clean plan after deploy works with any Terraform
// backend, and so the record doubles as an audit trail.
import * as os from 'os';
import type { Connection, QueryFn } from './client';
import { qualified } from '../spec/identifiers';
import { DEFAULT_REVISIONS, RevisionsLocation } from '../render/revisions-ddl';
import { ObjectSpec } from '../spec/model';

export interface RevisionRecord {
  readonly stack: string;
  readonly object: string;
  readonly revision: string;
  /** The triggers the object was applied with (JSON of a string map). */
  readonly triggers: Readonly<Record<string, string>>;
  /** The desired spec applied (JSON). */
  readonly spec: string;
  readonly statements: readonly string[];
  readonly appliedBy: string;
  readonly appliedAt?: string;
}

/** Whether the revisions table exists on the server we talk to (one query). */
export async function revisionsTableExists(query: QueryFn, loc: RevisionsLocation = DEFAULT_REVISIONS): Promise<boolean> {
  const [row] = await query<{ n: string }>('SELECT count() AS n FROM system.tables WHERE database = {db:String} AND name = {t:String}', {
    db: loc.database,
    t: loc.table,
  });
  // count() always answers one row.
  return Number(row.n) > 0;
}

/** Latest record per object of a stack; empty when the record does not exist yet. */
export async function readRevisions(query: QueryFn, stack: string, loc: RevisionsLocation = DEFAULT_REVISIONS): Promise<Map<string, RevisionRecord>> {
  const out = new Map<string, RevisionRecord>();
  if (!(await revisionsTableExists(query, loc))) return out;
  const rows = await query<{
    object: string;
    last_revision: string;
    last_triggers: string;
    last_spec: string;
    last_statements: string[];
    last_applied_by: string;
    last_applied_at: string;
  }>(
    `SELECT object, argMax(revision, applied_at) AS last_revision, argMax(triggers, applied_at) AS last_triggers, argMax(spec, applied_at) AS last_spec,
            argMax(statements, applied_at) AS last_statements, argMax(applied_by, applied_at) AS last_applied_by, max(applied_at) AS last_applied_at
     FROM ${qualified(loc.database, loc.table)} WHERE stack = {stack:String} GROUP BY object`,
    { stack },
  );
  for (const r of rows) {
    let triggers: Record<string, string> = {};
    try {
      triggers = JSON.parse(r.last_triggers) as Record<string, string>;
    } catch {
      // A damaged record only costs a replan of that object.
    }
    out.set(r.object, {
      stack,
      object: r.object,
      revision: r.last_revision,
      triggers,
      spec: r.last_spec,
      statements: r.last_statements,
      appliedBy: r.last_applied_by,
      appliedAt: r.last_applied_at,
    });
  }
  return out;
}

/** Appends one record: the object was applied with these triggers and statements, by this OS user on this host. */
export async function recordRevision(
  conn: Connection,
  loc: RevisionsLocation,
  rec: { stack: string; object: string; revision: string; triggers: Record<string, string>; spec: ObjectSpec; statements: string[] },
): Promise<void> {
  await conn.exec(
    `INSERT INTO ${qualified(loc.database, loc.table)} (stack, object, revision, triggers, spec, statements, applied_by) ` +
      'SELECT {stack:String}, {object:String}, {revision:String}, {triggers:String}, {spec:String}, {statements:Array(String)}, {by:String}',
    {
      stack: rec.stack,
      object: rec.object,
      revision: rec.revision,
      triggers: JSON.stringify(rec.triggers),
      spec: JSON.stringify(rec.spec),
      statements: rec.statements,
      by: `${os.userInfo().username}@${os.hostname()}`,
    },
  );
}
