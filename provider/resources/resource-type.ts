// What a resource type of the provider is: its schema (attributes), and the two conversions
// between Terraform values and the project's specs (sql/ model). The same spec type describes
// the desired object (from config) and the live one (from introspection), so the provider's
// Read, Plan and Apply are the drift check's diff, not a second comparison.
import type { ReasonCode } from '../../sql/spec/changes';
import type { ObjectSpec } from '../../sql/spec/model';
import { TfObject } from '../protocol/dynamic-value';
import { AttrDef } from '../schema/attributes';

export type RemovalPolicy = 'retain' | 'destroy';

/** Attributes every resource type has besides its own. */
export const COMMON_ATTRIBUTES: readonly AttrDef[] = [
  { name: 'id', type: 'string', computed: true, description: 'Identity of the object: "db.table", or the name of a database or access entity.' },
  {
    name: 'removal_policy',
    type: 'string',
    optional: true,
    computed: true,
    description:
      'What deleting this resource does on the server: "retain" (default: Terraform forgets it, nothing is dropped) or "destroy" (DROP, refused for a table that holds rows unless allow_destructive).',
  },
  {
    name: 'allow_destructive',
    type: 'bool',
    optional: true,
    computed: true,
    description:
      'Let apply run destructive statements for this object (DROP COLUMN, narrowing types, rebuilds, dropping a table with rows). Default false: such changes fail the plan with a hint. An empty table (no rows) may be dropped, or have a column dropped or narrowed, without it.',
  },
  {
    name: 'planned_sql',
    type: 'string',
    computed: true,
    description: 'The exact statements apply runs (in plan), and after apply the statements of the last change. Passwords appear as placeholders.',
  },
  {
    name: 'planned_cost',
    type: 'string',
    computed: true,
    description:
      'What the planned statements cost on the server, one line per change, by class: metadata only, rewrites a column in every part, rewrites every part, rebuilds the object, drops data (the rows, bytes and parts it touches are in a plan warning); kept after apply like planned_sql.',
  },
  {
    name: 'drift',
    type: 'string',
    computed: true,
    description:
      'Reason codes of differences between the server and the state found by the last refresh (e.g. "missing_column, ttl_changed"); empty when in sync.',
  },
];

export const META_ATTRIBUTES = ['id', 'removal_policy', 'allow_destructive', 'planned_sql', 'planned_cost', 'drift'] as const;

export interface ResourceType<S extends ObjectSpec = ObjectSpec> {
  /** Terraform resource type name, e.g. 'clickhouse_table'. */
  readonly typeName: string;
  readonly kind: S['kind'];
  readonly description: string;
  /** The type's own attributes (COMMON_ATTRIBUTES are added to the schema). */
  readonly attributes: readonly AttrDef[];
  /** The spec an attribute value (config or state) declares. */
  toSpec(attrs: TfObject): S;
  /** The type's own attribute values of a spec (unset ones absent or null). */
  fromSpec(spec: S): TfObject;
  /** The identity of an object from an import id, as a spec with only its identity fields meaningful. */
  identityFromImportId(id: string): Pick<S, 'kind'> & Record<string, unknown>;
  /** Which of the type's attributes each reason code is about (for showing drift on the right attribute). */
  readonly reasonAttributes: Partial<Record<ReasonCode, readonly string[]>>;
  /** Attributes that make ClickHouse rebuild the object when they change (RequiresReplace when the rebuild is allowed). */
  readonly rebuildAttributes?: readonly string[];
  /**
   * Attributes that change how the object is compared, not what it is (ignore_undeclared): a plan
   * takes their config value even when the server needs no SQL, so the state remembers the rule.
   */
  readonly ruleAttributes?: readonly string[];
}

/** The ignore_undeclared attribute of a resource type whose undeclared attributes may be left to the server. */
export function ignoreUndeclaredAttribute(accepted: readonly string[]): AttrDef {
  return {
    name: 'ignore_undeclared',
    type: ['list', 'string'],
    optional: true,
    description:
      `Attributes that, when not set here, are not compared with the server (a value set by hand is then not drift): ${accepted.map((a) => `"${a}"`).join(', ')}. ` +
      'Default: none, every attribute is compared; an attribute not set means the server default (no comment; table settings as in system.merge_tree_settings).',
  };
}
