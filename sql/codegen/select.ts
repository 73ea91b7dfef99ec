// Which live objects the generated code can declare, and what is left out (with why). Pure.
import {
  DatabaseSpec,
  DetachedState,
  DictionarySpec,
  GrantSpec,
  LiveUserAuth,
  MaterializedViewSpec,
  ObjectSpec,
  objectId,
  QuotaSpec,
  RowPolicySpec,
  SettingsProfileSpec,
  TableSpec,
  UndeclaredAttribute,
  RoleSpec,
  UserSpec,
  ViewSpec,
} from '../spec/model';
import { identifierProblem, rebuildOwner } from '../spec/identifiers';
import { validateSpec } from '../spec/validate-spec';
import { tablesRead } from '../spec/sql-text';

/** The objects to declare, by kind, in the order they are written. */
export interface Selection {
  readonly databases: readonly DatabaseSpec[];
  readonly tables: readonly TableSpec[];
  readonly views: readonly MaterializedViewSpec[];
  /** Plain views, each after the plain views it reads. */
  readonly plainViews: readonly ViewSpec[];
  /** Dictionaries (written after the tables they load from, before the tables that call them). */
  readonly dictionaries: readonly DictionarySpec[];
  /** Each after the profiles it inherits from. */
  readonly profiles: readonly SettingsProfileSpec[];
  readonly users: readonly UserSpec[];
  /** Roles (written before the users they are granted to). */
  readonly roles: readonly RoleSpec[];
  readonly grants: readonly GrantSpec[];
  /** Quotas (written after the users and roles they apply to). */
  readonly quotas: readonly QuotaSpec[];
  /** Row policies, each on an imported table (written after the users and roles they apply to). */
  readonly rowPolicies: readonly RowPolicySpec[];
}

/** What a reviewer is told: every warning, and the objects left out (also written as comments in the code). */
export class Notes {
  readonly warnings: string[] = [];
  readonly skipped: string[] = [];

  /** Leaves `o` out, saying why; false, to be returned from a filter. */
  skip(o: ObjectSpec, why: string): false {
    const line = `${objectId(o)}: ${why}`;
    this.warnings.push(`left out ${line}`);
    this.skipped.push(line);
    return false;
  }

  /** Leaves out an object that has no ObjectSpec (`id` as objectId writes one), saying why. */
  skipNamed(id: string, why: string): void {
    const line = `${id}: ${why}`;
    this.warnings.push(`left out ${line}`);
    this.skipped.push(line);
  }

  warn(warning: string): void {
    this.warnings.push(warning);
  }

  /** Leaves a part of `o` out (the object itself is declared), saying why: a warning, and a comment in the code. */
  skipPart(o: ObjectSpec, part: string, why: string): void {
    const line = `${objectId(o)}: ${part}: ${why}`;
    this.warnings.push(`left out ${line}`);
    this.skipped.push(line);
  }
}

/**
 * A live table as it can be declared: indexes and projections the constructs cannot express (a
 * name that is not a plain identifier, a projection WITH SETTINGS) are left out, and the table
 * leaves undeclared ones to the server (ignoreUndeclared), so deploy does not drop them.
 */
function declarableTable(t: TableSpec, notes: Notes): TableSpec {
  const keep: UndeclaredAttribute[] = [];
  const indexes = (t.indexes ?? []).filter((ix) => {
    const bad = identifierProblem(ix.name);
    if (bad === undefined) return true;
    notes.skipPart(t, `index ${ix.name}`, `${bad}; ignoreUndeclared: ['indexes'] keeps it on the server (rename it to declare it)`);
    return !keep.push('indexes');
  });
  const projections = (t.projections ?? []).filter((p) => {
    const bad = identifierProblem(p.name) ?? (p.withSettings !== undefined ? `WITH SETTINGS (${p.withSettings}) cannot be declared` : undefined);
    if (bad === undefined) return true;
    notes.skipPart(t, `projection ${p.name}`, `${bad}; ignoreUndeclared: ['projections'] keeps it on the server`);
    return !keep.push('projections');
  });
  return { ...t, indexes, projections, ignoreUndeclared: [...new Set([...(t.ignoreUndeclared ?? []), ...keep])] };
}

