// Turns live specs (from introspectDatabases) into TypeScript that declares them with this
// project's constructs, so a team with a hand-made schema can adopt the tool: import, review,
// commit, and the first plan shows no drift. Pure: specs in, source text out.
import {
  ColumnSpec,
  DatabaseSpec,
  GrantEntry,
  GrantSpec,
  HostRestriction,
  MaterializedViewSpec,
  ObjectSpec,
  ProfileSetting,
  SettingsProfileSpec,
  TableSpec,
  UserSpec,
  objectId,
} from '../spec/model';
import type { LiveGrantEntry, LiveUserAuth } from '../spec/model';
import { normalizeHosts } from '../spec/hosts';
import { compactLeaves, DEFAULT_PRIVILEGE_CATALOG, expandGrant, PrivilegeCatalog, scopeKind } from '../spec/privileges';
import { validateSpec } from '../spec/validate-spec';

export interface CodegenOptions {
  /** Default id of the generated stack (the `cdktf deploy <id>` name). */
  readonly stackName: string;
  /** Module path of the project's constructs/ folder as seen from the generated file. @default '../constructs' */
  readonly constructsImport?: string;
  /** Name of the exported function that builds the stack. @default camelCase(stackName) + 'Stack' */
  readonly functionName?: string;
  /** Where the specs came from, for the header comment (never with credentials). @default none */
  readonly source?: string;
  /** Privilege hierarchy used to write grants compactly (introspectPrivileges reads the server's). @default ClickHouse 26.7's */
  readonly privileges?: PrivilegeCatalog;
  /** Environment variable name for an imported user's password. @default NAME_PASSWORD (upper case) */
  readonly passwordEnv?: (user: string) => string;
}

/** MONITOR_PASSWORD for user monitor: the variable the generated User reads its password from. */
export function defaultPasswordEnv(user: string): string {
  return `${user.toUpperCase().replace(/[^A-Z0-9_]/g, '_')}_PASSWORD`;
}

function profileSettingLiteral(p: ProfileSetting): string {
  const parts = [`name: ${tsString(p.name)}`];
  if (p.value !== undefined) parts.push(`value: ${settingLiteral(p.value)}`);
  if (p.min !== undefined) parts.push(`min: ${settingLiteral(p.min)}`);
  if (p.max !== undefined) parts.push(`max: ${settingLiteral(p.max)}`);
  if (p.writability !== undefined) parts.push(`writability: ${tsString(p.writability)}`);
  return `{ ${parts.join(', ')} }`;
}

function hostsLiteral(h: HostRestriction): string {
  const parts: string[] = [];
  for (const k of ['ip', 'names', 'like', 'regexp'] as const) if (h[k]?.length) parts.push(`${k}: ${stringArray(h[k]!)}`);
  if (h.local) parts.push('local: true');
  return `{ ${parts.join(', ')} }`;
}

function grantLiteral(g: GrantEntry): string {
  const parts = [`privilege: ${tsString(g.privilege)}`, `database: ${tsString(g.database)}`];
  if (g.table !== undefined && g.table !== '*') parts.push(`table: ${tsString(g.table)}`);
  if (g.columns?.length) parts.push(`columns: ${stringArray(g.columns)}`);
  if (g.grantOption) parts.push('grantOption: true');
  return `{ ${parts.join(', ')} }`;
}

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

/** Profiles in an order where each comes after the ones it inherits from (cycles: as read). */
function inheritOrder(profiles: readonly SettingsProfileSpec[]): SettingsProfileSpec[] {
  const out: SettingsProfileSpec[] = [];
  const visiting = new Set<string>();
  const visit = (p: SettingsProfileSpec) => {
    if (out.includes(p) || visiting.has(p.name)) return;
    visiting.add(p.name);
    for (const parent of p.inherit ?? []) {
      const q = profiles.find((x) => x.name === parent);
      if (q) visit(q);
    }
    out.push(p);
  };
  profiles.forEach(visit);
  return out;
}

export interface GeneratedCode {
  /** The TypeScript module. */
  readonly code: string;
  /** Objects left out (with why) and other things a reviewer should know. */
  readonly warnings: string[];
}

