// A Terraform stack of ClickHouse objects: one connection, one cluster setting, one executor.
// Synth (after checkDrift) gives each object triggers that show its drift and pending SQL.
import * as path from 'path';
import { TerraformStack } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { ExecutorKind } from './executor';
import { alreadyDeclared, credentialsInUrl, notInClickHouseStack, undeclaredReference } from './errors';
import type { ClickHouseObject } from './clickhouse-object';
import { ObjectPlan, planObject } from '../sql/report/plan';
import { DEFAULT_REVISIONS, RevisionsLocation } from '../sql/render/revisions-ddl';
import { ApplySettings, projectRoot, resolveUrl } from '../sql/live/connection';
import { ObjectSpec, objectId } from '../sql/spec/model';
import { Change } from '../sql/spec/changes';

export interface ConnectionProps {
  /** Server URL (no credentials in it). @default the value of the urlEnv variable, then defaultUrl */
  readonly url?: string;
  /** URL used when neither url nor the urlEnv variable is set. @default none: drift is not checked and deploy fails, naming urlEnv */
  readonly defaultUrl?: string;
  /** Environment variable with the URL, read at synth and at apply. @default 'CLICKHOUSE_URL' */
  readonly urlEnv?: string;
  /** Environment variable with the user name. @default 'CLICKHOUSE_USER' (user 'default' when unset) */
  readonly userEnv?: string;
  /** Environment variable with the password, read at synth and apply time only. @default 'CLICKHOUSE_PASSWORD' */
  readonly passwordEnv?: string;
  /** Timeout of one request, in ms. @default 10000 */
  readonly requestTimeoutMs?: number;
}

export interface ClickHouseStackProps {
  /** How synth and deploy reach the server. @default the embedded server on 127.0.0.1:18123 unless CLICKHOUSE_URL is set */
  readonly connection?: ConnectionProps;
  /** Cluster name: every DDL gets ON CLUSTER. @default none (single node) */
  readonly cluster?: string;
  /** Put ON CLUSTER on users, profiles and grants (only right when access storage is local to each node). @default true when cluster is set */
  readonly accessOnCluster?: boolean;
  /** Resource type that runs the statements. @default 'terraform_data' */
  readonly executor?: ExecutorKind;
  /**
   * Let deploy run destructive or rebuild statements of schema objects (DROP COLUMN, narrowing types,
   * recreating a view for a new TO table). Revoking privileges a grantee has but the stack does not
   * declare is not gated by this: each Grant's revokeExtra decides that. @default false
   */
  readonly allowDestructive?: boolean;
  /** Where applied revisions are recorded. @default schema_revisions.revisions */
  readonly revisions?: RevisionsLocation;
  /** Check drift against the server at synth. @default true */
  readonly checkDrift?: boolean;
  /**
   * Login probe: at synth and deploy, each declared user that exists logs in once with the
   * password in its passwordEnv; a failed login is drift (password_mismatch), healed by setting
   * the password again. The password goes only into that login request. Users restricted to
   * some hosts are not probed (a refused host fails like a wrong password). CHX_LOGIN_PROBE=1/0
   * overrides this. @default false
   */
  readonly loginProbe?: boolean;
}

export { ApplySettings, EMBEDDED_URL, projectRoot, resolveUrl } from '../sql/live/connection';