/** Whether an object can be declared on its own (its kind's constructs can express it); notes why not. */
function declarable(o: ObjectSpec, passwordEnvOf: (user: string) => string, notes: Notes): boolean {
  if (o.kind === 'user') {
    const methods = (o.auth as LiveUserAuth).serverMethods ?? [o.auth.method === 'sha256_hash' ? 'sha256_password' : o.auth.method];
    if (methods.some((m) => m !== 'sha256_password'))
      return notes.skip(o, `authentication ${methods.join(', ')}: the User construct declares sha256 password users only`);
  }
  const detached = (o as { readonly detached?: DetachedState }).detached;
  if (detached) {
    // Markers of an unreadable detached definition come as a table and views: one note is enough
    // (nor is one said of an unreadable detached dictionary).
    if (o.kind !== 'table' && !detached.definitionRead) return false;
    return notes.skip(o, 'it is detached: ATTACH it and import again');
  }
  if (o.kind === 'table' && rebuildOwner(o.name) !== undefined)
    return notes.skip(o, `a rebuild's shadow or kept-old table of ${o.database}.${rebuildOwner(o.name)} (rebuild: 'copy'): not a table to declare`);
  if (o.kind === 'materialized_view' && o.to === undefined && o.inner === undefined)
    return notes.skip(o, 'a view without a TO table whose inner table could not be read; it stays on the server, undeclared');
  // Stryker disable next-line ConditionalExpression: only a materialized view has an inner table
  if (o.kind === 'materialized_view' && o.inner?.unsupported?.length)
    return notes.skip(
      o,
      `its inner table has ${o.inner.unsupported.join('; ')}, which the MaterializedView construct cannot declare; it stays on the server, undeclared`,
    );
  // Stryker disable next-line ConditionalExpression: only a materialized view has a refresh
  if (o.kind === 'materialized_view' && o.refresh?.dependsOn?.length)
    return notes.skip(
      o,
      `its REFRESH ... DEPENDS ON ${o.refresh.dependsOn.map((d) => `${d.database}.${d.name}`).join(', ')} is not imported yet (declare refresh.dependsOn by hand); it stays on the server, undeclared`,
    );
  // Stryker disable next-line ConditionalExpression: only a dictionary (of the objects here) has unsupported
  if (o.kind === 'dictionary' && o.unsupported?.length)
    return notes.skip(o, `${o.unsupported.join('; ')}: the Dictionary construct cannot declare it; it stays on the server, undeclared`);
  const problems = validateSpec(asDeclared(o, passwordEnvOf));
  if (problems.length) return notes.skip(o, problems.map((p) => `${p.field}: ${p.message}`).join('; '));
  return true;
}

/** `o` as it will be declared: a live user (a dictionary's source password) has no variable yet. */
function asDeclared(o: ObjectSpec, passwordEnvOf: (user: string) => string): ObjectSpec {
  if (o.kind === 'user') return { ...o, auth: { method: 'sha256_hash', passwordEnv: passwordEnvOf(o.name) } };
  // Stryker disable next-line ConditionalExpression,StringLiteral: dictionaryPasswordEnv always makes a valid variable name, so validating without it finds the same problems
  if (o.kind === 'dictionary' && o.source.passwordSet) return { ...o, source: { ...o.source, passwordEnv: dictionaryPasswordEnv(o) } };
  return o;
}

