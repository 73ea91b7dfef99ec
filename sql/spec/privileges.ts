// Privileges as ClickHouse stores them. system.grants keeps a privilege group (SHOW, ALTER, ...)
// when every applicable child is granted and the children otherwise; `GRANT ALL ON db.*` is stored
// as the database-level groups plus parameterized privileges (READ, CREATE USER, ...) `ON db`.
// Comparing grants as written would show drift forever, so both sides are expanded to leaf
// privileges at a scope, using the hierarchy of system.privileges (the built-in copy is the
// generated ./privileges-data.ts). Pure: no I/O.
import { CLICKHOUSE_PRIVILEGES } from './privileges-data';

/** One row of system.privileges. */
export interface PrivilegeRow {
  readonly privilege: string;
  /** GLOBAL, DATABASE, TABLE, VIEW, DICTIONARY, COLUMN, or a parameterized level; null for groups. */
  readonly level: string | null;
  readonly parent_group: string | null;
  readonly aliases?: readonly string[];
}

/**
 * Levels whose privileges take a name parameter instead of a table (system.grants puts the
 * name in access_object and leaves database NULL; SQL writes them `ON name`, not `ON name.*`).
 */
export const PARAMETERIZED_LEVELS: ReadonlySet<string> = new Set(['NAMED_COLLECTION', 'USER_NAME', 'DEFINER', 'TABLE_ENGINE', 'SOURCE']);

/** Where a grant applies: '*' for any database/table; column only for column grants. */
export interface GrantScope {
  readonly database: string;
  readonly table: string;
  readonly column?: string;
}

export type ScopeKind = 'global' | 'database' | 'table' | 'column';

export function scopeKind(scope: GrantScope): ScopeKind {
  if (scope.database === '*') return 'global';
  if (scope.table === '*') return 'database';
  return scope.column === undefined ? 'table' : 'column';
}

/** Levels a grant at this kind of scope reaches (ClickHouse drops the others when expanding). */
const LEVELS_BY_SCOPE: Record<ScopeKind, ReadonlySet<string> | 'all'> = {
  global: 'all',
  database: new Set(['DATABASE', 'TABLE', 'VIEW', 'DICTIONARY', 'COLUMN', ...PARAMETERIZED_LEVELS]),
  table: new Set(['TABLE', 'VIEW', 'DICTIONARY', 'COLUMN']),
  column: new Set(['COLUMN']),
};

/** One leaf privilege at one scope, the unit both sides are compared in. */
export interface LeafGrant extends GrantScope {
  readonly privilege: string;
  readonly grantOption: boolean;
  /** A partial revoke (system.grants is_partial_revoke = 1): this leaf is taken away at this scope. */
  readonly revoke?: boolean;
}

export class PrivilegeCatalog {
  private readonly byName = new Map<string, PrivilegeRow>();
  private readonly aliasToName = new Map<string, string>();
  private readonly children = new Map<string, string[]>();
  private readonly leafCache = new Map<string, string[]>();

  constructor(rows: readonly PrivilegeRow[]) {
    for (const row of rows) {
      this.byName.set(row.privilege, row);
      this.aliasToName.set(row.privilege.toUpperCase(), row.privilege);
      for (const a of row.aliases ?? []) if (!this.aliasToName.has(a.toUpperCase())) this.aliasToName.set(a.toUpperCase(), row.privilege);
      if (row.parent_group !== null) {
        const list = this.children.get(row.parent_group) ?? [];
        list.push(row.privilege);
        this.children.set(row.parent_group, list);
      }
    }
  }

