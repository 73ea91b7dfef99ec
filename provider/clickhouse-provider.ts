// The provider: Terraform's Read, Plan, Apply and Import for ClickHouse objects, all decided by
// the project's one diff (sql/), so that a plan proposes a change for an object exactly when the
// drift check finds drift in it:
// - Read (refresh) compares the state with the server; where they differ semantically, the
//   differing attributes take the server's values and `drift` names the reasons (Terraform shows
//   "changed outside of Terraform"); a missing object is removed from state, so the plan creates it.
// - Plan diffs config against the server: no change gives back the refreshed state (no-op); a
//   change gives an in-place update whose `planned_sql` is exactly what apply will run. Changes
//   apply would refuse (destructive, or needing a rebuild) fail the plan with a hint, unless the
//   resource allows destructive changes.
// - Apply reads the object again, runs only what is still needed (and only what the plan showed),
//   reads it once more to verify, and records the change in the audit table.
// - Delete honours the removal policy: retain forgets, destroy drops (refusing a table with rows
//   unless allowed).
import { DEFAULT_SOURCE_PASSWORD_VERSION } from '../sql/diff/dictionaries';
import { createHash } from 'crypto';
import { describeReasons, planCost, planSql } from '../sql/report/plan';
import { Change, deployStatements, formatBytes, runnableStatements } from '../sql/spec/changes';
import { mayLoseData } from '../sql/diff/change';
import { Connection, ConnectionError, connect } from '../sql/live/client';
import { renderDrop } from '../sql/render/drop';
import { normalizeHosts } from '../sql/spec/hosts';
import { accessBlockReason } from '../sql/diff/access-storage';
import { accessStorageInfo } from '../sql/live/introspect-access';
import { AccessStorageInfo } from '../sql/diff/access-storage';
import { DiffOptions, isAccessKind, LiveSnapshot, ObjectSpec, objectId, TableSpec, UserSpec } from '../sql/spec/model';
import { execOnCluster, isOnCluster } from '../sql/live/on-cluster';
import { hasSecretPlaceholder, placeholderSecrets, redact, resolveSecrets } from '../sql/spec/secrets';
import { probeLogin } from '../sql/live/login-probe';
import { Problem, validateSpec } from '../sql/spec/validate-spec';
import { AuditLog } from './audit';
import { mayStartMutation, splitAlterHead } from '../sql/spec/alter-batch';
import { asyncMutationSettings, MutationStatus, mutationIds, mutationsSince, waitForMutations } from '../sql/live/mutations';
import { errorCode, hasServerErrorCode, UNFINISHED } from '../sql/live/error-codes';
import { qualified, quoteString } from '../sql/spec/identifiers';
import { keptOldName, oldName, shadowName } from '../sql/render/rebuild';
import { RebuildResult, runRebuild } from '../sql/live/rebuild';
import { rebuildStopped } from '../sql/spec/errors';
import { evaluateObject, EvaluateFacts } from '../sql/diff/evaluate';
import { FreshRead, LiveReader } from './live-reader';
import { containsUnknown, fromDynamic, TfObject, toDynamic, UNKNOWN } from './protocol/dynamic-value';
import {
  ApplyResourceChangeRequest,
  AttributePath,
  ConfigureProviderRequest,
  Diagnostic,
  errorDiagnostic,
  GetProviderSchemaResponse,
  ImportResourceStateRequest,
  PlanResourceChangeRequest,
  ProviderHandlers,
  ReadResourceRequest,
  UpgradeResourceStateRequest,
  ValidateResourceConfigRequest,
  warningDiagnostic,
} from './protocol/messages';
import { PROVIDER_ATTRIBUTES, ProviderConfigError, ProviderSettings, resolveProviderSettings } from './provider-config';
import { RESOURCE_TYPES, resourceTypeByName } from './resources';
import { ResourceType } from './resources/resource-type';
import { WRITE_ONLY_PASSWORD } from './resources/user';
import { complete, schemaAttribute, str } from './schema/attributes';
import { allAttributes, buildState, changedRules, decodePrivate, encodePrivate, idOf, mergeLive, plannedOwn, resolveMeta, sameOwn } from './state';

const SCHEMA_VERSION = 0;

/** How long one statement of a rebuild by copy (a partition's INSERT ... SELECT) may take: 1 hour. */
const REBUILD_STATEMENT_TIMEOUT_MS = 3_600_000;

/** Changes a deploy refuses outright (as opposed to drift a construct chose to report only). */
function refusedChanges(changes: readonly Change[]): Change[] {
  return changes.filter((c) => !c.runnable && !c.reportOnly);
}

/** 'mutation_8.txt (MODIFY COLUMN `v` UInt32): 6 part(s) to do; fails: Code: 6 ...'. */
function describeMutation(m: { id: string; command: string; partsToDo: number; failReason?: string }): string {
  return `- ${m.id} ${m.command}: ${m.partsToDo.toLocaleString('en-US')} part(s) to do${m.failReason ? `; fails: ${m.failReason}` : ''}`;
}

/** An error for a diagnostic: a connection failure says so first; never a secret in it. */
function describeError(err: unknown, secrets: readonly string[]): string {
  const e = err instanceof Error ? err : new Error(String(err));
  return redact(`${e instanceof ConnectionError ? 'cannot reach ClickHouse: ' : ''}${e.message}`, secrets);
}

