// Turns live specs (from introspectDatabases) into TypeScript that declares them with this
// project's constructs, so a team with a hand-made schema can adopt the tool: import, review,
// commit, and the first plan shows no drift. Pure: specs in, source text out.
// ./select decides what can be declared, ./emit writes one construct per object, ./ts-literals
// and ./grants write the values.
import { ObjectSpec } from '../spec/model';
import { PrivilegeCatalog } from '../spec/privileges';
import { stackBody } from './emit';
import { Notes, Selection, selectObjects } from './select';
import { camel, tsString } from './ts-literals';

export { compactGrantEntries } from './grants';
export { selectSources } from './select';
export { tsIdentifier, tsKey, tsString } from './ts-literals';

export interface CodegenOptions {
  /** Default id of the generated stack (the `cdktf deploy <id>` name). */
  readonly stackName: string;
  /**
   * Where the constructs come from: a package name (one import of every construct from it), or
   * with perFile a path to a constructs/ folder (one import per construct file, e.g.
   * '../constructs/table'). A plain string is a folder path. @default '../constructs', per file
   */
  readonly constructsImport?: string | { readonly module: string; readonly perFile: boolean };
  /** Name of the exported function that builds the stack. @default camelCase(stackName) + 'Stack' */
  readonly functionName?: string;
  /** Where the specs came from, for the header comment (never with credentials). @default none */
  readonly source?: string;
  /** Privilege hierarchy used to write grants compactly (introspectPrivileges reads the server's). @default ClickHouse 26.7's */
  readonly privileges?: PrivilegeCatalog;
  /** Environment variable name for an imported user's password. @default NAME_PASSWORD (upper case) */
  readonly passwordEnv?: (user: string) => string;
  /**
   * Objects read from the server that the model has no kind for (live and window views, by their
   * engine): each is named as left out, in a warning and in the code. @default none
   */
  readonly unmodelled?: readonly { readonly database: string; readonly name: string; readonly engine: string }[];
}

/** What an object of system.tables is called in a warning, by its engine. */
const UNMODELLED_KIND: Readonly<Record<string, string>> = { LiveView: 'live_view', WindowView: 'window_view' };

function unmodelledWhy(engine: string): string {
  return `engine ${engine}: the constructs cannot declare it; it stays on the server, undeclared`;
}

/** MONITOR_PASSWORD for user monitor: the variable the generated User reads its password from. */
export function defaultPasswordEnv(user: string): string {
  return `${user.toUpperCase().replace(/[^A-Z0-9_]/g, '_')}_PASSWORD`;
}

export interface GeneratedCode {
  /** The TypeScript module. */
  readonly code: string;
  /** Objects left out (with why) and other things a reviewer should know. */
  readonly warnings: string[];
}

/**
 * TypeScript source of a module exporting `<name>Stack(scope, id, props)`, which declares the
 * given databases, tables, materialized views and plain views with Database, Table,
 * MaterializedView and View constructs, users, settings profiles and grants with User, SettingsProfile and Grant, and quotas and
 * row policies with Quota and RowPolicy
 * (passwords read from NAME_PASSWORD at deploy), in a new ClickHouseStack. Objects the constructs cannot express (names that are
 * not plain identifiers, engines the project does not know, views without a TO table in the
 * same database) are left out with a warning in the result and a comment in the code.
 */
