// Base of every ClickHouse object construct: validates its spec at construction (before any
// server is touched), registers with its stack, and becomes one Terraform resource whose
// triggers carry the object's drift and whose provisioner runs the apply command.
import { Lazy, TerraformResource } from 'cdktf';
import { Construct } from 'constructs';
import { ClickHouseStack } from './clickhouse-stack';
import { createExecutorResource } from './executor';
import { throwIfProblems } from './errors';
import { ObjectSpec, objectId } from '../sql/spec/model';
import { validateSpec } from '../sql/spec/validate-spec';

export type RemovalPolicy = 'retain' | 'destroy';

export interface ClickHouseObjectProps {
  /** What happens on the server when this construct is removed from the stack. @default 'retain' */
  readonly removalPolicy?: RemovalPolicy;
}

/** Terraform reads "${" and "%{" in strings as templates; SQL may contain them literally. */
export function escapeTemplate(value: string): string {
  return value.replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{');
}

function encode(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64');
}

export abstract class ClickHouseObject extends Construct {
  readonly spec: ObjectSpec;
  readonly resource: TerraformResource;
  readonly removalPolicy: RemovalPolicy;
  protected readonly stack: ClickHouseStack;

  protected constructor(scope: Construct, id: string, spec: ObjectSpec, props: ClickHouseObjectProps = {}) {
    super(scope, id);
    throwIfProblems(this, validateSpec(spec));
    this.spec = spec;
    this.stack = ClickHouseStack.of(this);
    this.stack.register(this);
    this.removalPolicy = props.removalPolicy ?? 'retain';

    const settings = this.stack.settings;
    const applyEnv = (extra: Record<string, string>) => ({
      CHX_STACK: settings.stack,
      CHX_SPEC: encode(spec),
      CHX_SETTINGS: encode(settings),
      CHX_PATH: this.node.path,
      ...extra,
    });
    const cli = `node "${this.stack.projectPathFromStackDir()}/dist/cli/apply.js"`;
    this.resource = createExecutorResource(this, 'resource', {
      kind: this.stack.executor,
      triggers: Lazy.anyValue({ produce: () => this.triggerValues() }),
      command: `${cli} apply`,
      environment: Lazy.anyValue({ produce: () => applyEnv({ CHX_TRIGGERS: encode(this.stack.planFor(this).triggers), ...this.progressEnv() }) }),
    });
    if (this.removalPolicy === 'destroy') {
      // A separate resource whose triggers never change: terraform replaces the main resource on
      // every drift fix, and a destroy provisioner there would drop the object each time.
      createExecutorResource(this, 'removal', {
        kind: this.stack.executor,
        triggers: { object: objectId(spec), removal_policy: 'destroy' },
        destroyCommand: { command: `${cli} destroy`, environment: applyEnv({}) },
      });
    }
  }

  /** Objects this one needs to exist first (depends_on). */
  addDependency(...others: ClickHouseObject[]): void {
    for (const o of others) {
      const deps = this.resource.dependsOn ?? [];
      // Plain "type.name": depends_on takes static references, not interpolations.
      const fqn = `${o.resource.terraformResourceType}.${o.resource.friendlyUniqueId}`;
      if (!deps.includes(fqn)) this.resource.dependsOn = [...deps, fqn];
    }
  }

  /** Position in the stack's object order, for the apply command's "[3/9]" progress prefix. */
  private progressEnv(): Record<string, string> {
    const all = this.stack.clickhouseObjects;
    return { CHX_INDEX: String(all.indexOf(this) + 1), CHX_TOTAL: String(all.length) };
  }

  private triggerValues(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(this.stack.planFor(this).triggers)) out[k] = escapeTemplate(v);
    return out;
  }
}