const RESERVED = new Set(
  (
    'break case catch class const continue debugger default delete do else enum export extends false finally for function if import in ' +
    'instanceof new null return super switch this throw true try typeof var void while with yield let static implements interface package ' +
    'private protected public await undefined arguments eval'
  ).split(' '),
);

/** A single-quoted TypeScript string literal for any string (quotes, backslashes, newlines, control and line-separator characters escaped). */
export function tsString(value: string): string {
  let out = "'";
  for (const ch of value) {
    const code = ch.codePointAt(0)!;
    if (ch === '\\') out += '\\\\';
    else if (ch === "'") out += "\\'";
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f || code === 0x2028 || code === 0x2029) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return out + "'";
}

/** A property key: bare when it is a plain identifier, quoted otherwise. */
export function tsKey(key: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? key : tsString(key);
}

/** A fresh TypeScript variable name for a ClickHouse name ('service_status' -> 'serviceStatus'), unique within `used`. */
export function tsIdentifier(name: string, used: Set<string>): string {
  const words = name.split(/[^A-Za-z0-9]+/).filter(Boolean);
  let base = words.map((w, i) => (i === 0 ? w.charAt(0).toLowerCase() + w.slice(1) : w.charAt(0).toUpperCase() + w.slice(1))).join('');
  if (!base) base = 'object';
  if (/^[0-9]/.test(base)) base = `_${base}`;
  if (RESERVED.has(base)) base = `${base}_`;
  let candidate = base;
  for (let i = 2; used.has(candidate); i++) candidate = `${base}${i}`;
  used.add(candidate);
  return candidate;
}

function tsValue(v: string | number): string {
  return typeof v === 'number' ? String(v) : tsString(v);
}

/** Setting values read from the server are strings; plain safe integers become numbers again. */
function settingLiteral(v: string | number): string {
  if (typeof v === 'string' && /^(0|-?[1-9][0-9]*)$/.test(v) && Number.isSafeInteger(Number(v))) return v;
  return tsValue(v);
}

function stringArray(items: readonly string[]): string {
  return `[${items.map(tsString).join(', ')}]`;
}

function columnLiteral(c: ColumnSpec): string {
  const parts = [`name: ${tsString(c.name)}`, `type: ${tsString(c.type)}`];
  if (c.defaultKind !== undefined) parts.push(`defaultKind: ${tsString(c.defaultKind)}`);
  if (c.defaultExpression !== undefined) parts.push(`defaultExpression: ${tsString(c.defaultExpression)}`);
  if (c.codec !== undefined) parts.push(`codec: ${tsString(c.codec)}`);
  if (c.ttl !== undefined) parts.push(`ttl: ${tsString(c.ttl)}`);
  if (c.comment !== undefined) parts.push(`comment: ${tsString(c.comment)}`);
  return `{ ${parts.join(', ')} }`;
}

/** Tables a SELECT reads (FROM/JOIN db.table), among the given ones. */
export function selectSources(select: string, tables: readonly TableSpec[]): TableSpec[] {
  const name = '(`(?:[^`\\\\]|\\\\.)+`|[A-Za-z_][A-Za-z0-9_]*)';
  const re = new RegExp(`\\b(?:FROM|JOIN)\\s+${name}(?:\\s*\\.\\s*${name})?`, 'gi');
  const unquote = (s: string) => (s.startsWith('`') ? s.slice(1, -1).replace(/\\(.)/g, '$1') : s);
  const found: TableSpec[] = [];
  for (const m of select.matchAll(re)) {
    const [db, t] = m[2] !== undefined ? [unquote(m[1]), unquote(m[2])] : [undefined, unquote(m[1])];
    const hit = tables.find((x) => x.name === t && (db === undefined || x.database === db));
    if (hit && !found.includes(hit)) found.push(hit);
  }
  return found;
}

function camel(s: string): string {
  return tsIdentifier(s, new Set());
}

/**
 * TypeScript source of a module exporting `<name>Stack(scope, id, props)`, which declares the
 * given databases, tables and materialized views with Database, Table and MaterializedView
 * constructs, and users, settings profiles and grants with User, SettingsProfile and Grant
 * (passwords read from NAME_PASSWORD at deploy), in a new ClickHouseStack. Objects the constructs cannot express (names that are
 * not plain identifiers, engines the project does not know, views without a TO table in the
 * same database) are left out with a warning in the result and a comment in the code.
 */
