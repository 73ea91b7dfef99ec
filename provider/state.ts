// Building resource states and plans from specs, and the semantic-equality rules that make the
// plan show a change exactly when the diff finds one:
// - Read keeps an attribute's prior text when the server is semantically equal to it (so
//   `INTERVAL 90 DAY` in config does not flip to the server's `toIntervalDay(90)`), and takes the
//   server's value for the attributes a change is about (so drift is visible where it is).
// - Plan keeps the prior value of an attribute that no change is about (Terraform allows a
//   provider to return the prior value when config is functionally equal), and the config value
//   of every attribute a change is about. No changes: the plan is the refreshed state, a no-op.
import { Change, ReasonCode } from '../sql/spec/changes';
import { ObjectSpec } from '../sql/spec/model';
import { TfObject, TfValue, UNKNOWN } from './protocol/dynamic-value';
import { AttrDef, complete, sameValue } from './schema/attributes';
import { COMMON_ATTRIBUTES, RemovalPolicy, ResourceType } from './resources/resource-type';

export interface Meta {
  readonly removalPolicy: RemovalPolicy;
  readonly allowDestructive: boolean;
}

export function allAttributes(type: ResourceType): readonly AttrDef[] {
  return [...COMMON_ATTRIBUTES, ...type.attributes];
}

/** Meta attributes: the config's value, else the prior state's, else the default. */
export function resolveMeta(config: TfObject | null, prior: TfObject | null): Meta {
  const pick = <T>(name: string, ok: (v: TfValue) => v is T & TfValue, fallback: T): T => {
    const c = config?.[name];
    if (c !== undefined && c !== null && ok(c)) return c;
    const p = prior?.[name];
    if (p !== undefined && p !== null && ok(p)) return p;
    return fallback;
  };
  const policy = pick('removal_policy', (v): v is RemovalPolicy => v === 'retain' || v === 'destroy', 'retain' as RemovalPolicy);
  const allow = pick<boolean>('allow_destructive', (v): v is boolean => typeof v === 'boolean', false);
  return { removalPolicy: policy, allowDestructive: allow };
}

/** The id attribute of an object: "db.name" or the name. */
export function idOf(spec: ObjectSpec): string {
  switch (spec.kind) {
    case 'table':
    case 'materialized_view':
      return `${spec.database}.${spec.name}`;
    case 'grant':
      return spec.grantee;
    default:
      return spec.name;
  }
}

/** A complete state value: the type's attributes from `own`, meta and computed ones as given. */
export function buildState(type: ResourceType, own: TfObject, meta: Meta, computed: { id: TfValue; planned_sql: TfValue; drift: TfValue }): TfObject {
  return complete(allAttributes(type), { ...own, removal_policy: meta.removalPolicy, allow_destructive: meta.allowDestructive, ...computed });
}

/** The type's attributes each change is about. */
export function attributesOf(type: ResourceType, changes: readonly Change[]): Set<string> {
  const out = new Set<string>();
  for (const c of changes) for (const a of type.reasonAttributes[c.reason as ReasonCode] ?? []) out.add(a);
  return out;
}

/**
 * Read's result when the server differs from the prior state: the server's values for the
 * attributes the changes are about, the prior ones elsewhere, and `drift` naming the reasons.
 */
export function mergeLive(type: ResourceType, prior: TfObject, live: ObjectSpec, changes: readonly Change[]): TfObject {
  const liveAttrs = type.fromSpec(live as never);
  const touched = attributesOf(type, changes);
  const own: TfObject = {};
  for (const a of type.attributes) own[a.name] = touched.has(a.name) ? (liveAttrs[a.name] ?? null) : (prior[a.name] ?? null);
  // Write-only values are never in state.
  for (const a of type.attributes) if (a.writeOnly) own[a.name] = null;
  return complete(allAttributes(type), { ...prior, ...own, drift: describeReasons(changes) });
}

/**
 * Plan's own attributes: config where a change is about the attribute or where config and prior
 * cannot be reconciled; prior where config is set and no change is about it.
 */
export function plannedOwn(type: ResourceType, config: TfObject, prior: TfObject | null, changes: readonly Change[]): TfObject {
  const touched = attributesOf(type, changes);
  const rules = new Set(type.ruleAttributes ?? []);
  const own: TfObject = {};
  for (const a of type.attributes) {
    const c = config[a.name] ?? null;
    const p = prior?.[a.name] ?? null;
    if (a.writeOnly) own[a.name] = null;
    else if (!touched.has(a.name) && !rules.has(a.name) && prior && c !== null && p !== null) own[a.name] = p;
    else own[a.name] = c;
  }
  return own;
}

/** The rule attributes (ResourceType.ruleAttributes) whose config value differs from the prior state's. */
export function changedRules(type: ResourceType, config: TfObject, prior: TfObject): TfObject {
  const out: TfObject = {};
  for (const name of type.ruleAttributes ?? []) if (!sameValue(config[name], prior[name])) out[name] = config[name] ?? null;
  return out;
}

/** Whether the type's own attributes of two values are equal as text. */
export function sameOwn(type: ResourceType, a: TfObject, b: TfObject): boolean {
  return type.attributes.every((d) => d.writeOnly || sameValue(a[d.name], b[d.name]));
}

export function describeReasons(changes: readonly Change[]): string {
  return [...new Set(changes.map((c) => (c.host ? `${c.reason}@${c.host}` : c.reason)))].join(', ');
}

export const unknownOr = (known: boolean, v: TfValue): TfValue => (known ? v : UNKNOWN);

/** Private state: the canonical spec the object was last applied (or imported, or read) with. */
export interface PrivateState {
  readonly v: 1;
  readonly canonical: ObjectSpec;
}

export function encodePrivate(p: PrivateState): Uint8Array {
  return Buffer.from(JSON.stringify(p), 'utf8');
}

export function decodePrivate(bytes: Uint8Array | undefined): PrivateState | undefined {
  if (!bytes || bytes.length === 0) return undefined;
  try {
    const p = JSON.parse(Buffer.from(bytes).toString('utf8')) as PrivateState;
    return p && p.v === 1 && p.canonical ? p : undefined;
  } catch {
    return undefined;
  }
}
