#!/usr/bin/env node
// `chx import --database monitor [--database other] [--user monitor] [--quota q] [--row-policy 'p ON db.t'] [--stack-name X] [--out stacks/x.ts]`:
// reads an existing schema from a live server (databases with their tables and views; users with
// their settings profiles, inherited ones included, and grants; the quotas and row policies named) and writes construct code that
// declares it, so a team with a hand-made schema can adopt the tool. Server from CLICKHOUSE_URL (default: the embedded one),
// CLICKHOUSE_USER, CLICKHOUSE_PASSWORD. Prints the code when --out is not given.
import * as fs from 'fs';
import * as path from 'path';
import { cliConnection, connectWith } from '../sql/live/connection';
import { packageName, packageRoot } from '../provider/install';
import { generateStackCode } from '../sql/codegen';
import { introspectForImport, UnmodelledObject } from '../sql/live/introspect-tables';
import { QueryFn } from '../sql/live/client';
import { introspectAccess, introspectPrivileges } from '../sql/live/introspect-access';
import { ObjectSpec } from '../sql/spec/model';
import { main } from './chx';

export interface ImportArgs {
  /** Databases to import. */
  readonly databases: readonly string[];
  /** Users to import with their profiles and grants. @default [] */
  readonly users: readonly string[];
  /** Quotas to import (only these: --user does not bring its quotas). @default [] */
  readonly quotas?: readonly string[];
  /** Row policies to import, by their full name as system.row_policies has it ('p ON db.table'). @default [] */
  readonly rowPolicies?: readonly string[];
  /** Stack id and function name of the generated code. @default the first database (or user) */
  readonly stackName?: string;
  /** File to write. @default print on stdout */
  readonly out?: string;
  /** Module the generated code imports the constructs from. @default importSource() */
  readonly packageName?: string;
}

/**
 * The users with their grants, then every settings profile they use and, level by level, the
 * profiles those inherit: one introspectAccess round per level, each asking only for new names.
 */
export async function readUsersWithProfiles(query: QueryFn, users: readonly string[]): Promise<ObjectSpec[]> {
  const objects = await introspectAccess(query, { users, profiles: [], grantees: users });
  // The roles granted to the users, with the roles' own privileges.
  const roles = [...new Set(objects.flatMap((o) => (o.kind === 'user' ? (o.roles ?? []) : [])))];
  if (roles.length) objects.push(...(await introspectAccess(query, { users: [], profiles: [], grantees: roles, roles })));
  const asked = new Set<string>();
  for (;;) {
    const named = objects.flatMap((o) => (o.kind === 'user' ? (o.profiles ?? []) : o.kind === 'settings_profile' ? (o.inherit ?? []) : []));
    const next = [...new Set(named)].filter((p) => !asked.has(p));
    if (next.length === 0) return objects;
    next.forEach((p) => asked.add(p));
    objects.push(...(await introspectAccess(query, { users: [], profiles: next, grantees: [] })));
  }
}

/**
 * Where generated code imports the constructs from: this package by name (an app that installed
 * it), or, for a file inside this package's own checkout (its stacks/), the relative path to its
 * constructs/ folder.
 */
export function importSource(outFile: string | undefined, cwd: string): { readonly module: string; readonly perFile: boolean } {
  const root = packageRoot();
  const target = outFile ? path.dirname(path.resolve(cwd, outFile)) : path.resolve(cwd);
  const inside =
    !path.relative(root, target).startsWith('..') && !path.isAbsolute(path.relative(root, target)) && !target.includes(`${path.sep}node_modules${path.sep}`);
  if (!inside) return { module: packageName(), perFile: false };
  const fromDir = outFile ? target : path.join(root, 'stacks');
  const rel = path.relative(fromDir, path.join(root, 'constructs')).split(path.sep).join('/');
  return { module: rel.startsWith('.') ? rel : `./${rel}`, perFile: true };
}

/** `chx import` (arguments parsed by cli/chx.ts): 0 written, 1 nothing to import or an error, 2 a usage mistake. */
export async function runImport(
  args: ImportArgs,
  env: NodeJS.ProcessEnv,
  out: (s: string) => void,
  err: (s: string) => void,
  cwd = process.cwd(),
): Promise<number> {
  const quotas = args.quotas ?? [];
  const rowPolicies = args.rowPolicies ?? [];
  if (args.databases.length === 0 && args.users.length === 0 && quotas.length === 0 && rowPolicies.length === 0) {
    err('import: give at least one --database NAME, --user NAME, --quota NAME or --row-policy "NAME ON db.table" (chx import --help)');
    return 2;
  }
  const conn = connectWith(cliConnection(env), env);
  try {
    const query = conn.query.bind(conn);
    const [{ objects: schema, unmodelled }, access, limits] = await Promise.all([
      args.databases.length
        ? introspectForImport(query, args.databases)
        : Promise.resolve({ objects: [] as ObjectSpec[], unmodelled: [] as UnmodelledObject[] }),
      args.users.length ? readUsersWithProfiles(query, args.users) : Promise.resolve([] as ObjectSpec[]),
      quotas.length || rowPolicies.length
        ? introspectAccess(query, { users: [], profiles: [], grantees: [], quotas, rowPolicies })
        : Promise.resolve([] as ObjectSpec[]),
    ]);
    const specs = [...schema, ...access, ...limits];
    const missing = [
      ...args.databases.filter((d) => !specs.some((s) => s.kind === 'database' && s.name === d)).map((d) => `database ${d}`),
      ...args.users.filter((u) => !specs.some((s) => s.kind === 'user' && s.name === u)).map((u) => `user ${u}`),
      ...quotas.filter((q) => !specs.some((s) => s.kind === 'quota' && s.name === q)).map((q) => `quota ${q}`),
      ...rowPolicies.filter((p) => !specs.some((s) => s.kind === 'row_policy' && `${s.name} ON ${s.database}.${s.table}` === p)).map((p) => `row policy ${p}`),
    ];
    if (missing.length) {
      err(`import: no ${missing.join(', no ')} on ${conn.host}`);
      return 1;
    }
    const stackName = args.stackName ?? args.databases[0] ?? args.users[0] ?? quotas[0] ?? 'access';
    const source = [
      ...args.databases,
      ...args.users.map((u) => `user ${u}`),
      ...quotas.map((q) => `quota ${q}`),
      ...rowPolicies.map((p) => `row policy ${p}`),
    ].join(', ');
    const privileges = args.users.length ? await introspectPrivileges(query) : undefined;
    const { code, warnings } = generateStackCode(specs, {
      stackName,
      constructsImport: args.packageName ? { module: args.packageName, perFile: false } : importSource(args.out, cwd),
      source: `${source} on ${conn.host}`,
      privileges,
      unmodelled,
    });
    for (const w of warnings) err(`import: warning: ${w}`);
    if (args.out) {
      const file = path.resolve(cwd, args.out);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, code);
      const counts = ['table', 'materialized_view', 'view', 'dictionary', 'user', 'settings_profile', 'grant', 'quota', 'row_policy']
        .map((k) => `${specs.filter((s) => s.kind === k).length} ${k.replace('_', ' ')}(s)`)
        .join(', ');
      err(`import: wrote ${args.out}: stack "${stackName}" with ${args.databases.length} database(s), ${counts} read from ${conn.host}`);
    } else {
      out(code);
    }
    return 0;
  } finally {
    await conn.close();
  }
}

if (require.main === module) main(['import']);
