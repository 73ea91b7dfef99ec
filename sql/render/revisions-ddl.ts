// DDL of the revisions record (see ../live/revisions.ts): the database and table that keep, per
// stack and object, the triggers each object was applied with. Pure: no I/O.
import { qualified, quoteIdent } from '../spec/identifiers';
import { RenderOptions } from '../spec/model';
import { onCluster } from './tables';

export interface RevisionsLocation {
  readonly database: string;
  readonly table: string;
}

export const DEFAULT_REVISIONS: RevisionsLocation = { database: 'schema_revisions', table: 'revisions' };

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
