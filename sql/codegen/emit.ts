// The statements of the generated stack function, one construct per object: `new Database(...)`,
// `new Table(...)`, ... in dependency order, with variables for what later constructs refer to. Pure.
import {
  ApplyTo,
  DatabaseSpec,
  DictionarySpec,
  GrantSpec,
  InnerTableSpec,
  RefreshSpec,
  RoleSpec,
  LiveGrantEntry,
  MaterializedViewSpec,
  QuotaInterval,
  QuotaSpec,
  RowPolicySpec,
  SettingsProfileSpec,
  TableSpec,
  UserSpec,
  ViewColumnSpec,
  ViewSpec,
} from '../spec/model';
import { normalizeHosts } from '../spec/hosts';
import { PrivilegeCatalog } from '../spec/privileges';
import { compactGrantEntries } from './grants';
import { dictionaryPasswordEnv, Notes, selectSources, Selection } from './select';
import { columnDictionaryReferences } from '../spec/dictionary-refs';
import {
  columnLiteral,
  grantLiteral,
  hostsLiteral,
  indexLiteral,
  profileSettingLiteral,
  projectionLiteral,
  settingLiteral,
  stringArray,
  tsIdentifier,
  tsKey,
  tsString,
} from './ts-literals';

/** Names taken in the generated function, and the variables holding what later constructs refer to. */
export class Names {
  // Construct ids are unique per stack; variable names unique per function. The imported classes
  // (Construct, ClickHouseStack, Table, ...) need no entry: tsIdentifier's names start lower case.
  private readonly usedVars = new Set(['stack', 'scope', 'id', 'props']);
  private readonly usedIds = new Set<string>();
  readonly database = new Map<string, string>();
  readonly table = new Map<TableSpec, string>();
  readonly view = new Map<ViewSpec, string>();
  readonly profile = new Map<string, string>();
  readonly user = new Map<string, string>();
  readonly role = new Map<string, string>();
  readonly dictionary = new Map<string, string>();

  /** A fresh variable name for a ClickHouse name. */
  variable(name: string): string {
    return tsIdentifier(name, this.usedVars);
  }

  /** A construct id not used yet in the stack: the name, or name_2, name_3, ... */
  constructId(name: string): string {
    let id = name;
    for (let i = 2; this.usedIds.has(id); i++) id = `${name}_${i}`;
    this.usedIds.add(id);
    return id;
  }
}

/** A `new Kind(stack, 'id', { ...props })` statement over several lines, with a blank line after. */
function construct(head: string, kind: string, id: string, lines: readonly string[]): string[] {
  return [`  ${head}new ${kind}(stack, ${tsString(id)}, {`, ...lines, '  });', ''];
}

function databaseCode(d: DatabaseSpec, names: Names): string[] {
  const v = names.variable(d.name);
  names.database.set(d.name, v);
  const props = [`name: ${tsString(d.name)}`];
  if (d.engine !== undefined && d.engine !== 'Atomic') props.push(`engine: ${tsString(d.engine)}`);
  if (d.comment !== undefined) props.push(`comment: ${tsString(d.comment)}`);
  return [`  const ${v} = new Database(stack, ${tsString(names.constructId(d.name))}, { ${props.join(', ')} });`, ''];
}