export function generateStackCode(objects: readonly ObjectSpec[], opts: CodegenOptions): GeneratedCode {
  const notes = new Notes();
  for (const o of opts.unmodelled ?? []) notes.skipNamed(`${UNMODELLED_KIND[o.engine] ?? 'object'}:${o.database}.${o.name}`, unmodelledWhy(o.engine));
  const passwordEnvOf = opts.passwordEnv ?? defaultPasswordEnv;
  const sel = selectObjects(objects, passwordEnvOf, notes);
  const body = stackBody(sel, passwordEnvOf, opts.privileges, notes);
  const fn = opts.functionName ?? `${camel(opts.stackName)}Stack`;
  const code = [
    ...headerComment(sel, opts, fn, passwordEnvOf, notes.skipped),
    ...importLines(
      sel,
      typeof opts.constructsImport === 'string' || opts.constructsImport === undefined
        ? { module: opts.constructsImport ?? '../constructs', perFile: true }
        : opts.constructsImport,
    ),
    '',
    `/** Stack ${tsString(opts.stackName)}: ${
      [
        ...sel.databases.map((d) => d.name),
        ...sel.users.map((u) => `user ${u.name}`),
        ...sel.quotas.map((q) => `quota ${q.name}`),
        ...sel.rowPolicies.map((p) => `row policy ${p.name} ON ${p.database}.${p.table}`),
      ].join(', ') || 'nothing'
    } as read from the server. */`,
    `export function ${fn}(scope: Construct, id = ${tsString(opts.stackName)}, props: ClickHouseStackProps = {}): ClickHouseStack {`,
    '  // adoptExisting: the first deploy imports these objects (Terraform import blocks) instead of creating them;',
    '  // pass adoptExisting: false to deploy the same schema to an empty server.',
    '  const stack = new ClickHouseStack(scope, id, { adoptExisting: true, ...props });',
    '',
    ...body,
    '  return stack;',
    '}',
    '',
  ].join('\n');
  return { code, warnings: notes.warnings };
}

/** What was imported from where, what to do with the file, and what was left out. */
function headerComment(sel: Selection, opts: CodegenOptions, fn: string, passwordEnvOf: (user: string) => string, skipped: readonly string[]): string[] {
  const { databases, tables, views, plainViews, users, profiles, grants } = sel;
  return [
    `// Generated by \`import\`${opts.source ? ` from ${opts.source.replace(/\n/g, ' ')}` : ''}: ${databases.length} database(s), ${tables.length} table(s), ${views.length} materialized view(s)` +
      (plainViews.length ? `, ${plainViews.length} view(s)` : '') +
      (sel.dictionaries.length ? `, ${sel.dictionaries.length} dictionar${sel.dictionaries.length === 1 ? 'y' : 'ies'}` : '') +
      (users.length + profiles.length ? `, ${users.length} user(s), ${profiles.length} settings profile(s), ${grants.length} grant set(s)` : '') +
      (sel.quotas.length ? `, ${sel.quotas.length} quota(s)` : '') +
      (sel.rowPolicies.length ? `, ${sel.rowPolicies.length} row polic${sel.rowPolicies.length === 1 ? 'y' : 'ies'}` : '') +
      '.',
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
}

/** Imports of the constructs the code uses: from a package, or per file from a constructs/ folder. */
function importLines(sel: Selection, from: { readonly module: string; readonly perFile: boolean }): string[] {
  const used: [string, string[]][] = [
    ['clickhouse-stack', ['ClickHouseStack', 'ClickHouseStackProps']],
    ...(sel.databases.length ? ([['database', ['Database']]] as [string, string[]][]) : []),
    ...(sel.tables.length ? ([['table', ['Table']]] as [string, string[]][]) : []),
    ...(sel.views.length ? ([['materialized-view', ['MaterializedView']]] as [string, string[]][]) : []),
    ...(sel.plainViews.length ? ([['view', ['View']]] as [string, string[]][]) : []),
    ...(sel.dictionaries.length ? ([['dictionary', ['Dictionary']]] as [string, string[]][]) : []),
    ...(sel.profiles.length ? ([['settings-profile', ['SettingsProfile']]] as [string, string[]][]) : []),
    ...(sel.roles.length ? ([['role', ['Role']]] as [string, string[]][]) : []),
    ...(sel.users.length ? ([['user', ['User']]] as [string, string[]][]) : []),
    ...(sel.grants.length ? ([['grant', ['Grant']]] as [string, string[]][]) : []),
    ...(sel.quotas.length + sel.rowPolicies.length
      ? ([['quota', [...(sel.quotas.length ? ['Quota'] : []), ...(sel.rowPolicies.length ? ['RowPolicy'] : [])]]] as [string, string[]][])
      : []),
  ];
  const constructs = "import { Construct } from 'constructs';";
  if (!from.perFile) return [constructs, `import { ${used.flatMap(([, names]) => names).join(', ')} } from ${tsString(from.module)};`];
  return [constructs, ...used.map(([file, names]) => `import { ${names.join(', ')} } from ${tsString(`${from.module}/${file}`)};`)];
}
