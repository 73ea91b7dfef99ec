// The audit record: every applied change (object, statements as shown in the plan, who, when)
// goes to a table in ClickHouse itself. Records of resources applied together are written in one
// INSERT (a MergeTree part per insert, so not one per object). The table is created by the first
// apply that needs it (idempotent if two race).
import * as os from 'os';
import type { Connection } from '../sql/live/client';
import { qualified } from '../sql/spec/identifiers';
import { RenderOptions } from '../sql/spec/model';
import { renderRevisionsDdl, RevisionsLocation } from '../sql/render/revisions-ddl';
import { revisionsTableExists } from '../sql/live/revisions';
import { execOnCluster, isOnCluster } from '../sql/live/on-cluster';
import { Batcher } from './batcher';

export interface AuditRecord {
  readonly stack: string;
  readonly object: string;
  /** A short identifier of this change (hash of what was applied and when). */
  readonly revision: string;
  /** The resource's planned attributes (no secrets: write-only values are never in them). */
  readonly attributes: Record<string, unknown>;
  readonly spec: unknown;
  readonly statements: readonly string[];
}

export class AuditLog {
  private ready?: Promise<void>;
  private readonly batcher: Batcher<AuditRecord, void>;

  constructor(
    private readonly conn: Connection,
    private readonly loc: RevisionsLocation,
    private readonly opts: RenderOptions,
  ) {
    this.batcher = new Batcher((records) => this.write(records), 20);
  }

  record(rec: AuditRecord): Promise<void> {
    return this.batcher.get(rec);
  }

  private ensureTable(): Promise<void> {
    this.ready ??= (async () => {
      if (await revisionsTableExists(this.conn.query.bind(this.conn), this.loc)) return;
      for (const ddl of renderRevisionsDdl(this.loc, this.opts)) {
        if (isOnCluster(ddl)) await execOnCluster(this.conn, ddl);
        else await this.conn.exec(ddl);
      }
    })();
    this.ready.catch(() => (this.ready = undefined));
    return this.ready;
  }

  private async write(records: readonly AuditRecord[]): Promise<void[]> {
    await this.ensureTable();
    const by = `${os.userInfo().username}@${os.hostname()}`;
    // Parallel arrays zipped server-side: one INSERT for the whole batch.
    await this.conn.exec(
      `INSERT INTO ${qualified(this.loc.database, this.loc.table)} (stack, object, revision, triggers, spec, statements, applied_by) ` +
        'SELECT r.1, r.2, r.3, r.4, r.5, r.6, {by:String} FROM (SELECT arrayJoin(arrayZip({stack:Array(String)}, {object:Array(String)}, {revision:Array(String)}, ' +
        '{attrs:Array(String)}, {spec:Array(String)}, {statements:Array(Array(String))})) AS r)',
      {
        stack: records.map((r) => r.stack),
        object: records.map((r) => r.object),
        revision: records.map((r) => r.revision),
        attrs: records.map((r) => JSON.stringify(r.attributes)),
        spec: records.map((r) => JSON.stringify(r.spec)),
        statements: records.map((r) => [...r.statements]),
        by,
      },
    );
    return records.map(() => undefined);
  }
}
