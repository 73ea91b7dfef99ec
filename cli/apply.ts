#!/usr/bin/env node
// The command Terraform's local-exec runs for one object. It diffs the object again against the
// live server (the schema may have moved since plan), runs only the statements needed, records
// the revision, and exits non-zero with the server's message when a statement fails or a change
// is refused. Secrets come from the environment here and nowhere else.
import { ApplySettings, connectWith } from '../sql/live/connection';
import { Connection, ConnectionError, ServerError } from '../sql/live/client';
import { checkDrift, blockAccessChanges } from '../sql/live/drift-check';
import { renderDrop } from '../sql/render/drop';
import { ObjectSpec, objectId } from '../sql/spec/model';
import { hasSecretPlaceholder, redact, resolveSecrets } from '../sql/spec/secrets';
import { loginProbeEnabled, loginProbeFrom } from '../sql/live/login-probe';
import { execOnCluster, isOnCluster } from '../sql/live/on-cluster';
import { readRevisions, recordRevision, revisionsTableExists } from '../sql/live/revisions';
import { renderRevisionsDdl } from '../sql/render/revisions-ddl';
import { isQuiet } from './plain-output';
import { applyEnvMissing, usageError } from '../sql/spec/errors';

function decode<T>(name: string, env: NodeJS.ProcessEnv): T {
  const raw = env[name];
  if (!raw) throw applyEnvMissing(name);
  return JSON.parse(Buffer.from(raw, 'base64').toString('utf8')) as T;
}

function secretsIn(spec: ObjectSpec, env: NodeJS.ProcessEnv, settings: ApplySettings): string[] {
  const out: string[] = [];
  const add = (v: string | undefined) => {
    if (v && v.length >= 4) out.push(v);
  };
  add(env[settings.passwordEnv]);
  if (spec.kind === 'user' && spec.auth.passwordEnv) add(env[spec.auth.passwordEnv]);
  return out;
}

/** Hex runs as long as a salt or hash: a server error may echo the statement it failed on. */
function scrubHashes(text: string): string {
  return text.replace(/[0-9a-fA-F]{32,}/g, '[redacted]');
}

async function execStatement(conn: Connection, statement: string, env: NodeJS.ProcessEnv): Promise<void> {
  // ON CLUSTER answers with a row per host: execOnCluster reads them and names the hosts that failed.
  if (!hasSecretPlaceholder(statement)) return isOnCluster(statement) ? execOnCluster(conn, statement).then(() => undefined) : conn.exec(statement);
  try {
    await conn.exec(resolveSecrets(statement, env), undefined, statement);
  } catch (err) {
    const e = err as Error;
    e.message = scrubHashes(e.message);
    throw e;
  }
}

/** An ON CLUSTER statement waits up to distributed_ddl_task_timeout (180 s) for every host: the HTTP request must outlive it, or a retry re-sends the DDL. */
function requestTimeout(settings: ApplySettings): number {
  return settings.cluster ? Math.max(settings.requestTimeoutMs, 200000) : settings.requestTimeoutMs;
}

export interface ApplyResult {
  readonly object: string;
  readonly ran: string[];
  readonly refused: string[];
}

