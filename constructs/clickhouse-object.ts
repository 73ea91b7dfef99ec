// Base of every ClickHouse object construct: validates its spec at construction (before any
// server is touched), registers with its stack, and becomes one resource of the ClickHouse
// Terraform provider, whose attributes the provider's resource type derives from the spec.
import { Construct } from 'constructs';
import { ClickHouseStack } from './clickhouse-stack';
import { throwIfProblems } from './errors';
import { ClickHouseTerraformResource } from './l1';
import { ObjectSpec } from '../sql/spec/model';
import { validateSpec } from '../sql/spec/validate-spec';
import { resourceTypeOf } from '../provider/resources';
import { allAttributes, idOf } from '../provider/state';
import type { RemovalPolicy } from '../provider/resources/resource-type';
import { linkDictionaryDependencies } from './dictionary-dependencies';

export type { RemovalPolicy };

export interface ClickHouseObjectProps {
  /**
   * What deploy does on the server when this construct is removed from the stack: 'retain'
   * forgets it (Terraform's "will no longer be managed"), 'destroy' drops it (a table that holds
   * rows only with allowDestructive). @default 'retain'
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * Let deploy run destructive statements for this object (DROP COLUMN, narrowing types, dropping
   * it with rows). Not needed where nothing is lost: a table the plan reads as empty (no rows in
   * system.parts) may be dropped, and have a column dropped or its type narrowed, without it.
   * @default the stack's allowDestructive
   */
  readonly allowDestructive?: boolean;
  /** Adopt the existing object with a Terraform import block (it must exist on the server). @default the stack's adoptExisting */
  readonly adopt?: boolean;
  /**
   * Objects to deploy before this one (depends_on), beyond those the construct knows of (its
   * database, a view's tables, the dictionaries a table's columns call, a dictionary's source
   * table, which are added by themselves). @default []
   */
  readonly dependsOn?: readonly ClickHouseObject[];
}

export abstract class ClickHouseObject extends Construct {
  readonly spec: ObjectSpec;
  readonly resource: ClickHouseTerraformResource;
  readonly removalPolicy: RemovalPolicy;
  protected readonly stack: ClickHouseStack;

  protected constructor(scope: Construct, id: string, spec: ObjectSpec, props: ClickHouseObjectProps = {}) {
    super(scope, id);
    throwIfProblems(this, validateSpec(spec));
    this.spec = spec;
    this.stack = ClickHouseStack.of(this);
    this.stack.register(this);
    this.removalPolicy = props.removalPolicy ?? 'retain';
    const type = resourceTypeOf(spec.kind);
    this.resource = new ClickHouseTerraformResource(this, 'resource', {
      type: type.typeName,
      attributes: {
        ...type.fromSpec(spec as never),
        removal_policy: this.removalPolicy,
        allow_destructive: props.allowDestructive ?? this.stack.settings.allowDestructive,
      },
      definitions: allAttributes(type),
      provider: this.stack.provider,
    });
    if (props.adopt ?? this.stack.props.adoptExisting) this.resource.importFrom(idOf(spec), this.stack.provider);
    this.addDependency(...(props.dependsOn ?? []));
    linkDictionaryDependencies(this, this.stack.clickhouseObjects);
  }

  /** Objects this one needs to exist first (depends_on). */
  addDependency(...others: ClickHouseObject[]): void {
    for (const o of others) {
      const deps = this.resource.dependsOn ?? [];
      // Plain "type.name": depends_on takes static references, not interpolations.
      if (!deps.includes(o.resource.address)) this.resource.dependsOn = [...deps, o.resource.address];
    }
  }
}