function tableProps(t: TableSpec, names: Names): string[] {
  const lines: string[] = [];
  lines.push(`    database: ${names.database.get(t.database)},`);
  lines.push(`    name: ${tsString(t.name)},`);
  lines.push('    columns: [');
  for (const c of t.columns) lines.push(`      ${columnLiteral(c)},`);
  lines.push('    ],');
  lines.push(`    engine: ${tsString(t.engine.name)},`);
  if (t.engine.args && t.engine.args.length) lines.push(`    engineArgs: ${stringArray(t.engine.args)},`);
  // Engines outside the MergeTree family have no sorting key (validation refuses one): nothing to declare.
  if (t.engine.name.endsWith('MergeTree')) lines.push(`    orderBy: ${stringArray(t.orderBy)},`);
  if (t.primaryKey !== undefined) lines.push(`    primaryKey: ${stringArray(t.primaryKey)},`);
  if (t.partitionBy !== undefined) lines.push(`    partitionBy: ${tsString(t.partitionBy)},`);
  if (t.sampleBy !== undefined) lines.push(`    sampleBy: ${tsString(t.sampleBy)},`);
  if (t.ttl !== undefined) lines.push(`    ttl: ${tsString(t.ttl)},`);
  // The server prints some settings at their default on every table (index_granularity = 8192):
  // only those that differ from the server's default are declared (the diff treats the rest as equal).
  const defaults = t.settingDefaults ?? {};
  // A setting without a default is kept too: String(val) is never undefined.
  const settings = Object.entries(t.settings ?? {}).filter(([k, val]) => String(val) !== defaults[k]);
  if (settings.length) lines.push(`    settings: { ${settings.map(([k, val]) => `${tsKey(k)}: ${settingLiteral(val)}`).join(', ')} },`);
  if (t.comment !== undefined) lines.push(`    comment: ${tsString(t.comment)},`);
  // Stryker disable next-line OptionalChaining: select.ts's declarableTable always sets the table's lists
  if (t.indexes?.length) {
    lines.push('    indexes: [');
    for (const ix of t.indexes) lines.push(`      ${indexLiteral(ix)},`);
    lines.push('    ],');
  }
  // Stryker disable next-line OptionalChaining: select.ts's declarableTable always sets the table's lists
  if (t.projections?.length) {
    lines.push('    projections: [');
    for (const p of t.projections) lines.push(`      ${projectionLiteral(p)},`);
    lines.push('    ],');
  }
  // Stryker disable next-line OptionalChaining: select.ts's declarableTable always sets the table's lists
  if (t.ignoreUndeclared?.length) lines.push(`    ignoreUndeclared: ${stringArray(t.ignoreUndeclared)},`);
  return lines;
}

/** A table; in a variable when a view writes to it or reads it. After the dictionaries its columns call, which it depends on. */
function tableCode(t: TableSpec, names: Names, needsVar: boolean): string[] {
  const v = needsVar ? names.variable(t.name) : undefined;
  // Stryker disable next-line ConditionalExpression: a name without a variable reads as undefined either way (the maps are only read with get)
  if (v) names.table.set(t, v);
  const dictionaries = columnDictionaryReferences(t.columns, t.database)
    .map((r) => names.dictionary.get(`${r.database}.${r.name}`))
    .filter((x): x is string => x !== undefined);
  const lines = [...tableProps(t, names), ...(dictionaries.length ? [`    dependsOn: [${dictionaries.join(', ')}],`] : [])];
  return construct(v ? `const ${v} = ` : '', 'Table', names.constructId(t.name), lines);
}

/** `{ table: 'names', db: 'shop' }`: parameter names lower case, values as the server printed them (digits as numbers). */
function paramsLiteral(params: Readonly<Record<string, string | number>>): string {
  const entries = Object.entries(params);
  return entries.length ? `{ ${entries.map(([k, v]) => `${tsKey(k.toLowerCase())}: ${settingLiteral(v)}`).join(', ')} }` : '{}';
}

