// Grants as the fewest entries: what system.grants lists privilege by privilege, folded back
// into the groups (ALL, ALTER, ...) it was granted as. Pure.
import { GrantEntry } from '../spec/model';
import { compactLeaves, DEFAULT_PRIVILEGE_CATALOG, expandGrant, PrivilegeCatalog, scopeKind } from '../spec/privileges';

/**
 * Live grant rows (system.grants expands `GRANT ALL ON db.*` into one row per privilege) as the
 * fewest entries that grant exactly the same: per scope and grant option, the privileges
 * compacted into their groups (ALL, ALTER, ...) where complete.
 */
export function compactGrantEntries(entries: readonly GrantEntry[], catalog: PrivilegeCatalog = DEFAULT_PRIVILEGE_CATALOG): GrantEntry[] {
  const groups = new Map<string, { entry: GrantEntry; leaves: Set<string> }>();
  for (const e of entries) {
    const key = JSON.stringify([e.database, e.table ?? '*', [...(e.columns ?? [])].sort(), Boolean(e.grantOption)]);
    const g = groups.get(key) ?? { entry: e, leaves: new Set<string>() };
    const scope = { database: e.database, table: e.table ?? '*', ...(e.columns?.length === 1 ? { column: e.columns[0] } : {}) };
    for (const leaf of expandGrant(catalog, e.privilege, scope, Boolean(e.grantOption))) g.leaves.add(leaf.privilege);
    groups.set(key, g);
  }
  return [...groups.values()].flatMap(({ entry, leaves }) => {
    const scope = { database: entry.database, table: entry.table ?? '*', ...(entry.columns?.length === 1 ? { column: entry.columns[0] } : {}) };
    return compactLeaves(catalog, [...leaves], scopeKind(scope)).map((privilege): GrantEntry => ({
      privilege,
      database: entry.database,
      ...(entry.table !== undefined && entry.table !== '*' ? { table: entry.table } : {}),
      ...(entry.columns?.length ? { columns: entry.columns } : {}),
      ...(entry.grantOption ? { grantOption: true } : {}),
    }));
  });
}
