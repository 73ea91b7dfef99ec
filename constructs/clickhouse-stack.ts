// A Terraform stack of ClickHouse objects: one ClickHouse provider (connection, cluster), the
// objects as its resources, and at synth the provider itself, installed where `terraform init`
// finds it with no registry (an implied local mirror in the stack's directory) with a matching
// lock file. Synth needs no server: the provider reads the server when Terraform plans.
import * as fs from 'fs';
import * as path from 'path';
import { ISynthesisSession, TerraformBackend, TerraformStack } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { alreadyDeclared, credentialsInUrl, notInClickHouseStack, undeclaredReference, ValidationError } from './errors';
import type { ClickHouseObject } from './clickhouse-object';
import { ClickHouseTerraformProvider } from './l1';
import { DEFAULT_REVISIONS, RevisionsLocation } from '../sql/render/revisions-ddl';
import { ApplySettings, resolveUrl } from '../sql/live/connection';
import { isDatabaseObject, ObjectSpec, objectId } from '../sql/spec/model';
import { urlHasCredentials } from '../sql/spec/urls';
import { installForWorkingDirectory } from '../provider/install';
import { RESOURCE_TYPES } from '../provider/resources';

export interface ConnectionProps {
  /** Server URL (no credentials in it). @default the value of the urlEnv variable, then defaultUrl */
  readonly url?: string;
  /** URL used when neither url nor the urlEnv variable is set. @default none: plan and deploy fail, naming urlEnv */
  readonly defaultUrl?: string;
  /** Environment variable with the URL, read where Terraform runs. @default 'CLICKHOUSE_URL' */
  readonly urlEnv?: string;
  /** Environment variable with the user name. @default 'CLICKHOUSE_USER' (user 'default' when unset) */
  readonly userEnv?: string;
  /** Environment variable with the password, read where Terraform runs, never stored. @default 'CLICKHOUSE_PASSWORD' */
  readonly passwordEnv?: string;
  /** Timeout of one request, in ms. @default 10000 (200000 with a cluster) */
  readonly requestTimeoutMs?: number;
  /**
   * How long deploy waits for the mutations its statements start (MODIFY TTL, a new column type,
   * MATERIALIZE INDEX...), logging their progress: one that fails is an error naming it, one still
   * running then a warning naming it (it goes on in the background). @default 300
   */
  readonly mutationTimeoutSeconds?: number;
}

export interface ClickHouseStackProps {
  /** How plan and deploy reach the server. @default the URL in $CLICKHOUSE_URL */
  readonly connection?: ConnectionProps;
  /** Cluster name: every DDL gets ON CLUSTER, and drift is read from every replica. @default none (single node) */
  readonly cluster?: string;
  /** Put ON CLUSTER on users, profiles and grants (only right when access storage is local to each node). @default true when cluster is set */
  readonly accessOnCluster?: boolean;
  /**
   * Let deploy run destructive or rebuild statements of schema objects (DROP COLUMN, narrowing
   * types, recreating a view for a new TO table, dropping a table that holds rows). Revoking
   * privileges a grantee has but the stack does not declare is not gated by this: each Grant's
   * revokeExtra decides that. Each construct can override it. Not needed where nothing is lost:
   * a MergeTree table the plan reads as empty (no rows in system.parts) may be dropped, and have
   * a column dropped or its type narrowed, without it (a rebuild still needs it). @default false
   */
  readonly allowDestructive?: boolean;
  /** Where deploy records what it applied (the audit record). @default schema_revisions.revisions */
  readonly revisions?: RevisionsLocation;
  /**
   * Login probe: at plan, each declared user that exists logs in once with its password; a failed
   * login is drift (password_mismatch), healed by setting the password again. The password goes
   * only into that login request. Users restricted to some hosts are not probed (a refused host
   * fails like a wrong password). CHX_LOGIN_PROBE=1/0 where Terraform runs overrides this. @default false
   */
  readonly loginProbe?: boolean;
  /**
   * What a refused change (destructive and not allowed) does to the deploy. `'fail'`: the plan
   * fails naming every refused change, and nothing is applied. `'hold'`: the plan warns and goes
   * on; the object with the refused change is held back whole (its apply fails naming what was
   * refused, runs none of its statements and keeps its state), while every object that does not
   * depend on it is applied; the deploy then exits non-zero with the held-back objects as errors.
   * @default 'fail'
   */
  readonly onRefused?: 'fail' | 'hold';
  /**
   * Adopt objects that already exist on the server with Terraform import blocks: the first plan
   * says "will be imported" for each (an import of an object already in the state does nothing).
   * Every object must exist: leave it off to deploy to an empty server. Each construct can
   * override it (adopt). What `chx import` / `npm run import` generates turns it on. @default false
   */
  readonly adoptExisting?: boolean;
}