/** A dictionary, in a variable when a table calls it. Its source password (never read: the server hides it) from a variable to set. */
function dictionaryCode(d: DictionarySpec, names: Names, needsVar: boolean, notes: Notes): string[] {
  const v = needsVar ? names.variable(d.name) : undefined;
  // Stryker disable next-line ConditionalExpression: a name without a variable reads as undefined either way (the maps are only read with get)
  if (v) names.dictionary.set(`${d.database}.${d.name}`, v);
  const lines = [`    database: ${names.database.get(d.database)},`, `    name: ${tsString(d.name)},`, '    attributes: ['];
  for (const a of d.attributes) {
    const parts = [`name: ${tsString(a.name)}`, `type: ${tsString(a.type)}`];
    if (a.default !== undefined) parts.push(`default: ${tsString(a.default)}`);
    if (a.expression !== undefined) parts.push(`expression: ${tsString(a.expression)}`);
    if (a.hierarchical) parts.push('hierarchical: true');
    if (a.injective) parts.push('injective: true');
    lines.push(`      { ${parts.join(', ')} },`);
  }
  lines.push('    ],', `    primaryKey: ${stringArray(d.primaryKey)},`);
  const source = [`type: ${tsString(d.source.type)}`, `params: ${paramsLiteral(d.source.params ?? {})}`];
  if (d.source.passwordSet) {
    const env = dictionaryPasswordEnv(d);
    source.push(`passwordEnv: ${tsString(env)}`);
    notes.warn(`dictionary ${d.database}.${d.name}: its source password is not read (the server shows it as [HIDDEN]): set ${env} where deploy runs`);
  }
  lines.push(`    source: { ${source.join(', ')} },`);
  const layoutParams = Object.keys(d.layout.params ?? {}).length ? `, params: ${paramsLiteral(d.layout.params ?? {})}` : '';
  lines.push(`    layout: { type: ${tsString(d.layout.type)}${layoutParams} },`);
  if (d.lifetime !== undefined) {
    const l = typeof d.lifetime === 'number' ? { min: 0, max: d.lifetime } : d.lifetime;
    lines.push(`    lifetime: ${l.min === 0 ? String(l.max) : `{ min: ${l.min}, max: ${l.max} }`},`);
  }
  if (d.range) lines.push(`    range: { min: ${tsString(d.range.min)}, max: ${tsString(d.range.max)} },`);
  if (d.comment !== undefined) lines.push(`    comment: ${tsString(d.comment)},`);
  return construct(v ? `const ${v} = ` : '', 'Dictionary', names.constructId(d.name), lines);
}

function viewCode(mv: MaterializedViewSpec, tables: readonly TableSpec[], names: Names): string[] {
  const to = mv.to;
  const target = to && tables.find((t) => t.database === to.database && t.name === to.name)!;
  const sources = selectSources(mv.select, tables);
  const lines = [`    name: ${tsString(mv.name)},`, target ? `    to: ${names.table.get(target)},` : `    database: ${names.database.get(mv.database)},`];
  if (mv.inner) lines.push(...innerLines(mv.inner));
  if (mv.refresh) lines.push(...refreshLines(mv.refresh));
  if (sources.length) lines.push(`    sources: [${sources.map((s) => names.table.get(s)).join(', ')}],`);
  lines.push(`    select: ${tsString(mv.select)},`);
  if (mv.comment !== undefined) lines.push(`    comment: ${tsString(mv.comment)},`);
  lines.push(...viewColumnLines(mv.columns));
  return construct('', 'MaterializedView', names.constructId(mv.name), lines);
}

/** The inner table props of a view without TO; settings only where they differ from the server's default. */
function innerLines(inner: InnerTableSpec): string[] {
  const list = (xs: readonly string[]) => `[${xs.map(tsString).join(', ')}]`;
  const args = inner.engine.args?.length ? `, args: ${list(inner.engine.args)}` : '';
  const lines = [`    engine: { name: ${tsString(inner.engine.name)}${args} },`, `    orderBy: ${list(inner.orderBy)},`];
  if (inner.partitionBy !== undefined) lines.push(`    partitionBy: ${tsString(inner.partitionBy)},`);
  if (inner.primaryKey !== undefined) lines.push(`    primaryKey: ${list(inner.primaryKey)},`);
  if (inner.ttl !== undefined) lines.push(`    ttl: ${tsString(inner.ttl)},`);
  const defaults = inner.settingDefaults ?? {};
  const settings = Object.entries(inner.settings ?? {}).filter(([k, v]) => String(v) !== defaults[k]);
  if (settings.length) lines.push(`    settings: { ${settings.map(([k, v]) => `${k}: ${tsString(String(v))}`).join(', ')} },`);
  return lines;
}

