// Privileges as ClickHouse stores them. system.grants keeps a privilege group (SHOW, ALTER, ...)
// when every applicable child is granted and the children otherwise; `GRANT ALL ON db.*` is stored
// as the database-level groups plus parameterized privileges (READ, CREATE USER, ...) `ON db`.
// Comparing grants as written would show drift forever, so both sides are expanded to leaf
// privileges at a scope, using the hierarchy of system.privileges. Pure: no I/O.

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
  return leaves.map((p) => ({ privilege: p, database: scope.database, table: scope.table, ...(scope.column !== undefined ? { column: scope.column } : {}), grantOption, ...(revoke ? { revoke } : {}) }));
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

/** system.privileges of ClickHouse 26.7: [privilege, level, parent_group, aliases?]. Read it live with introspectPrivileges when the server may differ. */
const CLICKHOUSE_26_7: ReadonlyArray<readonly [string, string | null, string | null, (readonly string[])?]> = [
  ['SHOW DATABASES', 'DATABASE', 'SHOW'],
  ['SHOW TABLES', 'TABLE', 'SHOW'],
  ['CHECK', 'TABLE', 'ALL'],
  ['SHOW COLUMNS', 'COLUMN', 'SHOW'],
  ['SHOW DICTIONARIES', 'DICTIONARY', 'SHOW'],
  ['SHOW', null, 'ALL'],
  ['SHOW FILESYSTEM CACHES', null, 'ALL'],
  ['SELECT', 'COLUMN', 'ALL'],
  ['INSERT', 'COLUMN', 'ALL'],
  ['ALTER UPDATE', 'COLUMN', 'ALTER TABLE', ['UPDATE']],
  ['ALTER DELETE', 'COLUMN', 'ALTER TABLE', ['DELETE']],
  ['ALTER ADD COLUMN', 'COLUMN', 'ALTER COLUMN', ['ADD COLUMN']],
  ['ALTER MODIFY COLUMN', 'COLUMN', 'ALTER COLUMN', ['MODIFY COLUMN']],
  ['ALTER DROP COLUMN', 'COLUMN', 'ALTER COLUMN', ['DROP COLUMN']],
  ['ALTER COMMENT COLUMN', 'COLUMN', 'ALTER COLUMN', ['COMMENT COLUMN']],
  ['ALTER CLEAR COLUMN', 'COLUMN', 'ALTER COLUMN', ['CLEAR COLUMN']],
  ['ALTER RENAME COLUMN', 'COLUMN', 'ALTER COLUMN', ['RENAME COLUMN']],
  ['ALTER MATERIALIZE COLUMN', 'COLUMN', 'ALTER COLUMN', ['MATERIALIZE COLUMN']],
  ['ALTER COLUMN', null, 'ALTER TABLE'],
  ['ALTER MODIFY COMMENT', 'TABLE', 'ALTER TABLE', ['MODIFY COMMENT']],
  ['ALTER MODIFY DATABASE COMMENT', 'DATABASE', 'ALTER DATABASE', ['MODIFY DATABASE COMMENT']],
  ['ALTER ORDER BY', 'TABLE', 'ALTER INDEX', ['ALTER MODIFY ORDER BY', 'MODIFY ORDER BY']],
  ['ALTER SAMPLE BY', 'TABLE', 'ALTER INDEX', ['ALTER MODIFY SAMPLE BY', 'MODIFY SAMPLE BY']],
  ['ALTER ADD INDEX', 'TABLE', 'ALTER INDEX', ['ADD INDEX']],
  ['ALTER DROP INDEX', 'TABLE', 'ALTER INDEX', ['DROP INDEX']],
  ['ALTER MATERIALIZE INDEX', 'TABLE', 'ALTER INDEX', ['MATERIALIZE INDEX']],
  ['ALTER CLEAR INDEX', 'TABLE', 'ALTER INDEX', ['CLEAR INDEX']],
  ['ALTER INDEX', null, 'ALTER TABLE', ['INDEX']],
  ['ALTER ADD STATISTICS', 'TABLE', 'ALTER STATISTICS', ['ALTER ADD STATISTIC']],
  ['ALTER DROP STATISTICS', 'TABLE', 'ALTER STATISTICS', ['ALTER DROP STATISTIC']],
  ['ALTER MODIFY STATISTICS', 'TABLE', 'ALTER STATISTICS', ['ALTER MODIFY STATISTIC']],
  ['ALTER MATERIALIZE STATISTICS', 'TABLE', 'ALTER STATISTICS', ['ALTER MATERIALIZE STATISTIC']],
  ['ALTER STATISTICS', null, 'ALTER TABLE', ['STATISTIC']],
  ['ALTER ADD PROJECTION', 'TABLE', 'ALTER PROJECTION', ['ADD PROJECTION']],
  ['ALTER DROP PROJECTION', 'TABLE', 'ALTER PROJECTION', ['DROP PROJECTION']],
  ['ALTER MATERIALIZE PROJECTION', 'TABLE', 'ALTER PROJECTION', ['MATERIALIZE PROJECTION']],
  ['ALTER CLEAR PROJECTION', 'TABLE', 'ALTER PROJECTION', ['CLEAR PROJECTION']],
  ['ALTER PROJECTION', null, 'ALTER TABLE', ['PROJECTION']],
  ['ALTER ADD CONSTRAINT', 'TABLE', 'ALTER CONSTRAINT', ['ADD CONSTRAINT']],
  ['ALTER DROP CONSTRAINT', 'TABLE', 'ALTER CONSTRAINT', ['DROP CONSTRAINT']],
  ['ALTER MODIFY CONSTRAINT', 'TABLE', 'ALTER CONSTRAINT', ['MODIFY CONSTRAINT']],
  ['ALTER CONSTRAINT', null, 'ALTER TABLE', ['CONSTRAINT']],
  ['ALTER TTL', 'TABLE', 'ALTER TABLE', ['ALTER MODIFY TTL', 'MODIFY TTL']],
  ['ALTER MATERIALIZE TTL', 'TABLE', 'ALTER TABLE', ['MATERIALIZE TTL']],
  ['ALTER REWRITE PARTS', 'TABLE', 'ALTER TABLE', ['REWRITE PARTS']],
  ['ALTER SETTINGS', 'TABLE', 'ALTER TABLE', ['ALTER SETTING', 'ALTER MODIFY SETTING', 'MODIFY SETTING', 'RESET SETTING']],
  ['ALTER MOVE PARTITION', 'TABLE', 'ALTER TABLE', ['ALTER MOVE PART', 'MOVE PARTITION', 'MOVE PART']],
  ['ALTER FETCH PARTITION', 'TABLE', 'ALTER TABLE', ['ALTER FETCH PART', 'FETCH PARTITION']],
  ['ALTER FREEZE PARTITION', 'TABLE', 'ALTER TABLE', ['FREEZE PARTITION', 'UNFREEZE']],
  ['ALTER UNLOCK SNAPSHOT', 'TABLE', 'ALTER TABLE', ['UNLOCK SNAPSHOT']],
  ['ALTER EXECUTE', 'TABLE', 'ALTER TABLE', ['ALTER TABLE EXECUTE']],
  ['ALTER DATABASE SETTINGS', 'DATABASE', 'ALTER DATABASE', ['ALTER DATABASE SETTING', 'ALTER MODIFY DATABASE SETTING', 'MODIFY DATABASE SETTING']],
  ['ALTER NAMED COLLECTION', 'NAMED_COLLECTION', 'NAMED COLLECTION ADMIN'],
  ['ALTER TABLE', null, 'ALTER'],
  ['ALTER DATABASE', null, 'ALTER'],
  ['ALTER VIEW MODIFY QUERY', 'VIEW', 'ALTER VIEW', ['ALTER TABLE MODIFY QUERY']],
  ['ALTER VIEW MODIFY REFRESH', 'VIEW', 'ALTER VIEW', ['ALTER TABLE MODIFY QUERY']],
  ['ALTER VIEW MODIFY SQL SECURITY', 'VIEW', 'ALTER VIEW', ['ALTER TABLE MODIFY SQL SECURITY']],
  ['ALTER VIEW', null, 'ALTER'],
  ['ALTER', null, 'ALL'],
  ['CREATE DATABASE', 'DATABASE', 'CREATE'],
  ['CREATE TABLE', 'TABLE', 'CREATE'],
  ['CREATE VIEW', 'VIEW', 'CREATE'],
  ['CREATE DICTIONARY', 'DICTIONARY', 'CREATE'],
  ['CREATE TEMPORARY TABLE', 'GLOBAL', 'CREATE ARBITRARY TEMPORARY TABLE'],
  ['CREATE ARBITRARY TEMPORARY TABLE', 'GLOBAL', 'CREATE'],
  ['CREATE TEMPORARY VIEW', 'GLOBAL', 'CREATE'],
  ['CREATE FUNCTION', 'GLOBAL', 'CREATE'],
  ['CREATE WORKLOAD', 'GLOBAL', 'CREATE'],
  ['CREATE RESOURCE', 'GLOBAL', 'CREATE'],
  ['CREATE NAMED COLLECTION', 'NAMED_COLLECTION', 'NAMED COLLECTION ADMIN'],
  ['CREATE', null, 'ALL'],
  ['DROP DATABASE', 'DATABASE', 'DROP'],
  ['DROP TABLE', 'TABLE', 'DROP'],
  ['DROP VIEW', 'VIEW', 'DROP'],
  ['DROP DICTIONARY', 'DICTIONARY', 'DROP'],
  ['DROP FUNCTION', 'GLOBAL', 'DROP'],
  ['DROP WORKLOAD', 'GLOBAL', 'DROP'],
  ['DROP RESOURCE', 'GLOBAL', 'DROP'],
  ['DROP NAMED COLLECTION', 'NAMED_COLLECTION', 'NAMED COLLECTION ADMIN'],
  ['DROP', null, 'ALL'],
  ['UNDROP TABLE', 'TABLE', 'ALL'],
  ['TRUNCATE', 'TABLE', 'ALL', ['TRUNCATE TABLE']],
  ['OPTIMIZE', 'TABLE', 'ALL', ['OPTIMIZE TABLE']],
  ['BACKUP', 'TABLE', 'ALL'],
  ['KILL QUERY', 'GLOBAL', 'ALL'],
  ['KILL TRANSACTION', 'GLOBAL', 'ALL'],
  ['MOVE PARTITION BETWEEN SHARDS', 'GLOBAL', 'ALL'],
  ['CREATE USER', 'USER_NAME', 'ACCESS MANAGEMENT'],
  ['ALTER USER', 'USER_NAME', 'ACCESS MANAGEMENT'],
  ['DROP USER', 'USER_NAME', 'ACCESS MANAGEMENT'],
  ['CREATE ROLE', 'USER_NAME', 'ACCESS MANAGEMENT'],
  ['ALTER ROLE', 'USER_NAME', 'ACCESS MANAGEMENT'],
  ['DROP ROLE', 'USER_NAME', 'ACCESS MANAGEMENT'],
  ['ROLE ADMIN', 'GLOBAL', 'ACCESS MANAGEMENT'],
  ['CREATE ROW POLICY', 'TABLE', 'ACCESS MANAGEMENT', ['CREATE POLICY']],
  ['ALTER ROW POLICY', 'TABLE', 'ACCESS MANAGEMENT', ['ALTER POLICY']],
  ['DROP ROW POLICY', 'TABLE', 'ACCESS MANAGEMENT', ['DROP POLICY']],
  ['CREATE MASKING POLICY', 'GLOBAL', 'ACCESS MANAGEMENT'],
  ['ALTER MASKING POLICY', 'GLOBAL', 'ACCESS MANAGEMENT'],
  ['DROP MASKING POLICY', 'GLOBAL', 'ACCESS MANAGEMENT'],
  ['CREATE QUOTA', 'GLOBAL', 'ACCESS MANAGEMENT'],
  ['ALTER QUOTA', 'GLOBAL', 'ACCESS MANAGEMENT'],
  ['DROP QUOTA', 'GLOBAL', 'ACCESS MANAGEMENT'],
  ['CREATE SETTINGS PROFILE', 'GLOBAL', 'ACCESS MANAGEMENT', ['CREATE PROFILE']],
  ['ALTER SETTINGS PROFILE', 'GLOBAL', 'ACCESS MANAGEMENT', ['ALTER PROFILE']],
  ['DROP SETTINGS PROFILE', 'GLOBAL', 'ACCESS MANAGEMENT', ['DROP PROFILE']],
  ['ALLOW SQL SECURITY NONE', 'GLOBAL', 'ACCESS MANAGEMENT', ['CREATE SQL SECURITY NONE', 'ALLOW SQL SECURITY NONE', 'SQL SECURITY NONE', 'SECURITY NONE']],
  ['SHOW USERS', 'GLOBAL', 'SHOW ACCESS', ['SHOW CREATE USER']],
  ['SHOW ROLES', 'GLOBAL', 'SHOW ACCESS', ['SHOW CREATE ROLE']],
  ['SHOW ROW POLICIES', 'TABLE', 'SHOW ACCESS', ['SHOW POLICIES', 'SHOW CREATE ROW POLICY', 'SHOW CREATE POLICY']],
  ['SHOW QUOTAS', 'GLOBAL', 'SHOW ACCESS', ['SHOW CREATE QUOTA']],
  ['SHOW SETTINGS PROFILES', 'GLOBAL', 'SHOW ACCESS', ['SHOW PROFILES', 'SHOW CREATE SETTINGS PROFILE', 'SHOW CREATE PROFILE']],
  ['SHOW MASKING POLICIES', 'GLOBAL', 'SHOW ACCESS', ['SHOW CREATE MASKING POLICY']],
  ['SHOW ACCESS', null, 'ACCESS MANAGEMENT'],
  ['IMPERSONATE', 'USER_NAME', 'ACCESS MANAGEMENT', ['EXECUTE AS']],
  ['ACCESS MANAGEMENT', null, 'ALL'],
  ['SHOW NAMED COLLECTIONS', 'NAMED_COLLECTION', 'NAMED COLLECTION ADMIN', ['SHOW NAMED COLLECTIONS']],
  ['SHOW NAMED COLLECTIONS SECRETS', 'NAMED_COLLECTION', 'NAMED COLLECTION ADMIN', ['SHOW NAMED COLLECTIONS SECRETS']],
  ['NAMED COLLECTION', 'NAMED_COLLECTION', 'NAMED COLLECTION ADMIN', ['NAMED COLLECTION USAGE', 'USE NAMED COLLECTION']],
  ['NAMED COLLECTION ADMIN', 'NAMED_COLLECTION', 'ALL', ['NAMED COLLECTION CONTROL']],
  ['SET DEFINER', 'DEFINER', 'ALL'],
  ['TABLE ENGINE', 'TABLE_ENGINE', 'ALL', ['TABLE ENGINE']],
  ['SYSTEM SHUTDOWN', 'GLOBAL', 'SYSTEM', ['SYSTEM KILL', 'SHUTDOWN']],
  ['SYSTEM DROP DNS CACHE', 'GLOBAL', 'SYSTEM DROP CACHE', ['SYSTEM CLEAR DNS CACHE', 'SYSTEM DROP DNS', 'DROP DNS CACHE', 'DROP DNS']],
  ['SYSTEM DROP CONNECTIONS CACHE', 'GLOBAL', 'SYSTEM DROP CACHE', ['SYSTEM CLEAR CONNECTIONS CACHE', 'SYSTEM DROP CONNECTIONS CACHE', 'DROP CONNECTIONS CACHE']],
  ['SYSTEM PREWARM MARK CACHE', 'GLOBAL', 'SYSTEM DROP CACHE', ['SYSTEM PREWARM MARK', 'PREWARM MARK CACHE', 'PREWARM MARKS']],
  ['SYSTEM DROP MARK CACHE', 'GLOBAL', 'SYSTEM DROP CACHE', ['SYSTEM CLEAR MARK CACHE', 'SYSTEM DROP MARK', 'DROP MARK CACHE', 'DROP MARKS']],
  ['SYSTEM DROP ICEBERG METADATA CACHE', 'GLOBAL', 'SYSTEM DROP CACHE', ['SYSTEM CLEAR ICEBERG_METADATA_CACHE', 'SYSTEM DROP ICEBERG_METADATA_CACHE']],
  ['SYSTEM DROP PAIMON METADATA CACHE', 'GLOBAL', 'SYSTEM DROP CACHE', ['SYSTEM CLEAR PAIMON_METADATA_CACHE', 'SYSTEM DROP PAIMON_METADATA_CACHE']],
  ['SYSTEM DROP AVRO SCHEMA CACHE', 'GLOBAL', 'SYSTEM DROP CACHE', ['SYSTEM CLEAR AVRO SCHEMA CACHE', 'SYSTEM DROP AVRO SCHEMA CACHE', 'DROP AVRO SCHEMA CACHE']],
  ['SYSTEM DROP PARQUET METADATA CACHE', 'GLOBAL', 'SYSTEM DROP CACHE', ['SYSTEM DROP PARQUET_METADATA_CACHE']],
  ['SYSTEM DROP POINT IN POLYGON CACHE', 'GLOBAL', 'SYSTEM DROP CACHE', ['SYSTEM CLEAR POINT IN POLYGON CACHE', 'SYSTEM DROP POINT IN POLYGON CACHE', 'DROP POINT IN POLYGON CACHE']],
  ['SYSTEM PREWARM PRIMARY INDEX CACHE', 'GLOBAL', 'SYSTEM DROP CACHE', ['SYSTEM PREWARM PRIMARY INDEX', 'PREWARM PRIMARY INDEX CACHE', 'PREWARM PRIMARY INDEX']],
  ['SYSTEM DROP PRIMARY INDEX CACHE', 'GLOBAL', 'SYSTEM DROP CACHE', ['SYSTEM CLEAR PRIMARY INDEX CACHE', 'SYSTEM DROP PRIMARY INDEX', 'DROP PRIMARY INDEX CACHE', 'DROP PRIMARY INDEX']],
  ['SYSTEM DROP UNCOMPRESSED CACHE', 'GLOBAL', 'SYSTEM DROP CACHE', ['SYSTEM CLEAR UNCOMPRESSED CACHE', 'SYSTEM DROP UNCOMPRESSED', 'DROP UNCOMPRESSED CACHE', 'DROP UNCOMPRESSED']],
  ['SYSTEM DROP VECTOR SIMILARITY INDEX CACHE', 'GLOBAL', 'SYSTEM DROP CACHE', ['SYSTEM CLEAR VECTOR SIMILARITY INDEX CACHE', 'SYSTEM DROP VECTOR SIMILARITY INDEX CACHE', 'DROP VECTOR SIMILARITY INDEX CACHE']],
  ['SYSTEM DROP TEXT INDEX TOKENS CACHE', 'GLOBAL', 'SYSTEM DROP CACHE', ['SYSTEM CLEAR TEXT INDEX TOKENS CACHE', 'SYSTEM DROP TEXT INDEX TOKENS CACHE', 'DROP TEXT INDEX TOKENS CACHE']],
  ['SYSTEM DROP TEXT INDEX HEADER CACHE', 'GLOBAL', 'SYSTEM DROP CACHE', ['SYSTEM CLEAR TEXT INDEX HEADER CACHE', 'SYSTEM DROP TEXT INDEX HEADER CACHE', 'DROP TEXT INDEX HEADER CACHE']],
  ['SYSTEM DROP TEXT INDEX POSTINGS CACHE', 'GLOBAL', 'SYSTEM DROP CACHE', ['SYSTEM CLEAR TEXT INDEX POSTINGS CACHE', 'SYSTEM DROP TEXT INDEX POSTINGS CACHE', 'DROP TEXT INDEX POSTINGS CACHE']],
  ['SYSTEM DROP TEXT INDEX CACHES', 'GLOBAL', 'SYSTEM DROP CACHE', ['SYSTEM CLEAR TEXT INDEX CACHES', 'SYSTEM DROP TEXT INDEX CACHES', 'DROP TEXT INDEX CACHES']],
  ['SYSTEM DROP MMAP CACHE', 'GLOBAL', 'SYSTEM DROP CACHE', ['SYSTEM CLEAR MMAP CACHE', 'SYSTEM DROP MMAP', 'DROP MMAP CACHE', 'DROP MMAP']],
  ['SYSTEM DROP QUERY CONDITION CACHE', 'GLOBAL', 'SYSTEM DROP CACHE', ['SYSTEM CLEAR QUERY CONDITION CACHE', 'SYSTEM DROP QUERY CONDITION', 'DROP QUERY CONDITION CACHE', 'DROP QUERY CONDITION']],
  ['SYSTEM DROP ENCRYPTION HEADERS CACHE', 'GLOBAL', 'SYSTEM DROP CACHE', ['SYSTEM CLEAR ENCRYPTION HEADERS CACHE', 'SYSTEM DROP ENCRYPTION HEADERS', 'DROP ENCRYPTION HEADERS CACHE', 'DROP ENCRYPTION HEADERS']],
  ['SYSTEM DROP QUERY CACHE', 'GLOBAL', 'SYSTEM DROP CACHE', ['SYSTEM CLEAR QUERY CACHE', 'SYSTEM DROP QUERY', 'DROP QUERY CACHE', 'DROP QUERY']],
  ['SYSTEM DROP COMPILED EXPRESSION CACHE', 'GLOBAL', 'SYSTEM DROP CACHE', ['SYSTEM CLEAR COMPILED EXPRESSION CACHE', 'SYSTEM DROP COMPILED EXPRESSION', 'DROP COMPILED EXPRESSION CACHE', 'DROP COMPILED EXPRESSIONS']],
  ['SYSTEM DROP FILESYSTEM CACHE', 'GLOBAL', 'SYSTEM DROP CACHE', ['SYSTEM CLEAR FILESYSTEM CACHE', 'SYSTEM DROP FILESYSTEM CACHE', 'DROP FILESYSTEM CACHE']],
  ['SYSTEM DROP DISTRIBUTED CACHE', 'GLOBAL', 'SYSTEM DROP CACHE', ['SYSTEM CLEAR DISTRIBUTED CACHE', 'SYSTEM DROP DISTRIBUTED CACHE', 'DROP DISTRIBUTED CACHE']],
  ['SYSTEM SYNC FILESYSTEM CACHE', 'GLOBAL', 'SYSTEM', ['SYSTEM REPAIR FILESYSTEM CACHE', 'REPAIR FILESYSTEM CACHE', 'SYNC FILESYSTEM CACHE']],
  ['SYSTEM DROP PAGE CACHE', 'GLOBAL', 'SYSTEM DROP CACHE', ['SYSTEM CLEAR PAGE CACHE', 'SYSTEM DROP PAGE CACHE', 'DROP PAGE CACHE']],
  ['SYSTEM DROP SCHEMA CACHE', 'GLOBAL', 'SYSTEM DROP CACHE', ['SYSTEM CLEAR SCHEMA CACHE', 'SYSTEM DROP SCHEMA CACHE', 'DROP SCHEMA CACHE']],
  ['SYSTEM DROP FORMAT SCHEMA CACHE', 'GLOBAL', 'SYSTEM DROP CACHE', ['SYSTEM CLEAR FORMAT SCHEMA CACHE', 'SYSTEM DROP FORMAT SCHEMA CACHE', 'DROP FORMAT SCHEMA CACHE']],
  ['SYSTEM DROP S3 CLIENT CACHE', 'GLOBAL', 'SYSTEM DROP CACHE', ['SYSTEM CLEAR S3 CLIENT CACHE', 'SYSTEM DROP S3 CLIENT', 'DROP S3 CLIENT CACHE']],
  ['SYSTEM DROP CACHE', null, 'SYSTEM', ['DROP CACHE']],
  ['SYSTEM RELOAD CONFIG', 'GLOBAL', 'SYSTEM RELOAD', ['RELOAD CONFIG']],
  ['SYSTEM RELOAD USERS', 'GLOBAL', 'SYSTEM RELOAD', ['RELOAD USERS']],
  ['SYSTEM RELOAD DICTIONARY', 'GLOBAL', 'SYSTEM RELOAD', ['SYSTEM RELOAD DICTIONARIES', 'RELOAD DICTIONARY', 'RELOAD DICTIONARIES', 'SYSTEM UNLOAD DICTIONARY', 'SYSTEM UNLOAD DICTIONARIES', 'UNLOAD DICTIONARY', 'UNLOAD DICTIONARIES']],
  ['SYSTEM RELOAD MODEL', 'GLOBAL', 'SYSTEM RELOAD', ['SYSTEM RELOAD MODELS', 'RELOAD MODEL', 'RELOAD MODELS']],
  ['SYSTEM RELOAD FUNCTION', 'GLOBAL', 'SYSTEM RELOAD', ['SYSTEM RELOAD FUNCTIONS', 'RELOAD FUNCTION', 'RELOAD FUNCTIONS']],
  ['SYSTEM RELOAD EMBEDDED DICTIONARIES', 'GLOBAL', 'SYSTEM RELOAD', ['RELOAD EMBEDDED DICTIONARIES']],
  ['SYSTEM RELOAD ASYNCHRONOUS METRICS', 'GLOBAL', 'SYSTEM RELOAD', ['RELOAD ASYNCHRONOUS METRICS']],
  ['SYSTEM RECONNECT ZOOKEEPER', 'GLOBAL', 'SYSTEM', ['SYSTEM RECONNECT ZOOKEEPER', 'RECONNECT ZOOKEEPER']],
  ['SYSTEM RELOAD', null, 'SYSTEM'],
  ['SYSTEM RESTART DISK', 'GLOBAL', 'SYSTEM', ['SYSTEM RESTART DISK']],
  ['SYSTEM WAIT BLOBS CLEANUP', 'GLOBAL', 'SYSTEM', ['SYSTEM WAIT BLOBS CLEANUP']],
  ['SYSTEM MERGES', 'TABLE', 'SYSTEM', ['SYSTEM STOP MERGES', 'SYSTEM START MERGES', 'STOP MERGES', 'START MERGES']],
  ['SYSTEM TTL MERGES', 'TABLE', 'SYSTEM', ['SYSTEM STOP TTL MERGES', 'SYSTEM START TTL MERGES', 'STOP TTL MERGES', 'START TTL MERGES']],
  ['SYSTEM FETCHES', 'TABLE', 'SYSTEM', ['SYSTEM STOP FETCHES', 'SYSTEM START FETCHES', 'STOP FETCHES', 'START FETCHES']],
  ['SYSTEM MOVES', 'TABLE', 'SYSTEM', ['SYSTEM STOP MOVES', 'SYSTEM START MOVES', 'STOP MOVES', 'START MOVES']],
  ['SYSTEM PULLING REPLICATION LOG', 'TABLE', 'SYSTEM', ['SYSTEM STOP PULLING REPLICATION LOG', 'SYSTEM START PULLING REPLICATION LOG']],
  ['SYSTEM CLEANUP', 'TABLE', 'SYSTEM', ['SYSTEM STOP CLEANUP', 'SYSTEM START CLEANUP']],
  ['SYSTEM VIEWS', 'VIEW', 'SYSTEM BACKGROUND', ['SYSTEM REFRESH VIEW', 'SYSTEM START VIEWS', 'SYSTEM STOP VIEWS', 'SYSTEM START VIEW', 'SYSTEM STOP VIEW', 'SYSTEM PAUSE VIEWS', 'SYSTEM PAUSE VIEW', 'SYSTEM CANCEL VIEW', 'REFRESH VIEW', 'START VIEWS', 'STOP VIEWS', 'START VIEW', 'STOP VIEW', 'PAUSE VIEWS', 'PAUSE VIEW', 'CANCEL VIEW']],
  ['SYSTEM STREAMING ENGINES', 'TABLE', 'SYSTEM BACKGROUND'],
  ['SYSTEM BACKGROUND', null, 'SYSTEM'],
  ['SYSTEM DISTRIBUTED SENDS', 'TABLE', 'SYSTEM SENDS', ['SYSTEM STOP DISTRIBUTED SENDS', 'SYSTEM START DISTRIBUTED SENDS', 'STOP DISTRIBUTED SENDS', 'START DISTRIBUTED SENDS']],
  ['SYSTEM REPLICATED SENDS', 'TABLE', 'SYSTEM SENDS', ['SYSTEM STOP REPLICATED SENDS', 'SYSTEM START REPLICATED SENDS', 'STOP REPLICATED SENDS', 'START REPLICATED SENDS']],
  ['SYSTEM SENDS', null, 'SYSTEM', ['SYSTEM STOP SENDS', 'SYSTEM START SENDS', 'STOP SENDS', 'START SENDS']],
  ['SYSTEM REPLICATION QUEUES', 'TABLE', 'SYSTEM', ['SYSTEM STOP REPLICATION QUEUES', 'SYSTEM START REPLICATION QUEUES', 'STOP REPLICATION QUEUES', 'START REPLICATION QUEUES']],
  ['SYSTEM VIRTUAL PARTS UPDATE', 'TABLE', 'SYSTEM', ['SYSTEM STOP VIRTUAL PARTS UPDATE', 'SYSTEM START VIRTUAL PARTS UPDATE', 'STOP VIRTUAL PARTS UPDATE', 'START VIRTUAL PARTS UPDATE']],
  ['SYSTEM REDUCE BLOCKING PARTS', 'TABLE', 'SYSTEM', ['SYSTEM STOP REDUCE BLOCKING PARTS', 'SYSTEM START REDUCE BLOCKING PARTS', 'STOP REDUCE BLOCKING PARTS', 'START REDUCE BLOCKING PARTS']],
  ['SYSTEM DROP REPLICA', 'TABLE', 'SYSTEM', ['DROP REPLICA']],
  ['SYSTEM SYNC REPLICA', 'TABLE', 'SYSTEM', ['SYNC REPLICA']],
  ['SYSTEM REPLICA READINESS', 'GLOBAL', 'SYSTEM', ['SYSTEM REPLICA READY', 'SYSTEM REPLICA UNREADY']],
  ['SYSTEM RESTART REPLICA', 'TABLE', 'SYSTEM', ['RESTART REPLICA']],
  ['SYSTEM RESTORE REPLICA', 'TABLE', 'SYSTEM', ['RESTORE REPLICA']],
  ['SYSTEM RESTORE DATABASE REPLICA', 'TABLE', 'SYSTEM', ['RESTORE DATABASE REPLICA']],
  ['SYSTEM WAIT LOADING PARTS', 'TABLE', 'SYSTEM', ['WAIT LOADING PARTS']],
  ['SYSTEM WAIT QUERY RUNNER', 'TABLE', 'SYSTEM', ['WAIT QUERY RUNNER']],
  ['SYSTEM SYNC DATABASE REPLICA', 'DATABASE', 'SYSTEM', ['SYNC DATABASE REPLICA']],
  ['SYSTEM SYNC TRANSACTION LOG', 'GLOBAL', 'SYSTEM', ['SYNC TRANSACTION LOG']],
  ['SYSTEM SYNC FILE CACHE', 'GLOBAL', 'SYSTEM', ['SYNC FILE CACHE']],
  ['SYSTEM FLUSH DISTRIBUTED', 'TABLE', 'SYSTEM FLUSH', ['FLUSH DISTRIBUTED']],
  ['SYSTEM FLUSH LOGS', 'GLOBAL', 'SYSTEM FLUSH', ['FLUSH LOGS']],
  ['SYSTEM FLUSH ASYNC INSERT QUEUE', 'GLOBAL', 'SYSTEM FLUSH', ['FLUSH ASYNC INSERT QUEUE']],
  ['SYSTEM FLUSH OBJECT STORAGE QUEUE', 'TABLE', 'SYSTEM FLUSH', ['FLUSH OBJECT STORAGE QUEUE']],
  ['SYSTEM FLUSH', null, 'SYSTEM'],
  ['SYSTEM THREAD FUZZER', 'GLOBAL', 'SYSTEM', ['SYSTEM START THREAD FUZZER', 'SYSTEM STOP THREAD FUZZER', 'START THREAD FUZZER', 'STOP THREAD FUZZER']],
  ['SYSTEM UNFREEZE', 'GLOBAL', 'SYSTEM', ['SYSTEM UNFREEZE']],
  ['SYSTEM UNLOCK SNAPSHOT', 'GLOBAL', 'SYSTEM', ['SYSTEM UNLOCK_SNAPSHOT']],
  ['SYSTEM FAILPOINT', 'GLOBAL', 'SYSTEM', ['SYSTEM ENABLE FAILPOINT', 'SYSTEM DISABLE FAILPOINT', 'SYSTEM WAIT FAILPOINT']],
  ['SYSTEM MEMORY', 'GLOBAL', 'SYSTEM', ['SYSTEM ALLOCATE MEMORY', 'SYSTEM FREE MEMORY']],
  ['SYSTEM LISTEN', 'GLOBAL', 'SYSTEM', ['SYSTEM START LISTEN', 'SYSTEM STOP LISTEN']],
  ['SYSTEM JEMALLOC', 'GLOBAL', 'SYSTEM', ['SYSTEM JEMALLOC PURGE', 'SYSTEM JEMALLOC ENABLE PROFILE', 'SYSTEM JEMALLOC DISABLE PROFILE', 'SYSTEM JEMALLOC FLUSH PROFILE']],
  ['SYSTEM LOAD PRIMARY KEY', 'TABLE', 'SYSTEM', ['SYSTEM LOAD PRIMARY KEY']],
  ['SYSTEM UNLOAD PRIMARY KEY', 'TABLE', 'SYSTEM', ['SYSTEM UNLOAD PRIMARY KEY']],
  ['SYSTEM INSTRUMENT ADD', 'GLOBAL', 'SYSTEM', ['SYSTEM INSTRUMENT ADD']],
  ['SYSTEM INSTRUMENT REMOVE', 'GLOBAL', 'SYSTEM', ['SYSTEM INSTRUMENT REMOVE']],
  ['SYSTEM RESET DDL WORKER', 'GLOBAL', 'SYSTEM', ['SYSTEM RESET DDL WORKER', 'RESET DDL WORKER']],
  ['SYSTEM', null, 'ALL'],
  ['dictGet', 'DICTIONARY', 'ALL', ['dictHas', 'dictGetHierarchy', 'dictGetRoot', 'dictGetChildren', 'dictGetDescendants', 'dictIsIn']],
  ['displaySecretsInShowAndSelect', 'GLOBAL', 'ALL'],
  ['addressToLine', 'GLOBAL', 'INTROSPECTION'],
  ['addressToLineWithInlines', 'GLOBAL', 'INTROSPECTION'],
  ['addressToSymbol', 'GLOBAL', 'INTROSPECTION'],
  ['demangle', 'GLOBAL', 'INTROSPECTION'],
  ['INTROSPECTION', null, 'ALL', ['INTROSPECTION FUNCTIONS']],
  ['READ', 'SOURCE', 'ALL', ['SOURCE READ']],
  ['WRITE', 'SOURCE', 'ALL', ['SOURCE WRITE']],
  ['CLUSTER', 'GLOBAL', 'ALL'],
  ['FILE', 'GLOBAL', 'ALL'],
  ['URL', 'GLOBAL', 'ALL'],
  ['REMOTE', 'GLOBAL', 'ALL'],
  ['MONGO', 'GLOBAL', 'ALL'],
  ['REDIS', 'GLOBAL', 'ALL'],
  ['MYSQL', 'GLOBAL', 'ALL'],
  ['POSTGRES', 'GLOBAL', 'ALL'],
  ['SQLITE', 'GLOBAL', 'ALL'],
  ['ODBC', 'GLOBAL', 'ALL'],
  ['JDBC', 'GLOBAL', 'ALL'],
  ['HDFS', 'GLOBAL', 'ALL'],
  ['S3', 'GLOBAL', 'ALL'],
  ['HIVE', 'GLOBAL', 'ALL'],
  ['AZURE', 'GLOBAL', 'ALL'],
  ['KAFKA', 'GLOBAL', 'ALL'],
  ['NATS', 'GLOBAL', 'ALL'],
  ['RABBITMQ', 'GLOBAL', 'ALL'],
  ['YTSAURUS', 'GLOBAL', 'ALL'],
  ['ARROW FLIGHT', 'GLOBAL', 'ALL'],
  ['SOURCES', 'GLOBAL', 'ALL'],
  ['ALL', null, null, ['ALL PRIVILEGES']],
  ['NONE', null, null, ['USAGE', 'NO PRIVILEGES']],
];

/** The built-in catalog (ClickHouse 26.7); test/integration/access-read checks it against the server. */
export const DEFAULT_PRIVILEGE_CATALOG = new PrivilegeCatalog(CLICKHOUSE_26_7.map(([privilege, level, parent_group, aliases]) => ({ privilege, level, parent_group, aliases: aliases ?? [] })));

/** Privilege names we accept in a spec: words of letters (they are SQL keywords, never quoted). */
export function privilegeProblem(privilege: string, catalog: PrivilegeCatalog = DEFAULT_PRIVILEGE_CATALOG): string | undefined {
  if (!/^[A-Za-z][A-Za-z_ ]*$/.test(privilege)) return `${JSON.stringify(privilege)} is not a privilege name`;
  if (catalog.canonical(privilege) === undefined) return `${JSON.stringify(privilege)} is not a privilege this ClickHouse knows (see system.privileges)`;
  return undefined;
}