export function generateStackCode(objects: readonly ObjectSpec[], opts: CodegenOptions): GeneratedCode {
  const warnings: string[] = [];
  const skipped: string[] = [];
  const skip = (o: ObjectSpec, why: string): false => {
    const line = `${objectId(o)}: ${why}`;
    warnings.push(`left out ${line}`);
    skipped.push(line);
    return false;
  };
  const usable = objects.filter((o) => {
    if (o.kind === 'user') {
      const methods = (o.auth as LiveUserAuth).serverMethods ?? (o.auth.method === 'sha256_hash' ? ['sha256_password'] : [o.auth.method]);
      if (methods.some((m) => m !== 'sha256_password'))
        return skip(o, `authentication ${methods.join(', ') || 'none'}: the User construct declares sha256 password users only`);
    }
    if (o.kind === 'materialized_view' && !o.to.name) return skip(o, 'a view without a TO table (inner storage) cannot be declared; recreate it with TO');
    // A live user has no password variable yet: validate it as it will be declared.
    const problems = validateSpec(
      o.kind === 'user' ? { ...o, auth: { method: 'sha256_hash', passwordEnv: (opts.passwordEnv ?? defaultPasswordEnv)(o.name) } } : o,
    );
    if (problems.length) return skip(o, problems.map((p) => `${p.field}: ${p.message}`).join('; '));
    return true;
  });
  const databases = usable.filter((o): o is DatabaseSpec => o.kind === 'database');
  const tables = usable.filter((o): o is TableSpec => o.kind === 'table' && databases.some((d) => d.name === o.database));
  for (const t of usable.filter((o): o is TableSpec => o.kind === 'table' && !tables.includes(o))) skip(t, `its database ${t.database} is not imported`);
  const views = usable.filter((o): o is MaterializedViewSpec => {
    if (o.kind !== 'materialized_view') return false;
    if (o.to.database !== o.database)
      return skip(o, `it writes to ${o.to.database}.${o.to.name}, outside its own database; the MaterializedView construct lives in its target's database`);
    if (!tables.some((t) => t.database === o.to.database && t.name === o.to.name))
      return skip(o, `its target table ${o.to.database}.${o.to.name} is not imported`);
    return true;
  });

  const profiles = inheritOrder(usable.filter((o): o is SettingsProfileSpec => o.kind === 'settings_profile'));
  const users = usable.filter((o): o is UserSpec => o.kind === 'user');
  const grants = usable.filter((o): o is GrantSpec => {
    if (o.kind !== 'grant') return false;
    if (!users.some((u) => u.name === o.grantee)) return skip(o, `its grantee ${o.grantee} is not imported`);
    return true;
  });

  // Construct ids are unique per stack; variable names unique per function.
  const usedVars = new Set([
    'stack',
    'scope',
    'id',
    'props',
    'Construct',
    'ClickHouseStack',
    'ClickHouseStackProps',
    'Database',
    'Table',
    'MaterializedView',
    'SettingsProfile',
    'User',
    'Grant',
  ]);
  const usedIds = new Set<string>();
  const constructId = (name: string) => {
    let id = name;
    for (let i = 2; usedIds.has(id); i++) id = `${name}_${i}`;
    usedIds.add(id);
    return id;
  };
  const dbVar = new Map<string, string>();
  const tableVar = new Map<TableSpec, string>();
  const body: string[] = [];

  for (const d of databases) {
    const v = tsIdentifier(d.name, usedVars);
    dbVar.set(d.name, v);
    const props = [`name: ${tsString(d.name)}`];
    if (d.engine !== undefined && d.engine !== 'Atomic') props.push(`engine: ${tsString(d.engine)}`);
    if (d.comment !== undefined) props.push(`comment: ${tsString(d.comment)}`);
    body.push(`  const ${v} = new Database(stack, ${tsString(constructId(d.name))}, { ${props.join(', ')} });`, '');
  }
  const viewTargets = new Set(views.map((v) => `${v.to.database}.${v.to.name}`));
  for (const t of tables) {
    const needsVar = viewTargets.has(`${t.database}.${t.name}`) || views.some((v) => selectSources(v.select, tables).includes(t));
    const v = needsVar ? tsIdentifier(t.name, usedVars) : undefined;
    if (v) tableVar.set(t, v);
    const lines: string[] = [];
    lines.push(`    database: ${dbVar.get(t.database)},`);
    lines.push(`    name: ${tsString(t.name)},`);
    lines.push('    columns: [');
    for (const c of t.columns) lines.push(`      ${columnLiteral(c)},`);
    lines.push('    ],');
    lines.push(`    engine: ${tsString(t.engine.name)},`);
    if (t.engine.args && t.engine.args.length) lines.push(`    engineArgs: ${stringArray(t.engine.args)},`);
    lines.push(`    orderBy: ${stringArray(t.orderBy)},`);
    if (t.primaryKey !== undefined) lines.push(`    primaryKey: ${stringArray(t.primaryKey)},`);
    if (t.partitionBy !== undefined) lines.push(`    partitionBy: ${tsString(t.partitionBy)},`);
    if (t.sampleBy !== undefined) lines.push(`    sampleBy: ${tsString(t.sampleBy)},`);
    if (t.ttl !== undefined) lines.push(`    ttl: ${tsString(t.ttl)},`);
    if (t.settings && Object.keys(t.settings).length) {
      lines.push(
        `    settings: { ${Object.entries(t.settings)
          .map(([k, val]) => `${tsKey(k)}: ${settingLiteral(val)}`)
          .join(', ')} },`,
      );
    }
    if (t.comment !== undefined) lines.push(`    comment: ${tsString(t.comment)},`);
    body.push(`  ${v ? `const ${v} = ` : ''}new Table(stack, ${tsString(constructId(t.name))}, {`, ...lines, '  });', '');
  }
  for (const mv of views) {
    const target = tables.find((t) => t.database === mv.to.database && t.name === mv.to.name)!;
    const sources = selectSources(mv.select, tables);
    const lines = [`    name: ${tsString(mv.name)},`, `    to: ${tableVar.get(target)},`];
    if (sources.length) lines.push(`    sources: [${sources.map((s) => tableVar.get(s)).join(', ')}],`);
    lines.push(`    select: ${tsString(mv.select)},`);
    if (mv.comment !== undefined) lines.push(`    comment: ${tsString(mv.comment)},`);
    body.push(`  new MaterializedView(stack, ${tsString(constructId(mv.name))}, {`, ...lines, '  });', '');
  }

  const profileVar = new Map<string, string>();
  for (const p of profiles) {
    const v = tsIdentifier(p.name, usedVars);
    profileVar.set(p.name, v);
    const lines = [`    name: ${tsString(p.name)},`, '    settings: ['];
    for (const setting of p.settings) lines.push(`      ${profileSettingLiteral(setting)},`);
    lines.push('    ],');
    const inherit = (p.inherit ?? []).filter((name) => {
      if (profileVar.has(name)) return true;
      warnings.push(`settings profile ${p.name} inherits ${name}, which is not imported: left out of inherit (the plan will show it)`);
      return false;
    });
    if (inherit.length) lines.push(`    inherit: [${inherit.map((name) => profileVar.get(name)).join(', ')}],`);
    body.push(`  const ${v} = new SettingsProfile(stack, ${tsString(constructId(`profile_${p.name}`))}, {`, ...lines, '  });', '');
  }
  const userVar = new Map<string, string>();
  const passwordEnvOf = opts.passwordEnv ?? defaultPasswordEnv;
  for (const u of users) {
    const v = tsIdentifier(`${u.name}_user`, usedVars);
    userVar.set(u.name, v);
    const lines = [`    name: ${tsString(u.name)},`, `    passwordEnv: ${tsString(passwordEnvOf(u.name))},`];
    if (u.hosts && normalizeHosts(u.hosts) !== 'ANY') lines.push(`    hosts: ${hostsLiteral(u.hosts)},`);
    if (u.defaultDatabase) {
      if (dbVar.has(u.defaultDatabase)) lines.push(`    defaultDatabase: ${dbVar.get(u.defaultDatabase)},`);
      else
        warnings.push(
          `user ${u.name}: default database ${u.defaultDatabase} is not imported, so it is left out (the plan will show it; import that database too)`,
        );
    }
    const ps = (u.profiles ?? []).filter((name) => {
      if (profileVar.has(name)) return true;
      warnings.push(`user ${u.name}: settings profile ${name} is not imported: left out (the plan will show it)`);
      return false;
    });
    if (ps.length) lines.push(`    profiles: [${ps.map((name) => profileVar.get(name)).join(', ')}],`);
    body.push(`  const ${v} = new User(stack, ${tsString(constructId(`user_${u.name}`))}, {`, ...lines, '  });', '');
  }
  for (const g of grants) {
    const entries = (g.grants as readonly LiveGrantEntry[]).filter((e) => {
      if (e.partialRevoke) {
        warnings.push(
          `grants of ${g.grantee}: the partial revoke of ${e.privilege} ON ${e.database}.${e.table ?? '*'} cannot be declared: left out (the plan will show it as drift)`,
        );
        return false;
      }
      if (e.database !== '*' && e.database !== 'system' && !dbVar.has(e.database)) {
        const w = `grants of ${g.grantee} on database ${e.database}, which is not imported: left out (import that database too)`;
        if (!warnings.includes(w)) warnings.push(w);
        return false;
      }
      return true;
    });
    const lines = [`    grantee: ${userVar.get(g.grantee)},`, '    grants: ['];
    for (const e of compactGrantEntries(entries, opts.privileges)) lines.push(`      ${grantLiteral(e)},`);
    lines.push('    ],');
    const after = [...new Set(entries.map((e) => dbVar.get(e.database)).filter((x): x is string => x !== undefined))];
    if (after.length) lines.push(`    after: [${after.join(', ')}],`);
    body.push(`  new Grant(stack, ${tsString(constructId(`grants_${g.grantee}`))}, {`, ...lines, '  });', '');
  }

  const fn = opts.functionName ?? `${camel(opts.stackName)}Stack`;
  const from = opts.constructsImport ?? '../constructs';
  const header = [
    `// Generated by \`import\`${opts.source ? ` from ${opts.source.replace(/\n/g, ' ')}` : ''}: ${databases.length} database(s), ${tables.length} table(s), ${views.length} materialized view(s)` +
      (users.length + profiles.length ? `, ${users.length} user(s), ${profiles.length} settings profile(s), ${grants.length} grant set(s).` : '.'),
    ...(users.length
      ? [
          `// Passwords are not read (the server keeps only hashes): set ${users.map((u) => passwordEnvOf(u.name)).join(', ')} where deploy runs; a user in sync needs none until a rotation.`,
        ]
      : []),
    '// Review it and commit it: from now on this file is the schema. Add the stack to the cdktf app (main.ts):',
    `//   ${fn}(app, ${tsString(opts.stackName)}, { connection: { urlEnv: 'CLICKHOUSE_URL' } });`,
    "// Its drift report then shows no drift, and the first deploy runs no SQL: it only records the objects in Terraform's state.",
    ...skipped.map((s) => `// Left out: ${s.replace(/\n/g, ' ')}`),
  ];
  const imports = [
    "import { Construct } from 'constructs';",
    `import { ClickHouseStack, ClickHouseStackProps } from ${tsString(`${from}/clickhouse-stack`)};`,
    ...(databases.length ? [`import { Database } from ${tsString(`${from}/database`)};`] : []),
    ...(tables.length ? [`import { Table } from ${tsString(`${from}/table`)};`] : []),
    ...(views.length ? [`import { MaterializedView } from ${tsString(`${from}/materialized-view`)};`] : []),
    ...(profiles.length ? [`import { SettingsProfile } from ${tsString(`${from}/settings-profile`)};`] : []),
    ...(users.length ? [`import { User } from ${tsString(`${from}/user`)};`] : []),
    ...(grants.length ? [`import { Grant } from ${tsString(`${from}/grant`)};`] : []),
  ];
  const code = [
    ...header,
    ...imports,
    '',
    `/** Stack ${tsString(opts.stackName)}: ${[...databases.map((d) => d.name), ...users.map((u) => `user ${u.name}`)].join(', ') || 'nothing'} as read from the server. */`,
    `export function ${fn}(scope: Construct, id = ${tsString(opts.stackName)}, props: ClickHouseStackProps = {}): ClickHouseStack {`,
    '  const stack = new ClickHouseStack(scope, id, props);',
    '',
    ...body,
    '  return stack;',
    '}',
    '',
  ].join('\n');
  return { code, warnings };
}