/** The refresh prop of a refreshable view (without dependsOn: such a view is not imported). */
function refreshLines(r: RefreshSpec): string[] {
  const parts = [`kind: ${tsString(r.kind)}`, `interval: ${tsString(r.interval)}`];
  if (r.offset !== undefined) parts.push(`offset: ${tsString(r.offset)}`);
  if (r.randomizeFor !== undefined) parts.push(`randomizeFor: ${tsString(r.randomizeFor)}`);
  const settings = Object.entries(r.settings ?? {});
  if (settings.length) parts.push(`settings: { ${settings.map(([k, v]) => `${k}: ${tsString(String(v))}`).join(', ')} }`);
  if (r.append) parts.push('append: true');
  return [`    refresh: { ${parts.join(', ')} },`];
}

function viewColumnLines(columns: readonly ViewColumnSpec[] | undefined): string[] {
  if (columns === undefined) return [];
  return ['    columns: [', ...columns.map((c) => `      { name: ${tsString(c.name)}, type: ${tsString(c.type)} },`), '    ],'];
}

/** A plain view; in a variable when another plain view reads it. Its sources: the tables and plain views it reads. */
function plainViewCode(v: ViewSpec, tables: readonly TableSpec[], views: readonly ViewSpec[], names: Names, needsVar: boolean): string[] {
  // A view reading itself has no variable yet: it is not among its sources.
  const sources = [...selectSources(v.select, tables).map((t) => names.table.get(t)), ...selectSources(v.select, views).map((x) => names.view.get(x))].filter(
    (x): x is string => x !== undefined,
  );
  const lines = [`    database: ${names.database.get(v.database)},`, `    name: ${tsString(v.name)},`];
  if (sources.length) lines.push(`    sources: [${sources.join(', ')}],`);
  lines.push(`    select: ${tsString(v.select)},`);
  if (v.comment !== undefined) lines.push(`    comment: ${tsString(v.comment)},`);
  lines.push(...viewColumnLines(v.columns));
  if (v.ignoreUndeclared?.length) lines.push(`    ignoreUndeclared: ${stringArray(v.ignoreUndeclared)},`);
  const variable = needsVar ? names.variable(v.name) : undefined;
  // Stryker disable next-line ConditionalExpression: a name without a variable reads as undefined either way (the maps are only read with get)
  if (variable) names.view.set(v, variable);
  return construct(variable ? `const ${variable} = ` : '', 'View', names.constructId(v.name), lines);
}

function profileCode(p: SettingsProfileSpec, names: Names, notes: Notes): string[] {
  const v = names.variable(p.name);
  names.profile.set(p.name, v);
  const lines = [`    name: ${tsString(p.name)},`, '    settings: ['];
  for (const setting of p.settings) lines.push(`      ${profileSettingLiteral(setting)},`);
  lines.push('    ],');
  const inherit = (p.inherit ?? []).filter((name) => {
    if (names.profile.has(name)) return true;
    notes.warn(`settings profile ${p.name} inherits ${name}, which is not imported: left out of inherit (the plan will show it)`);
    return false;
  });
  if (inherit.length) lines.push(`    inherit: [${inherit.map((name) => names.profile.get(name)).join(', ')}],`);
  return construct(`const ${v} = `, 'SettingsProfile', names.constructId(`profile_${p.name}`), lines);
}

function userCode(u: UserSpec, names: Names, passwordEnvOf: (user: string) => string, notes: Notes): string[] {
  const v = names.variable(`${u.name}_user`);
  names.user.set(u.name, v);
  const lines = [`    name: ${tsString(u.name)},`, `    passwordEnv: ${tsString(passwordEnvOf(u.name))},`];
  if (u.hosts && normalizeHosts(u.hosts) !== 'ANY') lines.push(`    hosts: ${hostsLiteral(u.hosts)},`);
  if (u.defaultDatabase) {
    if (names.database.has(u.defaultDatabase)) lines.push(`    defaultDatabase: ${names.database.get(u.defaultDatabase)},`);
    else
      notes.warn(`user ${u.name}: default database ${u.defaultDatabase} is not imported, so it is left out (the plan will show it; import that database too)`);
  }
  const ps = (u.profiles ?? []).filter((name) => {
    if (names.profile.has(name)) return true;
    notes.warn(`user ${u.name}: settings profile ${name} is not imported: left out (the plan will show it)`);
    return false;
  });
  if (ps.length) lines.push(`    profiles: [${ps.map((name) => names.profile.get(name)).join(', ')}],`);
  const rs = (u.roles ?? []).filter((name) => {
    if (names.role.has(name)) return true;
    notes.warn(`user ${u.name}: role ${name} is not imported: left out (the plan will show it)`);
    return false;
  });
  if (rs.length) lines.push(`    roles: [${rs.map((name) => names.role.get(name)).join(', ')}],`);
  if (u.defaultRoles !== undefined)
    lines.push(
      `    defaultRoles: [${u.defaultRoles
        .filter((name) => names.role.has(name))
        .map((name) => names.role.get(name))
        .join(', ')}],`,
    );
  return construct(`const ${v} = `, 'User', names.constructId(`user_${u.name}`), lines);
}