/** The objects to declare: each declarable, and everything it refers to imported too. */
export function selectObjects(objects: readonly ObjectSpec[], passwordEnvOf: (user: string) => string, notes: Notes): Selection {
  // Stryker disable next-line ConditionalExpression: declarableTable changes nothing the code shows of another kind (it has no indexes or projections)
  const usable = objects.map((o) => (o.kind === 'table' && !o.detached ? declarableTable(o, notes) : o)).filter((o) => declarable(o, passwordEnvOf, notes));
  const databases = usable.filter((o): o is DatabaseSpec => o.kind === 'database');
  const tables = usable.filter((o): o is TableSpec => o.kind === 'table' && databases.some((d) => d.name === o.database));
  for (const t of usable.filter((o): o is TableSpec => o.kind === 'table' && !tables.includes(o))) notes.skip(t, `its database ${t.database} is not imported`);
  const views = usable.filter((o): o is MaterializedViewSpec => {
    if (o.kind !== 'materialized_view') return false;
    if (o.to === undefined) return databases.some((d) => d.name === o.database) || notes.skip(o, `its database ${o.database} is not imported`);
    if (o.to.database !== o.database)
      return notes.skip(
        o,
        `it writes to ${o.to.database}.${o.to.name}, outside its own database; the MaterializedView construct lives in its target's database`,
      );
    const to = o.to;
    if (!tables.some((t) => t.database === to.database && t.name === to.name))
      return notes.skip(o, `its target table ${to.database}.${to.name} is not imported`);
    return true;
  });
  const plainViews = readOrder(
    usable.filter((o): o is ViewSpec => {
      if (o.kind !== 'view') return false;
      if (!databases.some((d) => d.name === o.database)) return notes.skip(o, `its database ${o.database} is not imported`);
      return true;
    }),
  );
  const dictionaries = usable.filter((o): o is DictionarySpec => {
    if (o.kind !== 'dictionary') return false;
    if (!databases.some((d) => d.name === o.database)) return notes.skip(o, `its database ${o.database} is not imported`);
    return true;
  });
  const profiles = inheritOrder(usable.filter((o): o is SettingsProfileSpec => o.kind === 'settings_profile'));
  const users = usable.filter((o): o is UserSpec => o.kind === 'user');
  const roles = usable.filter((o): o is RoleSpec => o.kind === 'role');
  const grants = usable.filter((o): o is GrantSpec => {
    if (o.kind !== 'grant') return false;
    if (!users.some((u) => u.name === o.grantee) && !roles.some((r) => r.name === o.grantee)) return notes.skip(o, `its grantee ${o.grantee} is not imported`);
    return true;
  });
  const quotas = usable.filter((o): o is QuotaSpec => o.kind === 'quota');
  const rowPolicies = usable.filter((o): o is RowPolicySpec => {
    if (o.kind !== 'row_policy') return false;
    if (!tables.some((t) => t.database === o.database && t.name === o.table))
      return notes.skip(o, `its table ${o.database}.${o.table} is not imported (the RowPolicy construct takes the Table: import its database too)`);
    return true;
  });
  return { databases, tables, views, plainViews, dictionaries, profiles, users, roles, grants, quotas, rowPolicies };
}

/** Plain views in an order where each comes after the plain views it reads (cycles: as read). */
function readOrder(views: readonly ViewSpec[]): ViewSpec[] {
  const out: ViewSpec[] = [];
  const visiting = new Set<ViewSpec>();
  const visit = (v: ViewSpec) => {
    if (out.includes(v) || visiting.has(v)) return;
    visiting.add(v);
    // A view reading itself is visiting already: the visit returns at once.
    for (const read of selectSources(v.select, views)) visit(read);
    out.push(v);
  };
  views.forEach(visit);
  return out;
}

/** The environment variable an imported dictionary's source password is read from: DB_NAME_SOURCE_PASSWORD (upper case). */
export function dictionaryPasswordEnv(d: DictionarySpec): string {
  // Stryker disable next-line StringLiteral: only names validation refuses have such characters, and either replacement leaves a valid variable name
  return `${d.database}_${d.name}_SOURCE_PASSWORD`.toUpperCase().replace(/[^A-Z0-9_]/g, '_');
}

/** Profiles in an order where each comes after the ones it inherits from (cycles: as read). */
function inheritOrder(profiles: readonly SettingsProfileSpec[]): SettingsProfileSpec[] {
  const out: SettingsProfileSpec[] = [];
  const visiting = new Set<string>();
  const visit = (p: SettingsProfileSpec) => {
    if (out.includes(p) || visiting.has(p.name)) return;
    visiting.add(p.name);
    // Stryker disable next-line ArrayDeclaration: a name in the list that no profile has is skipped below
    for (const parent of p.inherit ?? []) {
      const q = profiles.find((x) => x.name === parent);
      if (q) visit(q);
    }
    out.push(p);
  };
  profiles.forEach(visit);
  return out;
}

/** Tables a SELECT reads (FROM/JOIN db.table), among the given ones. */
export function selectSources<T extends { database: string; name: string }>(select: string, tables: readonly T[]): T[] {
  const found: T[] = [];
  for (const ref of tablesRead(select)) {
    const hit = tables.find((x) => x.name === ref.name && (ref.database === undefined || x.database === ref.database));
    if (hit && !found.includes(hit)) found.push(hit);
  }
  return found;
}
