// The benchmark's schema: one database of N tables t_0001..t_N whose columns, keys, partitions
// and TTL cycle through the six seed tables (stacks/lightbulb/seed-schema.ts), so every table looks like a real one.
import { DatabaseSpec, ObjectSpec, TableSpec } from '../sql/spec/model';
import { SEED_TABLE_NAMES, seedTables } from '../stacks/lightbulb/seed-schema';

export function benchTableName(i: number): string {
  return `t_${String(i).padStart(4, '0')}`;
}

export function benchTables(database: string, n: number): TableSpec[] {
  const templates = seedTables({ database }).filter((t) => (SEED_TABLE_NAMES as readonly string[]).includes(t.name));
  const out: TableSpec[] = [];
  for (let i = 1; i <= n; i++) out.push({ ...templates[(i - 1) % templates.length], name: benchTableName(i) });
  return out;
}

export function benchSpecs(database: string, n: number): ObjectSpec[] {
  const db: DatabaseSpec = { kind: 'database', name: database };
  return [db, ...benchTables(database, n)];
}
