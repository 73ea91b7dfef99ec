#!/usr/bin/env node
// `import --database monitor [--database other] [--user monitor] [--stack-name X] [--out stacks/x.ts]`:
// reads an existing schema from a live server (databases with their tables and views; users with
// their settings profiles, inherited ones included, and grants) and writes construct code that
// declares it, so a team with a hand-made schema can adopt the tool. Server from CLICKHOUSE_URL (default: the embedded one),
// CLICKHOUSE_USER, CLICKHOUSE_PASSWORD. Prints the code when --out is not given.
import * as fs from 'fs';
import * as path from 'path';
import { CLI_CONNECTION, connectWith, projectRoot } from '../sql/live/connection';
import { generateStackCode } from '../sql/codegen';
import { introspectDatabases } from '../sql/live/introspect-tables';
import { QueryFn } from '../sql/live/client';
import { introspectAccess, introspectPrivileges } from '../sql/live/introspect-access';
import { ObjectSpec } from '../sql/spec/model';
import { usageError } from '../sql/spec/errors';
import { runCommand, stderrLine, stdoutLine } from './run';

const USAGE = 'usage: import --database NAME [--database NAME ...] [--user NAME ...] [--stack-name ID] [--out FILE.ts]';

interface ImportArgs {
  readonly databases: string[];
  readonly users: string[];
  readonly stackName?: string;
  readonly out?: string;
}

export function parseImportArgs(argv: readonly string[]): ImportArgs {
  const databases: string[] = [];
  const users: string[] = [];
  let stackName: string | undefined;
  let out: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].includes('=') ? argv[i].split(/=(.*)/s) : [argv[i], undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw usageError(`${flag} needs a value; ${USAGE}`);
      return v;
    };
    if (flag === '--database' || flag === '-d') databases.push(value());
    else if (flag === '--user' || flag === '-u') users.push(value());
    else if (flag === '--stack-name') stackName = value();
    else if (flag === '--out' || flag === '-o') out = value();
    else throw usageError(`unknown argument "${argv[i]}"; ${USAGE}`);
  }
  if (databases.length === 0 && users.length === 0) throw usageError(`no database or user given; ${USAGE}`);
  return { databases, users, stackName, out };
}

/**
 * The users with their grants, then every settings profile they use and, level by level, the
 * profiles those inherit: one introspectAccess round per level, each asking only for new names.
 */
export async function readUsersWithProfiles(query: QueryFn, users: readonly string[]): Promise<ObjectSpec[]> {
  const objects = await introspectAccess(query, { users, profiles: [], grantees: users });
  const asked = new Set<string>();
  for (;;) {
    const named = objects.flatMap((o) => (o.kind === 'user' ? (o.profiles ?? []) : o.kind === 'settings_profile' ? (o.inherit ?? []) : []));
    const next = [...new Set(named)].filter((p) => !asked.has(p));
    if (next.length === 0) return objects;
    next.forEach((p) => asked.add(p));
    objects.push(...(await introspectAccess(query, { users: [], profiles: next, grantees: [] })));
  }
}

/** Module path of constructs/ as seen from the file written (or from stacks/ when printing). */
function constructsImport(outFile: string | undefined): string {
  const fromDir = outFile ? path.dirname(path.resolve(outFile)) : path.join(projectRoot(), 'stacks');
  const rel = path.relative(fromDir, path.join(projectRoot(), 'constructs')).split(path.sep).join('/');
  return rel.startsWith('.') ? rel : `./${rel}`;
}

export async function runImport(argv: readonly string[], env: NodeJS.ProcessEnv, out: (s: string) => void, err: (s: string) => void): Promise<number> {
  let args: ImportArgs;
  try {
    args = parseImportArgs(argv);
  } catch (e) {
    err(`import: ${(e as Error).message}`);
    return 1;
  }
  const conn = connectWith(CLI_CONNECTION, env);
  try {
    const query = conn.query.bind(conn);
    const [schema, access] = await Promise.all([
      args.databases.length ? introspectDatabases(query, args.databases) : Promise.resolve([] as ObjectSpec[]),
      args.users.length ? readUsersWithProfiles(query, args.users) : Promise.resolve([] as ObjectSpec[]),
    ]);
    const specs = [...schema, ...access];
    const missing = [
      ...args.databases.filter((d) => !specs.some((s) => s.kind === 'database' && s.name === d)).map((d) => `database ${d}`),
      ...args.users.filter((u) => !specs.some((s) => s.kind === 'user' && s.name === u)).map((u) => `user ${u}`),
    ];
    if (missing.length) {
      err(`import: no ${missing.join(', no ')} on ${conn.host}`);
      return 1;
    }
    const stackName = args.stackName ?? args.databases[0] ?? args.users[0];
    const source = [...args.databases, ...args.users.map((u) => `user ${u}`)].join(', ');
    const privileges = args.users.length ? await introspectPrivileges(query) : undefined;
    const { code, warnings } = generateStackCode(specs, {
      stackName,
      constructsImport: constructsImport(args.out),
      source: `${source} on ${conn.host}`,
      privileges,
    });
    for (const w of warnings) err(`import: warning: ${w}`);
    if (args.out) {
      fs.mkdirSync(path.dirname(path.resolve(args.out)), { recursive: true });
      fs.writeFileSync(args.out, code);
      const counts = ['table', 'materialized_view', 'user', 'settings_profile', 'grant']
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

if (require.main === module) {
  runCommand('import', () => runImport(process.argv.slice(2), process.env, stdoutLine, stderrLine));
}
