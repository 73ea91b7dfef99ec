// The revisions record: which triggers each object was last applied with, by whom, with which
// statements. Kept in ClickHouse itself so a clean plan after deploy works with any Terraform
// backend, and so the record doubles as an audit trail.
import { qualified, quoteIdent } from './identifiers';
import { RenderOptions } from './model';
import { onCluster } from './render';
import type { QueryFn } from './introspect';

export interface RevisionsLocation {
  readonly database: string;
  readonly table: string;
}

export const DEFAULT_REVISIONS: RevisionsLocation = { database: 'schema_revisions', table: 'revisions' };

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

export function renderRevisionsDdl(loc: RevisionsLocation = DEFAULT_REVISIONS, opts: RenderOptions = {}): string[] {
  const cluster = onCluster(opts);
  const engine = opts.cluster ? "ReplicatedMergeTree('/clickhouse/tables/{uuid}/{shard}', '{replica}')" : 'MergeTree';
  return [
    `CREATE DATABASE IF NOT EXISTS ${quoteIdent(loc.database)}${cluster}`,
    `CREATE TABLE IF NOT EXISTS ${qualified(loc.database, loc.table)}${cluster}\n(\n` +
      '    `stack` String,\n    `object` String,\n    `revision` String,\n    `triggers` String,\n    `spec` String,\n' +
      '    `statements` Array(String),\n    `applied_by` String,\n    `applied_at` DateTime64(3) DEFAULT now64(3)\n)\n' +
      `ENGINE = ${engine}\nORDER BY (stack, object, applied_at)\nCOMMENT 'Applied revisions of schema objects (cdktf ClickHouse constructs)'`,
  ];
}

/** Whether the revisions table exists on the server we talk to (one query). */
export async function revisionsTableExists(query: QueryFn, loc: RevisionsLocation = DEFAULT_REVISIONS): Promise<boolean> {
  const [row] = await query<{ n: string }>('SELECT count() AS n FROM system.tables WHERE database = {db:String} AND name = {t:String}', { db: loc.database, t: loc.table });
  return Number(row?.n ?? 0) > 0;
}

/** Latest record per object of a stack; empty when the record does not exist yet. */
export async function readRevisions(query: QueryFn, stack: string, loc: RevisionsLocation = DEFAULT_REVISIONS): Promise<Map<string, RevisionRecord>> {
  const out = new Map<string, RevisionRecord>();
  if (!(await revisionsTableExists(query, loc))) return out;
  const rows = await query<{ object: string; last_revision: string; last_triggers: string; last_spec: string; last_statements: string[]; last_applied_by: string; last_applied_at: string }>(
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
    out.set(r.object, { stack, object: r.object, revision: r.last_revision, triggers, spec: r.last_spec, statements: r.last_statements, appliedBy: r.last_applied_by, appliedAt: r.last_applied_at });
  }
  return out;
}