  /** The name system.grants uses for a privilege or one of its aliases ('ALL PRIVILEGES' -> 'ALL'); undefined when unknown. */
  canonical(name: string): string | undefined {
    return this.aliasToName.get(name.trim().replace(/\s+/g, ' ').toUpperCase());
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  level(name: string): string | null {
    return this.byName.get(name)?.level ?? null;
  }

  childrenOf(name: string): readonly string[] {
    return this.children.get(name) ?? [];
  }

  /** Every leaf privilege under `name` (itself when it has no children). */
  leaves(name: string): readonly string[] {
    const cached = this.leafCache.get(name);
    if (cached) return cached;
    const kids = this.childrenOf(name);
    const out = kids.length === 0 ? [name] : kids.flatMap((k) => this.leaves(k));
    this.leafCache.set(name, out);
    return out;
  }

  /** Leaves under `name` that a grant at this kind of scope reaches. */
  applicableLeaves(name: string, kind: ScopeKind): readonly string[] {
    const allowed = LEVELS_BY_SCOPE[kind];
    const all = this.leaves(name);
    if (allowed === 'all') return all;
    const picked = all.filter((l) => allowed.has(this.level(l) ?? ''));
    // A leaf granted at a scope it does not fit (ClickHouse refuses those) stays as written.
    return picked.length ? picked : all;
  }

  isParameterized(name: string): boolean {
    return PARAMETERIZED_LEVELS.has(this.level(name) ?? '');
  }
}

/** Expands `privilege` at `scope` to leaf grants. Unknown privileges are kept as one leaf (upper-cased). */
export function expandGrant(catalog: PrivilegeCatalog, privilege: string, scope: GrantScope, grantOption: boolean, revoke = false): LeafGrant[] {
  const name = catalog.canonical(privilege) ?? privilege.trim().toUpperCase();
  const leaves = catalog.has(name) ? catalog.applicableLeaves(name, scopeKind(scope)) : [name];
  return leaves.map((p) => ({
    privilege: p,
    database: scope.database,
    table: scope.table,
    ...(scope.column !== undefined ? { column: scope.column } : {}),
    grantOption,
    ...(revoke ? { revoke } : {}),
  }));
}

/** Does a grant at `outer` reach everything at `inner`? */
export function scopeCovers(outer: GrantScope, inner: GrantScope): boolean {
  if (outer.database !== '*' && outer.database !== inner.database) return false;
  if (outer.table !== '*' && outer.table !== inner.table) return false;
  if (outer.column !== undefined && outer.column !== inner.column) return false;
  return true;
}

export function scopeKey(scope: GrantScope): string {
  return `${scope.database}\u0000${scope.table}\u0000${scope.column ?? ''}`;
}

/**
 * The fewest privilege names (groups where possible) that together are exactly `leaves` at a
 * scope of this kind, for readable REVOKE statements. Groups mixing parameterized and ordinary
 * leaves are split (their SQL forms differ: `ON db` vs `ON db.*`), except ALL itself.
 */
export function compactLeaves(catalog: PrivilegeCatalog, leaves: readonly string[], kind: ScopeKind): string[] {
  const want = new Set(leaves);
  const used = new Set<string>();
  const out: string[] = [];
  const visit = (node: string): void => {
    const app = catalog.applicableLeaves(node, kind);
    const full = app.length > 0 && app.every((l) => want.has(l));
    const mixed = new Set(app.map((l) => catalog.isParameterized(l))).size > 1;
    if (full && (!mixed || node === 'ALL')) {
      out.push(node);
      for (const l of app) used.add(l);
      return;
    }
    for (const k of catalog.childrenOf(node)) visit(k);
  };
  if (catalog.has('ALL')) visit('ALL');
  for (const l of leaves) if (!used.has(l) && !out.includes(l)) out.push(l);
  return out;
}

/** The built-in catalog (ClickHouse 26.7); test/integration/access-read checks it against the server. */
export const DEFAULT_PRIVILEGE_CATALOG = new PrivilegeCatalog(
  CLICKHOUSE_PRIVILEGES.map(([privilege, level, parent_group, aliases]) => ({ privilege, level, parent_group, aliases: aliases ?? [] })),
);

/** Privilege names we accept in a spec: words of letters (they are SQL keywords, never quoted). */
export function privilegeProblem(privilege: string, catalog: PrivilegeCatalog = DEFAULT_PRIVILEGE_CATALOG): string | undefined {
  if (!/^[A-Za-z][A-Za-z_ ]*$/.test(privilege)) return `${JSON.stringify(privilege)} is not a privilege name`;
  if (catalog.canonical(privilege) === undefined) return `${JSON.stringify(privilege)} is not a privilege this ClickHouse knows (see system.privileges)`;
  return undefined;
}