function roleCode(r: RoleSpec, names: Names): string[] {
  const v = names.variable(`${r.name}_role`);
  names.role.set(r.name, v);
  return construct(`const ${v} = `, 'Role', names.constructId(`role_${r.name}`), [`    name: ${tsString(r.name)},`]);
}

/**
 * The appliesTo prop of a quota or row policy: imported users and roles by their variables; a name
 * not imported is left out of it with a warning (the plan will show it).
 */
function appliesToLine(owner: QuotaSpec | RowPolicySpec, a: ApplyTo | undefined, names: Names, notes: Notes): string[] {
  if (!a) return [];
  const refs = (list: readonly string[] | undefined, where: string) =>
    (list ?? []).flatMap((name) => {
      const v = names.user.get(name) ?? names.role.get(name);
      if (v !== undefined) return [v];
      notes.skipPart(owner, `${where} ${name}`, 'no user or role of that name is imported (import it with --user to declare it); the plan will show it');
      return [];
    });
  const to = refs(a.names, 'applies to');
  // Only with all (validation refuses an except without it).
  const except = refs(a.except, 'ALL EXCEPT');
  const parts = [
    ...(to.length ? [`to: [${to.join(', ')}]`] : []),
    ...(a.all ? ['all: true'] : []),
    ...(except.length ? [`except: [${except.join(', ')}]`] : []),
  ];
  return parts.length ? [`    appliesTo: { ${parts.join(', ')} },`] : [];
}

function quotaIntervalLiteral(i: QuotaInterval): string {
  const max = Object.entries(i.max).map(([k, v]) => `${tsKey(k)}: ${String(v)}`);
  return `{ durationSeconds: ${i.durationSeconds}${i.randomized ? ', randomized: true' : ''}, max: { ${max.join(', ')} } }`;
}

function quotaCode(q: QuotaSpec, names: Names, notes: Notes): string[] {
  const lines = [`    name: ${tsString(q.name)},`];
  if (q.keyedBy !== undefined) lines.push(`    keyedBy: ${tsString(q.keyedBy)},`);
  lines.push('    intervals: [', ...q.intervals.map((i) => `      ${quotaIntervalLiteral(i)},`), '    ],');
  lines.push(...appliesToLine(q, q.applyTo, names, notes));
  return construct('', 'Quota', names.constructId(`quota_${q.name}`), lines);
}

/** A row policy on an imported table (select.ts leaves out the others), which is in a variable (stackBody). */
function rowPolicyCode(p: RowPolicySpec, tables: readonly TableSpec[], names: Names, notes: Notes): string[] {
  const v = names.table.get(tables.find((t) => t.database === p.database && t.name === p.table)!);
  const lines = [`    name: ${tsString(p.name)},`, `    table: ${v},`, `    using: ${tsString(p.using)},`];
  if (p.restrictive) lines.push('    restrictive: true,');
  lines.push(...appliesToLine(p, p.applyTo, names, notes));
  return construct('', 'RowPolicy', names.constructId(`policy_${p.name}_${p.database}_${p.table}`), lines);
}