export { ApplySettings, EMBEDDED_URL, embeddedUrl, resolveUrl } from '../sql/live/connection';

export class ClickHouseStack extends TerraformStack {
  /** The ClickHouseStack a construct belongs to. */
  static of(scope: IConstruct): ClickHouseStack {
    let s: IConstruct | undefined = scope;
    while (s) {
      if (s instanceof ClickHouseStack) return s;
      s = s.node.scope;
    }
    throw notInClickHouseStack(scope);
  }

  readonly props: ClickHouseStackProps;
  /** The stack's connection and deploy settings, as the provider block carries them. */
  readonly settings: ApplySettings;
  /** The ClickHouse provider every object of the stack is a resource of. */
  readonly provider: ClickHouseTerraformProvider;
  private readonly objects: ClickHouseObject[] = [];

  constructor(scope: Construct, id: string, props: ClickHouseStackProps = {}) {
    super(scope, id);
    this.props = props;
    const c = props.connection ?? {};
    if (c.url && urlHasCredentials(c.url)) throw credentialsInUrl(this, 'connection.url');
    if (c.defaultUrl && urlHasCredentials(c.defaultUrl)) throw credentialsInUrl(this, 'connection.defaultUrl');
    if (c.mutationTimeoutSeconds !== undefined && !(Number.isFinite(c.mutationTimeoutSeconds) && c.mutationTimeoutSeconds >= 0))
      throw new ValidationError(this.node.path, [
        { field: 'connection.mutationTimeoutSeconds', message: `must be a number of seconds, 0 or more, got ${c.mutationTimeoutSeconds}` },
      ]);
    if (props.onRefused !== undefined && props.onRefused !== 'fail' && props.onRefused !== 'hold')
      throw new ValidationError(this.node.path, [{ field: 'onRefused', message: `must be 'fail' or 'hold', got ${JSON.stringify(props.onRefused)}` }]);
    this.settings = {
      stack: id,
      url: c.url,
      defaultUrl: c.defaultUrl,
      urlEnv: c.urlEnv ?? 'CLICKHOUSE_URL',
      userEnv: c.userEnv ?? 'CLICKHOUSE_USER',
      passwordEnv: c.passwordEnv ?? 'CLICKHOUSE_PASSWORD',
      requestTimeoutMs: c.requestTimeoutMs ?? (props.cluster ? 200_000 : 10_000),
      cluster: props.cluster,
      accessOnCluster: props.accessOnCluster,
      allowDestructive: props.allowDestructive ?? false,
      revisions: props.revisions ?? DEFAULT_REVISIONS,
      loginProbe: props.loginProbe ?? false,
    };
    const s = this.settings;
    this.provider = new ClickHouseTerraformProvider(this, 'clickhouse', {
      url: s.url,
      url_env: s.urlEnv,
      default_url: s.defaultUrl,
      user_env: s.userEnv,
      password_env: s.passwordEnv,
      request_timeout_ms: c.requestTimeoutMs,
      mutation_timeout_seconds: c.mutationTimeoutSeconds,
      cluster: s.cluster,
      access_on_cluster: s.accessOnCluster,
      stack: id,
      revisions_database: props.revisions?.database,
      revisions_table: props.revisions?.table,
      login_probe: props.loginProbe,
      on_refused: props.onRefused,
    });
    this.node.addValidation({ validate: () => this.validateReferences() });
    // cdktf's own synthesizer writes cdk.tf.json; ours first installs the provider beside it.
    const synthesizer = this.synthesizer;
    this.synthesizer = {
      synthesize: (session: ISynthesisSession) => {
        this.onSynthesize(session);
        synthesizer.synthesize(session);
      },
    };
  }

  /** @internal */
  register(obj: ClickHouseObject): void {
    const id = objectId(obj.spec);
    const other = this.objects.find((o) => objectId(o.spec) === id);
    if (other) throw alreadyDeclared(obj, id, other.node.path);
    this.objects.push(obj);
  }

  get clickhouseObjects(): readonly ClickHouseObject[] {
    return this.objects;
  }