function problemPath(field: string): AttributePath {
  const steps: AttributePath['steps'][number][] = [];
  for (const part of field.split('.')) {
    const m = /^([A-Za-z_]+)(?:\[(\d+)\])?$/.exec(part);
    if (!m) continue;
    steps.push({ attribute_name: m[1].replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`) });
    if (m[2] !== undefined) steps.push({ element_key_int: Number(m[2]) });
  }
  return { steps };
}

export class ClickHouseProvider implements ProviderHandlers {
  private settings?: ProviderSettings;
  private conn?: Connection;
  private reader?: LiveReader;
  private audit?: AuditLog;
  private storage?: Promise<AccessStorageInfo>;
  private readonly probes = new Map<string, Promise<boolean>>();

  constructor(
    private readonly env: NodeJS.ProcessEnv = process.env,
    private readonly log: (line: string) => void = (l) => process.stderr.write(`[chx-provider] ${l}\n`),
  ) {}

  getProviderSchema(): GetProviderSchemaResponse {
    const block = (attrs: readonly import('./schema/attributes').AttrDef[], description: string) => ({
      version: SCHEMA_VERSION,
      attributes: attrs.map(schemaAttribute),
      block_types: [],
      description,
    });
    return {
      provider: { version: 0, block: block(PROVIDER_ATTRIBUTES, 'ClickHouse schema and access control, planned with the exact SQL.') },
      resource_schemas: Object.fromEntries(RESOURCE_TYPES.map((t) => [t.typeName, { version: SCHEMA_VERSION, block: block(allAttributes(t), t.description) }])),
      data_source_schemas: {},
      diagnostics: [],
      server_capabilities: { plan_destroy: true, get_provider_schema_optional: false, move_resource_state: false },
    };
  }

  async validateProviderConfig(): Promise<{ diagnostics: Diagnostic[] }> {
    return { diagnostics: [] };
  }

  async validateResourceConfig(req: ValidateResourceConfigRequest): Promise<{ diagnostics: Diagnostic[] }> {
    const type = resourceTypeByName(req.type_name);
    const config = fromDynamic(req.config) as TfObject | null;
    if (!config || containsUnknown(config)) return { diagnostics: [] };
    return { diagnostics: this.validate(type, config) };
  }

  private validate(type: ResourceType, config: TfObject): Diagnostic[] {
    const problems: Problem[] = validateSpec(type.toSpec(config));
    const policy = config.removal_policy;
    if (policy !== null && policy !== undefined && policy !== 'retain' && policy !== 'destroy')
      problems.push({ field: 'removal_policy', message: `must be "retain" or "destroy", got ${JSON.stringify(policy)}` });
    if (
      type.kind === 'user' &&
      str(config.auth_method) !== 'no_password' &&
      !str(config.password_env) &&
      (config.password_wo === null || config.password_wo === undefined)
    ) {
      problems.push({ field: 'password_env', message: 'set password_env (the variable holding the password where Terraform runs) or password_wo' });
    }
    return problems.map((p) => ({ ...errorDiagnostic(`${type.typeName}: ${p.field}: ${p.message}`), attribute: problemPath(p.field) }));
  }

  async upgradeResourceState(
    req: UpgradeResourceStateRequest,
  ): Promise<{ upgraded_state?: import('./protocol/dynamic-value').DynamicValue; diagnostics: Diagnostic[] }> {
    const type = resourceTypeByName(req.type_name);
    const raw = req.raw_state.json && req.raw_state.json.length ? (JSON.parse(Buffer.from(req.raw_state.json).toString('utf8')) as TfObject) : {};
    return { upgraded_state: toDynamic(complete(allAttributes(type), raw)), diagnostics: [] };
  }

  async configureProvider(req: ConfigureProviderRequest): Promise<{ diagnostics: Diagnostic[] }> {
    const config = (fromDynamic(req.config) as TfObject | null) ?? {};
    try {
      const s = resolveProviderSettings(config, this.env);
      this.settings = s;
      this.conn = connect({ url: s.url, username: s.username, password: s.password, requestTimeoutMs: s.requestTimeoutMs, attempts: 3, backoffMs: 250 });
      this.reader = new LiveReader(this.conn.query.bind(this.conn), { cluster: s.cluster });
      this.audit = new AuditLog(this.conn, s.revisions, { cluster: s.cluster });
      this.log(`configured for ${this.conn.host}${s.cluster ? ` cluster ${s.cluster}` : ''} (Terraform ${req.terraform_version})`);
      return { diagnostics: [] };
    } catch (err) {
      if (err instanceof ProviderConfigError) return { diagnostics: [errorDiagnostic(`ClickHouse provider: ${err.message}`, undefined, err.attribute)] };
      throw err;
    }
  }

  private ready(): { s: ProviderSettings; conn: Connection; reader: LiveReader; audit: AuditLog } {
    if (!this.settings || !this.conn || !this.reader || !this.audit) throw new Error('the ClickHouse provider is not configured');
    return { s: this.settings, conn: this.conn, reader: this.reader, audit: this.audit };
  }

  private diffOptions(allowDestructive: boolean): DiffOptions {
    const s = this.ready().s;
    return {
      ...(s.cluster ? { cluster: s.cluster } : {}),
      ...(s.accessOnCluster !== undefined ? { accessOnCluster: s.accessOnCluster } : {}),
      allowDestructive,
    };
  }

  // ---- facts beyond the snapshot -------------------------------------------------------------

  private async facts(spec: ObjectSpec, priorState: TfObject | null, password: string | undefined, snapshot: LiveSnapshot): Promise<EvaluateFacts> {
    const { s, reader } = this.ready();
    const facts: { -readonly [K in keyof EvaluateFacts]: EvaluateFacts[K] } = {};
    if (s.cluster !== undefined) facts.clusterDefined = snapshot.replicas !== undefined || (await reader.clusterIsDefined());
    // The password version applied, which the server cannot show: from the state.
    if (spec.kind === 'user' || spec.kind === 'dictionary') {
      const v = str(priorState?.password_version) ?? (spec.kind === 'dictionary' && priorState ? DEFAULT_SOURCE_PASSWORD_VERSION : undefined);
      if (v !== undefined) facts.passwordVersion = v;
    }
    if (spec.kind === 'user') {
      const live = snapshot.objects.get(objectId(spec)) as UserSpec | undefined;
      if (
        s.loginProbe &&
        live &&
        password &&
        spec.auth.method === 'sha256_hash' &&
        normalizeHosts(spec.hosts) === 'ANY' &&
        normalizeHosts(live.hosts) === 'ANY'
      ) {
        facts.passwordMatches = await this.probe(spec.name, password);
      }
    }
    return facts;
  }

  private probe(user: string, password: string): Promise<boolean> {
    let p = this.probes.get(user);
    if (!p) {
      p = probeLogin(this.ready().s.url, user, password);
      this.probes.set(user, p);
    }
    return p;
  }

  /** The password a user resource sets: the write-only value, or the variable password_env names. */
  private passwordOf(config: TfObject | null): string | undefined {
    if (!config) return undefined;
    const wo = str(config.password_wo);
    if (wo) return wo;
    const env = str(config.password_env);
    return env ? this.env[env] || undefined : undefined;
  }

  /** Adds access_storage_unavailable where the server cannot store this access change. */
  private async withAccessBlocks(spec: ObjectSpec, changes: Change[], opts: DiffOptions): Promise<Change[]> {
    if (!isAccessKind(spec.kind) || changes.length === 0) return changes;
    const { conn } = this.ready();
    this.storage ??= accessStorageInfo(conn.query.bind(conn));
    const why = accessBlockReason(await this.storage, opts, conn.host);
    if (why === undefined) return changes;
    return [
      ...changes,
      {
        object: objectId(spec),
        reason: 'access_storage_unavailable',
        detail: why,
        statements: [],
        inPlace: false,
        destructive: false,
        runnable: false,
        hint: 'point the provider at a server with local_directory or replicated access storage, or leave access objects out',
      },
    ];
  }

  private async changesFor(
    desiredCanon: ObjectSpec,
    snapshot: LiveSnapshot,
    priorState: TfObject | null,
    password: string | undefined,
    allowDestructive: boolean,
  ): Promise<Change[]> {
    const opts = this.diffOptions(allowDestructive);
    const changes = evaluateObject(desiredCanon, snapshot, opts, await this.facts(desiredCanon, priorState, password, snapshot));
    return this.withAccessBlocks(desiredCanon, changes, opts);
  }

  // ---- Read ----------------------------------------------------------------------------------

  async readResource(req: ReadResourceRequest): ReturnType<ProviderHandlers['readResource']> {
    try {
      return await this.read(req);
    } catch (err) {
      return {
        diagnostics: [
          errorDiagnostic(
            `${req.type_name}: ${describeError(
              err,
              [this.settings?.password ?? ''].filter((p) => p.length >= 4),
            )}`,
          ),
        ],
      };
    }
  }

  private async read(req: ReadResourceRequest) {
    const { reader } = this.ready();
    const type = resourceTypeByName(req.type_name);
    const prior = fromDynamic(req.current_state) as TfObject | null;
    if (!prior) return { new_state: toDynamic(null), diagnostics: [] };
    const priorSpec = type.toSpec(prior);
    const snapshot = await reader.snapshotFor(priorSpec);
    const id = objectId(priorSpec);
    const everywhere = snapshot.replicas ? snapshot.replicas.every((r) => !r.objects.some((o) => objectId(o) === id)) : !snapshot.objects.has(id);
    if (everywhere) {
      this.log(`read ${id}: not on the server: removed from state, the plan will create it`);
      return { new_state: toDynamic(null), diagnostics: [] };
    }
    const saved = decodePrivate(req.private, priorSpec);
    const canonPrior = saved && objectId(saved) === id ? saved : await reader.canonical(priorSpec);
    const password = this.passwordOf(prior);
    const allow = resolveMeta(prior).allowDestructive;
    let changes = await this.changesFor(canonPrior, snapshot, prior, password, allow);
    // The private canonical form may come from an older server that printed things differently.
    if (changes.length && saved) changes = await this.changesFor(await reader.canonical(priorSpec), snapshot, prior, password, allow);
    changes = changes.filter((c) => c.reason !== 'access_storage_unavailable' && c.reason !== 'cluster_missing');
    // In sync: the state as it was, to the byte. (Resetting even planned_sql here would read as a
    // change made outside Terraform wherever something refers to it, and make the plan unclean.)
    if (changes.length === 0) {
      // Unchanged, the state and private state go back as Terraform sent them (no re-encoding:
      // a no-change plan of 1000 tables reads 1000 of them).
      const fromSaved = canonPrior === saved;
      const newState = prior.drift ? toDynamic({ ...prior, drift: '' }) : req.current_state;
      return { new_state: newState, private: fromSaved ? req.private : encodePrivate(canonPrior, priorSpec), diagnostics: [] };
    }
    const live = snapshot.objects.get(id) ?? snapshot.replicas?.flatMap((r) => r.objects).find((o) => objectId(o) === id);
    this.log(`read ${id}: differs from state: ${describeReasons(changes)}`);
    return { new_state: toDynamic(mergeLive(type, prior, live!, changes)), private: new Uint8Array(), diagnostics: [] };
  }

  // ---- Plan ----------------------------------------------------------------------------------

  async planResourceChange(req: PlanResourceChangeRequest): ReturnType<ProviderHandlers['planResourceChange']> {
    try {
      return await this.plan(req);
    } catch (err) {
      return {
        diagnostics: [
          errorDiagnostic(
            `${req.type_name}: ${describeError(
              err,
              [this.settings?.password ?? ''].filter((p) => p.length >= 4),
            )}`,
          ),
        ],
      };
    }
  }

  private async plan(req: PlanResourceChangeRequest) {
    const type = resourceTypeByName(req.type_name);
    const prior = fromDynamic(req.prior_state) as TfObject | null;
    const proposed = fromDynamic(req.proposed_new_state) as TfObject | null;
    const config = fromDynamic(req.config) as TfObject | null;
    if (proposed === null || config === null) return this.planDestroy(type, prior);
    const meta = resolveMeta(config);
    if (containsUnknown(config)) {
      return {
        planned_state: toDynamic(
          buildState(type, plannedOwn(type, config, prior, []), meta, { id: UNKNOWN, planned_sql: UNKNOWN, planned_cost: UNKNOWN, drift: '' }),
        ),
        diagnostics: [],
      };
    }
    const invalid = this.validate(type, config);
    if (invalid.length) return { diagnostics: invalid };
    const { reader } = this.ready();
    const desired = type.toSpec(config);
    const metaChanged = prior !== null && (prior.removal_policy !== meta.removalPolicy || prior.allow_destructive !== meta.allowDestructive);
    // In sync with the state as refreshed, and config as applied: nothing to ask the server.
    if (prior && !prior.drift && sameOwn(type, config, prior) && str(prior.password_version) === str(config.password_version)) {
      return {
        planned_state: metaChanged ? toDynamic({ ...prior, removal_policy: meta.removalPolicy, allow_destructive: meta.allowDestructive }) : req.prior_state,
        planned_private: req.prior_private,
        diagnostics: [],
      };
    }
    const [canon, snapshot] = await Promise.all([reader.canonical(desired), reader.snapshotFor(desired)]);
    const changes = await this.changesFor(canon, snapshot, prior, this.passwordOf(config), meta.allowDestructive);
    const diagnostics: Diagnostic[] = [];
    const refused = refusedChanges(changes);
    if (refused.length) {
      const refusal = this.refusal(type, desired, refused, changes);
      if (!this.ready().s.holdRefused) return { diagnostics: [refusal] };
      // on_refused = hold: the plan goes on; apply holds this object back whole (nothing of it runs).
      diagnostics.push(
        warningDiagnostic(
          `${refusal.summary}: held back (on_refused = "hold"): its apply will fail and run nothing; objects that do not depend on it are applied`,
          refusal.detail,
        ),
      );
    }
    for (const c of changes.filter((x) => x.reportOnly))
      diagnostics.push(
        warningDiagnostic(`${type.typeName} ${idOf(desired)}: ${c.reason} (reported, not changed)`, `${c.detail}${c.hint ? `\n${c.hint}` : ''}`),
      );
    if (changes.length === 0 && prior) {
      // Nothing to run. A changed comparison rule (ignore_undeclared) is still recorded, by an
      // update without SQL that takes the config's attributes (what apply will write).
      if (Object.keys(changedRules(type, config, prior)).length) {
        const planned = buildState(type, plannedOwn(type, config, prior, []), meta, { id: idOf(desired), planned_sql: '', planned_cost: '', drift: '' });
        return { planned_state: toDynamic(planned), planned_private: encodePrivate(canon, desired), diagnostics };
      }
      const planned = { ...prior, removal_policy: meta.removalPolicy, allow_destructive: meta.allowDestructive };
      return { planned_state: toDynamic(metaChanged ? planned : prior), planned_private: req.prior_private, diagnostics };
    }
    // A create of an object that already exists and matches (a lost state, or another pipeline
    // created it): the plan shows the idempotent CREATE ... IF NOT EXISTS it would have run, which
    // changes nothing there. So the plan Terraform makes again right before applying agrees with
    // this one whether the object appeared in between or not; apply runs what is still needed:
    // here nothing, and records the adoption.
    let planChanges = changes;
    if (changes.length === 0) {
      diagnostics.push(
        warningDiagnostic(
          `${type.typeName} ${idOf(desired)} already exists and matches: it is adopted into the state (its CREATE ... IF NOT EXISTS changes nothing)`,
        ),
      );
      planChanges = evaluateObject(canon, { objects: new Map() }, this.diffOptions(meta.allowDestructive));
    }
    // Held back: the SQL it would run, commented out, under the reason (apply runs none of it).
    const sql = refused.length
      ? [
          `-- held back (on_refused = "hold"): ${describeReasons(refused)} refused, nothing of this object runs`,
          ...planSql(planChanges)
            .split('\n')
            .map((l) => `-- ${l}`),
        ].join('\n')
      : planSql(planChanges);
    // Mutations not done on a table the plan changes: its statements queue behind them, and the
    // table's parts are still being rewritten to an earlier change (from the snapshot's one read).
    const tableData = snapshot.data?.get(objectId(desired));
    if (tableData && tableData.pendingMutations > 0) {
      const listed = (tableData.pending ?? []).map(describeMutation);
      const more = tableData.pendingMutations - listed.length;
      diagnostics.push(
        warningDiagnostic(
          `${type.typeName} ${idOf(desired)}: ${tableData.pendingMutations} mutation(s) not done on the table`,
          `${[...listed, ...(more > 0 ? [`- and ${more} more`] : [])].join('\n')}\n` +
            'The planned statements run after them; a mutation that fails keeps failing until it is killed (KILL MUTATION), see system.mutations.',
        ),
      );
    }
    // The rows, bytes and parts a change touches go in a warning, not in planned_cost: Terraform
    // plans again right before applying and holds apply to the first plan's values, and a table
    // taking inserts would differ by then.
    const rebuild = planChanges.find((c) => c.reason === 'table_rebuild');
    if (rebuild && desired.kind === 'table') {
      const old = keptOldName(rebuild.statements.join('\n'), desired.name) ?? oldName(desired.name, new Date());
      diagnostics.push(
        warningDiagnostic(
          `${type.typeName} ${idOf(desired)}: rebuilt by copy (rebuild: 'copy')`,
          `${rebuild.detail}\n` +
            `Stop writes to the table until apply ends: rows written meanwhile make the counts differ, and the swap is refused. An interrupted apply resumes on the next one.\n` +
            `The old data stays as ${desired.database}.${old}: deploy never drops it; once the rebuilt table is confirmed, DROP TABLE ${qualified(desired.database, old)} SYNC`,
        ),
      );
    }
    if (planChanges.some((c) => c.cost && c.cost.class !== 'metadata'))
      diagnostics.push(warningDiagnostic(`${type.typeName} ${idOf(desired)}: what the planned change costs on the server`, planCost(planChanges)));
    const planned = buildState(type, plannedOwn(type, config, prior, changes), meta, {
      id: idOf(desired),
      planned_sql: sql,
      planned_cost: planCost(planChanges, false),
      drift: '',
    });
    return { planned_state: toDynamic(planned), planned_private: encodePrivate(canon, desired), diagnostics };
  }

  private refusal(type: ResourceType, spec: ObjectSpec, refused: readonly Change[], all: readonly Change[] = refused): Diagnostic {
    const listed = refused.map((c) => `- ${c.reason}${c.host ? ` on ${c.host}` : ''}: ${c.detail}${c.hint ? `\n  ${c.hint}` : ''}`).join('\n');
    const optIn = refused.some((c) => c.destructive || (c.statements.length > 0 && !c.inPlace))
      ? '\nNothing destructive runs by default. Allow destructive changes for this object (allowDestructive / allow_destructive), or change the configuration to match the server.'
      : '';
    const others = runnableStatements(all).length ? `\nThe other statements planned for it (not run while a change is refused):\n${planSql(all)}` : '';
    return errorDiagnostic(`${type.typeName} ${idOf(spec)}: ${refused.length} change(s) refused`, `${listed}${optIn}${others}`);
  }

  private async planDestroy(type: ResourceType, prior: TfObject | null) {
    if (!prior) return { planned_state: toDynamic(null), diagnostics: [] };
    const meta = resolveMeta(prior);
    const spec = type.toSpec(prior);
    if (meta.removalPolicy === 'retain') {
      return {
        planned_state: toDynamic(null),
        diagnostics: [
          warningDiagnostic(`${type.typeName} ${idOf(spec)}: removal policy retain: Terraform forgets it, the object stays on the server (no SQL)`),
        ],
      };
    }
    const held = await this.heldBy(spec);
    if (!mayLoseData(meta.allowDestructive, held)) return { diagnostics: [this.dropRefusal(type, spec, held)] };
    return { planned_state: toDynamic(null), diagnostics: [] };
  }

  private dropRefusal(type: ResourceType, spec: ObjectSpec, held: { rows: number; bytes: number }): Diagnostic {
    return errorDiagnostic(
      `${type.typeName} ${idOf(spec)}: refusing to drop ${spec.kind === 'database' ? 'a database whose tables hold' : 'a table that holds'} ${held.rows.toLocaleString('en-US')} row(s), ${formatBytes(held.bytes)}`,
      'Set allowDestructive on the construct (allow_destructive) to drop it with its data, or set the removal policy to retain.',
    );
  }

  /** Rows and bytes a table (or all tables of a database) holds: system.tables' totals, which every engine that counts fills. */
  private async heldBy(spec: ObjectSpec): Promise<{ rows: number; bytes: number }> {
    if (spec.kind !== 'table' && spec.kind !== 'database') return { rows: 0, bytes: 0 };
    // A Null table keeps nothing; a Buffer table counts its destination's rows, and DROP flushes
    // what it buffers into that destination: dropping either loses no row.
    if (spec.kind === 'table' && (spec.engine.name === 'Null' || spec.engine.name === 'Buffer')) return { rows: 0, bytes: 0 };
    const { conn } = this.ready();
    const where = spec.kind === 'table' ? 'database = {db:String} AND name = {t:String}' : 'database = {db:String}';
    const [row] = await conn.query<{ n: string | number; b: string | number }>(
      `SELECT sum(ifNull(total_rows, 0)) AS n, sum(ifNull(total_bytes, 0)) AS b FROM system.tables WHERE ${where}`,
      { db: spec.kind === 'table' ? spec.database : spec.name, ...(spec.kind === 'table' ? { t: spec.name } : {}) },
    );
    return { rows: Number(row?.n ?? 0), bytes: Number(row?.b ?? 0) };
  }

  // ---- Apply ---------------------------------------------------------------------------------

  async applyResourceChange(req: ApplyResourceChangeRequest): ReturnType<ProviderHandlers['applyResourceChange']> {
    const type = resourceTypeByName(req.type_name);
    const prior = fromDynamic(req.prior_state) as TfObject | null;
    const planned = fromDynamic(req.planned_state) as TfObject | null;
    const config = fromDynamic(req.config) as TfObject | null;
    const secrets = [this.passwordOf(config), this.settings?.password].filter((x): x is string => Boolean(x && x.length >= 4));
    try {
      return planned === null ? await this.applyDestroy(type, prior) : await this.applyChange(type, prior, planned, config, req.planned_private);
    } catch (err) {
      // The object is left as the state says: the next plan reads the server and shows what is still different.
      const what = prior ? type.toSpec(prior) : planned ? type.toSpec(planned) : undefined;
      return { new_state: toDynamic(prior), diagnostics: [errorDiagnostic(`${type.typeName}${what ? ` ${idOf(what)}` : ''}: ${describeError(err, secrets)}`)] };
    }
  }

  /**
   * A create of a schema object the plan's snapshot (read moments ago, in this process, by the
   * plan Terraform makes right before applying) does not hold: what to run needs no read of the
   * server, since every CREATE is IF NOT EXISTS and the read after apply verifies the result. The
   * canonical form of the desired object is the plan's private state. Undefined: read first.
   */
  private async createWithoutRead(prior: TfObject | null, desired: ObjectSpec, plannedPrivate: Uint8Array | undefined): Promise<ObjectSpec | undefined> {
    if (prior !== null || isAccessKind(desired.kind)) return undefined;
    const { reader } = this.ready();
    const snapshot = await reader.snapshotFor(desired);
    if (snapshot.replicas || snapshot.objects.has(objectId(desired))) return undefined;
    return decodePrivate(plannedPrivate, desired) ?? (await reader.canonical(desired));
  }

  private async applyChange(type: ResourceType, prior: TfObject | null, planned: TfObject, config: TfObject | null, plannedPrivate?: Uint8Array) {
    const { reader, s } = this.ready();
    const meta = resolveMeta(config);
    const desired = type.toSpec(config ?? planned);
    const id = objectId(desired);
    const password = this.passwordOf(config);
    const secrets = [password, s.password].filter((x): x is string => Boolean(x && x.length >= 4));
    const keep = { new_state: toDynamic(prior), diagnostics: [] as Diagnostic[] };

    const canonCreate = await this.createWithoutRead(prior, desired, plannedPrivate);
    const before: FreshRead = canonCreate ? { desired: canonCreate, live: { objects: new Map() } } : await reader.fresh(desired);
    const changes = await this.changesFor(before.desired, before.live, prior, password, meta.allowDestructive);
    const refused = refusedChanges(changes);
    if (refused.length) {
      const refusal = this.refusal(type, desired, refused, changes);
      const held = s.holdRefused ? { ...refusal, summary: `${refusal.summary}: held back (on_refused = "hold"), nothing of it ran` } : refusal;
      this.log(`apply ${id}: ${held.summary}`);
      return { ...keep, diagnostics: [held] };
    }
    const statements = deployStatements(changes);
    const plannedSql = typeof planned.planned_sql === 'string' ? planned.planned_sql : undefined;
    const rebuild = changes.find((c) => c.reason === 'table_rebuild' && c.runnable);
    if (rebuild && desired.kind === 'table' && before.desired.kind === 'table') {
      return this.applyRebuild(type, before.desired, before.live.objects.get(id) as TableSpec, { prior, planned, config, plannedSql, changes, password });
    }
    if (plannedSql !== undefined) {
      const shown = new Set(plannedSql.split(';\n').map((x) => x.replace(/;$/, '')));
      const unplanned = statements.filter((x) => !shown.has(x));
      if (unplanned.length) {
        return {
          ...keep,
          diagnostics: [
            errorDiagnostic(
              `${type.typeName} ${idOf(desired)}: the server changed since the plan`,
              `Apply would now have to run statements the plan did not show:\n${unplanned.join(';\n')};\nNothing was run. Plan again.`,
            ),
          ],
        };
      }
    }
    // Mutations: what the table's statements start is followed to its end (bounded), see sql/live/mutations.
    const table = desired.kind === 'table' && statements.some(mayStartMutation) ? desired : undefined;
    const run = await this.runStatements(type, desired, prior, statements, password, secrets, table);
    if ('failure' in run) return { ...keep, diagnostics: [run.failure] };
    const { ran } = run;
    const diagnostics: Diagnostic[] = [];
    if (table && run.mutationsBefore) {
      const followed = await this.followMutations(type, desired, prior, table, run.mutationsBefore, ran);
      if ('failure' in followed) return { ...keep, diagnostics: [followed.failure] };
      diagnostics.push(...followed.warnings);
    }
    // Verify: the object must now be as declared (a CREATE ... IF NOT EXISTS does nothing for a
    // name that is taken, e.g. by a detached table).
    const after = ran.length ? await reader.fresh(desired) : before;
    reader.remember(desired, after.live);
    // Against the planned state's facts once statements ran: they set its password version.
    const left = (await this.changesFor(after.desired, after.live, ran.length || !prior ? planned : prior, password, meta.allowDestructive)).filter(
      (c) => !c.reportOnly && c.reason !== 'password_mismatch',
    );
    if (left.length) {
      return {
        ...keep,
        diagnostics: [
          errorDiagnostic(
            `${type.typeName} ${idOf(desired)}: still differs after apply: ${describeReasons(left)}`,
            `${left.map((c) => `- ${c.reason}: ${c.detail}`).join('\n')}\n${ran.length ? `Ran:\n${ran.join(';\n')};` : 'Nothing needed to run, yet the server does not match.'}`,
          ),
        ],
      };
    }
    // Recorded: every change that ran SQL, and every adoption (an existing object entering the state).
    const newState = await this.appliedState(type, desired, { prior, planned, config, changes, plannedSql }, statements, ran, ran.length > 0 || prior === null);
    this.log(`apply ${id}: ${ran.length} statement(s)`);
    return { new_state: toDynamic(newState), private: encodePrivate(after.desired, desired), diagnostics };
  }

  /**
   * Runs an apply's statements in order. On a failure: the object's cached read is dropped, what
   * ran is put in the audit record, and the diagnostic says what ran, what failed, what did not run
   * and which mutations the table started meanwhile. `table`: the table whose mutations are
   * followed (its mutation ids are read before the first statement).
   */
  private async runStatements(
    type: ResourceType,
    desired: ObjectSpec,
    prior: TfObject | null,
    statements: readonly string[],
    password: string | undefined,
    secrets: readonly string[],
    table: TableSpec | undefined,
  ): Promise<{ ran: string[]; mutationsBefore?: Set<string> } | { failure: Diagnostic }> {
    const { reader, conn } = this.ready();
    const query = conn.query.bind(conn);
    const mutationsBefore = table ? await mutationIds(query, table.database, table.name) : undefined;
    const ran: string[] = [];
    try {
      for (const statement of statements) {
        await this.exec(statement, password, table && mayStartMutation(statement) ? asyncMutationSettings(table.engine.name, statement) : undefined);
        ran.push(statement);
      }
    } catch (err) {
      reader.invalidate(desired);
      const msg = describeError(err, [...secrets]);
      const failed = statements[ran.length];
      const started = table && mutationsBefore ? await mutationsSince(query, table.database, table.name, mutationsBefore).catch(() => []) : [];
      // A multi-command ALTER TABLE is validated whole: when the server refused it (rather than
      // failing the mutation it waited for: UNFINISHED), none of its commands took effect.
      const whole =
        splitAlterHead(failed) !== undefined && hasServerErrorCode(err) && errorCode(err) !== UNFINISHED
          ? ' (refused by the server as a whole: none of its commands took effect)'
          : '';
      const lines = [
        ran.length ? `Ran before the failure:\n${ran.join(';\n')};` : 'Nothing ran before the failure.',
        `Failed${whole}:\n${failed};`,
        ...(statements.length > ran.length + 1 ? [`Not run:\n${statements.slice(ran.length + 1).join(';\n')};`] : []),
        ...(started.length ? [`Mutations started on the table since apply began:\n${started.map(describeMutation).join('\n')}`] : []),
        'The next plan shows what is still different.',
      ];
      await this.recordPartial(objectId(desired), desired, prior, ran);
      return { failure: errorDiagnostic(`${type.typeName} ${idOf(desired)}: ${msg}`, lines.join('\n')) };
    }
    return { ran, ...(mutationsBefore ? { mutationsBefore } : {}) };
  }

  /**
   * Waits (bounded by mutation_timeout_seconds) for the mutations the statements started on
   * `table`: a failed one is an error (with the KILL MUTATION to stop ClickHouse retrying it),
   * ones still running are a warning.
   */
  private async followMutations(
    type: ResourceType,
    desired: ObjectSpec,
    prior: TfObject | null,
    table: TableSpec,
    mutationsBefore: Set<string>,
    ran: readonly string[],
  ): Promise<{ warnings: Diagnostic[] } | { failure: Diagnostic }> {
    const { reader, conn, s } = this.ready();
    const id = objectId(desired);
    const wait = await waitForMutations(conn.query.bind(conn), table.database, table.name, mutationsBefore, {
      timeoutMs: s.mutationTimeoutMs,
      log: (line) => this.log(`apply ${id}: ${line}`),
    });
    const kill = (m: MutationStatus) =>
      `KILL MUTATION WHERE database = ${quoteString(table.database)} AND table = ${quoteString(table.name)} AND mutation_id = ${quoteString(m.id)}`;
    if (wait.failed.length) {
      reader.invalidate(desired);
      await this.recordPartial(id, desired, prior, ran);
      return {
        failure: errorDiagnostic(
          `${type.typeName} ${idOf(desired)}: mutation ${wait.failed.map((m) => m.id).join(', ')} failed on the server`,
          `Ran:\n${ran.join(';\n')};\nThe table's definition changed, but rewriting its parts fails:\n${wait.failed.map(describeMutation).join('\n')}\n` +
            `ClickHouse retries a failing mutation until it is killed (${wait.failed.map(kill).join('; ')}): fix the data or the declaration, then deploy again. The next plan lists it as pending.`,
        ),
      };
    }
    if (wait.running.length)
      return {
        warnings: [
          warningDiagnostic(
            `${type.typeName} ${idOf(desired)}: ${wait.running.length} mutation(s) still running after ${Math.round(wait.waitedMs / 1000)} s (mutation_timeout_seconds)`,
            `The statements ran; ClickHouse goes on rewriting the parts in the background:\n${wait.running.map(describeMutation).join('\n')}\n` +
              `Follow them in system.mutations; to stop one: ${kill(wait.running[0])}. A plan meanwhile lists them as pending.`,
          ),
        ],
      };
    if (wait.started.length) this.log(`apply ${id}: mutation(s) ${wait.started.map((m) => m.id).join(', ')} done in ${Math.round(wait.waitedMs / 1000)} s`);
    return { warnings: [] };
  }

  /**
   * The state an apply leaves (the plan's values; planned_sql as planned, or what `statements`
   * would show), put in the audit record when `record` (and the stack records revisions).
   */
  private async appliedState(
    type: ResourceType,
    desired: ObjectSpec,
    a: { prior: TfObject | null; planned: TfObject; config: TfObject | null; changes: Change[]; plannedSql: string | undefined },
    statements: readonly string[],
    ran: readonly string[],
    record: boolean,
  ): Promise<TfObject> {
    const { audit, s } = this.ready();
    const id = objectId(desired);
    const newState = buildState(type, plannedOwn(type, a.config ?? a.planned, a.prior, a.changes), resolveMeta(a.config), {
      id: idOf(desired),
      planned_sql: a.plannedSql ?? statements.map((x) => `${x};`).join('\n'),
      // As planned (Terraform holds apply to the plan's values); computed now only where the plan could not know it.
      planned_cost: typeof a.planned.planned_cost === 'string' || a.planned.planned_cost === null ? a.planned.planned_cost : planCost(a.changes, false),
      drift: '',
    });
    if (s.recordRevisions && record) {
      const revision = createHash('sha256')
        .update(`${id}\n${ran.join('\n')}\n${Date.now()}`)
        .digest('hex')
        .slice(0, 16);
      await audit.record({ stack: s.stack, object: id, revision, attributes: { ...newState }, spec: desired, statements: [...ran] });
    }
    return newState;
  }

  /**
   * A table rebuilt by copy (rebuild: 'copy'): runs sql/live/rebuild (which resumes what an
   * interrupted run left), then verifies and records like any apply. The plan must have shown the
   * rebuild; the kept-old table's name is the one the plan showed.
   */
  private async applyRebuild(
    type: ResourceType,
    desired: TableSpec,
    live: TableSpec,
    a: { prior: TfObject | null; planned: TfObject; config: TfObject | null; plannedSql: string | undefined; changes: Change[]; password: string | undefined },
  ) {
    const { reader, s } = this.ready();
    const id = objectId(desired);
    const keep = { new_state: toDynamic(a.prior), diagnostics: [] as Diagnostic[] };
    const shadow = `${qualified(desired.database, shadowName(desired.name))}`;
    if (a.plannedSql !== undefined && !a.plannedSql.includes(shadow)) {
      return {
        ...keep,
        diagnostics: [
          errorDiagnostic(
            `${type.typeName} ${idOf(desired)}: the server changed since the plan`,
            'Apply would now have to rebuild the table, which the plan did not show. Nothing was run. Plan again.',
          ),
        ],
      };
    }
    // The kept-old name the plan showed (its RENAME TABLE ... TO `db`.`<name>__chx_old_...`).
    const old = keptOldName(a.plannedSql ?? '', desired.name) ?? oldName(desired.name, new Date());
    const stopAfter = Number(this.env.CHX_TEST_REBUILD_STOP_AFTER ?? 0);
    let result: RebuildResult;
    const copier = connect({
      url: s.url,
      username: s.username,
      password: s.password,
      requestTimeoutMs: Math.max(s.requestTimeoutMs, REBUILD_STATEMENT_TIMEOUT_MS),
      attempts: 1,
    });
    try {
      result = await runRebuild(copier.query.bind(copier), desired, live, {
        oldName: old,
        // Copies and the swap on a connection of their own: a partition's INSERT ... SELECT may take
        // far longer than a DDL, and is never retried (a retry after a timeout could insert twice:
        // the next apply's resume clears a partition whose counts differ).
        exec: (statement) => copier.exec(statement),
        log: (line) => this.log(`apply ${id}: ${line}`),
        ...(stopAfter > 0
          ? {
              afterPartition: (copied: number) => {
                if (copied < stopAfter) return;
                // Test only: an interruption in the middle of the copy (exit: as if the process were killed).
                if (this.env.CHX_TEST_REBUILD_STOP_MODE === 'throw') throw rebuildStopped(idOf(desired), copied);
                this.log(`apply ${id}: CHX_TEST_REBUILD_STOP_AFTER=${stopAfter}: exiting`);
                process.exit(70);
              },
            }
          : {}),
      });
    } catch (err) {
      await copier.close();
      reader.invalidate(desired);
      return {
        ...keep,
        diagnostics: [
          errorDiagnostic(
            `${type.typeName} ${idOf(desired)}: the rebuild did not finish: ${describeError(
              err,
              [s.password ?? ''].filter((p) => p.length >= 4),
            )}`,
            `The table was not swapped: it is as it was. The shadow table ${shadow} keeps what was copied; the next apply resumes (partitions whose row counts match are kept).`,
          ),
        ],
      };
    }
    await copier.close();
    const after = await reader.fresh(desired);
    reader.remember(desired, after.live);
    const meta = resolveMeta(a.config);
    const left = (await this.changesFor(after.desired, after.live, a.prior ?? a.planned, a.password, meta.allowDestructive)).filter((c) => !c.reportOnly);
    if (left.length)
      return {
        ...keep,
        diagnostics: [
          errorDiagnostic(
            `${type.typeName} ${idOf(desired)}: still differs after the rebuild: ${describeReasons(left)}`,
            `${left.map((c) => `- ${c.reason}: ${c.detail}`).join('\n')}\nRan:\n${result.ran.join(';\n')};`,
          ),
        ],
      };
    const newState = await this.appliedState(type, desired, a, result.ran, result.ran, true);
    const keptAs = result.kept ?? old;
    this.log(`apply ${id}: rebuilt (${result.copied} partition(s) copied, ${result.skipped} kept from an earlier run, ${result.rows} row(s))`);
    return {
      new_state: toDynamic(newState),
      private: encodePrivate(after.desired, desired),
      diagnostics: [
        warningDiagnostic(
          `${type.typeName} ${idOf(desired)}: rebuilt; the old data is kept as ${desired.database}.${keptAs}`,
          `${result.copied} partition(s) copied, ${result.skipped} kept from an earlier run; ${result.rows.toLocaleString('en-US')} row(s), counts verified per partition.\n` +
            `Deploy never drops it. Once the rebuilt table is confirmed: DROP TABLE ${qualified(desired.database, keptAs)} SYNC`,
        ),
      ],
    };
  }

  /**
   * Statements that ran before apply failed go in the audit record too (revision 'partial', the
   * state's attributes as they stay), so it says exactly what ran. Best effort: a failure to
   * record never hides the failure being reported.
   */
  private async recordPartial(id: string, spec: ObjectSpec, prior: TfObject | null, ran: readonly string[]): Promise<void> {
    const { s, audit } = this.ready();
    if (!s.recordRevisions || ran.length === 0) return;
    try {
      await audit.record({ stack: s.stack, object: id, revision: 'partial', attributes: { ...(prior ?? {}) }, spec, statements: ran });
    } catch (err) {
      this.log(`apply ${id}: could not record the statements that ran in the audit record: ${(err as Error).message}`);
    }
  }

  private async exec(statement: string, password: string | undefined, settings?: Readonly<Record<string, number>>): Promise<void> {
    const { conn } = this.ready();
    if (hasSecretPlaceholder(statement)) {
      const env = { ...this.env, ...(password ? { [WRITE_ONLY_PASSWORD]: password } : {}) };
      const resolved = resolveSecrets(statement, env);
      try {
        await conn.exec(resolved, undefined, statement);
      } catch (err) {
        // A server error may echo the statement: keep hashes, salts and plain passwords (a dictionary source's) out of the message.
        (err as Error).message = redact((err as Error).message.replace(/[0-9a-fA-F]{32,}/g, '[redacted]'), placeholderSecrets(statement, env));
        throw err;
      }
      return;
    }
    if (isOnCluster(statement)) await execOnCluster(conn, statement);
    else await conn.exec(statement, undefined, undefined, settings);
  }

  private async applyDestroy(type: ResourceType, prior: TfObject | null) {
    if (!prior) return { new_state: toDynamic(null), diagnostics: [] };
    const meta = resolveMeta(prior);
    const spec = type.toSpec(prior);
    if (meta.removalPolicy === 'retain') {
      this.log(`delete ${objectId(spec)}: retained (removal policy retain), forgotten by Terraform`);
      return { new_state: toDynamic(null), diagnostics: [] };
    }
    const held = await this.heldBy(spec);
    if (!mayLoseData(meta.allowDestructive, held)) return { new_state: toDynamic(prior), diagnostics: [this.dropRefusal(type, spec, held)] };
    const opts = this.diffOptions(meta.allowDestructive);
    for (const statement of renderDrop(spec, opts)) await this.exec(statement, undefined);
    this.ready().reader.invalidate(spec);
    const { s, audit } = this.ready();
    if (s.recordRevisions)
      await audit.record({ stack: s.stack, object: objectId(spec), revision: 'dropped', attributes: {}, spec, statements: renderDrop(spec, opts) });
    return { new_state: toDynamic(null), diagnostics: [] };
  }

  // ---- Import --------------------------------------------------------------------------------

  async importResourceState(req: ImportResourceStateRequest): ReturnType<ProviderHandlers['importResourceState']> {
    try {
      return await this.importState(req);
    } catch (err) {
      return {
        imported_resources: [],
        diagnostics: [
          errorDiagnostic(
            `${req.type_name}: ${describeError(
              err,
              [this.settings?.password ?? ''].filter((p) => p.length >= 4),
            )}`,
          ),
        ],
      };
    }
  }

  private async importState(req: ImportResourceStateRequest) {
    const type = resourceTypeByName(req.type_name);
    const { reader } = this.ready();
    let identity: ObjectSpec;
    try {
      identity = type.identityFromImportId(req.id) as unknown as ObjectSpec;
    } catch (err) {
      return { imported_resources: [], diagnostics: [errorDiagnostic(`${type.typeName}: ${(err as Error).message}`)] };
    }
    const live = await reader.readNow(identity);
    const obj = live.objects.get(objectId(identity));
    if (!obj)
      return {
        imported_resources: [],
        diagnostics: [errorDiagnostic(`${type.typeName}: cannot import "${req.id}": no such object on ${this.ready().conn.host}`)],
      };
    const state = buildState(type, type.fromSpec(obj as never), resolveMeta(null), { id: idOf(obj), planned_sql: '', planned_cost: '', drift: '' });
    return { imported_resources: [{ type_name: type.typeName, state: toDynamic(state), private: encodePrivate(obj, type.toSpec(state)) }], diagnostics: [] };
  }

  async stop(): Promise<void> {
    this.log('stop requested');
  }

  async close(): Promise<void> {
    await this.conn?.close();
  }
}
