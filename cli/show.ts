#!/usr/bin/env node
// Shows what a stack's deploys did: the objects on the server and the latest revisions record.
import { CLI_CONNECTION, connectWith } from '../sql/live/connection';
import { DEFAULT_REVISIONS } from '../sql/render/revisions-ddl';
import { runCommand } from './run';
import { readRevisions } from '../sql/live/revisions';

async function main(): Promise<number> {
  const stack = process.argv[2] ?? 'dev';
  const database = process.argv[3] ?? 'monitor';
  const conn = connectWith(CLI_CONNECTION, process.env);
  try {
    const tables = await conn.query<{ name: string; engine: string; total_rows: string | null }>(
      'SELECT name, engine, total_rows FROM system.tables WHERE database = {db:String} ORDER BY name',
      { db: database },
    );
    console.log(`Objects in database ${database} on ${conn.host}:`);
    for (const t of tables) console.log(`  ${t.name.padEnd(28)} ${t.engine.padEnd(20)} ${t.total_rows ?? ''}`);
    const revs = [...(await readRevisions(conn.query.bind(conn), stack, DEFAULT_REVISIONS)).values()].sort((a, b) => a.object.localeCompare(b.object));
    console.log(`\nRevisions record of stack ${stack} (${DEFAULT_REVISIONS.database}.${DEFAULT_REVISIONS.table}), latest per object:`);
    for (const r of revs) console.log(`  ${r.object.padEnd(52)} ${r.revision.padEnd(18)} ${r.appliedAt ?? ''}  ${r.statements.length} statement(s) last time`);
    return 0;
  } finally {
    await conn.close();
  }
}

runCommand('show', main);