  specs(): ObjectSpec[] {
    return this.objects.map((o) => o.spec);
  }

  findObject(id: string): ClickHouseObject | undefined {
    return this.objects.find((o) => objectId(o.spec) === id);
  }

  /** The URL plan and deploy use with this environment (never with credentials); undefined when none is configured. */
  resolvedUrl(env: NodeJS.ProcessEnv = process.env): string | undefined {
    return resolveUrl(this.settings, env);
  }

  /**
   * At synth: the provider and its lock file into the stack's working directory, and a `removed`
   * block (destroy = false) for every object of the last deploy that is gone from the code and
   * whose removal policy is retain, so the plan says "will no longer be managed" instead of
   * planning a destroy. The last deploy is known from a local backend's state file; with a remote
   * backend the provider itself keeps the promise (its delete forgets a retained object).
   */
  private onSynthesize(session: ISynthesisSession): void {
    const workDir = path.join(session.outdir, session.manifest.forStack(this).workingDirectory);
    fs.mkdirSync(workDir, { recursive: true });
    installForWorkingDirectory(workDir);
    const removed = this.retainedObjectsGoneFromCode().map((from) => ({ from, lifecycle: { destroy: false } }));
    if (removed.length) this.addOverride('removed', removed);
  }

  /** Addresses of clickhouse resources in the local state, not in this synth, with removal policy retain. */
  private retainedObjectsGoneFromCode(): string[] {
    const stateFile = this.localStateFile();
    if (!stateFile || !fs.existsSync(stateFile)) return [];
    let state: { resources?: { mode: string; type: string; name: string; instances?: { attributes?: { removal_policy?: string } }[] }[] };
    try {
      state = JSON.parse(fs.readFileSync(stateFile, 'utf8'));
    } catch {
      return [];
    }
    const types = new Set(RESOURCE_TYPES.map((t) => t.typeName));
    const current = new Set(this.objects.map((o) => o.resource.address));
    return (state.resources ?? [])
      .filter((r) => r.mode === 'managed' && types.has(r.type) && !current.has(`${r.type}.${r.name}`))
      .filter((r) => (r.instances ?? []).every((i) => (i.attributes?.removal_policy ?? 'retain') !== 'destroy'))
      .map((r) => `${r.type}.${r.name}`);
  }

  private localStateFile(): string | undefined {
    const backend = this.node.findAll().find((c): c is TerraformBackend => TerraformBackend.isBackend(c));
    const local = (backend?.toTerraform() as { terraform?: { backend?: { local?: { path?: string } } } } | undefined)?.terraform?.backend?.local;
    return local?.path;
  }

  /** References to objects the stack does not declare, one message each (undeclaredReference). */
  private validateReferences(): string[] {
    const errors: string[] = [];
    const undeclared = (o: ClickHouseObject, field: string, what: string, name: string) => errors.push(undeclaredReference(o, field, what, name).message);
    const declared = (kind: string, name: string) => this.objects.some((o) => o.spec.kind === kind && 'name' in o.spec && o.spec.name === name);
    for (const o of this.objects) {
      const s = o.spec;
      if (isDatabaseObject(s) && !declared('database', s.database)) undeclared(o, 'database', 'database', s.database);
      if (s.kind === 'dictionary' && !declared('database', s.database)) undeclared(o, 'database', 'database', s.database);
      if (
        s.kind === 'materialized_view' &&
        s.to !== undefined &&
        !this.objects.some((t) => t.spec.kind === 'table' && t.spec.database === s.to!.database && t.spec.name === s.to!.name)
      ) {
        undeclared(o, 'to', 'target table', `${s.to.database}.${s.to.name}`);
      }
      if (s.kind === 'user') {
        for (const p of s.profiles ?? []) if (!declared('settings_profile', p)) undeclared(o, 'profiles', 'settings profile', p);
        for (const r of s.roles ?? []) if (!declared('role', r)) undeclared(o, 'roles', 'role', r);
      }
      if (s.kind === 'grant') {
        if (!declared('user', s.grantee) && !declared('role', s.grantee)) undeclared(o, 'grantee', 'user or role', s.grantee);
        s.grants.forEach((g, i) => {
          if (g.database !== '*' && g.database !== 'system' && !declared('database', g.database))
            undeclared(o, `grants[${i}].database`, 'database', g.database);
        });
      }
    }
    return errors;
  }
}