export async function applyObject(env: NodeJS.ProcessEnv, log: (line: string) => void): Promise<ApplyResult> {
  const settings = decode<ApplySettings>('CHX_SETTINGS', env);
  const spec = decode<ObjectSpec>('CHX_SPEC', env);
  const triggers = decode<Record<string, string>>('CHX_TRIGGERS', env);
  const id = objectId(spec);
  const conn = connectWith(settings, env, { requestTimeoutMs: requestTimeout(settings) });
  const opts = { cluster: settings.cluster, accessOnCluster: settings.accessOnCluster, allowDestructive: settings.allowDestructive };
  try {
    // Created by the first apply that finds it missing (idempotent if two race), not by every apply:
    // on a cluster each of these is an ON CLUSTER statement that waits for every host.
    if (!(await revisionsTableExists(conn.query.bind(conn), settings.revisions))) {
      for (const ddl of renderRevisionsDdl(settings.revisions, opts)) await execStatement(conn, ddl, env);
    }
    const revisions = await readRevisions(conn.query.bind(conn), settings.stack, settings.revisions);
    const loginProbe = loginProbeEnabled(settings.loginProbe, env) ? loginProbeFrom(conn.url, env) : undefined;
    const result = await checkDrift(conn.query.bind(conn), [spec], { ...opts, revisions, loginProbe });
    for (const n of result.notices ?? []) log(`${id}: ${n}`);
    const byObject = new Map(result.byObject);
    // Access changes the server's storage cannot take: refused, and nothing of the object runs.
    const blocked = await blockAccessChanges(conn.query.bind(conn), byObject, [spec], opts, conn.host);
    const changes = byObject.get(id) ?? [];
    const ran: string[] = [];
    const refused = changes.filter((c) => !c.runnable).map((c) => `${c.reason}: ${c.detail}${c.hint ? ` — ${c.hint}` : ''}`);
    if (blocked !== undefined) return { object: id, ran, refused };
    if (changes.length === 0) log(`${id}: in sync, nothing to run`);
    for (const c of changes.filter((x) => x.runnable)) {
      log(`${id}: ${c.reason}: ${c.detail}`);
      for (const statement of c.statements) {
        if (ran.includes(statement)) continue;
        log(`  > ${statement.replace(/\n\s*/g, ' ')}`);
        await execStatement(conn, statement, env);
        ran.push(statement);
      }
    }
    if (refused.length === 0) {
      await recordRevision(conn, settings.revisions, { stack: settings.stack, object: id, revision: triggers.revision ?? '', triggers, spec, statements: ran });
    }
    return { object: id, ran, refused };
  } finally {
    await conn.close();
  }
}

export async function destroyObject(env: NodeJS.ProcessEnv, log: (line: string) => void): Promise<ApplyResult> {
  const settings = decode<ApplySettings>('CHX_SETTINGS', env);
  const spec = decode<ObjectSpec>('CHX_SPEC', env);
  const conn = connectWith(settings, env, { requestTimeoutMs: requestTimeout(settings) });
  try {
    const ran: string[] = [];
    for (const statement of renderDrop(spec, { cluster: settings.cluster, accessOnCluster: settings.accessOnCluster })) {
      log(`${objectId(spec)}: removal policy destroy\n  > ${statement}`);
      await conn.exec(statement);
      ran.push(statement);
    }
    return { object: objectId(spec), ran, refused: [] };
  } finally {
    await conn.close();
  }
}

async function main(): Promise<number> {
  const mode = process.argv[2] ?? 'apply';
  const env = process.env;
  const path = env.CHX_PATH ?? '(unknown construct)';
  let secrets: string[] = [];
  try {
    const settings = decode<ApplySettings>('CHX_SETTINGS', env);
    secrets = secretsIn(decode<ObjectSpec>('CHX_SPEC', env), env, settings);
  } catch {
    // decode errors are reported below
  }
  // "[3/9] table:monitor.services: ..." (CHX_INDEX/CHX_TOTAL from synth); CHX_QUIET=1 keeps only changes and errors.
  const quiet = isQuiet(env);
  const progress = env.CHX_INDEX && env.CHX_TOTAL ? `[${env.CHX_INDEX}/${env.CHX_TOTAL}] ` : '';
  const log = (line: string) => {
    if (quiet && /: (in sync, nothing to run|done \(0 statement\(s\)\))$/.test(line)) return;
    process.stdout.write(`${redact(/^\s/.test(line) ? line : progress + line, secrets)}\n`);
  };
  try {
    if (mode !== 'apply' && mode !== 'destroy') throw usageError(`unknown mode "${mode}": use apply or destroy`);
    const r = mode === 'apply' ? await applyObject(env, log) : await destroyObject(env, log);
    if (r.refused.length) {
      process.stderr.write(
        redact(
          `${progress}${path} (${r.object}): deploy refused ${r.refused.length} change(s):\n${r.refused.map((x) => `  - ${x}`).join('\n')}\n` +
            'Nothing destructive runs by default. Set allowDestructive on the stack to allow it, or change the construct to match the server.\n',
          secrets,
        ),
      );
      return 1;
    }
    log(`${r.object}: done (${r.ran.length} statement(s))`);
    return 0;
  } catch (err) {
    const e = err as Error;
    const kind = err instanceof ServerError ? '' : err instanceof ConnectionError ? 'cannot reach ClickHouse: ' : '';
    process.stderr.write(`${progress}${path}: ${kind}${redact(e.message, secrets)}\n`);
    return 1;
  }
}

if (require.main === module) {
  main().then((code) => process.exit(code));
}
