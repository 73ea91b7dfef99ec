// Building resource states and plans from specs, and the semantic-equality rules that make the
// plan show a change exactly when the diff finds one:
// - Read keeps an attribute's prior text when the server is semantically equal to it (so
//   `INTERVAL 90 DAY` in config does not flip to the server's `toIntervalDay(90)`), and takes the
//   server's value for the attributes a change is about (so drift is visible where it is).
// - Plan keeps the prior value of an attribute that no change is about (Terraform allows a
//   provider to return the prior value when config is functionally equal), and the config value
//   of every attribute a change is about. No changes: the plan is the refreshed state, a no-op.
import { Change, ReasonCode } from '../sql/spec/changes';
import { describeReasons } from '../sql/report/plan';
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

/**
 * Meta attributes as `values` (config when planning, the state when deleting) set them, else the
 * default: an attribute removed from config goes back to its default, it does not keep the state's.
 */
export function resolveMeta(values: TfObject | null): Meta {
  const policy = values?.removal_policy === 'destroy' ? 'destroy' : 'retain';
  const allow = values?.allow_destructive === true;
  return { removalPolicy: policy, allowDestructive: allow };
}

/** The id attribute of an object: "db.name" or the name. */
export function idOf(spec: ObjectSpec): string {
  switch (spec.kind) {
    case 'table':
    case 'materialized_view':
    case 'view':
    case 'dictionary':
      return `${spec.database}.${spec.name}`;
    case 'grant':
      return spec.grantee;
    case 'row_policy':
      return `${spec.name} ON ${spec.database}.${spec.table}`;
    default:
      return spec.name;
  }
}

/** A complete state value: the type's attributes from `own`, meta and computed ones as given. */
export function buildState(
  type: ResourceType,
  own: TfObject,
  meta: Meta,
  computed: { id: TfValue; planned_sql: TfValue; planned_cost: TfValue; drift: TfValue },
): TfObject {
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

export const unknownOr = (known: boolean, v: TfValue): TfValue => (known ? v : UNKNOWN);

/**
 * Private state: the canonical form (the server's printing) of the spec the state's attributes
 * declare, so Read can compare the server with the state without a formatter query per object.
 * Stored as patches over the state's own spec: only the leaves that print differently (a TTL's
 * `INTERVAL 90 DAY` as `toIntervalDay(90)`, say), usually a few dozen bytes. Terraform rewrites
 * the whole state after every resource it applies, so every byte per resource counts n times.
 */
type Patch = [path: (string | number)[], value: unknown];

function leafPatches(text: unknown, canon: unknown, path: (string | number)[], out: Patch[]): void {
  if (Array.isArray(text) && Array.isArray(canon) && text.length === canon.length) {
    canon.forEach((c, i) => leafPatches(text[i], c, [...path, i], out));
  } else if (text && canon && typeof text === 'object' && typeof canon === 'object' && !Array.isArray(text) && !Array.isArray(canon)) {
    const keys = new Set([...Object.keys(text), ...Object.keys(canon)]);
    for (const k of keys) leafPatches((text as Record<string, unknown>)[k], (canon as Record<string, unknown>)[k], [...path, k], out);
  } else if (JSON.stringify(text) !== JSON.stringify(canon)) {
    out.push([path, canon === undefined ? null : canon]);
  }
}

/** The private state of an object whose attributes declare `spec` and whose canonical form is `canonical`. */
export function encodePrivate(canonical: ObjectSpec, spec: ObjectSpec): Uint8Array {
  const p: Patch[] = [];
  leafPatches(spec, canonical, [], p);
  return Buffer.from(JSON.stringify({ v: 2, p }), 'utf8');
}

/** The canonical form of `spec` from its private state; undefined when there is none (or it is not ours). */
export function decodePrivate(bytes: Uint8Array | undefined, spec: ObjectSpec): ObjectSpec | undefined {
  if (!bytes || bytes.length === 0) return undefined;
  try {
    const stored = JSON.parse(Buffer.from(bytes).toString('utf8')) as { v?: number; p?: Patch[] };
    if (stored.v !== 2 || !Array.isArray(stored.p)) return undefined;
    const out = JSON.parse(JSON.stringify(spec)) as Record<string | number, unknown>;
    for (const [path, value] of stored.p) {
      let at = out;
      for (const key of path.slice(0, -1)) at = (at[key] ??= typeof key === 'number' ? [] : {}) as Record<string | number, unknown>;
      const last = path[path.length - 1];
      if (value === null) delete at[last];
      else at[last] = value;
    }
    return out as unknown as ObjectSpec;
  } catch {
    return undefined;
  }
}
