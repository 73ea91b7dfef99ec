// The project's Terraform provider driven in-process, as Terraform would drive it (configure,
// plan, apply, read), for tests about what the provider decides and does. The protocol itself is
// tested over gRPC in test/integration/provider-grpc.test.ts, and with Terraform in test/e2e.
import { ClickHouseProvider } from '../../provider/clickhouse-provider';
import { fromDynamic, TfObject, toDynamic } from '../../provider/protocol/dynamic-value';
import { Diagnostic } from '../../provider/protocol/messages';
import { resourceTypeOf } from '../../provider/resources';
import { complete } from '../../provider/schema/attributes';
import { allAttributes } from '../../provider/state';
import { ObjectSpec } from '../../sql/spec/model';

export interface ProviderRun {
  /** The planned state (undefined when the plan failed). */
  readonly planned?: TfObject | null;
  /** The state after apply (undefined when not applied). */
  readonly state?: TfObject | null;
  readonly private?: Uint8Array;
  readonly diagnostics: Diagnostic[];
}

export interface TestProvider {
  readonly provider: ClickHouseProvider;
  /** Plans `spec` over `prior` (null: create) and, when the plan has no error, applies it. */
  converge(
    spec: ObjectSpec,
    prior?: TfObject | null,
    meta?: { removal_policy?: string; allow_destructive?: boolean; password_wo?: string },
  ): Promise<ProviderRun>;
  /** Plan only. */
  plan(spec: ObjectSpec, prior?: TfObject | null, meta?: { removal_policy?: string; allow_destructive?: boolean }): Promise<ProviderRun>;
  read(spec: ObjectSpec, state: TfObject, priv?: Uint8Array): Promise<ProviderRun>;
  close(): Promise<void>;
}

/** The resource configuration Terraform would send for `spec` (what the constructs synthesize). */
export function configOf(spec: ObjectSpec, meta: Record<string, unknown> = {}): TfObject {
  const type = resourceTypeOf(spec.kind);
  return complete(allAttributes(type), { ...type.fromSpec(spec as never), ...(meta as TfObject) });
}

export async function startProvider(
  config: Record<string, unknown>,
  env: NodeJS.ProcessEnv = process.env,
  log: (line: string) => void = () => undefined,
): Promise<TestProvider> {
  const provider = new ClickHouseProvider(env, log);
  const conf = await provider.configureProvider({ terraform_version: '1.11.4', config: toDynamic(config as TfObject) });
  if (conf.diagnostics.length) throw new Error(`configure failed: ${conf.diagnostics.map((d) => `${d.summary} ${d.detail ?? ''}`).join('; ')}`);
  const plan = async (spec: ObjectSpec, prior: TfObject | null = null, meta: Record<string, unknown> = {}): Promise<ProviderRun> => {
    const type = resourceTypeOf(spec.kind);
    const config = configOf(spec, meta);
    const res = await provider.planResourceChange({
      type_name: type.typeName,
      prior_state: toDynamic(prior),
      proposed_new_state: toDynamic(config),
      config: toDynamic(config),
      prior_private: new Uint8Array(),
    });
    return {
      ...(res.planned_state ? { planned: fromDynamic(res.planned_state) as TfObject | null } : {}),
      ...(res.planned_private ? { private: res.planned_private } : {}),
      diagnostics: res.diagnostics,
    };
  };
  return {
    provider,
    plan,
    async converge(spec, prior = null, meta = {}) {
      const planned = await plan(spec, prior, meta);
      if (planned.planned === undefined || planned.diagnostics.some((d) => d.severity === 1)) return planned;
      const type = resourceTypeOf(spec.kind);
      const res = await provider.applyResourceChange({
        type_name: type.typeName,
        prior_state: toDynamic(prior),
        planned_state: toDynamic(planned.planned),
        config: toDynamic(configOf(spec, meta)),
        planned_private: planned.private ?? new Uint8Array(),
      });
      return {
        planned: planned.planned,
        state: fromDynamic(res.new_state ?? null) as TfObject | null,
        ...(res.private ? { private: res.private } : {}),
        diagnostics: [...planned.diagnostics, ...res.diagnostics],
      };
    },
    async read(spec, state, priv) {
      const res = await provider.readResource({
        type_name: resourceTypeOf(spec.kind).typeName,
        current_state: toDynamic(state),
        private: priv ?? new Uint8Array(),
      });
      return { state: fromDynamic(res.new_state ?? null) as TfObject | null, ...(res.private ? { private: res.private } : {}), diagnostics: res.diagnostics };
    },
    close: () => provider.close(),
  };
}

/** Error diagnostics as one text (summary and detail), for assertions. */
export function errorsOf(run: ProviderRun): string {
  return run.diagnostics
    .filter((d) => d.severity === 1)
    .map((d) => `${d.summary}\n${d.detail ?? ''}`)
    .join('\n');
}
