// A cdktf app's stacks as synth wrote them (cdktf.out/stacks/<id>/cdk.tf.json): the ClickHouse
// provider block gives the connection settings, the clickhouse_* resources give the declared
// objects, read back through the provider's own resource types. So the commands work for any
// app built with these constructs (or any Terraform JSON using the provider), and they check
// exactly what Terraform will plan with.
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DEFAULT_REVISIONS } from '../sql/render/revisions-ddl';
import { ApplySettings } from '../sql/live/connection';
import { ObjectSpec, objectId } from '../sql/spec/model';
import { resourceTypeByName, RESOURCE_TYPES } from '../provider/resources';
import { allAttributes } from '../provider/state';
import { complete } from '../provider/schema/attributes';
import { TfObject } from '../provider/protocol/dynamic-value';

export interface SynthesizedStack {
  readonly id: string;
  /** The stack's working directory (where terraform runs). */
  readonly dir: string;
  readonly settings: ApplySettings;
  /** Declared objects, in the order of the synthesized configuration. */
  readonly specs: readonly ObjectSpec[];
  /** Object id -> Terraform address (clickhouse_table.<name>). */
  readonly addresses: ReadonlyMap<string, string>;
  /** Object ids whose resource allows destructive changes. */
  readonly allowDestructive: ReadonlySet<string>;
}

interface TfJson {
  provider?: { clickhouse?: Record<string, unknown>[] };
  resource?: Record<string, Record<string, Record<string, unknown>>>;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** The ids of the stacks a synth wrote (manifest.json). */
export function synthesizedStackIds(outdir: string): string[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8')) as { stacks?: Record<string, unknown> };
  return Object.keys(manifest.stacks ?? {});
}

/** Whether the synthesized stack `id` configures the ClickHouse provider (an app may have other stacks too). */
export function hasClickHouseProvider(outdir: string, id: string): boolean {
  try {
    const json = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', id, 'cdk.tf.json'), 'utf8')) as TfJson;
    return (json.provider?.clickhouse?.length ?? 0) > 0;
  } catch {
    return false;
  }
}

export function readSynthesizedStack(outdir: string, id: string): SynthesizedStack {
  const dir = path.join(outdir, 'stacks', id);
  const json = JSON.parse(fs.readFileSync(path.join(dir, 'cdk.tf.json'), 'utf8')) as TfJson;
  const p = json.provider?.clickhouse?.[0] ?? {};
  const settings: ApplySettings = {
    stack: str(p.stack) ?? id,
    ...(str(p.url) ? { url: str(p.url) } : {}),
    ...(str(p.default_url) ? { defaultUrl: str(p.default_url) } : {}),
    urlEnv: str(p.url_env) ?? 'CLICKHOUSE_URL',
    userEnv: str(p.user_env) ?? 'CLICKHOUSE_USER',
    passwordEnv: str(p.password_env) ?? 'CLICKHOUSE_PASSWORD',
    requestTimeoutMs: typeof p.request_timeout_ms === 'number' ? p.request_timeout_ms : str(p.cluster) ? 200_000 : 10_000,
    ...(str(p.cluster) ? { cluster: str(p.cluster) } : {}),
    ...(typeof p.access_on_cluster === 'boolean' ? { accessOnCluster: p.access_on_cluster } : {}),
    allowDestructive: false,
    revisions: { database: str(p.revisions_database) ?? DEFAULT_REVISIONS.database, table: str(p.revisions_table) ?? DEFAULT_REVISIONS.table },
    loginProbe: p.login_probe === true,
  };
  const specs: ObjectSpec[] = [];
  const addresses = new Map<string, string>();
  const allowDestructive = new Set<string>();
  const known = new Set(RESOURCE_TYPES.map((t) => t.typeName));
  for (const [typeName, byName] of Object.entries(json.resource ?? {})) {
    if (!known.has(typeName)) continue;
    const type = resourceTypeByName(typeName);
    for (const [name, attrs] of Object.entries(byName)) {
      const spec = type.toSpec(complete(allAttributes(type), attrs as TfObject));
      specs.push(spec);
      addresses.set(objectId(spec), `${typeName}.${name}`);
      if (attrs.allow_destructive === true) allowDestructive.add(objectId(spec));
    }
  }
  return { id, dir, settings, specs, addresses, allowDestructive };
}

export interface SynthOptions {
  readonly env?: NodeJS.ProcessEnv;
  /** Where the synth goes. @default a new temporary directory */
  readonly outdir?: string;
  readonly timeoutMs?: number;
}

/** Runs the app command of the cdktf project in `projectDir` (cdktf.json "app") into an output directory. */
export function synthesizeApp(projectDir: string, opts: SynthOptions = {}): Promise<string> {
  const config = JSON.parse(fs.readFileSync(path.join(projectDir, 'cdktf.json'), 'utf8')) as { app?: string };
  if (!config.app) throw new Error(`${path.join(projectDir, 'cdktf.json')} has no "app" command`);
  const outdir = opts.outdir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'chx-synth-'));
  return new Promise((resolve, reject) => {
    execFile(
      '/bin/sh',
      ['-c', config.app!],
      { cwd: projectDir, env: { ...(opts.env ?? process.env), CDKTF_OUTDIR: outdir }, timeout: opts.timeoutMs ?? 600_000, maxBuffer: 64 * 1024 * 1024 },
      (err, _stdout, stderr) => {
        if (err) reject(new Error(`synth of ${projectDir} failed (${config.app}):\n${stderr.trim()}`));
        else resolve(outdir);
      },
    );
  });
}