export interface DriftCheckOutcome {
  readonly checked: boolean;
  /** Why drift was not checked. */
  readonly reason?: string;
  readonly url: string;
  readonly plans: ObjectPlan[];
  readonly durationMs: number;
  readonly queries?: number;
  readonly notices: string[];
}

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
  readonly settings: ApplySettings;
  private readonly objects: ClickHouseObject[] = [];
  private readonly plans = new Map<string, ObjectPlan>();
  private outcome?: DriftCheckOutcome;

  constructor(scope: Construct, id: string, props: ClickHouseStackProps = {}) {
    super(scope, id);
    this.props = props;
    const c = props.connection ?? {};
    if (c.url && /\/\/[^/]*@/.test(c.url)) throw credentialsInUrl(this, 'connection.url');
    if (c.defaultUrl && /\/\/[^/]*@/.test(c.defaultUrl)) throw credentialsInUrl(this, 'connection.defaultUrl');
    this.settings = {
      stack: id,
      url: c.url,
      defaultUrl: c.defaultUrl,
      urlEnv: c.urlEnv ?? 'CLICKHOUSE_URL',
      userEnv: c.userEnv ?? 'CLICKHOUSE_USER',
      passwordEnv: c.passwordEnv ?? 'CLICKHOUSE_PASSWORD',
      requestTimeoutMs: c.requestTimeoutMs ?? 10000,
      cluster: props.cluster,
      accessOnCluster: props.accessOnCluster,
      allowDestructive: props.allowDestructive ?? false,
      revisions: props.revisions ?? DEFAULT_REVISIONS,
      loginProbe: props.loginProbe ?? false,
    };
    this.node.addValidation({ validate: () => this.validateReferences() });
  }

  get executor(): ExecutorKind {
    return this.props.executor ?? 'terraform_data';
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

  /** The URL synth and apply use (never with credentials); undefined when none is configured. */
  resolvedUrl(env: NodeJS.ProcessEnv = process.env): string | undefined {
    return resolveUrl(this.settings, env);
  }

  /** Records the drift check's result; before it, every object is 'unchecked'. */
  setDriftResult(
    byObject: ReadonlyMap<string, Change[]> | undefined,
    recorded: ReadonlyMap<string, Readonly<Record<string, string>>>,
    outcome: Omit<DriftCheckOutcome, 'plans'>,
  ): void {
    this.plans.clear();
    for (const o of this.objects) {
      const id = objectId(o.spec);
      this.plans.set(id, planObject(o.spec, byObject ? (byObject.get(id) ?? []) : undefined, recorded.get(id)));
    }
    this.outcome = { ...outcome, plans: [...this.plans.values()] };
  }

  planFor(obj: ClickHouseObject): ObjectPlan {
    const id = objectId(obj.spec);
    return this.plans.get(id) ?? planObject(obj.spec, undefined, undefined);
  }

  get driftOutcome(): DriftCheckOutcome | undefined {
    return this.outcome;
  }

  /** Relative path from the stack's synth directory (where terraform runs local-exec) to this project, whose dist/cli/apply.js it runs. */
  projectPathFromStackDir(): string {
    const app = this.node.root as { outdir?: string };
    const outdir = path.resolve(app.outdir ?? 'cdktf.out');
    const stackDir = path.join(outdir, 'stacks', this.node.id);
    return path.relative(stackDir, projectRoot()) || '.';
  }

  /** References to objects the stack does not declare, one message each (undeclaredReference). */
  private validateReferences(): string[] {
    const errors: string[] = [];
    const undeclared = (o: ClickHouseObject, field: string, what: string, name: string) => errors.push(undeclaredReference(o, field, what, name).message);
    const declared = (kind: string, name: string) => this.objects.some((o) => o.spec.kind === kind && 'name' in o.spec && o.spec.name === name);
    for (const o of this.objects) {
      const s = o.spec;
      if ((s.kind === 'table' || s.kind === 'materialized_view') && !declared('database', s.database)) undeclared(o, 'database', 'database', s.database);
      if (
        s.kind === 'materialized_view' &&
        !this.objects.some((t) => t.spec.kind === 'table' && t.spec.database === s.to.database && t.spec.name === s.to.name)
      ) {
        undeclared(o, 'to', 'target table', `${s.to.database}.${s.to.name}`);
      }
      if (s.kind === 'user') {
        for (const p of s.profiles ?? []) if (!declared('settings_profile', p)) undeclared(o, 'profiles', 'settings profile', p);
      }
      if (s.kind === 'grant') {
        if (!declared('user', s.grantee)) undeclared(o, 'grantee', 'user', s.grantee);
        s.grants.forEach((g, i) => {
          if (g.database !== '*' && g.database !== 'system' && !declared('database', g.database))
            undeclared(o, `grants[${i}].database`, 'database', g.database);
        });
      }
    }
    return errors;
  }
}