/** The grant entries that can be declared: no partial revokes, no databases left out of the import. */
function declarableEntries(g: GrantSpec, names: Names, notes: Notes): LiveGrantEntry[] {
  return (g.grants as readonly LiveGrantEntry[]).filter((e) => {
    if (e.partialRevoke) {
      notes.warn(
        `grants of ${g.grantee}: the partial revoke of ${e.privilege} ON ${e.database}.${e.table ?? '*'} cannot be declared: left out (the plan will show it as drift)`,
      );
      return false;
    }
    if (e.database !== '*' && e.database !== 'system' && !names.database.has(e.database)) {
      const w = `grants of ${g.grantee} on database ${e.database}, which is not imported: left out (import that database too)`;
      if (!notes.warnings.includes(w)) notes.warn(w);
      return false;
    }
    return true;
  });
}

function grantCode(g: GrantSpec, names: Names, catalog: PrivilegeCatalog | undefined, notes: Notes): string[] {
  const entries = declarableEntries(g, names, notes);
  const lines = [`    grantee: ${names.user.get(g.grantee) ?? names.role.get(g.grantee)},`, '    grants: ['];
  for (const e of compactGrantEntries(entries, catalog)) lines.push(`      ${grantLiteral(e)},`);
  lines.push('    ],');
  const after = [...new Set(entries.map((e) => names.database.get(e.database)).filter((x): x is string => x !== undefined))];
  if (after.length) lines.push(`    after: [${after.join(', ')}],`);
  return construct('', 'Grant', names.constructId(`grants_${g.grantee}`), lines);
}

/** The body of the stack function: every selected object, databases first, grants last. */
export function stackBody(sel: Selection, passwordEnvOf: (user: string) => string, catalog: PrivilegeCatalog | undefined, notes: Notes): string[] {
  const names = new Names();
  const viewTargets = new Set(sel.views.filter((v) => v.to !== undefined).map((v) => `${v.to!.database}.${v.to!.name}`));
  const readByView = (t: TableSpec) =>
    sel.views.some((v) => selectSources(v.select, sel.tables).includes(t)) || sel.plainViews.some((v) => selectSources(v.select, sel.tables).includes(t));
  const readByPlainView = (v: ViewSpec) => sel.plainViews.some((x) => x !== v && selectSources(x.select, [v]).length > 0);
  // Tables calling an imported dictionary come after the dictionaries; the others (a dictionary's source among them) before.
  const calls = (t: TableSpec) =>
    columnDictionaryReferences(t.columns, t.database).some((r) => sel.dictionaries.some((d) => d.database === r.database && d.name === r.name));
  const called = (d: DictionarySpec) =>
    sel.tables.some((t) => columnDictionaryReferences(t.columns, t.database).some((r) => r.database === d.database && r.name === d.name));
  const filtered = (t: TableSpec) => sel.rowPolicies.some((p) => p.database === t.database && p.table === t.name);
  const table = (t: TableSpec) => tableCode(t, names, viewTargets.has(`${t.database}.${t.name}`) || readByView(t) || filtered(t));
  return [
    ...sel.databases.flatMap((d) => databaseCode(d, names)),
    ...sel.tables.filter((t) => !calls(t)).flatMap(table),
    ...sel.dictionaries.flatMap((d) => dictionaryCode(d, names, called(d), notes)),
    ...sel.tables.filter(calls).flatMap(table),
    ...sel.views.flatMap((mv) => viewCode(mv, sel.tables, names)),
    ...sel.plainViews.flatMap((v) => plainViewCode(v, sel.tables, sel.plainViews, names, readByPlainView(v))),
    ...sel.profiles.flatMap((p) => profileCode(p, names, notes)),
    ...sel.roles.flatMap((r) => roleCode(r, names)),
    ...sel.users.flatMap((u) => userCode(u, names, passwordEnvOf, notes)),
    ...sel.quotas.flatMap((q) => quotaCode(q, names, notes)),
    ...sel.rowPolicies.flatMap((p) => rowPolicyCode(p, sel.tables, names, notes)),
    ...sel.grants.flatMap((g) => grantCode(g, names, catalog, notes)),
  ];
}
