#!/usr/bin/env node
// `chx show [stack] [database]`: what a stack's deploys did: the tables of a database on the
// server and the latest audit record per object.
import { cliConnection, connectWith } from '../sql/live/connection';
import { DEFAULT_REVISIONS } from '../sql/render/revisions-ddl';
import { readRevisions } from '../sql/live/revisions';
import { main } from './chx';

export async function show(stack: string, database: string, env: NodeJS.ProcessEnv, out: (s: string) => void): Promise<number> {
  const conn = connectWith(cliConnection(env), env);
  try {
    const tables = await conn.query<{ name: string; engine: string; total_rows: string | null }>(
      'SELECT name, engine, total_rows FROM system.tables WHERE database = {db:String} ORDER BY name',
      { db: database },
    );
    out(`Objects in database ${database} on ${conn.host}:`);
    for (const t of tables) out(`  ${t.name.padEnd(28)} ${t.engine.padEnd(20)} ${t.total_rows ?? ''}`);
    const revs = [...(await readRevisions(conn.query.bind(conn), stack, DEFAULT_REVISIONS)).values()].sort((a, b) => a.object.localeCompare(b.object));
    out(`\nRevisions record of stack ${stack} (${DEFAULT_REVISIONS.database}.${DEFAULT_REVISIONS.table}), latest per object:`);
    for (const r of revs) out(`  ${r.object.padEnd(52)} ${r.revision.padEnd(18)} ${r.appliedAt ?? ''}  ${r.statements.length} statement(s) last time`);
    return 0;
  } finally {
    await conn.close();
  }
}

if (require.main === module) main(['show']);
